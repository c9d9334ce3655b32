import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { resolveDataDir } from './data-dir';
import { ConfigError, getEnv, resetEnv } from './index';

const NAMES = ['APP_SECRET', 'NEXTAUTH_SECRET'] as const;

/**
 * Makes APP_SECRET and NEXTAUTH_SECRET available in process.env. Embedded installs get them generated
 * once and kept in DATA_DIR (so restarts still decrypt); a production PostgreSQL install must set them.
 */
export function ensureSecrets(): void {
  const env = getEnv();
  const missing = NAMES.filter((n) => !env[n]);
  if (missing.length === 0) return;
  if (env.NODE_ENV === 'production' && env.DATABASE_URL) {
    throw new ConfigError(`${missing[0]} must be set when DATABASE_URL is set in production (generate one: openssl rand -hex 32)`);
  }
  const file = path.join(resolveDataDir(env.DATA_DIR), 'secrets.json');
  let stored: Partial<Record<(typeof NAMES)[number], string>> = {};
  if (fs.existsSync(file)) stored = JSON.parse(fs.readFileSync(file, 'utf8'));
  let changed = false;
  for (const name of missing) {
    if (!stored[name]) {
      stored[name] = crypto.randomBytes(32).toString('hex');
      changed = true;
    }
    process.env[name] = stored[name];
  }
  if (changed) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  }
  resetEnv();
}

/** NEXTAUTH_URL from PUBLIC_URL or the port, so next-auth's redirects never point at another port. */
export function ensureAuthUrl(): void {
  const env = getEnv();
  if (env.NEXTAUTH_URL) return;
  process.env.NEXTAUTH_URL = env.PUBLIC_URL ?? `http://localhost:${env.PORT}`;
  resetEnv();
}
