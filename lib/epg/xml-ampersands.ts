/**
 * Real guides leave '&' bare ("Tom & Jerry", "logo.png?a=1&b=2") and use HTML's `&nbsp;`; a strict XML
 * parser stops reading text at such an '&'. This escapes, chunk by chunk, every '&' that starts no
 * reference, outside CDATA sections and comments, and turns `&nbsp;` into `&#160;`. A chunk's tail that
 * may hold an unfinished reference or marker is kept back for the next chunk.
 */
const REFERENCE = /&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9._-]{0,30});/y;
const MAX_REFERENCE = 33;
const MARKERS = 10; // '<![CDATA[' is the longest marker

export class AmpersandEscaper {
  private mode: 'markup' | 'cdata' | 'comment' = 'markup';
  private carry = '';

  /** The chunk with bare ampersands escaped; `final` flushes what was kept back. */
  escape(chunk: string, final = false): string {
    let s = this.carry + chunk;
    this.carry = '';
    if (!final) {
      const cut = safeCut(s);
      this.carry = s.slice(cut);
      s = s.slice(0, cut);
    }
    let out = '';
    let i = 0;
    // The next '&' and '<!' at or after i, each searched again only once passed: searching both from
    // every '&' made a chunk without any '<!' cost a scan to its end per ampersand (quadratic).
    let amp = -2;
    let lt = -2;
    while (i < s.length) {
      if (this.mode !== 'markup') {
        const closer = this.mode === 'cdata' ? ']]>' : '-->';
        const end = s.indexOf(closer, i);
        if (end === -1) return out + s.slice(i);
        out += s.slice(i, end + 3);
        i = end + 3;
        this.mode = 'markup';
        continue;
      }
      if (amp !== -1 && amp < i) amp = s.indexOf('&', i);
      if (lt !== -1 && lt < i) lt = s.indexOf('<!', i);
      if (amp === -1 && lt === -1) return out + s.slice(i);
      if (lt !== -1 && (amp === -1 || lt < amp)) {
        out += s.slice(i, lt);
        if (s.startsWith('<![CDATA[', lt)) {
          out += '<![CDATA[';
          i = lt + 9;
          this.mode = 'cdata';
        } else if (s.startsWith('<!--', lt)) {
          out += '<!--';
          i = lt + 4;
          this.mode = 'comment';
        } else {
          out += '<!';
          i = lt + 2;
        }
        continue;
      }
      out += s.slice(i, amp);
      REFERENCE.lastIndex = amp;
      const ref = REFERENCE.exec(s);
      if (ref) {
        out += ref[0] === '&nbsp;' ? '&#160;' : ref[0];
        i = amp + ref[0].length;
      } else {
        out += '&amp;';
        i = amp + 1;
      }
    }
    return out;
  }
}

/** Where to cut a chunk so that no reference or marker is split: before the earliest '&' of the last
 * MAX_REFERENCE characters and the earliest '<', ']' or '-' of the last MARKERS characters. */
function safeCut(s: string): number {
  let cut = s.length;
  const amp = s.indexOf('&', Math.max(0, s.length - MAX_REFERENCE));
  if (amp !== -1) cut = amp;
  for (let i = Math.max(0, s.length - MARKERS); i < cut; i++) {
    const c = s[i];
    if (c === '<' || c === ']' || c === '-') return i;
  }
  return cut;
}
