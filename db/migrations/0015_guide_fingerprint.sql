-- What the last complete guide ingest of a source read: a fingerprint (what was asked and a SHA-256
-- of the guide's bytes), the server's validators (ETag, Last-Modified) and the earliest programme left
-- out for starting past the kept window. A refresh that reads the same guide again keeps the stored
-- programmes instead of writing them anew (lib/epg/ingest.ts).
ALTER TABLE epg_sources ADD COLUMN IF NOT EXISTS guide_fingerprint text;
ALTER TABLE epg_sources ADD COLUMN IF NOT EXISTS guide_etag text;
ALTER TABLE epg_sources ADD COLUMN IF NOT EXISTS guide_last_modified text;
ALTER TABLE epg_sources ADD COLUMN IF NOT EXISTS guide_stored_at timestamptz;
ALTER TABLE epg_sources ADD COLUMN IF NOT EXISTS guide_complete_until timestamptz;
