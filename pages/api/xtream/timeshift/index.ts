import { parseCatchupMinutes, parseCatchupStart } from '@/lib/routing/catchup';
import { serveStream } from '@/lib/relay/serve-stream';
import { streamRoute } from '@/lib/relay/stream-route';

// Credentials in the path; Node req/res for a zero-copy relay (Next needs this object literal here).
export const config = { api: { bodyParser: false, responseLimit: false } };

// /streaming/timeshift.php?username&password&stream&start&duration[&extension]: the query form.
export default streamRoute('stream:timeshift', async (req, res, q) => {
  const start = parseCatchupStart(q('start'));
  const durationMinutes = parseCatchupMinutes(q('duration'));
  const stream = q('stream');
  const extension = q('extension') || 'ts';
  if (start === null || durationMinutes === null || !/^\d{1,15}$/.test(stream) || !/^[A-Za-z0-9]{1,5}$/.test(extension)) {
    return void res.writeHead(400, { 'Content-Type': 'text/plain' }).end('Bad catch-up request\n');
  }
  await serveStream(req, res, 'live', q('username'), q('password'), `${stream}.${extension}`, { start, durationMinutes });
});
