/**
 * Where to go after sign-in: only a path on this origin. Browsers drop tabs and newlines from URLs and
 * read '\' as '/', so '/%09/evil.example' or '/\evil' would leave the site; such values, scheme-relative
 * and absolute URLs all become '/'. Imported by the login form, so nothing here needs Node.
 */
export function safeCallbackPath(raw: string | null | undefined): string {
  if (!raw || !raw.startsWith('/')) return '/';
  if (/[\u0000-\u001f\u007f\\]/.test(raw) || /^\/[/\s]/.test(raw)) return '/';
  const base = 'http://panel.invalid';
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    return '/';
  }
  if (url.origin !== base) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}
