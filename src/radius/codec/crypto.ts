/**
 * RADIUS cryptography: authenticators (RFC 2865 s3, RFC 2866 s3, RFC 5176 s3.5),
 * Message-Authenticator (RFC 3579 s3.2, placed first in replies against BlastRADIUS,
 * CVE-2024-3596), User-Password hiding (RFC 2865 s5.2) and CHAP (RFC 1994, RFC 2865 s5.3).
 * Every comparison of a secret-derived value is constant-time.
 */
import { createHmac, hash, randomBytes, timingSafeEqual } from 'node:crypto';
import { RadiusDecodeError } from './errors.ts';
import { encodePacket, RADIUS_CODES, type RadiusPacket, type RawAttribute } from './packet.ts';

export const MESSAGE_AUTHENTICATOR = 80;
export const PROXY_STATE = 33;
export const USER_PASSWORD = 2;
const ZERO_AUTHENTICATOR = Buffer.alloc(16);
const MAX_PASSWORD_LENGTH = 128;

/** Requests whose authenticator is random (Access-Request, Status-Server); the others' is computed. */
const RANDOM_AUTHENTICATOR_CODES: ReadonlySet<number> = new Set([RADIUS_CODES.AccessRequest, RADIUS_CODES.StatusServer]);
const REPLY_CODES: ReadonlySet<number> = new Set([
  RADIUS_CODES.AccessAccept, RADIUS_CODES.AccessReject, RADIUS_CODES.AccessChallenge, RADIUS_CODES.AccountingResponse,
  RADIUS_CODES.DisconnectAck, RADIUS_CODES.DisconnectNak, RADIUS_CODES.CoaAck, RADIUS_CODES.CoaNak,
]);
/** BlastRADIUS: these replies always carry Message-Authenticator, first. */
const ACCESS_REPLY_CODES: ReadonlySet<number> = new Set([RADIUS_CODES.AccessAccept, RADIUS_CODES.AccessReject, RADIUS_CODES.AccessChallenge]);

export function constantTimeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The octet offset of the first Message-Authenticator's value in a packet's bytes, -1 when none. */
function messageAuthenticatorOffset(raw: Buffer): number {
  const length = raw.readUInt16BE(2);
  for (let offset = 20; offset + 2 <= length; ) {
    const attributeLength = raw[offset + 1]!;
    if (attributeLength < 2) return -1;
    if (raw[offset] === MESSAGE_AUTHENTICATOR) return attributeLength === 18 ? offset + 2 : -1;
    offset += attributeLength;
  }
  return -1;
}

function hmacMd5(secret: Buffer, data: Buffer): Buffer {
  return createHmac('md5', secret).update(data).digest();
}

/** One-shot MD5 (crypto.hash, Node 20.12+): faster than a Hash object for these few short inputs. */
function md5(...parts: Buffer[]): Buffer {
  return hash('md5', parts.length === 1 ? parts[0]! : Buffer.concat(parts), 'buffer');
}

/**
 * Message-Authenticator (HMAC-MD5 over the packet with its own value zeroed) is present and
 * right. The authenticator field counts as: the request's own for Access-Request and
 * Status-Server; 16 zero octets for Accounting, CoA and Disconnect requests (RFC 5176 s3.5);
 * the request's authenticator (`requestAuthenticator`) for a reply.
 */
export function messageAuthenticatorValid(packet: RadiusPacket, secret: Buffer, requestAuthenticator?: Buffer): boolean {
  const at = messageAuthenticatorOffset(packet.raw);
  if (at < 0) return false;
  let authenticator: Buffer;
  if (RANDOM_AUTHENTICATOR_CODES.has(packet.code)) authenticator = packet.authenticator;
  else if (REPLY_CODES.has(packet.code)) {
    if (!requestAuthenticator || requestAuthenticator.length !== 16) return false;
    authenticator = requestAuthenticator;
  } else authenticator = ZERO_AUTHENTICATOR;
  // The HMAC over the packet as signed, fed in pieces rather than from a modified copy.
  const raw = packet.raw;
  const expected = createHmac('md5', secret)
    .update(raw.subarray(0, 4))
    .update(authenticator)
    .update(raw.subarray(20, at))
    .update(ZERO_AUTHENTICATOR)
    .update(raw.subarray(at + 16))
    .digest();
  return constantTimeEqual(expected, raw.subarray(at, at + 16));
}

/** Whether a packet carries a Message-Authenticator attribute at all. */
export function hasMessageAuthenticator(packet: RadiusPacket): boolean {
  return packet.attributes.some((a) => a.type === MESSAGE_AUTHENTICATOR && a.vendorId === 0);
}

/**
 * The Request Authenticator of an Accounting-Request, CoA-Request or Disconnect-Request is
 * MD5(packet with 16 zero octets as authenticator + secret) (RFC 2866 s3, RFC 5176 s3.5).
 */
export function requestAuthenticatorValid(packet: RadiusPacket, secret: Buffer): boolean {
  return constantTimeEqual(md5WithAuthenticator(packet.raw, ZERO_AUTHENTICATOR, secret), packet.authenticator);
}

/** MD5(packet with `authenticator` in its authenticator field + secret): RFC 2865 s3's construction. */
function md5WithAuthenticator(raw: Buffer, authenticator: Buffer, secret: Buffer): Buffer {
  return md5(raw.subarray(0, 4), authenticator, raw.subarray(20), secret);
}

/** The Response Authenticator of a reply to a request with the given authenticator (RFC 2865 s3). */
export function responseAuthenticatorValid(reply: RadiusPacket, requestAuthenticator: Buffer, secret: Buffer): boolean {
  return constantTimeEqual(md5WithAuthenticator(reply.raw, requestAuthenticator, secret), reply.authenticator);
}

/** Sets the Message-Authenticator in a datagram, over its bytes as they are (authenticator field included). */
function signMessageAuthenticator(bytes: Buffer, secret: Buffer): void {
  const at = messageAuthenticatorOffset(bytes);
  bytes.fill(0, at, at + 16);
  hmacMd5(secret, bytes).copy(bytes, at);
}

function withoutMessageAuthenticator(attributes: RawAttribute[]): RawAttribute[] {
  return attributes.filter((a) => !(a.type === MESSAGE_AUTHENTICATOR && a.vendorId === 0));
}

const EMPTY_MESSAGE_AUTHENTICATOR: RawAttribute = { type: MESSAGE_AUTHENTICATOR, vendorId: 0, value: ZERO_AUTHENTICATOR };

/**
 * A reply to a request: Message-Authenticator first on Access-Accept/Reject/Challenge (and on any
 * reply to a request that had one), the request's Proxy-State attributes copied in order at the
 * end (RFC 2865 s5.33) unless `attributes` carries Proxy-State itself, the Response Authenticator
 * computed. A Message-Authenticator in `attributes` is replaced.
 */
export function encodeReply(request: RadiusPacket, code: number, attributes: RawAttribute[], secret: Buffer): Buffer {
  const own = withoutMessageAuthenticator(attributes);
  const withMessageAuthenticator = ACCESS_REPLY_CODES.has(code) || hasMessageAuthenticator(request);
  const proxyStates = own.some((a) => a.type === PROXY_STATE && a.vendorId === 0) ? [] : request.attributes.filter((a) => a.type === PROXY_STATE && a.vendorId === 0);
  const all = withMessageAuthenticator ? [EMPTY_MESSAGE_AUTHENTICATOR, ...own, ...proxyStates] : [...own, ...proxyStates];
  const bytes = encodePacket({ code, identifier: request.identifier, authenticator: request.authenticator, attributes: all });
  if (withMessageAuthenticator) signMessageAuthenticator(bytes, secret);
  md5(bytes, secret).copy(bytes, 4);
  return bytes;
}

export interface RequestOptions {
  /** Add Message-Authenticator (first). Default: yes, except for Accounting-Request. */
  messageAuthenticator?: boolean;
  /** For Access-Request/Status-Server: the authenticator to use instead of 16 random octets. */
  authenticator?: Buffer;
  /** For Access-Request: a User-Password to hide with the packet's authenticator and add after the attributes. */
  password?: Buffer;
}

/**
 * A request datagram. Access-Request and Status-Server get a random authenticator (or
 * `options.authenticator`; read it back from octets 4..20 to check the reply); Accounting, CoA
 * and Disconnect requests a computed one. `options.password` is hidden with that authenticator.
 */
export function encodeRequest(code: number, identifier: number, attributes: RawAttribute[], secret: Buffer, options: RequestOptions = {}): Buffer {
  const random = RANDOM_AUTHENTICATOR_CODES.has(code);
  const authenticator = random ? (options.authenticator ?? randomBytes(16)) : ZERO_AUTHENTICATOR;
  if (authenticator.length !== 16) throw new RangeError('authenticator must be 16 octets');
  const own = withoutMessageAuthenticator(attributes);
  if (options.password !== undefined) {
    if (code !== RADIUS_CODES.AccessRequest) throw new Error('a password is only sent in an Access-Request');
    own.push({ type: USER_PASSWORD, vendorId: 0, value: hidePassword(options.password, secret, authenticator) });
  }
  const withMessageAuthenticator = options.messageAuthenticator ?? code !== RADIUS_CODES.AccountingRequest;
  const all = withMessageAuthenticator ? [EMPTY_MESSAGE_AUTHENTICATOR, ...own] : own;
  const bytes = encodePacket({ code, identifier, authenticator, attributes: all });
  if (withMessageAuthenticator) signMessageAuthenticator(bytes, secret);
  if (!random) md5(bytes, secret).copy(bytes, 4);
  return bytes;
}

/** RFC 2865 s5.2: the password padded with NULs to a multiple of 16, XORed with the MD5 chain. */
export function hidePassword(password: Buffer, secret: Buffer, authenticator: Buffer): Buffer {
  if (password.length > MAX_PASSWORD_LENGTH) throw new RangeError(`a RADIUS password is at most ${MAX_PASSWORD_LENGTH} octets, not ${password.length}`);
  const length = Math.max(16, Math.ceil(password.length / 16) * 16);
  const out = Buffer.alloc(length);
  password.copy(out);
  let previous = authenticator;
  for (let block = 0; block < length; block += 16) {
    const mask = md5(secret, previous);
    for (let i = 0; i < 16; i++) out[block + i] = out[block + i]! ^ mask[i]!;
    previous = out.subarray(block, block + 16);
  }
  return out;
}

/**
 * The password from a User-Password value, trailing NULs removed. A value that is not 16..128
 * octets in whole blocks of 16 is a RadiusDecodeError ('bad-password').
 */
export function revealPassword(hidden: Buffer, secret: Buffer, authenticator: Buffer): Buffer {
  if (hidden.length < 16 || hidden.length > MAX_PASSWORD_LENGTH || hidden.length % 16 !== 0) {
    throw new RadiusDecodeError('bad-password', `User-Password of ${hidden.length} octets is not 16..128 in blocks of 16`);
  }
  const out = Buffer.alloc(hidden.length);
  let previous = authenticator;
  for (let block = 0; block < hidden.length; block += 16) {
    const mask = md5(secret, previous);
    for (let i = 0; i < 16; i++) out[block + i] = hidden[block + i]! ^ mask[i]!;
    previous = hidden.subarray(block, block + 16);
  }
  let end = out.length;
  while (end > 0 && out[end - 1] === 0) end--;
  return out.subarray(0, end);
}

/** Values hidden with a salt (RFC 2548 s2.4.2): at most 253 octets with the salt, so 0..239 octets of value. */
const MAX_SALTED_VALUE = 239;

/**
 * RFC 2548 s2.4.2 (MS-MPPE-Send-Key, MS-MPPE-Recv-Key; Tunnel-Password of RFC 2868 s3.5 the
 * same way): a 2-octet salt whose high bit is set, then the value's length octet, the value and
 * NULs to a multiple of 16, XORed with MD5(secret + request authenticator + salt) and then
 * MD5(secret + the previous block). The salt must differ between attributes of one packet.
 */
export function hideSalted(value: Buffer, secret: Buffer, requestAuthenticator: Buffer, salt: Buffer): Buffer {
  if (value.length > MAX_SALTED_VALUE) throw new RangeError(`a salt-encrypted value is at most ${MAX_SALTED_VALUE} octets, not ${value.length}`);
  if (salt.length !== 2 || (salt[0]! & 0x80) === 0) throw new RangeError('the salt is 2 octets with the high bit of the first set');
  const length = Math.ceil((value.length + 1) / 16) * 16;
  const out = Buffer.alloc(2 + length);
  salt.copy(out, 0);
  out[2] = value.length;
  value.copy(out, 3);
  let previous: Buffer = Buffer.concat([requestAuthenticator, salt]);
  for (let block = 2; block < out.length; block += 16) {
    const mask = md5(secret, previous);
    for (let i = 0; i < 16; i++) out[block + i] = out[block + i]! ^ mask[i]!;
    previous = out.subarray(block, block + 16);
  }
  return out;
}

/** The value `hideSalted` hid; null when the octets are not a salted value of this secret and authenticator. */
export function revealSalted(hidden: Buffer, secret: Buffer, requestAuthenticator: Buffer): Buffer | null {
  if (hidden.length < 18 || (hidden.length - 2) % 16 !== 0 || (hidden[0]! & 0x80) === 0) return null;
  const plain = Buffer.alloc(hidden.length - 2);
  let previous: Buffer = Buffer.concat([requestAuthenticator, hidden.subarray(0, 2)]);
  for (let block = 2; block < hidden.length; block += 16) {
    const mask = md5(secret, previous);
    for (let i = 0; i < 16; i++) plain[block - 2 + i] = hidden[block + i]! ^ mask[i]!;
    previous = hidden.subarray(block, block + 16);
  }
  const length = plain[0]!;
  return length + 1 <= plain.length ? plain.subarray(1, 1 + length) : null;
}

/** Distinct random salts for the salt-encrypted attributes of one packet (high bit set, RFC 2548 s2.4.2). */
export function packetSalts(count: number): Buffer[] {
  const salts: Buffer[] = [];
  while (salts.length < count) {
    const salt = randomBytes(2);
    salt[0] = salt[0]! | 0x80;
    if (!salts.some((s) => s.equals(salt))) salts.push(salt);
  }
  return salts;
}

/**
 * CHAP-Password (identifier octet + 16-octet response) against MD5(identifier + password +
 * challenge); the challenge is CHAP-Challenge when present, else the request authenticator.
 */
export function chapValid(chapPassword: Buffer, challenge: Buffer, password: Buffer): boolean {
  if (chapPassword.length !== 17) return false;
  const expected = md5(chapPassword.subarray(0, 1), password, challenge);
  return constantTimeEqual(expected, chapPassword.subarray(1));
}

/** A CHAP-Password value for a password and challenge (for clients and tests). */
export function chapPassword(identifier: number, password: Buffer, challenge: Buffer): Buffer {
  const id = Buffer.from([identifier & 0xff]);
  return Buffer.concat([id, md5(id, password, challenge)]);
}
