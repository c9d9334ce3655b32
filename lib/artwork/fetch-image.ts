import http from 'node:http';
import https from 'node:https';
import { defaultUserAgent } from '@/lib/upstream';
import { guardConnection, type FetchPolicy } from '@/lib/net/ssrf-guard';

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
const TIMEOUT_MS = 10_000;
const MAX_REDIRECTS = 3;

export class ImageFetchError extends Error {}

/** The image type from the first bytes, never from the provider's header; SVG is refused (it can carry script). */
export function sniffImageType(b: Buffer): string | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (b.length >= 6 && /^GIF8[79]a$/.test(b.subarray(0, 6).toString('latin1'))) return 'image/gif';
  if (b.length >= 12 && b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  if (b.length >= 12 && b.subarray(4, 8).toString('latin1') === 'ftyp' && /^avi[fs]$/.test(b.subarray(8, 12).toString('latin1'))) return 'image/avif';
  return null;
}

function getOnce(url: URL, policy: FetchPolicy): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const secure = url.protocol === 'https:';
    let req: http.ClientRequest;
    try {
      req = (secure ? https : http).get(url, { ...guardConnection(url, policy), headers: { 'user-agent': defaultUserAgent, accept: 'image/*' }, timeout: TIMEOUT_MS });
    } catch (err) {
      return reject(new ImageFetchError(err instanceof Error ? err.message : 'blocked'));
    }
    req.once('response', resolve);
    req.once('timeout', () => req.destroy(new ImageFetchError('the image host did not answer in time')));
    req.once('error', (err) => reject(err instanceof ImageFetchError ? err : new ImageFetchError(err.message)));
  });
}

/**
 * Fetches one image under the stream SSRF rule (public addresses, or the trusted host), following a
 * few redirects, reading at most MAX_IMAGE_BYTES, and accepting only image bytes.
 */
export async function fetchImage(url: string, policy: FetchPolicy): Promise<{ bytes: Buffer; type: string }> {
  let target = new URL(url);
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new ImageFetchError('not an http(s) address');
    const res = await getOnce(target, policy);
    const status = res.statusCode ?? 0;
    if (status >= 300 && status < 400 && res.headers.location) {
      res.resume();
      target = new URL(res.headers.location, target);
      continue;
    }
    if (status !== 200) {
      res.resume();
      throw new ImageFetchError(`the image host answered ${status}`);
    }
    if (Number(res.headers['content-length'] ?? 0) > MAX_IMAGE_BYTES) {
      res.destroy();
      throw new ImageFetchError('the image is too large');
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_IMAGE_BYTES) {
        res.destroy();
        throw new ImageFetchError('the image is too large');
      }
      chunks.push(chunk);
    }
    const bytes = Buffer.concat(chunks);
    const type = sniffImageType(bytes);
    if (!type) throw new ImageFetchError('not an image');
    return { bytes, type };
  }
  throw new ImageFetchError('too many redirects');
}
