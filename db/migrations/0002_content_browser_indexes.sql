-- Content browser (db/queries/content-browser.ts): the merged catalog ordered by name, case-insensitive
-- and in byte order on every server (PGlite and PostgreSQL sort alike). A page is a merge of these two
-- index scans instead of a sort of every row.
CREATE INDEX IF NOT EXISTS idx_synced_content_browse ON synced_content ((lower(name) COLLATE "C"), public_id);
CREATE INDEX IF NOT EXISTS idx_local_content_browse ON local_content ((lower(title) COLLATE "C"), public_id);
