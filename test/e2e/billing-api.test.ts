/**
 * Bill runs, approval, invoices and credit notes over REST, on a real store with the billing
 * saga run by catch-up; every response is validated against openapi.yaml. One HU client whose
 * EUR tariff (FIBRE-100) starts on 2026-10-01 is billed as of 2026-11-01 at the 2026-10-01
 * EUR/HUF rate of examples/fx-rates.csv, 393.15:
 *   October and November in advance  24.90 EUR x 393.15 = 9789.435 -> 9789.44 HUF each
 *   installation (one-time)          49.00 EUR x 393.15 = 19264.35 HUF
 *   net 38843.23, VAT 27 % 10487.6721 -> 10487.67, total 49330.90 HUF.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import { Decimal } from 'decimal.js';
import { Temporal } from 'temporal-polyfill';
import { createApp } from '../../src/api/app.ts';
import type { Billstream } from '../../src/main.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { bootstrapAdminKey, issueApiKey } from '../../src/app/api-keys/service.ts';
import type { Role } from '../../src/domain/api-key/events.ts';
import { importLegalEntities } from '../../src/import/legal-entities.ts';
import { importTariffs } from '../../src/import/tariffs.ts';
import { importCsvEntities } from '../../src/import/bulk.ts';
import { CSV_IMPORTS } from '../../src/import/crm-files.ts';
import { readCsv, textSource } from '../../src/import/csv.ts';
import { FX_RATE_COLUMNS, importFxRates } from '../../src/import/fx-rates.ts';
import { openTestBillstream } from '../support/billstream.ts';

const ADMIN = 'billing-admin-key-0123456789';
const NOW = '2026-11-05T12:00:00Z';

const CRM: Record<string, string> = {
  clients: [
    'client_id,type,name,country,language,currency,vat_id,time_zone,email,address_line1,city,postal_code,partner_id',
    'C-1,person,Kovács Anna,HU,hu,HUF,,Europe/Budapest,anna.kovacs@posta.example,Kossuth Lajos utca 12,Budapest,1052,',
  ].join('\n'),
  contracts: [
    'contract_id,client_id,legal_entity_id,start_date,end_date,billing_cycle,cycle_anchor_day,currency,payment_terms_days,billing_start',
    'K-1,C-1,HU1,2026-10-01,,monthly,1,HUF,15,',
  ].join('\n'),
  'service-points': [
    'service_point_id,contract_id,identifiers,address_line1,city,postal_code,country',
    'SP-1,K-1,+3612345678;anna.kovacs@isp.example,Kossuth Lajos utca 12,Budapest,1052,HU',
  ].join('\n'),
  subscriptions: [
    'subscription_id,service_point_id,tariff_id,start_date,end_date,quantity',
    'S-1,SP-1,FIBRE-100,2026-10-01,,1',
  ].join('\n'),
};

/** Report sums are exact decimals; compare them as money, whatever trailing zeros they carry. */
const money = (value: string) => new Decimal(value).toFixed(2);

describe('bill runs, invoices and credit notes over REST', () => {
  let billstream: Billstream;
  let app: Express;
  const keys: Record<'admin' | 'billing' | 'operator' | 'auditor', { Authorization: string }> = {} as never;
  let billingKeyId = '';
  let runId = '';
  let invoiceId = '';

  beforeAll(async () => {
    billstream = await openTestBillstream({ adminKey: ADMIN, clock: ManualClock.at(NOW) });
    await bootstrapAdminKey(billstream);
    keys.admin = { Authorization: `Bearer ${ADMIN}` };
    for (const role of ['billing', 'operator', 'auditor'] as const satisfies Role[]) {
      const issued = await issueApiKey(billstream, { name: role, roles: [role] }, { commandId: `key-${role}`, actor: 'test' });
      keys[role] = { Authorization: `Bearer ${issued.key}` };
      if (role === 'billing') billingKeyId = issued.document.id;
    }
    const context = { actor: 'test' };
    // One seller: HU1, the first entity of the examples.
    const entities = fs.readFileSync('examples/legal-entities.yaml', 'utf8');
    expect(await importLegalEntities(billstream, entities.slice(0, entities.indexOf('- id: DE1')), context)).toMatchObject({ created: 1, rejected: 0 });
    expect(await importTariffs(billstream, 'examples/tariffs', context)).toMatchObject({ rejected: 0 });
    for (const [kind, text] of Object.entries(CRM)) {
      const spec = CSV_IMPORTS[kind]!;
      const summary = await importCsvEntities(billstream, () => readCsv(textSource(`${text}\n`), spec.columns), spec, context);
      expect(summary, kind).toMatchObject({ created: 1, rejected: 0 });
    }
    const rates = fs.readFileSync('examples/fx-rates.csv', 'utf8');
    expect(await importFxRates(billstream, () => readCsv(textSource(rates), FX_RATE_COLUMNS), context)).toMatchObject({ rejected: 0 });
    await billstream.catchUp();
    app = await createApp(billstream, { validateResponses: true });
  });
  afterAll(() => billstream.close());

  const invoiceByNumber = async (number: string) => (await request(app).get(`/invoices/${number}`).set(keys.auditor).expect(200)).body;
  const creditNotesOf = async (id: string) => (await request(app).get('/credit-notes').query({ invoiceId: id }).set(keys.auditor).expect(200)).body.items;

  it('starts a run as of 2026-11-01 and answers with its drafted control report; nothing is issued yet', async () => {
    await request(app).post('/bill-runs').set(keys.operator).send({ asOf: '2026-11-01' }).expect(403);
    const impossible = await request(app).post('/bill-runs').set(keys.billing).send({ asOf: '2026-11-31' }).expect(422);
    expect(impossible.body.errors).toEqual([{ field: 'asOf', message: '"2026-11-31" is not a calendar date' }]);
    await request(app).post('/bill-runs').set(keys.billing).send({ asOf: '2026-11-01', changeThresholdPercent: -1 }).expect(400);
    expect((await request(app).get('/bill-runs').set(keys.auditor).expect(200)).body.items).toEqual([]);

    const res = await request(app).post('/bill-runs').set(keys.billing).set('Idempotency-Key', 'run-2026-11').send({ asOf: '2026-11-01' }).expect(201);
    runId = res.body.runId;
    expect(res.headers.location).toBe(`/bill-runs/${runId}`);
    expect(res.body).toMatchObject({ asOf: '2026-11-01', status: 'drafted', startedBy: `apikey:${billingKeyId}`, changeThresholdPercent: 50, approval: null, result: null });
    const report = res.body.report;
    expect(report).toMatchObject({ runId, asOf: '2026-11-01', invoices: 1, held: 0, blocked: 0, flags: [] });
    expect(report.perCurrency.map((c: { currency: string; invoices: number; totalNet: string; totalVat: string; total: string }) =>
      [c.currency, c.invoices, money(c.totalNet), money(c.totalVat), money(c.total)])).toEqual([['HUF', 1, '38843.23', '10487.67', '49330.90']]);
    expect(report.perVatGroup.map((g: { currency: string; category: string; rate: string; taxable: string; amount: string }) =>
      [g.currency, g.category, g.rate, money(g.taxable), money(g.amount)])).toEqual([['HUF', 'S', '27', '38843.23', '10487.67']]);
    expect(report.perServiceCategory.map((c: { category: string; net: string }) => [c.category, money(c.net)])).toEqual([['internet', '38843.23']]);
    expect(report.perLegalEntity.map((e: { legalEntityId: string; total: string }) => [e.legalEntityId, money(e.total)])).toEqual([['HU1', '49330.90']]);

    // The same Idempotency-Key and body replay the run; they do not start a second one.
    const replay = await request(app).post('/bill-runs').set(keys.billing).set('Idempotency-Key', 'run-2026-11').send({ asOf: '2026-11-01' }).expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body.runId).toBe(runId);

    expect((await request(app).get(`/bill-runs/${runId}/report`).set(keys.auditor).expect(200)).body).toEqual(report);
    expect((await request(app).get(`/bill-runs/${runId}`).set(keys.auditor).expect(200)).body).toEqual(res.body);
    const drafted = await request(app).get('/bill-runs').query({ status: 'drafted' }).set(keys.auditor).expect(200);
    expect(drafted.body).toEqual({ items: [res.body], next: null });
    expect((await request(app).get('/bill-runs').query({ status: 'completed' }).set(keys.auditor).expect(200)).body.items).toEqual([]);
    const missing = await request(app).get('/bill-runs/no-such-run').set(keys.auditor).expect(404);
    expect(missing.headers['content-type']).toMatch(/application\/problem\+json/);

    const invoices = await request(app).get('/invoices').query({ runId }).set(keys.auditor).expect(200);
    expect(invoices.body.items).toEqual([expect.objectContaining({ status: 'draft', number: null, issueDate: null, total: '49330.90', held: false })]);
    invoiceId = invoices.body.items[0].id;
  });

  it('refuses approval by a key without the billing role, changing nothing', async () => {
    const res = await request(app).post(`/bill-runs/${runId}/approve`).set(keys.operator).send({ issueDate: '2026-11-05' }).expect(403);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 403, type: '/problems/forbidden' });
    expect((await request(app).get(`/bill-runs/${runId}`).set(keys.auditor).expect(200)).body).toMatchObject({ status: 'drafted', approval: null });
    expect((await request(app).get('/invoices').query({ status: 'issued' }).set(keys.auditor).expect(200)).body.items).toEqual([]);
    await request(app).post('/bill-runs/no-such-run/approve').set(keys.billing).expect(404);
  });

  it('approves with a billing key: the invoice is issued as HU1-2026-000001', async () => {
    const res = await request(app).post(`/bill-runs/${runId}/approve`).set(keys.billing).set('Idempotency-Key', 'approve-1').send({ issueDate: '2026-11-05' }).expect(200);
    expect(res.body).toMatchObject({
      runId, status: 'completed',
      approval: { includeHeld: false, issueDate: '2026-11-05', by: `apikey:${billingKeyId}`, at: NOW },
      result: { issued: 1, held: 0, superseded: 0 },
    });

    const list = await request(app).get('/invoices').query({ runId }).set(keys.auditor).expect(200);
    expect(list.body.next).toBeNull();
    expect(list.body.items).toHaveLength(1);
    const invoice = list.body.items[0];
    expect(invoice).toMatchObject({
      id: invoiceId, status: 'issued', number: 'HU1-2026-000001', runId, clientId: 'C-1', contractId: 'K-1', legalEntityId: 'HU1', currency: 'HUF',
      issueDate: '2026-11-05', dueDate: '2026-11-20', period: { start: '2026-10-01', end: '2026-11-01' },
      seller: { id: 'HU1', country: 'HU', vatId: 'HU12345676', currency: 'HUF' }, buyer: { id: 'C-1', country: 'HU', vatId: null },
      vat: [{ category: 'S', rate: '27', taxable: '38843.23', amount: '10487.67' }],
      fx: { base: 'EUR', quote: 'HUF', rate: '393.15', date: '2026-10-01' },
      totalNet: '38843.23', totalVat: '10487.67', total: '49330.90', flags: [], held: false, creditNotes: [],
    });
    expect(invoice.lines.map((l: { kind: string; code: string; net: string; period: { start: string } }) => [l.kind, l.code, l.period.start, l.net])).toEqual([
      ['recurring', 'FIBRE-100', '2026-10-01', '9789.44'],
      ['recurring', 'FIBRE-100', '2026-11-01', '9789.44'],
      ['one-time', 'FIBRE-INSTALL', '2026-10-01', '19264.35'],
    ]);
    expect(await invoiceByNumber('HU1-2026-000001')).toEqual(invoice);
    expect((await request(app).get(`/invoices/${invoiceId}`).set(keys.auditor).expect(200)).body).toEqual(invoice);
    expect((await request(app).get('/invoices').query({ clientId: 'C-1', status: 'issued', number: 'HU1-2026-000001' }).set(keys.auditor).expect(200)).body.items).toEqual([invoice]);
    await request(app).get('/invoices/HU1-2026-999999').set(keys.auditor).expect(404);

    // A retry with the same Idempotency-Key replays the approval instead of failing.
    const replay = await request(app).post(`/bill-runs/${runId}/approve`).set(keys.billing).set('Idempotency-Key', 'approve-1').send({ issueDate: '2026-11-05' }).expect(200);
    expect(replay.body).toEqual(res.body);
  });

  it('refuses a second approval with 409 problem+json: nothing issued again, no number used', async () => {
    const before = (await request(app).get(`/bill-runs/${runId}`).set(keys.auditor).expect(200)).body;
    const res = await request(app).post(`/bill-runs/${runId}/approve`).set(keys.admin).send({ includeHeld: true, issueDate: '2026-11-06' }).expect(409);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 409, type: '/problems/conflict', detail: expect.stringContaining('already approved') });
    expect((await request(app).get(`/bill-runs/${runId}`).set(keys.auditor).expect(200)).body).toEqual(before);
    const issued = await request(app).get('/invoices').query({ status: 'issued' }).set(keys.auditor).expect(200);
    expect(issued.body.items.map((i: { number: string; issueDate: string }) => [i.number, i.issueDate])).toEqual([['HU1-2026-000001', '2026-11-05']]);
  });

  it('credits the invoice partially, refuses more than is left (409, nothing changed), then credits the rest', async () => {
    const invoice = await invoiceByNumber('HU1-2026-000001');
    await request(app).post('/invoices/HU1-2026-000001/credit-notes').set(keys.operator).send({ reason: 'goodwill' }).expect(403);
    await request(app).post('/invoices/HU1-2026-999999/credit-notes').set(keys.billing).send({ reason: 'goodwill' }).expect(404);

    const partial = await request(app).post('/invoices/HU1-2026-000001/credit-notes').set(keys.billing)
      .send({ reason: 'installation discount', lines: [{ line: 2, amount: '10000.00' }], issueDate: '2026-11-05' }).expect(201);
    expect(partial.headers.location).toBe('/credit-notes/HU1-2026-000002');
    expect(partial.body).toMatchObject({
      number: 'HU1-2026-000002', typeCode: 381, invoiceId, invoiceNumber: 'HU1-2026-000001', issueDate: '2026-11-05', reason: 'installation discount',
      clientId: 'C-1', contractId: 'K-1', legalEntityId: 'HU1', currency: 'HUF',
      // The amount asked for is the net; the line shows its VAT and gross beside it.
      lines: [expect.objectContaining({ invoiceLine: 2, code: 'FIBRE-INSTALL', net: '-10000.00', vatCategory: 'S', vatRate: '27', vat: '-2700.00', gross: '-12700.00' })],
      vat: [{ category: 'S', rate: '27', taxable: '-10000.00', amount: '-2700.00' }],
      totalNet: '-10000.00', totalVat: '-2700.00', total: '-12700.00',
    });
    const afterPartial = await invoiceByNumber('HU1-2026-000001');
    // The credit note lowers what the client owes: 49330.90 - 12700.00.
    expect(afterPartial).toEqual({ ...invoice, creditNotes: [{ id: partial.body.id, net: '-10000.00', vat: '-2700.00', total: '-12700.00' }], amountDue: '36630.90' });

    // 19264.35 - 10000.00 = 9264.35 is left on the installation line: one cent more is too much.
    const over = await request(app).post('/invoices/HU1-2026-000001/credit-notes').set(keys.billing)
      .send({ reason: 'too much', lines: [{ line: 2, amount: '9264.36' }], issueDate: '2026-11-05' }).expect(409);
    expect(over.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(over.body).toMatchObject({ status: 409, type: '/problems/conflict', detail: expect.stringContaining('only 9264.35 HUF of it is left') });
    // The request line it names, as the 422s name theirs: a form puts it next to that line's amount.
    expect(over.body.errors).toEqual([{ field: 'lines[0].amount', message: 'more than is left to credit on line 2: at most 9264.35 HUF' }]);
    // Finer than the currency's minor unit is bad input, not a server error.
    const finer = await request(app).post('/invoices/HU1-2026-000001/credit-notes').set(keys.billing)
      .send({ reason: 'a fraction', lines: [{ line: 0, amount: '1.005' }], issueDate: '2026-11-05' }).expect(422);
    expect(finer.body.errors).toEqual([{ field: 'lines[0].amount', message: 'not a positive decimal with at most 2 decimal(s)' }]);
    await request(app).post('/invoices/HU1-2026-000001/credit-notes').set(keys.billing)
      .send({ reason: 'negative', lines: [{ line: 0, amount: '-1.00' }] }).expect(400);
    // Lines are numbered as the invoice's `lines` are: from 0, so this invoice's are 0 to 2.
    expect(invoice.lines[2].code).toBe('FIBRE-INSTALL');
    const noSuchLine = await request(app).post('/invoices/HU1-2026-000001/credit-notes').set(keys.billing)
      .send({ reason: 'no such line', lines: [{ line: 3 }] }).expect(422);
    expect(noSuchLine.body.errors).toEqual([{ field: 'lines[0].line', message: "no such line: the invoice's lines are 0 to 2" }]);
    expect(await invoiceByNumber('HU1-2026-000001')).toEqual(afterPartial);
    expect((await creditNotesOf(invoiceId)).map((n: { number: string }) => n.number)).toEqual(['HU1-2026-000002']);

    // Everything left, issued today (the server's time zone) by default.
    const rest = await request(app).post('/invoices/HU1-2026-000001/credit-notes').set(keys.billing).send({ reason: 'contract cancelled' }).expect(201);
    const today = Temporal.Instant.from(NOW).toZonedDateTimeISO(Temporal.Now.timeZoneId()).toPlainDate().toString();
    // The series is shared with invoices and has no gap: the refused credits used no number.
    expect(rest.body).toMatchObject({
      number: 'HU1-2026-000003', invoiceNumber: 'HU1-2026-000001', issueDate: today,
      vat: [{ category: 'S', rate: '27', taxable: '-28843.23', amount: '-7787.67' }],
      totalNet: '-28843.23', totalVat: '-7787.67', total: '-36630.90',
    });
    expect(rest.body.lines.map((l: { invoiceLine: number; net: string }) => [l.invoiceLine, l.net])).toEqual([[0, '-9789.44'], [1, '-9789.44'], [2, '-9264.35']]);
    // Each line's share of the group's VAT: 27 % rounded, the last line taking what rounding leaves,
    // so that the lines add up to the note's totals (-7787.67 VAT, -36630.90 gross).
    expect(rest.body.lines.map((l: { vat: string; gross: string }) => [l.vat, l.gross])).toEqual([['-2643.15', '-12432.59'], ['-2643.15', '-12432.59'], ['-2501.37', '-11765.72']]);
    // Together the credit notes cancel the invoice exactly.
    expect(new Decimal(partial.body.total).plus(rest.body.total).plus(invoice.total).isZero()).toBe(true);

    const nothingLeft = await request(app).post('/invoices/HU1-2026-000001/credit-notes').set(keys.billing).send({ reason: 'again' }).expect(409);
    expect(nothingLeft.body.detail).toMatch(/nothing left to credit/);

    const notes = await creditNotesOf(invoiceId);
    expect(notes).toEqual([partial.body, rest.body]);
    // The invoice by its number, as every invoice route takes it.
    expect(await creditNotesOf('HU1-2026-000001')).toEqual([partial.body, rest.body]);
    expect(await creditNotesOf('HU1-2026-999999')).toEqual([]);
    expect((await request(app).get('/credit-notes').query({ clientId: 'C-1', limit: 1 }).set(keys.auditor).expect(200)).body).toEqual({ items: [partial.body], next: expect.any(String) });
    expect((await request(app).get('/credit-notes/HU1-2026-000003').set(keys.auditor).expect(200)).body).toEqual(rest.body);
    expect((await request(app).get(`/credit-notes/${partial.body.id}`).set(keys.auditor).expect(200)).body).toEqual(partial.body);
    await request(app).get('/credit-notes/HU1-2026-000001').set(keys.auditor).expect(404);
    // The issued invoice itself never changes; it only lists what was credited against it.
    const final = await invoiceByNumber('HU1-2026-000001');
    // Credited in full, nothing is left to pay (paymentStatus has no value of its own for that: paid).
    expect({ ...final, creditNotes: [] }).toEqual({ ...invoice, amountDue: '0.00', paymentStatus: 'paid' });
    expect(final.creditNotes.map((n: { id: string; total: string }) => [n.id, n.total])).toEqual([[partial.body.id, '-12700.00'], [rest.body.id, '-36630.90']]);
  });

  it('voids a run that is not issued (role billing): 200 with the run voided; an issued, voided or unknown run is refused', async () => {
    const december = (await request(app).post('/bill-runs').set(keys.billing).send({ asOf: '2026-12-01' }).expect(201)).body;
    expect(december).toMatchObject({ status: 'drafted', report: expect.objectContaining({ invoices: 1 }) });
    await request(app).post(`/bill-runs/${december.runId}/void`).set(keys.operator).expect(403);
    await request(app).post('/bill-runs/no-such-run/void').set(keys.billing).expect(404);

    const voided = await request(app).post(`/bill-runs/${december.runId}/void`).set(keys.billing).set('Idempotency-Key', 'void-1').expect(200);
    expect(voided.body).toMatchObject({ runId: december.runId, status: 'voided', approval: null, result: null, voided: { by: `apikey:${billingKeyId}`, at: NOW } });
    expect((await request(app).get(`/bill-runs/${december.runId}`).set(keys.auditor).expect(200)).body).toEqual(voided.body);
    expect((await request(app).get('/bill-runs').query({ status: 'voided' }).set(keys.auditor).expect(200)).body.items).toEqual([voided.body]);
    // The same Idempotency-Key replays the answer; voiding again without it is a conflict.
    expect((await request(app).post(`/bill-runs/${december.runId}/void`).set(keys.billing).set('Idempotency-Key', 'void-1').expect(200)).body).toEqual(voided.body);
    const again = await request(app).post(`/bill-runs/${december.runId}/void`).set(keys.billing).expect(409);
    expect(again.headers['content-type']).toMatch(/application\/problem\+json/);
    const issued = await request(app).post(`/bill-runs/${runId}/void`).set(keys.admin).expect(409);
    expect(issued.body).toMatchObject({ status: 409, type: '/problems/conflict' });
    expect((await request(app).get(`/bill-runs/${runId}`).set(keys.auditor).expect(200)).body).toMatchObject({ status: 'completed' });

    // Its cycle is free: the next run drafts it again.
    const next = (await request(app).post('/bill-runs').set(keys.billing).send({ asOf: '2026-12-01' }).expect(201)).body;
    expect(next).toMatchObject({ status: 'drafted', report: expect.objectContaining({ invoices: 1 }) });
  });
});
