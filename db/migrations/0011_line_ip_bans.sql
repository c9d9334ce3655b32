-- Client IPs banned for one player account (issue 14, "act on viewers"), and the account's last IP
-- next to its last_seen_at (both written with the request log's batches, never per stream chunk).
CREATE TABLE IF NOT EXISTS line_ip_bans (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  line_id     uuid NOT NULL REFERENCES lines (id) ON DELETE CASCADE,
  ip          varchar(45) NOT NULL,
  reason      text,
  created_by  varchar(100),
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (line_id, ip)
);
ALTER TABLE lines ADD COLUMN IF NOT EXISTS last_ip varchar(64);
