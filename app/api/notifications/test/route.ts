import { z } from 'zod';
import { adminRoute, ok } from '@/lib/http/route';
import { parseInput, readJson } from '@/lib/http/validate';
import { sendTestNotification } from '@/lib/notifications/run';

export const dynamic = 'force-dynamic';

const body = z.object({ webhookId: z.string().min(1).max(64).optional() }).strict();

// The "send test" button: one test event, no cool-down; answers each webhook's result.
export const POST = adminRoute('admin', async ({ req }) => {
  const { webhookId } = parseInput(body, await readJson(req));
  return ok(await sendTestNotification(webhookId));
});
