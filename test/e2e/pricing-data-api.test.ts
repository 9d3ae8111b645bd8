/** Issue 12, "nothing priced silently", over REST: tier tables refused at import, operator holidays imported. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../src/api/app.ts';
import type { Billstream } from '../../src/main.ts';
import { bootstrapAdminKey } from '../../src/app/api-keys/service.ts';
import { openTestBillstream } from '../support/billstream.ts';

const ADMIN = 'test-admin-key-0123456789';

describe('REST: pricing data', () => {
  let billstream: Billstream;
  let app: Express;
  const admin = { Authorization: `Bearer ${ADMIN}` };

  beforeAll(async () => {
    billstream = await openTestBillstream({ adminKey: ADMIN });
    await bootstrapAdminKey(billstream);
    app = await createApp(billstream, { validateResponses: true });
  });
  afterAll(() => billstream.close());

  it('POST /tariffs/import refuses a tier table that does not parse with 422, naming line and column, and stores nothing', async () => {
    const tariff = [
      'id: DATA-ZERO',
      'name: { en: Data }',
      'currency: EUR',
      'validFrom: 2026-01-01',
      'category: internet',
      'usage:',
      '  - type: data',
      '    tiers: [{ upTo: 0, price: "1" }, { upTo: null, price: "0.5" }]',
      '',
    ].join('\n');
    const res = await request(app).post('/tariffs/import').set(admin).send({ tariff }).expect(422);
    expect(res.body).toEqual({ created: 0, updated: 0, unchanged: 0, rejected: 1, errors: [{ line: 8, column: 21, reason: 'usage[0].tiers[0].upTo: 0 must be greater than 0' }] });
    await request(app).get('/tariffs/DATA-ZERO').set(admin).expect(404);
  });
});
