import * as q from '@/db/queries/notification-checks';
import type { PanelSettings } from '@/lib/settings';
import { panelEvent, type PanelEvent } from './events';

const DAY_MS = 86_400_000;

/** The events true right now, from the database (every replica sees the same). */
export async function currentEvents(settings: PanelSettings['notifications']): Promise<PanelEvent[]> {
  const events: PanelEvent[] = [];
  for (const u of await q.upstreamsExpiringWithin(settings.expiryWarningDays)) {
    const expires = new Date(u.expires_at);
    const days = Math.max(0, Math.ceil((expires.getTime() - Date.now()) / DAY_MS));
    events.push(
      panelEvent({
        // The date is part of the key: a renewed account that nears its new end warns again.
        key: `upstream_expiring:${u.id}:${expires.toISOString().slice(0, 10)}`,
        type: 'upstream_expiring',
        severity: days <= 1 ? 'critical' : 'warning',
        title: `Upstream "${u.name}" expires in ${days} day${days === 1 ? '' : 's'}`,
        message: `The provider account of upstream "${u.name}" ends on ${expires.toISOString().slice(0, 10)}. Renew it before players lose their channels.`,
        details: { upstreamId: u.id, name: u.name, expiresAt: expires.toISOString(), days },
      }),
    );
  }
  for (const u of await q.upstreamsFailingSync()) {
    events.push(
      panelEvent({
        key: `upstream_failing:${u.id}`,
        type: 'upstream_failing',
        severity: 'critical',
        title: `Upstream "${u.name}" is failing`,
        message: `The last sync of "${u.name}" failed${u.last_error ? `: ${u.last_error.slice(0, 300)}` : ''}.`,
        details: { upstreamId: u.id, name: u.name, lastSyncAt: u.last_sync_at ? new Date(u.last_sync_at).toISOString() : null },
      }),
    );
  }
  const guide = await q.guideFreshness();
  if (guide.updated_at) {
    const ageHours = (Date.now() - new Date(guide.updated_at).getTime()) / 3_600_000;
    const runsOut = guide.last_stop ? new Date(guide.last_stop).getTime() < Date.now() : true;
    if (ageHours >= settings.guideStaleHours || runsOut) {
      events.push(
        panelEvent({
          key: 'guide_stale',
          type: 'guide_stale',
          severity: 'warning',
          title: 'The TV guide is stale',
          message: runsOut ? 'The guide holds no programme from now on.' : `The guide was last updated ${Math.floor(ageHours)} hours ago.`,
          details: { updatedAt: new Date(guide.updated_at).toISOString(), lastProgrammeEnds: guide.last_stop ? new Date(guide.last_stop).toISOString() : null },
        }),
      );
    }
  }
  for (const l of await q.linesHittingLimit(settings.limitHitsThreshold)) {
    events.push(
      panelEvent({
        key: `account_limit:${l.line_id}`,
        type: 'account_limit',
        severity: 'info',
        title: `Account "${l.line ?? l.line_id}" keeps hitting its connection limit`,
        message: `Player account "${l.line ?? l.line_id}" was refused ${l.hits} times in the last hour for its connection limit.`,
        details: { lineId: l.line_id, username: l.line, hits: l.hits },
      }),
    );
  }
  return events;
}
