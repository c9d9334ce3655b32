import type { IncomingMessage, ServerResponse } from 'node:http';
import { Counter } from 'prom-client';
import { metrics } from '@/lib/monitor/metrics';
import { fallbackClip, playFallbackVideo } from '@/lib/relay/fallback-video';
import { cachedSettings, hotSettings } from '@/lib/settings';
import { processState } from '@/lib/state';
import { noteRequestAction } from './request-log';

/** Why a live `.ts` request could not be served. */
export type LiveRefusal = 'account_limit' | 'upstream_full' | 'sources_failed';

const served = processState(
  'fallbackVideoCounter',
  () => new Counter({ name: 'neropanel_fallback_video_total', help: 'Refused live requests answered with the fallback video', labelNames: ['reason'] as const, registers: [metrics] }),
);

async function fallbackOn(): Promise<boolean> {
  try {
    return (await hotSettings()).fallbackVideo; // the database away: the last known setting
  } catch {
    return cachedSettings().fallbackVideo; // never read and the database away: the default
  }
}

/**
 * A live `.ts` request the panel cannot serve (XTREAM.md §5): with the fallback setting on, 200 and
 * the looping "unavailable" card for up to a minute (the request log keeps the reason in its action:
 * `stream:live fallback:<reason>`); off, or for HEAD, the status and message as they are.
 */
export async function refuseLive(req: IncomingMessage, res: ServerResponse, status: number, message: string, reason: LiveRefusal): Promise<void> {
  const clip = req.method !== 'HEAD' && !res.headersSent && (await fallbackOn()) ? fallbackClip() : null;
  if (!clip) {
    if (!res.headersSent) res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(`${message}\n`);
    return;
  }
  noteRequestAction(req, `stream:live fallback:${reason}`);
  served.inc({ reason });
  await playFallbackVideo(res, clip, { 'X-NeroPanel-Fallback': reason });
}
