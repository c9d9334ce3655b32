import { expect } from 'vitest';
import type { FakeUpstream } from '../../fake-upstream/server';
import { adminCookie } from './admin-session';
import type { Panel } from './server';

export interface SyncedCatalog {
  cookie: string;
  upstreamId: string;
  /** Public ids players see: a live channel, one with an archive (0 if none), a movie and its extension. */
  ids: { live: number; archived: number; movie: number; movieExt: string };
}

/**
 * Through the admin API, as a script would: signs in, adds the fake provider as an upstream, syncs it
 * and creates a player account; then reads a few public ids through player_api.php.
 */
export async function syncFakeCatalog(panel: Panel, fake: FakeUpstream, admin: { username: string; password: string }, line: { username: string; password: string }): Promise<SyncedCatalog> {
  const cookie = await adminCookie(panel.baseUrl, admin);
  const api = (path: string, body: unknown) =>
    fetch(`${panel.baseUrl}${path}`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const up = await api('/api/upstream', { serverUrl: fake.url, username: fake.username, password: fake.password, syncIntervalMinutes: 0 });
  expect(up.status).toBe(201);
  const { id: upstreamId } = (await up.json()) as { id: string };
  const sync = (await (await api('/api/sync/now', { upstreamId })).json()) as { jobs: { id: string }[] };
  for (let i = 0; i < 300; i++) {
    const job = (await (await fetch(`${panel.baseUrl}/api/sync/jobs/${sync.jobs[0].id}`, { headers: { cookie } })).json()) as { status: string };
    if (['succeeded', 'partial', 'failed'].includes(job.status)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  expect((await api('/api/lines', { username: line.username, password: line.password, maxConnections: 3 })).status).toBe(201);
  const q = (action: string) => new URLSearchParams({ username: line.username, password: line.password, action }).toString();
  const live = (await (await fetch(`${panel.baseUrl}/player_api.php?${q('get_live_streams')}`)).json()) as { stream_id: number; tv_archive: number }[];
  const movies = (await (await fetch(`${panel.baseUrl}/player_api.php?${q('get_vod_streams')}`)).json()) as { stream_id: number; container_extension: string }[];
  const ids = { live: live[0].stream_id, archived: live.find((c) => c.tv_archive === 1)?.stream_id ?? 0, movie: movies[0].stream_id, movieExt: movies[0].container_extension };
  return { cookie, upstreamId, ids };
}
