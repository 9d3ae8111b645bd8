import { hash, randomBytes } from 'node:crypto';
import type { Clock } from './clock.ts';

/**
 * UUIDv7 (RFC 9562): time-ordered, so new rows land at the end of B-tree indexes (several times
 * faster inserts than random UUIDs on this machine) and ids sort by creation time.
 */
export function uuidv7(clock: Clock): string {
  const ms = clock.now().epochMilliseconds;
  const bytes = randomId();
  // 48-bit big-endian milliseconds: split so that no step needs more than 32-bit integers.
  const high = Math.floor(ms / 0x1000000);
  const low = ms % 0x1000000;
  bytes[0] = (high >>> 16) & 0xff;
  bytes[1] = (high >>> 8) & 0xff;
  bytes[2] = high & 0xff;
  bytes[3] = (low >>> 16) & 0xff;
  bytes[4] = (low >>> 8) & 0xff;
  bytes[5] = low & 0xff;
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  return formatUuid(bytes);
}

/** Random bytes are drawn 4 KiB at a time: one system call per 256 ids instead of one per id. */
let pool = Buffer.alloc(0);
let poolOffset = 0;
function randomId(): Buffer {
  if (poolOffset + 16 > pool.length) {
    pool = randomBytes(4096);
    poolOffset = 0;
  }
  const bytes = Buffer.from(pool.subarray(poolOffset, poolOffset + 16));
  poolOffset += 16;
  return bytes;
}

const BILLSTREAM_NAMESPACE = Buffer.from('6f1b7c1e8a2d4b3c9e5f0a1b2c3d4e5f', 'hex');

/**
 * UUIDv5 derived from other ids: the same inputs always give the same id, which is what makes a
 * retried command or a replayed saga step append nothing new (the store ignores stored ids).
 */
export function deterministicId(...parts: string[]): string {
  // One-shot hash of namespace and name as hex: an import derives three ids per record, and a
  // Hash object with two updates, a digest buffer and its hex copy cost three times as much.
  const hex = hash('sha1', Buffer.concat([BILLSTREAM_NAMESPACE, Buffer.from(parts.join('\u0000'))]), 'hex');
  // Version 5 in the high nibble of byte 6; the RFC variant (10xx) in the high bits of byte 8.
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function formatUuid(bytes: Uint8Array): string {
  const hex = Buffer.from(bytes).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
