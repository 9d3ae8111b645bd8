/**
 * Payments and receivables over REST on a real store, every response validated against
 * openapi.yaml. HU1 (national currency HUF) bills two clients as of 2026-11-01, issued 2026-11-05,
 * due 2026-11-20 (15 days): C-1 in HUF (49330.90, see billing-api.test.ts) and C-2 in EUR.
 * Hand-computed aging:
 *   as of 2026-11-30: C-1 49330.90 - 20000.00 (P-1, 11-10) = 29330.90 HUF, 10 days late: 1-30
 *                     (P-2's allocation is dated 12-01: it does not count yet);
 *                     C-2 its total - 100.00 (P-3) EUR, 10 days late: 1-30
 *   as of 2027-01-10: C-1 paid; C-2 the same EUR amount, 51 days late: 31-60
 *   as of 2027-01-20: C-2 written off on 01-15: nothing open.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import { Decimal } from 'decimal.js';
import { createApp } from '../../src/api/app.ts';
import type { Billstream } from '../../src/main.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { Temporal } from 'temporal-polyfill';
import { bootstrapAdminKey, issueApiKey } from '../../src/app/api-keys/service.ts';
import type { Role } from '../../src/domain/api-key/events.ts';
import { importLegalEntities } from '../../src/import/legal-entities.ts';
import { importTariffs } from '../../src/import/tariffs.ts';
import { importCsvEntities } from '../../src/import/bulk.ts';
import { CSV_IMPORTS } from '../../src/import/crm-files.ts';
import { readCsv, textSource } from '../../src/import/csv.ts';
import { FX_RATE_COLUMNS, importFxRates } from '../../src/import/fx-rates.ts';
import { openTestBillstream } from '../support/billstream.ts';
import { docxText } from '../support/ooxml.ts';

const ADMIN = 'receivables-admin-key-0123456789';
const NOW = '2026-11-05T12:00:00Z';

const CRM: Record<string, string> = {
  // C-2 came through a reseller (PT-1): PT-1's key reads C-2's receivables and no one else's.
  partners: [
    'partner_id,name,email',
    'PT-1,Budapest Net Reseller Kft.,sales@bpnet.example',
    'PT-2,Szeged Net Kft.,sales@szegednet.example',
  ].join('\n'),
  clients: [
    'client_id,type,name,country,language,currency,vat_id,time_zone,email,address_line1,city,postal_code,partner_id',
    'C-1,person,Kovács Anna,HU,hu,HUF,,Europe/Budapest,anna.kovacs@posta.example,Kossuth Lajos utca 12,Budapest,1052,',
    'C-2,person,Nagy Béla,HU,hu,EUR,,Europe/Budapest,bela.nagy@posta.example,Váci út 1,Budapest,1062,PT-1',
  ].join('\n'),
  contracts: [
    'contract_id,client_id,legal_entity_id,start_date,end_date,billing_cycle,cycle_anchor_day,currency,payment_terms_days,billing_start',
    'K-1,C-1,HU1,2026-10-01,,monthly,1,HUF,15,',
    'K-2,C-2,HU1,2026-10-01,,monthly,1,EUR,15,',
  ].join('\n'),
  'service-points': [
    'service_point_id,contract_id,identifiers,address_line1,city,postal_code,country',
    'SP-1,K-1,+3612345678,Kossuth Lajos utca 12,Budapest,1052,HU',
    'SP-2,K-2,+3612345679,Váci út 1,Budapest,1062,HU',
  ].join('\n'),
  subscriptions: [
    'subscription_id,service_point_id,tariff_id,start_date,end_date,quantity',
    'S-1,SP-1,FIBRE-100,2026-10-01,,1',
    'S-2,SP-2,FIBRE-100,2026-10-01,,1',
  ].join('\n'),
};

describe('payments and receivables over REST', () => {
  const clock = ManualClock.at(NOW);
  /** Moves the clock on to noon UTC of `date` (the operator's today, from which the horizon of money dates counts). */
  const today = (date: string) => {
    const until = Temporal.Instant.from(`${date}T12:00:00Z`);
    if (Temporal.Instant.compare(until, clock.now()) > 0) clock.advance(clock.now().until(until));
  };
  let billstream: Billstream;
  let app: Express;
  const keys = {} as Record<'admin' | 'billing' | 'accountant' | 'auditor' | 'client' | 'partner' | 'otherPartner', { Authorization: string }>;
  let eur: { number: string; total: string };
  /** C-1's November statement as .docx bytes. */
  const novemberStatementDocx = () => request(app).get('/clients/C-1/statement').query({ from: '2026-11-01', to: '2026-11-30' }).set(keys.auditor)
    .set('Accept', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document').buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    }).expect(200);
  const HUF_INVOICE = 'HU1-2026-000001';

  beforeAll(async () => {
    billstream = await openTestBillstream({ adminKey: ADMIN, clock });
    await bootstrapAdminKey(billstream);
    keys.admin = { Authorization: `Bearer ${ADMIN}` };
    for (const role of ['billing', 'accountant', 'auditor'] as const satisfies Role[]) {
      const issued = await issueApiKey(billstream, { name: role, roles: [role] }, { commandId: `key-${role}`, actor: 'test' });
      keys[role] = { Authorization: `Bearer ${issued.key}` };
    }
    const context = { actor: 'test' };
    const entities = fs.readFileSync('examples/legal-entities.yaml', 'utf8');
    expect(await importLegalEntities(billstream, entities.slice(0, entities.indexOf('- id: DE1')), context)).toMatchObject({ created: 1, rejected: 0 });
    expect(await importTariffs(billstream, 'examples/tariffs', context)).toMatchObject({ rejected: 0 });
    for (const [kind, text] of Object.entries(CRM)) {
      const spec = CSV_IMPORTS[kind]!;
      expect(await importCsvEntities(billstream, () => readCsv(textSource(`${text}\n`), spec.columns), spec, context), kind).toMatchObject({ created: 2, rejected: 0 });
    }
    const rates = fs.readFileSync('examples/fx-rates.csv', 'utf8');
    expect(await importFxRates(billstream, () => readCsv(textSource(rates), FX_RATE_COLUMNS), context)).toMatchObject({ rejected: 0 });
    await billstream.catchUp();
    const client = await issueApiKey(billstream, { name: 'anna', roles: ['client'], clientId: 'C-1' }, { commandId: 'key-client', actor: 'test' });
    keys.client = { Authorization: `Bearer ${client.key}` };
    const partner = await issueApiKey(billstream, { name: 'bpnet', roles: ['partner'], tenantId: 'PT-1' }, { commandId: 'key-partner', actor: 'test' });
    keys.partner = { Authorization: `Bearer ${partner.key}` };
    const otherPartner = await issueApiKey(billstream, { name: 'szegednet', roles: ['partner'], tenantId: 'PT-2' }, { commandId: 'key-other-partner', actor: 'test' });
    keys.otherPartner = { Authorization: `Bearer ${otherPartner.key}` };
    app = await createApp(billstream, { validateResponses: true });
    const run = await request(app).post('/bill-runs').set(keys.billing).send({ asOf: '2026-11-01' }).expect(201);
    await request(app).post(`/bill-runs/${run.body.runId}/approve`).set(keys.billing).send({ issueDate: '2026-11-05' }).expect(200);
    const invoices = (await request(app).get('/invoices').query({ clientId: 'C-2' }).set(keys.auditor).expect(200)).body.items;
    eur = { number: invoices[0].number, total: invoices[0].total };
    expect(invoices[0]).toMatchObject({ currency: 'EUR', dueDate: '2026-11-20', paymentStatus: 'open', amountDue: invoices[0].total });
  });
  afterAll(() => billstream.close());

  const pay = (body: Record<string, unknown>, key = keys.accountant) => request(app).post('/payments').set(key).send(body);

  it('lets the accountant record payments; billing and auditor keys change nothing', async () => {
    today('2026-11-10');
    const p1 = { paymentId: 'P-1', date: '2026-11-10', clientId: 'C-1', invoiceNumber: HUF_INVOICE, amount: '20000.00', currency: 'HUF', reference: 'OTP 1' };
    await pay(p1, keys.billing).expect(403);
    await pay(p1, keys.auditor).expect(403);
    const res = await pay(p1).expect(201);
    expect(res.body).toMatchObject({ paymentId: 'P-1', legalEntityId: 'HU1', nationalCurrency: 'HUF', rate: '1', remaining: '0.00', allocations: [{ invoiceNumber: HUF_INVOICE, amount: '20000.00', invoiceAmount: '20000.00', date: '2026-11-10' }] });
    // The same payment again: exists-ok; other details under the same id: conflict.
    expect((await pay(p1).expect(200)).body).toEqual(res.body);
    const conflict = await pay({ ...p1, amount: '20001.00' }).expect(409);
    expect(conflict.headers['content-type']).toMatch(/problem\+json/);
    const invoice = (await request(app).get(`/invoices/${HUF_INVOICE}`).set(keys.auditor).expect(200)).body;
    expect(invoice).toMatchObject({ paymentStatus: 'partly-paid', amountDue: '29330.90' });
  });

  it('refuses zero, negative and unconvertible amounts and bad dates, recording nothing', async () => {
    const base = { paymentId: 'P-BAD', date: '2026-11-10', clientId: 'C-1', amount: '10.00', currency: 'HUF' };
    for (const amount of ['0', '-5.00', '1.001']) expect((await pay({ ...base, amount }).expect(422)).body.errors[0].field).toBe('amount');
    expect((await pay({ ...base, date: '2026-02-30' }).expect(422)).body.errors[0].field).toBe('date');
    // Today is 2026-11-10: a date before 2000 or beyond the 400-day horizon is a typo of the year.
    for (const date of ['0000-01-01', '1999-12-31', '2027-12-16', '2099-12-31']) {
      const refused = await pay({ ...base, date, invoiceNumber: HUF_INVOICE }).expect(422);
      expect(refused.headers['content-type']).toMatch(/problem\+json/);
      expect(refused.body.errors).toEqual([{ field: 'date', message: expect.stringContaining(date) }]);
    }
    expect((await pay({ ...base, date: '2027-12-16' }).expect(422)).body.errors[0].message).toBe('2027-12-16 is more than 400 days after today (2026-11-10): the latest date taken is 2027-12-15 (BILLSTREAM_BILL_RUN_HORIZON_DAYS sets the horizon)');
    // The invoice the refused payments named is as it was.
    expect((await request(app).get(`/invoices/${HUF_INVOICE}`).set(keys.auditor).expect(200)).body).toMatchObject({ paymentStatus: 'partly-paid', amountDue: '29330.90' });
    const chf = await pay({ ...base, currency: 'CHF', invoiceNumber: eur.number, clientId: 'C-2' }).expect(422);
    expect(chf.body.detail).toMatch(/no CHF\/HUF rate/);
    await pay({ ...base, clientId: 'C-404' }).expect(422);
    await request(app).get('/payments/P-BAD').set(keys.auditor).expect(404);
  });

  it('keeps an unknown invoice number as unallocated credit, lists it, allocates it oldest first and refunds what is left', async () => {
    today('2026-12-02');
    const res = await pay({ paymentId: 'P-2', date: '2026-11-12', clientId: 'C-1', invoiceNumber: 'HU1-2025-999999', amount: '50000.00', currency: 'HUF' }).expect(201);
    expect(res.body).toMatchObject({ invoiceNumber: 'HU1-2025-999999', allocations: [], remaining: '50000.00' });
    const listed = (await request(app).get('/payments').query({ unallocated: true }).set(keys.auditor).expect(200)).body.items;
    expect(listed.map((p: { paymentId: string }) => p.paymentId)).toEqual(['P-2']);
    await request(app).post('/payments/P-2/allocations').set(keys.auditor).send({}).expect(403);
    const allocated = await request(app).post('/payments/P-2/allocations').set(keys.accountant).send({ date: '2026-12-01' }).expect(200);
    expect(allocated.body).toMatchObject({ remaining: '20669.10', allocations: [{ invoiceNumber: HUF_INVOICE, amount: '29330.90', date: '2026-12-01' }] });
    // Nothing is open any more: naming the invoice is refused.
    await request(app).post('/payments/P-2/allocations').set(keys.accountant).send({ invoices: [{ invoice: HUF_INVOICE, amount: '1.00' }] }).expect(422);
    await request(app).post('/payments/P-2/refunds').set(keys.accountant).send({ amount: '20669.11' }).expect(422);
    const refunded = await request(app).post('/payments/P-2/refunds').set(keys.accountant).send({ amount: '669.10', date: '2026-12-02', reference: 'back to Anna' }).expect(201);
    expect(refunded.body).toMatchObject({ remaining: '20000.00', refunds: [{ amount: '669.10', date: '2026-12-02', reference: 'back to Anna' }] });
    expect((await request(app).get(`/invoices/${HUF_INVOICE}`).set(keys.auditor).expect(200)).body).toMatchObject({ paymentStatus: 'paid', amountDue: '0.00' });
  });

  it('settles a EUR invoice in EUR, writes off the rest (accountant only)', async () => {
    const res = await pay({ paymentId: 'P-3', date: '2026-11-10', clientId: 'C-2', invoiceNumber: eur.number, amount: '100.00', currency: 'EUR' }).expect(201);
    expect(res.body).toMatchObject({ legalEntityId: 'HU1', nationalCurrency: 'HUF', remaining: '0.00', allocations: [{ invoiceAmount: '100.00', invoiceCurrency: 'EUR' }] });
    const left = new Decimal(eur.total).minus(100).toFixed(2);
    const balance = (await request(app).get('/clients/C-2/balance').set(keys.auditor).expect(200)).body;
    // Today is 2026-12-02 (the refund before): past the due date 2026-11-20.
    expect(balance.currencies).toEqual([{ currency: 'EUR', receivable: left, unallocatedCredit: '0.00', balance: left, openItems: [expect.objectContaining({ number: eur.number, amountDue: left, paymentStatus: 'overdue' })] }]);
  });

  it('ages what was open as of a date, by days past the due date (hand-computed)', async () => {
    const left = new Decimal(eur.total).minus(100).toFixed(2);
    const zeroHuf = { current: '0.00', '1-30': '0.00', '31-60': '0.00', '61-90': '0.00', '90+': '0.00' };
    const nov = (await request(app).get('/receivables/aging').query({ asOf: '2026-11-30' }).set(keys.auditor).expect(200)).body;
    expect(nov).toEqual({
      asOf: '2026-11-30',
      clients: [
        { clientId: 'C-1', currency: 'HUF', ...zeroHuf, '1-30': '29330.90', total: '29330.90' },
        { clientId: 'C-2', currency: 'EUR', ...zeroHuf, '1-30': left, total: left },
      ],
      totals: [
        { currency: 'EUR', ...zeroHuf, '1-30': left, total: left },
        { currency: 'HUF', ...zeroHuf, '1-30': '29330.90', total: '29330.90' },
      ],
    });
    const before = (await request(app).get('/receivables/aging').query({ asOf: '2026-11-15' }).set(keys.auditor).expect(200)).body;
    expect(before.totals).toEqual([
      { currency: 'EUR', ...zeroHuf, current: new Decimal(eur.total).minus(100).toFixed(2), total: left },
      { currency: 'HUF', ...zeroHuf, current: '29330.90', total: '29330.90' },
    ]);
    const jan = (await request(app).get('/receivables/aging').query({ asOf: '2027-01-10' }).set(keys.auditor).expect(200)).body;
    expect(jan.clients).toEqual([{ clientId: 'C-2', currency: 'EUR', ...zeroHuf, '31-60': left, total: left }]);
    await request(app).get('/receivables/aging').query({ asOf: '2026-13-01' }).set(keys.auditor).expect(400);

    await request(app).post(`/invoices/${eur.number}/write-offs`).set(keys.billing).send({ reason: 'uncollectable' }).expect(403);
    today('2027-01-15');
    const written = await request(app).post(`/invoices/${eur.number}/write-offs`).set(keys.accountant).send({ reason: 'uncollectable', date: '2027-01-15' }).expect(201);
    expect(written.body).toMatchObject({ number: eur.number, paymentStatus: 'paid', amountDue: '0.00' });
    await request(app).post(`/invoices/${eur.number}/write-offs`).set(keys.accountant).send({ reason: 'again' }).expect(409);
    expect((await request(app).get('/receivables/aging').query({ asOf: '2027-01-20' }).set(keys.auditor).expect(200)).body).toEqual({ asOf: '2027-01-20', clients: [], totals: [] });
    // Still aged as of before the write-off.
    expect((await request(app).get('/receivables/aging').query({ asOf: '2027-01-10' }).set(keys.auditor).expect(200)).body.clients).toHaveLength(1);
  });

  it('prints a statement for a period as JSON, CSV and docx', async () => {
    const json = (await request(app).get('/clients/C-1/statement').query({ from: '2026-11-01', to: '2026-11-30' }).set(keys.auditor).expect(200)).body;
    expect(json.currencies).toEqual([{ currency: 'HUF', opening: '0.00', debits: '49330.90', credits: '70000.00', closing: '-20669.10' }]);
    expect(json.lines.map((l: { kind: string; debit: string; credit: string }) => [l.kind, l.debit, l.credit])).toEqual([['invoice', '49330.90', '0.00'], ['payment', '0.00', '20000.00'], ['payment', '0.00', '50000.00']]);
    const dec = (await request(app).get('/clients/C-1/statement').query({ from: '2026-12-01', to: '2026-12-31' }).set(keys.auditor).expect(200)).body;
    expect(dec.currencies).toEqual([{ currency: 'HUF', opening: '-20669.10', debits: '669.10', credits: '0.00', closing: '-20000.00' }]);
    const csv = await request(app).get('/clients/C-1/statement').query({ from: '2026-11-01', to: '2026-11-30' }).set(keys.auditor).set('Accept', 'text/csv').expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text.split('\r\n')[0]).toBe('date,kind,reference,description,currency,debit,credit,balance');
    const docx = await novemberStatementDocx();
    expect((docx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
    await request(app).get('/clients/C-1/statement').query({ from: '2026-12-01', to: '2026-11-01' }).set(keys.auditor).expect(400);
  });

  it("writes the statement .docx's lines in the client's language (C-1: Hungarian), dates as invoices write them", async () => {
    const docx = await novemberStatementDocx();
    const lines = docxText(docx.body as Buffer).split('\n');
    // The invoice, P-1 (reference "OTP 1") and P-2 (no reference): Hungarian words, the due date as the invoice writes it.
    expect(lines).toEqual(expect.arrayContaining([`Számla: ${HUF_INVOICE}, fizetési határidő: 2026. november 20.`, 'Befizetés: OTP 1', 'Befizetés']));
    for (const line of lines) expect(line, line).not.toMatch(/\b(invoice|due|payment|refund|written off|credit note|applied|paid by)\b/i);
  });

  it('answers 404 for the balance and statement of a client that does not exist, as for one outside a key\'s scope', async () => {
    for (const path of ['/clients/NOPE/balance', '/clients/NOPE/statement?from=2026-11-01&to=2026-11-30']) {
      const res = await request(app).get(path).set(keys.accountant).expect(404);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.detail).toBe('client NOPE does not exist');
    }
    // The dates are still checked first: a bad one is a 400 whatever the client.
    await request(app).get('/clients/NOPE/statement').query({ from: '2026-02-30', to: '2026-11-30' }).set(keys.accountant).expect(400);
  });

  it('refuses a malformed date or one the calendar does not have with problem+json naming the parameter', async () => {
    const cases: [string, Record<string, string>, string][] = [];
    for (const bad of ['2026-02-30', '2026-13-01', '20261101', '2026-11-31']) {
      cases.push(['/clients/C-1/statement', { from: bad, to: '2026-12-31' }, 'from'], ['/clients/C-1/statement', { from: '2026-01-01', to: bad }, 'to']);
      cases.push(['/receivables/aging', { asOf: bad }, 'asOf'], ['/payments/P-1', { asOf: `${bad}T00:00:00Z` }, 'asOf']);
    }
    for (const [path, query, field] of cases) {
      const res = await request(app).get(path).query(query).set(keys.accountant);
      expect(res.status, `${path} ${JSON.stringify(query)}`).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(JSON.stringify(res.body), `${path} ${JSON.stringify(query)}`).toContain(field);
    }
  });

  it('shows a client key its own client only', async () => {
    await request(app).get('/clients/C-1/balance').set(keys.client).expect(200);
    await request(app).get('/clients/C-2/balance').set(keys.client).expect(404);
    // Another client's payment answers exactly as one that does not exist: the key learns neither that it exists nor whose it is.
    for (const query of [{}, { asOf: '2030-01-01T00:00:00Z' }]) {
      const none = (await request(app).get('/payments/P-NONE').query(query).set(keys.client).expect(404)).body;
      expect(none.detail).toBe('payment P-NONE does not exist');
      for (const key of [keys.client, keys.otherPartner]) {
        const theirs = await request(app).get('/payments/P-3').query(query).set(key).expect(404);
        expect(theirs.headers['content-type']).toMatch(/application\/problem\+json/);
        expect(theirs.body).toEqual(JSON.parse(JSON.stringify(none).replaceAll('P-NONE', 'P-3')));
      }
    }
    const mine = (await request(app).get('/payments').set(keys.client).expect(200)).body.items;
    expect(mine.map((p: { clientId: string }) => p.clientId)).toEqual(['C-1', 'C-1']);
    const aging = (await request(app).get('/receivables/aging').query({ asOf: '2026-11-30' }).set(keys.client).expect(200)).body;
    expect(aging.clients.map((c: { clientId: string }) => c.clientId)).toEqual(['C-1']);
    await pay({ paymentId: 'P-9', date: '2026-11-10', clientId: 'C-1', amount: '1.00', currency: 'HUF' }, keys.client).expect(403);
  });

  it("shows a partner key its clients' receivables only (404 for another client's)", async () => {
    // By now: P-1 and P-2 are C-1's, P-3 is C-2's; C-2's EUR invoice was written off on 2027-01-15.
    // The partner reads C-2 as staff do.
    const balance = (await request(app).get('/clients/C-2/balance').set(keys.partner).expect(200)).body;
    expect(balance).toEqual((await request(app).get('/clients/C-2/balance').set(keys.auditor).expect(200)).body);
    expect(balance.clientId).toBe('C-2');
    await request(app).get('/clients/C-1/balance').set(keys.partner).expect(404);
    const statement = (await request(app).get('/clients/C-2/statement').query({ from: '2026-11-01', to: '2026-12-31' }).set(keys.partner).expect(200)).body;
    expect(statement).toEqual((await request(app).get('/clients/C-2/statement').query({ from: '2026-11-01', to: '2026-12-31' }).set(keys.auditor).expect(200)).body);
    await request(app).get('/clients/C-1/statement').query({ from: '2026-11-01', to: '2026-12-31' }).set(keys.partner).expect(404);

    expect((await request(app).get('/payments/P-3').set(keys.partner).expect(200)).body).toMatchObject({ paymentId: 'P-3', clientId: 'C-2' });
    await request(app).get('/payments/P-1').set(keys.partner).expect(404);
    const theirs = (await request(app).get('/payments').set(keys.partner).expect(200)).body.items;
    expect(theirs.map((p: { paymentId: string }) => p.paymentId)).toEqual(['P-3']);
    // Asking for another client's payments by filter gives none, not that client's.
    expect((await request(app).get('/payments').query({ clientId: 'C-1' }).set(keys.partner).expect(200)).body.items).toEqual([]);

    const everyone = (await request(app).get('/receivables/aging').query({ asOf: '2026-11-30' }).set(keys.auditor).expect(200)).body;
    const aging = (await request(app).get('/receivables/aging').query({ asOf: '2026-11-30' }).set(keys.partner).expect(200)).body;
    expect(aging.clients).toEqual(everyone.clients.filter((c: { clientId: string }) => c.clientId === 'C-2'));
    expect(aging.totals.map((t: { currency: string }) => t.currency)).toEqual(['EUR']);

    // A partner with no client here reads nothing of these.
    await request(app).get('/clients/C-2/balance').set(keys.otherPartner).expect(404);
    await request(app).get('/payments/P-3').set(keys.otherPartner).expect(404);
    expect((await request(app).get('/payments').set(keys.otherPartner).expect(200)).body.items).toEqual([]);
    expect((await request(app).get('/receivables/aging').query({ asOf: '2026-11-30' }).set(keys.otherPartner).expect(200)).body).toEqual({ asOf: '2026-11-30', clients: [], totals: [] });
    // Reading is all a partner key does here.
    await pay({ paymentId: 'P-8', date: '2026-11-10', clientId: 'C-2', amount: '1.00', currency: 'EUR' }, keys.partner).expect(403);
  });

  it('imports payments.csv: good rows kept, bad rows named by line and column, a second import changes nothing', async () => {
    const csv = [
      'payment_id,date,client_id,invoice_number,amount,currency,reference',
      'P-10,2026-11-20,C-1,,100.00,HUF,first',
      'P-11,2026-11-20,C-1,,-5,HUF,negative',
      'P-12,2026-11-31,C-1,,5.00,HUF,bad date',
      'P-10,2026-11-20,C-1,,100.00,HUF,again in the file',
      'P-13,2026-11-20,C-2,NOPE-1,7.00,EUR,unknown number',
    ].join('\n') + '\n';
    await request(app).post('/payments/import').set(keys.auditor).set('Content-Type', 'text/csv').send(csv).expect(403);
    const first = await request(app).post('/payments/import').set(keys.accountant).set('Content-Type', 'text/csv').send(csv).expect(422);
    expect(first.body).toMatchObject({ created: 2, rejected: 3 });
    expect(first.body.errors.map((e: { line: number; column: number }) => [e.line, e.column])).toEqual([[3, 5], [4, 2], [5, 1]]);
    const again = await request(app).post('/payments/import').set(keys.accountant).set('Content-Type', 'text/csv').send(csv).expect(422);
    expect(again.body).toMatchObject({ created: 0, unchanged: 2, rejected: 3 });
    expect((await request(app).get('/payments/P-13').set(keys.auditor).expect(200)).body).toMatchObject({ invoiceNumber: 'NOPE-1', remaining: '7.00' });
  });

  it('imports a payments.csv that leaves out the optional columns invoice_number and reference (absent = empty)', async () => {
    const csv = 'payment_id,date,client_id,amount,currency\nP-20,2026-11-21,C-1,12.00,HUF\n';
    const res = await request(app).post('/payments/import').set(keys.accountant).set('Content-Type', 'text/csv').send(csv);
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    expect(res.body).toMatchObject({ created: 1, rejected: 0 });
    expect((await request(app).get('/payments/P-20').set(keys.auditor).expect(200)).body).toMatchObject({ invoiceNumber: null, reference: null, remaining: '12.00' });
    // One column left out, the other given.
    const withReference = 'payment_id,date,client_id,amount,currency,reference\nP-21,2026-11-21,C-1,13.00,HUF,kp\n';
    expect((await request(app).post('/payments/import').set(keys.accountant).set('Content-Type', 'text/csv').send(withReference)).body).toMatchObject({ created: 1, rejected: 0 });
    expect((await request(app).get('/payments/P-21').set(keys.auditor).expect(200)).body).toMatchObject({ invoiceNumber: null, reference: 'kp' });
    // A required column is still required.
    const missing = await request(app).post('/payments/import').set(keys.accountant).set('Content-Type', 'text/csv').send('payment_id,date,client_id,currency\nP-22,2026-11-21,C-1,HUF\n');
    expect(JSON.stringify(missing.body)).toMatch(/missing column amount/);
  });

  it('refuses an allocation, refund, write-off or imported payment dated beyond the horizon, naming the date', async () => {
    // Today is 2027-01-15 (the horizon ends 2028-02-19); P-2 has 20000.00 HUF left.
    const beyond = '2028-02-20';
    const refusals = [
      await request(app).post('/payments/P-2/allocations').set(keys.accountant).send({ date: beyond }),
      await request(app).post('/payments/P-2/refunds').set(keys.accountant).send({ date: beyond, amount: '1.00' }),
      await request(app).post(`/invoices/${HUF_INVOICE}/write-offs`).set(keys.accountant).send({ date: beyond, reason: 'gone' }),
      await request(app).post('/payments/P-2/refunds').set(keys.accountant).send({ date: '1999-12-31', amount: '1.00' }),
    ];
    for (const refused of refusals) {
      expect(refused.status, JSON.stringify(refused.body)).toBe(422);
      expect(refused.headers['content-type']).toMatch(/problem\+json/);
      expect(refused.body.errors[0].field).toBe('date');
    }
    expect((await request(app).get('/payments/P-2').set(keys.auditor).expect(200)).body.remaining).toBe('20000.00');
    const csv = `payment_id,date,client_id,amount,currency\nP-30,2027-01-15,C-1,1.00,HUF\nP-31,${beyond},C-1,1.00,HUF\nP-32,0000-01-01,C-1,1.00,HUF\n`;
    const imported = await request(app).post('/payments/import').set(keys.accountant).set('Content-Type', 'text/csv').send(csv).expect(422);
    expect(imported.body).toMatchObject({ created: 1, rejected: 2 });
    expect(imported.body.errors).toEqual([
      { line: 3, column: 2, reason: `date: ${beyond} is more than 400 days after today (2027-01-15): the latest date taken is 2028-02-19 (BILLSTREAM_BILL_RUN_HORIZON_DAYS sets the horizon)` },
      { line: 4, column: 2, reason: 'date: 0000-01-01 is before 2000-01-01, the earliest date billstream takes for money' },
    ]);
    await request(app).get('/payments/P-31').set(keys.auditor).expect(404);
  });
});
