/**
 * The client address. The socket's address is appended last to X-Forwarded-For before this runs, so
 * the chain ends with the peer that really connected; entries added by proxies listed in
 * TRUSTED_PROXIES (IPs or IPv4 CIDRs) are stepped over, and the first untrusted one is the client.
 */
export function clientIp(headers: Headers | Record<string, string | string[] | undefined>): string {
  const get = (name: string): string | undefined => {
    if (headers instanceof Headers) return headers.get(name) ?? undefined;
    const v = headers[name];
    return Array.isArray(v) ? v.join(',') : v;
  };
  const chain = (get('x-forwarded-for') ?? '').split(',').map((s) => normalize(s.trim())).filter(Boolean);
  const trusted = (process.env.TRUSTED_PROXIES ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  while (chain.length > 1 && trusted.some((t) => matches(chain[chain.length - 1], t))) chain.pop();
  return chain[chain.length - 1] ?? get('x-real-ip') ?? 'unknown';
}

const normalize = (ip: string) => ip.replace(/^::ffff:/, '');

function ipv4(ip: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return null;
  return ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
}

function matches(ip: string, rule: string): boolean {
  const [base, bits] = rule.split('/');
  if (bits === undefined) return normalize(base) === ip;
  const a = ipv4(ip);
  const b = ipv4(base);
  const n = Number(bits);
  if (a === null || b === null || !(n >= 0 && n <= 32)) return false;
  const mask = n === 0 ? 0 : (~0 << (32 - n)) >>> 0;
  return (a & mask) === (b & mask);
}
