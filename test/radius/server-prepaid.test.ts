/**
 * A prepaid call card through the RADIUS server, driven by radclient as a VoIP gateway would:
 * the PIN as User-Name, the dialled number as Called-Station-Id; the Access-Accept gives the
 * call's time from the balance and the destination's rate (Session-Timeout and Cisco's
 * h323-credit-time) and a Class naming the card and its reservation, which the gateway's
 * accounting brings back so the call is debited; a repeated Stop debits once, and accounting
 * signed with another secret is not answered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Billstream } from '../../src/main.ts';
import { saveNas } from '../../src/app/radius/nas.ts';
import { createCardBatch } from '../../src/app/prepaid/batches.ts';
import { activateCard, readCard } from '../../src/app/prepaid/cards.ts';
import { findAuthLog } from '../../src/app/radius/auth-log.ts';
import { startRadiusServer, type RadiusServer } from '../../src/radius/server.ts';
import { openPrepaidBillstream } from '../support/prepaid.ts';
import { radclient, radclientAvailable, radtest, RADCLIENT_SKIP_REASON } from '../support/radclient.ts';

const SECRET = 'voip-gw-secret';
const context = (commandId: string) => ({ commandId, actor: 'test' });

describe.skipIf(!radclientAvailable())(`prepaid cards through the RADIUS server${radclientAvailable() ? '' : ` (skipped: ${RADCLIENT_SKIP_REASON})`}`, () => {
  let billstream: Billstream;
  let server: RadiusServer;
  let pin: string;
  let cardId: string;
  const auth = () => ({ address: '127.0.0.1', port: server.authPort });
  const acct = () => ({ address: '127.0.0.1', port: server.acctPort });

  beforeAll(async () => {
    ({ billstream } = await openPrepaidBillstream());
    const { cards } = await createCardBatch(billstream, { name: 'Calling cards', count: 2, faceValue: '10.00', currency: 'EUR', tariffId: 'PREPAID-EUR', expiry: { daysAfterActivation: 30 } }, context('batch'));
    pin = cards[0]!.pin;
    cardId = cards[0]!.cardId;
    await activateCard(billstream, cardId, context('activate'));
    await saveNas(billstream, { type: 'Register', id: 'VOIP-GW', details: { name: 'VoIP gateway', address: '127.0.0.1', secret: '', requireMessageAuthenticator: 'yes', clearSecret: SECRET } }, context('nas'));
    await billstream.catchUp();
    billstream.startProcessing();
    server = await startRadiusServer(billstream, { address: '127.0.0.1', authPort: 0, acctPort: 0, log: () => {} });
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
    const sessionClass = Buffer.from(reply.attributes.Class!.replace(/^0x/, ''), 'hex').toString();
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

    // The support log is written in batches a moment after the reply.
    let log = await findAuthLog(billstream, { userName: pin });
    for (const start = Date.now(); log.items.length === 0 && Date.now() - start < 5000; log = await findAuthLog(billstream, { userName: pin })) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(log.items[0]).toMatchObject({ result: 'accept', cardId, calledStationId: '3612345678', servicePointId: null });
  });

  it('refuses a wrong PIN as an unknown user and a card with no rate for the number', async () => {
    expect((await radtest(auth(), SECRET, '000000000000', '000000000000', { attributes: { 'Called-Station-Id': '3612345678' } })).reply?.attributes['Reply-Message']).toBe('Authentication failed');
    const noRate = await radtest(auth(), SECRET, pin, pin, { attributes: { 'Called-Station-Id': '4420123456', 'Acct-Session-Id': 'call-2' } });
    expect(noRate.reply?.code).toBe('Access-Reject');
    expect(noRate.reply!.attributes['Reply-Message']).toBe('Prepaid card refused (no-rate)');
    expect(server.counters.of('VOIP-GW').rejectReasons.get('unknown-user')).toBe(1);
  });

  it('drops accounting signed with another secret, unanswered and counted', async () => {
    const result = await radclient(acct(), 'not-the-secret', 'acct', { 'User-Name': pin, 'Acct-Session-Id': 'call-9', 'Acct-Status-Type': 'Start', 'NAS-IP-Address': '127.0.0.1' }, { timeout: 1 });
    expect(result.exchanges[0]!.reply).toBeNull();
    expect(server.counters.of('VOIP-GW').drops.get('bad-authenticator')).toBe(1);
  });
});
