// nginx as the yardstick: a static file server for pre-gzipped lists and a proxy_pass relay,
// run from a temp dir (its own config, pid file, logs and temp paths), stopped at the end.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, sleep } from '@/tests/e2e/helpers/server';

export const NGINX_BIN = process.env.BENCH_NGINX ?? '/usr/sbin/nginx';

export interface StaticFile {
  /** URL path, e.g. `/vod.json.gz`. */
  urlPath: string;
  body: Buffer;
  contentType: string;
  /** Sent as `Content-Encoding` (e.g. gzip for pre-compressed bytes). */
  contentEncoding?: string;
}

export interface ProxyPass {
  /** Name of the listener (the URL map key). */
  name: string;
  upstream: string;
  buffering: boolean;
}

export interface Nginx {
  /** Base URL per static file path or proxy listener name. */
  urls: Record<string, string>;
  pid: number;
  dir: string;
  version: string;
  stop(): Promise<void>;
}

/** `nginx -v` (printed on stderr), without the prefix. */
export function nginxVersion(): string {
  const res = spawnSync(NGINX_BIN, ['-v'], { encoding: 'utf8' });
  return `${res.stdout ?? ''}${res.stderr ?? ''}`.replace(/^nginx version: /, '').trim() || 'unknown';
}

function nginxOutput(args: string[]): string {
  const res = spawnSync(NGINX_BIN, args, { encoding: 'utf8' });
  return `${res.stdout ?? ''}${res.stderr ?? ''}`;
}

/**
 * One nginx, single process (`master_process off`, `worker_processes 1`), with one server block for
 * all static files and one per proxy listener, every one on its own 127.0.0.1 port.
 */
export async function startNginx(opts: { files?: StaticFile[]; proxies?: ProxyPass[] }): Promise<Nginx> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'neropanel-bench-nginx-'));
  const root = path.join(dir, 'html');
  fs.mkdirSync(root);
  for (const t of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) fs.mkdirSync(path.join(dir, `${t}_temp`));
  const urls: Record<string, string> = {};
  const servers: string[] = [];

  const files = opts.files ?? [];
  if (files.length) {
    const port = await freePort();
    const locations = files.map((f) => {
      const file = path.join(root, f.urlPath.replace(/^\/+/, ''));
      fs.writeFileSync(file, f.body);
      urls[f.urlPath] = `http://127.0.0.1:${port}${f.urlPath}`;
      return `    location = ${f.urlPath} {
      default_type ${f.contentType};
      types { }
      ${f.contentEncoding ? `add_header Content-Encoding ${f.contentEncoding};` : ''}
    }`;
    });
    servers.push(`  server {
    listen 127.0.0.1:${port};
    root ${root};
${locations.join('\n')}
  }`);
  }
  for (const p of opts.proxies ?? []) {
    const port = await freePort();
    urls[p.name] = `http://127.0.0.1:${port}`;
    servers.push(`  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass ${p.upstream};
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering ${p.buffering ? 'on' : 'off'};
    }
  }`);
  }

  const conf = `daemon off;
master_process off;
worker_processes 1;
pid ${path.join(dir, 'nginx.pid')};
error_log ${path.join(dir, 'error.log')} warn;
events { worker_connections 1024; }
http {
  access_log ${path.join(dir, 'access.log')};
  client_body_temp_path ${path.join(dir, 'client_body_temp')};
  proxy_temp_path ${path.join(dir, 'proxy_temp')};
  fastcgi_temp_path ${path.join(dir, 'fastcgi_temp')};
  uwsgi_temp_path ${path.join(dir, 'uwsgi_temp')};
  scgi_temp_path ${path.join(dir, 'scgi_temp')};
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
${servers.join('\n')}
}
`;
  fs.writeFileSync(path.join(dir, 'nginx.conf'), conf);
  const check = nginxOutput(['-t', '-p', dir, '-c', 'nginx.conf']);
  if (!/test is successful/.test(check)) throw new Error(`nginx config rejected:\n${check}\n${conf}`);

  let output = '';
  const child: ChildProcess = spawn(NGINX_BIN, ['-p', dir, '-c', 'nginx.conf'], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGQUIT');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killer);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  // Ready when every listener answers.
  const deadline = Date.now() + 10_000;
  for (const url of Object.values(urls)) {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`nginx exited (${child.exitCode}): ${output}`);
      try {
        const ctl = new AbortController();
        const res = await fetch(url, { signal: ctl.signal, headers: { 'accept-encoding': 'gzip' } });
        ctl.abort(); // proxied live streams never end
        void res;
        break;
      } catch (err) {
        if ((err as Error).name === 'AbortError') break;
        if (Date.now() > deadline) {
          await stop();
          throw new Error(`nginx did not answer at ${url}: ${(err as Error).message} ${output}`);
        }
        await sleep(100);
      }
    }
  }
  return { urls, pid: child.pid!, dir, version: nginxVersion(), stop };
}
