import { UpstreamError } from './errors';
import {
  mapNetworkError,
  openUpstream,
  parseJsonAnswer,
  readText,
  rejectFailureObject,
  withRetries,
  type HttpSettings,
  type UpstreamBody,
} from './http';
import { JsonArrayParser, JsonListSyntaxError } from './json-array-parser';

export interface ListTotals {
  /** Items parsed and handed to the caller; 0 when the provider answered `[]`. */
  count: number;
  /** Rows that could not be parsed at all (no id); never fatal. */
  skipped: number;
}

interface OpenedList {
  body: UpstreamBody;
  chunks: AsyncIterator<Buffer>;
  head: Buffer[];
}

function firstByte(chunks: Buffer[]): number | null {
  for (const chunk of chunks) {
    for (const byte of chunk) {
      if (byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09 && byte !== 0xef && byte !== 0xbb && byte !== 0xbf) {
        return byte;
      }
    }
  }
  return null;
}

async function nextChunk(chunks: AsyncIterator<Buffer>): Promise<Buffer | null> {
  const next = await chunks.next();
  if (next.done) return null;
  const value: unknown = next.value;
  return Buffer.isBuffer(value) ? value : Buffer.from(String(value));
}

/** Opens the list and reads until its first byte tells a JSON list from anything else. */
async function openListBody(url: string, http: HttpSettings, signal?: AbortSignal): Promise<OpenedList> {
  const response = await openUpstream(url, http, signal);
  const chunks: AsyncIterator<Buffer> = response.body[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  try {
    let start = firstByte(head);
    while (start === null) {
      const chunk = await nextChunk(chunks);
      if (chunk === null) break;
      head.push(chunk);
      start = firstByte(head);
    }
    if (start === 0x5b && !/text\/html/i.test(response.contentType)) return { body: response.body, chunks, head };
    // Not a list: read the rest (bounded) and say precisely what it is.
    const rest = await readText(response.body, 1 << 20);
    const value = parseJsonAnswer(Buffer.concat(head).toString('utf8') + rest, response.contentType, http.secrets);
    rejectFailureObject(value, http.secrets);
    throw new UpstreamError('invalid_response', 'The server did not answer with a list (an expired or disabled account answers like this)');
  } catch (error) {
    response.body.destroy();
    throw error;
  }
}

/**
 * Yields the raw rows of a list action as they arrive. Network faults before the first row are
 * retried; after rows were handed out a retry would deliver them twice, so the call fails instead.
 */
export async function* openList(url: string, http: HttpSettings, signal?: AbortSignal): AsyncGenerator<unknown, void> {
  const opened = await withRetries(() => openListBody(url, http, signal), http.retry, http.secrets, signal);
  const parser = new JsonArrayParser();
  try {
    for (const chunk of opened.head) yield* parser.push(chunk);
    for (;;) {
      let chunk: Buffer | null;
      try {
        chunk = await nextChunk(opened.chunks);
      } catch (error) {
        signal?.throwIfAborted();
        const mapped = mapNetworkError(error, http.secrets);
        throw new UpstreamError(mapped.code, `${mapped.message} (while reading the list)`, { detail: mapped.detail ?? undefined });
      }
      if (chunk === null) break;
      yield* parser.push(chunk);
    }
    parser.finish();
  } catch (error) {
    if (error instanceof JsonListSyntaxError) {
      throw new UpstreamError('invalid_response', `The server's list is not valid JSON: ${error.message}`);
    }
    throw error;
  } finally {
    opened.body.destroy();
  }
}
