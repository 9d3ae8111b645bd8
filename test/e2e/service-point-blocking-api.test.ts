/** Blocking a service point over REST: status and reason on the read model, events in its history, If-Match, roles, bad input. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../src/api/app.ts';
import type { Billstream } from '../../src/main.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { bootstrapAdminKey, issueApiKey } from '../../src/app/api-keys/service.ts';
import { openTestBillstream } from '../support/billstream.ts';
import { importCrmExamples } from '../support/crm-examples.ts';

const ADMIN = 'block-admin-key-0123456789';
const auth = { Authorization: `Bearer ${ADMIN}` };

describe('POST /service-points/{id}/block and /unblock', () => {
  let billstream: Billstream;
  let app: Express;
  let billingKey: string;
  const clock = ManualClock.at('2026-03-02T10:00:00Z');

  beforeAll(async () => {
    billstream = await openTestBillstream({ adminKey: ADMIN, clock });
    await bootstrapAdminKey(billstream);
    await importCrmExamples(billstream);
    billingKey = (await issueApiKey(billstream, { name: 'billing', roles: ['billing'] }, { commandId: 'k-billing', actor: 'test' })).key;
    app = await createApp(billstream, { validateResponses: true });
  });
  afterAll(() => billstream.close());

  it('shows a registered point as active, blocks it with its reason and time, and finds it among the blocked', async () => {
    const before = await request(app).get('/service-points/SP-0001').set(auth).expect(200);
    expect(before.body).toMatchObject({ status: 'active', statusReason: null, statusChangedAt: null });
    clock.advance({ minutes: 5 });
    const res = await request(app).post('/service-points/SP-0001/block').set(auth).set('If-Match', String(before.headers.etag)).send({ reason: 'Fraud suspected: ticket 4711' }).expect(200);
    expect(res.body).toMatchObject({ id: 'SP-0001', status: 'blocked', statusReason: 'Fraud suspected: ticket 4711', statusChangedAt: '2026-03-02T10:05:00Z', active: true });
    expect(res.headers.etag).toBe(`W/"${before.body.revision + 1}"`);
    const list = await request(app).get('/service-points').query({ status: 'blocked' }).set(auth).expect(200);
    expect(list.body.items.map((p: { id: string }) => p.id)).toEqual(['SP-0001']);
  });

  it('keeps the block when the details are replaced (only an unblock lifts it), and lists both in the history', async () => {
    const current = await request(app).get('/service-points/SP-0001').set(auth).expect(200);
    const { contractId, identifiers, address, country } = current.body;
    const replaced = await request(app).put('/service-points/SP-0001').set(auth).send({ contractId, identifiers, address, country, active: true, externalId: 'EXT-1' }).expect(200);
    expect(replaced.body).toMatchObject({ status: 'blocked', externalId: 'EXT-1' });
    clock.advance({ minutes: 5 });
    const unblocked = await request(app).post('/service-points/SP-0001/unblock').set(auth).send({ reason: 'Cleared by the fraud desk' }).expect(200);
    expect(unblocked.body).toMatchObject({ status: 'active', statusReason: 'Cleared by the fraud desk', statusChangedAt: '2026-03-02T10:10:00Z' });
    const history = await request(app).get('/service-points/SP-0001/history').set(auth).expect(200);
    expect(history.body.items.map((e: { type: string }) => e.type)).toEqual(['ServicePointRegistered', 'ServicePointBlocked', 'ServicePointDetailsChanged', 'ServicePointUnblocked']);
    expect(history.body.items[1].data).toEqual({ servicePointId: 'SP-0001', reason: 'Fraud suspected: ticket 4711' });
    expect(history.body.items[1].metadata.actor).toMatch(/^apikey:/);
  });

  it('answers a repeated block unchanged, refuses another reason (409), a stale If-Match (412), no reason (400/422), an unknown point (404) and a billing key (403)', async () => {
    await request(app).post('/service-points/SP-0003/block').set(auth).send({ reason: 'Abuse' }).expect(200);
    const again = await request(app).post('/service-points/SP-0003/block').set(auth).send({ reason: 'Abuse' }).expect(200);
    expect(again.body).toMatchObject({ status: 'blocked', statusReason: 'Abuse' });
    const other = await request(app).post('/service-points/SP-0003/block').set(auth).send({ reason: 'Fraud' }).expect(409);
    expect(other.body.detail).toBe('service point SP-0003 is already blocked (reason: Abuse): unblock it first to block it for another reason');
    const stale = await request(app).post('/service-points/SP-0003/unblock').set(auth).set('If-Match', 'W/"0"').send({}).expect(412);
    expect(stale.body.detail).toMatch(/not 0: it changed since you read it/);
    const missing = await request(app).post('/service-points/SP-0004/block').set(auth).send({}).expect(400);
    expect(missing.body.errors[0].field).toBe('reason');
    const blank = await request(app).post('/service-points/SP-0004/block').set(auth).send({ reason: '   ' }).expect(422);
    expect(blank.body.errors).toEqual([{ field: 'reason', message: 'is required: say why the service point is blocked' }]);
    const tooLong = await request(app).post('/service-points/SP-0004/block').set(auth).send({ reason: 'x'.repeat(501) }).expect(400);
    expect(tooLong.body.errors[0].field).toBe('reason');
    await request(app).post('/service-points/SP-9999/block').set(auth).send({ reason: 'Fraud' }).expect(404);
    await request(app).post('/service-points/SP-0004/block').set({ Authorization: `Bearer ${billingKey}` }).send({ reason: 'Fraud' }).expect(403);
    const untouched = await request(app).get('/service-points/SP-0004').set(auth).expect(200);
    expect(untouched.body.status).toBe('active');
  });
});
