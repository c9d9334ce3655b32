import { backupRequestSchema, createBackup } from '@/lib/backup';
import { adminRoute } from '@/lib/http/route';
import { parseInput, readJson } from '@/lib/http/validate';

export const dynamic = 'force-dynamic';

// The whole configuration as one JSON document (a download on the settings page).
export const POST = adminRoute('admin', async ({ req }) => {
  const { passphrase } = parseInput(backupRequestSchema, await readJson(req));
  const doc = await createBackup(passphrase);
  return Response.json(doc, { headers: { 'content-disposition': `attachment; filename="neropanel-backup-${doc.createdAt.slice(0, 10)}.json"` } });
});
