import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { randomUUID } from 'node:crypto';
import { transaction } from '@/db/client';
import * as epg from '@/db/queries/epg';
import { UpstreamError } from '@/lib/upstream';
import { mapNetworkError } from '@/lib/upstream/http';
import type { OpenedUrl } from '@/lib/upstream/url-source';
import { guideBytes } from './guide-bytes';
import { XmltvParser, XmltvSyntaxError, type GuideProgramme } from './xmltv-parser';

const BATCH = 5000;
const DAY = 86_400_000;
const FUTURE_DAYS = 7;
// A last programme without a stop (and no successor on its channel) is given this length.
const DEFAULT_LENGTH_MS = 3_600_000;

export interface GuideResult {
  channels: number;
  programmes: number;
}

export interface GuideProgress {
  (phase: 'download' | 'store', programmes: number): Promise<void>;
}

export interface GuideTarget {
  owner: epg.GuideOwner;
  /** Only these channel ids are kept (compared case-insensitively, stored as spelled here); null keeps all. */
  onlyChannels: string[] | null;
  /** How many days back programmes are kept (catch-up); at least one. */
  archiveDays: number;
  /** Opens the guide (lib/upstream: the upstream's client, or a plain URL source). */
  open(): Promise<OpenedUrl>;
  /** Strings never to reach a message. */
  secrets: readonly string[];
}

/**
 * Replaces a source's guide: streamed, parsed as it arrives, kept within the window (now − max(1 day,
 * archive days) .. now + 7 days) and for the wanted channels. Kept programmes are spooled to a
 * temporary file, then the old guide is swapped for the new one in one transaction, so a slow download
 * never holds a transaction open and players never see half a guide. A failure (download, syntax, a
 * guide without programmes) throws and leaves the stored guide as it was.
 */
export async function ingestGuide(target: GuideTarget, progress: GuideProgress, now = Date.now()): Promise<GuideResult> {
  let canonical: Map<string, string> | null = null;
  if (target.onlyChannels) {
    canonical = new Map();
    for (const id of target.onlyChannels) if (!canonical.has(id.toLowerCase())) canonical.set(id.toLowerCase(), id);
    if (canonical.size === 0) {
      await transaction(() => epg.deleteGuideOf(target.owner.sourceId));
      return { channels: 0, programmes: 0 };
    }
  }
  const window = { from: now - Math.max(1, target.archiveDays) * DAY, until: now + FUTURE_DAYS * DAY };
  const spoolPath = path.join(os.tmpdir(), `neropanel-epg-${randomUUID()}.jsonl`);
  try {
    const parsed = await downloadGuide(target, canonical, window, spoolPath, progress);
    if (parsed.programmesInGuide === 0) {
      throw new UpstreamError('empty', 'The guide has no programmes; kept the previous guide');
    }
    await progress('store', 0);
    let programmes = 0;
    await transaction(async () => {
      if (!(await epg.lockGuideSource(target.owner.sourceId))) return; // deleted meanwhile: nothing to keep
      await epg.deleteGuideOf(target.owner.sourceId);
      await epg.insertGuideChannels(target.owner, [...parsed.channels.values()]);
      // One batch in flight while the next is read: the database inserts on one core while this
      // process parses the spool on the other (the driver queues the statements in order).
      let inFlight: Promise<number> | null = null;
      for await (const batch of readSpool(spoolPath)) {
        const next = epg.insertProgrammes(target.owner, batch);
        next.catch(() => undefined); // a failure is thrown where it is awaited, below
        if (inFlight) programmes += await inFlight;
        inFlight = next;
      }
      if (inFlight) programmes += await inFlight;
    });
    return { channels: parsed.channels.size, programmes };
  } finally {
    await fs.promises.rm(spoolPath, { force: true });
  }
}

interface Downloaded {
  channels: Map<string, epg.GuideChannelInput>;
  programmesInGuide: number;
}

async function downloadGuide(
  target: GuideTarget,
  canonical: Map<string, string> | null,
  window: { from: number; until: number },
  spoolPath: string,
  progress: GuideProgress,
): Promise<Downloaded> {
  const response = await target.open();
  const spool = fs.createWriteStream(spoolPath, { encoding: 'utf8' });
  const spoolFailed = once(spool, 'error').then(([err]) => Promise.reject(err as Error));
  spoolFailed.catch(() => undefined);
  const described = new Map<string, { displayName: string | null; icon: string | null }>(); // <channel> elements
  const channels = new Map<string, epg.GuideChannelInput>(); // channels with a kept programme
  const pendingStop = new Map<string, GuideProgramme>(); // per channel, a programme waiting for its successor's start
  let programmesInGuide = 0;
  let kept = 0;
  let reportedAt = 0;
  const idOf = (raw: string) => (canonical ? canonical.get(raw.toLowerCase()) : raw);

  const keep = async (p: GuideProgramme, stop: number) => {
    if (stop <= p.start || stop <= window.from || p.start >= window.until) return;
    if (!channels.has(p.channel)) channels.set(p.channel, { channelId: p.channel, displayName: null, icon: null });
    kept += 1;
    const line = `${JSON.stringify([p.channel, p.start, stop, p.title, p.description, p.lang])}\n`;
    if (!spool.write(line)) await Promise.race([once(spool, 'drain'), spoolFailed]);
  };
  const take = async (events: ReturnType<XmltvParser['push']>) => {
    for (const e of events) {
      if (e.kind === 'channel') {
        const id = idOf(e.id);
        if (id && !described.get(id)?.displayName) described.set(id, { displayName: e.displayName, icon: e.icon });
        continue;
      }
      programmesInGuide += 1;
      const id = idOf(e.channel);
      if (!id) continue;
      const p = { ...e, channel: id };
      const waiting = pendingStop.get(id);
      if (waiting) {
        pendingStop.delete(id);
        await keep(waiting, p.start > waiting.start ? p.start : waiting.start + DEFAULT_LENGTH_MS);
      }
      if (p.stop === null) pendingStop.set(id, p);
      else await keep(p, p.stop);
    }
  };

  const parser = new XmltvParser();
  try {
    try {
      for await (const chunk of guideBytes(response.body)) {
        await take(parser.push(chunk));
        if (programmesInGuide - reportedAt >= 50_000) {
          reportedAt = programmesInGuide;
          await progress('download', kept);
        }
      }
      await take(parser.finish());
    } catch (err) {
      if (err instanceof XmltvSyntaxError) throw new UpstreamError('invalid_response', `The guide is not XMLTV: ${err.message}`);
      if (err instanceof UpstreamError) throw err;
      const mapped = mapNetworkError(err, target.secrets);
      throw new UpstreamError(mapped.code, `${mapped.message} (while reading the guide)`, { detail: mapped.detail ?? undefined });
    }
    for (const waiting of pendingStop.values()) await keep(waiting, waiting.start + DEFAULT_LENGTH_MS);
    spool.end();
    await Promise.race([once(spool, 'finish'), spoolFailed]);
  } finally {
    response.close();
    spool.destroy();
  }
  for (const id of channels.keys()) {
    const d = described.get(id);
    if (d) channels.set(id, { channelId: id, displayName: d.displayName, icon: d.icon });
  }
  return { channels, programmesInGuide };
}

async function* readSpool(file: string): AsyncGenerator<epg.ProgrammeInput[]> {
  const lines = readline.createInterface({ input: fs.createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let batch: epg.ProgrammeInput[] = [];
  for await (const line of lines) {
    if (!line) continue;
    const [channelId, start, stop, title, description, lang] = JSON.parse(line) as [string, number, number, string, string | null, string | null];
    batch.push({ channelId, start: new Date(start), stop: new Date(stop), title, description, lang });
    if (batch.length >= BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}
