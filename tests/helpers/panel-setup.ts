import { query } from '@/db/client';
import { createLine } from '@/lib/lines/service';
import type { CreateLineInput, LineView } from '@/lib/lines/schemas';
import { requestSync, settleSyncs } from '@/lib/sync/request-sync';
import { createUpstream } from '@/lib/upstream/server-service';
import type { CreateXtreamUpstreamInput, UpstreamView } from '@/lib/upstream/server-schemas';
import type { FakeUpstream } from '../fake-upstream/server';

/** Polls `cond` every `stepMs` until it holds; throws `timed out waiting for <what>` once `ms` passed. */
export async function waitFor(cond: () => boolean | Promise<boolean>, ms: number, what: string, stepMs = 25): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

/** The public id the panel gave an upstream's item (`stream_type` live, vod or series). */
export async function publicIdOf(upstreamId: string, type: string, upstreamItemId: number): Promise<number> {
  const [row] = await query<{ public_id: number }>(
    'SELECT public_id FROM synced_content WHERE upstream_server_id = $1 AND stream_type = $2 AND stream_id = $3',
    [upstreamId, type, String(upstreamItemId)],
  );
  return row.public_id;
}

type UpstreamFields = Partial<Omit<CreateXtreamUpstreamInput, 'kind'>>;

/**
 * An active Xtream upstream pointing at a fake provider (its URL and account unless `fields` says
 * otherwise; 5 s timeout, priority 0, no schedule), without syncing it.
 */
export function addFakeUpstream(fake: FakeUpstream, fields: UpstreamFields = {}): Promise<UpstreamView> {
  return createUpstream({
    serverUrl: fake.url,
    username: fake.username,
    password: fake.password,
    isActive: true,
    timeoutSeconds: 5,
    priority: 0,
    syncIntervalMinutes: 0,
    ...fields,
  });
}

/** `addFakeUpstream`, then one sync run to its end. */
export async function addSyncedUpstream(fake: FakeUpstream, fields: UpstreamFields = {}): Promise<UpstreamView> {
  const up = await addFakeUpstream(fake, fields);
  await requestSync(up.id);
  await settleSyncs();
  return up;
}

/** An active line (ts and m3u8, kick the oldest at the limit, no expiry); `fields` overrides any of it. */
export function createActiveLine(username: string, password: string, fields: Partial<CreateLineInput> = {}, baseUrl = 'http://panel.test'): Promise<LineView> {
  return createLine(
    { username, password, maxConnections: 0, expiresAt: null, isTrial: false, status: 'active', allowedOutputFormats: ['ts', 'm3u8'], onLimit: 'kick_oldest', ...fields },
    baseUrl,
  );
}

/** Closes the servers a suite started, in order, skipping any that never started. */
export async function closeAll(...servers: ({ close: () => Promise<void> } | undefined)[]): Promise<void> {
  for (const server of servers) await server?.close();
}

/** `POST /api/upstream` as `cookie` for a fake provider's player_api.php (its user, `password`); the response, unchecked. */
export async function postFakeUpstream(cookie: string, fake: FakeUpstream, body: { name: string; password: string; syncIntervalMinutes?: number }) {
  const { name, password, ...rest } = body;
  // Imported here: most files that use these helpers never call a route (the routes pull in Next and next-auth).
  const [upstreamApi, { call }] = await Promise.all([import('@/app/api/upstream/route'), import('./admin-api')]);
  return call(upstreamApi.POST, '/api/upstream', {
    method: 'POST',
    cookie,
    body: { name, serverUrl: `${fake.url}/player_api.php`, username: fake.username, password, ...rest },
  });
}
