-- Panel sign-in sessions (lib/auth/sessions.ts): the JWT carries the id, so a session can be ended
-- (sign-out, password change, an admin's "end sessions") before the cookie expires.
CREATE TABLE IF NOT EXISTS user_sessions (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id       uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz NOT NULL DEFAULT now(),
  revoked_at    timestamptz
);
CREATE INDEX IF NOT EXISTS idx_user_sessions_user ON user_sessions (user_id);
