import { logger } from '@/lib/monitor/logger';
import { processState } from '@/lib/state';

type Hook = () => void | Promise<void>;

// Work that must end cleanly when the process is asked to stop (a running sync marks its job) registers
// here; the server entry calls shutdownPanel() from its SIGTERM / SIGINT handler before it exits.
// Two phases: `first` hooks run when the stop begins (a sync stops at its next batch); `last` hooks run
// once the server has closed every connection (the request log is flushed with the streams' last
// entries, Redis leases are given back).
type Phase = 'first' | 'last';
const state = processState('shutdown', () => ({
  hooks: new Map<string, Hook>(),
  lastHooks: new Map<string, Hook>(),
  stopping: undefined as Promise<ShutdownReport> | undefined,
  finishing: undefined as Promise<ShutdownReport> | undefined,
}));

export interface ShutdownReport {
  /** Hooks that finished (or failed) before the deadline. */
  done: string[];
  /** Hooks still running at the deadline; the process exits without them. */
  late: string[];
}

/** Registers `fn` under `name` (a later registration of the same name replaces it); returns the unregister. */
export function onShutdown(name: string, fn: Hook, phase: Phase = 'first'): () => void {
  const hooks = phase === 'first' ? state.hooks : state.lastHooks;
  hooks.set(name, fn);
  return () => {
    if (hooks.get(name) === fn) hooks.delete(name);
  };
}

/** True once shutdownPanel() was called: new long work should not start. */
export function shuttingDown(): boolean {
  return state.stopping !== undefined;
}

/**
 * Runs every registered hook at once and resolves when all have finished or `deadlineMs` has passed,
 * whichever is first. Calling it again returns the same run.
 */
export function shutdownPanel(deadlineMs = 5_000): Promise<ShutdownReport> {
  state.stopping ??= runHooks(state.hooks, deadlineMs);
  return state.stopping;
}

/** The last phase, after the server closed its connections: same rules as shutdownPanel. */
export function finishShutdown(deadlineMs = 2_000): Promise<ShutdownReport> {
  state.stopping ??= Promise.resolve({ done: [], late: [] });
  state.finishing ??= runHooks(state.lastHooks, deadlineMs);
  return state.finishing;
}

function runHooks(hooks: Map<string, Hook>, deadlineMs: number): Promise<ShutdownReport> {
  return (async () => {
    const entries = [...hooks.entries()];
    hooks.clear();
    const done: string[] = [];
    const finished = Promise.all(
      entries.map(async ([name, fn]) => {
        try {
          await fn();
        } catch (err) {
          logger.error({ err, hook: name }, 'shutdown step failed');
        }
        done.push(name);
      }),
    );
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([finished, new Promise((r) => (timer = setTimeout(r, deadlineMs)))]);
    clearTimeout(timer);
    const late = entries.map(([name]) => name).filter((name) => !done.includes(name));
    if (late.length) logger.warn({ late, deadlineMs }, 'shutdown deadline passed; exiting without these steps');
    return { done, late };
  })();
}

/** Tests: forget a finished shutdown so the process can be "started" again. */
export function resetShutdown(): void {
  state.stopping = undefined;
  state.finishing = undefined;
  state.hooks.clear();
  state.lastHooks.clear();
}
