import { getEnv } from '@/lib/env';
import { logger } from '@/lib/monitor/logger';
import { RETENTION } from '@/lib/monitor/request-log';
import { hubSettings } from '@/lib/relay/live-hub';
import { sharedState } from '@/lib/shared-state/current';
import { processState } from '@/lib/state';
import { getSettings, invalidateSettings, onSettingsSaved, type PanelSettings } from '@/lib/settings';

const REREAD_MS = 15_000;

/** Puts settings into the parts that hold them in memory (live linger, request-log retention). */
export function applySettings(s: PanelSettings): void {
  hubSettings.lingerMs = s.liveLingerMs ?? getEnv().LIVE_LINGER_MS;
  RETENTION.days = s.requestLogRetentionDays;
}

const refresh = () =>
  getSettings().then(applySettings, (err: unknown) => logger.warn({ err: (err as Error).message }, 'could not read panel settings'));

/**
 * Settings apply without a restart: at once after a save here, at once on a `settings` notice from
 * another replica (Redis), and at worst within REREAD_MS (no Redis, a lost notice). Other settings
 * (sync schedule, notifications, fallback video) are read where they are used, through getSettings().
 */
export function followSettings(): void {
  processState('settingsFollower', () => {
    onSettingsSaved(applySettings);
    sharedState()?.bus.on((n) => {
      if (n.t !== 'settings') return;
      invalidateSettings();
      void refresh();
    });
    setInterval(() => void refresh(), REREAD_MS).unref();
    void refresh();
    return true;
  });
}
