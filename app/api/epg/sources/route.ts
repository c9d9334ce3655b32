import { adminRoute, created, ok } from '@/lib/http/route';
import { parseInput, readJson } from '@/lib/http/validate';
import { createSourceSchema } from '@/lib/epg/schemas';
import { createSource, listSources } from '@/lib/epg/sources';

export const dynamic = 'force-dynamic';

export const GET = adminRoute('viewer', async () => ok(await listSources()));

// 201; the first refresh runs in the background (the source's status shows it).
export const POST = adminRoute('admin', async ({ req }) => created(await createSource(parseInput(createSourceSchema, await readJson(req)))));
