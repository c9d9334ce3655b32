import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { logger } from '@/lib/monitor/logger';
import { processState } from '@/lib/state';
import { clipPass, indexClip, type LoopableClip } from './ts-retime';

// The "Channel unavailable" card (assets/fallback/unavailable.mpegts, made by
// scripts/make-fallback-video.sh): played in a loop, in real time, with continuous timestamps, to a
// live .ts request the panel would otherwise refuse, so players show a picture instead of an error.

export const fallbackVideoSettings = processState('fallbackVideoSettings', () => ({
  /** How long the card plays before the connection closes. */
  maxMs: 60_000,
  file: path.join(process.cwd(), 'assets', 'fallback', 'unavailable.mpegts'),
}));

const state = processState('fallbackVideoClip', () => ({ clip: undefined as LoopableClip | null | undefined }));

/** The indexed clip, read once; null when the file is missing or unreadable (then refusals keep their status). */
export function fallbackClip(): LoopableClip | null {
  if (state.clip === undefined) {
    try {
      state.clip = indexClip(readFileSync(fallbackVideoSettings.file));
    } catch (err) {
      logger.warn({ err, file: fallbackVideoSettings.file }, 'fallback video unavailable: refused streams get their status code');
      state.clip = null;
    }
  }
  return state.clip;
}

/**
 * Answers 200 and plays the card: one pass at once (players start fast), then each next pass when the
 * one before has played out, until `maxMs` or the client leaves. Resolves when the answer is over.
 */
export async function playFallbackVideo(res: ServerResponse, clip: LoopableClip, headers: Record<string, string> = {}): Promise<void> {
  res.writeHead(200, { 'Content-Type': 'video/mp2t', 'Cache-Control': 'no-store', ...headers });
  const started = Date.now();
  const passMs = (clip.loopTicks / 90_000) * 1000;
  const counters = new Map<number, number>();
  let closed = false;
  const onClose = () => (closed = true);
  res.once('close', onClose);
  try {
    for (let pass = 0; !closed; pass++) {
      // Pass n is due when n - 1 passes have played: the player keeps about one pass of lead.
      const wait = Math.min(started + Math.max(0, pass - 1) * passMs, started + fallbackVideoSettings.maxMs) - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      if (closed || Date.now() - started >= fallbackVideoSettings.maxMs) break;
      if (!res.write(clipPass(clip, pass, counters))) await drainOrClose(res);
    }
  } finally {
    res.off('close', onClose);
    if (!res.destroyed) res.end();
  }
}

/** Waits for the socket to take more, or to go away; leaves no listener behind (a pass may wait each loop). */
function drainOrClose(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
