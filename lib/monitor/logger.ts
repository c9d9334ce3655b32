import pino from 'pino';
import { logLevel } from '@/lib/env';
import { processState } from '@/lib/state';

// Secrets never reach a log line, whatever object a caller passes.
const REDACT = ['password', '*.password', 'passwordHash', '*.passwordHash', 'password_encrypted', '*.password_encrypted', 'authorization', '*.authorization', 'cookie', '*.cookie'];

// Log lines go to stdout; taps let tests read exactly what would be written.
const taps = processState('logTaps', () => new Set<(line: string) => void>());
const sink = {
  write(line: string) {
    for (const tap of taps) tap(line);
    process.stdout.write(line);
  },
};

export const logger = processState('logger', () =>
  pino(
    {
      level: logLevel(),
      redact: { paths: REDACT, censor: '***' },
      base: { app: 'neropanel' },
    },
    sink,
  ),
);

export function tapLogs(tap: (line: string) => void): () => void {
  taps.add(tap);
  return () => taps.delete(tap);
}

/** Masks credentials in an Xtream URL (`/live/u/p/1.ts`, `?password=`) before it is logged or shown. */
export function maskCredentials(url: string): string {
  return url
    .replace(/([?&]password=)[^&#]*/gi, '$1***')
    .replace(/\/(live|movie|series|timeshift)\/([^/]+)\/([^/]+)\//, '/$1/$2/***/');
}
