/**
 * A streaming XMLTV reader: feed it chunks of any size (split anywhere, even inside a tag, an entity
 * or a multi-byte character) and it hands back the channels and programmes completed so far. Only
 * the current element's text is held, so memory stays flat however big the guide is. It reads the
 * few elements the panel stores: channel id / display-name / icon, programme start / stop / channel,
 * title and desc.
 */
import { SaxesParser } from 'saxes';
import { AmpersandEscaper } from './xml-ampersands';

export interface GuideChannel {
  kind: 'channel';
  id: string;
  displayName: string | null;
  icon: string | null;
}

export interface GuideProgramme {
  kind: 'programme';
  channel: string;
  /** Epoch milliseconds, UTC. */
  start: number;
  /** Epoch milliseconds, UTC; null when the guide gives no stop. */
  stop: number | null;
  title: string;
  description: string | null;
  lang: string | null;
}

export type GuideEvent = GuideChannel | GuideProgramme;

export class XmltvSyntaxError extends Error {}

// Text that arrives without a tag in between (a description) never needs more; past this the input is
// not a guide, and the parser would hold it all.
const MAX_PENDING_CHARS = 8 * 1024 * 1024;

type Field = 'display-name' | 'title' | 'desc';

// A chunk is decoded and parsed this many bytes at a time: a network chunk (64 KB) with one accented
// letter decodes to a two-byte string of 128 KB, which V8 allocates in its old generation (large
// objects), where it stays until a full collection; four of these and the parser's copies of them
// (ampersands escaped, saxes' carry) on every chunk grew the panel's heap by hundreds of MB while a
// big guide was read. A 16 KB piece's strings die young.
const PIECE_BYTES = 16 * 1024;

/**
 * The guide's channels and programmes through `saxes`, a maintained streaming XML parser (faster than
 * the reader this replaced: docs/benchmarks.md, "XMLTV parsing"). Recoverable XML errors (a bare `&`,
 * an undeclared entity, stray markup) are what real providers send: they are skipped, not fatal.
 */
export class XmltvParser {
  private decoder: TextDecoder | null = null;
  private readonly sax = new SaxesParser({ position: false });
  private readonly ampersands = new AmpersandEscaper();
  private root = false;
  private channel: GuideChannel | null = null;
  private programme: GuideProgramme | null = null;
  private field: Field | null = null;
  private fieldDepth = 0;
  private fieldText = '';
  private fieldLang: string | null = null;
  private pending = 0;
  private out: GuideEvent[] = [];

  constructor() {
    this.sax.on('opentag', (tag) => {
      this.pending = 0;
      this.open(tag.name, tag.attributes as Record<string, string>);
    });
    this.sax.on('closetag', (tag) => {
      this.pending = 0;
      this.close(tag.name);
    });
    const text = (t: string) => {
      if (this.field) this.fieldText += t;
    };
    this.sax.on('text', text);
    this.sax.on('cdata', text);
    this.sax.on('error', () => {
      // Recoverable: saxes goes on with the next character.
    });
  }

  /** True once the `<tv>` root element was seen. */
  get sawRoot(): boolean {
    return this.root;
  }

  /** Parses a chunk and returns the channels and programmes it completed. */
  push(chunk: Uint8Array | string): GuideEvent[] {
    if (typeof chunk === 'string' || chunk.length <= PIECE_BYTES) return this.feed(chunk, false);
    const events: GuideEvent[] = [];
    for (let at = 0; at < chunk.length; at += PIECE_BYTES) events.push(...this.feed(chunk.subarray(at, at + PIECE_BYTES), false));
    return events;
  }

  private feed(chunk: Uint8Array | string, final: boolean): GuideEvent[] {
    let text: string;
    if (typeof chunk === 'string') text = chunk;
    else {
      this.decoder ??= decoderFor(sniffEncoding(chunk));
      text = this.decoder.decode(chunk, { stream: true });
    }
    text = this.ampersands.escape(text, final);
    this.pending += text.length;
    if (text) this.sax.write(text);
    if (this.pending > MAX_PENDING_CHARS) throw new XmltvSyntaxError('an element is larger than 8 MB: this is not an XMLTV guide');
    const events = this.out;
    this.out = [];
    return events;
  }

  /** Ends the input; throws when it never contained a `<tv>` element. */
  finish(): GuideEvent[] {
    const events = this.feed(this.decoder ? this.decoder.decode() : '', true);
    this.sax.close();
    events.push(...this.out);
    this.out = [];
    if (!this.root) throw new XmltvSyntaxError('the answer is not an XMLTV guide (no <tv> element)');
    return events;
  }

  private open(name: string, attrs: Record<string, string>): void {
    if (this.field) {
      this.fieldDepth += 1; // markup inside a title: keep its text, ignore the tag
      return;
    }
    switch (name) {
      case 'tv':
        this.root = true;
        return;
      case 'channel':
        if (!this.programme) this.channel = { kind: 'channel', id: attrs.id ?? '', displayName: null, icon: null };
        return;
      case 'programme':
        this.programme = {
          kind: 'programme',
          channel: attrs.channel ?? '',
          start: parseXmltvTime(attrs.start ?? '') ?? Number.NaN,
          stop: parseXmltvTime(attrs.stop ?? ''),
          title: '',
          description: null,
          lang: null,
        };
        this.channel = null;
        return;
      case 'display-name':
        if (this.channel && this.channel.displayName === null) this.startField(name, attrs);
        return;
      case 'icon':
        if (this.channel && this.channel.icon === null) this.channel.icon = attrs.src || null;
        return;
      case 'title':
        if (this.programme && this.programme.title === '') this.startField(name, attrs);
        return;
      case 'desc':
        if (this.programme && this.programme.description === null) this.startField(name, attrs);
        return;
    }
  }

  private startField(name: Field, attrs: Record<string, string>): void {
    this.field = name;
    this.fieldDepth = 0;
    this.fieldText = '';
    this.fieldLang = attrs.lang || null;
  }

  private close(name: string): void {
    if (this.field) {
      if (this.fieldDepth > 0) {
        this.fieldDepth -= 1;
        return;
      }
      const text = this.fieldText.trim();
      if (this.field === 'display-name' && this.channel) this.channel.displayName = text || null;
      if (this.field === 'title' && this.programme) {
        this.programme.title = text;
        this.programme.lang ??= this.fieldLang;
      }
      if (this.field === 'desc' && this.programme) {
        this.programme.description = text || null;
        this.programme.lang ??= this.fieldLang;
      }
      this.field = null;
      this.fieldText = '';
      return;
    }
    if (name === 'channel' && this.channel) {
      if (this.channel.id) this.out.push(this.channel);
      this.channel = null;
    } else if (name === 'programme' && this.programme) {
      if (this.programme.channel && Number.isFinite(this.programme.start)) this.out.push(this.programme);
      this.programme = null;
    }
  }
}

const timePattern = /^\s*(\d{4})(\d{2})(\d{2})(\d{2})?(\d{2})?(\d{2})?\s*(?:([+-])(\d{2}):?(\d{2})|Z|UTC|GMT)?/i;

/** `20241201060000 +0100` → epoch ms in UTC. No offset means UTC. Null when unreadable. */
export function parseXmltvTime(text: string): number | null {
  const m = timePattern.exec(text);
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', se = '0', sign, oh, om] = m;
  const local = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(se));
  if (!Number.isFinite(local)) return null;
  const offsetMinutes = sign ? (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) : 0;
  return local - offsetMinutes * 60_000;
}

function decoderFor(encoding: string): TextDecoder {
  try {
    return new TextDecoder(encoding);
  } catch {
    return new TextDecoder('utf-8'); // a Node without ICU data knows only UTF-8
  }
}

/** The encoding the XML declaration names; UTF-8 unless it says Latin-1 / Windows-1252. */
function sniffEncoding(head: Uint8Array): string {
  const text = Buffer.from(head.subarray(0, 200)).toString('latin1');
  const declared = /<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/i.exec(text)?.[1]?.toLowerCase() ?? 'utf-8';
  return /^(iso-8859-1|latin-?1|windows-1252|cp1252)$/.test(declared) ? 'windows-1252' : 'utf-8';
}
