import os from 'node:os';
import path from 'node:path';

// Every test process gets fixed secrets so encryption round-trips, and no stray DATABASE_URL.
process.env.APP_SECRET ??= 'test-app-secret-0123456789abcdef';
process.env.NEXTAUTH_SECRET ??= 'test-nextauth-secret-0123456789abcdef';
process.env.LOG_LEVEL ??= 'silent';
delete process.env.DATABASE_URL;
// Slots and limits count in process unless a test opts into Redis itself (tests/integration/shared-state*).
delete process.env.REDIS_URL;
// Never the project's data/ directory: a late timer (the request log's flush) after a test file's
// database is gone would otherwise open the default embedded database there.
process.env.DATA_DIR ??= path.join(os.tmpdir(), `neropanel-test-${process.pid}`);
// bcrypt at cost 4 instead of 12 for the admin passwords tests make and check (lib/auth/password.ts
// honours this only under vitest); tests/integration/auth-login.test.ts checks the production cost.
process.env.BCRYPT_TEST_ROUNDS ??= '4';
// Upstream API calls at up to 1000 a second instead of 5 (lib/upstream/rate-limit.ts; burst 3): a sync
// of a small fake catalog otherwise spends seconds waiting for request slots. The bucket still runs;
// tests/upstream/rate-limit.test.ts checks the pacing itself with its own limits.
process.env.UPSTREAM_RATE_PER_SECOND ??= '1000';
