import type { IncomingMessage } from 'node:http';
import net from 'node:net';
import { getEnv } from '@/lib/env';

/** The header server/ sets to the socket's address on every request it hands to Next (any value a client sent is dropped first). */
export const PEER_HEADER = 'x-neropanel-peer';

type HeaderBag = Headers | Record<string, string | string[] | undefined>;

/**
 * The client address: the socket's peer, unless the peer is a proxy listed in TRUSTED_PROXIES (IPs or
 * CIDRs, IPv4 or IPv6); then the right-most X-Forwarded-For entry that is not a trusted proxy. A
 * client can write anything into X-Forwarded-For, so without a trusted peer the header is ignored.
 */
export function clientIp({ peer, forwardedFor }: { peer: string | undefined | null; forwardedFor?: string | string[] | null }): string {
  const socket = normalize(peer ?? '');
  if (!socket) return 'unknown';
  const trusted = trustedProxies();
  if (!trusted.some((rule) => matches(socket, rule))) return socket;
  const chain = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor ?? '')
    .split(',')
    .map((s) => normalize(s.trim()))
    .filter(Boolean);
  for (let i = chain.length - 1; i >= 0; i--) {
    if (!trusted.some((rule) => matches(chain[i], rule))) return chain[i];
  }
  // Every hop is a trusted proxy: the left-most is as close to the client as we can tell.
  return chain[0] ?? socket;
}

/** For node:http code (the Xtream surface, the relay, the request log). */
export function requestClientIp(req: IncomingMessage): string {
  return clientIp({ peer: req.socket?.remoteAddress, forwardedFor: req.headers['x-forwarded-for'] });
}

/** For App Router and next-auth code: the peer comes from the header server/ sets ('unknown' without it). */
export function headersClientIp(headers: HeaderBag): string {
  const get = (name: string): string | undefined => {
    if (headers instanceof Headers) return headers.get(name) ?? undefined;
    const v = headers[name];
    return Array.isArray(v) ? v.join(',') : v;
  };
  return clientIp({ peer: get(PEER_HEADER), forwardedFor: get('x-forwarded-for') });
}

let cached: { raw: string; rules: Rule[] } | undefined;
function trustedProxies(): Rule[] {
  const raw = getEnv().TRUSTED_PROXIES ?? '';
  if (cached?.raw !== raw) cached = { raw, rules: raw.split(',').map((s) => parseRule(s.trim())).filter((r): r is Rule => r !== null) };
  return cached.rules;
}

function normalize(ip: string): string {
  let s = ip.trim();
  if (s.startsWith('[') && s.includes(']')) s = s.slice(1, s.indexOf(']')); // [v6]:port
  s = s.replace(/%.*$/, ''); // zone id
  if (/^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(s)) s = s.slice(7);
  return s.toLowerCase();
}

interface Rule {
  bytes: Buffer;
  bits: number;
}

function parseRule(text: string): Rule | null {
  if (!text) return null;
  const [base, bitsText] = text.split('/');
  const bytes = toBytes(normalize(base));
  if (!bytes) return null;
  const max = bytes.length * 8;
  const bits = bitsText === undefined ? max : Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > max) return null;
  return { bytes, bits };
}

function matches(ip: string, rule: Rule): boolean {
  const bytes = toBytes(ip);
  if (!bytes || bytes.length !== rule.bytes.length) return false;
  let left = rule.bits;
  for (let i = 0; i < bytes.length && left > 0; i++, left -= 8) {
    const mask = left >= 8 ? 0xff : (0xff << (8 - left)) & 0xff;
    if ((bytes[i] & mask) !== (rule.bytes[i] & mask)) return false;
  }
  return true;
}

function toBytes(ip: string): Buffer | null {
  if (net.isIPv4(ip)) return Buffer.from(ip.split('.').map(Number));
  if (!net.isIPv6(ip)) return null;
  // A trailing dotted quad (::ffff:1.2.3.4) becomes two hex groups, then '::' is filled with zeros.
  const text = ip.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_, a, b, c, d) => `${((+a << 8) | +b).toString(16)}:${((+c << 8) | +d).toString(16)}`);
  const [head, tail] = text.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const words = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  if (words.length !== 8) return null;
  const buf = Buffer.alloc(16);
  words.forEach((w, i) => buf.writeUInt16BE(parseInt(w, 16), i * 2));
  return buf;
}
