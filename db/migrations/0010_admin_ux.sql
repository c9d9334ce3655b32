-- Admin UX (issue 14): upstream health from tests and stream opens, why a player request was refused
-- and which upstreams it tried, and per-minute aggregates that keep the dashboard's charts across restarts.
ALTER TABLE upstream_servers ADD COLUMN IF NOT EXISTS last_test_at timestamptz;
ALTER TABLE upstream_servers ADD COLUMN IF NOT EXISTS last_test_error text;
ALTER TABLE api_requests ADD COLUMN IF NOT EXISTS reason text;
ALTER TABLE api_requests ADD COLUMN IF NOT EXISTS upstreams jsonb;
CREATE TABLE IF NOT EXISTS monitor_minutes (
  minute    timestamptz PRIMARY KEY,
  requests  integer NOT NULL DEFAULT 0,
  errors    integer NOT NULL DEFAULT 0,
  viewers   integer NOT NULL DEFAULT 0,
  bytes     bigint NOT NULL DEFAULT 0
);
