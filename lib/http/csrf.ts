import { AppError } from '@/lib/errors';
import { getEnv } from '@/lib/env';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Requests a browser would not send on its own from another site. An API token travels in a header no
 * cross-site page can set without a CORS preflight (which the panel never grants), so token requests
 * are the one exemption, decided here.
 */
function exempt(req: Request): boolean {
  return /^Bearer\s+\S/i.test(req.headers.get('authorization') ?? '');
}

/** The origins the panel answers as: PUBLIC_URL, NEXTAUTH_URL and the Host the request came to. */
function isOwnOrigin(origin: string, req: Request): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // "null" (sandboxed frames, file:) and junk
  }
  for (const configured of [getEnv().PUBLIC_URL, getEnv().NEXTAUTH_URL]) {
    if (!configured) continue;
    try {
      if (new URL(configured).origin === url.origin) return true;
    } catch {
      // a malformed setting matches nothing
    }
  }
  const host = req.headers.get('host');
  return Boolean(host) && (url.protocol === 'http:' || url.protocol === 'https:') && url.host.toLowerCase() === host!.toLowerCase();
}

function hasBody(req: Request): boolean {
  const length = req.headers.get('content-length');
  return (length !== null && length !== '0') || req.headers.has('transfer-encoding');
}

/**
 * Cross-site request forgery: a state-changing request must be JSON (a cross-site form can only send
 * form or text bodies; JSON from another origin needs a preflight), and when the browser says where
 * it comes from (Origin, Sec-Fetch-Site) it must come from the panel itself. Scripts that send
 * neither header keep working; a bodiless request (DELETE, a POST without input) needs no type.
 */
export function assertSameOriginMutation(req: Request): void {
  if (!MUTATING.has(req.method) || exempt(req)) return;
  const site = req.headers.get('sec-fetch-site');
  const origin = req.headers.get('origin');
  if ((site && site !== 'same-origin' && site !== 'none') || (origin !== null && !isOwnOrigin(origin, req))) {
    throw new AppError('forbidden', 'Cross-site requests are refused');
  }
  const type = req.headers.get('content-type');
  if (type === null && !hasBody(req)) return;
  if (!/^application\/json\s*(;|$)/i.test(type ?? '')) {
    throw new AppError('unsupported_media_type', 'Send the body as application/json');
  }
}
