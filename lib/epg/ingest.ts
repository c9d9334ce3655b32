import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash, randomUUID, type Hash } from 'node:crypto';
import { transaction } from '@/db/client';
import * as epg from '@/db/queries/epg';
import { UpstreamError } from '@/lib/upstream';
import { mapNetworkError } from '@/lib/upstream/http';
import type { GuideValidators } from '@/lib/upstream/http';
import type { OpenedUrl } from '@/lib/upstream/url-source';
import { guideBytes } from './guide-bytes';
import { XmltvParser, XmltvSyntaxError, type GuideProgramme } from './xmltv-parser';

const BATCH = 5000;
// The spool is written in pieces of about this many characters and read in chunks of this many bytes.
const SPOOL_WRITE = 64 * 1024;
const SPOOL_READ = 256 * 1024;
const DAY = 86_400_000;
const FUTURE_DAYS = 7;
// A last programme without a stop (and no successor on its channel) is given this length.
const DEFAULT_LENGTH_MS = 3_600_000;
// Part of every fingerprint: bump it when what the ingest keeps from the same bytes changes.
const INGEST_VERSION = 1;
// A guide found unchanged is still stored anew after this long: the kept window moves with the clock
// (past programmes leave it, later ones enter it), and a fresh store puts it right.
const KEEP_UNCHANGED_MS = DAY;

export interface GuideResult {
  channels: number;
  programmes: number;
  /** The upstream's guide was the one stored last time (304, or the same bytes): the stored guide was kept. */
  unchanged: boolean;
}

export interface GuideProgress {
  (phase: 'download' | 'store' | 'unchanged', programmes: number): Promise<void>;
}

/** The last complete ingest of a source, as its row keeps it. */
export interface PreviousGuide extends epg.StoredGuideMark {
  storedAt: Date;
  channels: number;
  programmes: number;
}

export interface GuideTarget {
  owner: epg.GuideOwner;
  /** Only these channel ids are kept (compared case-insensitively, stored as spelled here); null keeps all. */
  onlyChannels: string[] | null;
  /** How many days back programmes are kept (catch-up); at least one. */
  archiveDays: number;
  /** Where the guide comes from (its URL, credentials included): hashed into the fingerprint, never stored. */
  identity: string;
  /** The last complete ingest, or null. */
  previous: PreviousGuide | null;
  /** Opens the guide (lib/upstream: the upstream's client, or a plain URL source), conditionally with validators. */
  open(validators?: GuideValidators): Promise<OpenedUrl>;
  /** Strings never to reach a message. */
  secrets: readonly string[];
}

/**
 * Replaces a source's guide: streamed, parsed as it arrives, kept within the window (now − max(1 day,
 * archive days) .. now + 7 days) and for the wanted channels. Kept programmes are spooled to a
 * temporary file, then the old guide is swapped for the new one in one transaction, so a slow download
 * never holds a transaction open and players never see half a guide. A failure (download, syntax, a
 * guide without programmes) throws and leaves the stored guide as it was.
 *
 * The swap records a fingerprint: what was asked (source, channels, archive days) and a SHA-256 of the
 * guide's bytes (after gunzip), with the server's ETag and Last-Modified. While that is recent and
 * covers the window, a refresh asks conditionally (a 304 keeps the stored guide), else downloads to a
 * temporary file while hashing, and parses and stores only when the bytes differ.
 */
export async function ingestGuide(target: GuideTarget, progress: GuideProgress, now = Date.now()): Promise<GuideResult> {
  let canonical: Map<string, string> | null = null;
  if (target.onlyChannels) {
    canonical = new Map();
    for (const id of target.onlyChannels) if (!canonical.has(id.toLowerCase())) canonical.set(id.toLowerCase(), id);
    if (canonical.size === 0) {
      await transaction(async () => {
        await epg.deleteGuideOf(target.owner.sourceId);
        await epg.markStoredGuide(target.owner.sourceId, null);
      });
      return { channels: 0, programmes: 0, unchanged: false };
    }
  }
  const window = { from: now - Math.max(1, target.archiveDays) * DAY, until: now + FUTURE_DAYS * DAY };
  const asked = createHash('sha256')
    .update(JSON.stringify([INGEST_VERSION, target.identity, Math.max(1, target.archiveDays), canonical ? [...canonical.values()].sort() : null]))
    .digest('hex');
  const previous = target.previous;
  const reusable =
    previous !== null &&
    previous.programmes > 0 &&
    previous.fingerprint.startsWith(`${asked}:`) &&
    now - previous.storedAt.getTime() < KEEP_UNCHANGED_MS &&
    (previous.completeUntil === null || previous.completeUntil.getTime() >= window.until);
  const unchanged = async (validators: GuideValidators): Promise<GuideResult> => {
    if (validators.etag !== previous!.etag || validators.lastModified !== previous!.lastModified) {
      await epg.updateGuideValidators(target.owner.sourceId, previous!.fingerprint, validators.etag, validators.lastModified);
    }
    await progress('unchanged', previous!.programmes);
    return { channels: previous!.channels, programmes: previous!.programmes, unchanged: true };
  };

  const spoolPath = path.join(os.tmpdir(), `neropanel-epg-${randomUUID()}.jsonl`);
  const rawPath = path.join(os.tmpdir(), `neropanel-epg-${randomUUID()}.raw`);
  const response = await target.open(reusable ? { etag: previous.etag, lastModified: previous.lastModified } : undefined);
  try {
    if (response.notModified) {
      if (!reusable) throw new UpstreamError('invalid_response', 'The server answered 304 Not Modified to a plain request for the guide');
      return await unchanged(response.validators);
    }
    const hash = createHash('sha256');
    let digest: string | undefined;
    let bytes: AsyncIterable<Buffer>;
    if (reusable) {
      // Most likely the guide stored last time: hash it on its way to a file, parse it only if it differs.
      await readGuide(target, async () => {
        const raw = fs.createWriteStream(rawPath);
        const rawFailed = once(raw, 'error').then(([err]) => Promise.reject(err as Error));
        rawFailed.catch(() => undefined);
        try {
          for await (const chunk of guideBytes(tee(response.body, raw, rawFailed))) hash.update(chunk);
          raw.end();
          await Promise.race([once(raw, 'finish'), rawFailed]);
        } finally {
          raw.destroy();
        }
      });
      response.close();
      digest = hash.digest('hex');
      if (`${asked}:${digest}` === previous.fingerprint) return await unchanged(response.validators);
      bytes = guideBytes(fs.createReadStream(rawPath));
    } else {
      bytes = hashed(guideBytes(response.body), hash);
    }
    const parsed = await readGuide(target, () => parseGuide(bytes, canonical, window, spoolPath, progress));
    response.close();
    if (parsed.programmesInGuide === 0) {
      throw new UpstreamError('empty', 'The guide has no programmes; kept the previous guide');
    }
    const fingerprint = `${asked}:${digest ?? hash.digest('hex')}`;
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
        const next = epg.insertProgrammeRows(target.owner, batch);
        next.catch(() => undefined); // a failure is thrown where it is awaited, below
        if (inFlight) programmes += await inFlight;
        inFlight = next;
      }
      if (inFlight) programmes += await inFlight;
      // In the swap's transaction: only a guide stored whole is ever taken for the one read last time.
      const completeUntil = parsed.laterStart === null ? null : new Date(parsed.laterStart);
      await epg.markStoredGuide(target.owner.sourceId, { fingerprint, ...response.validators, completeUntil });
    });
    return { channels: parsed.channels.size, programmes, unchanged: false };
  } finally {
    response.close();
    await Promise.all([fs.promises.rm(spoolPath, { force: true }), fs.promises.rm(rawPath, { force: true })]);
  }
}

/** The body as it arrives, each chunk also written to `sink` (its backpressure respected). */
async function* tee(body: AsyncIterable<Buffer>, sink: fs.WriteStream, failed: Promise<never>): AsyncGenerator<Buffer> {
  for await (const chunk of body) {
    if (!sink.write(chunk)) await Promise.race([once(sink, 'drain'), failed]);
    yield chunk;
  }
}

/** The bytes, hashed as they pass. */
async function* hashed(bytes: AsyncIterable<Buffer>, hash: Hash): AsyncGenerator<Buffer> {
  for await (const chunk of bytes) {
    hash.update(chunk);
    yield chunk;
  }
}

/** Runs a step that reads the guide: its failures become UpstreamErrors an admin can read. */
async function readGuide<T>(target: GuideTarget, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (err) {
    if (err instanceof XmltvSyntaxError) throw new UpstreamError('invalid_response', `The guide is not XMLTV: ${err.message}`);
    if (err instanceof UpstreamError) throw err;
    if (err instanceof Error && 'path' in err) throw err; // the temporary files (a full disk): not the provider's fault
    const mapped = mapNetworkError(err, target.secrets);
    throw new UpstreamError(mapped.code, `${mapped.message} (while reading the guide)`, { detail: mapped.detail ?? undefined });
  }
}

interface Parsed {
  channels: Map<string, epg.GuideChannelInput>;
  programmesInGuide: number;
  /** The earliest start of a programme left out for starting past the window, or null. */
  laterStart: number | null;
}

async function parseGuide(
  bytes: AsyncIterable<Buffer>,
  canonical: Map<string, string> | null,
  window: { from: number; until: number },
  spoolPath: string,
  progress: GuideProgress,
): Promise<Parsed> {
  const spool = fs.createWriteStream(spoolPath, { encoding: 'utf8' });
  const spoolFailed = once(spool, 'error').then(([err]) => Promise.reject(err as Error));
  spoolFailed.catch(() => undefined);
  const described = new Map<string, { displayName: string | null; icon: string | null }>(); // <channel> elements
  const channels = new Map<string, epg.GuideChannelInput>(); // channels with a kept programme
  const pendingStop = new Map<string, GuideProgramme>(); // per channel, a programme waiting for its successor's start
  let programmesInGuide = 0;
  let kept = 0;
  let reportedAt = 0;
  let laterStart: number | null = null;
  const idOf = (raw: string) => (canonical ? canonical.get(raw.toLowerCase()) : raw);

  // Kept lines go to the spool SPOOL_WRITE characters at a time: one write (and one buffer held until
  // the file has it) per ~300 programmes, not per programme.
  let pending = '';
  const flush = async () => {
    const text = pending;
    pending = '';
    if (text && !spool.write(text)) await Promise.race([once(spool, 'drain'), spoolFailed]);
  };
  const keep = async (p: GuideProgramme, stop: number) => {
    if (p.start >= window.until && stop > p.start) laterStart = laterStart === null ? p.start : Math.min(laterStart, p.start);
    if (stop <= p.start || stop <= window.from || p.start >= window.until) return;
    if (!channels.has(p.channel)) channels.set(p.channel, { channelId: p.channel, displayName: null, icon: null });
    kept += 1;
    pending += `${JSON.stringify([p.channel, p.start, stop, p.title, p.description, p.lang])},\n`;
    if (pending.length >= SPOOL_WRITE) await flush();
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
      const p = e;
      p.channel = id;
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
    for await (const chunk of bytes) {
      await take(parser.push(chunk));
      if (programmesInGuide - reportedAt >= 50_000) {
        reportedAt = programmesInGuide;
        await progress('download', kept);
      }
    }
    await take(parser.finish());
    for (const waiting of pendingStop.values()) await keep(waiting, waiting.start + DEFAULT_LENGTH_MS);
    await flush();
    spool.end();
    await Promise.race([once(spool, 'finish'), spoolFailed]);
  } finally {
    spool.destroy();
  }
  for (const id of channels.keys()) {
    const d = described.get(id);
    if (d) channels.set(id, { channelId: id, displayName: d.displayName, icon: d.icon });
  }
  return { channels, programmesInGuide, laterStart };
}

/**
 * The spool in batches of BATCH programmes, each the JSON array of their rows as bytes: its lines
 * (`[row],`) cut at newline bytes and joined as they are, never decoded or parsed here (the database
 * reads the rows). Outside the JS heap: a guide's text decodes to strings too large for V8's young
 * generation (they go straight to the old one and stay until a full collection).
 */
async function* readSpool(file: string): AsyncGenerator<Buffer> {
  let parts: Buffer[] = [];
  let lines = 0;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: SPOOL_READ }) as AsyncIterable<Buffer>) {
    let from = 0;
    for (let nl = chunk.indexOf(0x0a); nl >= 0; nl = chunk.indexOf(0x0a, nl + 1)) {
      if (++lines < BATCH) continue;
      parts.push(chunk.subarray(from, nl));
      yield rowsOf(parts);
      parts = [];
      lines = 0;
      from = nl + 1;
    }
    if (from < chunk.length) parts.push(chunk.subarray(from));
  }
  const rest = rowsOf(parts);
  if (rest.length > 2) yield rest;
}

const OPEN = Buffer.from('[');
const CLOSE = Buffer.from(']');

/** Spool lines (`[row],` each, newline-separated) as one JSON array: the last comma becomes a space. */
function rowsOf(parts: Buffer[]): Buffer {
  const rows = Buffer.concat([OPEN, ...parts, CLOSE]);
  let end = rows.length - 2;
  while (end > 0 && (rows[end] === 0x0a || rows[end] === 0x0d || rows[end] === 0x20)) end -= 1;
  if (rows[end] === 0x2c) rows[end] = 0x20;
  return end > 0 ? rows : CLOSE.subarray(0, 0);
}
