import { query } from '../client';

export interface UserRow {
  id: string;
  username: string;
  password_hash: string;
  role: 'admin' | 'viewer';
  is_active: boolean;
  created_at: Date;
  updated_at: Date;
  last_login: Date | null;
}

const COLUMNS = 'id, username, password_hash, role, is_active, created_at, updated_at, last_login';

export async function countUsers(): Promise<number> {
  const [row] = await query<{ n: number }>('SELECT count(*)::int AS n FROM users');
  return row.n;
}

export async function findUserByUsername(username: string): Promise<UserRow | undefined> {
  const [row] = await query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE lower(username) = lower($1)`, [username]);
  return row;
}

export async function findUserById(id: string): Promise<UserRow | undefined> {
  const [row] = await query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE id = $1`, [id]);
  return row;
}

export async function listUsersPage(limit: number, offset: number): Promise<{ rows: UserRow[]; total: number }> {
  const rows = await query<UserRow>(`SELECT ${COLUMNS} FROM users ORDER BY created_at, username LIMIT $1 OFFSET $2`, [limit, offset]);
  const [{ n }] = await query<{ n: number }>('SELECT count(*)::int AS n FROM users');
  return { rows, total: n };
}

export async function insertUser(u: { username: string; passwordHash: string; role: string; isActive: boolean }): Promise<UserRow> {
  const [row] = await query<UserRow>(
    `INSERT INTO users (username, password_hash, role, is_active) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
    [u.username, u.passwordHash, u.role, u.isActive],
  );
  return row;
}

/** Inserts only while the table is empty (first-run setup racing itself). */
export async function insertFirstUser(u: { username: string; passwordHash: string }): Promise<UserRow | undefined> {
  const [row] = await query<UserRow>(
    `INSERT INTO users (username, password_hash, role, is_active)
     SELECT $1, $2, 'admin', true WHERE NOT EXISTS (SELECT 1 FROM users)
     RETURNING ${COLUMNS}`,
    [u.username, u.passwordHash],
  );
  return row;
}

export async function updateUserRow(
  id: string,
  patch: { username?: string; passwordHash?: string; role?: string; isActive?: boolean },
): Promise<UserRow | undefined> {
  const [row] = await query<UserRow>(
    `UPDATE users SET
       username = COALESCE($2, username),
       password_hash = COALESCE($3, password_hash),
       role = COALESCE($4, role),
       is_active = COALESCE($5, is_active),
       updated_at = now()
     WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, patch.username ?? null, patch.passwordHash ?? null, patch.role ?? null, patch.isActive ?? null],
  );
  return row;
}

export async function deleteUserRow(id: string): Promise<boolean> {
  const rows = await query('DELETE FROM users WHERE id = $1 RETURNING id', [id]);
  return rows.length > 0;
}

/** Active admins other than `exceptId`, locked so two concurrent demotions cannot both pass. */
export async function countOtherActiveAdmins(exceptId: string): Promise<number> {
  const rows = await query<{ id: string }>(
    `SELECT id FROM users WHERE role = 'admin' AND is_active AND id <> $1 FOR UPDATE`,
    [exceptId],
  );
  return rows.length;
}

export async function touchLastLogin(id: string): Promise<void> {
  await query('UPDATE users SET last_login = now() WHERE id = $1', [id]);
}
