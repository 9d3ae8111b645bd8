/**
 * The RADIUS server against a real peer: Debian's radclient (FreeRADIUS's own encoder and reply
 * checks) on real UDP sockets, over IPv4 and IPv6, with the examples' CRM plus a tariff that gives
 * network access. What a NAS and a support person rely on: who gets in and with which limits,
 * why others are refused (in the reply and in the support log), that forged, unsigned or
 * malformed packets get no answer and are counted, and that a retransmission never has a second
 * effect. Packets radclient cannot make (a byte-identical retransmission, garbage, an unknown
 * source) are sent from a plain UDP socket.
 */
import dgram from 'node:dgram';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Billstream } from '../../src/main.ts';
import { saveNas } from '../../src/app/radius/nas.ts';
import { credentialsOf, setCredentials } from '../../src/app/radius/credentials.ts';
import { findAuthLog, type AuthLogDocument } from '../../src/app/radius/auth-log.ts';
import { changeClientStatus } from '../../src/app/crm/commands.ts';
import { importTariffs } from '../../src/import/tariffs.ts';
import { importCsvEntities } from '../../src/import/bulk.ts';
import { CSV_IMPORTS } from '../../src/import/crm-files.ts';
import { readCsv, textSource } from '../../src/import/csv.ts';
import { startRadiusServer, type RadiusServer } from '../../src/radius/server.ts';
import { attribute } from '../../src/radius/codec/attributes.ts';
import { decodePacket, RADIUS_CODES } from '../../src/radius/codec/packet.ts';
import { encodeRequest, messageAuthenticatorValid, responseAuthenticatorValid } from '../../src/radius/codec/crypto.ts';
import { bundledDictionary } from '../../src/radius/codec/dictionary-files.ts';
import { generateAuthenticatorResponse, mppeKeys, msChapV2Response } from '../../src/radius/codec/mschap.ts';
import { openTestBillstream, temporaryDataDir } from '../support/billstream.ts';
import { importCrmExamples } from '../support/crm-examples.ts';
import { radclient, radclientAvailable, radtest, RADCLIENT_SKIP_REASON } from '../support/radclient.ts';

const SECRET = 'testing123-v4';
const SECRET_V6 = 'testing123-v6';
const context = (commandId: string) => ({ commandId, actor: 'test' });

const TARIFF = `id: NET-RADIUS
name: Network access
currency: HUF
validFrom: 2025-01-01
category: internet
recurring:
  - { code: NET, name: Internet, amount: "1000" }
radius:
  rateLimit: { up: 10M, down: 50M }
  sessionTimeout: 86400
  framedPool: pool-a
  attributes: { Cisco-AVPair: "ip:addr-pool=pool-a" }
`;

// SP-0001 (Kovács Anna, active) and SP-0004 (Szabó Zsófia, suspended below) get network access;
// SP-0003 keeps only tariffs without a radius section; SP-0018's subscriptions ended in March 2026.
const SUBSCRIPTIONS = `subscription_id,service_point_id,tariff_id,start_date,end_date,quantity
S-NET-1,SP-0001,NET-RADIUS,2025-03-01,,1
S-NET-4,SP-0004,NET-RADIUS,2025-09-10,,1
`;

describe.skipIf(!radclientAvailable())(`RADIUS server with radclient${radclientAvailable() ? '' : ` (skipped: ${RADCLIENT_SKIP_REASON})`}`, () => {
  let billstream: Billstream;
  let server: RadiusServer;
  const users: Record<string, string> = {};
  const v4 = () => ({ address: '127.0.0.1', port: server.authPort });
  // radclient takes an IPv6 server in brackets.
  const v6 = () => `[::1]:${server.authPort}`;
  const logLines: string[] = [];

  beforeAll(async () => {
    billstream = await openTestBillstream();
    await importCrmExamples(billstream);
    const dir = temporaryDataDir('radius-tariff-');
    fs.writeFileSync(path.join(dir, 'net.yaml'), TARIFF);
    const tariffs = await importTariffs(billstream, path.join(dir, 'net.yaml'), { actor: 'test' });
    expect(tariffs.errors).toEqual([]);
    const spec = CSV_IMPORTS.subscriptions!;
    const subscriptions = await importCsvEntities(billstream, () => readCsv(textSource(SUBSCRIPTIONS), spec.columns), spec, { actor: 'test' });
    expect(subscriptions.rejected).toBe(0);
    for (const [point, password] of [['SP-0001', 'anna-pw'], ['SP-0003', 'gabor-pw'], ['SP-0004', 'zsofia-pw'], ['SP-0018', 'juergen-pw']] as const) {
      await setCredentials(billstream, point, { password }, context(`cred-${point}`));
      users[point] = (await credentialsOf(billstream, point)).userName!;
    }
    await changeClientStatus(billstream, 'C-0003', 'suspended', 'unpaid invoices', context('suspend-c3'));
    await saveNas(billstream, { type: 'Register', id: 'BRAS-V4', details: { name: 'BRAS v4', address: '127.0.0.1', secret: '', requireMessageAuthenticator: 'yes', clearSecret: SECRET } }, context('nas-v4'));
    await saveNas(billstream, { type: 'Register', id: 'WIFI-V6', details: { name: 'WiFi v6', address: '::1', secret: '', requireMessageAuthenticator: 'auto', clearSecret: SECRET_V6 } }, context('nas-v6'));
    await billstream.catchUp();
    billstream.startProcessing();
    server = await startRadiusServer(billstream, { address: '::', authPort: 0, acctPort: 0, log: (line) => logLines.push(line) });
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await billstream?.close();
  });

  const drops = (nasId: string, reason: string) => server.counters.of(nasId).drops.get(reason) ?? 0;

  /** The support log's entries for a user once `count` of them match (written in batches a moment after the reply). */
  async function logOf(userName: string, count: number, matching: (entry: AuthLogDocument) => boolean = () => true): Promise<AuthLogDocument[]> {
    for (let tries = 0; ; tries++) {
      const items = (await findAuthLog(billstream, { userName, limit: 1000 })).items.filter(matching);
      if (items.length >= count || tries > 50) return items;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('accepts a PAP login of an active service point with the tariff\'s limits, Class, and Message-Authenticator first', async () => {
    const exchange = await radtest(v4(), SECRET, users['SP-0001']!, 'anna-pw', { attributes: { 'Calling-Station-Id': '00-1A-2B-3C-4D-5E' } });
    expect(exchange.reply?.code).toBe('Access-Accept');
    const reply = exchange.reply!;
    expect(reply.list[0]!.name).toBe('Message-Authenticator');
    expect(reply.attributes).toMatchObject({
      'Session-Timeout': '86400',
      'Acct-Interim-Interval': '300',
      'Framed-Pool': 'pool-a',
      'Mikrotik-Rate-Limit': '10M/50M',
      'WISPr-Bandwidth-Max-Up': '10000000',
      'WISPr-Bandwidth-Max-Down': '50000000',
      'ChilliSpot-Bandwidth-Max-Up': '10000',
      'ChilliSpot-Bandwidth-Max-Down': '50000',
      'Cisco-AVPair': 'ip:addr-pool=pool-a',
    });
    expect(Buffer.from(reply.attributes.Class!.replace(/^0x/, ''), 'hex').toString()).toBe('bs1:sp=SP-0001;sub=S-NET-1');
    const [entry] = await logOf(users['SP-0001']!, 1);
    expect(entry).toMatchObject({ result: 'accept', reason: null, nasId: 'BRAS-V4', servicePointId: 'SP-0001', subscriptionId: 'S-NET-1', callingStationId: '00-1A-2B-3C-4D-5E' });
  });

  it('rejects with a Reply-Message and logs the reason: wrong password, unknown user, suspended client, no active subscription, tariff without network access', async () => {
    const cases = [
      { user: users['SP-0001']!, password: 'not-it', reason: 'wrong-password', message: 'Authentication failed' },
      { user: 'nobody@isp.example', password: 'x', reason: 'unknown-user', message: 'Authentication failed' },
      { user: users['SP-0004']!, password: 'zsofia-pw', reason: 'client-suspended', message: 'Your account is suspended: contact customer service' },
      { user: users['SP-0018']!, password: 'juergen-pw', reason: 'no-active-subscription', message: 'No active subscription for this connection' },
      { user: users['SP-0003']!, password: 'gabor-pw', reason: 'tariff-without-network-access', message: 'Your tariff does not include network access' },
    ];
    for (const { user, password, reason, message } of cases) {
      const exchange = await radtest(v4(), SECRET, user, password);
      expect(exchange.reply?.code, reason).toBe('Access-Reject');
      expect(exchange.reply!.list[0]!.name).toBe('Message-Authenticator');
      expect(exchange.reply!.attributes['Reply-Message']).toBe(message);
      const [entry] = await logOf(user, 1, (e) => e.reason === reason);
      expect(entry, reason).toMatchObject({ result: 'reject', reason, userName: user, nasId: 'BRAS-V4' });
    }
    expect(server.counters.of('BRAS-V4').rejectReasons.get('client-suspended')).toBe(1);
  });

  it('checks CHAP against the stored password', async () => {
    expect((await radtest(v4(), SECRET, users['SP-0001']!, 'anna-pw', { method: 'chap' })).reply?.code).toBe('Access-Accept');
    expect((await radtest(v4(), SECRET, users['SP-0001']!, 'wrong', { method: 'chap' })).reply?.code).toBe('Access-Reject');
  });

  it('checks MS-CHAPv2 and answers MS-CHAP2-Success, which proves to the client that the server knows the password, and the MPPE keys the NAS encrypts the link with', async () => {
    const userName = users['SP-0001']!;
    const authenticatorChallenge = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
    const peerChallenge = Buffer.alloc(16, 0x42);
    const response = (password: string) => msChapV2Response({ ident: 7, userName, password, authenticatorChallenge, peerChallenge });
    const request = (password: string) => ({
      'User-Name': userName,
      'MS-CHAP-Challenge': `0x${authenticatorChallenge.toString('hex')}`,
      'MS-CHAP2-Response': `0x${response(password).toString('hex')}`,
      'Message-Authenticator': '0x00',
    });
    const result = await radclient(v4(), SECRET, 'auth', [request('anna-pw'), request('wrong')]);
    expect(result.exchanges.map((e) => e.reply?.code)).toEqual(['Access-Accept', 'Access-Reject']);
    const accept = result.exchanges[0]!.reply!;
    const ntResponse = response('anna-pw').subarray(26);
    expect(accept.attributes['MS-CHAP2-Success']).toBe(`0x${Buffer.from(`\x07${generateAuthenticatorResponse('anna-pw', ntResponse, peerChallenge, authenticatorChallenge, userName)}`, 'latin1').toString('hex')}`);
    // radclient reveals the salt-encrypted keys with the secret and its request's authenticator: they are RFC 3079's for this login.
    const keys = mppeKeys('anna-pw', ntResponse);
    expect(accept.attributes['MS-MPPE-Send-Key']).toBe(`0x${keys.sendKey.toString('hex')}`);
    expect(accept.attributes['MS-MPPE-Recv-Key']).toBe(`0x${keys.recvKey.toString('hex')}`);
    expect(accept.attributes['MS-MPPE-Encryption-Policy']).toBe('Encryption-Allowed');
    expect(accept.attributes['MS-MPPE-Encryption-Types']).toBe('RC4-40or128-bit-Allowed');
    expect(result.exchanges[1]!.reply!.list.some((a) => a.name.startsWith('MS-MPPE'))).toBe(false);
  });

  it('refuses EAP with an Access-Reject naming it (no Access-Challenge)', async () => {
    const exchange = (await radclient(v4(), SECRET, 'auth', { 'User-Name': users['SP-0001']!, 'EAP-Message': '0x0201000a016a6f686e', 'Message-Authenticator': '0x00' })).exchanges[0]!;
    expect(exchange.reply?.code).toBe('Access-Reject');
    expect(exchange.reply!.attributes['Reply-Message']).toContain('EAP is not supported');
  });

  it('drops an Access-Request without Message-Authenticator from a NAS that requires it, and one with a wrong secret: no answer, counted', async () => {
    const before = drops('BRAS-V4', 'missing-message-authenticator');
    const unsigned = await radtest(v4(), SECRET, users['SP-0001']!, 'anna-pw', { messageAuthenticator: false, timeout: 1 });
    expect(unsigned.reply).toBeNull();
    expect(drops('BRAS-V4', 'missing-message-authenticator')).toBe(before + 1);
    const wrongSecret = await radtest(v4(), 'not-the-secret', users['SP-0001']!, 'anna-pw', { timeout: 1 });
    expect(wrongSecret.reply).toBeNull();
    expect(drops('BRAS-V4', 'bad-message-authenticator')).toBeGreaterThanOrEqual(1);
  });

  it('auto NAS over IPv6: answers unsigned requests until it has sent one Message-Authenticator, drops Proxy-State without one, then requires it', async () => {
    const user = users['SP-0001']!;
    expect((await radtest(v6(), SECRET_V6, user, 'anna-pw', { messageAuthenticator: false })).reply?.code).toBe('Access-Accept');
    const proxied = await radtest(v6(), SECRET_V6, user, 'anna-pw', { messageAuthenticator: false, attributes: { 'Proxy-State': '0x0102' }, timeout: 1 });
    expect(proxied.reply).toBeNull();
    expect(drops('WIFI-V6', 'proxy-state-without-message-authenticator')).toBe(1);
    expect((await radtest(v6(), SECRET_V6, user, 'anna-pw')).reply?.code).toBe('Access-Accept');
    const unsignedAfter = await radtest(v6(), SECRET_V6, user, 'anna-pw', { messageAuthenticator: false, timeout: 1 });
    expect(unsignedAfter.reply).toBeNull();
    expect(drops('WIFI-V6', 'missing-message-authenticator')).toBe(1);
  });

  it('answers Status-Server on both ports', async () => {
    const auth = await radclient(v4(), SECRET, 'status', { 'Message-Authenticator': '0x00' });
    expect(auth.exchanges[0]!.reply?.code).toBe('Access-Accept');
    const acct = await radclient({ address: '127.0.0.1', port: server.acctPort }, SECRET, 'status', { 'Message-Authenticator': '0x00' });
    expect(acct.exchanges[0]!.reply?.code).toBe('Accounting-Response');
  });

  /** A plain UDP socket, for packets radclient does not send. */
  async function udp(address: string): Promise<{ socket: dgram.Socket; replies: Buffer[]; close(): Promise<void> }> {
    const socket = dgram.createSocket(address.includes(':') ? 'udp6' : 'udp4');
    const replies: Buffer[] = [];
    socket.on('message', (message) => replies.push(message));
    await new Promise<void>((resolve) => socket.bind({ address, port: 0 }, () => resolve()));
    return { socket, replies, close: () => new Promise<void>((resolve) => socket.close(() => resolve())) };
  }
  const waitFor = async (condition: () => boolean, ms = 2000) => {
    for (const start = Date.now(); !condition() && Date.now() - start < ms; ) await new Promise((resolve) => setTimeout(resolve, 10));
  };

  it('answers a retransmission (same source, identifier and authenticator) with the identical cached reply, and decides once', async () => {
    const dictionary = bundledDictionary();
    const userName = users['SP-0001']!;
    const request = encodeRequest(RADIUS_CODES.AccessRequest, 42, [attribute(dictionary, 'User-Name', userName), attribute(dictionary, 'Calling-Station-Id', 'retransmission-test')], Buffer.from(SECRET), { messageAuthenticator: true, password: Buffer.from('anna-pw') });
    const client = await udp('127.0.0.1');
    try {
      const duplicatesBefore = server.counters.of('BRAS-V4').duplicates;
      const acceptsBefore = server.counters.of('BRAS-V4').accepts;
      client.socket.send(request, server.authPort, '127.0.0.1');
      client.socket.send(request, server.authPort, '127.0.0.1');
      await waitFor(() => client.replies.length >= 2);
      expect(client.replies).toHaveLength(2);
      expect(client.replies[1]!.equals(client.replies[0]!)).toBe(true);
      const reply = decodePacket(client.replies[0]!);
      expect(reply.code).toBe(RADIUS_CODES.AccessAccept);
      expect(responseAuthenticatorValid(reply, request.subarray(4, 20), Buffer.from(SECRET))).toBe(true);
      expect(messageAuthenticatorValid(reply, Buffer.from(SECRET), request.subarray(4, 20))).toBe(true);
      expect(server.counters.of('BRAS-V4').duplicates).toBe(duplicatesBefore + 1);
      expect(server.counters.of('BRAS-V4').accepts).toBe(acceptsBefore + 1);
      const entries = await logOf(userName, 2, (e) => e.callingStationId === 'retransmission-test');
      expect(entries).toHaveLength(1);
    } finally {
      await client.close();
    }
  });

  it('answers an accounting retransmission that arrives while the first copy is still being stored, once it is, and stores it once', async () => {
    const dictionary = bundledDictionary();
    const request = encodeRequest(RADIUS_CODES.AccountingRequest, 43, [
      attribute(dictionary, 'User-Name', users['SP-0001']!), attribute(dictionary, 'Acct-Status-Type', 'Start'), attribute(dictionary, 'Acct-Session-Id', 'retransmitted-while-stored'),
    ], Buffer.from(SECRET));
    const client = await udp('127.0.0.1');
    try {
      const duplicatesBefore = server.counters.of('BRAS-V4').duplicates;
      // In one turn: the second copy arrives before the first is stored.
      client.socket.send(request, server.acctPort, '127.0.0.1');
      client.socket.send(request, server.acctPort, '127.0.0.1');
      await waitFor(() => client.replies.length >= 2);
      expect(client.replies).toHaveLength(2);
      expect(client.replies[1]!.equals(client.replies[0]!)).toBe(true);
      expect(decodePacket(client.replies[0]!).code).toBe(RADIUS_CODES.AccountingResponse);
      expect(server.counters.of('BRAS-V4').duplicates).toBe(duplicatesBefore + 1);
    } finally {
      await client.close();
    }
  });

  it('drops packets from an address that is no NAS, counted under "unknown" with a log line', async () => {
    const stranger = await udp('127.0.0.9');
    try {
      const before = drops('unknown', 'unknown-source');
      const request = encodeRequest(RADIUS_CODES.AccessRequest, 1, [attribute(bundledDictionary(), 'User-Name', users['SP-0001']!)], Buffer.from(SECRET), { messageAuthenticator: true, password: Buffer.from('anna-pw') });
      stranger.socket.send(request, server.authPort, '127.0.0.1');
      await waitFor(() => drops('unknown', 'unknown-source') > before);
      expect(drops('unknown', 'unknown-source')).toBe(before + 1);
      expect(stranger.replies).toEqual([]);
      expect(logLines.some((line) => line.includes('127.0.0.9') && line.includes('no NAS'))).toBe(true);
    } finally {
      await stranger.close();
    }
  });

  it('keeps answering while a NAS address floods it with malformed packets, each dropped and counted by reason', async () => {
    const flood = await udp('127.0.0.1');
    try {
      const stats = server.counters.of('BRAS-V4');
      const droppedBefore = stats.dropped();
      const random = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(Math.random() * 256)));
      const malformed: Buffer[] = [
        random(5), // too short
        Buffer.concat([Buffer.from([1, 1, 0x00, 0x30]), random(16)]), // Length beyond the datagram
        Buffer.concat([Buffer.from([1, 2, 0x00, 0x18]), random(16), Buffer.from([1, 9, 0x41, 0x41])]), // attribute overruns Length
        Buffer.concat([Buffer.from([1, 3, 0x00, 0x16]), random(16), Buffer.from([1, 2])]), // zero-length attribute
        Buffer.concat([Buffer.from([1, 4, 0x00, 0x1a]), random(16), Buffer.from([26, 6, 0xff, 0, 0, 1])]), // bad VSA
      ];
      let sent = 0;
      const sendBurst = () => {
        for (let i = 0; i < 200; i++, sent++) flood.socket.send(i % 6 === 5 ? random(20 + (i % 100)) : malformed[i % 5]!, server.authPort, '127.0.0.1');
      };
      const bursts = setInterval(sendBurst, 5);
      try {
        // As a NAS does, radclient sends again when a reply does not come: under the flood the
        // kernel may drop the request itself from the full socket buffer, before billstream reads it.
        const exchange = await radtest(v4(), SECRET, users['SP-0001']!, 'anna-pw', { retries: 5, timeout: 2 });
        expect(exchange.reply?.code).toBe('Access-Accept');
      } finally {
        clearInterval(bursts);
      }
      await waitFor(() => stats.dropped() - droppedBefore >= sent * 0.9);
      expect(stats.dropped() - droppedBefore).toBeGreaterThan(0);
      for (const reason of ['too-short', 'length-mismatch', 'attribute-overrun', 'zero-length-attribute', 'bad-vsa']) expect(stats.drops.get(reason), reason).toBeGreaterThan(0);
      expect(flood.replies).toEqual([]);
      expect(server.counters.errors).toBe(0);
    } finally {
      await flood.close();
    }
  });

  it('sees a change made through the application within a second: a client set active again is let in', async () => {
    await changeClientStatus(billstream, 'C-0003', 'active', 'paid', context('activate-c3'));
    let code: string | undefined;
    for (const start = Date.now(); Date.now() - start < 1500; ) {
      code = (await radtest(v4(), SECRET, users['SP-0004']!, 'zsofia-pw')).reply?.code;
      if (code === 'Access-Accept') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(code).toBe('Access-Accept');
  });

  it('serves its counters as Prometheus text per NAS', () => {
    const text = server.counters.render();
    expect(text).toMatch(/billstream_radius_access_accepts_total\{nas="BRAS-V4"\} [1-9]/);
    expect(text).toMatch(/billstream_radius_drops_total\{nas="unknown",reason="unknown-source"\} [1-9]/);
    expect(text).toMatch(/billstream_radius_rejects_by_reason_total\{nas="BRAS-V4",reason="wrong-password"\} [1-9]/);
    expect(text).toContain('billstream_radius_reply_seconds_bucket{nas="BRAS-V4",le="+Inf"}');
  });
});
