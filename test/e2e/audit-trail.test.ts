/**
 * The audit trail over REST (issue 14, part 5): the event log by time, actor, type and stream in
 * cursor pages whose work is bounded, and the history and `asOf` state of invoices, credit notes
 * and tariffs. One HU client is billed on a clock the test moves an hour at a time, so each step
 * has its own instant: imports at 12:00, the run drafted at 13:00, issued at 14:00, credited at
 * 15:00, a new tariff version at 16:00, a payment at 17:00. Every response is validated against
 * openapi.yaml.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../src/api/app.ts';
import type { Billstream } from '../../src/main.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { bootstrapAdminKey, issueApiKey } from '../../src/app/api-keys/service.ts';
import type { Role } from '../../src/domain/api-key/events.ts';
import type { RecordedEvent } from '../../src/eventstore/port.ts';
import { auditEvents, type AuditEvent, type AuditQuery } from '../../src/app/audit/trail.ts';
import { recordPayment } from '../../src/app/receivables/payments.ts';
import { importLegalEntities } from '../../src/import/legal-entities.ts';
import { importTariffs } from '../../src/import/tariffs.ts';
import { importCsvEntities } from '../../src/import/bulk.ts';
import { CSV_IMPORTS } from '../../src/import/crm-files.ts';
import { readCsv, textSource } from '../../src/import/csv.ts';
import { FX_RATE_COLUMNS, importFxRates } from '../../src/import/fx-rates.ts';
import { openTestBillstream } from '../support/billstream.ts';

const ADMIN = 'audit-admin-key-0123456789';
const T0 = '2026-11-05T12:00:00Z';
const at = (hour: number, minute = 0) => `2026-11-05T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00Z`;

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

describe('audit trail over REST', () => {
  let billstream: Billstream;
  let app: Express;
  const clock = ManualClock.at(T0);
  const keys = {} as Record<'admin' | Role, { Authorization: string }>;
  const keyIds = {} as Record<Role, string>;
  let invoiceId = '';
  let creditNoteId = '';
  /** The whole log, read straight from the store. */
  let log: RecordedEvent[] = [];

  beforeAll(async () => {
    billstream = await openTestBillstream({ adminKey: ADMIN, clock });
    await bootstrapAdminKey(billstream);
    keys.admin = { Authorization: `Bearer ${ADMIN}` };
    for (const role of ['billing', 'operator', 'auditor', 'accountant'] as const satisfies Role[]) {
      const issued = await issueApiKey(billstream, { name: role, roles: [role] }, { commandId: `key-${role}`, actor: 'test' });
      keys[role] = { Authorization: `Bearer ${issued.key}` };
      keyIds[role] = issued.document.id;
    }
    const context = { actor: 'test' };
    const entities = fs.readFileSync('examples/legal-entities.yaml', 'utf8');
    expect(await importLegalEntities(billstream, entities.slice(0, entities.indexOf('- id: DE1')), context)).toMatchObject({ created: 1, rejected: 0 });
    expect(await importTariffs(billstream, 'examples/tariffs', context)).toMatchObject({ rejected: 0 });
    for (const [kind, text] of Object.entries(CRM)) {
      const spec = CSV_IMPORTS[kind]!;
      expect(await importCsvEntities(billstream, () => readCsv(textSource(`${text}\n`), spec.columns), spec, context), kind).toMatchObject({ created: 1, rejected: 0 });
    }
    const rates = fs.readFileSync('examples/fx-rates.csv', 'utf8');
    expect(await importFxRates(billstream, () => readCsv(textSource(rates), FX_RATE_COLUMNS), context)).toMatchObject({ rejected: 0 });
    await billstream.catchUp();
    app = await createApp(billstream, { validateResponses: true });

    clock.advance({ hours: 1 });
    const run = await request(app).post('/bill-runs').set(keys.billing).send({ asOf: '2026-11-01' }).expect(201);
    invoiceId = (await request(app).get('/invoices').query({ runId: run.body.runId }).set(keys.auditor).expect(200)).body.items[0].id;
    clock.advance({ hours: 1 });
    await request(app).post(`/bill-runs/${run.body.runId}/approve`).set(keys.billing).send({ issueDate: '2026-11-05' }).expect(200);
    clock.advance({ hours: 1 });
    const note = await request(app).post('/invoices/HU1-2026-000001/credit-notes').set(keys.billing)
      .send({ reason: 'installation discount', lines: [{ line: 2, amount: '10000.00' }], issueDate: '2026-11-05' }).expect(201);
    creditNoteId = note.body.id;
    clock.advance({ hours: 1 });
    const tariff = fs.readFileSync('examples/tariffs/catv-basic.yaml', 'utf8').replace('validFrom: 2025-01-01', 'validFrom: 2027-01-01').replace('"9.90"', '"10.90"');
    await request(app).post('/tariffs/import').set(keys.operator).send({ tariff }).expect(200);
    clock.advance({ hours: 1 });
    // Dated the day it is recorded at 17:00: no payment is dated after today.
    await recordPayment(billstream, { paymentId: 'PAY-1', clientId: 'C-1', date: '2026-11-05', amount: '20000.00', currency: 'HUF', reference: 'transfer 1', invoiceNumber: 'HU1-2026-000001' }, { commandId: 'pay-1', actor: `apikey:${keyIds.accountant}` });
    await billstream.catchUp();
    log = await billstream.eventStore.readAll({ limit: 1_000_000 });
  });
  afterAll(() => billstream.close());

  /** Events as the log lists them: a key's hash is withheld. */
  const asJson = (events: RecordedEvent[]) => JSON.parse(JSON.stringify(events.map((e) => {
    const { secretHash: _withheld, ...visible } = e.data as Record<string, unknown>;
    return { position: e.position, streamId: e.streamId, revision: e.revision, id: e.id, type: e.type, data: e.type === 'ApiKeyIssued' ? visible : e.data, metadata: e.metadata };
  })));
  /** Every item of a query, following `next` to the end. */
  const everything = async (query: Record<string, string | number | string[]>, key = keys.auditor) => {
    const items: AuditEvent[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const res: { status: number; body: { items: AuditEvent[]; next: string | null } } = await request(app).get('/audit/events').query({ ...query, ...(after ? { after } : {}) }).set(key);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      items.push(...res.body.items);
      after = res.body.next;
      pages += 1;
    } while (after !== null);
    return { items, pages };
  };

  describe('GET /audit/events', () => {
    it('gives the whole log in position order, page by page, every event once, with its metadata', async () => {
      expect(log.length).toBeGreaterThan(100);
      const { items, pages } = await everything({ limit: 37 });
      expect(pages).toBe(Math.ceil(log.length / 37));
      expect(items).toEqual(asJson(log));
      const first = (await request(app).get('/audit/events').query({ limit: 1 }).set(keys.auditor).expect(200)).body;
      expect(first).toEqual({ items: [asJson(log)[0]], next: String(log[0]!.position) });
      // The metadata as stored, with whatever the log adds to it (tamper evidence).
      expect(first.items[0].metadata).toEqual({ ...log[0]!.metadata });
      expect(first.items[0].metadata).toMatchObject({ correlationId: expect.any(String), actor: 'system:bootstrap', recordedAt: T0, schemaVersion: expect.any(Number) });
    });

    it('names the keys behind the actors, but never shows a key\'s hash', async () => {
      const keysIssued = (await everything({ category: 'apiKey', type: 'ApiKeyIssued' })).items;
      expect(keysIssued.map((e) => e.data)).toContainEqual({ keyId: keyIds.billing, name: 'billing', roles: ['billing'], tenantId: null, clientId: null });
      expect(keysIssued.length).toBe(5);
      for (const event of keysIssued) expect(event.data).not.toHaveProperty('secretHash');
      const raw = await request(app).get('/audit/events').query({ limit: 1000 }).set(keys.admin).expect(200);
      expect(raw.text).not.toMatch(/secretHash/);
    });

    it('filters by event type (repeated or comma-separated), exactly', async () => {
      const issued = await everything({ type: 'InvoiceIssued' });
      // Issued by the billing cycle saga once the billing key approved the run.
      expect(issued.items.map((e) => [e.type, e.streamId, e.metadata.actor, e.metadata.recordedAt])).toEqual([['InvoiceIssued', `invoice-${invoiceId}`, 'saga:billing-cycle', at(14)]]);
      const approved = await everything({ type: 'BillRunApproved' });
      expect(approved.items.map((e) => e.metadata.actor)).toEqual([`apikey:${keyIds.billing}`]);
      const expected = asJson(log.filter((e) => e.type === 'InvoiceIssued' || e.type === 'CreditNoteIssued'));
      expect((await everything({ type: ['InvoiceIssued', 'CreditNoteIssued'] })).items).toEqual(expected);
      expect((await everything({ type: 'CreditNoteIssued,InvoiceIssued' })).items).toEqual(expected);
      // A prefix of a type is not the type.
      expect((await everything({ type: 'Invoice' })).items).toEqual([]);
    });

    it('filters by actor, by recording time [from, to), by stream and by stream category, and by all at once', async () => {
      const billingActor = `apikey:${keyIds.billing}`;
      expect((await everything({ actor: billingActor })).items).toEqual(asJson(log.filter((e) => e.metadata.actor === billingActor)));
      expect((await everything({ actor: 'apikey:nobody' })).items).toEqual([]);

      const window = log.filter((e) => e.metadata.recordedAt >= at(14) && e.metadata.recordedAt < at(15));
      expect(window.map((e) => e.type)).toContain('InvoiceIssued');
      expect(window.map((e) => e.type)).not.toContain('CreditNoteIssued');
      expect((await everything({ from: at(14), to: at(15) })).items).toEqual(asJson(window));
      expect((await everything({ from: '2026-11-05T15:00:00+01:00', to: '2026-11-05T17:00:00+02:00' })).items).toEqual(asJson(window));
      expect((await everything({ from: at(16) })).items).toEqual(asJson(log.filter((e) => e.metadata.recordedAt >= at(16))));
      expect((await everything({ to: at(12, 30) })).items).toEqual(asJson(log.filter((e) => e.metadata.recordedAt < at(12, 30))));

      const stream = `invoice-${invoiceId}`;
      const ofStream = asJson(log.filter((e) => e.streamId === stream));
      expect(ofStream.length).toBeGreaterThanOrEqual(3);
      // One event a page: each next page finds its place in the stream from the cursor.
      const oneByOne = await everything({ stream, limit: 1 });
      expect(oneByOne.items).toEqual(ofStream);
      expect((await everything({ category: 'invoice' })).items).toEqual(asJson(log.filter((e) => e.streamId.startsWith('invoice-'))));
      expect((await everything({ category: 'invoiceSeries' })).items).toEqual(asJson(log.filter((e) => e.streamId.startsWith('invoiceSeries-'))));
      expect((await everything({ category: 'invoice', type: 'InvoiceCredited', actor: billingActor, from: at(15), to: at(16) })).items)
        .toEqual(asJson(log.filter((e) => e.streamId === stream && e.type === 'InvoiceCredited')));
      expect((await everything({ stream: 'invoice-nope' })).items).toEqual([]);
    });

    it('bounds the work of a page: a short page with a next cursor when the scan budget runs out, null only at the end of the log', async () => {
      const scan = async (query: Omit<AuditQuery, 'after' | 'limit'>, limit: number, budget: number) => {
        const pages: AuditEvent[][] = [];
        let after: string | null = null;
        do {
          const page = await auditEvents(billstream, { ...query, limit, ...(after ? { after } : {}) }, budget);
          expect(page.items.length).toBeLessThanOrEqual(limit);
          pages.push(page.items);
          after = page.next;
        } while (after !== null && pages.length < 1000);
        return pages;
      };
      // Nothing matches: every page reads 10 events and says where to go on.
      const none = await scan({ actor: 'apikey:nobody' }, 50, 10);
      expect(none.length).toBe(Math.ceil(log.length / 10) + (log.length % 10 === 0 ? 1 : 0));
      expect(none.flat()).toEqual([]);
      // The pages of a small budget, joined, are the unbounded answer.
      const billing = { actor: `apikey:${keyIds.billing}` };
      const whole = (await auditEvents(billstream, { ...billing, limit: 1000 })).items;
      expect(whole.length).toBeGreaterThan(3);
      expect((await scan(billing, 3, 7)).flat()).toEqual(whole);
      expect((await scan({ category: 'invoice' }, 2, 5)).flat()).toEqual(asJson(log.filter((e) => e.streamId.startsWith('invoice-'))));
      expect((await scan({ types: ['InvoiceDrafted', 'InvoiceIssued'] }, 1, 1)).flat().map((e) => e.type)).toEqual(['InvoiceDrafted', 'InvoiceIssued']);
    });

    it('answers 400 problem+json naming the parameter for a bad instant, range, cursor, category or limit', async () => {
      const bad = async (query: Record<string, string | number>, field: string) => {
        const res = await request(app).get('/audit/events').query(query).set(keys.auditor).expect(400);
        expect(res.type).toBe('application/problem+json');
        expect(res.body.errors.map((e: { field: string }) => e.field), JSON.stringify(query)).toEqual([field]);
      };
      await bad({ from: 'yesterday' }, 'from');
      await bad({ from: '2026-11-05' }, 'from');
      await bad({ to: '2026-11-05T12:00:00' }, 'to');
      await bad({ to: '2026-13-05T12:00:00Z' }, 'to');
      await bad({ from: at(15), to: at(14) }, 'to');
      await bad({ after: 'abc' }, 'after');
      await bad({ after: '-1' }, 'after');
      await bad({ after: String(log.at(-1)!.position + 1) }, 'after');
      await bad({ category: 'invoice-' }, 'category');
      await bad({ limit: 0 }, 'limit');
      await bad({ limit: 1001 }, 'limit');
      await bad({ limit: 'ten' }, 'limit');
      // Once a page of the whole scan budget (10,000 events): the validator took them for integers in range.
      await bad({ limit: 'Infinity' }, 'limit');
      await bad({ limit: '1e400' }, 'limit');
      await bad({ actor: '' }, 'actor');
    });

    it('is for auditors, accountants and admins; operators, billing and unauthenticated callers are refused', async () => {
      for (const role of ['admin', 'auditor', 'accountant'] as const) await request(app).get('/audit/events').query({ limit: 1 }).set(keys[role]).expect(200);
      for (const role of ['operator', 'billing'] as const) {
        const res = await request(app).get('/audit/events').set(keys[role]).expect(403);
        expect(res.body.detail).toMatch(/auditor/);
      }
      await request(app).get('/audit/events').expect(401);
    });
  });

  describe('history and asOf of billing documents and tariffs', () => {
    it('gives an invoice as it stood at each instant: not there, drafted, issued, credited', async () => {
      const now = (await request(app).get('/invoices/HU1-2026-000001').set(keys.auditor).expect(200)).body;
      const asOf = async (instant: string, reference = 'HU1-2026-000001') => request(app).get(`/invoices/${reference}`).query({ asOf: instant }).set(keys.auditor);
      const before = await asOf(at(12, 59));
      expect(before.status).toBe(404);
      expect(before.body.detail).toMatch(/did not exist at 2026-11-05T12:59:00Z/);
      const draft = (await asOf(at(13, 30))).body;
      expect(draft).toMatchObject({ id: invoiceId, status: 'draft', number: null, issueDate: null, total: now.total, lines: now.lines, creditNotes: [], paymentStatus: null, amountDue: null });
      // 49,330.90 issued; 12,700.00 credited at 15:00; 20,000.00 paid at 17:00.
      expect(now).toMatchObject({ total: '49330.90', paymentStatus: 'partly-paid', amountDue: '16630.90' });
      expect(now.creditNotes).toEqual([expect.objectContaining({ id: creditNoteId })]);
      const issued = (await asOf(at(14, 30))).body;
      expect(issued).toEqual({ ...now, creditNotes: [], paymentStatus: 'open', amountDue: '49330.90' });
      expect((await asOf('2026-11-05T15:30:00+01:00', invoiceId)).body).toEqual(issued);
      expect((await asOf(at(15))).body).toEqual({ ...now, paymentStatus: 'open', amountDue: '36630.90' });
      // Now, the past and the present views agree.
      expect((await asOf(at(17))).body).toEqual(now);
      await request(app).get('/invoices/HU1-2026-999999').query({ asOf: at(15) }).set(keys.auditor).expect(404);
      await request(app).get('/invoices/HU1-2026-000001').query({ asOf: 'yesterday' }).set(keys.auditor).expect(400);
    });

    it('lists an invoice\'s events by number or id, with who recorded each and when', async () => {
      const history = (await request(app).get('/invoices/HU1-2026-000001/history').set(keys.auditor).expect(200)).body.items;
      expect(history.filter((e: { type: string }) => e.type !== 'InvoiceDocumentsRendered').map((e: { type: string; metadata: { recordedAt: string } }) => [e.type, e.metadata.recordedAt]))
        .toEqual([['InvoiceDrafted', at(13)], ['InvoiceIssued', at(14)], ['InvoiceCredited', at(15)]]);
      expect(history.find((e: { type: string }) => e.type === 'InvoiceCredited').metadata.actor).toBe(`apikey:${keyIds.billing}`);
      expect((await request(app).get(`/invoices/${invoiceId}/history`).set(keys.accountant).expect(200)).body.items).toEqual(history);
      await request(app).get('/invoices/HU1-2026-999999/history').set(keys.auditor).expect(404);
    });

    it('gives a credit note\'s history and its state at an instant (not there before its issue)', async () => {
      const now = (await request(app).get('/credit-notes/HU1-2026-000002').set(keys.auditor).expect(200)).body;
      expect(now.id).toBe(creditNoteId);
      expect((await request(app).get('/credit-notes/HU1-2026-000002').query({ asOf: at(15) }).set(keys.auditor).expect(200)).body).toEqual(now);
      expect((await request(app).get(`/credit-notes/${creditNoteId}`).query({ asOf: at(16) }).set(keys.auditor).expect(200)).body).toEqual(now);
      await request(app).get('/credit-notes/HU1-2026-000002').query({ asOf: at(14, 59) }).set(keys.auditor).expect(404);
      const history = (await request(app).get('/credit-notes/HU1-2026-000002/history').set(keys.auditor).expect(200)).body.items;
      expect(history[0]).toMatchObject({ type: 'CreditNoteIssued', revision: 0, metadata: { actor: `apikey:${keyIds.billing}`, recordedAt: at(15) } });
      await request(app).get('/credit-notes/HU1-2026-999999/history').set(keys.auditor).expect(404);
    });

    it('gives a tariff with the versions published by an instant', async () => {
      const now = await request(app).get('/tariffs/CATV-BASIC').set(keys.auditor).expect(200);
      expect(now.body.versions.map((v: { validFrom: string }) => v.validFrom)).toEqual(['2025-01-01', '2027-01-01']);
      const then = await request(app).get('/tariffs/CATV-BASIC').query({ asOf: at(15) }).set(keys.auditor).expect(200);
      expect(then.body.versions.map((v: { validFrom: string }) => v.validFrom)).toEqual(['2025-01-01']);
      expect(then.headers.etag).toBe('W/"0"');
      expect((await request(app).get('/tariffs/CATV-BASIC').query({ asOf: at(16) }).set(keys.auditor).expect(200)).body).toEqual(now.body);
      await request(app).get('/tariffs/CATV-BASIC').query({ asOf: '2026-11-05T11:59:59Z' }).set(keys.auditor).expect(404);
      const history = (await request(app).get('/tariffs/CATV-BASIC/history').set(keys.auditor).expect(200)).body.items;
      expect(history.map((e: { metadata: { recordedAt: string } }) => e.metadata.recordedAt)).toEqual([T0, at(16)]);
    });

    it('refuses an instant the calendar does not have with 400 naming asOf, never reading it as a later day', async () => {
      const paths = ['/invoices/HU1-2026-000001', '/credit-notes/HU1-2026-000002', '/tariffs/CATV-BASIC', '/discounts/D-1', '/clients/C-1', '/contracts/K-1', '/service-points/SP-1', '/payments/PAY-1'];
      for (const route of paths) {
        for (const instant of ['2026-02-30T00:00:00Z', '2026-11-31T12:00:00Z', '2026-11-05T24:30:00Z']) {
          const res = await request(app).get(route).query({ asOf: instant }).set(keys.auditor);
          expect(res.status, `${route}?asOf=${instant}`).toBe(400);
          expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
          expect(res.body.errors, `${route}?asOf=${instant}`).toEqual([expect.objectContaining({ field: 'asOf' })]);
        }
      }
      // A discount simulation's as-of date likewise (a date, not an instant).
      const simulated = await request(app).post('/discounts/simulate').query({ all: 'true', asOf: '2026-02-30' }).set(keys.billing).set('Content-Type', 'application/yaml')
        .send('id: GOODWILL\nname: { en: Goodwill }\nvalidFrom: 2026-01-01\nvalidTo: null\nscope: { clients: [C-1] }\nkind: fixed\namount: "10"\ncurrency: HUF\non: {}\npriority: 100\ngroup: null\ncap: null\n');
      expect([simulated.status, simulated.body.errors]).toEqual([400, [expect.objectContaining({ field: 'asOf' })]]);
    });

    it('gives a payment\'s history: the events of its client\'s ledger that name it', async () => {
      const history = (await request(app).get('/payments/PAY-1/history').set(keys.auditor).expect(200)).body.items;
      const ledger = log.filter((e) => e.streamId === 'ledger-C-1' && (e.data as { paymentId?: string }).paymentId === 'PAY-1');
      expect(ledger.map((e) => e.type)).toEqual(['PaymentReceived', 'PaymentAllocated']);
      expect(history).toEqual(asJson(ledger).map(({ streamId: _s, ...event }: { streamId: string }) => event));
      expect(history[0]).toMatchObject({ data: { paymentId: 'PAY-1', amount: '20000.00', invoiceNumber: 'HU1-2026-000001' }, metadata: { actor: `apikey:${keyIds.accountant}`, recordedAt: at(17) } });
      await request(app).get('/payments/PAY-404/history').set(keys.auditor).expect(404);
    });

    it('gives a payment as it stood at an instant: not there before its receipt, then as today', async () => {
      const now = (await request(app).get('/payments/PAY-1').set(keys.auditor).expect(200)).body;
      expect(now).toMatchObject({ paymentId: 'PAY-1', remaining: '0.00', allocations: [expect.objectContaining({ invoiceNumber: 'HU1-2026-000001', amount: '20000.00' })] });
      const before = await request(app).get('/payments/PAY-1').query({ asOf: at(16, 59) }).set(keys.auditor).expect(404);
      expect(before.body.detail).toBe(`payment PAY-1 did not exist at ${at(16, 59)}`);
      expect((await request(app).get('/payments/PAY-1').query({ asOf: at(17) }).set(keys.auditor).expect(200)).body).toEqual(now);
      await request(app).get('/payments/PAY-1').query({ asOf: 'yesterday' }).set(keys.auditor).expect(400);
    });
  });
});
