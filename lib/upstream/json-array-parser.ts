const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

export class JsonListSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonListSyntaxError';
  }
}

/**
 * Incremental parser for a top-level JSON array: feed it chunks, get back the elements completed
 * in each chunk. Only the element being read is buffered, so memory is bounded by the largest
 * element, not by the list. Works on bytes: every structural character is ASCII and never occurs
 * inside a multi-byte UTF-8 sequence, so chunk boundaries can fall anywhere.
 */
export class JsonArrayParser {
  private state: 'before' | 'inside' | 'after' = 'before';
  private depth = 0;
  private inString = false;
  private escaped = false;
  private inElement = false;
  private primitive = false;
  private start = 0;
  private parts: Buffer[] = [];
  private partsBytes = 0;
  /** Largest number of bytes held for one element; tests assert the bound with it. */
  maxBufferedBytes = 0;

  constructor(private readonly maxElementBytes = 16 * 1024 * 1024) {}

  push(chunk: Buffer): unknown[] {
    const out: unknown[] = [];
    this.start = 0;
    for (let i = 0; i < chunk.length; i += 1) {
      const byte = chunk[i];
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (byte === BACKSLASH) this.escaped = true;
        else if (byte === QUOTE) {
          this.inString = false;
          if (this.depth === 1 && this.inElement) out.push(this.finishElement(chunk, i + 1));
        }
        continue;
      }
      if (this.state === 'before') {
        // A UTF-8 byte order mark (EF BB BF) may precede the list.
        if (isSpace(byte) || byte === 0xef || byte === 0xbb || byte === 0xbf) continue;
        if (byte !== OPEN_BRACKET) throw new JsonListSyntaxError('the answer is not a JSON list');
        this.state = 'inside';
        this.depth = 1;
        continue;
      }
      if (this.state === 'after') {
        if (!isSpace(byte)) throw new JsonListSyntaxError('unexpected data after the end of the list');
        continue;
      }
      if (this.depth === 1) {
        if (this.inElement && this.primitive) {
          if (!isSpace(byte) && byte !== COMMA && byte !== CLOSE_BRACKET) continue;
          out.push(this.finishElement(chunk, i));
        }
        if (isSpace(byte) || byte === COMMA) continue;
        if (byte === CLOSE_BRACKET) {
          this.state = 'after';
          this.depth = 0;
          continue;
        }
        this.inElement = true;
        this.start = i;
        if (byte === OPEN_BRACE || byte === OPEN_BRACKET) this.depth = 2;
        else if (byte === QUOTE) this.inString = true;
        else this.primitive = true;
        continue;
      }
      if (byte === QUOTE) this.inString = true;
      else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) this.depth += 1;
      else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
        this.depth -= 1;
        if (this.depth === 1) out.push(this.finishElement(chunk, i + 1));
      }
    }
    if (this.inElement) this.keep(chunk.subarray(this.start));
    return out;
  }

  /** Call at the end of the body; throws if the list was cut short. */
  finish(): void {
    if (this.state === 'before') throw new JsonListSyntaxError('the answer is empty');
    if (this.state === 'inside') throw new JsonListSyntaxError('the list ended before it was complete');
  }

  get complete(): boolean {
    return this.state === 'after';
  }

  private keep(piece: Buffer): void {
    if (piece.length === 0) return;
    // Copy: the caller's chunk may be a view into a pooled buffer that gets reused.
    this.parts.push(Buffer.from(piece));
    this.partsBytes += piece.length;
    this.maxBufferedBytes = Math.max(this.maxBufferedBytes, this.partsBytes);
    if (this.partsBytes > this.maxElementBytes) {
      throw new JsonListSyntaxError(`one list element is larger than ${this.maxElementBytes} bytes`);
    }
  }

  private finishElement(chunk: Buffer, end: number): unknown {
    const tail = chunk.subarray(this.start, end);
    let bytes = tail;
    if (this.parts.length > 0) {
      this.parts.push(tail);
      bytes = Buffer.concat(this.parts, this.partsBytes + tail.length);
    }
    this.maxBufferedBytes = Math.max(this.maxBufferedBytes, bytes.length);
    this.parts = [];
    this.partsBytes = 0;
    this.inElement = false;
    this.primitive = false;
    this.start = end;
    try {
      return JSON.parse(bytes.toString('utf8'));
    } catch {
      throw new JsonListSyntaxError('a list element is not valid JSON');
    }
  }
}
