import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { query } from '@/db/client';
import { GET as detailsRoute } from '@/app/api/content/[publicId]/details/route';
import { episodesOf } from '../fake-upstream/catalog';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/server';
import { call, makeUser } from '../helpers/admin-api';
import { withFreshDatabase } from '../helpers/database';
import { startXtreamServer, type XtreamServer } from '../helpers/xtream-server';
import { addSyncedUpstream, closeAll, createActiveLine } from '../helpers/panel-setup';

withFreshDatabase();

let fake: FakeUpstream;
let panel: XtreamServer;
let upstreamId = '';
let lineId = '';
let admin: { cookie: string };
let viewer: { cookie: string };

async function publicIdOf(type: string, upstreamItemId: number): Promise<number> {
  const [row] = await query<{ public_id: number }>(
    'SELECT public_id FROM synced_content WHERE upstream_server_id = $1 AND stream_type = $2 AND stream_id = $3',
    [upstreamId, type, String(upstreamItemId)],
  );
  return Number(row.public_id);
}

const details = (publicId: number | string, cookie: string, qs = '') =>
  call(detailsRoute, `/api/content/${publicId}/details${qs}`, { cookie, params: { publicId: String(publicId) }, headers: { host: 'panel.test:8080' } });

beforeAll(async () => {
  fake = await startFakeUpstream({ live: 3, vod: 2, series: 2 });
  const up = await addSyncedUpstream(fake, { name: 'Provider A', priority: 1 });
  upstreamId = up.id;
  // Players fetch a series' episodes on demand: start without stored ones, as before the episode phase ran.
  await query('DELETE FROM series_episodes');
  await query('UPDATE synced_content SET info_fetched_at = NULL WHERE stream_type = $1', ['series']);
  lineId = (await createActiveLine('details-line', 'details-pw-1', { maxConnections: 2 }, 'http://x')).id;
  admin = await makeUser('cd-admin', 'admin');
  viewer = await makeUser('cd-viewer', 'viewer');
  panel = await startXtreamServer();
}, 60_000);

afterAll(() => closeAll(panel, fake));

describe('GET /api/content/{publicId}/details', () => {
  test('a series shows its seasons and episodes (fetched on demand) and a stream URL that plays', async () => {
    const series = fake.catalog.series[0];
    const id = await publicIdOf('series', series.id);
    const res = await details(id, admin.cookie, `?line=${lineId}`);
    expect(res.status).toBe(200);
    const body = res.json;
    expect(body.name).toBe(series.name);
    expect(body.plot).toBe(series.plot);
    expect(body.poster).toMatch(/^\/img\//);
    const expected = episodesOf(series);
    const seasons = body.seasons as { season: number; episodes: { publicId: number; episode: number; title: string; streamUrl: string }[] }[];
    expect(seasons.map((s) => s.season)).toEqual([...new Set(expected.map((e) => e.season))].sort((a, b) => a - b));
    expect(seasons.flatMap((s) => s.episodes).length).toBe(expected.length);
    const first = seasons[0].episodes[0];
    expect(first.streamUrl).toMatch(new RegExp(`^http://panel\\.test:8080/series/details-line/details-pw-1/${first.publicId}\\.\\w+$`));
    // The URL the admin copies works for a player: the same path against the player surface.
    const played = await fetch(`${panel.url}${new URL(first.streamUrl).pathname}`, { headers: { range: 'bytes=0-99' } });
    expect([200, 206]).toContain(played.status);
    await played.body?.cancel();
  });

  test('a live channel shows now and next from the guide, and its copies per upstream', async () => {
    const channel = fake.catalog.live.find((c) => c.epgChannelId !== null)!;
    const id = await publicIdOf('live', channel.id);
    const res = await details(id, admin.cookie);
    expect(res.status).toBe(200);
    const guide = res.json.guide as { now: { title: string; start: string; stop: string } | null; next: { title: string; start: string } | null };
    expect(guide.now).not.toBeNull();
    expect(Date.parse(guide.now!.start)).toBeLessThanOrEqual(Date.now());
    expect(Date.parse(guide.now!.stop)).toBeGreaterThan(Date.now());
    expect(guide.now!.title).toMatch(new RegExp(`^${channel.name} show \\d$`));
    expect(guide.next?.start).toBe(guide.now!.stop);
    expect(res.json.copies).toEqual([{ publicId: id, upstreamId, upstreamName: 'Provider A' }]);
    // No account chosen: no URL (it would hold a password).
    expect(res.json.streamUrl).toBeNull();
  });

  test('a movie shows its plot; the viewer role never gets a stream URL', async () => {
    const movie = fake.catalog.vod[0];
    const id = await publicIdOf('vod', movie.id);
    const asViewer = await details(id, viewer.cookie, `?line=${lineId}`);
    expect(asViewer.status).toBe(200);
    expect(asViewer.json.type).toBe('movie');
    expect(asViewer.json.streamUrl).toBeNull();
    expect(asViewer.text).not.toContain('details-pw-1');
    const asAdmin = await details(id, admin.cookie, `?line=${lineId}`);
    expect(asAdmin.json.streamUrl).toMatch(new RegExp(`/movie/details-line/details-pw-1/${id}\\.\\w+$`));
  });

  test('an unknown item is a 404, a malformed account a 400', async () => {
    expect((await details(987654321, admin.cookie)).status).toBe(404);
    const id = await publicIdOf('vod', fake.catalog.vod[0].id);
    const bad = await details(id, admin.cookie, '?line=nope');
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields.line).toBeDefined();
  });
});
