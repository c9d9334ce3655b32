// One spelling per address, so a ban typed by an admin and the address a socket reports compare as
// equal: IPv4 as a dotted quad without leading zeros, IPv6 in the RFC 5952 form (lower case, the
// longest run of zero groups as '::'), an IPv4-mapped IPv6 address as its IPv4. No Node import: the
// /lines form validates with it too.

const V4_PART = /^(0|[1-9]\d{0,2})$/;

function parseV4(text: string): number[] | null {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => V4_PART.test(p))) return null;
  const bytes = parts.map(Number);
  return bytes.every((b) => b <= 255) ? bytes : null;
}

/** Eight 16-bit groups, or null. Accepts '::' once and a trailing dotted quad (two groups' worth). */
function parseV6(text: string): number[] | null {
  if (!/^[0-9a-f:.]+$/i.test(text) || text.length > 45) return null;
  let body = text;
  const quad = /:(\d+\.\d+\.\d+\.\d+)$/.exec(body);
  if (quad) {
    const v4 = parseV4(quad[1]);
    if (!v4) return null;
    body = `${body.slice(0, quad.index + 1)}${((v4[0] << 8) | v4[1]).toString(16)}:${((v4[2] << 8) | v4[3]).toString(16)}`;
  }
  if (body.includes('.')) return null;
  const halves = body.split('::');
  if (halves.length > 2) return null;
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const head = groups(halves[0]);
  const rest = halves.length === 2 ? groups(halves[1]) : [];
  if ([...head, ...rest].some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return null;
  const known = head.length + rest.length;
  if (halves.length === 1 ? known !== 8 : known > 7) return null;
  const zeros = Array<number>(8 - known).fill(0);
  return [...head, ...zeros.slice(0, halves.length === 2 ? zeros.length : 0), ...rest].map((g) => (typeof g === 'number' ? g : parseInt(g, 16)));
}

function formatV6(words: number[]): string {
  // The longest run of two or more zero groups (the first of equal runs) becomes '::'.
  let best = { at: -1, len: 0 };
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > best.len && j - i >= 2) best = { at: i, len: j - i };
    i = j;
  }
  const hex = words.map((w) => w.toString(16));
  if (best.at < 0) return hex.join(':');
  return `${hex.slice(0, best.at).join(':')}::${hex.slice(best.at + best.len).join(':')}`;
}

/** The canonical spelling of an IPv4 or IPv6 address, or null when the text is not one (no CIDR, no zone, no port). */
export function canonicalIp(text: string): string | null {
  let s = text.trim();
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  if (!s) return null;
  const v4 = parseV4(s);
  if (v4) return v4.join('.');
  const v6 = parseV6(s);
  if (!v6) return null;
  // ::ffff:a.b.c.d is how a dual-stack socket reports an IPv4 client.
  if (v6.slice(0, 5).every((w) => w === 0) && v6[5] === 0xffff) return [v6[6] >> 8, v6[6] & 255, v6[7] >> 8, v6[7] & 255].join('.');
  return formatV6(v6);
}
