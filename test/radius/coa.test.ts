/** The RFC 5176 client against a NAS stand-in on a real UDP socket (test/support/coa-nas.ts). */
import { afterEach, describe, expect, it } from 'vitest';
import { bundledDictionary } from '../../src/radius/codec/dictionary-files.ts';
import { attribute } from '../../src/radius/codec/attributes.ts';
import { encodeReply } from '../../src/radius/codec/crypto.ts';
import { RADIUS_CODES } from '../../src/radius/codec/packet.ts';
import { sendCoaRequest, sendDisconnectRequest, type SessionIdentity } from '../../src/radius/coa.ts';
import { startCoaNas, type CoaNas } from '../support/coa-nas.ts';

const secret = Buffer.from('coa-shared-secret');
const session: SessionIdentity = { userName: 'anna.kovacs@isp.example', acctSessionId: '8100000A', framedIp: '10.20.30.40', callingStationId: '00-1A-2B-3C-4D-5E' };
const eventTimestamp = 1_780_000_000;
const quick = { timeoutMs: 150, eventTimestamp };

describe('RFC 5176 client', () => {
  let nas: CoaNas | undefined;
  afterEach(async () => {
    await nas?.close();
    nas = undefined;
  });

  it('sends a Disconnect-Request to port 3799 naming the NAS and the session, authentic with the shared secret, and reads the ACK', async () => {
    nas = await startCoaNas(secret);
    const result = await sendDisconnectRequest({ address: nas.address, secret }, session, { eventTimestamp, identifier: 77 });
    expect(result).toEqual({ outcome: 'ack', attempts: 1, ignored: 0 });
    expect(nas.port).toBe(3799);
    expect(nas.received).toHaveLength(1);
    expect(nas.received[0]).toMatchObject({ code: RADIUS_CODES.DisconnectRequest, identifier: 77, authentic: true });
    expect(nas.received[0]!.attributes).toEqual({
      'NAS-IP-Address': nas.address, 'User-Name': 'anna.kovacs@isp.example', 'Acct-Session-Id': '8100000A', 'Framed-IP-Address': '10.20.30.40',
      'Calling-Station-Id': '00-1A-2B-3C-4D-5E', 'Event-Timestamp': eventTimestamp,
    });
  });

  it('leaves out what the session did not report', async () => {
    nas = await startCoaNas(secret);
    await sendDisconnectRequest({ address: nas.address, secret }, { userName: 'x', acctSessionId: 'S1', framedIp: null, callingStationId: null }, quick);
    expect(Object.keys(nas.received[0]!.attributes)).toEqual(['NAS-IP-Address', 'User-Name', 'Acct-Session-Id', 'Event-Timestamp']);
  });

  it('reads a NAK with its Error-Cause, by number and name', async () => {
    nas = await startCoaNas(secret);
    nas.otherwise = { nak: 503 };
    expect(await sendDisconnectRequest({ address: nas.address, secret }, session, quick))
      .toEqual({ outcome: 'nak', errorCause: 503, errorCauseName: 'Session-Context-Not-Found', attempts: 1, ignored: 0 });
  });

  it('retransmits the same datagram when no reply comes, and gives up after three tries', async () => {
    nas = await startCoaNas(secret);
    nas.otherwise = 'silent';
    const started = performance.now();
    expect(await sendDisconnectRequest({ address: nas.address, secret }, session, quick)).toEqual({ outcome: 'timeout', attempts: 3, ignored: 0 });
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(3 * 150 - 5);
    expect(elapsed).toBeLessThan(3 * 150 + 1000);
    expect(nas.received).toHaveLength(3);
    expect(nas.received[1]!.datagram.equals(nas.received[0]!.datagram)).toBe(true);
    expect(nas.received[2]!.datagram.equals(nas.received[0]!.datagram)).toBe(true);
  });

  it('takes the reply to a retransmission', async () => {
    nas = await startCoaNas(secret);
    nas.answers = ['silent'];
    expect(await sendDisconnectRequest({ address: nas.address, secret }, session, quick)).toEqual({ outcome: 'ack', attempts: 2, ignored: 0 });
  });

  it('ignores a reply signed with another secret, with another identifier or of the wrong kind, and waits for the real one', async () => {
    nas = await startCoaNas(secret);
    const forgeries = [
      (request: Parameters<NonNullable<CoaNas['before']>>[0]) => encodeReply(request, RADIUS_CODES.DisconnectNak, [], Buffer.from('not-the-secret')),
      (request: Parameters<NonNullable<CoaNas['before']>>[0]) => encodeReply({ ...request, identifier: (request.identifier + 1) % 256 }, RADIUS_CODES.DisconnectNak, [], secret),
      (request: Parameters<NonNullable<CoaNas['before']>>[0]) => encodeReply(request, RADIUS_CODES.CoaNak, [], secret),
    ];
    for (const forge of forgeries) {
      nas.before = forge;
      nas.received.length = 0;
      expect(await sendDisconnectRequest({ address: nas.address, secret }, session, quick)).toEqual({ outcome: 'ack', attempts: 1, ignored: 1 });
    }
  });

  it('gets no reply from a NAS that does not know the secret: it drops the request', async () => {
    nas = await startCoaNas(secret);
    expect(await sendDisconnectRequest({ address: nas.address, secret: Buffer.from('wrong') }, session, { ...quick, tries: 2 })).toEqual({ outcome: 'timeout', attempts: 2, ignored: 0 });
    expect(nas.received.map((r) => r.authentic)).toEqual([false, false]);
  });

  it('sends a CoA-Request with the new authorization, over IPv6 and another port', async () => {
    nas = await startCoaNas(secret, { address: '::1', port: 0 });
    const dictionary = bundledDictionary();
    const result = await sendCoaRequest({ address: '::1', port: nas.port, secret }, session, [attribute(dictionary, 'Session-Timeout', 600)], quick);
    expect(result).toEqual({ outcome: 'ack', attempts: 1, ignored: 0 });
    expect(nas.received[0]).toMatchObject({ code: RADIUS_CODES.CoaRequest, authentic: true });
    expect(nas.received[0]!.attributes).toMatchObject({ 'NAS-IPv6-Address': '::1', 'Session-Timeout': 600 });
  });

  it('reports a datagram the network refuses as an error outcome, not a crash', async () => {
    // Broadcast without SO_BROADCAST: the system refuses the send (EACCES).
    const result = await sendDisconnectRequest({ address: '255.255.255.255', secret }, session, quick);
    expect(result).toMatchObject({ outcome: 'error', attempts: 1, detail: expect.stringMatching(/EACCES/) });
  });

  it('refuses what it cannot send: an address that is no IP, a port, tries or a timeout out of bounds', async () => {
    const peer = { address: '127.0.0.1', secret };
    await expect(sendDisconnectRequest({ address: 'nas.example', secret }, session, quick)).rejects.toThrow('the NAS address "nas.example" is not an IP address');
    await expect(sendDisconnectRequest({ ...peer, port: 70000 }, session, quick)).rejects.toThrow('port 70000 is not 1..65535');
    await expect(sendDisconnectRequest(peer, session, { ...quick, tries: 0 })).rejects.toThrow('tries 0 is not 1..10');
    await expect(sendDisconnectRequest(peer, session, { ...quick, timeoutMs: 600_000 })).rejects.toThrow('timeout 600000 ms is not 1..60000');
  });
});
