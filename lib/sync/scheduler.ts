import { listUpstreamsDueForSync } from '@/db/queries/upstream-servers';
import { logger } from '@/lib/monitor/logger';
import { getSettings } from '@/lib/settings';
import { processState } from '@/lib/state';
import { refreshDueSources } from '@/lib/epg/sources';
import { closeOrphanedSyncJobs, requestSync } from './request-sync';

const TICK_MS = 60_000;
const FIRST_TICK_MS = 30_000;

/**
 * Starts scheduled syncs (the shorter of the upstream's interval and the syncIntervalHours setting, read
 * at every tick so a change applies without a restart) and guide source refreshes (per-source
 * interval), and closes jobs a stopped process left
 * running (start-up does so too). The first look happens after start-up has finished, and the timers
 * never keep the process alive.
 */
export function startSyncScheduler(): void {
  const state = processState('syncScheduler', () => ({ started: false, guidesRunning: false }));
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
    // Guide sources on their own interval (upstreams' own guides refresh with their sync). A slow
    // guide must not delay the next tick's syncs: it runs beside them, one refresh at a time.
    if (!state.guidesRunning) {
      state.guidesRunning = true;
      void refreshDueSources()
        .catch((err) => logger.warn({ err }, 'guide source refresh failed'))
        .finally(() => (state.guidesRunning = false));
    }
  };
  setTimeout(() => {
    void tick();
    setInterval(() => void tick(), TICK_MS).unref();
  }, FIRST_TICK_MS).unref();
}
