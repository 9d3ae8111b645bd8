/**
 * MS-CHAPv2 (RFC 2759) as a RADIUS server checks it (RFC 2548 attributes): the peer's
 * NT-Response against the password, the authenticator response the peer checks back, and the
 * MPPE keys (RFC 3079) with which the NAS encrypts the link.
 * MD4 and DES are ours (md4.ts, des.ts): Node's OpenSSL 3 lacks them without the legacy provider.
 */
import { createHash } from 'node:crypto';
import { constantTimeEqual } from './crypto.ts';
import { desEncryptBlock, desKeyFrom7 } from './des.ts';
import { md4 } from './md4.ts';

/** RFC 2548 s2.3.2: Ident, Flags, Peer-Challenge (16), Reserved (8), Response (24). */
export const MS_CHAP2_RESPONSE_LENGTH = 50;
/** RFC 2759 s8.7 */
const MAGIC_1_AUTHENTICATOR = Buffer.from('Magic server to client signing constant', 'ascii');
const MAGIC_2_AUTHENTICATOR = Buffer.from('Pad to make it do more than one iteration', 'ascii');
/** RFC 3079 s3.4: the constants of MPPE's master key and of its two start keys. */
const MPPE_MASTER_MAGIC = Buffer.from('This is the MPPE Master Key', 'ascii');
const MPPE_CLIENT_SEND_MAGIC = Buffer.from('On the client side, this is the send key; on the server side, it is the receive key.', 'ascii');
const MPPE_SERVER_SEND_MAGIC = Buffer.from('On the client side, this is the receive key; on the server side, it is the send key.', 'ascii');
const SHS_PAD_1 = Buffer.alloc(40, 0x00);
const SHS_PAD_2 = Buffer.alloc(40, 0xf2);
/** RFC 2759 s8.3: passwords of up to 256 Unicode characters. */
const MAX_PASSWORD_CHARACTERS = 256;

function sha1(...parts: Buffer[]): Buffer {
  const hash = createHash('sha1');
  for (const part of parts) hash.update(part);
  return hash.digest();
}

/**
 * RFC 2759 s8.2: only the user name, without a domain the peer prepended ("DOMAIN\user"),
 * goes into the challenge hash.
 */
function userNameForChallenge(userName: string): Buffer {
  const backslash = userName.lastIndexOf('\\');
  return Buffer.from(backslash < 0 ? userName : userName.slice(backslash + 1), 'utf8');
}

/** RFC 2759 s8.2 ChallengeHash: the first 8 octets of SHA-1(peer challenge, authenticator challenge, user name). */
export function challengeHash(peerChallenge: Buffer, authenticatorChallenge: Buffer, userName: string): Buffer {
  return sha1(peerChallenge, authenticatorChallenge, userNameForChallenge(userName)).subarray(0, 8);
}

/** RFC 2759 s8.3 NtPasswordHash: MD4 of the password in UTF-16LE. */
export function ntPasswordHash(password: string): Buffer {
  if (password.length > MAX_PASSWORD_CHARACTERS) throw new RangeError(`an MS-CHAP password is at most ${MAX_PASSWORD_CHARACTERS} characters`);
  return md4(Buffer.from(password, 'utf16le'));
}

/** RFC 2759 s8.5 ChallengeResponse: the 8-octet challenge DES-encrypted with three 7-octet parts of the zero-padded hash. */
export function challengeResponse(challenge: Buffer, passwordHash: Buffer): Buffer {
  const padded = Buffer.alloc(21);
  passwordHash.copy(padded);
  return Buffer.concat([0, 7, 14].map((at) => desEncryptBlock(desKeyFrom7(padded.subarray(at, at + 7)), challenge)));
}

/** RFC 2759 s8.1 GenerateNTResponse. */
export function generateNtResponse(authenticatorChallenge: Buffer, peerChallenge: Buffer, userName: string, password: string): Buffer {
  return challengeResponse(challengeHash(peerChallenge, authenticatorChallenge, userName), ntPasswordHash(password));
}

/** RFC 2759 s8.7 GenerateAuthenticatorResponse: "S=" and 40 upper-case hex digits. */
export function generateAuthenticatorResponse(password: string, ntResponse: Buffer, peerChallenge: Buffer, authenticatorChallenge: Buffer, userName: string): string {
  const passwordHashHash = md4(ntPasswordHash(password));
  const digest = sha1(passwordHashHash, ntResponse, MAGIC_1_AUTHENTICATOR);
  const challenge = challengeHash(peerChallenge, authenticatorChallenge, userName);
  return `S=${sha1(digest, challenge, MAGIC_2_AUTHENTICATOR).toString('hex').toUpperCase()}`;
}

/**
 * Checks an MS-CHAP2-Response (50 octets) against the password for the MS-CHAP-Challenge
 * (16 octets). On success, the MS-CHAP2-Success value to send back (the response's ident and
 * the authenticator response) and the MPPE keys.
 */
/** The 128-bit MPPE start keys as the server uses them: it encrypts with `sendKey`, decrypts with `recvKey` (the client the other way round). */
export interface MppeKeys {
  sendKey: Buffer;
  recvKey: Buffer;
}

/**
 * RFC 3079 s3.3-3.5 (GetMasterKey, GetAsymmetricStartKey) for 128-bit keys, on the server's
 * side: what a RADIUS server returns in MS-MPPE-Send-Key and MS-MPPE-Recv-Key (RFC 2548 s2.4.2,
 * s2.4.3) so that the NAS can encrypt the link (PPTP, L2TP, SSTP) with the key the client derives.
 */
export function mppeKeys(password: string, ntResponse: Buffer): MppeKeys {
  const passwordHashHash = md4(ntPasswordHash(password));
  const masterKey = sha1(passwordHashHash, ntResponse, MPPE_MASTER_MAGIC).subarray(0, 16);
  const startKey = (magic: Buffer) => sha1(masterKey, SHS_PAD_1, magic, SHS_PAD_2).subarray(0, 16);
  return { sendKey: startKey(MPPE_SERVER_SEND_MAGIC), recvKey: startKey(MPPE_CLIENT_SEND_MAGIC) };
}

export function msChapV2Verify(input: { userName: string; password: string; authenticatorChallenge: Buffer; response: Buffer }): { ok: false } | { ok: true; success: Buffer; keys: MppeKeys } {
  const { userName, password, authenticatorChallenge, response } = input;
  if (response.length !== MS_CHAP2_RESPONSE_LENGTH || authenticatorChallenge.length !== 16 || password.length > MAX_PASSWORD_CHARACTERS) return { ok: false };
  const ident = response.subarray(0, 1);
  const peerChallenge = response.subarray(2, 18);
  const ntResponse = response.subarray(26, 50);
  const expected = generateNtResponse(authenticatorChallenge, peerChallenge, userName, password);
  if (!constantTimeEqual(expected, ntResponse)) return { ok: false };
  const authenticatorResponse = generateAuthenticatorResponse(password, ntResponse, peerChallenge, authenticatorChallenge, userName);
  return { ok: true, success: Buffer.concat([ident, Buffer.from(authenticatorResponse, 'ascii')]), keys: mppeKeys(password, ntResponse) };
}

/** An MS-CHAP2-Response value, as a peer (or a test, or a load generator) makes it. */
export function msChapV2Response(input: { ident: number; userName: string; password: string; authenticatorChallenge: Buffer; peerChallenge: Buffer }): Buffer {
  const ntResponse = generateNtResponse(input.authenticatorChallenge, input.peerChallenge, input.userName, input.password);
  return Buffer.concat([Buffer.from([input.ident & 0xff, 0]), input.peerChallenge, Buffer.alloc(8), ntResponse]);
}
