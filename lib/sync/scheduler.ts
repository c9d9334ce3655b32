import { listUpstreamsDueForSync } from '@/db/queries/upstream-servers';
import { logger } from '@/lib/monitor/logger';
import { getSettings } from '@/lib/settings';
import { processState } from '@/lib/state';
import { closeOrphanedSyncJobs, requestSync } from './request-sync';

const TICK_MS = 60_000;
const FIRST_TICK_MS = 30_000;

/**
 * Starts scheduled syncs (the shorter of the upstream's interval and the syncIntervalHours setting, read
 * at every tick so a change applies without a restart), and closes jobs a stopped process left
 * running (start-up does so too). The first look happens after start-up has finished, and the timers
 * never keep the process alive.
 */
export function startSyncScheduler(): void {
  const state = processState('syncScheduler', () => ({ started: false }));
  if (state.started) return;
  state.started = true;
  const tick = async () => {
    try {
      await closeOrphanedSyncJobs();
      const { syncIntervalHours } = await getSettings();
      for (const id of await listUpstreamsDueForSync(syncIntervalHours * 60)) await requestSync(id, 'schedule').catch(() => undefined);
    } catch (err) {
      logger.warn({ err }, 'sync scheduler tick failed');
    }
  };
  setTimeout(() => {
    void tick();
    setInterval(() => void tick(), TICK_MS).unref();
  }, FIRST_TICK_MS).unref();
}
