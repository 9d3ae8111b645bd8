/**
 * Attribute values by data type (RFC 2865 s5, RFC 8044): their sizes checked, decoded to text,
 * numbers and bigints, and encoded back. Sizes are exact; prefixes have no bits set beyond their
 * length; addresses are written in their usual text forms (RFC 5952 for IPv6).
 */
import type { AttributeDefinition, AttributeType } from './dictionary.ts';
import { RadiusDecodeError } from './errors.ts';

const FIXED_SIZES: Partial<Record<AttributeType, number>> = {
  integer: 4,
  signed: 4,
  date: 4,
  ipaddr: 4,
  byte: 1,
  short: 2,
  integer64: 8,
  ipv6addr: 16,
  ifid: 8,
  ether: 6,
  ipv4prefix: 6,
};

export type AttributeValue = string | number | bigint | Buffer;

/** Throws a RadiusDecodeError when a value is not of the definition's data type. */
export function checkValue(definition: AttributeDefinition, value: Buffer): void {
  const size = definition.size ?? FIXED_SIZES[definition.dataType];
  if (size !== undefined && value.length !== size) {
    throw new RadiusDecodeError('bad-value-size', `${definition.name} (${definition.dataType}) has ${value.length} octets, not ${size}`);
  }
  if (definition.dataType === 'ipv6prefix') checkPrefix(definition, value, 2, 128);
  else if (definition.dataType === 'ipv4prefix') checkPrefix(definition, value, 2, 32);
}

/** RFC 8044 s3.10/3.11: reserved octet, prefix length, the prefix's octets; no bits beyond the length. */
function checkPrefix(definition: AttributeDefinition, value: Buffer, headerSize: number, maxBits: number): void {
  const maxSize = headerSize + maxBits / 8;
  if (value.length < headerSize || value.length > maxSize) {
    throw new RadiusDecodeError('bad-value-size', `${definition.name} (${definition.dataType}) has ${value.length} octets, not ${headerSize}..${maxSize}`);
  }
  const bits = value[1]!;
  if (bits > maxBits) throw new RadiusDecodeError('bad-prefix', `${definition.name} has prefix length ${bits} (> ${maxBits})`);
  const prefix = value.subarray(headerSize);
  if (prefix.length * 8 < bits) throw new RadiusDecodeError('bad-prefix', `${definition.name} has prefix length ${bits} but ${prefix.length} octets of prefix`);
  for (let bit = bits; bit < prefix.length * 8; bit++) {
    if ((prefix[bit >> 3]! >> (7 - (bit & 7))) & 1) throw new RadiusDecodeError('bad-prefix', `${definition.name} has bits set beyond its prefix length ${bits}`);
  }
}

/**
 * A value as its type reads: text for string and addresses, numbers for integers and dates
 * (epoch seconds), bigint for integer64, Buffer for octets and for encrypted attributes (they are
 * revealed with the packet's secret and authenticator, not here). A tag (has_tag) is dropped.
 */
export function decodeValue(definition: AttributeDefinition, value: Buffer): AttributeValue {
  checkValue(definition, value);
  if (definition.encrypt !== 0) return value;
  switch (definition.dataType) {
    case 'string':
      return (definition.hasTag && value.length > 0 && value[0]! <= 0x1f ? value.subarray(1) : value).toString('utf8');
    case 'integer':
      return definition.hasTag ? value.readUIntBE(1, 3) : value.readUInt32BE(0);
    case 'date':
      return value.readUInt32BE(0);
    case 'signed':
      return value.readInt32BE(0);
    case 'byte':
      return value[0]!;
    case 'short':
      return value.readUInt16BE(0);
    case 'integer64':
      return value.readBigUInt64BE(0);
    case 'ipaddr':
      return formatIpv4(value);
    case 'ipv4prefix':
      return `${formatIpv4(value.subarray(2))}/${value[1]}`;
    case 'ipv6addr':
      return formatIpv6(value);
    case 'ipv6prefix': {
      const address = Buffer.alloc(16);
      value.copy(address, 0, 2);
      return `${formatIpv6(address)}/${value[1]}`;
    }
    case 'ifid':
      return [0, 2, 4, 6].map((i) => value.readUInt16BE(i).toString(16).padStart(4, '0')).join(':');
    case 'ether':
      return [...value].map((b) => b.toString(16).padStart(2, '0')).join(':');
    case 'octets':
    case 'abinary':
    case 'vsa':
      return value;
  }
}

const INTEGER_RANGES: Partial<Record<AttributeType, [number, number]>> = {
  integer: [0, 0xffffffff],
  date: [0, 0xffffffff],
  signed: [-0x80000000, 0x7fffffff],
  byte: [0, 0xff],
  short: [0, 0xffff],
};

/**
 * The octets of a value of the definition's type. Integers take a number, a decimal string or a
 * VALUE name (`valueOf` looks it up); integer64 also a bigint; addresses and prefixes their text;
 * octets a Buffer or `0x` hex. Encrypted attributes take the already hidden Buffer only.
 * Throws an Error naming the attribute and what was expected.
 */
export function encodeValue(definition: AttributeDefinition, input: AttributeValue, valueOf: (name: string) => number | undefined): Buffer {
  const bad = (expected: string): Error =>
    new Error(`${definition.name} (${definition.dataType}): ${describeInput(input)} is not ${expected}`);
  if (definition.encrypt !== 0) {
    if (!Buffer.isBuffer(input)) throw new Error(`${definition.name} is encrypted (encrypt=${definition.encrypt}): pass the hidden octets (hidePassword), not the plain value`);
    return input;
  }
  const type = definition.dataType;
  const range = INTEGER_RANGES[type];
  if (range) {
    const number = integerInput(input, valueOf);
    if (number === null || number < range[0] || number > range[1] || (definition.hasTag && number > 0xffffff)) {
      throw bad(`an integer in ${range[0]}..${definition.hasTag ? 0xffffff : range[1]}${definition.values.size > 0 ? ' or one of its VALUE names' : ''}`);
    }
    const out = Buffer.alloc(FIXED_SIZES[type]!);
    if (type === 'signed') out.writeInt32BE(number, 0);
    else out.writeUIntBE(number, 0, out.length);
    return out;
  }
  switch (type) {
    case 'integer64': {
      const number = integer64Input(input, valueOf);
      if (number === null || number < 0n || number > 0xffffffffffffffffn) throw bad('an integer in 0..2^64-1');
      const out = Buffer.alloc(8);
      out.writeBigUInt64BE(number, 0);
      return out;
    }
    case 'string': {
      const out = Buffer.isBuffer(input) ? input : typeof input === 'string' ? Buffer.from(input, 'utf8') : null;
      if (out === null) throw bad('text');
      return checkedLength(definition, out);
    }
    case 'octets':
    case 'abinary':
    case 'vsa': {
      const out = Buffer.isBuffer(input) ? input : typeof input === 'string' && /^0x([0-9a-f]{2})+$/i.test(input) ? Buffer.from(input.slice(2), 'hex') : null;
      if (out === null) throw bad('octets (a Buffer or 0x hex)');
      if (definition.size !== undefined && out.length !== definition.size) throw bad(`${definition.size} octets`);
      return checkedLength(definition, out);
    }
    case 'ipaddr': {
      const out = typeof input === 'string' ? parseIpv4(input) : null;
      if (!out) throw bad('an IPv4 address');
      return out;
    }
    case 'ipv6addr': {
      const out = typeof input === 'string' ? parseIpv6(input) : null;
      if (!out) throw bad('an IPv6 address');
      return out;
    }
    case 'ipv4prefix':
    case 'ipv6prefix': {
      const out = typeof input === 'string' ? parsePrefix(input, type) : null;
      if (!out) throw bad(`an ${type === 'ipv4prefix' ? 'IPv4' : 'IPv6'} prefix address/length with no bits set beyond the length`);
      return out;
    }
    case 'ifid': {
      const hex = typeof input === 'string' && /^[0-9a-f]{1,4}(:[0-9a-f]{1,4}){3}$/i.test(input) ? input.split(':').map((g) => g.padStart(4, '0')).join('') : null;
      if (!hex) throw bad('an interface id xxxx:xxxx:xxxx:xxxx');
      return Buffer.from(hex, 'hex');
    }
    case 'ether': {
      const hex = typeof input === 'string' && /^[0-9a-f]{2}([:-][0-9a-f]{2}){5}$/i.test(input) ? input.replace(/[:-]/g, '') : null;
      if (!hex) throw bad('a MAC address aa:bb:cc:dd:ee:ff');
      return Buffer.from(hex, 'hex');
    }
    default:
      throw bad('encodable');
  }
}

function describeInput(input: AttributeValue): string {
  if (Buffer.isBuffer(input)) return `${input.length} octets`;
  if (typeof input === 'string') return `'${input.length > 40 ? `${input.slice(0, 40)}...` : input}'`;
  return String(input);
}

function checkedLength(definition: AttributeDefinition, value: Buffer): Buffer {
  const max = definition.vendorId === 0 ? 253 : 247;
  if (value.length === 0 || value.length > max) throw new Error(`${definition.name} (${definition.dataType}): ${value.length} octets is not 1..${max}`);
  return value;
}

function integerInput(input: AttributeValue, valueOf: (name: string) => number | undefined): number | null {
  if (typeof input === 'number') return Number.isSafeInteger(input) ? input : null;
  if (typeof input === 'bigint') return input >= BigInt(Number.MIN_SAFE_INTEGER) && input <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(input) : null;
  if (typeof input === 'string') {
    if (/^-?\d{1,15}$/.test(input)) return Number(input);
    return valueOf(input) ?? null;
  }
  return null;
}

function integer64Input(input: AttributeValue, valueOf: (name: string) => number | undefined): bigint | null {
  if (typeof input === 'bigint') return input;
  if (typeof input === 'number') return Number.isSafeInteger(input) ? BigInt(input) : null;
  if (typeof input === 'string') {
    if (/^\d{1,20}$/.test(input)) return BigInt(input);
    const named = valueOf(input);
    return named === undefined ? null : BigInt(named);
  }
  return null;
}

export function formatIpv4(value: Buffer): string {
  return `${value[0]}.${value[1]}.${value[2]}.${value[3]}`;
}

export function parseIpv4(text: string): Buffer | null {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!match) return null;
  const octets = match.slice(1).map(Number);
  if (octets.some((o, i) => o > 255 || (match[i + 1]!.length > 1 && match[i + 1]!.startsWith('0')))) return null;
  return Buffer.from(octets);
}

/** RFC 5952 text: lower case, the longest run of two or more zero groups as '::'. */
export function formatIpv6(value: Buffer): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(value.readUInt16BE(i));
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

/** IPv6 text (with '::' and an embedded dotted IPv4 tail) to 16 octets; null when not one. */
export function parseIpv6(text: string): Buffer | null {
  if (text.length > 45) return null;
  let body = text;
  const tail: number[] = [];
  const lastColon = body.lastIndexOf(':');
  if (body.includes('.')) {
    const v4 = lastColon >= 0 ? parseIpv4(body.slice(lastColon + 1)) : null;
    if (!v4) return null;
    tail.push(v4.readUInt16BE(0), v4.readUInt16BE(2));
    body = body.slice(0, lastColon + 1);
    if (!body.endsWith('::')) body = body.slice(0, -1);
  }
  const halves = body.split('::');
  if (halves.length > 2) return null;
  const parseGroups = (part: string): number[] | null => {
    if (part === '') return [];
    const out: number[] = [];
    for (const group of part.split(':')) {
      if (!/^[0-9a-f]{1,4}$/i.test(group)) return null;
      out.push(parseInt(group, 16));
    }
    return out;
  };
  const head = parseGroups(halves[0]!);
  const rest = halves.length === 2 ? parseGroups(halves[1]!) : [];
  if (!head || !rest) return null;
  const known = head.length + rest.length + tail.length;
  if (halves.length === 1 ? known !== 8 : known > 7) return null;
  const groups = [...head, ...new Array<number>(8 - known).fill(0), ...rest, ...tail];
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(g, i * 2));
  return out;
}

function parsePrefix(text: string, type: 'ipv4prefix' | 'ipv6prefix'): Buffer | null {
  const slash = text.lastIndexOf('/');
  if (slash < 0 || !/^\d{1,3}$/.test(text.slice(slash + 1))) return null;
  const bits = Number(text.slice(slash + 1));
  const address = type === 'ipv4prefix' ? parseIpv4(text.slice(0, slash)) : parseIpv6(text.slice(0, slash));
  if (!address || bits > address.length * 8) return null;
  for (let bit = bits; bit < address.length * 8; bit++) if ((address[bit >> 3]! >> (7 - (bit & 7))) & 1) return null;
  // IPv4 prefixes carry all four octets (RFC 6572); IPv6 prefixes only the octets the length covers (RFC 8044 s3.10).
  const prefixOctets = type === 'ipv4prefix' ? 4 : Math.ceil(bits / 8);
  return Buffer.concat([Buffer.from([0, bits]), address.subarray(0, prefixOctets)]);
}
