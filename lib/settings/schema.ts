import { z } from 'zod';

/**
 * Panel settings an admin changes at run time (`GET/PATCH /api/settings`), stored as one JSON
 * document in `app_settings` under `panel_settings`. Every field has a default, so a new panel and
 * an old document both read as a complete object. Environment variables stay the start-up
 * configuration; where both exist (linger), the setting wins once an admin has saved one.
 */
export const settingsSchema = z.object({
  /** Hours between scheduled syncs of each active upstream; 0 turns the schedule off. */
  syncIntervalHours: z.number().int().min(0).max(168).default(24),
  /** How long a live hub keeps its upstream connection after the last viewer leaves (ms); null = env LIVE_LINGER_MS. */
  liveLingerMs: z.number().int().min(0).max(600_000).nullable().default(null),
  /** Days of player request log kept. */
  requestLogRetentionDays: z.number().int().min(1).max(365).default(7),
  /** Days of audit log kept. */
  auditRetentionDays: z.number().int().min(1).max(3650).default(90),
  /** A refused live `.ts` request gets a short looping "unavailable" video instead of 503/429. */
  fallbackVideo: z.boolean().default(true),
  /** HDHomeRun TunerCount; null = the account's connection limit (unlimited accounts: 4). */
  hdhrTunerCount: z.number().int().min(1).max(64).nullable().default(null),
  /** Player lists point stream_icon/cover at the panel's /img cache instead of provider hosts. */
  proxyArtworkInLists: z.boolean().default(false),
  /**
   * When series' episodes are fetched from the providers: `sync` = every new or changed series in the
   * sync's episode phase (one get_series_info each, so get.php lists every episode from the first sync);
   * `on_demand` = only when a player asks get_series_info (XTREAM.md §7), which keeps a sync of a big
   * catalog to its lists (55k series are 55k requests) and get.php lists the episodes fetched so far.
   */
  seriesEpisodes: z.enum(['sync', 'on_demand']).default('sync'),
  notifications: z
    .object({
      webhooks: z
        .array(
          z.object({
            id: z.string().min(1).max(64),
            url: z.string().url().max(2000),
            format: z.enum(['json', 'discord', 'slack', 'ntfy']).default('json'),
            enabled: z.boolean().default(true),
          }),
        )
        .max(20)
        .default([]),
      expiryWarningDays: z.number().int().min(1).max(90).default(7),
      guideStaleHours: z.number().int().min(1).max(720).default(48),
      cooldownMinutes: z.number().int().min(1).max(10_080).default(360),
      limitHitsThreshold: z.number().int().min(1).max(10_000).default(20),
    })
    .default({ webhooks: [], expiryWarningDays: 7, guideStaleHours: 48, cooldownMinutes: 360, limitHitsThreshold: 20 }),
});

export type PanelSettings = z.infer<typeof settingsSchema>;

export const defaultSettings = (): PanelSettings => settingsSchema.parse({});
