import { serveStream } from '@/lib/relay/serve-stream';
import { streamRoute } from '@/lib/relay/stream-route';

// Credentials in the path; Node req/res for a zero-copy relay (Next needs this object literal here).
export const config = { api: { bodyParser: false, responseLimit: false } };

export default streamRoute('stream:series', (req, res, q) => serveStream(req, res, 'series', q('u'), q('p'), q('stream')));
