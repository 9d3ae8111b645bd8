/**
 * RADIUS packets (RFC 2865 s3, RFC 2866, RFC 5176): the structure, strictly. A datagram is
 * accepted only when its Length field lies within the datagram and 20..4096, its attributes fill
 * Length exactly, no attribute is shorter than its header or empty (every RFC 2865 data type is
 * at least one octet) and every Vendor-Specific attribute is a vendor id followed by
 * sub-attributes that fill it (RFC 2865 s5.26's recommended type/length format). With a
 * dictionary, typed values are checked too (an integer is 4 octets, an ipv6prefix's host bits are
 * zero, ...). Anything else is a RadiusDecodeError whose reason the server counts.
 */
import type { Dictionary } from './dictionary.ts';
import { RadiusDecodeError } from './errors.ts';
import { checkValue } from './values.ts';

export { RadiusDecodeError } from './errors.ts';

export const RADIUS_CODES = {
  AccessRequest: 1,
  AccessAccept: 2,
  AccessReject: 3,
  AccountingRequest: 4,
  AccountingResponse: 5,
  AccessChallenge: 11,
  StatusServer: 12,
  StatusClient: 13,
  DisconnectRequest: 40,
  DisconnectAck: 41,
  DisconnectNak: 42,
  CoaRequest: 43,
  CoaAck: 44,
  CoaNak: 45,
} as const;

/** RFC 2865 s3: a packet is 20 to 4096 octets. */
export const MIN_PACKET_LENGTH = 20;
export const MAX_PACKET_LENGTH = 4096;
/** An attribute's Length octet counts its 2-octet header: at most 253 octets of value. */
export const MAX_ATTRIBUTE_VALUE_LENGTH = 253;
export const VENDOR_SPECIFIC = 26;
const HEADER_LENGTH = 20;

/**
 * One attribute. vendorId 0 is a standard attribute; a Vendor-Specific attribute (26) is split
 * into its sub-attributes, each with vendorId = the vendor and type = the vendor's type.
 * `packed` marks a sub-attribute that shared the previous one's Vendor-Specific attribute in the
 * datagram (several sub-attributes in one VSA), so that encoding gives back the same bytes.
 * A VSA of a vendor whose dictionary declares another format than 1-octet type and length
 * (WiMAX, USR) is kept whole: type 26, vendorId 0, the value with the vendor id.
 */
export interface RawAttribute {
  type: number;
  vendorId: number;
  value: Buffer;
  packed?: boolean;
}

export interface RadiusPacket {
  code: number;
  identifier: number;
  authenticator: Buffer;
  attributes: RawAttribute[];
  /** The packet's bytes (Length of them: octets after Length are padding, RFC 2865 s3). */
  raw: Buffer;
}

function fail(reason: string, message: string): never {
  throw new RadiusDecodeError(reason, message);
}

/**
 * The structure of a datagram. With a dictionary, each attribute it knows is checked against
 * its data type, and VSAs of vendors with a non-1/1 format are kept whole.
 */
export function decodePacket(datagram: Buffer, dictionary?: Dictionary): RadiusPacket {
  if (datagram.length < MIN_PACKET_LENGTH) fail('too-short', `datagram of ${datagram.length} octets is shorter than a RADIUS header (20)`);
  if (datagram.length > MAX_PACKET_LENGTH) fail('too-long', `datagram of ${datagram.length} octets is longer than a RADIUS packet may be (4096)`);
  const length = datagram.readUInt16BE(2);
  if (length < MIN_PACKET_LENGTH) fail('bad-length', `Length field ${length} is below the minimum of 20`);
  if (length > datagram.length) fail('length-mismatch', `Length field ${length} is beyond the datagram's ${datagram.length} octets`);
  const raw = datagram.length === length ? datagram : datagram.subarray(0, length);
  const attributes: RawAttribute[] = [];
  let offset = HEADER_LENGTH;
  while (offset < length) {
    if (offset + 2 > length) fail('attribute-overrun', `attribute header at octet ${offset} runs past Length ${length}`);
    const type = raw[offset]!;
    const attributeLength = raw[offset + 1]!;
    if (attributeLength < 2) fail('attribute-too-short', `attribute ${type} at octet ${offset} has Length ${attributeLength} (< 2)`);
    if (offset + attributeLength > length) fail('attribute-overrun', `attribute ${type} at octet ${offset} (Length ${attributeLength}) runs past Length ${length}`);
    if (attributeLength === 2) fail('zero-length-attribute', `attribute ${type} at octet ${offset} has no value`);
    const value = raw.subarray(offset + 2, offset + attributeLength);
    if (type === VENDOR_SPECIFIC) splitVendorSpecific(value, offset, attributes, dictionary);
    else attributes.push({ type, vendorId: 0, value });
    offset += attributeLength;
  }
  const packet: RadiusPacket = { code: raw[0]!, identifier: raw[1]!, authenticator: raw.subarray(4, HEADER_LENGTH), attributes, raw };
  if (dictionary) checkAttributeValues(dictionary, packet);
  return packet;
}

function splitVendorSpecific(value: Buffer, at: number, into: RawAttribute[], dictionary: Dictionary | undefined): void {
  if (value.length < 5) fail('bad-vsa', `Vendor-Specific attribute at octet ${at} has ${value.length} octets (a vendor id and at least one octet needed)`);
  const vendorId = value.readUInt32BE(0);
  // RFC 2865 s5.26: the high-order octet is 0, the low three the vendor's SMI code.
  if (vendorId > 0xffffff) fail('bad-vsa', `Vendor-Specific attribute at octet ${at} has vendor id ${vendorId} (high octet not 0)`);
  if (dictionary && !dictionary.vendorHasStandardFormat(vendorId)) {
    into.push({ type: VENDOR_SPECIFIC, vendorId: 0, value });
    return;
  }
  let offset = 4;
  let first = true;
  while (offset < value.length) {
    if (offset + 2 > value.length) fail('bad-vsa', `vendor ${vendorId} sub-attribute header at octet ${at + 2 + offset} runs past its VSA`);
    const type = value[offset]!;
    const subLength = value[offset + 1]!;
    if (subLength < 3) fail('bad-vsa', `vendor ${vendorId} sub-attribute ${type} at octet ${at + 2 + offset} has Length ${subLength} (< 3)`);
    if (offset + subLength > value.length) fail('bad-vsa', `vendor ${vendorId} sub-attribute ${type} at octet ${at + 2 + offset} runs past its VSA`);
    const attribute: RawAttribute = { type, vendorId, value: value.subarray(offset + 2, offset + subLength) };
    if (!first) attribute.packed = true;
    into.push(attribute);
    first = false;
    offset += subLength;
  }
}

/** Every attribute the dictionary knows has a value of its data type (sizes, prefix bits). */
export function checkAttributeValues(dictionary: Dictionary, packet: RadiusPacket): void {
  for (const attribute of packet.attributes) {
    const definition = dictionary.attributeByCode(attribute.vendorId, attribute.type);
    if (definition) checkValue(definition, attribute.value);
  }
}

/** The octets an attribute takes in a datagram: its header, and a VSA's 6 octets when it opens one. */
function encodedSize(attribute: RawAttribute, opensVsa: boolean): number {
  if (attribute.vendorId === 0) return 2 + attribute.value.length;
  return (opensVsa ? 6 : 0) + 2 + attribute.value.length;
}

/**
 * The datagram of a packet. Sub-attributes of a vendor are wrapped in attribute 26, one per VSA
 * unless `packed` asks to share the previous one's. Throws a RangeError for a value that cannot
 * be sent (empty, over 253 octets with its header, a packet over 4096 octets).
 */
export function encodePacket(p: { code: number; identifier: number; authenticator: Buffer; attributes: RawAttribute[] }): Buffer {
  if (p.authenticator.length !== 16) throw new RangeError(`authenticator must be 16 octets, not ${p.authenticator.length}`);
  const opens = vsaOpenings(p.attributes);
  let length = HEADER_LENGTH;
  for (let i = 0; i < p.attributes.length; i++) length += encodedSize(p.attributes[i]!, opens[i]!);
  if (length > MAX_PACKET_LENGTH) throw new RangeError(`packet of ${length} octets is longer than 4096`);
  const out = Buffer.allocUnsafe(length);
  out[0] = p.code;
  out[1] = p.identifier;
  out.writeUInt16BE(length, 2);
  p.authenticator.copy(out, 4);
  let offset = HEADER_LENGTH;
  let vsaLengthAt = -1;
  for (let i = 0; i < p.attributes.length; i++) {
    const attribute = p.attributes[i]!;
    const valueLength = attribute.value.length;
    if (attribute.vendorId === 0) {
      out[offset] = attribute.type;
      out[offset + 1] = valueLength + 2;
      attribute.value.copy(out, offset + 2);
      offset += valueLength + 2;
      continue;
    }
    if (opens[i]) {
      out[offset] = VENDOR_SPECIFIC;
      vsaLengthAt = offset + 1;
      out[vsaLengthAt] = 6;
      out.writeUInt32BE(attribute.vendorId, offset + 2);
      offset += 6;
    }
    out[offset] = attribute.type;
    out[offset + 1] = valueLength + 2;
    attribute.value.copy(out, offset + 2);
    offset += valueLength + 2;
    out[vsaLengthAt] = out[vsaLengthAt]! + valueLength + 2;
  }
  return out;
}

/** For each attribute, whether it opens a new VSA; checks every value's size on the way. */
function vsaOpenings(attributes: RawAttribute[]): boolean[] {
  const opens: boolean[] = new Array(attributes.length);
  let vsaSize = 0;
  for (let i = 0; i < attributes.length; i++) {
    const attribute = attributes[i]!;
    const size = attribute.value.length;
    if (size === 0) throw new RangeError(`attribute ${describe(attribute)} has an empty value (RADIUS values are at least one octet)`);
    if (attribute.vendorId === 0) {
      if (attribute.type < 1 || attribute.type > 255) throw new RangeError(`attribute type ${attribute.type} is not 1..255`);
      if (size > MAX_ATTRIBUTE_VALUE_LENGTH) throw new RangeError(`attribute ${describe(attribute)} has ${size} octets (at most 253)`);
      opens[i] = false;
      vsaSize = 0;
      continue;
    }
    if (attribute.vendorId < 0 || attribute.vendorId > 0xffffff) throw new RangeError(`vendor id ${attribute.vendorId} is not 1..16777215`);
    if (attribute.type < 0 || attribute.type > 255) throw new RangeError(`vendor attribute type ${attribute.type} is not 0..255`);
    if (size > MAX_ATTRIBUTE_VALUE_LENGTH - 6) throw new RangeError(`attribute ${describe(attribute)} has ${size} octets (at most 247 in a VSA)`);
    const previous = i > 0 ? attributes[i - 1]! : undefined;
    const joins = attribute.packed === true && previous !== undefined && previous.vendorId === attribute.vendorId && vsaSize + size + 2 <= MAX_ATTRIBUTE_VALUE_LENGTH;
    opens[i] = !joins;
    vsaSize = (joins ? vsaSize : 4) + size + 2;
  }
  return opens;
}

function describe(attribute: RawAttribute): string {
  return attribute.vendorId === 0 ? String(attribute.type) : `${attribute.vendorId}:${attribute.type}`;
}
