import * as bans from '@/db/queries/line-ip-bans';
import { findLineById } from '@/db/queries/lines';
import { AppError, conflict, notFound } from '@/lib/errors';
import { stopLineViewers } from '@/lib/slots/slots';
import { forgetLine } from './credentials';
import type { LineIpBanInput, LineIpBanView } from './schemas';

// The whole list travels with the account in the credential cache: kept short on purpose.
export const MAX_BANS_PER_LINE = 200;

const toView = (row: bans.LineIpBanRow): LineIpBanView => ({
  id: row.id,
  lineId: row.line_id,
  ip: row.ip,
  reason: row.reason,
  createdBy: row.created_by,
  createdAt: row.created_at.toISOString(),
});

async function lineOrThrow(lineId: string) {
  const line = await findLineById(lineId);
  if (!line) throw notFound('player account');
  return line;
}

export async function listLineBans(lineId: string): Promise<LineIpBanView[]> {
  await lineOrThrow(lineId);
  return (await bans.listLineIpBans(lineId)).map(toView);
}

/**
 * Bans a client IP for one account: the credential cache forgets the account (on every replica), so
 * its next request from there is refused, and its viewers from there are stopped now.
 */
export async function banLineIp(lineId: string, input: LineIpBanInput, by: string): Promise<LineIpBanView & { stoppedViewers: number }> {
  const line = await lineOrThrow(lineId);
  if ((await bans.countLineIpBans(lineId)) >= MAX_BANS_PER_LINE) {
    throw new AppError('validation_failed', `ip: at most ${MAX_BANS_PER_LINE} banned IPs per account`, { ip: `at most ${MAX_BANS_PER_LINE} banned IPs per account` });
  }
  const row = await bans.insertLineIpBan({ lineId, ip: input.ip, reason: input.reason || null, createdBy: by });
  if (!row) throw conflict(`${input.ip} is already banned for this account`, { ip: 'already banned for this account' });
  forgetLine(line.username);
  const stoppedViewers = await stopLineViewers(lineId, row.ip);
  return { ...toView(row), stoppedViewers };
}

export async function unbanLineIp(lineId: string, banId: string): Promise<LineIpBanView> {
  const line = await lineOrThrow(lineId);
  const row = await bans.deleteLineIpBan(lineId, banId);
  if (!row) throw notFound('IP ban');
  forgetLine(line.username);
  return toView(row);
}

/** For the audit's "before" of a removal. */
export async function findLineBan(lineId: string, banId: string): Promise<LineIpBanView> {
  const found = (await bans.listLineIpBans(lineId)).find((b) => b.id === banId);
  if (!found) throw notFound('IP ban');
  return toView(found);
}
