import { adminRoute, ok } from '@/lib/http/route';
import { parseInput, readJson } from '@/lib/http/validate';
import { getSettings } from '@/lib/settings';
import { patchSettings, settingsForViewer, settingsPatchSchema } from '@/lib/settings/patch';

export const dynamic = 'force-dynamic';

export const GET = adminRoute('viewer', async ({ user }) => {
  const settings = await getSettings();
  return ok(user.role === 'admin' ? settings : settingsForViewer(settings));
});

// Any subset of the settings; they apply at once, here and (through Redis) on every other replica.
export const PATCH = adminRoute('admin', async ({ req, auditBefore }) => {
  const patch = parseInput(settingsPatchSchema, await readJson(req));
  auditBefore(await getSettings());
  return ok(await patchSettings(patch));
});
