import { deleteAuditOlderThan } from '@/db/queries/audit-log';
import { getSettings } from '@/lib/settings';

/** Retention: rows older than the auditRetentionDays setting go (hourly, lib/notifications/timer.ts). */
export async function trimAuditLog(): Promise<number> {
  return deleteAuditOlderThan((await getSettings()).auditRetentionDays);
}
