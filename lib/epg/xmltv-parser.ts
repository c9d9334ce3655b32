/**
 * A streaming XMLTV reader: feed it chunks of any size (split anywhere, even inside a tag, an entity
 * or a multi-byte character) and it hands back the channels and programmes completed so far. Only
 * the current element's text is held, so memory stays flat however big the guide is. It reads the
 * few elements the panel stores: channel id / display-name / icon, programme start / stop / channel,
 * title and desc. It is not a general XML parser: DTDs are skipped, namespaces ignored.
 */

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

// A single element's text (a description) never needs more; past this the input is not a guide.
const MAX_PENDING_CHARS = 8 * 1024 * 1024;

type Field = 'display-name' | 'title' | 'desc';

export class XmltvParser {
  private decoder: TextDecoder | null = null;
  private buffer = '';
  private root = false;
  private channel: GuideChannel | null = null;
  private programme: GuideProgramme | null = null;
  private field: Field | null = null;
  private fieldDepth = 0;
  private fieldText = '';
  private fieldLang: string | null = null;
  private out: GuideEvent[] = [];

  /** True once the `<tv>` root element was seen. */
  get sawRoot(): boolean {
    return this.root;
  }

  /** Parses a chunk and returns the channels and programmes it completed. */
  push(chunk: Uint8Array | string): GuideEvent[] {
    if (typeof chunk === 'string') this.buffer += chunk;
    else {
      this.decoder ??= decoderFor(sniffEncoding(chunk));
      this.buffer += this.decoder.decode(chunk, { stream: true });
    }
    this.scan();
    if (this.buffer.length > MAX_PENDING_CHARS) throw new XmltvSyntaxError('an element is larger than 8 MB: this is not an XMLTV guide');
    const events = this.out;
    this.out = [];
    return events;
  }

  /** Ends the input; throws when it never contained a `<tv>` element. */
  finish(): GuideEvent[] {
    const events = this.decoder ? this.push(this.decoder.decode()) : this.push('');
    if (!this.root) throw new XmltvSyntaxError('the answer is not an XMLTV guide (no <tv> element)');
    return events;
  }

  private scan(): void {
    const s = this.buffer;
    let i = 0;
    for (;;) {
      const lt = s.indexOf('<', i);
      if (lt === -1) break; // the text so far may end inside an entity: wait for its '<'
      if (lt > i && this.field) this.fieldText += decodeEntities(s.slice(i, lt));
      i = lt;
      if (s.startsWith('<!--', lt)) {
        const end = s.indexOf('-->', lt + 4);
        if (end === -1) break;
        i = end + 3;
      } else if (s.startsWith('<![CDATA[', lt)) {
        const end = s.indexOf(']]>', lt + 9);
        if (end === -1) break;
        if (this.field) this.fieldText += s.slice(lt + 9, end);
        i = end + 3;
      } else if (s[lt + 1] === '?') {
        const end = s.indexOf('?>', lt + 2);
        if (end === -1) break;
        i = end + 2;
      } else if (s[lt + 1] === '!') {
        // <!DOCTYPE ...> with an optional [internal subset]; also a "<![CD" cut by the chunk end
        if ('<![CDATA['.startsWith(s.slice(lt, lt + 9)) || '<!--'.startsWith(s.slice(lt, lt + 4))) break;
        const bracket = s.indexOf('[', lt);
        const close = s.indexOf('>', lt);
        if (close === -1) break;
        let end = close;
        if (bracket !== -1 && bracket < close) {
          const subset = s.indexOf(']', bracket);
          end = subset === -1 ? -1 : s.indexOf('>', subset);
          if (end === -1) break;
        }
        i = end + 1;
      } else {
        const end = tagEnd(s, lt + 1);
        if (end === -1) break;
        this.tag(s.slice(lt + 1, end));
        i = end + 1;
      }
    }
    this.buffer = s.slice(i);
  }

  private tag(text: string): void {
    if (text.startsWith('/')) return this.close(text.slice(1).trim());
    const selfClosing = text.endsWith('/');
    const body = selfClosing ? text.slice(0, -1) : text;
    const nameEnd = body.search(/[\s/]|$/);
    const name = body.slice(0, nameEnd);
    this.open(name, body.slice(nameEnd));
    if (selfClosing) this.close(name);
  }

  private open(name: string, attrText: string): void {
    if (this.field) {
      this.fieldDepth += 1; // markup inside a title: keep its text, ignore the tag
      return;
    }
    switch (name) {
      case 'tv':
        this.root = true;
        return;
      case 'channel':
        if (!this.programme) this.channel = { kind: 'channel', id: attributes(attrText).id ?? '', displayName: null, icon: null };
        return;
      case 'programme': {
        const a = attributes(attrText);
        this.programme = {
          kind: 'programme',
          channel: a.channel ?? '',
          start: parseXmltvTime(a.start ?? '') ?? Number.NaN,
          stop: parseXmltvTime(a.stop ?? ''),
          title: '',
          description: null,
          lang: null,
        };
        this.channel = null;
        return;
      }
      case 'display-name':
        if (this.channel && this.channel.displayName === null) this.startField(name, attrText);
        return;
      case 'icon':
        if (this.channel && this.channel.icon === null) this.channel.icon = attributes(attrText).src || null;
        return;
      case 'title':
        if (this.programme && this.programme.title === '') this.startField(name, attrText);
        return;
      case 'desc':
        if (this.programme && this.programme.description === null) this.startField(name, attrText);
        return;
    }
  }

  private startField(name: Field, attrText: string): void {
    this.field = name;
    this.fieldDepth = 0;
    this.fieldText = '';
    this.fieldLang = attributes(attrText).lang || null;
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

/** The index of the '>' that ends a tag opened before `from`, skipping quoted attribute values. */
function tagEnd(s: string, from: number): number {
  let quote = '';
  for (let i = from; i < s.length; i += 1) {
    const c = s[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i;
  }
  return -1;
}

const attributePattern = /([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function attributes(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(attributePattern)) out[m[1]] = decodeEntities(m[2] ?? m[3] ?? '');
  return out;
}

const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z]{2,8});/g, (whole, ref: string) => {
    if (ref[0] !== '#') return named[ref] ?? whole;
    const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
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
