/**
 * The client address as Next hands it to route handlers. Next's server sets x-forwarded-for from the
 * socket; when a trusted proxy sits in front, its own entry is appended last, so the last entry not
 * in TRUSTED_PROXIES is the client.
 */
export function clientIp(headers: Headers | Record<string, string | string[] | undefined>): string {
  const get = (name: string): string | undefined => {
    if (headers instanceof Headers) return headers.get(name) ?? undefined;
    const v = headers[name];
    return Array.isArray(v) ? v.join(',') : v;
  };
  const chain = (get('x-forwarded-for') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const trusted = new Set((process.env.TRUSTED_PROXIES ?? '').split(',').map((s) => s.trim()).filter(Boolean));
  while (chain.length > 1 && trusted.has(chain[chain.length - 1])) chain.pop();
  return chain[chain.length - 1] ?? get('x-real-ip') ?? 'unknown';
}
