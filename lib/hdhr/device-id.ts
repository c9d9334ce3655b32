import { createHash } from 'node:crypto';

// An HDHomeRun's DeviceID is 8 hex digits whose nibbles pass SiliconDust's checksum
// (libhdhomerun's hdhomerun_discover_validate_device_id); clients that check it reject other ids.
const LOOKUP = [0xa, 0x5, 0xf, 0x6, 0x7, 0xc, 0x1, 0xb, 0x9, 0x2, 0x8, 0xd, 0x4, 0x3, 0xe, 0x0];

/** The XOR of every nibble's term but the last; a valid id has this equal to its last nibble. */
function checksumOfHead(id: number): number {
  let sum = 0;
  sum ^= LOOKUP[(id >>> 28) & 0xf];
  sum ^= (id >>> 24) & 0xf;
  sum ^= LOOKUP[(id >>> 20) & 0xf];
  sum ^= (id >>> 16) & 0xf;
  sum ^= LOOKUP[(id >>> 12) & 0xf];
  sum ^= (id >>> 8) & 0xf;
  sum ^= LOOKUP[(id >>> 4) & 0xf];
  return sum;
}

export function isValidDeviceId(hex: string): boolean {
  if (!/^[0-9A-F]{8}$/.test(hex)) return false;
  const id = Number.parseInt(hex, 16);
  return (checksumOfHead(id) ^ (id & 0xf)) === 0;
}

/** A stable, valid DeviceID for an account: derived from its id (not its password, which may change). */
export function deviceIdOf(lineId: string): string {
  const head = createHash('sha256').update(`hdhr-device:${lineId}`).digest().readUInt32BE(0) & 0xfffffff0;
  const id = (head | checksumOfHead(head)) >>> 0;
  return id.toString(16).toUpperCase().padStart(8, '0');
}

/** DeviceAuth: 24 characters like a real device's; stable per account, no secret in it. */
export function deviceAuthOf(lineId: string): string {
  return createHash('sha256').update(`hdhr-auth:${lineId}`).digest('base64url').slice(0, 24);
}
