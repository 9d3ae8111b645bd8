/**
 * A legal entity's national currency is the currency of its books: once it has invoices or
 * journal entries, another currency would mix two currencies in one ledger (a HUF payment booked
 * in EUR, then allocated to a HUF invoice as a bogus exchange loss). Refused, by the import and
 * over REST alike; before anything is invoiced or posted it may still change.
 */
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Billstream } from '../../src/main.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { createApp } from '../../src/api/app.ts';
import { importLegalEntities } from '../../src/import/legal-entities.ts';
import { findLegalEntity } from '../../src/app/legal-entities/service.ts';
import { bootstrapAdminKey } from '../../src/app/api-keys/service.ts';
import { fileWriter, openTestBillstream, temporaryDataDir } from '../support/billstream.ts';
import { approvedBillRun, GERMAN_SELLER, importSmallBilling, LINE_RENTAL_TARIFF, lineRentalCrm } from '../support/small-billing.ts';

const TARIFF = LINE_RENTAL_TARIFF;
const CRM = lineRentalCrm(1);
const ADMIN = 'admin-key-for-currency-tests-0123456789';
const IN_USD = GERMAN_SELLER.replace('currency: EUR', 'currency: USD');

describe("a legal entity's national currency", () => {
  let billstream: Billstream;
  const dir = temporaryDataDir('billstream-entity-currency-');
  const file = fileWriter(dir);

  beforeAll(async () => {
    billstream = await openTestBillstream({ dataDir: path.join(dir, 'data'), clock: ManualClock.at('2026-11-02T06:00:00Z'), adminKey: ADMIN });
    await bootstrapAdminKey(billstream);
    await importSmallBilling(billstream, dir, file, { 'line.yaml': TARIFF }, CRM);
  }, 60_000);
  afterAll(async () => {
    await billstream.close();
  });

  it('may change while nothing is invoiced or posted, and not once an invoice is', async () => {
    expect((await importLegalEntities(billstream, IN_USD, { actor: 'test' })).updated).toBe(1);
    expect((await importLegalEntities(billstream, GERMAN_SELLER, { actor: 'test' })).updated).toBe(1);
    await approvedBillRun(billstream, '2026-11-01', '2026-11-02', { commandId: 'november' });

    const refused = await importLegalEntities(billstream, IN_USD, { actor: 'test' });
    expect(refused.rejected).toBe(1);
    expect(JSON.stringify(refused.errors)).toContain('legal entity DE1 keeps its books and states VAT in EUR, and it has invoices in it: the national currency cannot change to USD');
    const app = await createApp(billstream);
    const got = await request(app).get('/legal-entities/DE1').set('Authorization', `Bearer ${ADMIN}`);
    expect(got.status, JSON.stringify(got.body)).toBe(200);
    const current = got.body as Record<string, unknown>;
    const { id: _id, revision: _revision, createdAt: _createdAt, updatedAt: _updatedAt, ...details } = current;
    const put = await request(app).put('/legal-entities/DE1').set('Authorization', `Bearer ${ADMIN}`).send({ ...details, currency: 'USD' });
    expect(put.status, JSON.stringify(put.body)).toBe(409);
    expect(put.body.errors).toEqual([expect.objectContaining({ field: 'currency' })]);
    expect((await findLegalEntity(billstream, 'DE1'))?.currency).toBe('EUR');
    // Other details still change.
    expect((await importLegalEntities(billstream, GERMAN_SELLER.replace('Hauptstr. 1', 'Hauptstr. 9'), { actor: 'test' })).updated).toBe(1);
  });
});
