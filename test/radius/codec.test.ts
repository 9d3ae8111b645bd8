/**
 * The RADIUS packet codec and its cryptography: RFC 2865's example packets, every decode error
 * the server counts, Message-Authenticator placement and checks, typed values, the bundled
 * vendors' VSAs, unknown vendors kept, and properties over random packets and bytes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attribute, readAll, readAttribute } from '../../src/radius/codec/attributes.ts';
import {
  chapPassword,
  chapValid,
  encodeReply,
  encodeRequest,
  hidePassword,
  hideSalted,
  messageAuthenticatorValid,
  packetSalts,
  requestAuthenticatorValid,
  responseAuthenticatorValid,
  revealPassword,
  revealSalted,
} from '../../src/radius/codec/crypto.ts';
import { parseDictionary } from '../../src/radius/codec/dictionary.ts';
import { bundledDictionary } from '../../src/radius/codec/dictionary-files.ts';
import { decodePacket, encodePacket, RADIUS_CODES, RadiusDecodeError, type RawAttribute } from '../../src/radius/codec/packet.ts';

const dictionary = bundledDictionary();
const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ''), 'hex');
const RFC_SECRET = Buffer.from('xyzzy5461');

/** The reason a datagram is refused with, or 'ok'. */
function decodeReason(datagram: Buffer, withDictionary = false): string {
  try {
    decodePacket(datagram, withDictionary ? dictionary : undefined);
    return 'ok';
  } catch (error) {
    if (error instanceof RadiusDecodeError) return error.reason;
    throw error;
  }
}

/** A datagram with a correct header around attribute bytes (the Length field can be overridden). */
function datagram(attributeBytes: Buffer, lengthField?: number): Buffer {
  const out = Buffer.concat([Buffer.alloc(20), attributeBytes]);
  out[0] = 1;
  out.writeUInt16BE(lengthField ?? out.length, 2);
  return out;
}

describe('RFC 2865 section 7 example packets (secret xyzzy5461)', () => {
  // s7.1: user nemo, password arctangent, Telnet to a host.
  const papRequest = hex('01 00 00 38 0f 40 3f 94 73 97 80 57 bd 83 d5 cb 98 f4 22 7a 01 06 6e 65 6d 6f 02 12 0d be 70 8d 93 d4 13 ce 31 96 e4 3f 78 2a 0a ee 04 06 c0 a8 01 10 05 06 00 00 00 03');
  const papAccept = hex('02 00 00 26 86 fe 22 0e 76 24 ba 2a 10 05 f6 bf 9b 55 e0 b2 06 06 00 00 00 01 0f 06 00 00 00 00 0e 06 c0 a8 01 03');
  // s7.2: user flopsy, CHAP, PPP.
  const chapRequest = hex('01 01 00 47 2a ee 86 f0 8d 0d 55 96 9c a5 97 8e 0d 33 67 a2 01 08 66 6c 6f 70 73 79 03 13 16 e9 75 57 c3 16 18 58 95 f2 93 ff 63 44 07 72 75 04 06 c0 a8 01 10 05 06 00 00 00 14 06 06 00 00 00 02 07 06 00 00 00 01');

  it('decodes the PAP Access-Request and reveals the password', () => {
    const packet = decodePacket(papRequest, dictionary);
    expect(packet.code).toBe(RADIUS_CODES.AccessRequest);
    expect(packet.identifier).toBe(0);
    expect(readAttribute(dictionary, packet, 'User-Name')).toBe('nemo');
    expect(readAttribute(dictionary, packet, 'NAS-IP-Address')).toBe('192.168.1.16');
    expect(readAttribute(dictionary, packet, 'NAS-Port')).toBe(3);
    const hidden = readAttribute(dictionary, packet, 'User-Password') as Buffer;
    expect(revealPassword(hidden, RFC_SECRET, packet.authenticator).toString()).toBe('arctangent');
  });

  it('builds the same PAP Access-Request from its values and authenticator', () => {
    const bytes = encodeRequest(
      RADIUS_CODES.AccessRequest,
      0,
      [attribute(dictionary, 'User-Name', 'nemo')],
      RFC_SECRET,
      { messageAuthenticator: false, authenticator: papRequest.subarray(4, 20), password: Buffer.from('arctangent') },
    );
    // The example has NAS-IP-Address and NAS-Port after User-Password: same values, our order.
    const ours = decodePacket(bytes);
    expect(ours.attributes.find((a) => a.type === 2)!.value).toEqual(decodePacket(papRequest).attributes.find((a) => a.type === 2)!.value);
    const same = encodePacket({
      code: 1,
      identifier: 0,
      authenticator: papRequest.subarray(4, 20),
      attributes: [
        attribute(dictionary, 'User-Name', 'nemo'),
        { type: 2, vendorId: 0, value: hidePassword(Buffer.from('arctangent'), RFC_SECRET, papRequest.subarray(4, 20)) },
        attribute(dictionary, 'NAS-IP-Address', '192.168.1.16'),
        attribute(dictionary, 'NAS-Port', 3),
      ],
    });
    expect(same).toEqual(papRequest);
  });

  it("the example Access-Accept's Response Authenticator is the one we compute", () => {
    const request = decodePacket(papRequest);
    const accept = decodePacket(papAccept, dictionary);
    expect(responseAuthenticatorValid(accept, request.authenticator, RFC_SECRET)).toBe(true);
    expect(responseAuthenticatorValid(accept, request.authenticator, Buffer.from('wrong'))).toBe(false);
    expect(readAttribute(dictionary, accept, 'Service-Type')).toBe(dictionary.value('Service-Type', 'Login-User'));
    expect(readAttribute(dictionary, accept, 'Login-IP-Host')).toBe('192.168.1.3');
    expect(encodePacket(accept)).toEqual(papAccept);
  });

  it('decodes the CHAP Access-Request', () => {
    const packet = decodePacket(chapRequest, dictionary);
    expect(readAttribute(dictionary, packet, 'User-Name')).toBe('flopsy');
    expect((readAttribute(dictionary, packet, 'CHAP-Password') as Buffer).length).toBe(17);
    expect(readAttribute(dictionary, packet, 'NAS-Port')).toBe(20);
    expect(readAttribute(dictionary, packet, 'Service-Type')).toBe(dictionary.value('Service-Type', 'Framed-User'));
    expect(readAttribute(dictionary, packet, 'Framed-Protocol')).toBe(dictionary.value('Framed-Protocol', 'PPP'));
    expect(encodePacket(packet)).toEqual(chapRequest);
  });

  it('decodes the s7.3 Access-Challenge', () => {
    const challenge = hex('0b 02 00 4e 36 f3 c8 76 4a e8 c7 11 57 40 3c 0c 71 ff 9c 45 12 30 43 68 61 6c 6c 65 6e 67 65 20 33 32 37 36 39 34 33 30 2e 20 20 45 6e 74 65 72 20 72 65 73 70 6f 6e 73 65 20 61 74 20 70 72 6f 6d 70 74 2e 18 0a 33 32 37 36 39 34 33 30');
    const packet = decodePacket(challenge, dictionary);
    expect(packet.code).toBe(RADIUS_CODES.AccessChallenge);
    expect(readAttribute(dictionary, packet, 'Reply-Message')).toBe('Challenge 32769430.  Enter response at prompt.');
    expect(readAttribute(dictionary, packet, 'State')).toEqual(Buffer.from('32769430'));
    expect(encodePacket(packet)).toEqual(challenge);
  });
});

describe('CHAP and User-Password', () => {
  it('CHAP: the right password against the authenticator or CHAP-Challenge passes, others fail', () => {
    const challenge = hex('2aee86f08d0d55969ca5978e0d3367a2');
    const response = chapPassword(22, Buffer.from('carrots'), challenge);
    expect(chapValid(response, challenge, Buffer.from('carrots'))).toBe(true);
    expect(chapValid(response, challenge, Buffer.from('carrot'))).toBe(false);
    expect(chapValid(response, Buffer.alloc(16), Buffer.from('carrots'))).toBe(false);
    expect(chapValid(response.subarray(0, 16), challenge, Buffer.from('carrots'))).toBe(false);
  });

  it('hides and reveals passwords of 0 to 128 octets; longer ones are refused', () => {
    const authenticator = hex('0f403f9473978057bd83d5cb98f4227a');
    for (const length of [0, 1, 15, 16, 17, 31, 32, 33, 127, 128]) {
      const password = Buffer.alloc(length, 0x61 + (length % 26));
      const hidden = hidePassword(password, RFC_SECRET, authenticator);
      expect(hidden.length).toBe(Math.max(16, Math.ceil(length / 16) * 16));
      expect(revealPassword(hidden, RFC_SECRET, authenticator)).toEqual(password);
    }
    expect(() => hidePassword(Buffer.alloc(129, 1), RFC_SECRET, authenticator)).toThrow(/at most 128/);
  });

  it('salt-encrypted values (RFC 2548 s2.4.2: MS-MPPE keys): salt, length octet, value and padding to 16, revealed only with the same secret and request authenticator', () => {
    const authenticator = hex('0f403f9473978057bd83d5cb98f4227a');
    for (const length of [0, 1, 15, 16, 31, 32, 239]) {
      const value = Buffer.alloc(length, 0x30 + (length % 10));
      const [salt] = packetSalts(1);
      const hidden = hideSalted(value, RFC_SECRET, authenticator, salt!);
      expect(hidden.length).toBe(2 + Math.ceil((length + 1) / 16) * 16);
      expect(hidden.subarray(0, 2)).toEqual(salt);
      expect(revealSalted(hidden, RFC_SECRET, authenticator)).toEqual(value);
      // The value never shows in clear (from 4 octets: a 1-octet value is in random ciphertext 1 time in 17).
      if (length >= 4) expect(hidden.subarray(3).includes(value)).toBe(false);
    }
    const key = hex('8b7cdc149b993a1ba118cb153f56dccb');
    const hidden = hideSalted(key, RFC_SECRET, authenticator, hex('8001'));
    // The same value under another salt is other octets; another secret or authenticator does not reveal it.
    expect(hideSalted(key, RFC_SECRET, authenticator, hex('8002')).subarray(2)).not.toEqual(hidden.subarray(2));
    expect(revealSalted(hidden, Buffer.from('other'), authenticator)).not.toEqual(key);
    expect(revealSalted(hidden, RFC_SECRET, Buffer.alloc(16))).not.toEqual(key);
    expect(() => hideSalted(key, RFC_SECRET, authenticator, hex('0001'))).toThrow(/high bit/);
    expect(() => hideSalted(Buffer.alloc(240), RFC_SECRET, authenticator, hex('8001'))).toThrow(/at most 239/);
    const salts = packetSalts(50);
    expect(new Set(salts.map((s) => s.toString('hex'))).size).toBe(50);
    expect(salts.every((s) => s.length === 2 && (s[0]! & 0x80) !== 0)).toBe(true);
  });

  it('a User-Password value not 16..128 octets in blocks of 16 is a decode error', () => {
    for (const length of [1, 15, 17, 144]) {
      expect(() => revealPassword(Buffer.alloc(length), RFC_SECRET, Buffer.alloc(16))).toThrow(RadiusDecodeError);
    }
  });
});

describe('decode errors: every structural fault is a RadiusDecodeError with the reason counted', () => {
  const cases: [string, Buffer, string][] = [
    ['a datagram under 20 octets', Buffer.alloc(19), 'too-short'],
    ['an empty datagram', Buffer.alloc(0), 'too-short'],
    ['a datagram over 4096 octets', datagram(Buffer.alloc(4077)), 'too-long'],
    ['a Length field under 20', datagram(Buffer.alloc(0), 19), 'bad-length'],
    ['a Length field beyond the datagram', datagram(hex('0103 61'), 40), 'length-mismatch'],
    ['an attribute header cut by Length', datagram(hex('01')), 'attribute-overrun'],
    ['an attribute overrunning Length', datagram(hex('0105 6162')), 'attribute-overrun'],
    ['an attribute of Length 0', datagram(hex('0100')), 'attribute-too-short'],
    ['an attribute of Length 1', datagram(hex('0101')), 'attribute-too-short'],
    ['a zero-length attribute', datagram(hex('1e02')), 'zero-length-attribute'],
    ['a VSA with only a vendor id', datagram(hex('1a06 00000009')), 'bad-vsa'],
    ['a VSA shorter than a vendor id', datagram(hex('1a05 000009')), 'bad-vsa'],
    ['a VSA vendor id with its high octet set', datagram(hex('1a09 01000009 010361')), 'bad-vsa'],
    ['a vendor sub-attribute of Length 2', datagram(hex('1a09 00000009 0102 61')), 'bad-vsa'],
    ['a vendor sub-attribute overrunning its VSA', datagram(hex('1a09 00000009 010461')), 'bad-vsa'],
    ['a vendor sub-attribute header cut by its VSA', datagram(hex('1a0a 00000009 010361 01')), 'bad-vsa'],
  ];
  for (const [what, bytes, reason] of cases) {
    it(`${what}: ${reason}`, () => expect(decodeReason(bytes)).toBe(reason));
  }

  const typed: [string, string, string][] = [
    ['an integer of 3 octets', '0505 000003', 'bad-value-size'],
    ['an integer of 5 octets', '0507 0000000003', 'bad-value-size'],
    ['an ipaddr of 5 octets', '0407 c0a8011000', 'bad-value-size'],
    ['a date of 3 octets', '3705 010203', 'bad-value-size'],
    ['an ipv6addr of 15 octets', `5f11 ${'00'.repeat(15)}`, 'bad-value-size'],
    ['an ifid of 7 octets', `6009 ${'00'.repeat(7)}`, 'bad-value-size'],
    ['an ipv6prefix of 1 octet', '6103 00', 'bad-value-size'],
    ['an ipv6prefix of 19 octets', `6115 0080 ${'00'.repeat(17)}`, 'bad-value-size'],
    ['an ipv6prefix longer than 128 bits', `6114 0081 ${'00'.repeat(16)}`, 'bad-prefix'],
    ['an ipv6prefix with bits beyond its length', '6108 001f 20010db9', 'bad-prefix'],
    ['an ipv6prefix with fewer octets than its length', '6108 0040 20010db8', 'bad-prefix'],
    ['a VSA integer of 2 octets (ChilliSpot-Max-Total-Octets)', '1a0a 000038df 0304 0001', 'bad-value-size'],
    ['an MS-CHAP2-Response of 49 octets (octets[50])', `1a39 00000137 1933 ${'00'.repeat(49)}`, 'bad-value-size'],
  ];
  for (const [what, bytes, reason] of typed) {
    it(`${what}: ${reason} (with the dictionary)`, () => {
      expect(decodeReason(datagram(hex(bytes)), true)).toBe(reason);
      expect(decodeReason(datagram(hex(bytes)), false)).toBe('ok');
    });
  }

  it('octets after Length are padding and ignored (RFC 2865 s3)', () => {
    const bytes = Buffer.concat([datagram(hex('0106 6e656d6f')), Buffer.from('garbage')]);
    const packet = decodePacket(bytes);
    expect(packet.raw.length).toBe(26);
    expect(readAttribute(dictionary, packet, 'User-Name')).toBe('nemo');
  });

  it('the typed readers refuse a bad value as the decoder does', () => {
    const packet = decodePacket(datagram(hex('0505 000003')));
    expect(() => readAttribute(dictionary, packet, 'NAS-Port')).toThrow(RadiusDecodeError);
    expect(() => readAll(dictionary, packet, 'NAS-Port')).toThrow(/NAS-Port \(integer\) has 3 octets, not 4/);
  });
});

describe('Message-Authenticator and authenticators', () => {
  const secret = Buffer.from('testing123');
  const request = decodePacket(
    encodeRequest(RADIUS_CODES.AccessRequest, 9, [attribute(dictionary, 'User-Name', 'bob'), { type: 33, vendorId: 0, value: Buffer.from('proxy-1') }], secret, {
      password: Buffer.from('hello'),
    }),
  );

  it('an Access-Request carries a valid Message-Authenticator first', () => {
    expect(request.attributes[0]!.type).toBe(80);
    expect(messageAuthenticatorValid(request, secret)).toBe(true);
    expect(messageAuthenticatorValid(request, Buffer.from('other'))).toBe(false);
    expect(revealPassword(readAttribute(dictionary, request, 'User-Password') as Buffer, secret, request.authenticator).toString()).toBe('hello');
  });

  it('a changed octet anywhere makes it invalid', () => {
    for (const at of [0, 1, 5, 25, request.raw.length - 1]) {
      const tampered = Buffer.from(request.raw);
      tampered[at] = tampered[at]! ^ 1;
      let packet;
      try {
        packet = decodePacket(tampered);
      } catch {
        continue;
      }
      expect(messageAuthenticatorValid(packet, secret)).toBe(false);
    }
  });

  it('no Message-Authenticator is not valid', () => {
    const without = decodePacket(encodeRequest(RADIUS_CODES.AccessRequest, 1, [attribute(dictionary, 'User-Name', 'bob')], secret, { messageAuthenticator: false }));
    expect(messageAuthenticatorValid(without, secret)).toBe(false);
  });

  for (const code of [RADIUS_CODES.AccessAccept, RADIUS_CODES.AccessReject, RADIUS_CODES.AccessChallenge]) {
    it(`reply code ${code}: Message-Authenticator first (BlastRADIUS), valid with the request's authenticator, Proxy-State copied`, () => {
      const bytes = encodeReply(request, code, [attribute(dictionary, 'Reply-Message', 'hi'), attribute(dictionary, 'Session-Timeout', 3600)], secret);
      const reply = decodePacket(bytes, dictionary);
      expect(reply.code).toBe(code);
      expect(reply.identifier).toBe(9);
      expect(reply.attributes[0]!.type).toBe(80);
      expect(messageAuthenticatorValid(reply, secret, request.authenticator)).toBe(true);
      expect(messageAuthenticatorValid(reply, secret, Buffer.alloc(16))).toBe(false);
      expect(messageAuthenticatorValid(reply, secret)).toBe(false);
      expect(responseAuthenticatorValid(reply, request.authenticator, secret)).toBe(true);
      expect(readAll(dictionary, reply, 'Proxy-State')).toEqual([Buffer.from('proxy-1')]);
    });
  }

  it('a Message-Authenticator the caller passes is replaced, never doubled', () => {
    const reply = decodePacket(encodeReply(request, 2, [{ type: 80, vendorId: 0, value: Buffer.alloc(16, 7) }], secret));
    expect(reply.attributes.filter((a) => a.type === 80)).toHaveLength(1);
    expect(messageAuthenticatorValid(reply, secret, request.authenticator)).toBe(true);
  });

  it('Accounting-Request: computed Request Authenticator, with and without Message-Authenticator (zero authenticator in its HMAC)', () => {
    for (const messageAuthenticator of [false, true]) {
      const bytes = encodeRequest(RADIUS_CODES.AccountingRequest, 3, [attribute(dictionary, 'Acct-Status-Type', 'Start'), attribute(dictionary, 'Acct-Session-Id', 's1')], secret, { messageAuthenticator });
      const packet = decodePacket(bytes, dictionary);
      expect(requestAuthenticatorValid(packet, secret)).toBe(true);
      expect(requestAuthenticatorValid(packet, Buffer.from('other'))).toBe(false);
      expect(messageAuthenticatorValid(packet, secret)).toBe(messageAuthenticator);
      const response = decodePacket(encodeReply(packet, RADIUS_CODES.AccountingResponse, [], secret));
      expect(responseAuthenticatorValid(response, packet.authenticator, secret)).toBe(true);
      // A reply to a request with Message-Authenticator carries one.
      expect(response.attributes.some((a) => a.type === 80)).toBe(messageAuthenticator);
    }
  });

  it('CoA-Request and Disconnect-Request: Message-Authenticator by default, both authenticators valid', () => {
    for (const code of [RADIUS_CODES.CoaRequest, RADIUS_CODES.DisconnectRequest]) {
      const packet = decodePacket(encodeRequest(code, 4, [attribute(dictionary, 'User-Name', 'bob')], secret));
      expect(packet.attributes[0]!.type).toBe(80);
      expect(requestAuthenticatorValid(packet, secret)).toBe(true);
      expect(messageAuthenticatorValid(packet, secret)).toBe(true);
      const nak = decodePacket(encodeReply(packet, code + 2, [attribute(dictionary, 'Error-Cause', 'Session-Context-Not-Found')], secret));
      expect(messageAuthenticatorValid(nak, secret, packet.authenticator)).toBe(true);
      expect(readAttribute(dictionary, nak, 'Error-Cause')).toBe(503);
    }
  });
});

describe('typed values', () => {
  const custom = parseDictionary(
    new Map([
      [
        'dictionary',
        [
          'VENDOR Test 99999',
          'BEGIN-VENDOR Test',
          'ATTRIBUTE Test-Counter 1 integer64',
          'ATTRIBUTE Test-Signed 2 signed',
          'ATTRIBUTE Test-Byte 3 byte',
          'ATTRIBUTE Test-Short 4 short',
          'ATTRIBUTE Test-Mac 5 ether',
          'ATTRIBUTE Test-Net 6 ipv4prefix',
          'END-VENDOR Test',
          'VALUE Test-Counter Lots 4294967296',
        ].join('\n'),
      ],
    ]),
    'dictionary',
  );
  const roundTrip = (dict: typeof dictionary, name: string, value: string | number | bigint | Buffer): unknown => {
    const bytes = encodePacket({ code: 1, identifier: 1, authenticator: Buffer.alloc(16), attributes: [attribute(dict, name, value)] });
    return readAttribute(dict, decodePacket(bytes, dict), name);
  };

  it('integer64 as bigint, up to 2^64-1, from a number, a decimal string or a VALUE name', () => {
    expect(roundTrip(custom, 'Test-Counter', 18446744073709551615n)).toBe(18446744073709551615n);
    expect(roundTrip(custom, 'Test-Counter', 5)).toBe(5n);
    expect(roundTrip(custom, 'Test-Counter', '12345678901234567890')).toBe(12345678901234567890n);
    expect(roundTrip(custom, 'Test-Counter', 'Lots')).toBe(4294967296n);
    expect(() => attribute(custom, 'Test-Counter', 2n ** 64n)).toThrow(/Test-Counter \(integer64\)/);
    expect(() => attribute(custom, 'Test-Counter', -1)).toThrow(/Test-Counter/);
  });

  it('signed, byte, short, ether and ipv4prefix', () => {
    expect(roundTrip(custom, 'Test-Signed', -5)).toBe(-5);
    expect(roundTrip(custom, 'Test-Byte', 255)).toBe(255);
    expect(roundTrip(custom, 'Test-Short', 65535)).toBe(65535);
    expect(roundTrip(custom, 'Test-Mac', '00-1A-2b-3c-4d-5e')).toBe('00:1a:2b:3c:4d:5e');
    expect(roundTrip(custom, 'Test-Net', '10.1.0.0/16')).toBe('10.1.0.0/16');
    expect(() => attribute(custom, 'Test-Byte', 256)).toThrow(/Test-Byte/);
    expect(() => attribute(custom, 'Test-Net', '10.1.0.1/16')).toThrow(/no bits set beyond/);
  });

  it('ipv6addr in RFC 5952 text', () => {
    const cases: [string, string][] = [
      ['2001:0DB8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
      ['::', '::'],
      ['::1', '::1'],
      ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
      ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
      ['fe80::', 'fe80::'],
      ['::ffff:192.0.2.1', '::ffff:c000:201'],
      ['1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:102:304'],
    ];
    for (const [input, text] of cases) expect(roundTrip(dictionary, 'NAS-IPv6-Address', input)).toBe(text);
    for (const bad of ['1::2::3', '12345::', '1:2:3:4:5:6:7', '1:2:3:4:5:6:7:8:9', 'g::', '::1.2.3', '192.0.2.1', '']) {
      expect(() => attribute(dictionary, 'NAS-IPv6-Address', bad)).toThrow(/NAS-IPv6-Address \(ipv6addr\)/);
    }
  });

  it('ipv6prefix as address/length with only the octets the length covers', () => {
    const prefix = attribute(dictionary, 'Framed-IPv6-Prefix', '2001:db8:1200::/40');
    expect(prefix.value).toEqual(hex('00 28 2001 0db8 12'));
    expect(roundTrip(dictionary, 'Framed-IPv6-Prefix', '2001:db8:1200::/40')).toBe('2001:db8:1200::/40');
    expect(roundTrip(dictionary, 'Delegated-IPv6-Prefix', '::/0')).toBe('::/0');
    expect(roundTrip(dictionary, 'Route-IPv6-Information', '2001:db8::1/128')).toBe('2001:db8::1/128');
    // A NAS may send all 16 octets: read the same.
    const full = datagram(hex(`6114 0030 20010db8 1234 ${'00'.repeat(10)}`));
    expect(readAttribute(dictionary, decodePacket(full, dictionary), 'Framed-IPv6-Prefix')).toBe('2001:db8:1234::/48');
    expect(() => attribute(dictionary, 'Framed-IPv6-Prefix', '2001:db8::1/64')).toThrow(/no bits set beyond/);
    expect(() => attribute(dictionary, 'Framed-IPv6-Prefix', '2001:db8::/129')).toThrow(/Framed-IPv6-Prefix/);
  });

  it('ifid, date and enumerated integers', () => {
    expect(roundTrip(dictionary, 'Framed-Interface-Id', '0:1:a:ffff')).toBe('0000:0001:000a:ffff');
    expect(roundTrip(dictionary, 'Event-Timestamp', 1_780_000_000)).toBe(1_780_000_000);
    expect(roundTrip(dictionary, 'Acct-Status-Type', 'interim-update')).toBe(3);
    expect(roundTrip(dictionary, 'Acct-Terminate-Cause', 'Lost-Carrier')).toBe(2);
    expect(() => attribute(dictionary, 'Acct-Status-Type', 'Paused')).toThrow(/Acct-Status-Type \(integer\): 'Paused' is not an integer in 0..4294967295 or one of its VALUE names/);
    expect(() => attribute(dictionary, 'Session-Timeout', 2 ** 32)).toThrow(/Session-Timeout/);
    expect(() => attribute(dictionary, 'Session-Timeout', 1.5)).toThrow(/Session-Timeout/);
  });

  it('tagged attributes are read without their tag; encrypted ones stay hidden octets', () => {
    const packet = decodePacket(datagram(hex('4006 01 00000d 5106 01 313030 4506 01 000d 41')));
    expect(readAttribute(dictionary, packet, 'Tunnel-Type')).toBe(13);
    expect(readAttribute(dictionary, packet, 'Tunnel-Private-Group-Id')).toBe('100');
    expect(() => attribute(dictionary, 'User-Password', 'plain')).toThrow(/encrypted \(encrypt=1\): pass the hidden octets/);
    expect(attribute(dictionary, 'User-Password', Buffer.alloc(16)).value).toHaveLength(16);
  });

  it('a fixed-size octets attribute takes exactly its size', () => {
    expect(attribute(dictionary, 'MS-CHAP2-Response', Buffer.alloc(50)).value).toHaveLength(50);
    expect(() => attribute(dictionary, 'MS-CHAP2-Response', Buffer.alloc(49))).toThrow(/MS-CHAP2-Response \(octets\): 49 octets is not 50 octets/);
  });

  it('strings over 253 octets (247 in a VSA) and unknown names are refused naming them', () => {
    expect(() => attribute(dictionary, 'Reply-Message', 'x'.repeat(254))).toThrow(/Reply-Message \(string\): 254 octets is not 1..253/);
    expect(() => attribute(dictionary, 'Cisco-AVPair', 'x'.repeat(248))).toThrow(/Cisco-AVPair \(string\): 248 octets is not 1..247/);
    expect(() => attribute(dictionary, 'No-Such-Attribute', 'x')).toThrow(/unknown RADIUS attribute No-Such-Attribute/);
  });

  it('EAP-Message (concat) is read as all its occurrences joined', () => {
    const packet = decodePacket(datagram(hex('4f04 0102 4f03 03')));
    expect(readAttribute(dictionary, packet, 'EAP-Message')).toEqual(hex('010203'));
  });
});

describe('vendor-specific attributes', () => {
  const vendors: [string, string | number, string | number | Buffer][] = [
    ['Cisco', 'h323-credit-time', 'h323-credit-time=600'],
    ['Cisco', 'Cisco-AVPair', 'ip:addr-pool=pool1'],
    ['Microsoft', 'MS-CHAP2-Success', Buffer.from('\x01S=407A5589115FD0D6209F510FE9C04566932CDA56', 'latin1')],
    ['Microsoft', 'MS-CHAP-Challenge', hex('5b5d7c7d7b3f2f3e3c2c602132262628')],
    ['Mikrotik', 'Mikrotik-Rate-Limit', '10M/50M'],
    ['Mikrotik', 'Mikrotik-Total-Limit-Gigawords', 2],
    ['ChilliSpot', 'ChilliSpot-Max-Total-Octets', 1_000_000_000],
    ['ChilliSpot', 'ChilliSpot-Bandwidth-Max-Down', 50_000],
    ['WISPr', 'WISPr-Bandwidth-Max-Down', 50_000_000],
    ['WISPr', 'WISPr-Session-Terminate-Time', '2026-12-31T23:59:59+01:00'],
  ];
  for (const [vendor, name, value] of vendors) {
    it(`${vendor}: ${name} is wrapped in Vendor-Specific and read back`, () => {
      const bytes = encodePacket({ code: 2, identifier: 1, authenticator: Buffer.alloc(16), attributes: [attribute(dictionary, name as string, value)] });
      expect(bytes[20]).toBe(26);
      expect(bytes.readUInt32BE(22)).toBe(dictionary.vendor(vendor));
      const packet = decodePacket(bytes, dictionary);
      expect(packet.attributes[0]!.vendorId).toBe(dictionary.vendor(vendor));
      expect(readAttribute(dictionary, packet, name as string)).toEqual(value);
    });
  }

  it('an unknown vendor is kept as (vendorId, type, value) and encoded back identically', () => {
    const bytes = datagram(hex('1a0d 0000fde8 0107 68656c6c6f'));
    const packet = decodePacket(bytes, dictionary);
    expect(packet.attributes).toEqual([{ type: 1, vendorId: 65000, value: Buffer.from('hello') }]);
    expect(encodePacket(packet)).toEqual(bytes);
  });

  it('several sub-attributes in one VSA are split, and packed again on encoding', () => {
    const bytes = datagram(hex('1a13 00003a8c 0809 31304d2f35304d 0304 6767 0106 6e656d6f'));
    const packet = decodePacket(bytes, dictionary);
    expect(readAttribute(dictionary, packet, 'Mikrotik-Rate-Limit')).toBe('10M/50M');
    expect(readAttribute(dictionary, packet, 'Mikrotik-Group')).toBe('gg');
    expect(readAttribute(dictionary, packet, 'User-Name')).toBe('nemo');
    expect(encodePacket(packet)).toEqual(bytes);
    // Without `packed`, one VSA per sub-attribute (RFC 2865 s5.26's advice).
    const unpacked = encodePacket({ ...packet, attributes: packet.attributes.map(({ type, vendorId, value }) => ({ type, vendorId, value })) });
    expect(unpacked.length).toBe(bytes.length + 6);
  });

  it('a vendor whose dictionary has another VSA format (WiMAX) is kept whole as raw attribute 26', () => {
    const wimax = parseDictionary(new Map([['dictionary', 'VENDOR WiMAX 24757 format=1,1,c\n']]), 'dictionary');
    const bytes = datagram(hex('1a0c 000060b5 0106 00 616263'));
    const packet = decodePacket(bytes, wimax);
    expect(packet.attributes).toEqual([{ type: 26, vendorId: 0, value: hex('000060b5 0106 00 616263') }]);
    expect(encodePacket(packet)).toEqual(bytes);
  });
});

describe('encoding refuses what cannot be sent', () => {
  const base = { code: 1, identifier: 1, authenticator: Buffer.alloc(16) };
  it('empty values, values over 253 (247 in a VSA) octets, packets over 4096 octets, bad types', () => {
    expect(() => encodePacket({ ...base, attributes: [{ type: 1, vendorId: 0, value: Buffer.alloc(0) }] })).toThrow(/empty value/);
    expect(() => encodePacket({ ...base, attributes: [{ type: 1, vendorId: 0, value: Buffer.alloc(254) }] })).toThrow(/at most 253/);
    expect(() => encodePacket({ ...base, attributes: [{ type: 1, vendorId: 9, value: Buffer.alloc(248) }] })).toThrow(/at most 247/);
    expect(() => encodePacket({ ...base, attributes: Array.from({ length: 17 }, () => ({ type: 1, vendorId: 0, value: Buffer.alloc(253) })) })).toThrow(/longer than 4096/);
    expect(() => encodePacket({ ...base, attributes: [{ type: 256, vendorId: 0, value: Buffer.alloc(1) }] })).toThrow(/not 1..255/);
    expect(() => encodePacket({ ...base, authenticator: Buffer.alloc(15), attributes: [] })).toThrow(/16 octets/);
  });
});

/** Valid attributes: standard ones (not 26) and vendor ones, some packed into the previous VSA. */
const rawAttribute: fc.Arbitrary<RawAttribute> = fc.oneof(
  fc.record({ type: fc.integer({ min: 1, max: 255 }).filter((t) => t !== 26), vendorId: fc.constant(0), value: fc.uint8Array({ minLength: 1, maxLength: 253 }).map((a) => Buffer.from(a)) }),
  fc.record(
    { type: fc.integer({ min: 0, max: 255 }), vendorId: fc.constantFrom(9, 311, 14988, 14559, 14122, 65000, 1), value: fc.uint8Array({ minLength: 1, maxLength: 60 }).map((a) => Buffer.from(a)), packed: fc.boolean() },
    { requiredKeys: ['type', 'vendorId', 'value'] },
  ),
);

/** A packet with packed flags normalized as decoding reports them (a sub-attribute can only join its own vendor's VSA). */
function normalizedPacket(attributes: RawAttribute[]): RawAttribute[] {
  return attributes.map((a, i) => {
    const { type, vendorId, value } = a;
    const joins = a.packed === true && vendorId !== 0 && i > 0 && attributes[i - 1]!.vendorId === vendorId;
    return joins ? { type, vendorId, value, packed: true } : { type, vendorId, value };
  });
}

describe('properties', () => {
  it('decode(encode(p)) gives p back and encode(decode(x)) == x for valid packets', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.array(rawAttribute, { maxLength: 12 }), (code, identifier, authenticator, attributes) => {
        const normalized = normalizedPacket(attributes);
        const bytes = encodePacket({ code, identifier, authenticator: Buffer.from(authenticator), attributes: normalized });
        const packet = decodePacket(bytes);
        expect(packet.attributes).toEqual(normalized);
        expect(encodePacket(packet)).toEqual(bytes);
      }),
      { numRuns: 500 },
    );
  });

  it('decoding random and mutated bytes throws nothing but RadiusDecodeError, with or without the dictionary', () => {
    const valid = encodePacket({ code: 4, identifier: 1, authenticator: Buffer.alloc(16), attributes: [attribute(dictionary, 'User-Name', 'bob'), attribute(dictionary, 'Mikrotik-Rate-Limit', '1M/1M'), attribute(dictionary, 'Framed-IPv6-Prefix', '2001:db8::/32'), attribute(dictionary, 'Acct-Status-Type', 'Stop')] });
    const mutated = fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }).chain((edits) =>
      fc.integer({ min: 0, max: valid.length + 4 }).map((cut) => {
        const bytes = Buffer.concat([valid, Buffer.alloc(4)]);
        for (const [at, value] of edits) bytes[at] = value;
        return bytes.subarray(0, cut);
      }),
    );
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)), mutated), (bytes) => {
        for (const dict of [undefined, dictionary]) {
          try {
            const packet = decodePacket(bytes, dict);
            for (const name of ['User-Name', 'Acct-Status-Type', 'Framed-IPv6-Prefix', 'Mikrotik-Rate-Limit']) readAll(dictionary, packet, name);
          } catch (error) {
            if (!(error instanceof RadiusDecodeError)) throw error;
          }
        }
      }),
      { numRuns: 2000 },
    );
  });
});
