import { format } from 'node:util';
import { logger } from '@/lib/monitor/logger';
import { processState } from '@/lib/state';

type ConsoleMethod = (...args: unknown[]) => void;

/**
 * Next (and libraries under it) report failures with console.error / console.warn: a message, then an
 * error whose stack spans many lines of stdout. Bridged, each call is one pino line: the error
 * serialised under `err` (its stack one field), the other arguments formatted into `msg`.
 * Idempotent; answers a function that puts the original methods back.
 */
export function bridgeConsoleToLogger(): () => void {
  const state = processState('consoleBridge', () => ({ original: undefined as { error: ConsoleMethod; warn: ConsoleMethod } | undefined }));
  if (!state.original) {
    state.original = { error: console.error, warn: console.warn };
    console.error = (...args: unknown[]) => write('error', args);
    console.warn = (...args: unknown[]) => write('warn', args);
  }
  return () => {
    if (!state.original) return;
    console.error = state.original.error;
    console.warn = state.original.warn;
    state.original = undefined;
  };
}

function write(level: 'error' | 'warn', args: unknown[]): void {
  const err = args.find((a): a is Error => a instanceof Error);
  const rest = args.filter((a) => a !== err);
  // Next prefixes some messages with its own marks and colours; keep the words.
  const text = stripAnsi(rest.length ? format(...rest) : '').replace(/^\s*⨯\s*/, '').trim();
  const msg = text || err?.message || `console.${level}`;
  if (err) logger[level]({ err, source: 'console' }, msg);
  else logger[level]({ source: 'console' }, msg);
}

const stripAnsi = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');
