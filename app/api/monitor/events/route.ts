import { adminRoute } from '@/lib/http/route';
import { eventStream } from '@/lib/monitor/event-stream';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

// Server-Sent Events for the API monitor: requests, sync progress, connections opening and closing.
export const GET = adminRoute('viewer', async ({ req }) =>
  new Response(eventStream(req.signal), {
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      'X-Accel-Buffering': 'no',
    },
  }),
);
