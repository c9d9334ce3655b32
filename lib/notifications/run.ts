import { claimNotification, releaseNotification } from '@/db/queries/notification-state';
import { AppError } from '@/lib/errors';
import { getSettings } from '@/lib/settings';
import { currentEvents } from './checks';
import { deliverAll, type Delivery } from './deliver';
import { panelEvent, type PanelEvent } from './events';

/**
 * One round: every current event whose key is out of its cool-down is claimed (in the database, so
 * replicas agree) and posted to the enabled webhooks. When no webhook took it, the claim is given
 * back and the next round tries again. Answers what was sent.
 */
export async function runNotificationChecks(): Promise<{ sent: PanelEvent[]; failed: PanelEvent[] }> {
  const { notifications } = await getSettings();
  const hooks = notifications.webhooks.filter((h) => h.enabled);
  if (hooks.length === 0) return { sent: [], failed: [] };
  const sent: PanelEvent[] = [];
  const failed: PanelEvent[] = [];
  for (const event of await currentEvents(notifications)) {
    if (!(await claimNotification(event.key, notifications.cooldownMinutes))) continue;
    const results = await deliverAll(event, hooks);
    if (results.some((r) => r.ok)) sent.push(event);
    else {
      failed.push(event);
      await releaseNotification(event.key);
    }
  }
  return { sent, failed };
}

/** The "send test" button: one test event to the given webhook (or all enabled ones), no cool-down. */
export async function sendTestNotification(webhookId?: string): Promise<{ deliveries: Delivery[] }> {
  const { notifications } = await getSettings();
  const hooks = webhookId ? notifications.webhooks.filter((h) => h.id === webhookId).map((h) => ({ ...h, enabled: true })) : notifications.webhooks.filter((h) => h.enabled);
  if (webhookId && hooks.length === 0) throw new AppError('not_found', 'No such webhook');
  if (hooks.length === 0) throw new AppError('validation_failed', 'webhooks: add and enable a webhook first', { webhooks: 'add and enable a webhook first' });
  const event = panelEvent({
    key: 'test',
    type: 'test',
    severity: 'info',
    title: 'Test notification',
    message: 'NeroPanel can reach this webhook.',
    details: {},
  });
  return { deliveries: await deliverAll(event, hooks) };
}
