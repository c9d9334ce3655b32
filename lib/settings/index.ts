import { readJsonSetting, writeJsonSetting } from '@/db/queries/settings';
import { sharedState } from '@/lib/shared-state/current';
import { processState } from '@/lib/state';
import { defaultSettings, settingsSchema, type PanelSettings } from './schema';

export { defaultSettings, settingsSchema, type PanelSettings } from './schema';

const KEY = 'panel_settings';
// Settings are read on hot paths (a refused stream asks for the fallback flag): cached briefly, and
// dropped at once by `invalidateSettings()` after a write; other replicas drop theirs when the
// `settings` notice arrives over Redis (or within this TTL without Redis).
const TTL_MS = 5_000;

const state = processState('panelSettings', () => ({
  value: undefined as PanelSettings | undefined,
  readAt: 0,
  listeners: new Set<(s: PanelSettings) => void>(),
  refreshing: undefined as Promise<unknown> | undefined,
}));

/** Called after this process saves settings (timers that follow a setting re-arm here). */
export function onSettingsSaved(listener: (s: PanelSettings) => void): () => void {
  state.listeners.add(listener);
  return () => state.listeners.delete(listener);
}

const listenForChanges = () =>
  processState('panelSettingsNotices', () =>
    sharedState()?.bus.on((n) => {
      if (n.t === 'settings') invalidateSettings();
    }),
  );

/** The current settings, defaults filled in. A stored document that no longer parses reads as defaults. */
export async function getSettings(): Promise<PanelSettings> {
  listenForChanges();
  if (state.value && Date.now() - state.readAt < TTL_MS) return state.value;
  const parsed = settingsSchema.safeParse((await readJsonSetting(KEY)) ?? {});
  state.value = parsed.success ? parsed.data : defaultSettings();
  state.readAt = Date.now();
  return state.value;
}

/**
 * For the player surface: once read, the settings never wait on the database. A copy past its TTL is
 * answered as it is while one background read refreshes it; while the database is away (refused or
 * silent) the last known settings keep applying, so cached lists and logins answer as before. Only a
 * process that has never read them waits for the first read.
 */
export async function hotSettings(): Promise<PanelSettings> {
  if (!state.value) return getSettings();
  if (Date.now() - state.readAt >= TTL_MS && !state.refreshing) {
    const refresh = getSettings().catch(() => undefined);
    state.refreshing = refresh;
    void refresh.finally(() => {
      if (state.refreshing === refresh) state.refreshing = undefined;
    });
  }
  return state.value;
}

/** The last settings read, or defaults: for code that cannot wait (never blocks, never throws). */
export function cachedSettings(): PanelSettings {
  return state.value ?? defaultSettings();
}

/** Stores a complete, validated document and returns it. */
export async function saveSettings(next: PanelSettings): Promise<PanelSettings> {
  const value = settingsSchema.parse(next);
  await writeJsonSetting(KEY, value);
  invalidateSettings();
  state.value = value;
  state.readAt = Date.now();
  listenForChanges();
  void sharedState()?.bus.publish({ t: 'settings' });
  for (const listener of state.listeners) listener(value);
  return value;
}

export function invalidateSettings(): void {
  state.value = undefined;
  state.readAt = 0;
}
