import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { openPglite } from './client';
import { pgliteClusterExists } from './pglite-create';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'neropanel-pglite-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('a new embedded database is created in a child process, then opened with the small buffer pool; a second open reuses it', async () => {
  const folder = path.join(dir, 'pglite');
  expect(pgliteClusterExists(folder)).toBe(false);
  const db = await openPglite(folder);
  try {
    expect(pgliteClusterExists(folder)).toBe(true);
    const [row] = await db.query<{ sb: string }>("SELECT current_setting('shared_buffers') AS sb");
    expect(row.sb).toBe('32MB');
    await db.exec('CREATE TABLE kept (n int); INSERT INTO kept VALUES (7)');
  } finally {
    await db.close();
  }
  const again = await openPglite(folder, undefined, { sharedBuffers: '16MB' });
  try {
    expect(await again.query('SELECT n FROM kept')).toEqual([{ n: 7 }]);
    const [row] = await again.query<{ sb: string }>("SELECT current_setting('shared_buffers') AS sb");
    expect(row.sb).toBe('16MB');
  } finally {
    await again.close();
  }
}, 120_000);
