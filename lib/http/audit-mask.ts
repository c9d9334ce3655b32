/**
 * Secrets never reach the audit log: values under secret-looking keys are replaced, every such value
 * is also struck out wherever else it appears (a line's password sits inside its ready-made links),
 * and credentials inside URLs (user:pass@host, ?password=, Xtream /live/user/pass/ paths) are cut.
 * URLs the admin enters (keys ending in "url": M3U playlists, guide sources, webhooks) often carry
 * credentials in any query parameter: every query value of those is masked and struck elsewhere too.
 */
export const MASK = '[masked]';

const SECRET_KEY = /pass(word|phrase)?|secret|token|hash|api_?key|credential|authorization|cookie|encrypted/i;
const URL_KEY = /url$/i;
const PLAIN_PARAM = /^(username|user|type|output|action|format|fmt)$/i;
const MAX_DEPTH = 12;

/** The query values and user-info of a URL: the parts that may be credentials. */
function urlParts(value: string): string[] {
  try {
    const u = new URL(value);
    // The account name and format switches of a player link are no secret: strike only the rest elsewhere.
    const values = [...u.searchParams.entries()].filter(([k]) => !PLAIN_PARAM.test(k)).map(([, v]) => v);
    return [u.password, ...values].map((v) => decodeURIComponent(v)).filter((v) => v.length >= 4);
  } catch {
    return [];
  }
}

/** A URL with user-info and every query value masked; not a URL: unchanged. */
function maskUrlValue(value: string): string {
  try {
    const u = new URL(value);
    if (!u.search && !u.username && !u.password) return value;
    if (u.username) u.username = MASK;
    if (u.password) u.password = MASK;
    for (const key of [...new Set(u.searchParams.keys())]) u.searchParams.set(key, MASK);
    return u.toString().replaceAll(encodeURIComponent(MASK), MASK);
  } catch {
    return value;
  }
}

function collectSecrets(value: unknown, out: Set<string>, depth = 0): void {
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return;
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (SECRET_KEY.test(key) && (typeof v === 'string' || typeof v === 'number') && String(v).length >= 3) out.add(String(v));
    else if (URL_KEY.test(key) && typeof v === 'string') for (const part of urlParts(v)) out.add(part);
    else collectSecrets(v, out, depth + 1);
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Cuts credentials out of one string. */
export function maskString(s: string, secrets: Iterable<string> = []): string {
  let out = s
    .replace(/(\/\/)[^/@\s:]+:[^/@\s]*@/g, `$1${MASK}@`)
    .replace(/([?&](?:password|pass|pwd|token|passphrase|api_?key)=)[^&#\s]*/gi, `$1${MASK}`)
    .replace(/(\/(?:live|movie|series|timeshift)\/[^/\s]+\/)[^/\s]+\//g, `$1${MASK}/`)
    // Webhook URLs whose path is the secret (Discord, Slack).
    .replace(/(\/api\/webhooks\/\d+\/)[^/?\s"]+/g, `$1${MASK}`)
    .replace(/(hooks\.slack\.com\/services\/)[^?\s"]+/g, `$1${MASK}`);
  for (const secret of secrets) {
    if (secret && out.includes(secret)) out = out.replace(new RegExp(escapeRegExp(secret), 'g'), MASK);
  }
  return out;
}

function walk(value: unknown, secrets: string[], depth: number): unknown {
  if (typeof value === 'string') return maskString(value, secrets);
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return depth > MAX_DEPTH ? '[deep]' : value;
  if (Array.isArray(value)) return value.map((v) => walk(v, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (SECRET_KEY.test(key) && v !== null && v !== undefined && v !== '') out[key] = MASK;
    else if (URL_KEY.test(key) && typeof v === 'string') out[key] = maskString(maskUrlValue(v), secrets);
    else out[key] = walk(v, secrets, depth + 1);
  }
  return out;
}

/** A copy of `values` with every secret masked; secrets found in any of them are struck from all. */
export function maskSecrets<T extends unknown[]>(...values: T): T {
  const found = new Set<string>();
  for (const v of values) collectSecrets(v, found);
  // Longest first, so a secret that contains another is struck whole.
  const secrets = [...found].sort((a, b) => b.length - a.length);
  return values.map((v) => walk(v, secrets, 0)) as T;
}
