import { getDatabase } from '@/db/client';
import { ConfigError, getEnv } from '@/lib/env';
import { ensureAuthUrl, ensureSecrets } from '@/lib/env/secrets';
import { logger } from '@/lib/monitor/logger';
import { bootstrapAdmin } from '@/lib/setup/first-run';
import { startSyncScheduler } from '@/lib/sync/scheduler';

/** Everything the process needs before it serves: valid config, secrets, schema, first admin. */
export async function startPanel(): Promise<void> {
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
  const db = await getDatabase();
  logger.info({ driver: db.driver }, 'database ready');
  if (await bootstrapAdmin(env.ADMIN_USERNAME, env.ADMIN_PASSWORD)) {
    logger.info({ username: env.ADMIN_USERNAME }, 'created the bootstrap admin from ADMIN_USERNAME');
  }
  startSyncScheduler();
}
