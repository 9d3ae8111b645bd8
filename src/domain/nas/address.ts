/**
 * A NAS client's address: one IPv4 or IPv6 address, or a CIDR block. Written in one canonical
 * form (IPv6 as RFC 5952: lower case, longest zero run as `::`; a single address without `/32`
 * or `/128`), so the same client cannot be registered twice under two spellings, and a block
 * with host bits set (`10.0.0.1/24`) is refused rather than guessed at.
 *
 * Matching a packet's source: an exact address first, then the longest prefix that contains it,
 * so overlapping blocks work as routing does (the most specific block wins).
 */
import { formatIpv4, formatIpv6, parseIpv4, parseIpv6 } from '../../radius/codec/values.ts';

export interface NasAddress {
  family: 4 | 6;
  /** The network address as a number (host bits zero). */
  network: bigint;
  /** 32 or 128 for a single address. */
  prefixLength: number;
  /** The canonical text. */
  text: string;
}

const MAX_ADDRESS_TEXT = 64;

export function parseNasAddress(raw: string): NasAddress | { problem: string } {
  const text = raw.trim();
  const shown = JSON.stringify(text.length > MAX_ADDRESS_TEXT ? `${text.slice(0, MAX_ADDRESS_TEXT)}…` : text);
  if (text === '') return { problem: 'is required' };
  if (text.length > MAX_ADDRESS_TEXT) return { problem: `${shown} is not an IP address or CIDR block` };
  const slash = text.indexOf('/');
  const addressText = slash < 0 ? text : text.slice(0, slash);
  const written = parseIp(addressText);
  if (!written) return { problem: `${shown} is not an IPv4 or IPv6 address or CIDR block (10.0.0.1, 10.0.0.0/24, 2001:db8::1, 2001:db8::/48)` };
  let prefixLength = written.family === 4 ? 32 : 128;
  if (slash >= 0) {
    const lengthText = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(lengthText) || Number(lengthText) > prefixLength) return { problem: `${shown}: the prefix length must be 0 to ${prefixLength}` };
    prefixLength = Number(lengthText);
  }
  // `::ffff:10.0.0.1` is the IPv4 host 10.0.0.1 as a dual-stack socket reports it: kept as that.
  const mapped = written.family === 6 && prefixLength >= 96 && isIpv4Mapped(written.value);
  const ip = mapped ? unmapped(written) : written;
  if (mapped) prefixLength -= 96;
  const bits = ip.family === 4 ? 32 : 128;
  const hostBits = BigInt(bits - prefixLength);
  const network = (ip.value >> hostBits) << hostBits;
  if (network !== ip.value) {
    return { problem: `${shown} has host bits set: the block is ${formatIp(ip.family, network)}/${prefixLength}` };
  }
  const canonical = formatIp(ip.family, network);
  return { family: ip.family, network, prefixLength, text: prefixLength === bits ? canonical : `${canonical}/${prefixLength}` };
}

/**
 * Finds the entry whose address matches a source address: exact addresses by a map, then blocks
 * from the longest prefix down, one map probe per prefix length in use (not one test per block).
 * An IPv4-mapped IPv6 source (`::ffff:10.0.0.1`, as a dual-stack socket reports IPv4 peers) is
 * matched as the IPv4 address it carries.
 */
export function addressMatcher<T>(entries: readonly { address: string; value: T }[]): (source: string) => T | null {
  const exact = new Map<string, T>();
  /** By family and prefix length, longest first: network -> value. */
  const blocks: { family: 4 | 6; hostBits: bigint; networks: Map<bigint, T> }[] = [];
  for (const entry of entries) {
    const parsed = parseNasAddress(entry.address);
    if ('problem' in parsed) continue;
    const bits = parsed.family === 4 ? 32 : 128;
    if (parsed.prefixLength === bits) {
      exact.set(parsed.text, entry.value);
      continue;
    }
    const hostBits = BigInt(bits - parsed.prefixLength);
    let level = blocks.find((b) => b.family === parsed.family && b.hostBits === hostBits);
    if (!level) blocks.push((level = { family: parsed.family, hostBits, networks: new Map() }));
    level.networks.set(parsed.network, entry.value);
  }
  blocks.sort((a, b) => Number(a.hostBits - b.hostBits));
  return (source) => {
    // A socket reports IPv4 peers in canonical form already: the common case needs no parsing.
    const direct = exact.get(source);
    if (direct !== undefined) return direct;
    const ip = parseIp(source);
    if (!ip) return null;
    const { family, value: address } = ip.family === 6 && isIpv4Mapped(ip.value) ? unmapped(ip) : ip;
    const found = exact.get(formatIp(family, address));
    if (found !== undefined) return found;
    for (const level of blocks) {
      if (level.family !== family) continue;
      const value = level.networks.get((address >> level.hostBits) << level.hostBits);
      if (value !== undefined) return value;
    }
    return null;
  };
}

function isIpv4Mapped(value: bigint): boolean {
  return value >> 32n === 0xffffn;
}

function unmapped(ip: { value: bigint }): { family: 4; value: bigint } {
  return { family: 4, value: ip.value & 0xffffffffn };
}

function parseIp(text: string): { family: 4 | 6; value: bigint } | null {
  const bytes = text.includes(':') ? parseIpv6(text) : parseIpv4(text);
  return bytes ? { family: bytes.length === 4 ? 4 : 6, value: BigInt(`0x${bytes.toString('hex')}`) } : null;
}

function formatIp(family: 4 | 6, value: bigint): string {
  const bytes = Buffer.from(value.toString(16).padStart(family === 4 ? 8 : 32, '0'), 'hex');
  return family === 4 ? formatIpv4(bytes) : formatIpv6(bytes);
}
