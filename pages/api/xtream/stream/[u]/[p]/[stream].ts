import { serveStream } from '@/lib/relay/serve-stream';
import { streamRoute } from '@/lib/relay/stream-route';

// Credentials in the path; Node req/res for a zero-copy relay (Next needs this object literal here).
export const config = { api: { bodyParser: false, responseLimit: false } };

// The bare form /{u}/{p}/{id}: the id is looked up among live channels, movies and episodes.
export default streamRoute('stream:bare', (req, res, q) => serveStream(req, res, 'bare', q('u'), q('p'), q('stream')));
