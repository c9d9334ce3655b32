import dns from 'node:dns';
import net, { type LookupFunction } from 'node:net';
import { logger } from '@/lib/monitor/logger';
import { processState } from '@/lib/state';

// URLs a provider names (redirects, HLS segment, key and variant URIs) are fetched only when they
// resolve to a public address, or when their host is the one the source was configured with (the
// upstream's server URL, or the admin's own URL for local content): a provider on the LAN keeps
// working, while a playlist cannot point the panel at 169.254.169.254 or an admin port on loopback.
// Names are checked at connect time by the socket's `lookup`, so a DNS answer that changes between a
// check and the connect (rebinding) cannot get past it; IP literals are checked before connecting.

const blocked = new net.BlockList();
for (const [net4, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // CGNAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) blocked.addSubnet(net4, prefix, 'ipv4');
for (const [net6, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128],
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const) blocked.addSubnet(net6, prefix, 'ipv6');

/** An IPv4 address written as IPv6 (`::ffff:10.0.0.1`, `::ffff:a00:1`), as its IPv4 form; else null. */
function embeddedIpv4(address: string): string | null {
  const dotted = /^(?:0{0,4}:){0,5}:?ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (dotted) return dotted[1];
  const hex = /^(?:0{0,4}:){0,5}:?ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!hex) return null;
  const hi = parseInt(hex[1], 16);
  const lo = parseInt(hex[2], 16);
  return `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
}

/** False for loopback, private, link-local, CGNAT, multicast, reserved and unique-local addresses (v4, v6, v4-mapped). */
export function isPublicAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const kind = net.isIP(bare);
  if (kind === 0) return false;
  if (kind === 6) {
    const v4 = embeddedIpv4(bare);
    if (v4) return !blocked.check(v4, 'ipv4');
    return !blocked.check(bare, 'ipv6');
  }
  return !blocked.check(bare, 'ipv4');
}

/** Where a fetch may go: any public address, plus `trustedHost` (the configured host) whatever it resolves to. */
export interface FetchPolicy {
  trustedHost: string;
  /** For the log line; null for local content. */
  upstreamId: string | null;
}

export class BlockedAddressError extends Error {
  readonly code = 'EBLOCKED';
  constructor(readonly host: string) {
    super(`${host} does not resolve to a public address`);
  }
}

const hostOf = (url: URL) => url.hostname.replace(/^\[|\]$/g, '').toLowerCase();

/** The policy of a source: its own URL's host is the configured one (upstream server URL or the admin's local URL). */
export function policyFor(configuredUrl: string, upstreamId: string | null): FetchPolicy {
  return { trustedHost: hostOf(new URL(configuredUrl)), upstreamId };
}

const refusals = processState('ssrfRefusals', () => new Set<string>());

function noteRefusal(policy: FetchPolicy, host: string): void {
  const key = `${policy.upstreamId ?? 'local'} ${host}`;
  if (refusals.has(key)) return;
  if (refusals.size >= 10_000) refusals.clear();
  refusals.add(key);
  logger.warn({ upstreamId: policy.upstreamId, host }, 'refused a provider URL: it does not resolve to a public address');
}

function guardedLookup(policy: FetchPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      // A name with public and private answers is only ever connected to its public ones.
      const allowed = addresses.filter((a) => isPublicAddress(a.address));
      if (allowed.length === 0) {
        noteRefusal(policy, hostname.toLowerCase());
        return callback(new BlockedAddressError(hostname), '', 0);
      }
      if (options.all) callback(null, allowed);
      else callback(null, allowed[0].address, allowed[0].family);
    });
  };
}

/**
 * Socket options that keep a connection to `url` within `policy`: nothing for the trusted host, a
 * checking `lookup` for other names. Throws BlockedAddressError for a non-public IP literal, which
 * never reaches a lookup.
 */
export function guardConnection(url: URL, policy: FetchPolicy): { lookup?: LookupFunction } {
  const host = hostOf(url);
  if (host === policy.trustedHost) return {};
  if (net.isIP(host)) {
    if (isPublicAddress(host)) return {};
    noteRefusal(policy, host);
    throw new BlockedAddressError(host);
  }
  return { lookup: guardedLookup(policy) };
}
