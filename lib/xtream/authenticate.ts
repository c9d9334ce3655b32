import { checkLineCredentials, lineStatusFrom, type LineStatus, type PlayerLine } from '@/lib/lines/credentials';
import { noteLineSeen } from '@/lib/lines/last-seen';
import { playerLoginBlocked, recordPlayerLoginFailure, recordPlayerLoginSuccess } from '@/lib/lines/login-limiter';

export type PlayerAuth =
  | { ok: true; line: PlayerLine; status: LineStatus; password: string }
  | { ok: false; reason: 'bad_credentials' | 'rate_limited' };

/**
 * Checks a player's credentials, counting failures per (IP, username) and per IP (XTREAM.md §6). A
 * client IP banned for the account reads as a banned account (`status: 'Banned'`), so every route
 * refuses it the way it refuses a banned line. An admitted request is the account's "last seen".
 */
export async function authenticatePlayer(username: string | undefined, password: string | undefined, ip: string): Promise<PlayerAuth> {
  const user = username ?? '';
  if (playerLoginBlocked(ip, user)) return { ok: false, reason: 'rate_limited' };
  const line = await checkLineCredentials(user, password ?? '');
  if (!line) {
    await recordPlayerLoginFailure(ip, user);
    return { ok: false, reason: 'bad_credentials' };
  }
  recordPlayerLoginSuccess(ip, user);
  const status = lineStatusFrom(line, ip);
  if (status === 'Active') noteLineSeen(line.id, ip);
  return { ok: true, line, status, password: password ?? '' };
}
