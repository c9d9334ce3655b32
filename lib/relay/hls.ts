import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { decryptSecret, encryptSecret } from '@/lib/crypto/secret-box';
import type { RouteSource } from '@/lib/routing/types';
import { HLS_PLAYLIST_TYPE, streamHeaders } from './content-type';
import { relayFile } from './file-relay';
import { openSource, type OpenedSource } from './open-source';
import { hlsIdleMs, type Playback } from './playback';
import { policyFor, type FetchPolicy } from '@/lib/net/ssrf-guard';

const TOKEN_TTL_S = 6 * 3600;
const MAX_PLAYLIST_BYTES = 4 * 1024 * 1024;

interface HlsTicket {
  /** absolute upstream URL */
  u: string;
  /** player account */
  l: string;
  s: string | null;
  /** the trusted host of the source the playlist came from (lib/net/ssrf-guard.ts); absent in older tokens */
  h?: string;
  /** the playback (viewer session) it belongs to: a token keeps only that one alive */
  p: string;
  /** expiry, epoch seconds */
  e: number;
}

/** Opaque, signed and encrypted: the client never sees the upstream host, path or credentials. */
export function hlsToken(ticket: Omit<HlsTicket, 'e'>): string {
  return encryptSecret(JSON.stringify({ ...ticket, e: Math.floor(Date.now() / 1000) + TOKEN_TTL_S })).replace(/:/g, '.');
}

export function readHlsToken(token: string): HlsTicket | null {
  try {
    const t = JSON.parse(decryptSecret(token.replace(/\./g, ':'))) as HlsTicket;
    return t.e > Date.now() / 1000 ? t : null;
  } catch {
    return null;
  }
}

const extOf = (url: string) => /\.([A-Za-z0-9]{1,5})$/.exec(new URL(url).pathname)?.[1]?.toLowerCase() ?? 'ts';

/** Rewrites every segment, variant, key and map URI to a panel URL, resolving each against `finalUrl`. */
export function rewritePlaylist(text: string, finalUrl: string, panelUrl: (absolute: string) => string): string {
  const rewrite = (uri: string) => panelUrl(new URL(uri, finalUrl).toString());
  return text
    .split(/\r?\n/)
    .map((line) => {
      const trimmed = line.trim();
      if (!trimmed) return line;
      if (trimmed.startsWith('#')) return line.replace(/URI="([^"]+)"/g, (_, uri: string) => `URI="${rewrite(uri)}"`);
      return rewrite(trimmed);
    })
    .join('\n');
}

/** The whole body, at most `max` bytes, within `timeoutMs`; null when bigger, slower or broken. */
function readBounded(body: Readable, max: number, timeoutMs: number): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (value: Buffer | null) => {
      clearTimeout(timer);
      body.removeAllListeners('data');
      resolve(value);
    };
    const timer = setTimeout(() => done(null), timeoutMs);
    body.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) return done(null);
      chunks.push(c);
    });
    body.once('end', () => done(Buffer.concat(chunks)));
    body.once('error', () => done(null));
    body.once('close', () => done(null));
  });
}

/** An upstream playlist through the guarded client (redirects followed, each hop checked). */
async function fetchPlaylist(url: string, timeoutMs: number, policy: FetchPolicy, headers: Readonly<Record<string, string>> | undefined): Promise<{ text: string; finalUrl: string } | null> {
  let opened: OpenedSource | null = null;
  try {
    opened = await openSource(url, { timeoutMs, policy, headers });
    if (opened.status < 200 || opened.status >= 300) return null;
    const bytes = await readBounded(opened.body, MAX_PLAYLIST_BYTES, timeoutMs);
    const text = bytes?.toString('utf8');
    if (!text || !text.trimStart().startsWith('#EXTM3U')) return null;
    return { text, finalUrl: opened.url };
  } catch {
    return null;
  } finally {
    if (opened && !opened.body.readableEnded) opened.abort();
  }
}

/**
 * `/hls/{publicId}~{token}.{ext}`: the channel's id in front lets nginx send segments to the replica
 * that answered the playlist (and holds the playback), as it does for `/live/.../{id}.m3u8`.
 */
function hlsUrl(baseUrl: string, playback: Playback, ticket: Omit<HlsTicket, 'e'>): string {
  return `${baseUrl}/hls/${playback.session.publicId}~${hlsToken(ticket)}.${extOf(ticket.u)}`;
}

/** The playback lives two target durations (plus a grace) past its last fetch. */
function followTargetDuration(playback: Playback, text: string) {
  const target = Number(/#EXT-X-TARGETDURATION:\s*(\d{1,4})/.exec(text)?.[1]);
  if (target > 0) playback.idleMs = hlsIdleMs(target);
}

function sendPlaylist(res: ServerResponse, body: string) {
  res.writeHead(200, { ...streamHeaders(HLS_PLAYLIST_TYPE), 'Cache-Control': 'no-store' }).end(body);
}

/** A live `.m3u8`: the upstream playlist (redirects followed) with every URI pointing back at the panel. */
export async function serveHlsPlaylist(res: ServerResponse, sources: RouteSource[], baseUrl: string, lineId: string, playback: Playback): Promise<void> {
  for (const source of sources) {
    const policy = policyFor(source.url, source.upstreamId);
    const got = await fetchPlaylist(source.url, source.timeoutSeconds * 1000, policy, source.headers);
    if (!got) continue;
    followTargetDuration(playback, got.text);
    playback.session.upstreamId = source.upstreamId;
    playback.sourceHeaders = source.headers;
    const body = rewritePlaylist(got.text, got.finalUrl, (abs) => hlsUrl(baseUrl, playback, { u: abs, l: lineId, s: source.upstreamId, h: policy.trustedHost, p: playback.ref }));
    return sendPlaylist(res, body);
  }
  res.writeHead(502, { 'Content-Type': 'text/plain' }).end('Upstream unavailable\n');
}

/** `/hls/{token}.{ext}`: a nested playlist (rewritten again) or a segment/key (relayed). */
export async function serveHlsTicket(req: IncomingMessage, res: ServerResponse, ticket: HlsTicket, baseUrl: string, playback: Playback): Promise<void> {
  const source: RouteSource = {
    upstreamId: ticket.s, upstreamName: null, publicId: 0, url: ticket.u, maskedUrl: '', timeoutSeconds: 15, headers: playback.sourceHeaders, maxConnections: null,
  };
  const ext = extOf(ticket.u);
  // Every URI in a playlist is the provider's word: held to the host the playlist's source was configured with.
  const policy: FetchPolicy = { trustedHost: ticket.h ?? '', upstreamId: ticket.s };
  if (ext === 'm3u8' || ext === 'm3u') {
    const got = await fetchPlaylist(ticket.u, 15_000, policy, playback.sourceHeaders);
    if (!got) return void res.writeHead(502, { 'Content-Type': 'text/plain' }).end('Upstream unavailable\n');
    followTargetDuration(playback, got.text);
    return sendPlaylist(res, rewritePlaylist(got.text, got.finalUrl, (abs) => hlsUrl(baseUrl, playback, { u: abs, l: ticket.l, s: ticket.s, h: policy.trustedHost, p: ticket.p })));
  }
  // Segments are short requests: they count on the playback's viewer slot and upstream slot.
  const session = playback.session;
  await relayFile(req, res, [source], ext, (n) => {
    session.bytes += n;
    session.lastActivity = Date.now();
  }, playback.takeSlot, policy);
}
