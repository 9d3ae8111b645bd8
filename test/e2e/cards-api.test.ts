/**
 * Prepaid cards over REST with responses validated against openapi.yaml: a batch generated with
 * its PINs shown once, cards listed and read (never a PIN), activated, recharged by payment and
 * voucher, blocked and unblocked, their calls; bad input answered with problems naming the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import { Temporal } from 'temporal-polyfill';
import { createApp } from '../../src/api/app.ts';
import { bootstrapAdminKey, issueApiKey } from '../../src/app/api-keys/service.ts';
import { authorizeCard, debitCard } from '../../src/app/prepaid/realtime.ts';
import type { Billstream } from '../../src/main.ts';
import { openPrepaidBillstream, MONDAY_PEAK } from '../support/prepaid.ts';

const ADMIN = 'cards-admin-key-0123456789';
const admin = { Authorization: `Bearer ${ADMIN}` };
const batchBody = { batchId: 'B-API', name: 'Kiosk cards', count: 3, faceValue: '10.00', currency: 'EUR', tariffId: 'PREPAID-EUR', expiry: { daysAfterActivation: 90 }, serialPrefix: 'K' };

describe('prepaid cards API', () => {
  let billstream: Billstream;
  let app: Express;
  let cards: { cardId: string; serial: string; pin: string }[];
  const answers: string[] = [];
  let auditor: { Authorization: string };
  let billing: { Authorization: string };

  beforeAll(async () => {
    ({ billstream } = await openPrepaidBillstream(MONDAY_PEAK, { adminKey: ADMIN }));
    await bootstrapAdminKey(billstream);
    app = await createApp(billstream, { validateResponses: true });
    auditor = { Authorization: `Bearer ${(await issueApiKey(billstream, { name: 'aud', roles: ['auditor'] }, { commandId: 'k1', actor: 'test' })).key}` };
    billing = { Authorization: `Bearer ${(await issueApiKey(billstream, { name: 'bil', roles: ['billing'] }, { commandId: 'k2', actor: 'test' })).key}` };
    const res = await request(app).post('/card-batches').set(admin).set('Idempotency-Key', 'batch-1').send(batchBody).expect(201);
    cards = res.body.cards;
    expect(res.headers.location).toBe('/card-batches/B-API');
    expect(res.body.batch).toMatchObject({ id: 'B-API', count: 3, faceValue: '10.00', currency: 'EUR', pinLength: 12, origin: 'generated', timeZone: 'UTC' });
  });
  afterAll(() => billstream.close());

  const seen = <T extends { text: string }>(res: T): T => {
    answers.push(res.text);
    return res;
  };

  it('shows the PINs once: the batch, its cards and a replayed creation never carry them', async () => {
    expect(cards.map((c) => c.serial)).toEqual(['K0001', 'K0002', 'K0003']);
    for (const card of cards) expect(card.pin).toMatch(/^\d{12}$/);
    const replay = seen(await request(app).post('/card-batches').set(admin).set('Idempotency-Key', 'batch-1').send(batchBody).expect(409));
    expect(replay.body.type).toMatch(/secret-shown-once/);
    seen(await request(app).post('/card-batches').set(admin).send(batchBody).expect(409));
    seen(await request(app).get('/card-batches').set(auditor).expect(200));
    seen(await request(app).get('/card-batches/B-API').set(admin).expect(200));
    const list = seen(await request(app).get('/cards').query({ batchId: 'B-API' }).set(admin).expect(200));
    expect(list.body.items).toHaveLength(3);
    expect(list.body.items[0]).toEqual({
      cardId: cards[0]!.cardId, batchId: 'B-API', serial: 'K0001', status: 'created', blockedReason: null, currency: 'EUR', faceValue: '10.00',
      balance: '10.00', overdraft: '0.00', tariffId: 'PREPAID-EUR', expiresAt: null, activatedAt: null, issuedAt: '2026-12-07T10:00:00Z',
    });
    seen(await request(app).get(`/cards/${cards[1]!.cardId}`).set(auditor).expect(200));
    for (const text of answers) for (const card of cards) expect(text).not.toContain(card.pin);
  });

  it('activates, recharges by payment and voucher, blocks and unblocks, and lists by status', async () => {
    const [card, voucher] = cards as [typeof cards[0], typeof cards[0]];
    const activated = await request(app).post(`/cards/${card.cardId}/activate`).set(admin).expect(200);
    expect(activated.body).toMatchObject({ status: 'active', activatedAt: '2026-12-07T10:00:00Z', expiresAt: '2027-03-07T10:00:00.000Z' });
    const paid = await request(app).post(`/cards/${card.cardId}/recharge`).set(admin).set('Idempotency-Key', 'pay-1').send({ amount: '2.50', currency: 'EUR', reference: 'CASH-77' }).expect(200);
    expect(paid.body.balance).toBe('12.50');
    await request(app).post(`/cards/${card.cardId}/recharge`).set(admin).set('Idempotency-Key', 'pay-1').send({ amount: '2.50', currency: 'EUR', reference: 'CASH-77' }).expect(200);
    expect((await request(app).post(`/cards/${card.cardId}/recharge`).set(admin).send({ voucherPin: voucher.pin }).expect(200)).body.balance).toBe('22.50');
    expect((await request(app).get(`/cards/${voucher.cardId}`).set(admin).expect(200)).body).toMatchObject({ status: 'redeemed', balance: '0.00' });
    const blocked = await request(app).post(`/cards/${card.cardId}/block`).set(admin).send({ reason: 'lost' }).expect(200);
    expect(blocked.body).toMatchObject({ status: 'blocked', blockedReason: 'lost' });
    expect((await request(app).get('/cards').query({ status: 'blocked' }).set(admin).expect(200)).body.items.map((c: { cardId: string }) => c.cardId)).toEqual([card.cardId]);
    expect((await request(app).post(`/cards/${card.cardId}/unblock`).set(admin).expect(200)).body.status).toBe('active');
    expect((await request(app).get('/cards').query({ status: 'active' }).set(admin).expect(200)).body.items.map((c: { cardId: string }) => c.cardId)).toEqual([card.cardId]);
    expect((await request(app).get('/cards').query({ status: 'redeemed' }).set(admin).expect(200)).body.items).toHaveLength(1);
  });

  it('lists a card\'s calls with destination, start, seconds and cost', async () => {
    const card = cards[0]!;
    const auth = await authorizeCard(billstream, { pin: card.pin, password: Buffer.from(card.pin), calledNumber: '+3612345678', service: 'voice', sessionKey: 'nas1:abc', at: Temporal.Instant.from(MONDAY_PEAK), interimSeconds: 60 });
    expect(auth.accept).toBe(true);
    await debitCard(billstream, { cardId: card.cardId, sessionKey: 'nas1:abc', reportId: 'stop', seconds: 90, bytes: 0n, calledNumber: '+3612345678', final: true, at: Temporal.Instant.from('2026-12-07T10:01:30Z') });
    await billstream.catchUp();
    const calls = await request(app).get(`/cards/${card.cardId}/calls`).set(auditor).expect(200);
    // 90 s by 60/60 = 120 s billed at 0.05/min = 0.10.
    expect(calls.body).toEqual({ items: [{ sessionKey: 'nas1:abc', service: 'voice', calledNumber: '+3612345678', destination: 'Hungary fixed', startedAt: MONDAY_PEAK, seconds: 90, bytes: '0', cost: '0.10', overdraft: '0.00', reserved: '0.00', ended: true, lastReportAt: '2026-12-07T10:01:30Z', reservationExpiresAt: null, expired: false }], next: null });
    expect((await request(app).get(`/cards/${card.cardId}`).set(admin).expect(200)).body.balance).toBe('22.40');
  });

  it('answers bad input with a problem naming it: unknown card, bad amounts and currencies, blocked and expired cards, roles', async () => {
    const card = cards[2]!;
    const problem = async (method: 'get' | 'post', url: string, status: number, body?: object) => {
      const call = request(app)[method](url).set(admin);
      const res = await (body ? call.send(body) : call).expect(status);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      return res.body as { detail: string; type: string };
    };
    expect((await problem('get', '/cards/nope', 404)).detail).toMatch(/card nope does not exist/);
    expect((await problem('post', '/cards/nope/activate', 404)).detail).toMatch(/does not exist/);
    expect((await problem('get', '/card-batches/nope', 404)).detail).toMatch(/card batch nope does not exist/);
    await problem('post', `/cards/${card.cardId}/recharge`, 400, { amount: '-1', currency: 'EUR', reference: 'x' });
    await problem('post', `/cards/${card.cardId}/recharge`, 400, { amount: '5', currency: 'EUR' });
    await problem('post', `/cards/${card.cardId}/recharge`, 400, { amount: '5', currency: 'EUR', reference: 'x', voucherPin: '1' });
    expect((await problem('post', `/cards/${card.cardId}/recharge`, 422, { amount: '5.001', currency: 'EUR', reference: 'x' })).detail).toMatch(/amount: 5.001 has more decimals than EUR's 2/);
    expect((await problem('post', `/cards/${card.cardId}/recharge`, 422, { amount: '5', currency: 'USD', reference: 'x' })).detail).toMatch(/currency: the card is in EUR, not USD/);
    expect((await problem('post', `/cards/${card.cardId}/recharge`, 422, { voucherPin: '0000000000' })).detail).toMatch(/voucherPin: no card has this PIN/);
    await problem('post', '/card-batches', 400, { ...batchBody, batchId: 'B2', count: 10001 });
    await problem('post', '/card-batches', 400, { ...batchBody, batchId: 'B2', faceValue: '1e3' });
    expect((await problem('post', '/card-batches', 422, { ...batchBody, batchId: 'B2', tariffId: 'NOPE' })).detail).toMatch(/tariffId: tariff NOPE does not exist/);
    expect((await problem('post', '/card-batches', 422, { ...batchBody, batchId: 'B2', currency: 'HUF' })).detail).toMatch(/prices in EUR, the batch is in HUF/);
    await problem('post', `/cards/${card.cardId}/block`, 400, {});
    await request(app).post(`/cards/${card.cardId}/block`).set(admin).send({ reason: 'stolen' }).expect(200);
    expect(await problem('post', `/cards/${card.cardId}/activate`, 409)).toMatchObject({ detail: expect.stringMatching(/is blocked/) });
    expect((await problem('post', `/cards/${card.cardId}/recharge`, 409, { amount: '5', currency: 'EUR', reference: 'x' })).detail).toMatch(/is blocked/);
    await request(app).post(`/cards/${card.cardId}/activate`).set(auditor).expect(403);
    await request(app).get('/cards').set(billing).expect(403);
    await request(app).post('/card-batches').set(auditor).send(batchBody).expect(403);
  });
});
