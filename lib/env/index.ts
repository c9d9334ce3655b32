import { processState } from '@/lib/state';
import { envSchema, type Env } from './schema';

export type { Env };

export class ConfigError extends Error {}

// In the process registry, not a module variable: the server entry and Next's bundles each load this
// module, and secrets filled in by one must be seen by all.
const holder = processState('env', (): { cached?: Env } => ({}));

/** The validated configuration, read once. A bad value stops start-up with a one-line message. */
export function getEnv(): Env {
  if (holder.cached) return holder.cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`Invalid configuration: ${String(issue.path[0])} ${issue.message}`);
  }
  holder.cached = parsed.data;
  return holder.cached;
}

/** Forget the cached configuration (after secrets were filled in, or in tests). */
export function resetEnv(): void {
  holder.cached = undefined;
}

/** The log level, also while the rest of the configuration is invalid (the logger reports that). */
export function logLevel(): Env['LOG_LEVEL'] {
  try {
    return getEnv().LOG_LEVEL;
  } catch {
    return 'info';
  }
}

/**
 * The bcrypt cost tests ask for (BCRYPT_TEST_ROUNDS, set by tests/setup-env.ts), honoured only inside a
 * vitest worker (vitest itself sets VITEST): no configuration, production never reads it.
 */
export function testBcryptRounds(): number | undefined {
  if (!process.env.VITEST) return undefined;
  const rounds = Number(process.env.BCRYPT_TEST_ROUNDS);
  return Number.isInteger(rounds) ? rounds : undefined;
}
