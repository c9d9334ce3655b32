import { adminRoute } from '@/lib/http/route';
import { eventStream, mayOpenEventStream } from '@/lib/monitor/event-stream';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

// Server-Sent Events for the API monitor: requests, sync progress, connections opening and closing.
export const GET = adminRoute('viewer', async ({ req }) => {
  if (!mayOpenEventStream()) return Response.json({ error: 'too many open monitor streams; close another tab' }, { status: 503, headers: { 'Retry-After': '10' } });
  return new Response(eventStream(req.signal), {
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      'X-Accel-Buffering': 'no',
    },
  });
});
