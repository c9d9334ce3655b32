import type { z } from 'zod';

export interface ExportContext {
  /** Seals a secret with the passphrase; null when the backup is made without one (secrets left out). */
  seal(plain: string): string | null;
}

export interface RestoreContext {
  mode: 'merge' | 'replace';
  /** Opens a sealed secret; null when the document has none (or no passphrase was given). */
  open(sealed: string | null | undefined): string | null;
  /** Id of the admin restoring (restored local content is "created by" them). */
  actorId: string | null;
}

/**
 * One part of the configuration backup (lib/backup/sections/*): its document schema, how it is read
 * and how it is written back. Sections restore in the order of lib/backup/sections/index.ts, so a
 * section may rely on the ones before it (lines on bouquets, overrides on categories).
 */
export interface BackupSection<S extends z.ZodType = z.ZodType> {
  name: string;
  schema: S;
  read(ctx: ExportContext): Promise<z.infer<S>>;
  write(data: z.infer<S>, ctx: RestoreContext): Promise<number>;
}

export const defineSection = <S extends z.ZodType>(s: BackupSection<S>): BackupSection<S> => s;

/** JSON has no dates: timestamps travel as ISO strings. */
export const iso = (d: unknown): string | null => (d === null || d === undefined ? null : new Date(d as string).toISOString());

const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** A row read from the database with camelCase keys, timestamps as ISO strings and numeric ids as numbers. */
export function toDocument(row: Record<string, unknown>, numeric: string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (numeric.includes(k)) out[camel(k)] = v === null ? null : Array.isArray(v) ? v.map(Number) : Number(v);
    else out[camel(k)] = v instanceof Date ? v.toISOString() : v;
  }
  return out;
}

/** The reverse of toDocument: snake_case keys for db/queries/backup. */
export function toRow(doc: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(doc).map(([k, v]) => [snake(k), v]));
}
