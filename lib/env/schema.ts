import { z } from 'zod';

// Docker env files often carry `VAR=`: an empty value means "not set".
const optional = <T extends z.ZodType>(s: T) => z.preprocess((v) => (v === '' ? undefined : v), s.optional());

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: optional(z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')),
  DATA_DIR: optional(z.string()),
  APP_SECRET: optional(z.string().min(16, 'must be at least 16 characters')),
  NEXTAUTH_SECRET: optional(z.string().min(16, 'must be at least 16 characters')),
  NEXTAUTH_URL: optional(z.url()),
  ADMIN_USERNAME: optional(z.string().regex(/^[A-Za-z0-9._@-]{3,50}$/, '3-50 characters of A-Z a-z 0-9 . _ @ -')),
  ADMIN_PASSWORD: optional(z.string().min(10, 'must be at least 10 characters')),
  PORT: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1).max(65535).default(3000)),
  // Bind address of the server. Some shells and containers export HOSTNAME as the machine's name, which
  // is no bind address: scripts/start.mjs settles it before the server starts.
  HOSTNAME: z.preprocess((v) => (v === '' ? undefined : v), z.string().default('0.0.0.0')),
  KEEP_ALIVE_TIMEOUT: optional(z.coerce.number().int().min(0)),
  LIVE_LINGER_MS: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(0).max(600_000).default(5_000)),
  PUBLIC_URL: optional(z.url()),
  // The embedded database's buffer pool (PostgreSQL's shared_buffers); the default keeps RSS low.
  PGLITE_SHARED_BUFFERS: optional(z.string().regex(/^\d{1,6}(kB|MB|GB)$/, 'a size such as 32MB')),
  // Requests per second the panel sends to one provider's API (sync, series and movie info); 0 = no limit.
  UPSTREAM_RATE_PER_SECOND: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().min(0).max(1000).default(5)),
  REDIS_URL: optional(z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL')),
  REDIS_PREFIX: optional(z.string().regex(/^[A-Za-z0-9:._-]{1,40}$/, '1-40 characters of A-Z a-z 0-9 : . _ -')),
  REPLICA_ID: optional(z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, '1-64 characters of A-Z a-z 0-9 . _ -')),
  METRICS_TOKEN: optional(z.string().min(8)),
  LOG_LEVEL: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
  TRUSTED_PROXIES: optional(z.string()),
});

export type Env = z.infer<typeof envSchema>;
