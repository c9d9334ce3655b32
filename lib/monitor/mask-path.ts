const MASK = '***';
const MAX_PATH = 2048;
const SECRET_PARAMS = new Set(['password', 'pass', 'pwd']);

const decode = (s: string) => {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
};

/**
 * The request path as the monitor keeps it: the password replaced by *** wherever it is, in a path
 * segment (`/live/u/p/1.ts`, `/u/p/1`) and in the query (`password=`, or any value equal to it).
 * `secrets` are the passwords this request carried, as the handler will read them.
 */
export function maskRequestPath(url: string, secrets: readonly string[]): string {
  const known = secrets.filter((s) => s.length > 0);
  const q = url.indexOf('?');
  const pathname = q === -1 ? url : url.slice(0, q);
  let out = pathname
    .split('/')
    .map((seg) => (seg && known.includes(decode(seg)) ? MASK : seg))
    .join('/');
  if (q !== -1) {
    const query = url
      .slice(q + 1)
      .split('&')
      .map((pair) => {
        const eq = pair.indexOf('=');
        if (eq === -1) return known.includes(decode(pair)) ? MASK : pair;
        const key = pair.slice(0, eq);
        return SECRET_PARAMS.has(decode(key).toLowerCase()) || known.includes(decode(pair.slice(eq + 1))) ? `${key}=${MASK}` : pair;
      })
      .join('&');
    out += `?${query}`;
  }
  // Last line of defence: the password repeated anywhere else (raw or encoded). Short strings are
  // skipped: every account password has at least 4 characters, and "a" would mangle the whole path.
  for (const s of known) {
    if (s.length < 4) continue;
    for (const form of new Set([s, encodeURIComponent(s)])) if (out.includes(form)) out = out.split(form).join(MASK);
  }
  // HLS tokens name an account's playback: a copied one would keep it alive.
  // The hub's segment URLs (`/hls/{id}~{token}/{seq}.ts`) carry the token as their second segment.
  out = out.replace(/^\/hls\/[^/?]+(?=\/)/, `/hls/${MASK}`).replace(/^\/hls\/[^/?]+?(\.[A-Za-z0-9]{1,5})?(?=$|\?)/, `/hls/${MASK}$1`);
  return out.length > MAX_PATH ? `${out.slice(0, MAX_PATH)}…` : out;
}
