/**
 * The RADIUS test peers and bench:radius's parts against Debian's FreeRADIUS: the radclient
 * helper every RADIUS test uses (PAP, CHAP, rejects, a wrong secret, accounting, repeats), the
 * FreeRADIUS configuration the benchmark generates, and its load generator (every request it
 * encodes is accepted and answered with verifiable authenticators by FreeRADIUS itself).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRadclientOutput, radclient, radclientAvailable, radtest, RADCLIENT_SKIP_REASON } from '../support/radclient.ts';
import { freeRadiusBinary, startFreeRadius, type FreeRadiusServer } from '../../tools/bench/radius-load/freeradius.ts';
import { runLoad, startEchoServer } from '../../tools/bench/radius-load/load.ts';
import { benchUserName, benchUserPassword, benchUsers } from '../../tools/bench/radius-load/users.ts';
import { benchClassHex, benchReply, eventsAdded, prepareBillstreamData, startBillstreamRadius, storedEvents, type BillstreamRadius } from '../../tools/bench/radius-load/billstream.ts';

describe('parseRadclientOutput', () => {
  it('given a retransmission and a lost packet, when parsed, then each request is one exchange with its sends and reply', () => {
    const stdout = [
      'Sent Access-Request Id 7 from 0.0.0.0:4000 to 127.0.0.1:1812 length 45',
      '\tUser-Name = "alice"',
      '\tUser-Password = "pw"',
      '\tCleartext-Password = "pw"',
      'Sent Access-Request Id 7 from 0.0.0.0:4000 to 127.0.0.1:1812 length 45',
      '\tUser-Name = "alice"',
      'Received Access-Accept Id 7 from 127.0.0.1:1812 to 127.0.0.1:4000 length 40',
      '\tReply-Message = "hi \\"there\\"\\n\\303\\251"',
      '\tClass = 0x6273',
      '\tReply-Message = "second"',
      // The next request happens to get the same identifier and port, and no reply (sent twice: retries 2).
      'Sent Access-Request Id 7 from 0.0.0.0:4000 to 127.0.0.1:1812 length 45',
      '\tUser-Name = "bob"',
      'Sent Access-Request Id 7 from 0.0.0.0:4000 to 127.0.0.1:1812 length 45',
      '\tUser-Name = "bob"',
    ].join('\n');
    const exchanges = parseRadclientOutput(stdout, 2);
    expect(exchanges).toHaveLength(2);
    expect(exchanges[0]).toMatchObject({ request: 0, identifier: 7, sourcePort: 4000, sends: 2, sent: [{ name: 'User-Name', value: 'alice' }, { name: 'User-Password', value: 'pw' }] });
    expect(exchanges[0]!.reply).toEqual({
      code: 'Access-Accept',
      identifier: 7,
      attributes: { 'Reply-Message': 'hi "there"\né', Class: '0x6273' },
      list: [{ name: 'Reply-Message', value: 'hi "there"\né' }, { name: 'Class', value: '0x6273' }, { name: 'Reply-Message', value: 'second' }],
    });
    expect(exchanges[1]).toMatchObject({ request: 1, sends: 2, reply: null, sent: [{ name: 'User-Name', value: 'bob' }] });
  });
});

const peersAvailable = radclientAvailable() && freeRadiusBinary() !== null;

describe.skipIf(!peersAvailable)(`radclient against FreeRADIUS ${peersAvailable ? '' : `(skipped: ${RADCLIENT_SKIP_REASON}, or freeradius not installed)`}`, () => {
  const secret = 'test-secret-0123';
  let dir: string;
  let server: FreeRadiusServer;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-radius-test-'));
    const users = [...benchUsers(50), { name: 'quote', password: `it's a "pass" %{x}` }, { name: 'backslash', password: 'a\\b' }];
    server = await startFreeRadius({ dir, secret, users });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('given a user of the users file, when its password is sent by PAP and by CHAP, then FreeRADIUS accepts with the reply attributes', async () => {
    const pap = await radtest({ port: server.authPort }, secret, benchUserName(3), benchUserPassword(3));
    const chap = await radtest({ port: server.authPort }, secret, 'quote', `it's a "pass" %{x}`, { method: 'chap' });
    const backslash = await radtest({ port: server.authPort }, secret, 'backslash', 'a\\b');
    expect(pap.reply).toMatchObject({ code: 'Access-Accept', attributes: { 'Reply-Message': 'welcome' } });
    expect(pap.sent.map((a) => a.name)).toEqual(['User-Name', 'User-Password', 'NAS-IP-Address', 'Message-Authenticator']);
    expect(chap.reply?.code).toBe('Access-Accept');
    expect(backslash.reply?.code).toBe('Access-Accept');
  });

  it('given a wrong password, then Access-Reject; given a wrong secret, then no reply after every try', async () => {
    const wrong = await radtest({ port: server.authPort }, secret, benchUserName(3), 'not-it');
    expect(wrong.reply?.code).toBe('Access-Reject');
    // FreeRADIUS answers, but radclient drops a reply whose authenticator does not verify with its secret.
    const badSecret = await radtest({ port: server.authPort }, 'another-secret', benchUserName(3), benchUserPassword(3), { retries: 2, timeout: 0.5 });
    expect(badSecret).toMatchObject({ sends: 2, reply: null });
  });

  it('given accounting requests sent twice each, then every one is answered and stored in the detail file', async () => {
    const result = await radclient({ port: server.acctPort }, secret, 'acct', [
      { 'User-Name': benchUserName(1), 'Acct-Status-Type': 'Start', 'Acct-Session-Id': 'test-session-1' },
      [['User-Name', benchUserName(1)], ['Acct-Status-Type', 'Stop'], ['Acct-Session-Id', 'test-session-1'], ['Acct-Input-Octets', 1234], ['Class', '0x01'], ['Class', '0x02']],
    ], { count: 2 });
    expect(result.exchanges.map((e) => [e.request, e.reply?.code])).toEqual([[0, 'Accounting-Response'], [0, 'Accounting-Response'], [1, 'Accounting-Response'], [1, 'Accounting-Response']]);
    expect(new Set(result.exchanges.map((e) => e.identifier)).size).toBeGreaterThan(1);
    // The last record may reach the file a moment after its reply (seen once in CI with three of four there): read until all are in, for up to 5 s.
    let detail = '';
    for (let tries = 0; tries < 50; tries++) {
      detail = fs.readFileSync(server.detailFile!, 'utf8');
      if ((detail.match(/Acct-Session-Id = "test-session-1"/g) ?? []).length >= 4) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(detail.match(/Acct-Session-Id = "test-session-1"/g)).toHaveLength(4);
    expect(detail).toContain('Acct-Input-Octets = 1234');
  });

  it("given the load generator's pre-encoded requests, then FreeRADIUS accepts every Access-Request and answers every Accounting-Request, with replies that verify", async () => {
    const common = { address: '127.0.0.1', secret, users: 50, slots: 8, sockets: 2, processes: 1, warmupSeconds: 0.2, seconds: 0.5, rate: null, poolRequests: 3000, timeoutMs: 1000, verifyEvery: 1, runId: 'test', eventTime: 1_800_000_000 };
    const auth = await runLoad({ ...common, kind: 'auth', port: server.authPort, serverPid: server.child.pid });
    expect(auth.completed).toBeGreaterThan(0);
    expect(auth).toMatchObject({ expected: auth.completed, unexpected: {}, lost: 0, unmatched: 0, verifyFailures: 0, verified: auth.completed });
    const acct = await runLoad({ ...common, kind: 'acct', port: server.acctPort });
    expect(acct.completed).toBeGreaterThan(0);
    expect(acct).toMatchObject({ expected: acct.completed, unexpected: {}, lost: 0, verifyFailures: 0 });
    const detail = fs.readFileSync(server.detailFile!, 'utf8');
    expect(detail).toMatch(/Acct-Session-Id = "test-0"\n/);
    expect(detail).toContain(`User-Name = "${benchUserName(0)}"`);
  }, 60_000);
});

describe('load generator', () => {
  it('given the trivial echo server, when loaded closed-loop and at a fixed rate, then every request is answered once and counted', async () => {
    const echo = await startEchoServer('127.0.0.1');
    try {
      const common = { address: '127.0.0.1', port: echo.port, secret: 's', users: 10, slots: 4, sockets: 2, processes: 1, warmupSeconds: 0.1, seconds: 0.5, poolRequests: 1000, timeoutMs: 500, verifyEvery: 0, runId: 'echo', eventTime: 1_800_000_000 };
      const closed = await runLoad({ ...common, kind: 'auth', rate: null });
      expect(closed).toMatchObject({ lost: 0, unmatched: 0, unexpected: {}, expected: closed.completed });
      expect(closed.completed).toBeGreaterThan(100);
      const open = await runLoad({ ...common, kind: 'acct', rate: 1000 });
      // 1,000/s for 0.5 s: about 500 (the 1 ms ticks start and stop within a tick or two).
      expect(open.sent).toBeGreaterThan(400);
      expect(open.sent).toBeLessThan(600);
      expect(open).toMatchObject({ lost: 0, unmatched: 0, unexpected: {} });
    } finally {
      await echo.stop();
    }
  }, 60_000);
});

describe.skipIf(!radclientAvailable())(`bench:radius's billstream ${radclientAvailable() ? '' : `(skipped: ${RADCLIENT_SKIP_REASON})`}`, () => {
  const secret = 'bench-test-secret';
  let dir: string;
  let server: BillstreamRadius;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-radius-billstream-'));
    prepareBillstreamData(path.join(dir, 'data'), path.join(dir, 'input'), 3, secret);
    server = await startBillstreamRadius(path.join(dir, 'data'));
  }, 240_000);
  afterAll(async () => {
    await server?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it("given the benchmark's imports, when a benchmark user logs in, then billstream accepts with exactly the reply FreeRADIUS is configured to give", async () => {
    const exchange = await radtest({ port: server.authPort }, secret, benchUserName(1), benchUserPassword(1));
    expect(exchange.reply?.code).toBe('Access-Accept');
    const { 'Message-Authenticator': _signature, ...attributes } = exchange.reply!.attributes;
    expect(attributes).toEqual(benchReply(1));
    expect(attributes.Class).toBe(`0x${benchClassHex(1)}`);
  });

  it("given the load generator's accounting sessions, then billstream answers each after storing its events", async () => {
    const dataDir = path.join(dir, 'data');
    const before = storedEvents(dataDir);
    const result = await runLoad({
      kind: 'acct', address: '127.0.0.1', port: server.acctPort, secret, users: 3, slots: 4, sockets: 2, processes: 1, warmupSeconds: 0, seconds: 1, rate: null,
      poolRequests: 3000, timeoutMs: 5000, verifyEvery: 1, runId: 'test', eventTime: Math.floor(Date.now() / 1000), classes: [0, 1, 2].map(benchClassHex),
    });
    expect(result.completed).toBeGreaterThan(0);
    expect(result).toMatchObject({ lost: 0, unexpected: {}, verifyFailures: 0 });
    const added = eventsAdded(before, storedEvents(dataDir));
    // Every answered request was stored before its answer: a Start opens a session, an interim or Stop reports usage.
    expect(added.total).toBeGreaterThanOrEqual(result.completed);
  }, 120_000);
});
