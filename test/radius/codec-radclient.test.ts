/**
 * The codec against FreeRADIUS's own encoder and decoder (Debian's radclient): a UDP peer in
 * this test decodes what radclient sends (PAP, CHAP, accounting, IPv6 and vendor attributes as
 * FreeRADIUS's dictionaries encode them) and answers with encodeReply; radclient checks our
 * Response Authenticator and Message-Authenticator and prints our attributes as FreeRADIUS's
 * dictionaries name them, so our dictionaries' numbers and types are checked against theirs.
 */
import dgram from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attribute, readAttribute } from '../../src/radius/codec/attributes.ts';
import { chapValid, encodeReply, messageAuthenticatorValid, requestAuthenticatorValid, revealPassword } from '../../src/radius/codec/crypto.ts';
import { bundledDictionary } from '../../src/radius/codec/dictionary-files.ts';
import { decodePacket, RADIUS_CODES, type RadiusPacket, type RawAttribute } from '../../src/radius/codec/packet.ts';
import { radclient, radclientAvailable, RADCLIENT_SKIP_REASON } from '../support/radclient.ts';

const dictionary = bundledDictionary();
const SECRET = 'codec-interop';

/** What the peer saw of the last request, and how it answers the next one. */
let received: RadiusPacket | null = null;
let answer: (request: RadiusPacket) => { code: number; attributes: RawAttribute[]; secret?: string } = () => ({ code: RADIUS_CODES.AccessReject, attributes: [] });
let socket: dgram.Socket;
let port = 0;

describe.skipIf(!radclientAvailable())(`codec and radclient (${RADCLIENT_SKIP_REASON})`, () => {
  beforeAll(async () => {
    socket = dgram.createSocket('udp4');
    socket.on('message', (datagram, from) => {
      const request = decodePacket(datagram, dictionary);
      received = request;
      const { code, attributes, secret } = answer(request);
      socket.send(encodeReply(request, code, attributes, Buffer.from(secret ?? SECRET)), from.port, from.address);
    });
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    port = socket.address().port;
  });
  afterAll(() => socket.close());

  it('PAP with Message-Authenticator: we read it; radclient accepts our Access-Accept and reads our VSAs and IPv6 values as we meant them', async () => {
    answer = () => ({
      code: RADIUS_CODES.AccessAccept,
      attributes: [
        attribute(dictionary, 'Session-Timeout', 3600),
        attribute(dictionary, 'Acct-Interim-Interval', 300),
        attribute(dictionary, 'Framed-IPv6-Prefix', '2001:db8:1200::/40'),
        attribute(dictionary, 'Delegated-IPv6-Prefix', '2001:db8:ff00::/56'),
        attribute(dictionary, 'Framed-IPv6-Address', '2001:db8::1'),
        attribute(dictionary, 'Mikrotik-Rate-Limit', '10M/50M'),
        attribute(dictionary, 'Mikrotik-Total-Limit', 1000000),
        attribute(dictionary, 'ChilliSpot-Max-Total-Octets', 5000000),
        attribute(dictionary, 'ChilliSpot-Bandwidth-Max-Down', 20000),
        attribute(dictionary, 'WISPr-Bandwidth-Max-Up', 2000000),
        attribute(dictionary, 'WISPr-Session-Terminate-Time', '2026-12-31T23:59:59+01:00'),
        attribute(dictionary, 'h323-credit-time', 'h323-credit-time=600'),
        attribute(dictionary, 'Cisco-AVPair', 'ip:addr-pool=pool1'),
        attribute(dictionary, 'MS-Primary-DNS-Server', '192.0.2.53'),
        attribute(dictionary, 'Class', Buffer.from('bs1:sp=SP-1;sub=S-1')),
      ],
    });
    const result = await radclient({ port }, SECRET, 'auth', {
      'User-Name': 'nemo',
      'User-Password': 'arctangent with spaces',
      'NAS-IPv6-Address': '2001:db8::10',
      'Framed-Interface-Id': '0000:0000:0000:0001',
      'Calling-Station-Id': '00-11-22-33-44-55',
      'Message-Authenticator': '0x00',
    });
    const request = received!;
    expect(messageAuthenticatorValid(request, Buffer.from(SECRET))).toBe(true);
    expect(revealPassword(readAttribute(dictionary, request, 'User-Password') as Buffer, Buffer.from(SECRET), request.authenticator).toString()).toBe('arctangent with spaces');
    expect(readAttribute(dictionary, request, 'NAS-IPv6-Address')).toBe('2001:db8::10');
    expect(readAttribute(dictionary, request, 'Framed-Interface-Id')).toBe('0000:0000:0000:0001');

    const reply = result.exchanges[0]!.reply!;
    expect(reply.code).toBe('Access-Accept');
    expect(reply.list[0]!.name).toBe('Message-Authenticator');
    expect(reply.attributes).toMatchObject({
      'Session-Timeout': '3600',
      'Acct-Interim-Interval': '300',
      'Framed-IPv6-Prefix': '2001:db8:1200::/40',
      'Delegated-IPv6-Prefix': '2001:db8:ff00::/56',
      'Framed-IPv6-Address': '2001:db8::1',
      'Mikrotik-Rate-Limit': '10M/50M',
      'Mikrotik-Total-Limit': '1000000',
      'ChilliSpot-Max-Total-Octets': '5000000',
      'ChilliSpot-Bandwidth-Max-Down': '20000',
      'WISPr-Bandwidth-Max-Up': '2000000',
      'WISPr-Session-Terminate-Time': '2026-12-31T23:59:59+01:00',
      'h323-credit-time': 'h323-credit-time=600',
      'Cisco-AVPair': 'ip:addr-pool=pool1',
      'MS-Primary-DNS-Server': '192.0.2.53',
      Class: `0x${Buffer.from('bs1:sp=SP-1;sub=S-1').toString('hex')}`,
    });
  });

  it('CHAP: the response radclient computes verifies against the password', async () => {
    answer = () => ({ code: RADIUS_CODES.AccessReject, attributes: [attribute(dictionary, 'Reply-Message', 'no')] });
    const result = await radclient({ port }, SECRET, 'auth', { 'User-Name': 'flopsy', 'CHAP-Password': 'carrots' });
    const request = received!;
    const challenge = (readAttribute(dictionary, request, 'CHAP-Challenge') as Buffer | undefined) ?? request.authenticator;
    expect(chapValid(readAttribute(dictionary, request, 'CHAP-Password') as Buffer, challenge, Buffer.from('carrots'))).toBe(true);
    expect(chapValid(readAttribute(dictionary, request, 'CHAP-Password') as Buffer, challenge, Buffer.from('carrot'))).toBe(false);
    // Every Access-Reject carries Message-Authenticator first, and radclient verifies it.
    expect(result.exchanges[0]!.reply).toMatchObject({ code: 'Access-Reject', attributes: { 'Reply-Message': 'no' } });
    expect(result.exchanges[0]!.reply!.list[0]!.name).toBe('Message-Authenticator');
  });

  it('Accounting-Request: its authenticator verifies, gigawords and Event-Timestamp read; radclient accepts our Accounting-Response', async () => {
    answer = () => ({ code: RADIUS_CODES.AccountingResponse, attributes: [] });
    const result = await radclient({ port }, SECRET, 'acct', {
      'User-Name': 'nemo',
      'Acct-Status-Type': 'Interim-Update',
      'Acct-Session-Id': 'sess-1',
      'Acct-Input-Octets': 123,
      'Acct-Input-Gigawords': 2,
      'Event-Timestamp': '1790000000',
      'Acct-Terminate-Cause': 'Lost-Carrier',
    });
    const request = received!;
    expect(requestAuthenticatorValid(request, Buffer.from(SECRET))).toBe(true);
    expect(readAttribute(dictionary, request, 'Acct-Status-Type')).toBe(3);
    expect(readAttribute(dictionary, request, 'Acct-Input-Gigawords')).toBe(2);
    expect(readAttribute(dictionary, request, 'Event-Timestamp')).toBe(1_790_000_000);
    expect(readAttribute(dictionary, request, 'Acct-Terminate-Cause')).toBe(2);
    expect(result.exchanges[0]!.reply?.code).toBe('Accounting-Response');
  });

  it('a reply signed with another secret is refused by radclient (it does check ours)', async () => {
    answer = () => ({ code: RADIUS_CODES.AccessAccept, attributes: [], secret: 'not-the-secret' });
    const result = await radclient({ port }, SECRET, 'auth', { 'User-Name': 'nemo', 'User-Password': 'x', 'Message-Authenticator': '0x00' }, { timeout: 1 });
    expect(result.exchanges[0]!.reply).toBeNull();
  });
});
