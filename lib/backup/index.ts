import { z } from 'zod';
import { transaction } from '@/db/client';
import { advanceSequences, clearConfiguration } from '@/db/queries/backup';
import { bumpCatalogVersion } from '@/lib/catalog-version/version';
import { AppError } from '@/lib/errors';
import { parseInput } from '@/lib/http/validate';
import { keyFor, newKey, open, seal, type KeyParams } from './passphrase';
import type { RestoreContext } from './section';
import { SECTIONS } from './sections';

export const BACKUP_FORMAT = 'neropanel-backup';
export const BACKUP_VERSION = 1;

const passphrase = z.string().min(12, 'must be at least 12 characters').max(1000, 'must be at most 1000 characters');

export const backupRequestSchema = z.strictObject({ passphrase: passphrase.optional() });

const keyParams = z.strictObject({
  kdf: z.literal('scrypt'),
  salt: z.string().min(16).max(64),
  N: z.number().int().min(1024).max(1_048_576),
  r: z.number().int().min(1).max(32),
  p: z.number().int().min(1).max(16),
  check: z.string().max(200),
});

const sectionsShape = Object.fromEntries(SECTIONS.map((s) => [s.name, s.schema])) as { [K in (typeof SECTIONS)[number] as K['name']]: K['schema'] };

export const backupDocumentSchema = z.strictObject({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(BACKUP_VERSION),
  createdAt: z.iso.datetime({ offset: true }),
  encryption: keyParams.nullable(),
  sections: z.strictObject(sectionsShape),
});
export type BackupDocument = z.infer<typeof backupDocumentSchema>;

export const restoreRequestSchema = z.strictObject({
  document: backupDocumentSchema,
  passphrase: passphrase.optional(),
  mode: z.enum(['merge', 'replace']),
});

/** `POST /api/backup`: the whole configuration; secrets sealed with the passphrase, or left out without one. */
export async function createBackup(pass?: string): Promise<BackupDocument> {
  const key = pass ? newKey(pass) : null;
  const ctx = { seal: (plain: string) => (key ? seal(key.key, plain) : null) };
  const sections: Record<string, unknown> = {};
  for (const s of SECTIONS) sections[s.name] = await s.read(ctx);
  return { format: BACKUP_FORMAT, version: BACKUP_VERSION, createdAt: new Date().toISOString(), encryption: key?.params ?? null, sections } as BackupDocument;
}

/**
 * `POST /api/backup/restore`: the request is validated as a whole first (a bad field is a 400 naming
 * its path, nothing written), the passphrase is checked against the document, then every section is
 * written in one transaction: any failure leaves the panel as it was.
 */
export async function restoreBackup(input: unknown, actorId: string | null): Promise<{ mode: string; counts: Record<string, number> }> {
  const req = parseInput(restoreRequestSchema, input);
  const doc = req.document;
  const key = unlock(doc.encryption, req.passphrase);
  const ctx: RestoreContext = {
    mode: req.mode,
    actorId,
    open: (sealed) => {
      if (!sealed || !key) return null;
      try {
        return open(key, sealed);
      } catch {
        throw new AppError('validation_failed', 'document: a secret does not open with this passphrase', { document: 'a secret does not open with this passphrase' });
      }
    },
  };
  const counts: Record<string, number> = {};
  await transaction(async () => {
    if (req.mode === 'replace') await clearConfiguration();
    for (const s of SECTIONS) counts[s.name] = await s.write((doc.sections as Record<string, unknown>)[s.name] as never, ctx);
    await advanceSequences();
  });
  // Player lists are built from what changed: every replica builds them again.
  await bumpCatalogVersion();
  return { mode: req.mode, counts };
}

function unlock(params: KeyParams | null, pass: string | undefined): Buffer | null {
  if (!params) return null;
  if (!pass) throw new AppError('validation_failed', 'passphrase: this document has encrypted secrets; give its passphrase', { passphrase: 'this document has encrypted secrets; give its passphrase' });
  const key = keyFor(pass, params);
  if (!key) throw new AppError('validation_failed', 'passphrase: wrong passphrase for this document', { passphrase: 'wrong passphrase for this document' });
  return key;
}
