/**
 * The dynamic-authorization saga end to end: sessions opened through RADIUS accounting, a NAS
 * registered with its secret, a NAS stand-in on a real UDP socket at the NAS's address (a random
 * 127.x.y.z, so the default port 3799 is used as in production), and the saga run as `serve`
 * runs it (a checkpointed consumer). What a support person relies on: the Disconnect-Request
 * reaches the NAS naming the session, the NAS's answer is recorded, and nothing is sent twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Temporal } from 'temporal-polyfill';
import type { Billstream } from '../../src/main.ts';
import request from 'supertest';
import { ManualClock } from '../../src/core/clock.ts';
import { createApp } from '../../src/api/app.ts';
import { bootstrapAdminKey } from '../../src/app/api-keys/service.ts';
import { CheckpointedConsumer } from '../../src/processing/checkpointed-consumer.ts';
import { saveNas } from '../../src/app/radius/nas.ts';
import { RadiusAccounting } from '../../src/app/radius/accounting.ts';
import type { AccountingInput } from '../../src/radius/accounting.ts';
import { encodeClass } from '../../src/radius/class.ts';
import { cardSessionKey, radiusSessionId } from '../../src/domain/radius-session/events.ts';
import { createCardBatch } from '../../src/app/prepaid/batches.ts';
import { activateCard, blockCard } from '../../src/app/prepaid/cards.ts';
import { authorizeCard } from '../../src/app/prepaid/realtime.ts';
import { blockServicePoint, unblockServicePoint } from '../../src/app/crm/service-point-blocking.ts';
import { changeClientStatus } from '../../src/app/crm/commands.ts';
import { disconnectCauseOf, disconnectSessions, dynamicAuthorizationStream } from '../../src/app/radius/dynamic-authorization.ts';
import fs from 'node:fs';
import path from 'node:path';
import { importTariffs } from '../../src/import/tariffs.ts';
import { importCsvEntities } from '../../src/import/bulk.ts';
import { CSV_IMPORTS } from '../../src/import/crm-files.ts';
import { readCsv, textSource } from '../../src/import/csv.ts';
import { temporaryDataDir } from '../support/billstream.ts';
import { streams } from '../../src/domain/streams.ts';
import { dynamicAuthorizationSaga } from '../../sagas/dynamic-authorization.saga.ts';
import { RADIUS_CODES } from '../../src/radius/codec/packet.ts';
import { openTestBillstream } from '../support/billstream.ts';
import { importCrmExamples } from '../support/crm-examples.ts';
import { startCoaNas, type CoaNas } from '../support/coa-nas.ts';
import { openPrepaidBillstream } from '../support/prepaid.ts';

const SECRET = 'nas-shared-secret-1';
const ADMIN = 'coa-admin-key-0123456789';
const context = (commandId: string) => ({ commandId, actor: 'test' });

describe('dynamic authorization saga (RFC 5176 Disconnect-Request)', () => {
  let billstream: Billstream;
  let nas: CoaNas;
  let accounting: RadiusAccounting;
  let sessions = 0;
  const clock = ManualClock.at('2026-03-02T10:00:00Z');

  /** The saga as `serve` runs it: a consumer with its checkpoint; a short timeout keeps the test quick. */
  const saga = () => new CheckpointedConsumer(billstream, dynamicAuthorizationSaga(billstream, { timeoutMs: 200 }), { owner: 'test' });
  const runSaga = async () => saga().waitFor();

  /** A session started through accounting, as the NAS's Accounting-Request Start makes it. */
  async function startSession(servicePointId: string, subscriptionId: string, userName: string, from: { nasId: string; nasAddress: string | null } = { nasId: 'NAS-1', nasAddress: nas.address }): Promise<string> {
    const acctSessionId = `8100${String(++sessions).padStart(4, '0')}`;
    const input: AccountingInput = {
      nasId: from.nasId, nasAddress: from.nasAddress, statusType: 'Start', userName, acctSessionId, eventTimestamp: null, sessionTime: 0, delaySeconds: 0, inputOctets: 0n, outputOctets: 0n,
      gigawords: true, classValue: encodeClass({ servicePointId, subscriptionId }), owner: { servicePointId, subscriptionId }, calledStationId: null, callingStationId: '00-1A-2B-3C-4D-5E', framedIp: `10.0.0.${sessions}`,
      terminateCause: null, interimInterval: 300,
    };
    await accounting.record(input, Temporal.Instant.from(clock.now().toString()));
    await billstream.catchUp();
    return radiusSessionId(from.nasId, acctSessionId, userName);
  }

  const outcomes = async (sessionId: string) => (await billstream.eventStore.readStream(dynamicAuthorizationStream(sessionId))).map((e) => ({ type: e.type, ...(e.data as object) }));

  beforeAll(async () => {
    billstream = await openTestBillstream({ clock, adminKey: ADMIN });
    await bootstrapAdminKey(billstream);
    await importCrmExamples(billstream);
    nas = await startCoaNas(Buffer.from(SECRET));
    await saveNas(billstream, { type: 'Register', id: 'NAS-1', details: { name: 'BRAS Budapest', address: nas.address, secret: '', requireMessageAuthenticator: 'yes', clearSecret: SECRET } }, context('nas-1'));
    accounting = new RadiusAccounting(billstream);
    await billstream.catchUp();
  });
  afterAll(async () => {
    await nas.close();
    await billstream.close();
  });

  it('disconnects the open session of a blocked service point: the NAS gets the session\'s attributes, signed, and its ACK is recorded', async () => {
    const sessionId = await startSession('SP-0001', 'S-0001', 'anna.kovacs@isp.example');
    nas.received.length = 0;
    nas.otherwise = 'ack';
    clock.advance({ minutes: 1 });
    await blockServicePoint(billstream, 'SP-0001', 'Fraud suspected: ticket 4711', context('block-1'));
    // As `serve` runs it: among the background processors.
    await billstream.catchUpDocuments();

    expect(nas.received).toHaveLength(1);
    expect(nas.received[0]).toMatchObject({ code: RADIUS_CODES.DisconnectRequest, authentic: true });
    expect(nas.received[0]!.attributes).toEqual({
      'NAS-IP-Address': nas.address, 'User-Name': 'anna.kovacs@isp.example', 'Acct-Session-Id': '81000001', 'Framed-IP-Address': '10.0.0.1',
      'Calling-Station-Id': '00-1A-2B-3C-4D-5E', 'Event-Timestamp': Math.floor(Date.parse('2026-03-02T10:01:00Z') / 1000),
    });
    const recorded = await outcomes(sessionId);
    expect(recorded.map((e) => e.type)).toEqual(['RadiusDisconnectRequested', 'RadiusDisconnectSent']);
    expect(recorded[0]).toMatchObject({ nasId: 'NAS-1', nasAddress: nas.address, port: 3799, identifier: nas.received[0]!.identifier, servicePointId: 'SP-0001', cause: { kind: 'service-point-blocked', servicePointId: 'SP-0001' } });
    expect(recorded[1]).toMatchObject({ outcome: 'ack', errorCause: null, attempts: 1, userName: 'anna.kovacs@isp.example', acctSessionId: '81000001' });
  });

  it('sends nothing again when the saga runs from the start after a restart, nor for a session the NAS already ended', async () => {
    const before = nas.received.length;
    const replay = saga();
    await replay.rebuild();
    await runSaga();
    expect(nas.received.length).toBe(before);
  });

  it('shows support the requests and answers of a session over REST', async () => {
    const app = await createApp(billstream, { validateResponses: true });
    const auth = { Authorization: `Bearer ${ADMIN}` };
    const sessionId = radiusSessionId('NAS-1', '81000001', 'anna.kovacs@isp.example');
    const res = await request(app).get(`/radius/sessions/${sessionId}/disconnects`).set(auth).expect(200);
    expect(res.body.items.map((e: { type: string; data: { outcome?: string } }) => [e.type, e.data.outcome])).toEqual([['RadiusDisconnectRequested', undefined], ['RadiusDisconnectSent', 'ack']]);
    expect(res.body.items[1].metadata.actor).toBe('saga:dynamic-authorization');
    await request(app).get('/radius/sessions/no-such-session/disconnects').set(auth).expect(404);
  });

  it('records a NAK with its Error-Cause', async () => {
    const sessionId = await startSession('SP-0004', 'S-0008', 'zsofia.szabo@isp.example');
    nas.otherwise = { nak: 503 };
    await blockServicePoint(billstream, 'SP-0004', 'Abuse', context('block-4'));
    await runSaga();
    expect((await outcomes(sessionId))[1]).toMatchObject({ type: 'RadiusDisconnectSent', outcome: 'nak', errorCause: 503, errorCauseName: 'Session-Context-Not-Found', attempts: 1 });
  });

  it('retries a NAS that does not answer, then records the timeout', async () => {
    const sessionId = await startSession('SP-0005', 'S-0009', 'balint.toth@isp.example');
    nas.otherwise = 'silent';
    const before = nas.received.length;
    await blockServicePoint(billstream, 'SP-0005', 'Court order', context('block-5'));
    await runSaga();
    expect(nas.received.length - before).toBe(3);
    expect((await outcomes(sessionId))[1]).toMatchObject({ type: 'RadiusDisconnectSent', outcome: 'timeout', attempts: 3 });
  });

  it('disconnects the sessions of the service points of a suspended client, but not one its NAS already ended', async () => {
    nas.otherwise = 'ack';
    // C-0001 has SP-0001 (its session acknowledged a disconnect above) and SP-0002.
    const sessionId = await startSession('SP-0002', 'S-0005', '00:1A:2B:3C:4D:6F');
    const before = nas.received.length;
    await changeClientStatus(billstream, 'C-0001', 'suspended', 'unpaid invoices', context('suspend-1'));
    await runSaga();
    expect(nas.received.slice(before).map((r) => r.attributes['User-Name'])).toEqual(['00:1A:2B:3C:4D:6F']);
    expect((await outcomes(sessionId)).map((e) => [e.type, (e as { outcome?: string }).outcome])).toEqual([['RadiusDisconnectRequested', undefined], ['RadiusDisconnectSent', 'ack']]);
    expect((await outcomes(sessionId))[0]).toMatchObject({ cause: { kind: 'client-suspended', clientId: 'C-0001', status: 'suspended' } });
  });

  it('sends nothing for a block lifted before the saga got to it', async () => {
    const sessionId = await startSession('SP-0006', 'S-0011', '00:1A:2B:3C:4D:7A');
    const before = nas.received.length;
    await blockServicePoint(billstream, 'SP-0006', 'Fraud', context('block-6'));
    await unblockServicePoint(billstream, 'SP-0006', 'mistaken identity', context('unblock-6'));
    await runSaga();
    expect(nas.received.length).toBe(before);
    expect(await outcomes(sessionId)).toEqual([]);
  });

  it('sends to a NAS registered as an address range at the address its session reported from, and records why when that is unknown', async () => {
    // A second NAS stand-in, registered by the /24 block it is in (BRAS pools are often registered so).
    const rangeNas = await startCoaNas(Buffer.from('range-secret-22'));
    try {
      const block = `${rangeNas.address.split('.').slice(0, 3).join('.')}.0/24`;
      await saveNas(billstream, { type: 'Register', id: 'NAS-R', details: { name: 'BRAS pool', address: block, secret: '', requireMessageAuthenticator: 'yes', clearSecret: 'range-secret-22' } }, context('nas-r'));
      await billstream.catchUp();
      const reported = await startSession('SP-0008', 'S-0015', 'gabor.kiss@isp.example', { nasId: 'NAS-R', nasAddress: rangeNas.address });
      // A session recorded without its source (as before billstream kept it): no address to send to.
      const unknown = await startSession('SP-0008', 'S-0015', 'gabor.kiss.2@isp.example', { nasId: 'NAS-R', nasAddress: null });
      const session = await request(await createApp(billstream, { validateResponses: true })).get(`/radius/sessions/${reported}`).set({ Authorization: `Bearer ${ADMIN}` }).expect(200);
      expect(session.body.nasAddress).toBe(rangeNas.address);
      rangeNas.otherwise = 'ack';
      await blockServicePoint(billstream, 'SP-0008', 'Fraud', context('block-8'));
      await runSaga();
      expect(rangeNas.received.map((r) => [r.authentic, r.attributes['NAS-IP-Address'], r.attributes['User-Name']])).toEqual([[true, rangeNas.address, 'gabor.kiss@isp.example']]);
      expect((await outcomes(reported)).map((e) => [e.type, (e as { outcome?: string }).outcome, (e as { nasAddress?: string }).nasAddress])).toEqual([
        ['RadiusDisconnectRequested', undefined, rangeNas.address], ['RadiusDisconnectSent', 'ack', undefined],
      ]);
      expect(await outcomes(unknown)).toMatchObject([{ type: 'RadiusDisconnectNotSent', reason: 'nas-address-is-a-range', nasAddress: block }]);
    } finally {
      await rangeNas.close();
    }
  });

  it('never sends again a request recorded before the process stopped: it is marked interrupted', async () => {
    const sessionId = await startSession('SP-0007', 'S-0013', 'adam.molnar@isp.example');
    await blockServicePoint(billstream, 'SP-0007', 'Fraud', context('block-7'));
    await billstream.catchUp();
    // The process stops while the datagram is on its way: the request is recorded, its outcome is not.
    const [blocked] = (await billstream.eventStore.readStream(streams.servicePoint('SP-0007'))).filter((e) => e.type === 'ServicePointBlocked');
    const crash = () => Promise.reject(new Error('process stopped'));
    await expect(disconnectSessions(billstream, disconnectCauseOf(blocked!)!, blocked!, { send: crash, port: 3799 })).rejects.toThrow('process stopped');
    const before = nas.received.length;
    await runSaga();
    expect(nas.received.length).toBe(before);
    expect((await outcomes(sessionId)).map((e) => [e.type, (e as { outcome?: string }).outcome])).toEqual([['RadiusDisconnectRequested', undefined], ['RadiusDisconnectSent', 'interrupted']]);
  });
});

describe('dynamic authorization of prepaid card sessions', () => {
  let billstream: Billstream;
  let nas: CoaNas;
  let clock: ManualClock;

  beforeAll(async () => {
    ({ billstream, clock } = await openPrepaidBillstream());
    nas = await startCoaNas(Buffer.from(SECRET));
    await saveNas(billstream, { type: 'Register', id: 'NAS-1', details: { name: 'VoIP gateway', address: nas.address, secret: '', requireMessageAuthenticator: 'yes', clearSecret: SECRET } }, context('nas-1'));
    await billstream.catchUp();
  });
  afterAll(async () => {
    await nas.close();
    await billstream.close();
  });

  /** A call on a fresh 1.00 EUR card (0.05 EUR/min to 36: 1200 s), authorized and started as the server and accounting do. */
  async function cardCall(batchId: string, acctSessionId: string) {
    const { cards } = await createCardBatch(billstream, { name: batchId, count: 1, faceValue: '1.00', currency: 'EUR', tariffId: 'PREPAID-EUR', expiry: { daysAfterActivation: 30 } }, context(batchId));
    const card = cards[0]!;
    await activateCard(billstream, card.cardId, context(`activate-${batchId}`));
    const now = Temporal.Instant.from(clock.now().toString());
    const authorized = await authorizeCard(billstream, { pin: card.pin, password: Buffer.from(card.pin), calledNumber: '3612345678', service: 'voice', sessionKey: cardSessionKey('NAS-1', acctSessionId), at: now, interimSeconds: 60 });
    if (!authorized.accept) throw new Error(`card not authorized: ${authorized.reason}`);
    const owner = { cardId: card.cardId, reservationId: authorized.authorization.reservationId };
    const report = (statusType: 'Start' | 'Interim-Update', sessionTime: number): AccountingInput => ({
      // A report whose Class names a card is read without its User-Name (the PIN): src/radius/accounting.ts.
      nasId: 'NAS-1', nasAddress: nas.address, statusType, userName: null, acctSessionId, eventTimestamp: null, sessionTime, delaySeconds: 0, inputOctets: 0n, outputOctets: 0n, gigawords: true,
      classValue: encodeClass(owner), owner, calledStationId: '3612345678', callingStationId: '+3630111222', framedIp: null, terminateCause: null, interimInterval: 60,
    });
    const accounting = new RadiusAccounting(billstream);
    await accounting.record(report('Start', 0), now);
    await billstream.catchUp();
    return { card, sessionId: radiusSessionId('NAS-1', acctSessionId, `card:${card.serial}`), report, accounting };
  }

  it('disconnects a call when its card runs out of balance', async () => {
    const { card, sessionId, report, accounting } = await cardCall('B-1', 'CALL-1');
    clock.advance({ minutes: 20 });
    // 1200 s at 0.05 EUR/min: 1.00, the whole balance.
    await accounting.record(report('Interim-Update', 1200), Temporal.Instant.from(clock.now().toString()));
    await billstream.catchUp();
    const before = nas.received.length;
    await new CheckpointedConsumer(billstream, dynamicAuthorizationSaga(billstream, { timeoutMs: 200 }), { owner: 'test' }).waitFor();
    // The card's session goes by Acct-Session-Id: billstream does not keep the User-Name (the PIN) to send.
    expect(nas.received.slice(before).map((r) => [r.authentic, r.attributes['User-Name'], r.attributes['Acct-Session-Id'], r.attributes['Calling-Station-Id']])).toEqual([[true, undefined, 'CALL-1', '+3630111222']]);
    const recorded = (await billstream.eventStore.readStream(dynamicAuthorizationStream(sessionId))).map((e) => e.data as Record<string, unknown>);
    expect(recorded[1]).toMatchObject({ cardId: card.cardId, userName: `card:${card.serial}`, outcome: 'ack', cause: { kind: 'card-exhausted', cardId: card.cardId } });
    expect(JSON.stringify(recorded)).not.toContain(card.pin);
  });

  it('disconnects a call when its card is blocked', async () => {
    const { card, sessionId } = await cardCall('B-2', 'CALL-2');
    await blockCard(billstream, card.cardId, 'reported stolen', context('block-card'));
    await billstream.catchUp();
    const before = nas.received.length;
    await new CheckpointedConsumer(billstream, dynamicAuthorizationSaga(billstream, { timeoutMs: 200 }), { owner: 'test' }).waitFor();
    expect(nas.received.slice(before).map((r) => r.attributes['Acct-Session-Id'])).toEqual(['CALL-2']);
    const recorded = (await billstream.eventStore.readStream(dynamicAuthorizationStream(sessionId))).map((e) => e.data as Record<string, unknown>);
    expect(recorded[1]).toMatchObject({ outcome: 'ack', cause: { kind: 'card-blocked', cardId: card.cardId } });
  });
});

describe('dynamic authorization: CoA-Request when a running session\'s authorization changes', () => {
  let billstream: Billstream;
  let nas: CoaNas;
  let accounting: RadiusAccounting;
  let sessions = 0;
  const clock = ManualClock.at('2026-03-02T10:00:00Z');
  const tariffDir = temporaryDataDir('coa-tariffs-');
  const runSaga = () => new CheckpointedConsumer(billstream, dynamicAuthorizationSaga(billstream, { timeoutMs: 200 }), { owner: 'test' }).waitFor();
  const coaOutcomes = async (sessionId: string) => (await billstream.eventStore.readStream(dynamicAuthorizationStream(sessionId))).map((e) => ({ type: e.type, ...(e.data as object) }));

  /** Publishes a tariff version (as `billstream import tariffs` does). */
  async function publish(id: string, validFrom: string, radius: string, amount = '9000'): Promise<void> {
    const file = path.join(tariffDir, `${id}-${validFrom}-${amount}.yaml`);
    fs.writeFileSync(file, `id: ${id}\nname: ${id}\ncurrency: HUF\nvalidFrom: ${validFrom}\ncategory: internet\nrecurring:\n  - { code: NET, name: Internet, amount: "${amount}" }\nradius:\n${radius}`);
    expect((await importTariffs(billstream, file, { actor: 'test' })).errors).toEqual([]);
  }

  /** Publishes a tariff version with no radius section: no network access. */
  async function publishWithoutAccess(id: string, validFrom: string): Promise<void> {
    const file = path.join(tariffDir, `${id}-${validFrom}-none.yaml`);
    fs.writeFileSync(file, `id: ${id}\nname: ${id}\ncurrency: HUF\nvalidFrom: ${validFrom}\ncategory: internet\nrecurring:\n  - { code: NET, name: Internet, amount: "9000" }\n`);
    expect((await importTariffs(billstream, file, { actor: 'test' })).errors).toEqual([]);
  }

  async function subscribe(rows: string): Promise<void> {
    const spec = CSV_IMPORTS.subscriptions!;
    const summary = await importCsvEntities(billstream, () => readCsv(textSource(`subscription_id,service_point_id,tariff_id,start_date,end_date,quantity\n${rows}`), spec.columns), spec, { actor: 'test' });
    expect(summary.rejected).toBe(0);
  }

  async function startSession(servicePointId: string, subscriptionId: string, userName: string): Promise<string> {
    const acctSessionId = `C0A${String(++sessions).padStart(5, '0')}`;
    await accounting.record({
      nasId: 'NAS-1', nasAddress: nas.address, statusType: 'Start', userName, acctSessionId, eventTimestamp: null, sessionTime: 0, delaySeconds: 0, inputOctets: 0n, outputOctets: 0n,
      gigawords: true, classValue: encodeClass({ servicePointId, subscriptionId }), owner: { servicePointId, subscriptionId }, calledStationId: null, callingStationId: null, framedIp: '100.64.0.9',
      terminateCause: null, interimInterval: 300,
    }, Temporal.Instant.from(clock.now().toString()));
    await billstream.catchUp();
    return radiusSessionId('NAS-1', acctSessionId, userName);
  }

  beforeAll(async () => {
    billstream = await openTestBillstream({ clock });
    await importCrmExamples(billstream);
    await publish('NET-SLOW', '2025-01-01', '  rateLimit: { up: 2M, down: 10M }\n  framedPool: cgnat\n');
    await publish('NET-FAST', '2025-01-01', '  rateLimit: { up: 20M, down: 100M }\n  sessionTimeout: 86400\n  interimInterval: 600\n  framedPool: cgnat\n');
    await subscribe('S-NET-1,SP-0003,NET-SLOW,2025-02-01,,1\nS-NET-2,SP-0005,NET-SLOW,2026-01-20,,1\n');
    nas = await startCoaNas(Buffer.from(SECRET));
    await saveNas(billstream, { type: 'Register', id: 'NAS-1', details: { name: 'BRAS', address: nas.address, secret: '', requireMessageAuthenticator: 'yes', clearSecret: SECRET } }, context('nas-1'));
    accounting = new RadiusAccounting(billstream);
    await billstream.catchUp();
    await runSaga();
  });
  afterAll(async () => {
    await nas.close();
    await billstream.close();
  });

  it('sends the new tariff\'s reply attributes to the session of a subscription moved to another tariff, and records the ACK', async () => {
    const sessionId = await startSession('SP-0003', 'S-NET-1', 'coa.user.1@isp.example');
    const other = await startSession('SP-0005', 'S-NET-2', 'coa.user.2@isp.example');
    nas.received.length = 0;
    clock.advance({ minutes: 5 });
    await subscribe('S-NET-1,SP-0003,NET-FAST,2025-02-01,,1\n');
    await runSaga();

    expect(nas.received).toHaveLength(1);
    expect(nas.received[0]).toMatchObject({ code: RADIUS_CODES.CoaRequest, authentic: true });
    // The running session keeps its address: no Framed-Pool in a CoA.
    expect(nas.received[0]!.attributes).toEqual({
      'NAS-IP-Address': nas.address, 'User-Name': 'coa.user.1@isp.example', 'Acct-Session-Id': 'C0A00001', 'Framed-IP-Address': '100.64.0.9',
      'Event-Timestamp': Math.floor(Date.parse('2026-03-02T10:05:00Z') / 1000),
      'Session-Timeout': 86400, 'Acct-Interim-Interval': 600, 'Mikrotik-Rate-Limit': '20M/100M', 'WISPr-Bandwidth-Max-Up': 20_000_000, 'WISPr-Bandwidth-Max-Down': 100_000_000,
      'ChilliSpot-Bandwidth-Max-Up': 20_000, 'ChilliSpot-Bandwidth-Max-Down': 100_000,
    });
    const recorded = await coaOutcomes(sessionId);
    expect(recorded.map((e) => e.type)).toEqual(['RadiusCoaRequested', 'RadiusCoaSent']);
    expect(recorded[0]).toMatchObject({
      nasAddress: nas.address, port: 3799, identifier: nas.received[0]!.identifier, subscriptionId: 'S-NET-1', tariffId: 'NET-FAST',
      cause: { kind: 'subscription-tariff-changed', subscriptionId: 'S-NET-1', tariffId: 'NET-FAST' },
      authorization: { rateLimit: { upBitsPerSecond: 20_000_000, downBitsPerSecond: 100_000_000 }, sessionTimeout: 86400, interimInterval: 600 },
    });
    expect(recorded[1]).toMatchObject({ outcome: 'ack', attempts: 1 });
    expect(await coaOutcomes(other)).toEqual([]);
  });

  it('sends a tariff\'s new radius section to its running sessions only when the version is in force today and says something else', async () => {
    const sessionId = await startSession('SP-0005', 'S-NET-2', 'coa.user.3@isp.example');
    const before = nas.received.length;
    clock.advance({ minutes: 5 });
    // Another price, the same radius section: the NAS has nothing to change.
    await publish('NET-SLOW', '2026-03-01', '  rateLimit: { up: 2M, down: 10M }\n  framedPool: cgnat\n', '9500');
    // A faster version from next month: it reaches sessions at their login then.
    await publish('NET-SLOW', '2026-04-01', '  rateLimit: { up: 4M, down: 40M }\n');
    await runSaga();
    expect(nas.received.length).toBe(before);

    clock.advance({ minutes: 5 });
    await publish('NET-SLOW', '2026-03-02', '  rateLimit: { up: 3M, down: 30M }\n');
    await runSaga();
    const sent = nas.received.slice(before);
    // Both running sessions of S-NET-2 (the one from the first test is still open).
    expect(sent.map((r) => [r.code, r.attributes['User-Name'], r.attributes['Mikrotik-Rate-Limit']]).sort()).toEqual([
      [RADIUS_CODES.CoaRequest, 'coa.user.2@isp.example', '3M/30M'], [RADIUS_CODES.CoaRequest, 'coa.user.3@isp.example', '3M/30M'],
    ]);
    expect((await coaOutcomes(sessionId))[0]).toMatchObject({ type: 'RadiusCoaRequested', cause: { kind: 'tariff-radius-changed', tariffId: 'NET-SLOW', validFrom: '2026-03-02' } });
  });

  it('disconnects instead the sessions of a subscription moved to a tariff without network access', async () => {
    await publishWithoutAccess('NET-NONE', '2025-01-01');
    const before = nas.received.length;
    clock.advance({ minutes: 5 });
    await subscribe('S-NET-1,SP-0003,NET-NONE,2025-02-01,,1\n');
    await runSaga();
    const sent = nas.received.slice(before);
    // The running session of S-NET-1; S-NET-2's are left alone.
    expect(sent.map((r) => [r.code, r.attributes['User-Name'], r.attributes['Acct-Session-Id'], r.authentic])).toEqual([
      [RADIUS_CODES.DisconnectRequest, 'coa.user.1@isp.example', 'C0A00001', true],
    ]);
    const recorded = await coaOutcomes(radiusSessionId('NAS-1', 'C0A00001', 'coa.user.1@isp.example'));
    expect(recorded.slice(-2)).toMatchObject([
      { type: 'RadiusDisconnectRequested', reason: 'tariff-without-network-access', cause: { kind: 'subscription-tariff-changed', subscriptionId: 'S-NET-1', tariffId: 'NET-NONE' } },
      { type: 'RadiusDisconnectSent', outcome: 'ack' },
    ]);
  });

  it('disconnects the sessions of a subscription whose period ends today, not of one that ends later', async () => {
    const before = nas.received.length;
    clock.advance({ minutes: 5 });
    await subscribe('S-NET-2,SP-0005,NET-SLOW,2026-01-20,2026-12-31,1\n');
    await runSaga();
    // Still active today: nothing to tell the NAS (and never a CoA for a period change).
    expect(nas.received.length).toBe(before);

    clock.advance({ minutes: 5 });
    await subscribe('S-NET-2,SP-0005,NET-SLOW,2026-01-20,2026-03-02,1\n');
    await runSaga();
    const sent = nas.received.slice(before);
    expect(sent.map((r) => [r.code, r.attributes['User-Name']]).sort()).toEqual([
      [RADIUS_CODES.DisconnectRequest, 'coa.user.2@isp.example'], [RADIUS_CODES.DisconnectRequest, 'coa.user.3@isp.example'],
    ]);
    const recorded = await coaOutcomes(radiusSessionId('NAS-1', 'C0A00002', 'coa.user.2@isp.example'));
    // The point keeps the examples' voice subscription, whose tariff has no network access.
    expect(recorded.at(-2)).toMatchObject({ type: 'RadiusDisconnectRequested', reason: 'tariff-without-network-access', cause: { kind: 'subscription-period-changed', subscriptionId: 'S-NET-2' } });
  });

  it('disconnects the sessions under a tariff whose version in force today takes network access away', async () => {
    await publish('NET-GONE', '2025-01-01', '  rateLimit: { up: 1M, down: 5M }\n');
    await subscribe('S-NET-3,SP-0005,NET-GONE,2026-03-01,,1\n');
    await billstream.catchUp();
    clock.advance({ minutes: 5 });
    const sessionId = await startSession('SP-0005', 'S-NET-3', 'coa.user.5@isp.example');
    const before = nas.received.length;
    clock.advance({ minutes: 5 });
    // From tomorrow only: the session keeps its access today.
    await publishWithoutAccess('NET-GONE', '2026-03-03');
    await runSaga();
    expect(nas.received.length).toBe(before);

    await publishWithoutAccess('NET-GONE', '2026-03-02');
    await runSaga();
    expect(nas.received.slice(before).map((r) => [r.code, r.attributes['User-Name']])).toEqual([[RADIUS_CODES.DisconnectRequest, 'coa.user.5@isp.example']]);
    expect((await coaOutcomes(sessionId)).map((e) => [e.type, (e as { cause?: { kind: string } }).cause?.kind])).toEqual([
      ['RadiusDisconnectRequested', 'tariff-radius-changed'], ['RadiusDisconnectSent', 'tariff-radius-changed'],
    ]);
  });

  it('sends nothing to a session that started after the change, nor again when the saga runs from the start', async () => {
    clock.advance({ minutes: 5 });
    await startSession('SP-0003', 'S-NET-1', 'coa.user.4@isp.example');
    const before = nas.received.length;
    const replay = new CheckpointedConsumer(billstream, dynamicAuthorizationSaga(billstream, { timeoutMs: 200 }), { owner: 'test' });
    await replay.rebuild();
    await replay.waitFor();
    expect(nas.received.length).toBe(before);
  });

  it('disconnects the sessions of every service point of a contract that ends today, its subscriptions open-ended', async () => {
    clock.advance({ minutes: 5 });
    const sessionId = await startSession('SP-0003', 'S-NET-1', 'coa.user.6@isp.example');
    const before = nas.received.length;
    clock.advance({ minutes: 5 });
    const spec = CSV_IMPORTS.contracts!;
    const k3 = 'contract_id,client_id,legal_entity_id,start_date,end_date,billing_cycle,cycle_anchor_day,currency,payment_terms_days,billing_start\nK-0003,C-0002,HU1,2025-02-01,2026-03-02,monthly,1,HUF,15,2026-01-01\n';
    expect((await importCsvEntities(billstream, () => readCsv(textSource(k3), spec.columns), spec, { actor: 'test' })).errors).toEqual([]);
    await runSaga();
    const sent = nas.received.slice(before).filter((r) => r.attributes['User-Name'] === 'coa.user.6@isp.example');
    expect(sent.map((r) => r.code)).toEqual([RADIUS_CODES.DisconnectRequest]);
    expect((await coaOutcomes(sessionId)).map((e) => [e.type, (e as { reason?: string }).reason, (e as { cause?: { kind: string } }).cause?.kind])).toEqual([
      ['RadiusDisconnectRequested', 'no-active-subscription', 'contract-period-changed'], ['RadiusDisconnectSent', 'no-active-subscription', 'contract-period-changed'],
    ]);
  });
});
