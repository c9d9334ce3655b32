import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { getSettings, saveSettings, type PanelSettings } from './index';

const webhook = z
  .object({
    id: z.string().min(1).max(64),
    url: z
      .string()
      .url('must be a URL')
      .max(2000)
      .refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL'),
    format: z.enum(['json', 'discord', 'slack', 'ntfy']).default('json'),
    enabled: z.boolean().default(true),
  })
  .strict();

const range = (min: number, max: number) =>
  z.number('must be a number').int('must be a whole number').min(min, `must be at least ${min}`).max(max, `must be at most ${max}`);
const flag = z.boolean('must be true or false');

/** `PATCH /api/settings`: any subset of the fields; notifications may be given in part. Unknown fields are 400. */
export const settingsPatchSchema = z
  .object({
    // The same bounds as lib/settings/schema.ts, with messages for the form.
    syncIntervalHours: range(0, 168).optional(),
    liveLingerMs: range(0, 600_000).nullable().optional(),
    requestLogRetentionDays: range(1, 365).optional(),
    auditRetentionDays: range(1, 3650).optional(),
    fallbackVideo: flag.optional(),
    hdhrTunerCount: range(1, 64).nullable().optional(),
    proxyArtworkInLists: flag.optional(),
    seriesEpisodes: z.enum(['sync', 'on_demand'], 'must be sync or on_demand').optional(),
    notifications: z
      .object({
        webhooks: z.array(webhook).max(20).optional(),
        expiryWarningDays: range(1, 90).optional(),
        guideStaleHours: range(1, 720).optional(),
        cooldownMinutes: range(1, 10_080).optional(),
        limitHitsThreshold: range(1, 10_000).optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: 'give at least one setting', path: ['_'] });

export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

/** Applies a validated patch to the stored settings; the new document applies at once (and on other replicas). */
export async function patchSettings(patch: SettingsPatch): Promise<PanelSettings> {
  const current = await getSettings();
  const { notifications, ...rest } = patch;
  const next = { ...current, ...rest, notifications: { ...current.notifications, ...(notifications ?? {}) } };
  const ids = next.notifications.webhooks.map((w) => w.id);
  if (new Set(ids).size !== ids.length) {
    throw new AppError('validation_failed', 'notifications.webhooks: ids must be unique', { 'notifications.webhooks': 'ids must be unique' });
  }
  return saveSettings(next as PanelSettings);
}

/** Webhook URLs carry their own secret (Discord, Slack): viewers see only the host. */
export function settingsForViewer(s: PanelSettings): PanelSettings {
  return {
    ...s,
    notifications: {
      ...s.notifications,
      webhooks: s.notifications.webhooks.map((w) => {
        let host = '';
        try {
          host = new URL(w.url).host;
        } catch {
          host = 'invalid';
        }
        return { ...w, url: `https://${host}/…` };
      }),
    },
  };
}
