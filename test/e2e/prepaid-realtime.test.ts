/**
 * Prepaid cards end to end against a real embedded store: a batch is generated, cards are
 * activated, recharged and used by calls and data sessions through the real-time calls the
 * RADIUS server and accounting make. Every amount is computed by hand in the comments.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Temporal } from 'temporal-polyfill';
import { openPrepaidBillstream, MONDAY_PEAK } from '../support/prepaid.ts';
import { createCardBatch, type NewCardBatch } from '../../src/app/prepaid/batches.ts';
import { activateCard, blockCard, cardSessions, listCards, readCard, rechargeCard, unblockCard } from '../../src/app/prepaid/cards.ts';
import { authorizeCard, cardPassword, debitCard } from '../../src/app/prepaid/realtime.ts';
import { cardStream } from '../../src/domain/prepaid/card.ts';
import { CardRefusedError } from '../../src/domain/prepaid/card.ts';
import { ValidationError } from '../../src/core/errors.ts';
import type { Billstream } from '../../src/main.ts';

let open: Billstream[] = [];
afterEach(async () => {
  for (const billstream of open) await billstream.close();
  open = [];
});

const context = (commandId: string) => ({ commandId, actor: 'test' });
const at = (iso: string) => Temporal.Instant.from(iso);
const terms = (extra: Partial<NewCardBatch> = {}): NewCardBatch => ({ name: 'Test cards', count: 3, faceValue: '10.00', currency: 'EUR', tariffId: 'PREPAID-EUR', expiry: { daysAfterActivation: 30 }, ...extra });

async function setUp(extra: Partial<NewCardBatch> = {}) {
  const { billstream, clock } = await openPrepaidBillstream();
  open.push(billstream);
  const { batch, cards } = await createCardBatch(billstream, terms(extra), context('batch-1'));
  await billstream.catchUp();
  return { billstream, clock, batch, cards };
}

async function activeCard(billstream: Billstream, cardId: string) {
  await activateCard(billstream, cardId, context(`activate-${cardId}`));
}

const call = (pin: string, sessionKey: string, calledNumber: string, interimSeconds = 60, when = MONDAY_PEAK) => ({
  pin, password: Buffer.from(pin), calledNumber, service: 'voice' as const, sessionKey, at: at(when), interimSeconds,
});

describe('a batch of cards', () => {
  it('is generated with unique PINs of the asked length, serials, the face value as balance, and no PIN stored anywhere', async () => {
    const { billstream, batch, cards } = await setUp({ count: 200, pinLength: 14, serialPrefix: 'XM' });
    expect(cards).toHaveLength(200);
    expect(new Set(cards.map((c) => c.pin)).size).toBe(200);
    for (const card of cards) expect(card.pin).toMatch(/^\d{14}$/);
    expect(cards[0]!.serial).toBe('XM0001');
    expect(cards[199]!.serial).toBe('XM0200');
    const page = await listCards(billstream, { batchId: batch.batchId, limit: 1000 });
    expect(page.items).toHaveLength(200);
    expect(page.items.every((c) => c.balance === '10.00' && c.status === 'created' && c.currency === 'EUR')).toBe(true);
    const events = await billstream.eventStore.readAll({ limit: 5000 });
    const stored = JSON.stringify(events);
    for (const card of cards.slice(0, 20)) expect(stored).not.toContain(card.pin);
  });

  it('refuses bad terms with each field named', async () => {
    const { billstream } = await setUp();
    const attempt = (extra: Partial<NewCardBatch>) => createCardBatch(billstream, terms(extra), context(`bad-${JSON.stringify(extra)}`));
    await expect(attempt({ count: 0 })).rejects.toThrow(/count: 0 is not a whole number from 1 to 10000/);
    await expect(attempt({ faceValue: '10.005' })).rejects.toThrow(/faceValue: 10.005 has more decimals than EUR's 2/);
    await expect(attempt({ currency: 'XXX' })).rejects.toThrow(/currency/);
    await expect(attempt({ currency: 'HUF' })).rejects.toThrow(/tariffId: tariff PREPAID-EUR prices in EUR, the batch is in HUF/);
    await expect(attempt({ tariffId: 'NOPE' })).rejects.toThrow(/tariff NOPE does not exist/);
    await expect(attempt({ pinLength: 4 })).rejects.toThrow(/pinLength: 4/);
    await expect(attempt({ expiry: { onDate: '2026-02-30' } as never })).rejects.toThrow(/expiry/);
    await expect(attempt({ timeZone: 'Mars/Olympus' })).rejects.toThrow(/timeZone/);
  });
});

describe('authorization', () => {
  it('gives the longest call the balance pays for: 10.00 EUR at 0.05 EUR/min by 60/60 -> 12000 s, reserving one interim interval (0.05)', async () => {
    const { billstream, cards } = await setUp();
    await activeCard(billstream, cards[0]!.cardId);
    const result = await authorizeCard(billstream, call(cards[0]!.pin, 's1', '+36 1 234 5678'));
    expect(result).toEqual({ accept: true, authorization: expect.objectContaining({ cardId: cards[0]!.cardId, currency: 'EUR', sessionTimeoutSeconds: 12000, volumeQuotaBytes: null, reserved: '0.05', balance: '10.00' }) });
  });

  it('prices the dialled destination by its longest prefix and the band at the start: 3620 at 0.20 peak, 0.02 connect, 30/6 -> 2994 s', async () => {
    // (10.00 - 0.02) * 60 / 0.20 = 2994 billed seconds; 30 + floor((2994 - 30) / 6) * 6 = 2994.
    const { billstream, cards } = await setUp();
    await activeCard(billstream, cards[0]!.cardId);
    const peak = await authorizeCard(billstream, call(cards[0]!.pin, 'peak', '+36201234567'));
    expect(peak.accept && peak.authorization.sessionTimeoutSeconds).toBe(2994);
    // First interval: 60 s billed by 30 + 5 * 6 = 60 -> 0.02 + 60/60 * 0.20 = 0.22.
    expect(peak.accept && peak.authorization.reserved).toBe('0.22');
    // Its Start is reported (nothing to debit yet): the session's reservation holds until it stops, however long.
    await debitCard(billstream, { cardId: cards[0]!.cardId, sessionKey: 'peak', reportId: 'start', seconds: 0, bytes: 0n, calledNumber: '+36201234567', final: false, at: at('2026-12-07T10:00:20Z') });
    // Offpeak (Saturday): 0.10/min; the other session holds 0.22, so 9.78 is available: (9.78 - 0.02) * 60 / 0.10 = 5856.
    const offpeak = await authorizeCard(billstream, call(cards[0]!.pin, 'offpeak', '0036201234567', 60, '2026-12-12T10:00:00Z'));
    expect(offpeak.accept && offpeak.authorization.sessionTimeoutSeconds).toBe(5856);
  });

  it('gives a data session the bytes the balance pays for at the dearest tier: 10.00 EUR at 1.00 EUR/GiB -> 10 GiB', async () => {
    const { billstream, cards } = await setUp();
    await activeCard(billstream, cards[0]!.cardId);
    const result = await authorizeCard(billstream, { pin: cards[0]!.pin, password: null, calledNumber: null, service: 'data', sessionKey: 'd1', at: at(MONDAY_PEAK), interimSeconds: 300 });
    expect(result.accept && result.authorization.volumeQuotaBytes).toBe(10n * 1024n ** 3n);
    expect(result.accept && result.authorization.sessionTimeoutSeconds).toBe(null);
  });

  it('refuses with a reason: unknown PIN, wrong password, not activated, blocked, expired, no rate, no called number', async () => {
    const { billstream, clock, cards } = await setUp();
    const [first, second] = cards as [typeof cards[0], typeof cards[0]];
    expect(await authorizeCard(billstream, call('999999999999', 'x', '361'))).toEqual({ accept: false, reason: 'card-unknown' });
    expect(await authorizeCard(billstream, { ...call(first.pin, 'x', '361'), password: Buffer.from('not the pin') })).toEqual({ accept: false, reason: 'wrong-password', card: { cardId: first.cardId, reference: `card:${first.serial}` } });
    expect(await authorizeCard(billstream, call(first.pin, 'x', '361'))).toMatchObject({ accept: false, reason: 'card-not-active' });
    await activeCard(billstream, first.cardId);
    expect(await authorizeCard(billstream, call(first.pin, 'x', '+44 20 1234'))).toMatchObject({ accept: false, reason: 'no-rate' });
    expect(await authorizeCard(billstream, { ...call(first.pin, 'x', '361'), calledNumber: null })).toMatchObject({ accept: false, reason: 'no-called-number' });
    await blockCard(billstream, first.cardId, 'reported stolen', context('block'));
    expect(await authorizeCard(billstream, call(first.pin, 'x', '361'))).toMatchObject({ accept: false, reason: 'card-blocked' });
    await unblockCard(billstream, first.cardId, context('unblock'));
    expect(await authorizeCard(billstream, call(first.pin, 'y', '361'))).toMatchObject({ accept: true });
    // 30 days after activation at 2026-12-07T10:00Z (UTC batch): expired from 2027-01-06T10:00Z.
    await activeCard(billstream, second.cardId);
    expect((await readCard(billstream, second.cardId)).expiresAt).toBe('2027-01-06T10:00:00.000Z');
    expect(await authorizeCard(billstream, call(second.pin, 'z', '361', 60, '2027-01-06T09:59:59Z'))).toMatchObject({ accept: true });
    clock.advance({ hours: 30 * 24 });
    expect(await authorizeCard(billstream, call(second.pin, 'w', '361', 60, '2027-01-06T10:00:00Z'))).toMatchObject({ accept: false, reason: 'card-expired' });
    expect((await readCard(billstream, second.cardId)).status).toBe('expired');
    expect(await cardPassword(billstream, second.pin)).toEqual(Buffer.from(second.pin));
    expect(await cardPassword(billstream, '000')).toBe(null);
  });

  it('a reservation blocks a second concurrent session from the same balance until the first ends', async () => {
    const { billstream, cards } = await setUp();
    const card = cards[0]!;
    await activeCard(billstream, card.cardId);
    // No interim updates: the first call holds the whole 10.00.
    const [first, second] = await Promise.all([
      authorizeCard(billstream, call(card.pin, 'a', '361', 0)),
      authorizeCard(billstream, call(card.pin, 'b', '361', 0)),
    ]);
    const accepted = [first, second].filter((r) => r.accept);
    expect(accepted).toHaveLength(1);
    expect([first, second].find((r) => !r.accept)).toMatchObject({ accept: false, reason: 'balance-exhausted' });
    const winner = first.accept ? 'a' : 'b';
    // 120 s at 0.05/min = 0.10; the reservation is released: 9.90 left -> 11880 s.
    expect(await debitCard(billstream, { cardId: card.cardId, sessionKey: winner, reportId: 'stop', seconds: 120, bytes: 0n, calledNumber: '361', final: true, at: at('2026-12-07T10:02:00Z') })).toEqual({ balance: '9.90', exhausted: false, overdraft: '0.00' });
    const third = await authorizeCard(billstream, call(card.pin, 'c', '361', 0));
    expect(third.accept && third.authorization.sessionTimeoutSeconds).toBe(11880);
  });
});

describe('debits', () => {
  it('debit the increase of the session cost on interim and stop, once per report', async () => {
    const { billstream, cards } = await setUp();
    const card = cards[0]!;
    await activeCard(billstream, card.cardId);
    await authorizeCard(billstream, call(card.pin, 'm1', '+36201234567'));
    // 65 s: billed 30 + ceil(35/6) * 6 = 66 -> 0.02 + 66/60 * 0.20 = 0.24.
    const interim = { cardId: card.cardId, sessionKey: 'm1', reportId: 'r1', seconds: 65, bytes: 0n, calledNumber: '+36201234567', final: false, at: at('2026-12-07T10:01:05Z') };
    expect(await debitCard(billstream, interim)).toEqual({ balance: '9.76', exhausted: false, overdraft: '0.00' });
    expect(await debitCard(billstream, interim)).toEqual({ balance: '9.76', exhausted: false, overdraft: '0.00' });
    // 100 s: billed 30 + ceil(70/6) * 6 = 102 -> 0.02 + 0.34 = 0.36: 0.12 more.
    expect(await debitCard(billstream, { ...interim, reportId: 'stop', seconds: 100, final: true })).toEqual({ balance: '9.64', exhausted: false, overdraft: '0.00' });
    expect(await debitCard(billstream, { ...interim, reportId: 'stop', seconds: 100, final: true })).toEqual({ balance: '9.64', exhausted: false, overdraft: '0.00' });
    await billstream.catchUp();
    expect((await readCard(billstream, card.cardId)).balance).toBe('9.64');
    const history = await cardSessions(billstream, card.cardId);
    expect(history.items).toEqual([expect.objectContaining({ sessionKey: 'm1', service: 'voice', destination: 'Hungary mobile', calledNumber: '+36201234567', seconds: 100, cost: '0.36', ended: true, reserved: '0.00' })]);
    const debits = (await billstream.eventStore.readStream(cardStream(card.cardId))).filter((e) => e.type === 'CardDebited');
    expect(debits.map((e) => (e.data as { amount: string }).amount)).toEqual(['0.24', '0.12']);
  });

  it('data: 1 GiB at 1.00 EUR/GiB debits 1.00', async () => {
    const { billstream, cards } = await setUp();
    const card = cards[0]!;
    await activeCard(billstream, card.cardId);
    await authorizeCard(billstream, { pin: card.pin, password: null, calledNumber: null, service: 'data', sessionKey: 'd', at: at(MONDAY_PEAK), interimSeconds: 300 });
    expect(await debitCard(billstream, { cardId: card.cardId, sessionKey: 'd', reportId: 'i1', seconds: 300, bytes: 1024n ** 3n, calledNumber: null, final: false, at: at('2026-12-07T10:05:00Z') })).toEqual({ balance: '9.00', exhausted: false, overdraft: '0.00' });
  });

  it('two sessions spending one balance: the debit reaching zero reports exhaustion with the open sessions; spending on is an overdraft of at most one interval', async () => {
    const { billstream, cards } = await setUp({ faceValue: '1.00' });
    const card = cards[0]!;
    await activeCard(billstream, card.cardId);
    // 1.00 at 0.05/min: 1200 s; the second session sees 1.00 - 0.05 reserved = 0.95: 1140 s.
    const a = await authorizeCard(billstream, call(card.pin, 'A', '361'));
    const b = await authorizeCard(billstream, call(card.pin, 'B', '361'));
    expect(a.accept && a.authorization.sessionTimeoutSeconds).toBe(1200);
    expect(b.accept && b.authorization.sessionTimeoutSeconds).toBe(1140);
    const report = { cardId: card.cardId, bytes: 0n, calledNumber: '361', final: false, at: at('2026-12-07T10:10:00Z') };
    // Each 600 s = 0.50.
    expect(await debitCard(billstream, { ...report, sessionKey: 'A', reportId: 'a1', seconds: 600 })).toEqual({ balance: '0.50', exhausted: false, overdraft: '0.00' });
    expect(await debitCard(billstream, { ...report, sessionKey: 'B', reportId: 'b1', seconds: 600 })).toEqual({ balance: '0.00', exhausted: true, overdraft: '0.00' });
    // A goes on one more interval before the NAS disconnects it: 660 s = 0.55, 0.05 beyond the balance.
    expect(await debitCard(billstream, { ...report, sessionKey: 'A', reportId: 'a2', seconds: 660, final: true })).toEqual({ balance: '0.00', exhausted: true, overdraft: '0.05' });
    const events = await billstream.eventStore.readStream(cardStream(card.cardId));
    const exhausted = events.filter((e) => e.type === 'CardBalanceExhausted').map((e) => e.data);
    expect(exhausted[0]).toEqual({ cardId: card.cardId, sessionKey: 'B', openSessionKeys: ['A', 'B'], at: '2026-12-07T10:10:00Z' });
    await billstream.catchUp();
    expect(await readCard(billstream, card.cardId)).toMatchObject({ balance: '0.00', overdraft: '0.05' });
    expect(await authorizeCard(billstream, call(card.pin, 'C', '361'))).toMatchObject({ accept: false, reason: 'balance-exhausted' });
  });
});

describe('recharges', () => {
  it('by payment adds the amount; by voucher moves the other card\'s whole balance and uses it up', async () => {
    const { billstream, cards } = await setUp();
    const [card, voucher] = cards as [typeof cards[0], typeof cards[0]];
    await activeCard(billstream, card.cardId);
    expect((await rechargeCard(billstream, card.cardId, { amount: '5.50', currency: 'EUR', reference: 'PAY-1' }, context('pay-1'))).balance).toBe('15.50');
    // The same command again (a retried request) adds nothing more.
    expect((await rechargeCard(billstream, card.cardId, { amount: '5.50', currency: 'EUR', reference: 'PAY-1' }, context('pay-1'))).balance).toBe('15.50');
    expect((await rechargeCard(billstream, card.cardId, { voucherPin: voucher.pin }, context('voucher-1'))).balance).toBe('25.50');
    expect(await readCard(billstream, voucher.cardId)).toMatchObject({ status: 'redeemed', balance: '0.00' });
    await expect(rechargeCard(billstream, card.cardId, { voucherPin: voucher.pin }, context('voucher-2'))).rejects.toBeInstanceOf(CardRefusedError);
    expect(await authorizeCard(billstream, call(voucher.pin, 'v', '361'))).toMatchObject({ accept: false, reason: 'card-redeemed' });
    // Authorized again with the new balance: 25.50 at 0.05/min = 30600 s.
    const result = await authorizeCard(billstream, call(card.pin, 'after', '361'));
    expect(result.accept && result.authorization.sessionTimeoutSeconds).toBe(30600);
  });

  it('refuses bad amounts and currencies, an unknown voucher, a blocked card', async () => {
    const { billstream, cards } = await setUp();
    const card = cards[0]!;
    await activeCard(billstream, card.cardId);
    const pay = (amount: string, currency = 'EUR') => rechargeCard(billstream, card.cardId, { amount, currency, reference: 'R' }, context(`pay-${amount}-${currency}`));
    await expect(pay('5.555')).rejects.toThrow(/amount: 5.555 has more decimals than EUR's 2/);
    await expect(pay('-1')).rejects.toThrow(/amount/);
    await expect(pay('0')).rejects.toThrow(/must be more than 0/);
    await expect(pay('1000000')).rejects.toThrow(/more than one recharge may add/);
    await expect(pay('5', 'HUF')).rejects.toThrow(/currency: the card is in EUR, not HUF/);
    await expect(rechargeCard(billstream, card.cardId, { voucherPin: '123' }, context('v'))).rejects.toBeInstanceOf(ValidationError);
    await blockCard(billstream, card.cardId, 'fraud check', context('b'));
    await expect(pay('5')).rejects.toThrow(/blocked/);
    await expect(rechargeCard(billstream, card.cardId, { voucherPin: cards[1]!.pin }, context('v2'))).rejects.toThrow(/blocked/);
    // The voucher was not taken.
    expect((await readCard(billstream, cards[1]!.cardId)).balance).toBe('10.00');
  });
});
