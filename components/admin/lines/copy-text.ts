import { toast } from 'sonner';

/**
 * Copies `text` and toasts the outcome. The Clipboard API only exists in secure contexts, and a
 * self-hosted panel is often opened over plain http on a LAN address, hence the execCommand fallback.
 * `near` keeps the helper textarea inside an open dialog, whose focus trap would steal focus otherwise.
 */
export async function copyText(text: string, near?: Element | null): Promise<boolean> {
  let copied = false;
  if (typeof navigator !== 'undefined' && navigator.clipboard && window.isSecureContext) {
    copied = await navigator.clipboard.writeText(text).then(
      () => true,
      () => false,
    );
  }
  if (!copied) copied = copyWithSelection(text, near ?? document.body);
  if (copied) toast.success('Copied');
  else toast.error('Could not copy. Select the text and copy it by hand.');
  return copied;
}

function copyWithSelection(text: string, container: Element): boolean {
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  area.style.pointerEvents = 'none';
  container.appendChild(area);
  area.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  } finally {
    area.remove();
  }
}
