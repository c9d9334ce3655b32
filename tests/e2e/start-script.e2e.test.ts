import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { baseEnv, freePort, projectRoot, sleep } from './helpers/server';

// `npm start` on a bare machine: scripts/start.mjs settles the environment and runs the standalone
// server. A relative DATA_DIR resolves against the project root (here under the ignored .e2e/).
describe('npm start (scripts/start.mjs)', () => {
  const relDataDir = path.join('.e2e', `start-${crypto.randomBytes(4).toString('hex')}`);
  const absDataDir = path.join(projectRoot, relDataDir);

  afterAll(() => {
    fs.rmSync(absDataDir, { recursive: true, force: true });
    try {
      fs.rmdirSync(path.dirname(absDataDir)); // .e2e/, when nothing else is in it
    } catch {
      // not empty, or gone
    }
  });

  it('serves on PORT with the embedded database in DATA_DIR, says so, and exits on SIGTERM', { timeout: 300_000 }, async () => {
    const port = await freePort();
    // Blank values are "not set" for the app and keep a developer's .env from filling them in.
    const env = { ...baseEnv(), PORT: String(port), DATA_DIR: relDataDir, DATABASE_URL: '', ADMIN_USERNAME: '', ADMIN_PASSWORD: '' };
    const child = spawn(process.execPath, [path.join(projectRoot, 'scripts', 'start.mjs')], {
      cwd: projectRoot,
      env: env as unknown as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );

    try {
      // It may have to build first (sources newer than the build).
      const deadline = Date.now() + 280_000;
      let healthy = false;
      while (!healthy && Date.now() < deadline && child.exitCode === null) {
        healthy = await fetch(`http://127.0.0.1:${port}/api/health`)
          .then((r) => r.status === 200)
          .catch(() => false);
        if (!healthy) await sleep(300);
      }
      expect(healthy, `not healthy on port ${port}:\n${output.slice(-4000)}`).toBe(true);
      expect(output).toContain(`listening on http://localhost:${port}`);
      expect(output).toContain(`embedded PGlite in ${absDataDir}`);
      expect(fs.existsSync(path.join(absDataDir, 'pglite')), `no database in ${absDataDir}`).toBe(true);
    } finally {
      if (child.exitCode === null) child.kill('SIGTERM');
    }
    const { code, signal } = await exited;
    // The server's own exit (0), or 128+15 when it ended through the signal; never a crash code.
    expect([0, 143], `exit code ${code} signal ${signal}`).toContain(code);
  });
});
