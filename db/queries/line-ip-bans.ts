import { query } from '../client';

export interface LineIpBanRow {
  id: string;
  line_id: string;
  ip: string;
  reason: string | null;
  created_by: string | null;
  created_at: Date;
}

export async function listLineIpBans(lineId: string): Promise<LineIpBanRow[]> {
  return query<LineIpBanRow>('SELECT * FROM line_ip_bans WHERE line_id = $1 ORDER BY created_at DESC, ip', [lineId]);
}

/** The new ban, or undefined when that IP is already banned for the account. */
export async function insertLineIpBan(ban: { lineId: string; ip: string; reason: string | null; createdBy: string }): Promise<LineIpBanRow | undefined> {
  const [row] = await query<LineIpBanRow>(
    `INSERT INTO line_ip_bans (line_id, ip, reason, created_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT (line_id, ip) DO NOTHING RETURNING *`,
    [ban.lineId, ban.ip, ban.reason, ban.createdBy],
  );
  return row;
}

export async function deleteLineIpBan(lineId: string, banId: string): Promise<LineIpBanRow | undefined> {
  const [row] = await query<LineIpBanRow>('DELETE FROM line_ip_bans WHERE id = $1 AND line_id = $2 RETURNING *', [banId, lineId]);
  return row;
}

export async function countLineIpBans(lineId: string): Promise<number> {
  const [{ n }] = await query<{ n: number }>('SELECT count(*)::int AS n FROM line_ip_bans WHERE line_id = $1', [lineId]);
  return n;
}
