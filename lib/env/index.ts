import { envSchema, type Env } from './schema';

export type { Env };

export class ConfigError extends Error {}

let cached: Env | undefined;

/** The validated configuration, read once. A bad value stops start-up with a one-line message. */
export function getEnv(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`Invalid configuration: ${String(issue.path[0])} ${issue.message}`);
  }
  cached = parsed.data;
  return cached;
}

/** Forget the cached configuration (after secrets were filled in, or in tests). */
export function resetEnv(): void {
  cached = undefined;
}
