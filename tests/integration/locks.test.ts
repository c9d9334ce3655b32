import { describe, expect, test } from 'vitest';
import pg from 'pg';
import { lockId } from '@/db/client';
import { createTestDatabase, testDriver } from '../helpers/database';
import { withDatabase } from '../global-setup';

describe('job locks', () => {
  // The time limit covers creating the test's own database (a hook's budget), not the locks.
  test('a lock is exclusive until released', { timeout: 60_000 }, async () => {
    const db = await createTestDatabase();
    try {
      const a = await db.tryLock('sync:x');
      expect(a).not.toBeNull();
      expect(await db.tryLock('sync:x')).toBeNull();
      const y = await db.tryLock('sync:y');
      expect(y).not.toBeNull();
      await a!.release();
      const again = await db.tryLock('sync:x');
      expect(again).not.toBeNull();
      await Promise.all([y!.release(), again!.release()]);
    } finally {
      await db.close();
    }
  });

  test.skipIf(testDriver !== 'pg')('on PostgreSQL the lock spans processes and dies with its holder', async () => {
    const db = await createTestDatabase('pg');
    // "another replica": its own connection holds the same advisory lock Database.tryLock takes
    const [{ name }] = await db.query<{ name: string }>('SELECT current_database() AS name');
    const replica = new pg.Client({ connectionString: withDatabase(process.env.TEST_DATABASE_URL!, name) });
    await replica.connect();
    try {
      const held = await replica.query('SELECT pg_try_advisory_lock(1, $1) AS ok', [lockId('sync:replicas')]);
      expect(held.rows[0].ok).toBe(true);
      const refused = await db.tryLock('sync:replicas');
      await refused?.release();
      expect(refused).toBeNull();
      await replica.end(); // the holder's process goes away
      const taken = await db.tryLock('sync:replicas');
      expect(taken).not.toBeNull();
      await taken!.release();
    } finally {
      await replica.end().catch(() => {});
      await db.close();
    }
  });

  test.skipIf(testDriver !== 'pg')('on PostgreSQL a lock whose connection is killed reports itself lost, and is free again', async () => {
    const db = await createTestDatabase('pg');
    const [{ name }] = await db.query<{ name: string }>('SELECT current_database() AS name');
    const other = new pg.Client({ connectionString: withDatabase(process.env.TEST_DATABASE_URL!, name) });
    await other.connect();
    try {
      const lock = await db.tryLock('sync:killed');
      expect(lock?.signal.aborted).toBe(false);
      const killed = await other.query(
        `SELECT pg_terminate_backend(pid) AS ok FROM pg_locks WHERE locktype = 'advisory' AND classid = 1 AND objid = $1::bigint::oid AND objsubid = 2`,
        [lockId('sync:killed') >>> 0],
      );
      expect(killed.rows).toEqual([{ ok: true }]);
      const start = Date.now();
      while (!lock!.signal.aborted && Date.now() - start < 10_000) await new Promise((r) => setTimeout(r, 20));
      expect(lock!.signal.aborted).toBe(true);
      const again = await db.tryLock('sync:killed');
      expect(again).not.toBeNull();
      await Promise.all([lock!.release(), again!.release()]);
    } finally {
      await other.end();
      await db.close();
    }
  });
});
