import { logger } from '@/lib/monitor/logger';
import { processState } from '@/lib/state';

type Hook = () => void | Promise<void>;

// Work that must end cleanly when the process is asked to stop (a running sync marks its job) registers
// here; the server entry calls shutdownPanel() from its SIGTERM / SIGINT handler before it exits.
const state = processState('shutdown', () => ({ hooks: new Map<string, Hook>(), stopping: undefined as Promise<ShutdownReport> | undefined }));

export interface ShutdownReport {
  /** Hooks that finished (or failed) before the deadline. */
  done: string[];
  /** Hooks still running at the deadline; the process exits without them. */
  late: string[];
}

/** Registers `fn` under `name` (a later registration of the same name replaces it); returns the unregister. */
export function onShutdown(name: string, fn: Hook): () => void {
  state.hooks.set(name, fn);
  return () => {
    if (state.hooks.get(name) === fn) state.hooks.delete(name);
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
  state.stopping ??= (async () => {
    const entries = [...state.hooks.entries()];
    state.hooks.clear();
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
  return state.stopping;
}

/** Tests: forget a finished shutdown so the process can be "started" again. */
export function resetShutdown(): void {
  state.stopping = undefined;
  state.hooks.clear();
}
