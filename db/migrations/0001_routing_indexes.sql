-- Routing: find an item's copies on other upstreams with one indexed query (lib/routing/candidates.ts).
-- routing_match_name is the grouping key for names; docs/routing.md states the rule in words.
CREATE OR REPLACE FUNCTION routing_match_name(name text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT replace(
    regexp_replace(
      btrim(regexp_replace(
        regexp_replace(
          regexp_replace(
            regexp_replace(normalize(lower(name), NFD), '[\u0300-\u036f]', '', 'g'),
            '^\s*(\|\s*[a-z]{2,3}\s*\||\[\s*[a-z]{2,3}\s*\]|\(\s*[a-z]{2,3}\s*\)|[a-z]{2,3}\s*[:|]|[a-z]{2}\s+-\s)\s*', ''),
          '[\(\[]\s*(19|20)[0-9]{2}\s*[\)\]]\s*$', ''),
        '[\s!-/:-@\[-`{-~«»“”‘’·•–—]+', ' ', 'g')),
      '( (fhd|uhd|hd|sd|4k|8k|hevc|h264|h265|2160p|1080p|720p|hdr))+$', ''),
    ' ', '')
$$;
CREATE INDEX IF NOT EXISTS idx_synced_content_type_epg ON synced_content (stream_type, epg_channel_id);
CREATE INDEX IF NOT EXISTS idx_synced_content_type_tmdb ON synced_content (stream_type, tmdb_id);
CREATE INDEX IF NOT EXISTS idx_synced_content_match_name ON synced_content (stream_type, routing_match_name(name));
