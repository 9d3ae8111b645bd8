/**
 * A prepaid call card through the RADIUS server, driven by radclient as a VoIP gateway would:
 * the PIN as User-Name, the dialled number as Called-Station-Id; the Access-Accept gives the
 * call's time from the balance and the destination's rate (Session-Timeout and Cisco's
 * h323-credit-time) and a Class naming the card and its reservation, which the gateway's
 * accounting brings back so the call is debited; a repeated Stop debits once, and accounting
 * signed with another secret is not answered.
 *
 * The PIN is the card's password: it is in no support log entry, no session, no event and no REST
 * answer; they name the card `card:<serial>`. A reservation is released at the Stop even when the
 * Access-Request had no Acct-Session-Id (found by the Class), and expires when no accounting comes.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Express } from 'express';
import type { Billstream } from '../../src/main.ts';
import type { ManualClock } from '../../src/core/clock.ts';
import { saveNas } from '../../src/app/radius/nas.ts';
import { createCardBatch } from '../../src/app/prepaid/batches.ts';
import { activateCard, cardSessions, readCard } from '../../src/app/prepaid/cards.ts';
import { AUTH_LOG, findAuthLog } from '../../src/app/radius/auth-log.ts';
import { createApp } from '../../src/api/app.ts';
import { bootstrapAdminKey } from '../../src/app/api-keys/service.ts';
import { cardStream } from '../../src/domain/prepaid/card.ts';
import { radiusSessionId } from '../../src/domain/radius-session/events.ts';
import { normalizeIdentifier } from '../../src/domain/service-point/identifiers.ts';
import { RADIUS_SESSIONS } from '../../projections/radius-sessions.projection.ts';
import { startRadiusServer, type RadiusServer } from '../../src/radius/server.ts';
import { MONDAY_PEAK, openPrepaidBillstream } from '../support/prepaid.ts';
import { radclient, radclientAvailable, radtest, RADCLIENT_SKIP_REASON } from '../support/radclient.ts';

const SECRET = 'voip-gw-secret';
const ADMIN = 'prepaid-radius-admin-key-0123456789';
const admin = { Authorization: `Bearer ${ADMIN}` };
const context = (commandId: string) => ({ commandId, actor: 'test' });

describe.skipIf(!radclientAvailable())(`prepaid cards through the RADIUS server${radclientAvailable() ? '' : ` (skipped: ${RADCLIENT_SKIP_REASON})`}`, () => {
  let billstream: Billstream;
  let clock: ManualClock;
  let app: Express;
  let server: RadiusServer;
  let cards: { cardId: string; serial: string; pin: string }[];
  let pin: string;
  let cardId: string;
  let serial: string;
  const auth = () => ({ address: '127.0.0.1', port: server.authPort });
  const acct = () => ({ address: '127.0.0.1', port: server.acctPort });
  const classOf = (reply: { attributes: Record<string, string> }) => Buffer.from(reply.attributes.Class!.replace(/^0x/, ''), 'hex').toString();
  /** Polls until `check` holds (the support log and the read models are written a moment after the reply). */
  async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
    let value = await read();
    for (const start = Date.now(); !check(value) && Date.now() - start < 5000; value = await read()) await new Promise((resolve) => setTimeout(resolve, 50));
    return value;
  }

  beforeAll(async () => {
    ({ billstream, clock } = await openPrepaidBillstream(MONDAY_PEAK, { adminKey: ADMIN }));
    await bootstrapAdminKey(billstream);
    ({ cards } = await createCardBatch(billstream, { name: 'Calling cards', count: 6, faceValue: '10.00', currency: 'EUR', tariffId: 'PREPAID-EUR', expiry: { daysAfterActivation: 30 }, serialPrefix: 'CC' }, context('batch')));
    ({ pin, cardId, serial } = cards[0]!);
    for (const card of cards) await activateCard(billstream, card.cardId, context(`activate-${card.cardId}`));
    await saveNas(billstream, { type: 'Register', id: 'VOIP-GW', details: { name: 'VoIP gateway', address: '127.0.0.1', secret: '', requireMessageAuthenticator: 'yes', clearSecret: SECRET } }, context('nas'));
    await billstream.catchUp();
    billstream.startProcessing();
    app = await createApp(billstream, { validateResponses: true });
    // The stale sweep (and with it the release of expired card reservations) looked for often: the test moves the clock.
    server = await startRadiusServer(billstream, { address: '127.0.0.1', authPort: 0, acctPort: 0, log: () => {}, staleSweepEveryMs: 50 });
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    await billstream?.close();
  });

  it('lets a card call a destination for as long as its balance pays (10.00 EUR at 0.05 EUR/min: 12,000 s), with the card and reservation in Class', async () => {
    const exchange = await radtest(auth(), SECRET, pin, pin, { attributes: { 'Called-Station-Id': '3612345678', 'Acct-Session-Id': 'call-1' } });
    expect(exchange.reply?.code).toBe('Access-Accept');
    const reply = exchange.reply!;
    expect(reply.attributes['Session-Timeout']).toBe('12000');
    expect(reply.attributes['h323-credit-time']).toBe('h323-credit-time=12000');
    const sessionClass = classOf(reply);
    expect(sessionClass).toMatch(new RegExp(`^bs1:card=${cardId};res=[A-Za-z0-9_.:-]+$`));

    // The gateway's accounting for the call: Start, then Stop after 2 minutes (0.10 EUR), the Stop sent twice.
    const common = { 'User-Name': pin, 'Acct-Session-Id': 'call-1', 'Called-Station-Id': '3612345678', 'NAS-IP-Address': '127.0.0.1', Class: reply.attributes.Class! };
    const result = await radclient(acct(), SECRET, 'acct', [
      { ...common, 'Acct-Status-Type': 'Start', 'Acct-Session-Time': 0 },
      { ...common, 'Acct-Status-Type': 'Stop', 'Acct-Session-Time': 120, 'Acct-Terminate-Cause': 'User-Request' },
      { ...common, 'Acct-Status-Type': 'Stop', 'Acct-Session-Time': 120, 'Acct-Terminate-Cause': 'User-Request' },
    ]);
    expect(result.exchanges.map((e) => e.reply?.code)).toEqual(['Accounting-Response', 'Accounting-Response', 'Accounting-Response']);
    await billstream.catchUp();
    expect((await readCard(billstream, cardId)).balance).toBe('9.90');
    expect(server.counters.of('VOIP-GW').accountingResponses).toBe(3);

    // The support log is written in batches a moment after the reply; the card is named by its serial, never its PIN.
    const log = await eventually(() => findAuthLog(billstream, { userName: `card:${serial}` }), (page) => page.items.length > 0);
    expect(log.items[0]).toMatchObject({ result: 'accept', userName: `card:${serial}`, cardId, calledStationId: '3612345678', servicePointId: null });
    expect((await findAuthLog(billstream, { userName: pin })).items).toEqual([]);
  });

  it('keeps the PIN out of the support log, the sessions, the events and the REST answers: the card is card:<serial>', async () => {
    // A wrong password for the card's PIN, and a user name of a PIN's form that is no card's.
    expect((await radtest(auth(), SECRET, pin, 'not-the-pin', { attributes: { 'Called-Station-Id': '3612345678', 'Acct-Session-Id': 'call-x' } })).reply?.code).toBe('Access-Reject');
    expect((await radtest(auth(), SECRET, '482913650274', '482913650274', { attributes: { 'Called-Station-Id': '3612345678' } })).reply?.code).toBe('Access-Reject');
    const logged = await eventually(() => findAuthLog(billstream, { limit: 100 }), (page) => page.items.some((e) => e.reason === 'wrong-password') && page.items.some((e) => e.userName === '********0274'));
    expect(logged.items.find((e) => e.reason === 'wrong-password')).toMatchObject({ result: 'reject', userName: `card:${serial}`, cardId });
    expect(logged.items.find((e) => e.userName === '********0274')).toMatchObject({ result: 'reject', reason: 'unknown-user', cardId: null });
    await billstream.catchUp();

    const sessionId = radiusSessionId('VOIP-GW', 'call-1', `card:${serial}`);
    const list = await request(app).get('/radius/sessions').set(admin).expect(200);
    expect(list.body.items).toEqual([expect.objectContaining({ id: sessionId, userName: `card:${serial}`, cardId, acctSessionId: 'call-1' })]);
    const detail = await request(app).get(`/radius/sessions/${sessionId}`).set(admin).expect(200);
    expect(detail.body).toMatchObject({ userName: `card:${serial}`, cardId, sessionTime: 120 });
    const authLog = await request(app).get('/radius/auth-log').query({ limit: 100 }).set(admin).expect(200);
    expect(authLog.body.items.filter((e: { cardId: string | null }) => e.cardId === cardId).map((e: { userName: string }) => e.userName)).toEqual([`card:${serial}`, `card:${serial}`]);
    const byReference = await request(app).get('/radius/auth-log').query({ userName: `card:${serial}` }).set(admin).expect(200);
    expect(byReference.body.items).toHaveLength(2);

    // Nowhere, in any notation: a 12-digit PIN would read as a MAC address where identifiers are normalized.
    const mac = normalizeIdentifier(pin);
    const forms = [pin, ...('value' in mac ? [mac.value] : [])];
    const stored = [
      JSON.stringify(await billstream.eventStore.readAll({ limit: 100_000 })),
      JSON.stringify(await billstream.readStore.find(AUTH_LOG, {}, { limit: 1000 })),
      JSON.stringify(await billstream.readStore.find(RADIUS_SESSIONS, {}, { limit: 1000 })),
      JSON.stringify([list.body, detail.body, authLog.body]),
    ];
    for (const text of stored) for (const form of forms) expect(text).not.toContain(form);
    expect(JSON.stringify(stored)).not.toContain('482913650274');
  });

  it('releases the reservation at the Stop when the Access-Request had no Acct-Session-Id (radtest sends none): the Class names it', async () => {
    const card = cards[1]!;
    // 10.00 at 0.05/min: 12000 s; the call holds one interval (0.05).
    const accept = await radtest(auth(), SECRET, card.pin, card.pin, { attributes: { 'Called-Station-Id': '3612345678' } });
    expect(accept.reply?.code).toBe('Access-Accept');
    expect(accept.reply!.attributes['Session-Timeout']).toBe('12000');
    const common = { 'User-Name': card.pin, 'Acct-Session-Id': 'gw-77', 'Called-Station-Id': '3612345678', 'NAS-IP-Address': '127.0.0.1', Class: accept.reply!.attributes.Class! };
    const result = await radclient(acct(), SECRET, 'acct', [
      { ...common, 'Acct-Status-Type': 'Start', 'Acct-Session-Time': 0 },
      { ...common, 'Acct-Status-Type': 'Stop', 'Acct-Session-Time': 60, 'Acct-Terminate-Cause': 'User-Request' },
    ]);
    expect(result.exchanges.map((e) => e.reply?.code)).toEqual(['Accounting-Response', 'Accounting-Response']);
    await billstream.catchUp();
    expect((await readCard(billstream, card.cardId)).balance).toBe('9.95');
    // One call, under the gateway's Acct-Session-Id, holding nothing now.
    expect((await cardSessions(billstream, card.cardId)).items).toEqual([
      expect.objectContaining({ sessionKey: 'VOIP-GW:gw-77', seconds: 60, cost: '0.05', reserved: '0.00', ended: true, reservationExpiresAt: null, expired: false }),
    ]);
    // The next call gets the whole 9.95: 11940 s (with 0.05 still held it would be 11880).
    const next = await radtest(auth(), SECRET, card.pin, card.pin, { attributes: { 'Called-Station-Id': '3612345678', 'Acct-Session-Id': 'gw-78' } });
    expect(next.reply!.attributes['Session-Timeout']).toBe('11940');
  });

  it('releases a reservation no accounting comes for, two interim intervals (at least 2 minutes) after the accept', async () => {
    const card = cards[2]!;
    // Data holds the whole available balance: while it is held, a call is refused as balance-exhausted.
    const data = await radtest(auth(), SECRET, card.pin, card.pin, { attributes: { 'Acct-Session-Id': 'lost-1' } });
    expect(data.reply?.code).toBe('Access-Accept');
    expect(classOf(data.reply!)).toMatch(/^bs1:card=/);
    const refused = await radtest(auth(), SECRET, card.pin, card.pin, { attributes: { 'Called-Station-Id': '3612345678', 'Acct-Session-Id': 'call-a' } });
    expect(refused.reply!.attributes['Reply-Message']).toBe('Prepaid card refused (balance-exhausted)');
    // No Start ever comes (the session was never set up): 2 minutes on, the call gets the whole 10.00.
    clock.advance({ seconds: 120 });
    const call = await radtest(auth(), SECRET, card.pin, card.pin, { attributes: { 'Called-Station-Id': '3612345678', 'Acct-Session-Id': 'call-b' } });
    expect(call.reply?.code).toBe('Access-Accept');
    expect(call.reply!.attributes['Session-Timeout']).toBe('12000');
    const events = await billstream.eventStore.readStream(cardStream(card.cardId));
    expect(events.filter((e) => e.type === 'CardReservationExpired').map((e) => e.data)).toEqual([expect.objectContaining({ sessionKey: 'VOIP-GW:lost-1', amount: '10.00' })]);
    await billstream.catchUp();
    expect((await cardSessions(billstream, card.cardId)).items.find((c) => c.sessionKey === 'VOIP-GW:lost-1')).toMatchObject({ reserved: '0.00', ended: true, expired: true, reservationExpiresAt: null });
    expect((await readCard(billstream, card.cardId)).balance).toBe('10.00');
  });

  it('releases it by the server\'s sweep too, when no other login of the card comes', async () => {
    const card = cards[3]!;
    const data = await radtest(auth(), SECRET, card.pin, card.pin, { attributes: { 'Acct-Session-Id': 'lost-2' } });
    expect(data.reply?.code).toBe('Access-Accept');
    await billstream.catchUp();
    const [pending] = (await cardSessions(billstream, card.cardId)).items;
    expect(pending).toMatchObject({ sessionKey: 'VOIP-GW:lost-2', reserved: '10.00', ended: false, expired: false, reservationExpiresAt: new Date(clock.now().epochMilliseconds + 120_000).toISOString() });
    // The sweep runs at most once a minute of the server's clock.
    clock.advance({ minutes: 3 });
    const swept = await eventually(async () => (await cardSessions(billstream, card.cardId)).items[0]!, (session) => session.expired);
    expect(swept).toMatchObject({ reserved: '0.00', ended: true, expired: true, reservationExpiresAt: null });
  });

  it('refuses a wrong PIN as an unknown user and a card with no rate for the number', async () => {
    const unknownBefore = server.counters.of('VOIP-GW').rejectReasons.get('unknown-user') ?? 0;
    expect((await radtest(auth(), SECRET, '000000000000', '000000000000', { attributes: { 'Called-Station-Id': '3612345678' } })).reply?.attributes['Reply-Message']).toBe('Authentication failed');
    const noRate = await radtest(auth(), SECRET, pin, pin, { attributes: { 'Called-Station-Id': '4420123456', 'Acct-Session-Id': 'call-2' } });
    expect(noRate.reply?.code).toBe('Access-Reject');
    expect(noRate.reply!.attributes['Reply-Message']).toBe('Prepaid card refused (no-rate)');
    expect(server.counters.of('VOIP-GW').rejectReasons.get('unknown-user')).toBe(unknownBefore + 1);
  });

  it('drops accounting signed with another secret, unanswered and counted', async () => {
    const result = await radclient(acct(), 'not-the-secret', 'acct', { 'User-Name': pin, 'Acct-Session-Id': 'call-9', 'Acct-Status-Type': 'Start', 'NAS-IP-Address': '127.0.0.1' }, { timeout: 1 });
    expect(result.exchanges[0]!.reply).toBeNull();
    expect(server.counters.of('VOIP-GW').drops.get('bad-authenticator')).toBe(1);
  });
});
