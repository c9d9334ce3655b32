import { pipeline, Readable } from 'node:stream';
import zlib from 'node:zlib';

/**
 * The bytes of a guide answer, gunzipped when they are gzip: providers send `Content-Encoding: gzip`
 * or a plain `.xml.gz` file, so the magic bytes decide, not the headers.
 */
export async function* guideBytes(body: AsyncIterable<Uint8Array | string>): AsyncGenerator<Buffer> {
  const chunks = body[Symbol.asyncIterator]();
  const first = await chunks.next();
  if (first.done) return;
  const head = toBuffer(first.value);
  const rest = (async function* () {
    yield head;
    for (;;) {
      const next = await chunks.next();
      if (next.done) return;
      yield toBuffer(next.value);
    }
  })();
  if (!(head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b)) {
    yield* rest;
    return;
  }
  const gunzip = zlib.createGunzip();
  pipeline(Readable.from(rest), gunzip, () => undefined); // an error on either side surfaces in the loop below
  for await (const chunk of gunzip) yield chunk as Buffer;
}

const toBuffer = (v: Uint8Array | string) => (typeof v === 'string' ? Buffer.from(v) : Buffer.isBuffer(v) ? v : Buffer.from(v));
