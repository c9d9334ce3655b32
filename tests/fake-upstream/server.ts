import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { answerApi, canonicalAction, type FakeAccount } from './api';
import { defaultSizes, findEpisode, generateCatalog, type Catalog, type CatalogSizes, type CatalogType } from './catalog';
import { sendXmltv, type FakeGuideSize } from './epg';
import { generatePlaylist, playlistText, type FakePlaylist } from './m3u';
import { defaultQuirks, type Quirks } from './quirks';
import { hostilePlaylist, sendHostileMovie } from './hostile';
import { sendLiveRealtime } from './realtime';
import { delay, sendHtml } from './respond';
import { hlsKey, hlsPlaylist, hlsSegmentPackets, hlsToken, sendFile, loopedRealRate, sendLiveFixture, sendLiveTs, streamIdOfToken, tsPackets } from './streams';

export interface FakeUpstreamOptions extends Partial<CatalogSizes> {
  username?: string;
  password?: string;
  port?: number;
  /** Serve the API below this prefix (e.g. `/sub`); then `url` includes it. */
  basePath?: string;
  /** Size of every movie and episode file. */
  fileBytes?: number;
  /** Live TS rate. */
  liveBytesPerSecond?: number;
  /** Live TS rate of single channels (by upstream stream id), over `liveBytesPerSecond`. */
  liveRates?: Record<number, number>;
  /**
   * `packets`: numbered null packets (tells which stream and position bytes came from); `fixture`: real
   * H.264 + AAC looped as is; `looped`: the same with PCR/PTS/DTS and continuity counters carried on
   * across loops (an endless channel a decoder follows), at its real rate unless `liveBytesPerSecond`;
   * `realtime`: the sample at its own pace with timestamps running on (browsers' MSE players).
   */
  liveMedia?: 'packets' | 'fixture' | 'looped' | 'realtime';
  account?: Partial<FakeAccount>;
  quirks?: Partial<Quirks>;
  /** Entries of the M3U playlist at `/playlist.m3u`. */
  playlistLive?: number;
  playlistMovies?: number;
  /** xmltv.php's size (default: six half-hour programmes for every channel with a guide id). */
  guide?: FakeGuideSize;
  /** Logos and posters on this server (`/art/...`, a real PNG) instead of the unreachable img.fake host. */
  artwork?: boolean;
  /** xmltv.php sends ETag and Last-Modified and answers a matching conditional request with 304 (many providers send neither). */
  guideValidators?: boolean;
}

// A real 1×1 PNG: what a provider's logo and poster host answers.
const ART_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

export interface FakeRequest {
  path: string;
  action: string | null;
  /** `performance.now()` when the request arrived. */
  at: number;
  /** The User-Agent header the request carried ('' without one). */
  userAgent: string;
  /** The query string as sent ('' or '?...'). */
  search: string;
}

export interface FakeUpstream {
  url: string;
  port: number;
  username: string;
  password: string;
  quirks: Quirks;
  catalog: Catalog;
  account: FakeAccount;
  requests: FakeRequest[];
  stats: { openLive: Record<string, number>; liveOpened: number; artwork: Record<string, number> };
  /** Catch-up requests as the provider received them (start as written in the URL). */
  timeshift: { streamId: number; minutes: number; start: string; extension: string }[];
  /** Extra XMLTV documents served at `/guides/{name}` (plain, or gzip when the name ends in .gz); null answers 500. */
  guides: Map<string, string | null>;
  /** xmltv.php's edition: raise it and the guide changes (every title says its edition). */
  guideEdition: number;
  /** xmltv.php answers: 200 with the guide, or 304 to a conditional request (guideValidators). */
  guideAnswers: { full: number; notModified: number };
  /** The M3U playlist at `/playlist.m3u` (its streams at /m3u/live/{n}.ts and /m3u/movie/{n}.mp4). */
  playlist: FakePlaylist;
  close(): Promise<void>;
  /** Removes the last `n` items of a type; returns their ids. */
  dropItems(type: CatalogType, n: number): number[];
  /** Renames the first `n` items of a type; returns their ids. */
  renameItems(type: CatalogType, n: number): number[];
  /** Back to the generated catalog, default quirks, no ban, empty request log. */
  reset(): void;
}

const defaultAccount: FakeAccount = { status: 'Active', expDate: 1_798_761_600, maxConnections: 2, activeConnections: 0, isTrial: false };

export async function startFakeUpstream(options: FakeUpstreamOptions = {}): Promise<FakeUpstream> {
  const sizes: CatalogSizes = {
    live: options.live ?? defaultSizes.live,
    vod: options.vod ?? defaultSizes.vod,
    series: options.series ?? defaultSizes.series,
    categoriesPerType: options.categoriesPerType ?? defaultSizes.categoriesPerType,
    episodesPerSeries: options.episodesPerSeries ?? defaultSizes.episodesPerSeries,
  };
  const basePath = (options.basePath ?? '').replace(/\/+$/, '');
  const fileBytes = options.fileBytes ?? 1024 * 1024;
  const liveBytesPerSecond = options.liveBytesPerSecond ?? 250_000;
  const epgStart = Math.floor(Date.now() / 3_600_000) * 3600 - 3600;
  let banned = false;
  let recent: number[] = [];

  const fake: FakeUpstream = {
    url: '',
    port: 0,
    username: options.username ?? 'user',
    password: options.password ?? 'pass',
    quirks: { ...defaultQuirks(), ...options.quirks },
    catalog: generateCatalog(sizes),
    account: { ...defaultAccount, ...options.account },
    requests: [],
    stats: { openLive: {}, liveOpened: 0, artwork: {} },
    timeshift: [],
    guides: new Map(),
    guideEdition: 0,
    guideAnswers: { full: 0, notModified: 0 },
    playlist: generatePlaylist(options.playlistLive ?? 0, options.playlistMovies ?? 0),
    close: async () => undefined,
    dropItems(type, n) {
      const removed = fake.catalog[type].splice(Math.max(0, fake.catalog[type].length - n), n);
      return removed.map((item) => item.id);
    },
    renameItems(type, n) {
      return fake.catalog[type].slice(0, n).map((item) => {
        item.name = `${item.name} (renamed)`;
        return item.id;
      });
    },
    reset() {
      fake.catalog = generateCatalog(sizes);
      if (options.artwork && fake.port) pointArtworkAt(fake.catalog, `http://127.0.0.1:${fake.port}/art`);
      fake.quirks = { ...defaultQuirks(), ...options.quirks };
      fake.account = { ...defaultAccount, ...options.account };
      fake.requests.length = 0;
      fake.timeshift.length = 0;
      fake.playlist = generatePlaylist(options.playlistLive ?? 0, options.playlistMovies ?? 0);
      fake.guideEdition = 0;
      fake.guideAnswers = { full: 0, notModified: 0 };
      banned = false;
      recent = [];
    },
  };

  const credentialsOk = (u: string, p: string) => u === fake.username && p === fake.password;

  /** Counts a live stream opened under `key`; the function it returns counts it closed. */
  function countLiveOpened(key: string): () => void {
    fake.stats.openLive[key] = (fake.stats.openLive[key] ?? 0) + 1;
    fake.stats.liveOpened += 1;
    return () => {
      const left = (fake.stats.openLive[key] ?? 1) - 1;
      if (left > 0) fake.stats.openLive[key] = left;
      else delete fake.stats.openLive[key];
    };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const underBase = basePath !== '' && (url.pathname === basePath || url.pathname.startsWith(`${basePath}/`));
    const path = underBase ? url.pathname.slice(basePath.length) : url.pathname;
    const isApi = path === '/player_api.php';
    const now = performance.now();
    fake.requests.push({ path: url.pathname, action: isApi ? canonicalAction(url.searchParams.get('action')) : null, at: now, userAgent: String(req.headers['user-agent'] ?? ''), search: url.search });

    const ban = fake.quirks.banAfter;
    if (ban && !banned) {
      recent = [...recent.filter((t) => now - t < ban.windowMs), now];
      if (recent.length > ban.requests) banned = true;
    }
    if (banned) return sendHtml(res, 403, '403 Forbidden', 'Access denied');
    if (path.startsWith('/art/')) {
      fake.stats.artwork[path] = (fake.stats.artwork[path] ?? 0) + 1;
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': ART_PNG.length });
      return void res.end(ART_PNG);
    }
    if (fake.quirks.slowMs > 0) await delay(fake.quirks.slowMs, res);

    if (isApi || path === '/panel_api.php') {
      if (basePath !== '' && !underBase) return sendHtml(res, 404, '404 Not Found', 'The requested URL was not found on this server.');
      if (fake.quirks.htmlError) return sendHtml(res, fake.quirks.htmlErrorStatus, 'Error', 'Something went wrong. Please contact support.');
      if (fake.quirks.status500Times > 0) {
        fake.quirks.status500Times -= 1;
        return sendHtml(res, 500, '500 Internal Server Error', 'The server encountered an internal error.');
      }
      if (fake.quirks.errorObject !== false) {
        const message = typeof fake.quirks.errorObject === 'string' ? fake.quirks.errorObject : 'Service temporarily unavailable';
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end(JSON.stringify({ error: message }));
      }
      return answerApi(res, url.searchParams, {
        catalog: fake.catalog,
        quirks: fake.quirks,
        account: fake.account,
        username: fake.username,
        password: fake.password,
        port: fake.port,
        epgStart,
      });
    }
    if (path === '/playlist.m3u') {
      if (fake.playlist.fail) return sendHtml(res, 500, '500 Internal Server Error', 'The playlist is being rebuilt.');
      const text = playlistText(fake.playlist, `http://127.0.0.1:${fake.port}`);
      res.writeHead(200, { 'content-type': fake.playlist.gzip ? 'application/gzip' : 'audio/x-mpegurl' });
      return void res.end(fake.playlist.gzip ? gzipSync(text) : text);
    }
    const m3uStream = /^\/m3u\/(live|movie)\/(\d+)\.(ts|mp4)$/.exec(path);
    if (m3uStream) {
      const n = Number(m3uStream[2]);
      const entry = fake.playlist.entries.find((e) => e.n === n && e.kind === m3uStream[1]);
      if (!entry) return sendHtml(res, 404, '404 Not Found', 'No such entry');
      if (entry.kind === 'movie') return sendFile(req, res, n, 'mp4', fileBytes);
      const closed = countLiveOpened(`m3u-${n}`);
      if (options.liveMedia === 'fixture') return sendLiveFixture(res, liveBytesPerSecond, closed);
      return sendLiveTs(res, n, liveBytesPerSecond, closed);
    }
    const extraGuide = /^\/guides\/([A-Za-z0-9._-]+)$/.exec(path);
    if (extraGuide && fake.guides.has(extraGuide[1])) {
      const text = fake.guides.get(extraGuide[1]);
      if (text === null || text === undefined) return sendHtml(res, 500, '500 Internal Server Error', 'The guide is being rebuilt.');
      const gz = extraGuide[1].endsWith('.gz');
      res.writeHead(200, { 'content-type': gz ? 'application/gzip' : 'application/xml' });
      return void res.end(gz ? gzipSync(text) : text);
    }
    if (path === '/xmltv.php') {
      if (!credentialsOk(url.searchParams.get('username') ?? '', url.searchParams.get('password') ?? '')) {
        return sendHtml(res, 401, '401 Unauthorized', 'Invalid credentials');
      }
      if (fake.quirks.xmltvFailure === 'status500') return sendHtml(res, 500, '500 Internal Server Error', 'The server encountered an internal error.');
      if (fake.quirks.xmltvFailure === 'html') return sendHtml(res, 200, 'Error', 'Something went wrong. Please contact support.');
      if (fake.quirks.xmltvFailure === 'cut') {
        res.writeHead(200, { 'content-type': 'application/xml; charset=utf-8' });
        res.write('<?xml version="1.0" encoding="UTF-8"?>\n<tv generator-info-name="fake-upstream">\n  <channel id="cut.fake"><display-name>Cut</display-name></channel>\n  <programme start="2');
        return void setTimeout(() => res.destroy(), 20);
      }
      let headers: Record<string, string> | undefined;
      if (options.guideValidators) {
        // The guide's edition decides both validators; the catalog's channels are taken as fixed.
        headers = { etag: `"fake-guide-${fake.guideEdition}"`, 'last-modified': new Date((epgStart + fake.guideEdition) * 1000).toUTCString() };
        const ifNoneMatch = req.headers['if-none-match'];
        const ifModifiedSince = req.headers['if-modified-since'];
        if (ifNoneMatch ? ifNoneMatch === headers.etag : ifModifiedSince === headers['last-modified']) {
          fake.guideAnswers.notModified += 1;
          res.writeHead(304, headers);
          return void res.end();
        }
      }
      fake.guideAnswers.full += 1;
      return sendXmltv(res, fake.catalog, epgStart, /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? '')), {
        offsetMinutes: fake.quirks.xmltvOffsetMinutes,
        gzipFile: fake.quirks.xmltvGzipFile,
        size: options.guide,
        edition: fake.guideEdition,
        headers,
      });
    }

    const stream = /^\/(live|movie|series)\/([^/]+)\/([^/]+)\/(\d+)\.([A-Za-z0-9]+)$/.exec(path);
    if (stream) {
      const [, kind, u, p, idText, ext] = stream;
      if (!credentialsOk(decodeURIComponent(u), decodeURIComponent(p))) return sendHtml(res, 401, '401 Unauthorized', 'Invalid credentials');
      const id = Number(idText);
      if (kind === 'live') {
        if (!fake.catalog.live.some((c) => c.id === id)) return sendHtml(res, 404, '404 Not Found', 'No such stream');
        if (ext === 'm3u8') {
          // A TS-only provider has no HLS for its channels.
          if (fake.account.allowedOutputFormats && !fake.account.allowedOutputFormats.includes('m3u8')) return sendHtml(res, 404, '404 Not Found', 'No such stream');
          res.writeHead(302, { location: `/hls/${hlsToken(id)}/index.m3u8` });
          return void res.end();
        }
        const closed = countLiveOpened(String(id));
        if (fake.quirks.liveEndsAtOnce) {
          closed();
          res.writeHead(200, { 'content-type': 'video/mp2t' });
          return void res.end();
        }
        const stalled = () => fake.quirks.liveStalled;
        if (options.liveMedia === 'fixture') return sendLiveFixture(res, liveBytesPerSecond, closed, stalled);
        if (options.liveMedia === 'looped') return sendLiveFixture(res, options.liveRates?.[id] ?? options.liveBytesPerSecond ?? loopedRealRate(), closed, stalled, true);
        if (options.liveMedia === 'realtime') return sendLiveRealtime(res, closed);
        return sendLiveTs(res, id, liveBytesPerSecond, closed, stalled);
      }
      const exists = kind === 'movie' ? fake.catalog.vod.some((m) => m.id === id) : findEpisode(fake.catalog, id) !== null;
      if (!exists) return sendHtml(res, 404, '404 Not Found', 'No such file');
      if (kind === 'movie' && sendHostileMovie(res, fake.catalog.vod.findIndex((m) => m.id === id), fake.quirks)) return;
      return sendFile(req, res, id, ext, fileBytes);
    }

    // Catch-up: /timeshift/{u}/{p}/{minutes}/{YYYY-MM-DD:HH-MM}/{id}.{ext}, a recording of the channel's archive.
    const timeshift = /^\/timeshift\/([^/]+)\/([^/]+)\/(\d+)\/([^/]+)\/(\d+)\.([A-Za-z0-9]+)$/.exec(path);
    if (timeshift) {
      const [, u, p, minutes, start, idText, ext] = timeshift;
      if (!credentialsOk(decodeURIComponent(u), decodeURIComponent(p))) return sendHtml(res, 401, '401 Unauthorized', 'Invalid credentials');
      const id = Number(idText);
      fake.timeshift.push({ streamId: id, minutes: Number(minutes), start: decodeURIComponent(start), extension: ext });
      const channel = fake.catalog.live.find((c) => c.id === id);
      if (!channel || channel.tvArchiveDays === 0) return sendHtml(res, 404, '404 Not Found', 'No archive');
      return sendFile(req, res, id, ext, fileBytes);
    }

    const hls = /^\/hls\/([A-Za-z0-9_-]+)\/(index\.m3u8|media\.m3u8|bounce\.ts|key\.bin|seg-(\d+)\.ts)$/.exec(path);
    const streamId = hls ? streamIdOfToken(hls[1]) : null;
    if (hls && streamId !== null && fake.quirks.hostile) {
      const internal = fake.quirks.hostile.internalUrl;
      if (hls[2] === 'bounce.ts') {
        res.writeHead(302, { location: `${internal}/bounce.ts` });
        return void res.end();
      }
      if (hls[2] === 'index.m3u8' || hls[2] === 'media.m3u8') {
        res.writeHead(200, { 'content-type': 'application/vnd.apple.mpegurl', 'cache-control': 'no-cache' });
        return void res.end(hostilePlaylist(hls[2], internal));
      }
    }
    if (hls && streamId !== null) {
      if (hls[2] === 'index.m3u8') {
        res.writeHead(200, { 'content-type': 'application/vnd.apple.mpegurl', 'cache-control': 'no-cache' });
        return void res.end(hlsPlaylist(`http://127.0.0.1:${fake.port}`, hls[1]));
      }
      if (hls[2] === 'key.bin') {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        return void res.end(hlsKey(streamId));
      }
      const segment = Number(hls[3]);
      const body = tsPackets(streamId, segment * hlsSegmentPackets, hlsSegmentPackets);
      res.writeHead(200, { 'content-type': 'video/mp2t', 'content-length': body.length });
      return void res.end(body);
    }
    sendHtml(res, 404, '404 Not Found', 'The requested URL was not found on this server.');
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      // The client went away mid-answer (or a test destroyed it on purpose): nothing to report.
      if (!res.headersSent) res.writeHead(500);
      res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  fake.port = (server.address() as AddressInfo).port;
  fake.url = `http://127.0.0.1:${fake.port}${basePath}`;
  if (options.artwork) pointArtworkAt(fake.catalog, `http://127.0.0.1:${fake.port}/art`);
  fake.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return fake;
}

function pointArtworkAt(catalog: Catalog, base: string) {
  const move = (u: string) => u.replace('http://img.fake', base);
  for (const c of catalog.live) c.icon = move(c.icon);
  for (const m of catalog.vod) m.icon = move(m.icon);
  for (const s of catalog.series) {
    s.cover = move(s.cover);
    s.backdrop = move(s.backdrop);
  }
}

export { defaultQuirks } from './quirks';
export type { Quirks, ListAction } from './quirks';
export type { Catalog, CatalogSizes, CatalogType } from './catalog';
export type { FakeAccount } from './api';
export { fakeFileByte, fakeFileBytes, tsPacket, tsPacketSize } from './streams';
