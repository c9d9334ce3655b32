import { logger } from '@/lib/monitor/logger';
import type { PanelSettings } from '@/lib/settings';
import type { PanelEvent } from './events';
import { formatEvent } from './formats';

type Webhook = PanelSettings['notifications']['webhooks'][number];

export interface Delivery {
  webhookId: string;
  ok: boolean;
  status?: number;
  error?: string;
}

const TIMEOUT_MS = 5_000;

/** Posts one event to one webhook; never throws. The URL is not logged (it often is the secret). */
export async function deliver(event: PanelEvent, hook: Webhook): Promise<Delivery> {
  const { headers, body } = formatEvent(event, hook.format);
  try {
    const res = await fetch(hook.url, { method: 'POST', headers: { 'user-agent': 'NeroPanel', ...headers }, body, signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'manual' });
    await res.arrayBuffer().catch(() => undefined);
    if (!res.ok) logger.warn({ webhook: hook.id, status: res.status, event: event.type }, 'webhook refused a notification');
    return { webhookId: hook.id, ok: res.ok, status: res.status };
  } catch (err) {
    const error = (err as Error).name === 'TimeoutError' ? 'timed out' : 'could not connect';
    logger.warn({ webhook: hook.id, event: event.type, error }, 'webhook delivery failed');
    return { webhookId: hook.id, ok: false, error };
  }
}

/** Posts to every enabled webhook at once. */
export function deliverAll(event: PanelEvent, hooks: Webhook[]): Promise<Delivery[]> {
  return Promise.all(hooks.filter((h) => h.enabled).map((h) => deliver(event, h)));
}
