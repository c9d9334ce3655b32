import { query } from '../client';

/** Increments an integer setting atomically and returns the new value. */
export async function incrementSetting(key: string): Promise<number> {
  const [row] = await query<{ value: number }>(
    `INSERT INTO app_settings (key, value) VALUES ($1, '1'::jsonb)
     ON CONFLICT (key) DO UPDATE SET value = to_jsonb((app_settings.value #>> '{}')::bigint + 1), updated_at = now()
     RETURNING (value #>> '{}')::bigint AS value`,
    [key],
  );
  return row.value;
}

export async function readIntSetting(key: string): Promise<number> {
  const [row] = await query<{ value: number }>(`SELECT (value #>> '{}')::bigint AS value FROM app_settings WHERE key = $1`, [key]);
  return row?.value ?? 0;
}

export async function readJsonSetting(key: string): Promise<unknown> {
  const [row] = await query<{ value: unknown }>('SELECT value FROM app_settings WHERE key = $1', [key]);
  return row?.value;
}

export async function writeJsonSetting(key: string, value: unknown): Promise<void> {
  await query(
    `INSERT INTO app_settings (key, value) VALUES ($1, $2::jsonb)
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    [key, JSON.stringify(value)],
  );
}
