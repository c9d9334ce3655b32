// A streaming M3U/M3U8 playlist reader: entries come out as the bytes arrive, so a 100k-entry
// playlist never sits in memory as one string or one array. Understands the IPTV dialect: #EXTINF
// attributes (tvg-id, tvg-name, tvg-logo, group-title, tvg-chno, catchup*), #EXTGRP, #EXTVLCOPT
// http-user-agent / http-referrer, #KODIPROP stream headers and Kodi's `url|Header=value` suffix.

export interface M3uEntry {
  /** The title after the attributes (what players show). */
  name: string;
  url: string;
  /** Every attribute of the #EXTINF line, names lower-cased. */
  attrs: Record<string, string>;
  group: string | null;
  /** Request headers the entry asks for (lower-case names): user-agent, referer, origin, cookie. */
  headers: Record<string, string>;
}

const ALLOWED_HEADERS = new Set(['user-agent', 'referer', 'origin', 'cookie']);
const HEADER_ALIASES: Record<string, string> = { 'http-user-agent': 'user-agent', 'http-referrer': 'referer', 'http-referer': 'referer', referrer: 'referer', 'http-origin': 'origin' };

/** A header an entry may set: a known name and a value on one printable line. */
function putHeader(headers: Record<string, string>, rawName: string, rawValue: string) {
  const lower = rawName.trim().toLowerCase();
  const name = HEADER_ALIASES[lower] ?? lower;
  const value = rawValue.trim();
  if (!ALLOWED_HEADERS.has(name) || !value || value.length > 1000 || /[\r\n\0]/.test(value)) return;
  headers[name] = value;
}

/** `User-Agent=a%20b&Referer=c` (Kodi) into headers. */
function putHeaderList(headers: Record<string, string>, list: string) {
  for (const pair of list.split('&')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    let value = pair.slice(eq + 1);
    try {
      value = decodeURIComponent(value);
    } catch {
      // kept as written
    }
    putHeader(headers, pair.slice(0, eq), value);
  }
}

/** The attributes and the title of an #EXTINF line (`#EXTINF:-1 a="b" c="d",Title`). */
export function parseExtinf(line: string): { attrs: Record<string, string>; name: string } {
  const body = line.slice(line.indexOf(':') + 1);
  const attrs: Record<string, string> = {};
  let i = 0;
  let inQuote = false;
  let comma = -1;
  for (; i < body.length; i += 1) {
    const c = body[i];
    if (c === '"') inQuote = !inQuote;
    else if (c === ',' && !inQuote) {
      comma = i;
      break;
    }
  }
  const head = comma >= 0 ? body.slice(0, comma) : body;
  for (const m of head.matchAll(/([A-Za-z0-9_:-]+)="([^"]*)"/g)) attrs[m[1].toLowerCase()] = m[2].trim();
  for (const m of head.matchAll(/([A-Za-z0-9_:-]+)=([^"\s]+)/g)) if (!(m[1].toLowerCase() in attrs)) attrs[m[1].toLowerCase()] = m[2].trim();
  const name = comma >= 0 ? body.slice(comma + 1).trim() : '';
  return { attrs, name };
}

export class M3uSyntaxError extends Error {}

/**
 * Reads entries from the playlist's (already gunzipped) bytes. Throws M3uSyntaxError when the text is
 * not a playlist at all (an HTML page, a JSON error): a provider's error page must never replace a catalog.
 */
export async function* readM3u(bytes: AsyncIterable<Buffer>): AsyncGenerator<M3uEntry> {
  const decoder = new TextDecoder('utf-8');
  let carry = '';
  let sawHeader = false;
  let sawAnything = false;
  interface Pending {
    attrs: Record<string, string>;
    name: string;
    group: string | null;
    headers: Record<string, string>;
  }
  let pending: Pending | null = null;
  const fresh = (): Pending => ({ attrs: {}, name: '', group: null, headers: {} });

  function* lineOut(raw: string): Generator<M3uEntry> {
    const line = raw.replace(/^\uFEFF/, '').trim();
    if (!line) return;
    if (!sawAnything) {
      sawAnything = true;
      if (/^#EXTM3U/i.test(line)) {
        sawHeader = true;
        return;
      }
      if (/^\s*[<{[]/.test(line)) throw new M3uSyntaxError('the answer is not an M3U playlist (it looks like HTML or JSON)');
    }
    if (line.startsWith('#')) {
      if (/^#EXTINF:/i.test(line)) {
        const { attrs, name } = parseExtinf(line);
        pending = { ...(pending ?? fresh()), attrs, name };
      } else if (/^#EXTGRP:/i.test(line)) {
        (pending ??= fresh()).group = line.slice(8).trim() || null;
      } else if (/^#EXTVLCOPT:/i.test(line)) {
        const opt = line.slice(11);
        const eq = opt.indexOf('=');
        if (eq > 0) putHeader((pending ??= fresh()).headers, opt.slice(0, eq), opt.slice(eq + 1));
      } else if (/^#KODIPROP:/i.test(line)) {
        const prop = line.slice(10);
        const m = /^inputstream\.adaptive\.(?:stream|manifest)_headers=(.*)$/i.exec(prop);
        if (m) putHeaderList((pending ??= fresh()).headers, m[1]);
      }
      return;
    }
    if (!sawHeader && !pending) return; // stray text before any entry
    let url = line;
    const entry = pending ?? fresh();
    pending = null;
    const pipe = url.indexOf('|');
    if (pipe > 0) {
      putHeaderList(entry.headers, url.slice(pipe + 1));
      url = url.slice(0, pipe);
    }
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return;
    const group = entry.attrs['group-title'] || entry.group || null;
    yield { name: entry.name || entry.attrs['tvg-name'] || url, url, attrs: entry.attrs, group, headers: entry.headers };
  }

  for await (const chunk of bytes) {
    carry += decoder.decode(chunk, { stream: true });
    let nl = carry.indexOf('\n');
    let from = 0;
    while (nl >= 0) {
      yield* lineOut(carry.slice(from, nl));
      from = nl + 1;
      nl = carry.indexOf('\n', from);
    }
    carry = carry.slice(from);
    if (carry.length > 1 << 20) throw new M3uSyntaxError('a playlist line is longer than 1 MB');
  }
  carry += decoder.decode();
  yield* lineOut(carry);
  if (sawAnything && !sawHeader) throw new M3uSyntaxError('the answer is not an M3U playlist (no #EXTM3U header)');
}

const VIDEO_EXTENSIONS = new Set(['mp4', 'mkv', 'avi', 'mov', 'm4v', 'wmv', 'flv', 'webm', 'mpg', 'mpeg', 'ogv', '3gp', 'divx', 'xvid']);

/** The container extension of a URL that names a video file (`.../film.mkv?token=` → mkv), else null. */
export function videoExtensionOf(url: string): string | null {
  try {
    const m = /\.([A-Za-z0-9]{2,5})$/.exec(new URL(url).pathname);
    const ext = m?.[1].toLowerCase();
    return ext && VIDEO_EXTENSIONS.has(ext) ? ext : null;
  } catch {
    return null;
  }
}
