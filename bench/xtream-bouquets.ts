import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { startNginx } from './nginx';
import { adminSession, random } from './panel';
import { median, table } from './report';
import { luaPathCycle, runWrk, WRK, type WrkResult } from './wrk';

// Issue 11, must-show 5: 50 accounts over 5 different bouquet sets, each about half of the movies.
export const BOUQUET_SETS = 5;
export const BOUQUET_ACCOUNTS = 50;
const BUDGET_RATIO = 0.4;

type Api = Awaited<ReturnType<typeof adminSession>>;

export interface BouquetBenchResult {
  markdown: string;
  ratio: number;
  ok: boolean;
}

async function must(api: Api, p: string, init: { method?: string; body?: unknown } = {}, status = 200) {
  const res = await api(p, init);
  if (res.status !== status) throw new Error(`${init.method ?? 'GET'} ${p}: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  return res.body as Record<string, unknown>;
}

/** A list's raw gzip bytes (no transparent decoding) and its item count. */
function gzipList(url: string): Promise<{ gzip: Buffer; items: number }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const gzip = Buffer.concat(chunks);
          if (res.statusCode !== 200 || res.headers['content-encoding'] !== 'gzip') return reject(new Error(`${url}: HTTP ${res.statusCode}, ${res.headers['content-encoding']}`));
          resolve({ gzip, items: (JSON.parse(zlib.gunzipSync(gzip).toString('utf8')) as unknown[]).length });
        });
      })
      .on('error', reject);
  });
}

/** Bytes of the list cache per bouquet set, from the panel's own gauge. */
async function cacheBytesBySet(api: Api): Promise<Map<string, number>> {
  const res = await api('/api/metrics');
  const out = new Map<string, number>();
  for (const m of String(res.body).matchAll(/^neropanel_list_cache_set_bytes\{bouquets="([^"]*)"\} (\d+(?:\.\d+)?)/gm)) out.set(m[1], Number(m[2]));
  return out;
}

const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });
const ms = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(1));

/**
 * Five bouquets, each half of the movie categories (a different half), 50 accounts spread over them;
 * wrk cycles through the 50 accounts' `get_vod_streams` while nginx cycles through the 5 sets' bytes.
 */
export async function benchBouquetSets(baseUrl: string, runs: number): Promise<BouquetBenchResult> {
  const api = await adminSession(baseUrl);
  const cats = (await must(api, '/api/categories?type=movie&pageSize=500')).items as { id: number; source: string; itemCount: number }[];
  const movieCats = cats.filter((c) => c.source === 'upstream');
  if (movieCats.length < 2) throw new Error('the bench catalog needs several movie categories');
  const half = Math.ceil(movieCats.length / 2);
  const bouquets: { id: string; movies: number }[] = [];
  for (let b = 0; b < BOUQUET_SETS; b++) {
    const chosen = Array.from({ length: half }, (_, j) => movieCats[(b + j) % movieCats.length]);
    const created = await must(api, '/api/bouquets', { method: 'POST', body: { name: `bench set ${b + 1}`, categories: chosen.map((c) => ({ type: 'movie', categoryId: c.id })) } }, 201);
    bouquets.push({ id: String(created.id), movies: (created.itemCounts as { movie: number }).movie });
  }
  const accounts: { username: string; password: string; set: number }[] = [];
  for (let i = 0; i < BOUQUET_ACCOUNTS; i++) {
    const account = { username: `bench.set${i % BOUQUET_SETS}.${i}`, password: random().slice(0, 24), set: i % BOUQUET_SETS };
    await must(api, '/api/lines', { method: 'POST', body: { username: account.username, password: account.password, maxConnections: 0, bouquetIds: [bouquets[account.set].id] } }, 201);
    accounts.push(account);
  }
  const pathOf = (a: { username: string; password: string }) => `/player_api.php?username=${a.username}&password=${a.password}&action=get_vod_streams`;

  // Every account's list once (the first of each set builds it); each set's bytes for nginx.
  const bodies: { gzip: Buffer; items: number }[] = [];
  for (const a of accounts) {
    const body = await gzipList(`${baseUrl}${pathOf(a)}`);
    if (body.items !== bouquets[a.set].movies) throw new Error(`${a.username}: ${body.items} movies, the bouquet has ${bouquets[a.set].movies}`);
    bodies[a.set] ??= body;
  }
  const nginx = await startNginx({ files: bodies.map((b, i) => ({ urlPath: `/set${i}.json.gz`, body: b.gzip, contentType: 'application/json', contentEncoding: 'gzip' })) });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'neropanel-bench-lua-'));
  try {
    const panelScript = path.join(dir, 'panel.lua');
    fs.writeFileSync(panelScript, luaPathCycle(accounts.map(pathOf)));
    const nginxScript = path.join(dir, 'nginx.lua');
    fs.writeFileSync(nginxScript, luaPathCycle(bodies.map((_, i) => `/set${i}.json.gz`)));
    const nginxBase = nginx.urls['/set0.json.gz'].replace(/\/set0\.json\.gz$/, '/');
    const wrk = async (url: string, script: string, label: string, seconds?: number) => {
      const r = await runWrk(url, { script, seconds });
      if (r.errors > r.requests / 100) throw new Error(`${label}: wrk saw ${r.errors} errors in ${r.requests} requests (${r.errorDetail})`);
      return r;
    };
    await wrk(`${baseUrl}/`, panelScript, 'warm-up panel', 3);
    await wrk(nginxBase, nginxScript, 'warm-up nginx', 3);
    const panel: WrkResult[] = [];
    const ng: WrkResult[] = [];
    for (let run = 1; run <= runs; run++) {
      panel.push(await wrk(`${baseUrl}/`, panelScript, 'panel'));
      ng.push(await wrk(nginxBase, nginxScript, 'nginx'));
      console.log(`  run ${run} bouquet sets: panel ${fmt(panel.at(-1)!.requestsPerSecond)} req/s p99 ${ms(panel.at(-1)!.p99)} ms | nginx ${fmt(ng.at(-1)!.requestsPerSecond)} req/s | ratio ${(panel.at(-1)!.requestsPerSecond / ng.at(-1)!.requestsPerSecond).toFixed(2)}`);
    }
    const bySet = await cacheBytesBySet(api);
    const ratio = median(panel.map((p, i) => p.requestsPerSecond / ng[i].requestsPerSecond));
    const ok = ratio >= BUDGET_RATIO;
    const setRows = bouquets.map((b, i) => [
      `set ${i + 1}`,
      String(accounts.filter((a) => a.set === i).length),
      fmt(b.movies),
      fmt(bodies[i].gzip.length),
      bySet.has(b.id) ? `${(bySet.get(b.id)! / 1024 / 1024).toFixed(1)} MiB` : 'not reported',
    ]);
    const markdown = `### \`get_vod_streams\` with bouquets: ${BOUQUET_ACCOUNTS} accounts over ${BOUQUET_SETS} bouquet sets

Five bouquets, each ${half} of the ${movieCats.length} movie categories (a different half each, about half of the movies),
${BOUQUET_ACCOUNTS} accounts (${BOUQUET_ACCOUNTS / BOUQUET_SETS} per bouquet) created with \`POST /api/bouquets\` and \`POST /api/lines\`
(\`bouquetIds\`). Each account's \`get_vod_streams\` is fetched once (checked: exactly the bouquet's \`itemCounts.movie\` items);
then wrk (\`${`-t${WRK.threads} -c${WRK.connections} -d${WRK.seconds}s`}\`, a Lua script) sends each request as the next of the 50 accounts,
and nginx serves the 5 sets' gzip bytes as static files, cycled the same way. The list cache's bytes per set are the
panel's \`neropanel_list_cache_set_bytes\` gauge after the runs (JSON + gzip of every list of that set built so far).
${runs === 1 ? 'One run' : `Medians of ${runs} runs`}; the machine was shared with other sessions' tests, so read the ratio, not the absolute figures.

${table(
  ['Server', 'req/s', 'p50 ms', 'p99 ms'],
  [
    ['panel (50 accounts, 5 sets)', fmt(median(panel.map((r) => r.requestsPerSecond))), ms(median(panel.map((r) => r.p50))), ms(median(panel.map((r) => r.p99)))],
    ['nginx (5 static files, same bytes)', fmt(median(ng.map((r) => r.requestsPerSecond))), ms(median(ng.map((r) => r.p50))), ms(median(ng.map((r) => r.p99)))],
  ],
)}

Ratio panel/nginx: **${ratio.toFixed(2)}x** (budget ≥ ${BUDGET_RATIO}x: **${ok ? 'met' : 'NOT met'}**).

${table(['Bouquet set', 'Accounts', 'Movies', 'List gzip B', 'List cache held'], setRows)}

Whole catalog (accounts without bouquets): ${bySet.has('all') ? `${(bySet.get('all')! / 1024 / 1024).toFixed(1)} MiB` : 'not reported'}.`;
    return { markdown, ratio, ok };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await nginx.stop().catch(() => {});
  }
}
