-- Episodes fetched during sync (lib/sync/episodes-phase.ts): the series' last_modified when its episodes
-- were stored, so the next sync fetches only series whose last_modified changed since.
ALTER TABLE synced_content ADD COLUMN IF NOT EXISTS episodes_last_modified timestamptz;
