import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../src/api/app.ts';
import type { Billstream } from '../../src/main.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { bootstrapAdminKey, issueApiKey } from '../../src/app/api-keys/service.ts';
import { openTestBillstream } from '../support/billstream.ts';

const ADMIN = 'fx-admin-key-0123456789abcdef';
const auth = { Authorization: `Bearer ${ADMIN}` };

describe('exchange rates over REST', () => {
  let billstream: Billstream;
  let app: Express;
  beforeAll(async () => {
    billstream = await openTestBillstream({ adminKey: ADMIN, clock: ManualClock.at('2026-10-12T00:00:00Z') });
    await bootstrapAdminKey(billstream);
    app = await createApp(billstream, { validateResponses: true });
  });
  afterAll(() => billstream.close());

  it('imports fx-rates.csv, answers the rate used for a date, and 404s with the pair and date when there is none', async () => {
    const csv = fs.readFileSync('examples/fx-rates.csv', 'utf8');
    const imported = await request(app).post('/fx-rates/import').set(auth).set('Content-Type', 'text/csv').send(csv).expect(200);
    expect(imported.body).toEqual({ created: 72, updated: 0, unchanged: 0, rejected: 0, errors: [] });
    const again = await request(app).post('/fx-rates/import').set(auth).set('Content-Type', 'text/csv').send(csv).expect(200);
    expect(again.body).toMatchObject({ created: 0, unchanged: 72 });

    const used = await request(app).get('/fx-rates/EUR/HUF/on/2026-03-31').set(auth).expect(200);
    expect(used.body).toEqual({ base: 'EUR', quote: 'HUF', rate: '387.95', date: '2026-03-01', inverted: false });
    const inverse = await request(app).get('/fx-rates/GBP/EUR/on/2026-01-15').set(auth).expect(200);
    expect(inverse.body).toEqual({ base: 'GBP', quote: 'EUR', rate: '1.14659175600527432', date: '2026-01-01', inverted: true, dividedBy: '0.87215' });

    const missing = await request(app).get('/fx-rates/EUR/HUF/on/2025-12-31').set(auth).expect(404);
    expect(missing.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(missing.body).toMatchObject({ status: 404, type: '/problems/not-found', detail: expect.stringContaining('no EUR/HUF rate on or before 2025-12-31') });
    const impossible = await request(app).get('/fx-rates/EUR/HUF/on/2026-02-30').set(auth).expect(422);
    expect(impossible.body.errors).toEqual([{ field: 'date', message: '"2026-02-30" is not a calendar date' }]);
  });

  it('publishes a JSON batch (a correction is an update) and lists rates by pair and date, page by page', async () => {
    const res = await request(app).post('/fx-rates').set(auth).send({ rates: [
      { date: '2026-03-01', base: 'EUR', quote: 'HUF', rate: '388.05' },
      { date: '2026-03-01', base: 'EUR', quote: 'EUR', rate: '1' },
    ] }).expect(422);
    expect(res.body).toEqual({ created: 0, updated: 1, unchanged: 0, rejected: 1, errors: [{ line: 2, column: 0, reason: "quote: is the base currency EUR again: a currency's rate to itself is always 1" }] });
    await request(app).post('/fx-rates').set(auth).send({ rates: [{ date: '2026-03-01', base: 'EUR', quote: 'HUF', rate: 388.05 }] }).expect(400);

    const first = await request(app).get('/fx-rates').query({ base: 'EUR', quote: 'HUF', from: '2026-02-01', to: '2026-04-30', limit: 2 }).set(auth).expect(200);
    expect(first.body.items.map((r: { date: string; rate: string }) => [r.date, r.rate])).toEqual([['2026-02-01', '384.20'], ['2026-03-01', '388.05']]);
    expect(first.body.items[1]).toMatchObject({ id: 'EUR-HUF-2026-03-01', revision: 1 });
    const second = await request(app).get('/fx-rates').query({ base: 'EUR', quote: 'HUF', from: '2026-02-01', to: '2026-04-30', limit: 2, after: first.body.next }).set(auth).expect(200);
    expect(second.body).toEqual({ items: [expect.objectContaining({ date: '2026-04-01', rate: '390.10' })], next: null });
  });

  it('lets operator and billing keys write and every staff role read; partners neither', async () => {
    const issue = async (role: 'billing' | 'auditor' | 'partner') =>
      ({ Authorization: `Bearer ${(await issueApiKey(billstream, { name: role, roles: [role], tenantId: role === 'partner' ? 'P-1' : null }, { commandId: `key-${role}`, actor: 'test' })).key}` });
    const billing = await issue('billing');
    const auditor = await issue('auditor');
    // A partner key is scoped to a partner that exists.
    await request(app).post('/partners').set(auth).send({ id: 'P-1', name: 'Muster Reseller GmbH' }).expect(201);
    const partner = await issue('partner');
    await request(app).post('/fx-rates').set(billing).send({ rates: [{ date: '2026-06-01', base: 'EUR', quote: 'CHF', rate: '0.9350' }] }).expect(200);
    await request(app).get('/fx-rates/EUR/CHF/on/2026-06-30').set(auditor).expect(200);
    await request(app).post('/fx-rates').set(auditor).send({ rates: [{ date: '2026-06-01', base: 'EUR', quote: 'USD', rate: '1.19' }] }).expect(403);
    await request(app).get('/fx-rates').set(partner).expect(403);
  });
});
