import { query } from '../client';

/** Starts a sign-in session; also drops this user's sessions that ended long ago, so the table stays small. */
export async function insertSession(userId: string): Promise<string> {
  await query(`DELETE FROM user_sessions WHERE user_id = $1 AND (revoked_at < now() - interval '1 day' OR created_at < now() - interval '8 days')`, [userId]);
  const [row] = await query<{ id: string }>('INSERT INTO user_sessions (user_id) VALUES ($1) RETURNING id', [userId]);
  return row.id;
}

/**
 * Marks the session seen and answers whether it is still live: not revoked, used within the idle
 * limit, younger than the absolute limit, and the user's own.
 */
export async function touchLiveSession(id: string, userId: string, idleSeconds: number, maxAgeSeconds: number): Promise<boolean> {
  const rows = await query(
    `UPDATE user_sessions SET last_seen_at = now()
     WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL
       AND last_seen_at > now() - make_interval(secs => $3::double precision) AND created_at > now() - make_interval(secs => $4::double precision)
     RETURNING id`,
    [id, userId, idleSeconds, maxAgeSeconds],
  );
  return rows.length > 0;
}

export async function revokeSession(id: string): Promise<void> {
  await query('UPDATE user_sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [id]);
}

/** Ends every live session of a user; answers how many. */
export async function revokeUserSessions(userId: string): Promise<number> {
  const rows = await query('UPDATE user_sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL RETURNING id', [userId]);
  return rows.length;
}
