import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { bulkWork, installDatabase, query, transaction, type Database } from '@/db/client';
import { createTestDatabase, testDriver } from '../helpers/database';

// The server entry and Next's chunks each bundle their own copy of db/client; the process has one
// Database, opened by one copy. What one copy enters (bulkWork, a transaction) must hold in the others.
describe('the database contexts are shared by every copy of the db module', () => {
  let db: Database;
  let copy: typeof import('@/db/client');
  beforeAll(async () => {
    db = await createTestDatabase();
    installDatabase(db);
    vi.resetModules();
    copy = await import('@/db/client'); // a second instance of the module, as another bundle has
  }, 60_000);
  afterAll(async () => {
    installDatabase(undefined);
    await db.close();
  });

  test('the copy is a separate module instance', () => {
    expect(copy.bulkWork).not.toBe(bulkWork);
  });

  test('a transaction entered in one copy is the one the other copy queries in', async () => {
    const ids = await copy.transaction(async () => {
      const [a] = await query<{ x: string }>('SELECT pg_current_xact_id()::text AS x');
      const [b] = await copy.query<{ x: string }>('SELECT pg_current_xact_id()::text AS x');
      return [a.x, b.x];
    });
    expect(ids[0]).toBe(ids[1]);
    const [outside] = await transaction(() => copy.query<{ x: string }>('SELECT pg_current_xact_id()::text AS x'));
    expect(outside.x).not.toBe(ids[0]);
  });

  test.skipIf(testDriver !== 'pg')('on PostgreSQL bulkWork entered in one copy runs the other copy\'s queries on the bulk pool', async () => {
    const timeout = async () => (await query<{ statement_timeout: string }>('SHOW statement_timeout'))[0].statement_timeout;
    expect(await timeout()).toBe('5s');
    // A sync started from an admin route (Next's copy) on the Database the server entry opened.
    expect(await copy.bulkWork(timeout)).toBe('2min');
    expect(await bulkWork(timeout)).toBe('2min');
  });
});
