import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { randomUUID } from 'node:crypto';
import { transaction } from '@/db/client';
import * as epg from '@/db/queries/epg';
import type { UpstreamRow } from '@/db/queries/upstream-servers';
import { decryptSecret } from '@/lib/crypto/secret-box';
import { UpstreamError } from '@/lib/upstream';
import { defaultRetryPolicy, defaultUserAgent, mapNetworkError, openUpstream, withRetries, type HttpSettings } from '@/lib/upstream/http';
import { defaultRateLimit } from '@/lib/upstream/rate-limit';
import { UpstreamClient } from '@/lib/upstream/client';
import { guideBytes } from './guide-bytes';
import { XmltvParser, XmltvSyntaxError, type GuideProgramme } from './xmltv-parser';

const BATCH = 2000;
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

/**
 * Replaces an upstream's guide with its current `xmltv.php`: streamed, parsed as it arrives, kept
 * only for channels its live items reference (ids compared case-insensitively) and within the window
 * (now − max(1 day, archive days) .. now + 7 days). Kept programmes are spooled to a temporary file,
 * then the old guide is swapped for the new one in one transaction, so a slow download never holds a
 * transaction open and players never see half a guide. A failure throws and leaves the guide as it was.
 */
export async function ingestGuide(upstream: UpstreamRow, progress: GuideProgress, now = Date.now()): Promise<GuideResult> {
  const refs = await epg.guideReferencesOf(upstream.id);
  const canonical = new Map<string, string>();
  for (const id of refs.channelIds) if (!canonical.has(id.toLowerCase())) canonical.set(id.toLowerCase(), id);
  const from = now - Math.max(1, refs.archiveDays) * DAY;
  const until = now + FUTURE_DAYS * DAY;
  if (canonical.size === 0) {
    await transaction(() => epg.deleteGuideOf(upstream.id));
    return { channels: 0, programmes: 0 };
  }

  const spoolPath = path.join(os.tmpdir(), `neropanel-epg-${randomUUID()}.jsonl`);
  try {
    const parsed = await downloadGuide(upstream, canonical, { from, until }, spoolPath, progress);
    if (parsed.programmesInGuide === 0) {
      throw new UpstreamError('empty', 'The server answered an XMLTV guide without programmes; kept the previous guide');
    }
    await progress('store', 0);
    let programmes = 0;
    await transaction(async () => {
      await epg.deleteGuideOf(upstream.id);
      await epg.insertGuideChannels(upstream.id, [...parsed.channels.values()]);
      for await (const batch of readSpool(spoolPath)) programmes += await epg.insertProgrammes(upstream.id, batch);
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
  upstream: UpstreamRow,
  canonical: Map<string, string>,
  window: { from: number; until: number },
  spoolPath: string,
  progress: GuideProgress,
): Promise<Downloaded> {
  const password = decryptSecret(upstream.password_encrypted);
  const url = new UpstreamClient({ serverUrl: upstream.server_url, username: upstream.username, password }).xmltvUrl();
  const http: HttpSettings = {
    timeoutMs: Math.max(1, Math.round(upstream.timeout_seconds * 1000)),
    userAgent: upstream.user_agent ?? defaultUserAgent,
    rateKey: upstream.id,
    rateLimit: defaultRateLimit,
    retry: defaultRetryPolicy,
    secrets: [password],
  };
  const response = await withRetries(() => openUpstream(url, http), http.retry, http.secrets);
  const spool = fs.createWriteStream(spoolPath, { encoding: 'utf8' });
  const spoolFailed = once(spool, 'error').then(([err]) => Promise.reject(err as Error));
  spoolFailed.catch(() => undefined);
  const channels = new Map<string, epg.GuideChannelInput>();
  const pendingStop = new Map<string, GuideProgramme>(); // per channel, a programme waiting for its successor's start
  let programmesInGuide = 0;
  let kept = 0;
  let reportedAt = 0;

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
        const id = canonical.get(e.id.toLowerCase());
        if (id && !channels.get(id)?.displayName) channels.set(id, { channelId: id, displayName: e.displayName, icon: e.icon });
        continue;
      }
      programmesInGuide += 1;
      const id = canonical.get(e.channel.toLowerCase());
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
    if (/text\/html/i.test(response.contentType)) {
      throw new UpstreamError('not_xtream', 'The server answered xmltv.php with an HTML page, not an XMLTV guide');
    }
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
      if (err instanceof XmltvSyntaxError) throw new UpstreamError('invalid_response', `The server's guide is not XMLTV: ${err.message}`);
      if (err instanceof UpstreamError) throw err;
      const mapped = mapNetworkError(err, http.secrets);
      throw new UpstreamError(mapped.code, `${mapped.message} (while reading the guide)`, { detail: mapped.detail ?? undefined });
    }
    for (const waiting of pendingStop.values()) await keep(waiting, waiting.start + DEFAULT_LENGTH_MS);
    spool.end();
    await Promise.race([once(spool, 'finish'), spoolFailed]);
  } finally {
    response.body.on('error', () => undefined); // destroying an unread body reports an abort: not news
    response.body.destroy();
    spool.destroy();
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
