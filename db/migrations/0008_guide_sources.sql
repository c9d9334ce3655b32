-- M3U upstreams and guide sources (issue 12). An upstream is an Xtream account or an M3U playlist (its
-- URL may hold credentials: encrypted like passwords). Guides come from sources: any XMLTV URL, and each
-- upstream's own guide (a source row with upstream_server_id set). Each live channel's guide is chosen
-- in epg_channel_map: auto-matched by id or name, or set by the admin (pinned: auto-match never
-- changes a pinned row, a dummy guide or an offset).
ALTER TABLE upstream_servers ADD COLUMN IF NOT EXISTS kind varchar(10) NOT NULL DEFAULT 'xtream';
ALTER TABLE upstream_servers ADD COLUMN IF NOT EXISTS playlist_url_encrypted text;
ALTER TABLE upstream_servers ADD COLUMN IF NOT EXISTS epg_url varchar(1000);

CREATE TABLE IF NOT EXISTS epg_sources (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name                varchar(100) NOT NULL,
  url_encrypted       text,
  upstream_server_id  uuid UNIQUE REFERENCES upstream_servers (id) ON DELETE CASCADE,
  priority            integer NOT NULL DEFAULT 0 CHECK (priority >= 0 AND priority <= 1000),
  enabled             boolean NOT NULL DEFAULT true,
  refresh_hours       integer NOT NULL DEFAULT 12 CHECK (refresh_hours >= 1 AND refresh_hours <= 168),
  status              varchar(20) NOT NULL DEFAULT 'new',
  last_refresh_at     timestamptz,
  last_success_at     timestamptz,
  error               text,
  channel_count       integer NOT NULL DEFAULT 0,
  programme_count     integer NOT NULL DEFAULT 0,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE epg_channels ADD COLUMN IF NOT EXISTS source_id uuid REFERENCES epg_sources (id) ON DELETE CASCADE;
ALTER TABLE epg_programmes ADD COLUMN IF NOT EXISTS source_id uuid REFERENCES epg_sources (id) ON DELETE CASCADE;

-- Existing guides: one source per upstream, its stored programmes move under it.
INSERT INTO epg_sources (name, upstream_server_id) SELECT name, id FROM upstream_servers ON CONFLICT (upstream_server_id) DO NOTHING;
UPDATE epg_channels c SET source_id = s.id FROM epg_sources s WHERE c.source_id IS NULL AND s.upstream_server_id = c.upstream_server_id;
UPDATE epg_programmes p SET source_id = s.id FROM epg_sources s WHERE p.source_id IS NULL AND s.upstream_server_id = p.upstream_server_id;
DELETE FROM epg_channels WHERE source_id IS NULL;
DELETE FROM epg_programmes WHERE source_id IS NULL;
ALTER TABLE epg_channels DROP CONSTRAINT IF EXISTS epg_channels_upstream_server_id_channel_id_key;
ALTER TABLE epg_programmes DROP CONSTRAINT IF EXISTS epg_programmes_upstream_server_id_channel_id_start_at_key;
CREATE UNIQUE INDEX IF NOT EXISTS uq_epg_channels_source ON epg_channels (source_id, channel_id);
CREATE UNIQUE INDEX IF NOT EXISTS uq_epg_programmes_source ON epg_programmes (source_id, channel_id, start_at);
-- Every guide read goes by (source, channel): the older indexes only slowed a large guide's load.
DROP INDEX IF EXISTS idx_epg_programmes_channel_start;
DROP INDEX IF EXISTS idx_epg_programmes_stop;

CREATE TABLE IF NOT EXISTS epg_channel_map (
  public_id       bigint PRIMARY KEY,
  source_id       uuid REFERENCES epg_sources (id) ON DELETE SET NULL,
  epg_channel_id  varchar(255),
  matched_by      varchar(10) CHECK (matched_by IN ('id', 'name', 'manual', 'dummy')),
  score           real,
  pinned          boolean NOT NULL DEFAULT false,
  dummy           boolean NOT NULL DEFAULT false,
  offset_minutes  integer NOT NULL DEFAULT 0 CHECK (offset_minutes >= -1440 AND offset_minutes <= 1440),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS idx_epg_channel_map_source ON epg_channel_map (source_id, epg_channel_id);
