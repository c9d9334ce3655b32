import { bodyLimitFor, readBodyLimited } from './body-limits';
import { AppError } from '@/lib/errors';

export { parseInput } from '@/lib/errors/parse-input';

// The body text as the handler read it, for the audit row: read once, within the limit (a clone would
// tee the whole body past the limit into memory).
const bodies = new WeakMap<Request, string>();

/** The JSON body text readJson() read for this request ('' when the handler read none). */
export const bodyTextOf = (req: Request): string => bodies.get(req) ?? '';

/** Reads a JSON body within the path's size limit (413 past it); a missing or malformed body is a 400, not a crash. */
export async function readJson(req: Request): Promise<unknown> {
  const limit = bodyLimitFor(new URL(req.url).pathname, req.method);
  const text = new TextDecoder().decode(await readBodyLimited(req, limit));
  bodies.set(req, text);
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('validation_failed', 'body must be valid JSON', { _: 'body must be valid JSON' });
  }
}
