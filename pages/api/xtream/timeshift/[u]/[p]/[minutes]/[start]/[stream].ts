import { parseCatchupMinutes, parseCatchupStart } from '@/lib/routing/catchup';
import { serveStream } from '@/lib/relay/serve-stream';
import { streamRoute } from '@/lib/relay/stream-route';

// Credentials in the path; Node req/res for a zero-copy relay (Next needs this object literal here).
export const config = { api: { bodyParser: false, responseLimit: false } };

// /timeshift/{u}/{p}/{minutes}/{YYYY-MM-DD:HH-MM}/{id}.{ts|m3u8}: a channel's archive (start in UTC).
export default streamRoute('stream:timeshift', async (req, res, q) => {
  const start = parseCatchupStart(q('start'));
  const durationMinutes = parseCatchupMinutes(q('minutes'));
  if (start === null || durationMinutes === null) return void res.writeHead(400, { 'Content-Type': 'text/plain' }).end('Bad catch-up start or duration\n');
  await serveStream(req, res, 'live', q('u'), q('p'), q('stream'), { start, durationMinutes });
});
