import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { adminCookie } from './helpers/admin-session';
import { freePort, projectRoot } from './helpers/server';

// Issue 15 must-show 5: `npm run demo` prints working details within a minute (on a current build;
// `npm run test:e2e` builds first), and ffprobe plays a channel taken from the printed M3U.

describe('npm run demo', () => {
  let child: ChildProcess | undefined;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'neropanel-e2e-demo-'));

  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child!.once('exit', r));
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints the panel, the admin login and Xtream details that work; a channel from its M3U plays in ffprobe', async () => {
    const port = await freePort();
    const started = Date.now();
    child = spawn(process.execPath, [path.join(projectRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/demo.ts'], {
      cwd: projectRoot,
      env: { ...process.env, DEMO_PORT: String(port), DEMO_DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (/Ctrl-C stops/.test(out)) {
          clearInterval(timer);
          resolve();
        } else if (child!.exitCode !== null || Date.now() - started > 90_000) {
          clearInterval(timer);
          reject(new Error(`the demo did not get ready:\n${out.slice(-4000)}`));
        }
      }, 100);
    });
    const readyMs = Date.now() - started;
    const field = (label: string) => new RegExp(`${label}:\\s+(\\S+)`).exec(out)?.[1] ?? '';
    const panel = field('Panel');
    const [adminUser, adminPassword] = /Admin login:\s+(\S+) \/ (\S+)/.exec(out)!.slice(1);
    const m3u = field('M3U playlist');
    expect(panel).toBe(`http://127.0.0.1:${port}/`);
    expect(readyMs).toBeLessThan(60_000);

    // The admin login works.
    const cookie = await adminCookie(panel.replace(/\/$/, ''), { username: adminUser, password: adminPassword });
    const lines = await fetch(`${panel}api/lines`, { headers: { cookie } });
    expect(lines.status).toBe(200);
    expect(((await lines.json()) as { total: number }).total).toBe(1);
    // The player's login works, and the catalog holds the synced channels and the local items.
    const info = (await (await fetch(`${panel}player_api.php?username=${field('Username')}&password=${field('Password')}`)).json()) as { user_info: { auth: number } };
    expect(info.user_info.auth).toBe(1);
    const vod = (await (await fetch(`${panel}player_api.php?username=${field('Username')}&password=${field('Password')}&action=get_vod_streams`)).json()) as { name: string }[];
    expect(vod.map((v) => v.name)).toContain('Demo home movie');

    // The M3U's first live channel plays: ffprobe finds video in it.
    const playlist = await (await fetch(m3u)).text();
    const channel = playlist.split(/\r?\n/).find((l) => /\/live\/.+\.ts$/.test(l));
    expect(channel).toBeDefined();
    const probe = spawnSync('ffprobe', ['-v', 'error', '-rw_timeout', '15000000', '-show_entries', 'stream=codec_type,codec_name', '-of', 'json', channel!], { encoding: 'utf8', timeout: 45_000 });
    expect(probe.status, probe.stderr).toBe(0);
    const streams = (JSON.parse(probe.stdout) as { streams: { codec_type: string; codec_name: string }[] }).streams;
    expect(streams.map((s) => s.codec_type)).toContain('video');
    const guide = await fetch(field('XMLTV guide'));
    expect(await guide.text()).toContain('<programme');
    console.log(`demo.e2e: ready after ${readyMs} ms; ffprobe found ${streams.map((s) => s.codec_name).join(', ')} in ${channel!.replace(/\/live\/[^/]+\/[^/]+\//, '/live/…/…/')}`);

    child.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => child!.once('exit', (c) => r(c)));
    expect(code).toBe(0);
  }, 180_000);
});
