import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { query } from '@/db/client';
import { subscribeEvents } from '@/lib/monitor/events';
import { getSyncJob } from '@/lib/sync/jobs';
import { requestSync, settleSyncs } from '@/lib/sync/request-sync';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/server';
import { withFreshDatabase } from '../helpers/database';
import { addFakeUpstream, closeAll } from '../helpers/panel-setup';

// Issue 16, must-show 1: a re-sync of an unchanged catalog must not store the same guide again. The
// provider sends the same guide twice, then a changed one; without validators the panel compares the
// bytes' hash, with ETag/Last-Modified it asks conditionally.

withFreshDatabase();

interface Job {
  status: string;
  error: string | null;
  counts: Record<string, number>;
  phases: string[];
  /** The job view's guide status (GET /api/sync/jobs/{id}). */
  guide: string | null;
}

async function sync(upstreamId: string): Promise<Job> {
  const phases: string[] = [];
  const stop = subscribeEvents((e) => {
    if (e.type === 'sync' && e.upstreamId === upstreamId && phases.at(-1) !== e.phase) phases.push(e.phase);
  });
  try {
    const job = await requestSync(upstreamId);
    await settleSyncs();
    const [row] = await query<{ status: string; error: string | null; counts: Record<string, number> }>(`SELECT status, error, counts FROM sync_jobs WHERE id = $1`, [job.id]);
    return { ...row, phases, guide: (await getSyncJob(job.id)).guide };
  } finally {
    stop();
  }
}

/** The stored programmes with their row ids: a guide stored anew gets new ids. */
async function programmes(upstreamId: string) {
  return query<{ id: number; channel_id: string; start_at: Date; title: string }>(
    `SELECT id, channel_id, start_at, title FROM epg_programmes WHERE upstream_server_id = $1 ORDER BY channel_id, start_at`,
    [upstreamId],
  );
}

async function fingerprint(upstreamId: string) {
  const [row] = await query<{ guide_fingerprint: string | null; guide_etag: string | null }>(`SELECT guide_fingerprint, guide_etag FROM epg_sources WHERE upstream_server_id = $1`, [upstreamId]);
  return row;
}

const withGuide = (fake: FakeUpstream) => fake.catalog.live.filter((c) => c.epgChannelId !== null).length * 6;

describe('a guide the upstream sends unchanged', () => {
  let plain: FakeUpstream;
  let validating: FakeUpstream;
  let plainId: string;
  let validatingId: string;
  beforeAll(async () => {
    plain = await startFakeUpstream({ live: 10, vod: 2, series: 1, categoriesPerType: 2, password: 'up-same-1' });
    validating = await startFakeUpstream({ live: 10, vod: 2, series: 1, categoriesPerType: 2, password: 'up-same-2', guideValidators: true });
    plainId = (await addFakeUpstream(plain, { name: 'Plain guide', password: 'up-same-1', timeoutSeconds: 10 })).id;
    validatingId = (await addFakeUpstream(validating, { name: 'Validating guide', password: 'up-same-2', timeoutSeconds: 10 })).id;
  }, 60_000);
  afterAll(() => closeAll(plain, validating));

  test('the same bytes again keep the stored programmes; a changed guide is stored', async () => {
    const first = await sync(plainId);
    expect(first.status).toBe('succeeded');
    expect(first.counts.guideUnchanged).toBe(0);
    expect(first.counts.programmes).toBe(withGuide(plain));
    const stored = await programmes(plainId);
    expect(stored).toHaveLength(withGuide(plain));
    expect((await fingerprint(plainId)).guide_fingerprint).toMatch(/^[0-9a-f]{64}:[0-9a-f]{64}$/);

    const again = await sync(plainId);
    expect(again.status).toBe('succeeded');
    expect(again.counts.guideUnchanged).toBe(1);
    expect(again.counts.programmes).toBe(withGuide(plain));
    expect(again.phases).toContain('guide: unchanged');
    expect(again.guide).toBe('unchanged');
    expect(first.guide).toBeNull();
    expect(again.phases).not.toContain('guide: storing');
    expect(await programmes(plainId)).toEqual(stored); // the same rows, ids and all
    expect(plain.guideAnswers).toEqual({ full: 2, notModified: 0 }); // no validators: downloaded and hashed

    plain.guideEdition = 1;
    const changed = await sync(plainId);
    expect(changed.status).toBe('succeeded');
    expect(changed.counts.guideUnchanged).toBe(0);
    expect(changed.phases).toContain('guide: storing');
    const now = await programmes(plainId);
    expect(now).toHaveLength(withGuide(plain));
    expect(now.every((p) => p.title.endsWith('(edition 1)'))).toBe(true);
    expect(now.map((p) => [p.channel_id, p.start_at.getTime()])).toEqual(stored.map((p) => [p.channel_id, p.start_at.getTime()]));
  }, 60_000);

  test('a failed download records nothing: the next complete one is stored', async () => {
    const before = await programmes(plainId);
    const mark = await fingerprint(plainId);
    plain.guideEdition = 2;
    plain.quirks.xmltvFailure = 'cut';
    try {
      const cut = await sync(plainId);
      expect(cut.status).toBe('partial');
      expect(cut.error).toMatch(/^guide: /);
    } finally {
      plain.quirks.xmltvFailure = null;
    }
    expect(await programmes(plainId)).toEqual(before);
    expect(await fingerprint(plainId)).toEqual(mark);

    const whole = await sync(plainId);
    expect(whole.status).toBe('succeeded');
    expect(whole.counts.guideUnchanged).toBe(0);
    expect((await programmes(plainId)).every((p) => p.title.endsWith('(edition 2)'))).toBe(true);
    expect((await fingerprint(plainId)).guide_fingerprint).not.toBe(mark.guide_fingerprint);
    expect((await sync(plainId)).counts.guideUnchanged).toBe(1);
  }, 60_000);

  test('a guide whose channels changed is stored again even when its bytes did not', async () => {
    const before = await programmes(plainId);
    const gone = plain.catalog.live.filter((c) => c.epgChannelId !== null).at(-1)!;
    plain.dropItems('live', plain.catalog.live.length - plain.catalog.live.indexOf(gone));
    const job = await sync(plainId);
    expect(job.status).toBe('succeeded');
    expect(job.counts.guideUnchanged).toBe(0);
    const after = await programmes(plainId);
    expect(after.some((p) => p.channel_id === gone.epgChannelId)).toBe(false);
    expect(after.length).toBe(before.length - 6);
  }, 60_000);

  test('with ETag and Last-Modified the panel asks conditionally and keeps the guide on a 304', async () => {
    const first = await sync(validatingId);
    expect(first.status).toBe('succeeded');
    expect((await fingerprint(validatingId)).guide_etag).toBe('"fake-guide-0"');
    const stored = await programmes(validatingId);
    expect(stored).toHaveLength(withGuide(validating));

    const again = await sync(validatingId);
    expect(again.status).toBe('succeeded');
    expect(again.counts.guideUnchanged).toBe(1);
    expect(again.counts.programmes).toBe(withGuide(validating));
    expect(validating.guideAnswers).toEqual({ full: 1, notModified: 1 });
    expect(await programmes(validatingId)).toEqual(stored);

    validating.guideEdition = 1;
    const changed = await sync(validatingId);
    expect(changed.counts.guideUnchanged).toBe(0);
    expect(validating.guideAnswers).toEqual({ full: 2, notModified: 1 });
    expect((await programmes(validatingId)).every((p) => p.title.endsWith('(edition 1)'))).toBe(true);
    expect((await fingerprint(validatingId)).guide_etag).toBe('"fake-guide-1"');
    // The job view says so too.
    const [row] = await query<{ counts: Record<string, number> }>(`SELECT counts FROM sync_jobs WHERE upstream_server_id = $1 ORDER BY created_at DESC LIMIT 1 OFFSET 1`, [validatingId]);
    expect(row.counts.guideUnchanged).toBe(1);
  }, 60_000);
});
