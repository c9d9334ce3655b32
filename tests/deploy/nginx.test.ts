import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, sleep } from '../e2e/helpers/server';

// deploy/nginx/neropanel.conf, the front of docker-compose.scale.yml: checked by nginx itself and
// run for real in front of two stand-in replicas that answer with their name.
const root = path.resolve(__dirname, '..', '..');
const NGINX = process.env.NGINX_BIN ?? '/usr/sbin/nginx';
const conf = fs.readFileSync(path.join(root, 'deploy/nginx/neropanel.conf'), 'utf8');
const haveNginx = fs.existsSync(NGINX);
if (!haveNginx) console.log(`nginx.test: running nginx skipped: ${NGINX} is missing (.ci/run installs nginx-light)`);

/** The config as a local nginx can run it: replicas and listener on 127.0.0.1, paths in a temp dir. */
function localConf(dir: string, replicas: Record<string, number>, listen: number): string {
  let text = conf.replace(/^worker_processes\s+\S+;/m, `daemon off;\nmaster_process off;\nworker_processes 1;\npid ${dir}/nginx.pid;\nerror_log ${dir}/error.log warn;`);
  text = text.replace(/^http \{/m, `http {\n${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${dir}/${t};`).join('\n')}`);
  for (const [name, port] of Object.entries(replicas)) text = text.replaceAll(`${name}:3000`, `127.0.0.1:${port}`);
  return text.replace(/listen 80;/, `listen 127.0.0.1:${listen};`);
}

/** The stream location's directives. */
function streamLocation(): string {
  const start = conf.indexOf('location ~ ^/(?:(?:live|movie|series|timeshift|hls)/');
  expect(start).toBeGreaterThan(0);
  return conf.slice(start, conf.indexOf('}', start));
}

describe('deploy/nginx/neropanel.conf', () => {
  it('sends stream locations through the upstream hashed by stream id, unbuffered, with long timeouts', () => {
    expect(conf).toMatch(/upstream panel_streams \{\s*hash \$stream_key consistent;/);
    expect(conf).toMatch(/map \$uri \$stream_key \{/);
    const location = streamLocation();
    expect(location).toContain('proxy_pass http://panel_streams;');
    expect(location).toContain('proxy_buffering off;');
    expect(location).toMatch(/proxy_read_timeout (\d+h|\d{4,}s?);/);
    expect(conf).toMatch(/location \/ \{\s*proxy_pass http:\/\/panel;/);
    expect(conf).toContain('proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;');
  });

  it.skipIf(!haveNginx)('passes nginx -t', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'neropanel-nginx-t-'));
    try {
      fs.writeFileSync(path.join(dir, 'nginx.conf'), localConf(dir, { panel1: 3000, panel2: 3000 }, 8080));
      const res = spawnSync(NGINX, ['-t', '-p', dir, '-c', 'nginx.conf', '-e', path.join(dir, 'error.log')], { encoding: 'utf8' });
      expect(`${res.stdout}${res.stderr}`).toMatch(/test is successful/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!haveNginx)('nginx in front of two replicas', () => {
  let dir = '';
  const replicas: http.Server[] = [];
  let nginx: ChildProcess | undefined;
  let base = '';

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'neropanel-nginx-'));
    const ports: Record<string, number> = {};
    for (const name of ['panel1', 'panel2']) {
      const server = http.createServer((req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ replica: name, url: req.url, xff: req.headers['x-forwarded-for'], host: req.headers.host }));
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      ports[name] = (server.address() as AddressInfo).port;
      replicas.push(server);
    }
    const listen = await freePort();
    fs.writeFileSync(path.join(dir, 'nginx.conf'), localConf(dir, ports, listen));
    nginx = spawn(NGINX, ['-p', dir, '-c', 'nginx.conf', '-e', path.join(dir, 'error.log')], { stdio: 'ignore' });
    base = `http://127.0.0.1:${listen}`;
    for (let i = 0; ; i++) {
      if (await fetch(`${base}/player_api.php`).then((r) => r.ok, () => false)) break;
      if (i > 100) throw new Error(`nginx did not start: ${fs.readFileSync(path.join(dir, 'error.log'), 'utf8')}`);
      await sleep(50);
    }
  });
  afterAll(async () => {
    if (nginx && nginx.exitCode === null) {
      const exited = new Promise((r) => nginx!.once('exit', r));
      nginx.kill('SIGQUIT');
      await exited;
    }
    await Promise.all(replicas.map((s) => new Promise((r) => s.close(r))));
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const replicaOf = async (p: string, headers: Record<string, string> = {}) =>
    (await (await fetch(`${base}${p}`, { headers })).json()) as { replica: string; url: string; xff: string; host: string };

  it('sends every URL form of one stream id to the same replica, and spreads stream ids over both', async () => {
    const seen = new Set<string>();
    for (let id = 1; id <= 30; id++) {
      const forms = [
        `/live/user/pass/${id}.ts`,
        `/live/other/secret/${id}.m3u8`,
        `/movie/user/pass/${id}.mkv`,
        `/series/user/pass/${id}.mp4`,
        `/timeshift/user/pass/60/2024-12-01:06-30/${id}.ts`,
        `/streaming/timeshift.php?username=user&password=pass&stream=${id}&start=2024-12-01:06-30&duration=60`,
        `/user/pass/${id}`,
        `/user/pass/${id}.ts`,
        `/hls/${id}~v1.QUJD.REVG.R0hJ.ts`, // an HLS segment goes where its playlist went
      ];
      const answers = new Set<string>();
      for (const form of forms) answers.add((await replicaOf(form)).replica);
      expect([...answers], `stream ${id}`).toHaveLength(1);
      seen.add([...answers][0]);
    }
    expect([...seen].sort()).toEqual(['panel1', 'panel2']);
  });

  it('sends the rest round robin, the admin API included', async () => {
    for (const p of ['/player_api.php?username=u&password=p', '/api/x/123', '/api/health']) {
      const answers = new Set<string>();
      for (let i = 0; i < 6; i++) answers.add((await replicaOf(p)).replica);
      expect([...answers].sort(), p).toEqual(['panel1', 'panel2']);
    }
  });

  it('tells the replica who the client is and which host it asked for', async () => {
    const direct = await replicaOf('/live/user/pass/5.ts');
    expect(direct.xff).toBe('127.0.0.1');
    // the address the player used (port included), not the upstream's name: playlists link back to it
    expect(direct.host).toBe(new URL(base).host);
    const relayed = await replicaOf('/player_api.php', { 'x-forwarded-for': '198.51.100.4' });
    expect(relayed.xff).toBe('198.51.100.4, 127.0.0.1');
  });
});
