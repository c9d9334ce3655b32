import { serveStream } from '@/lib/relay/serve-stream';
import { streamRoute } from '@/lib/relay/stream-route';

// Credentials in the path; Node req/res for a zero-copy relay (Next needs this object literal here).
export const config = { api: { bodyParser: false, responseLimit: false } };

export default streamRoute('stream:movie', (req, res, q) => serveStream(req, res, 'movie', q('u'), q('p'), q('stream')));
