/**
 * Issue 13 item 2: a legal entity's payment details (IBAN, BIC, payment reference), printed on
 * its invoices. An IBAN is checked (the country's length, ISO 13616 mod-97) and a bad one is
 * refused at import with its line and column; over REST the same details are written and read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import type { Billstream } from '../../src/main.ts';
import { createApp } from '../../src/api/app.ts';
import { bootstrapAdminKey } from '../../src/app/api-keys/service.ts';
import { findLegalEntity } from '../../src/app/legal-entities/service.ts';
import { importLegalEntities } from '../../src/import/legal-entities.ts';
import { paymentReference } from '../../src/domain/legal-entity/payment.ts';
import { openTestBillstream } from '../support/billstream.ts';

const ADMIN = 'test-admin-key-0123456789';
const entry = (id: string, payment: string) => `- id: ${id}
  name: Példa Telekom Kft.
  country: HU
  vatId: HU12345676
  address: { line1: "Váci út 1", city: Budapest, postalCode: "1062" }
  currency: HUF
  invoicePrefix: ${id}
${payment}`;

describe('legal entity payment details', () => {
  let billstream: Billstream;
  let app: Express;
  const admin = { Authorization: `Bearer ${ADMIN}` };
  const context = { actor: 'test' };

  beforeAll(async () => {
    billstream = await openTestBillstream({ adminKey: ADMIN });
    await bootstrapAdminKey(billstream);
    app = await createApp(billstream, { validateResponses: true });
  });
  afterAll(() => billstream.close());

  it('imports IBAN, BIC and reference pattern; the IBAN is stored without spaces, and the same file again changes nothing', async () => {
    const yaml = entry('P1', '  payment: { iban: "hu42 1177 3016 1111 1018 0000 0000", bic: otpvhuhb, reference: "Invoice {number}" }\n');
    expect(await importLegalEntities(billstream, yaml, context)).toMatchObject({ created: 1, rejected: 0 });
    const stored = await findLegalEntity(billstream, 'P1');
    expect(stored?.payment).toEqual({ iban: 'HU42117730161111101800000000', bic: 'OTPVHUHB', reference: 'Invoice {number}' });
    expect(paymentReference(stored!.payment!, 'P1-2026-000001')).toBe('Invoice P1-2026-000001');
    expect(await importLegalEntities(billstream, yaml, context)).toMatchObject({ unchanged: 1 });

    // Without the section, the entity has no payment details any more (the documents then leave payment out).
    expect(await importLegalEntities(billstream, entry('P1', ''), context)).toMatchObject({ updated: 1 });
    expect((await findLegalEntity(billstream, 'P1'))?.payment ?? null).toBeNull();
  });

  it('keeps unquoted ids, prefixes and postal codes as written: leading zeros are not lost', async () => {
    const yaml = `- id: 0042
  name: Beispiel GmbH
  country: DE
  address: { line1: "Hauptstraße 1", city: Dresden, postalCode: 01067 }
  currency: eur
  invoicePrefix: 007
`;
    expect(await importLegalEntities(billstream, yaml, context)).toMatchObject({ created: 1, rejected: 0 });
    expect(await findLegalEntity(billstream, '0042')).toMatchObject({ id: '0042', invoicePrefix: '007', currency: 'EUR', address: { postalCode: '01067' } });
  });

  it('without a reference pattern the reference is the document number', () => {
    expect(paymentReference({ iban: 'HU42117730161111101800000000', bic: null, reference: null }, 'HU1-2026-000007')).toBe('HU1-2026-000007');
  });

  it('refuses a mistyped IBAN, a wrong length, a bad BIC, an unknown reference field and an unknown key, each at its line and column', async () => {
    const yaml = [
      entry('P2', '  payment: { iban: "HU42 1177 3016 1111 1018 0000 0001" }'),
      entry('P3', '  payment:\n    iban: DE89 3704 0044 0532 0130\n    bic: "OTP VHU"'),
      entry('P4', '  payment: { iban: "DE89 3704 0044 0532 0130 00", reference: "{client}-{number}" }'),
      entry('P5', '  payment: { iban: "DE89 3704 0044 0532 0130 00", bank: OTP }'),
      entry('P6', '  payment: { bic: OTPVHUHB }'),
      entry('P7', '  payment: DE89370400440532013000'),
    ].join('\n');
    const summary = await importLegalEntities(billstream, yaml, context);
    expect(summary).toMatchObject({ created: 0, rejected: 6 });
    expect(summary.errors).toEqual([
      { line: 8, column: 20, reason: 'payment.iban: HU42117730161111101800000001: has wrong check digits (ISO 13616 mod 97): a character is mistyped' },
      { line: 17, column: 11, reason: 'payment.iban: DE893704004405320130: has 20 characters; an IBAN of DE has 22' },
      { line: 18, column: 10, reason: 'payment.bic: OTP VHU: is not a BIC (8 or 11 letters and digits: bank, country, location, optional branch)' },
      { line: 26, column: 62, reason: 'payment.reference: {client} is not a field of a payment reference (only {number}, the invoice number)' },
      { line: 34, column: 51, reason: 'payment.bank: unknown field (expected one of iban, bic, reference)' },
      { line: 42, column: 12, reason: 'payment.iban: is required (the account clients pay into)' },
      { line: 50, column: 12, reason: 'payment: expected a mapping with iban, bic, reference' },
    ]);
    for (const id of ['P2', 'P3', 'P4', 'P5', 'P6', 'P7']) expect(await findLegalEntity(billstream, id)).toBeNull();
  });

  it('REST: creates and replaces an entity with payment details, refuses a bad IBAN with 422 at payment.iban', async () => {
    const body = {
      name: 'Beispiel Netz GmbH', country: 'DE', vatId: 'DE123456788', address: { line1: 'Friedrichstraße 100', city: 'Berlin' }, currency: 'EUR', invoicePrefix: 'R1',
      payment: { iban: 'DE89 3704 0044 0532 0130 00', bic: 'DEUTDEFF' },
    };
    const created = await request(app).post('/legal-entities').set(admin).send({ id: 'R1', ...body }).expect(201);
    expect(created.body.payment).toEqual({ iban: 'DE89370400440532013000', bic: 'DEUTDEFF', reference: null });
    const bad = await request(app).put('/legal-entities/R1').set(admin).set('If-Match', created.headers.etag!)
      .send({ ...body, payment: { iban: 'DE89 3704 0044 0532 0130 01' } }).expect(422);
    expect(bad.body.errors).toEqual([{ field: 'payment.iban', message: 'DE89370400440532013001: has wrong check digits (ISO 13616 mod 97): a character is mistyped' }]);
    const { payment: _payment, ...withoutPayment } = body;
    const replaced = await request(app).put('/legal-entities/R1').set(admin).set('If-Match', created.headers.etag!).send(withoutPayment).expect(200);
    expect(replaced.body.payment).toBeNull();
  });
});
