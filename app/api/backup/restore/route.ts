import { restoreBackup } from '@/lib/backup';
import { adminRoute, ok } from '@/lib/http/route';
import { readJson } from '@/lib/http/validate';

export const dynamic = 'force-dynamic';

// {document, passphrase?, mode} → 200 {mode, counts}; a bad document is a 400 with its path, nothing written.
export const POST = adminRoute('admin', async ({ req, user }) => ok(await restoreBackup(await readJson(req), user.id)));
