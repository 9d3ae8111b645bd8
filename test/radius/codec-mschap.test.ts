/**
 * MS-CHAPv2 and the MD4 and DES we wrote for it, against the published test vectors:
 * RFC 2759 s9.2, RFC 3079 s3.5.3, RFC 1320 A.5, and the DES examples of FIPS 81 and the classic
 * worked example.
 */
import { describe, expect, it } from 'vitest';
import { desEncryptBlock, desKeyFrom7 } from '../../src/radius/codec/des.ts';
import { md4 } from '../../src/radius/codec/md4.ts';
import {
  challengeHash,
  challengeResponse,
  generateAuthenticatorResponse,
  generateNtResponse,
  msChapV2Response,
  mppeKeys,
  msChapV2Verify,
  ntPasswordHash,
} from '../../src/radius/codec/mschap.ts';

const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ''), 'hex');

describe('MD4 (RFC 1320 A.5 test suite)', () => {
  const vectors: [string, string][] = [
    ['', '31d6cfe0d16ae931b73c59d7e0c089c0'],
    ['a', 'bde52cb31de33e46245e05fbdbd6fb24'],
    ['abc', 'a448017aaf21d8525fc10ae87aa6729d'],
    ['message digest', 'd9130a8164549fe818874806e1c7014b'],
    ['abcdefghijklmnopqrstuvwxyz', 'd79e1c308aa5bbcdeea8ed63df412da9'],
    ['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', '043f8582f241db351ce627e153e7f0e4'],
    ['1234567890'.repeat(8), 'e33b4ddc9c38f2199c3e7b164fcc0536'],
  ];
  for (const [input, digest] of vectors) {
    it(`MD4("${input.length > 20 ? `${input.slice(0, 20)}...` : input}")`, () => expect(md4(Buffer.from(input, 'ascii')).toString('hex')).toBe(digest));
  }

  it('messages around the 56- and 64-octet padding boundaries hash to distinct digests', () => {
    const digests = new Set([55, 56, 57, 63, 64, 65, 119, 120].map((n) => md4(Buffer.alloc(n, 0x61)).toString('hex')));
    expect(digests.size).toBe(8);
  });
});

describe('DES', () => {
  const vectors: [string, string, string][] = [
    ['133457799bbcdff1', '0123456789abcdef', '85e813540f0ab405'],
    ['0123456789abcdef', '4e6f772069732074', '3fa40e8a984d4815'], // FIPS 81: "Now is t"
    ['0000000000000000', '0000000000000000', '8ca64de9c1b123a7'],
    ['ffffffffffffffff', 'ffffffffffffffff', '7359b2163e4edc58'],
  ];
  for (const [key, plain, cipher] of vectors) {
    it(`key ${key}, block ${plain}`, () => expect(desEncryptBlock(hex(key), hex(plain)).toString('hex')).toBe(cipher));
  }

  it('parity bits do not change the result', () => {
    expect(desEncryptBlock(hex('0123456789abcdef'), hex('4e6f772069732074'))).toEqual(desEncryptBlock(hex('0022446688aaccee'), hex('4e6f772069732074')));
  });

  it('spreads a 56-bit key over 8 octets of 7 bits each', () => {
    expect(desKeyFrom7(hex('ffffffffffffff'))).toEqual(hex('fefefefefefefefe'));
    expect(desKeyFrom7(hex('80000000000001'))).toEqual(hex('8000000000000002'));
    expect(() => desKeyFrom7(Buffer.alloc(8))).toThrow(/7 octets/);
  });
});

describe('MS-CHAPv2 (RFC 2759 s9.2)', () => {
  const userName = 'User';
  const password = 'clientPass';
  const authenticatorChallenge = hex('5b5d7c7d7b3f2f3e3c2c602132262628');
  const peerChallenge = hex('21402324255e262a28295f2b3a337c7e');
  const ntResponse = hex('82309ecd8d708b5ea08faa3981cd83544233114a3d85d6df');

  it('ChallengeHash, NtPasswordHash, PasswordHashHash, ChallengeResponse, AuthenticatorResponse', () => {
    expect(challengeHash(peerChallenge, authenticatorChallenge, userName)).toEqual(hex('d02e4386bce91226'));
    expect(ntPasswordHash(password)).toEqual(hex('44ebba8d5312b8d611474411f56989ae'));
    expect(md4(ntPasswordHash(password))).toEqual(hex('41c00c584bd2d91c4017a2a12fa59f3f'));
    expect(challengeResponse(hex('d02e4386bce91226'), ntPasswordHash(password))).toEqual(ntResponse);
    expect(generateNtResponse(authenticatorChallenge, peerChallenge, userName, password)).toEqual(ntResponse);
    expect(generateAuthenticatorResponse(password, ntResponse, peerChallenge, authenticatorChallenge, userName)).toBe('S=407A5589115FD0D6209F510FE9C04566932CDA56');
  });

  const response = Buffer.concat([hex('07 00'), peerChallenge, Buffer.alloc(8), ntResponse]);

  it('verifies the RFC response and answers MS-CHAP2-Success: ident and S=...', () => {
    const result = msChapV2Verify({ userName, password, authenticatorChallenge, response });
    expect(result).toMatchObject({ ok: true, success: Buffer.from('\x07S=407A5589115FD0D6209F510FE9C04566932CDA56', 'latin1') });
    expect(msChapV2Response({ ident: 7, userName, password, authenticatorChallenge, peerChallenge })).toEqual(response);
  });

  it('derives the 128-bit MPPE keys of RFC 3079 s3.5.3 (the server sends with SendStartKey128; both as FreeRADIUS 3.2 answers this request)', () => {
    // The RFC lists PasswordHashHash, MasterKey and SendStartKey128 for these inputs; the receive
    // key is the one FreeRADIUS 3.2's mschap module returned in MS-MPPE-Recv-Key for this request.
    const keys = mppeKeys(password, ntResponse);
    expect(keys.sendKey).toEqual(hex('8b7cdc149b993a1ba118cb153f56dccb'));
    expect(keys.recvKey).toEqual(hex('d5f0e9521e3ea9589645e86051c82226'));
    const result = msChapV2Verify({ userName, password, authenticatorChallenge, response });
    expect(result.ok && result.keys).toEqual(keys);
    // Another password or another NT-Response: other keys.
    expect(mppeKeys('clientpass', ntResponse).sendKey).not.toEqual(keys.sendKey);
    expect(mppeKeys(password, Buffer.alloc(24)).recvKey).not.toEqual(keys.recvKey);
  });

  it('a domain the peer prepends to the user name is not hashed (RFC 2759 s8.2)', () => {
    expect(msChapV2Verify({ userName: 'CORP\\User', password, authenticatorChallenge, response }).ok).toBe(true);
  });

  it('refuses a wrong password, user, challenge or a response of the wrong size', () => {
    expect(msChapV2Verify({ userName, password: 'clientpass', authenticatorChallenge, response }).ok).toBe(false);
    expect(msChapV2Verify({ userName: 'Other', password, authenticatorChallenge, response }).ok).toBe(false);
    expect(msChapV2Verify({ userName, password, authenticatorChallenge: Buffer.alloc(16), response }).ok).toBe(false);
    expect(msChapV2Verify({ userName, password, authenticatorChallenge, response: response.subarray(0, 49) }).ok).toBe(false);
    expect(msChapV2Verify({ userName, password, authenticatorChallenge: authenticatorChallenge.subarray(0, 8), response }).ok).toBe(false);
    expect(msChapV2Verify({ userName, password: 'x'.repeat(257), authenticatorChallenge, response }).ok).toBe(false);
  });

  it('non-ASCII passwords are hashed as UTF-16LE', () => {
    const unicode = 'jelszó-árvíztűrő';
    const made = msChapV2Response({ ident: 1, userName: 'anna', password: unicode, authenticatorChallenge, peerChallenge });
    expect(msChapV2Verify({ userName: 'anna', password: unicode, authenticatorChallenge, response: made }).ok).toBe(true);
    expect(ntPasswordHash(unicode)).toEqual(md4(Buffer.from(unicode, 'utf16le')));
  });
});
