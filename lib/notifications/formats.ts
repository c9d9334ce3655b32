import type { PanelEvent } from './events';

export type WebhookFormat = 'json' | 'discord' | 'slack' | 'ntfy';

export interface WebhookRequest {
  headers: Record<string, string>;
  body: string;
}

const ICON: Record<PanelEvent['severity'], string> = { info: 'ℹ️', warning: '⚠️', critical: '🚨' };
const NTFY_PRIORITY: Record<PanelEvent['severity'], string> = { info: '3', warning: '4', critical: '5' };

/** The request body each receiver understands: our JSON, a Discord message, a Slack message, an ntfy notification. */
export function formatEvent(event: PanelEvent, format: WebhookFormat): WebhookRequest {
  const json = { 'content-type': 'application/json' };
  switch (format) {
    case 'discord':
      return { headers: json, body: JSON.stringify({ username: 'NeroPanel', content: `${ICON[event.severity]} **${event.title}**\n${event.message}`.slice(0, 2000) }) };
    case 'slack':
      return { headers: json, body: JSON.stringify({ text: `${ICON[event.severity]} *${event.title}*\n${event.message}` }) };
    case 'ntfy':
      // ntfy takes the message as the body and the rest as headers (header values must be ASCII).
      return {
        headers: { 'content-type': 'text/plain; charset=utf-8', title: asciiHeader(`NeroPanel: ${event.title}`), priority: NTFY_PRIORITY[event.severity], tags: event.type },
        body: event.message,
      };
    default:
      return { headers: json, body: JSON.stringify({ source: 'neropanel', ...event }) };
  }
}

function asciiHeader(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, '?').slice(0, 200);
}
