import path from 'node:path';
import { configureDatabase, getDatabase } from '@/db/client';
import { ConfigError, getEnv } from '@/lib/env';
import { resolveDataDir } from '@/lib/env/data-dir';
import { ensureAuthUrl, ensureSecrets } from '@/lib/env/secrets';
import { logger } from '@/lib/monitor/logger';
import { startRequestLog } from '@/lib/monitor/request-log';
import { registerViewerSampler } from '@/lib/slots/viewer-sampler';
import { bootstrapAdmin } from '@/lib/setup/first-run';
import { processState } from '@/lib/state';
import { sharedLeases, sharedState } from '@/lib/shared-state/current';
import { closeOrphanedSyncJobs } from '@/lib/sync/request-sync';
import { startSyncScheduler } from '@/lib/sync/scheduler';
import { followSettings } from '@/lib/settings-follow';
import { startOperationsTimer } from '@/lib/notifications/timer';

/**
 * Everything the process needs before it serves: valid config, secrets, schema, first admin. Runs once
 * per process: instrumentation.ts asks for it inside Next, and the production server's node:http front
 * (server/standalone.ts) waits for the same run before it takes player requests.
 */
export function startPanel(): Promise<void> {
  return processState('startup', () => startOnce());
}

async function startOnce(): Promise<void> {
  try {
    getEnv();
    ensureSecrets();
    ensureAuthUrl();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`NeroPanel cannot start: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  const env = getEnv();
  configureDatabase({ url: env.DATABASE_URL?.trim(), pgliteDir: path.join(resolveDataDir(env.DATA_DIR), 'pglite'), pgliteSharedBuffers: env.PGLITE_SHARED_BUFFERS });
  const db = await getDatabase();
  logger.info({ driver: db.driver }, 'database ready');
  if (await bootstrapAdmin(env.ADMIN_USERNAME, env.ADMIN_PASSWORD)) {
    logger.info({ username: env.ADMIN_USERNAME }, 'created the bootstrap admin from ADMIN_USERNAME');
  }
  const shared = sharedState();
  if (shared) {
    // Connect now, so the first player requests already count across replicas.
    sharedLeases();
    logger.info({ replica: shared.replicaId, prefix: shared.prefix }, 'sharing connection slots and login limits through redis');
  }
  // A process killed mid-sync left its job running; nobody holds its lock now.
  await closeOrphanedSyncJobs().catch((err: unknown) => logger.warn({ err }, 'could not close interrupted sync jobs'));
  startSyncScheduler();
  followSettings();
  startOperationsTimer();
  // Viewer counts and bytes go into the per-minute aggregates even before the first request.
  registerViewerSampler();
  startRequestLog();
}
