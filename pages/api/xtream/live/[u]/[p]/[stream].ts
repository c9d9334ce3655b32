import { catchupFromUtc } from '@/lib/routing/catchup';
import { serveStream } from '@/lib/relay/serve-stream';
import { streamRoute } from '@/lib/relay/stream-route';

// Credentials in the path; Node req/res for a zero-copy relay (Next needs this object literal here).
export const config = { api: { bodyParser: false, responseLimit: false } };

// `?utc={start}&lutc={now}` on the live URL is TiviMate's catch-up: the archive from `utc` on.
export default streamRoute('stream:live', async (req, res, q) => {
  const utc = q('utc');
  const catchup = utc ? catchupFromUtc(utc, q('lutc') || undefined) : undefined;
  if (catchup === null) return void res.writeHead(400, { 'Content-Type': 'text/plain' }).end('Bad catch-up start\n');
  await serveStream(req, res, 'live', q('u'), q('p'), q('stream'), catchup);
});
