// A fast live source for the relay bench, run as its own process (`node --import tsx bench/relay-source.ts`)
// so its CPU is not the panel's or the bench's. It is a tiny Xtream provider:
// - `GET /live/{u}/{p}/{id}.ts`: `video/mp2t`, a preallocated ~1 MB buffer of valid 188-byte TS packets
//   written in a loop with backpressure, forever (until the client goes away);
// - `player_api.php`: the login payload and the category and stream lists a sync needs (a handful of items);
// - `GET /stats`: open connections per path and connections opened so far (JSON).
// Prints `listening <port>` on stdout once it listens on 127.0.0.1.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const USER = process.env.SOURCE_USER ?? 'src';
const PASS = process.env.SOURCE_PASS ?? 'srcpw';
const LIVE = Number(process.env.SOURCE_LIVE ?? 5);
const TS = 188;
/** Channels listed here are paced at SOURCE_PACE_BPS bytes/s (a real live stream's rate) instead of as fast as possible. */
const PACED = new Set((process.env.SOURCE_PACED_IDS ?? '').split(',').filter(Boolean).map(Number));
const PACE_BPS = Number(process.env.SOURCE_PACE_BPS ?? 2_000_000);
const PACE_TICK_MS = 20;
const PACKETS = Math.floor((1024 * 1024) / TS); // 5577 packets, 1,048,476 bytes

/** Null packets (PID 0x1FFF) with a running continuity counter; 0xFF payload, so 0x47 only at packet starts. */
function tsBuffer(): Buffer {
  const buf = Buffer.alloc(PACKETS * TS, 0xff);
  for (let i = 0; i < PACKETS; i++) {
    const o = i * TS;
    buf[o] = 0x47;
    buf[o + 1] = 0x1f;
    buf[o + 2] = 0xff;
    buf[o + 3] = 0x10 | (i & 0x0f);
  }
  return buf;
}
const CHUNK = tsBuffer();

const open: Record<string, number> = {};
let opened = 0;
let bytesWritten = 0;

const now = () => Math.floor(Date.now() / 1000);
const categories = (type: string) => [{ category_id: '1', category_name: `Bench ${type}`, parent_id: 0 }];
const lists: Record<string, () => unknown> = {
  get_live_categories: () => categories('live'),
  get_vod_categories: () => categories('movies'),
  get_series_categories: () => categories('series'),
  get_live_streams: () =>
    Array.from({ length: LIVE }, (_, i) => ({
      num: i + 1,
      name: `Bench channel ${i + 1}`,
      stream_type: 'live',
      stream_id: i + 1,
      stream_icon: '',
      epg_channel_id: `bench${i + 1}.tv`,
      added: String(now()),
      category_id: '1',
      category_ids: [1],
      custom_sid: '',
      tv_archive: 0,
      direct_source: '',
      tv_archive_duration: 0,
    })),
  get_vod_streams: () =>
    [1, 2].map((id) => ({
      num: id,
      name: `Bench movie ${id}`,
      stream_type: 'movie',
      stream_id: 100 + id,
      stream_icon: '',
      rating: '5',
      rating_5based: 2.5,
      added: String(now()),
      category_id: '1',
      category_ids: [1],
      container_extension: 'mp4',
      custom_sid: '',
      direct_source: '',
    })),
  get_series: () => [
    {
      num: 1,
      name: 'Bench series',
      series_id: 201,
      cover: '',
      plot: '',
      cast: '',
      director: '',
      genre: '',
      releaseDate: '2024-01-01',
      last_modified: String(now()),
      rating: '5',
      rating_5based: 2.5,
      backdrop_path: [],
      youtube_trailer: '',
      episode_run_time: '40',
      category_id: '1',
      category_ids: [1],
    },
  ],
};

function json(res: http.ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function loginPayload(port: number) {
  return {
    user_info: {
      username: USER,
      password: PASS,
      message: '',
      auth: 1,
      status: 'Active',
      exp_date: null,
      is_trial: '0',
      active_cons: '0',
      created_at: '1700000000',
      max_connections: '1000',
      allowed_output_formats: ['ts', 'm3u8'],
    },
    server_info: { url: '127.0.0.1', port: String(port), https_port: '', server_protocol: 'http', rtmp_port: '', timezone: 'UTC', timestamp_now: now(), time_now: '', process: true },
  };
}

function live(res: http.ServerResponse, key: string, paced: boolean) {
  open[key] = (open[key] ?? 0) + 1;
  opened += 1;
  let closed = false;
  res.once('close', () => {
    closed = true;
    if (--open[key] === 0) delete open[key];
  });
  res.writeHead(200, { 'content-type': 'video/mp2t', 'cache-control': 'no-store' });
  if (paced) {
    // Whole packets per tick at PACE_BPS; a tick whose write is still queued is skipped (backpressure).
    const per = Math.max(1, Math.round((PACE_BPS * PACE_TICK_MS) / 1000 / TS)) * TS;
    let at = 0;
    let due = performance.now();
    let blocked = false;
    const timer = setInterval(() => {
      if (closed) return clearInterval(timer);
      const now = performance.now();
      while (!blocked && due <= now) {
        due += PACE_TICK_MS;
        if (at + per > CHUNK.length) at = 0;
        bytesWritten += per;
        if (!res.write(CHUNK.subarray(at, at + per))) {
          blocked = true;
          res.once('drain', () => (blocked = false));
        }
        at += per;
      }
      if (blocked) due = Math.max(due, now);
    }, PACE_TICK_MS);
    return;
  }
  const pump = () => {
    while (!closed) {
      bytesWritten += CHUNK.length;
      if (!res.write(CHUNK)) return void res.once('drain', pump);
    }
  };
  pump();
}

/** One hour-long programme per channel around now: a sync keeps an empty guide as a failure (partial). */
function guide(): string {
  const at = (ms: number) => new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14) + ' +0000';
  const now = Date.now();
  const items = Array.from({ length: LIVE }, (_, i) => {
    const id = `bench${i + 1}.tv`;
    return `<channel id="${id}"><display-name>Bench ${i + 1}</display-name></channel><programme start="${at(now - 1_800_000)}" stop="${at(now + 1_800_000)}" channel="${id}"><title>Bench programme</title></programme>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?><tv>${items.join('')}</tv>`;
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const port = (server.address() as AddressInfo).port;
  if (url.pathname === '/stats') return json(res, 200, { open, opened, bytesWritten });
  if (url.pathname === '/player_api.php') {
    if (url.searchParams.get('username') !== USER || url.searchParams.get('password') !== PASS) return json(res, 200, { user_info: { auth: 0 } });
    const action = url.searchParams.get('action') ?? '';
    if (!action) return json(res, 200, loginPayload(port));
    const list = lists[action];
    return json(res, 200, list ? list() : []);
  }
  if (url.pathname === '/xmltv.php') {
    res.writeHead(200, { 'content-type': 'application/xml' });
    return void res.end(guide());
  }
  const m = /^\/live\/([^/]+)\/([^/]+)\/(\d+)\.ts$/.exec(url.pathname);
  if (m && m[1] === USER && m[2] === PASS && Number(m[3]) >= 1 && Number(m[3]) <= LIVE) return live(res, url.pathname, PACED.has(Number(m[3])));
  res.writeHead(404, { 'content-type': 'text/plain' });
  res.end('not found\n');
});

server.listen(Number(process.env.SOURCE_PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
});
for (const sig of ['SIGTERM', 'SIGINT'] as const) {
  process.on(sig, () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}
