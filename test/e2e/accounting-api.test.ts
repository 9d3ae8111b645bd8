import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../src/api/app.ts';
import type { Billstream } from '../../src/main.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { bootstrapAdminKey, issueApiKey } from '../../src/app/api-keys/service.ts';
import { importLegalEntities } from '../../src/import/legal-entities.ts';
import { ledgerStream } from '../../src/domain/receivables/events.ts';
import { invoiceStream } from '../../src/domain/bill-run/events.ts';
import { journalFindings } from '../../src/app/accounting/check.ts';
import { JOURNAL_CSV_HEADER, journalCsvRows } from '../../src/app/accounting/journal.ts';
import { openTestBillstream, temporaryDataDir } from '../support/billstream.ts';
import type { NewEvent } from '../../src/eventstore/port.ts';

const ADMIN = 'accounting-admin-key-0123456789';
const admin = { Authorization: `Bearer ${ADMIN}` };
const clock = () => ManualClock.at('2026-06-01T00:00:00Z');

let n = 0;
function event(type: string, data: unknown): NewEvent {
  n += 1;
  return { id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, type, data, metadata: { correlationId: 'c', causationId: null, tenantId: null, actor: 'test', recordedAt: '2026-05-01T00:00:00Z', schemaVersion: 1 } };
}

/** One EUR invoice of the HUF entity HU1 (the first time) and, per client, a payment of 1 EUR allocated to it: 2 entries per client. */
async function record(billstream: Billstream, clients: number, from = 0): Promise<void> {
  if (from === 0) await billstream.eventStore.append(invoiceStream('I-1'), [
    event('InvoiceDrafted', {
      invoiceId: 'I-1', runId: 'R-1', contractId: 'K-1', clientId: 'C-0', legalEntityId: 'HU1', period: { start: '2026-04-01', end: '2026-05-01' }, paymentTermsDays: 15, language: 'en',
      seller: { id: 'HU1', name: 'Seller', country: 'HU', vatId: null, currency: 'HUF' }, buyer: { id: 'C-0', name: 'Buyer', type: 'business', country: 'DE', vatId: null, taxableBusiness: true },
      flags: [], usageCutoff: 0,
      invoice: {
        currency: 'EUR', mentions: [], totalNet: '100.00', totalVat: '27.00', total: '127.00',
        lines: [{ kind: 'recurring', code: 'V', description: 'VoIP', subscriptionId: null, serviceCategory: 'voip', quantity: '1', unit: 'month', net: '100.00', vatCategory: 'S', vatRate: '27', period: { start: '2026-04-01', end: '2026-05-01' } }],
        vat: [{ category: 'S', rate: '27', taxable: '100.00', amount: '27.00', national: { currency: 'HUF', amount: '10800.00' } }],
        fx: { base: 'EUR', quote: 'HUF', rate: '400', date: '2026-04-30' }, fxRates: [{ base: 'EUR', quote: 'HUF', rate: '400', date: '2026-04-30' }],
      },
    }),
    event('InvoiceIssued', { invoiceId: 'I-1', runId: 'R-1', number: 'HU1-2026-000001', issueDate: '2026-05-01', dueDate: '2026-05-16' }),
  ], 'any');
  for (let c = from; c < from + clients; c++) {
    const base = { clientId: `C-${c}`, legalEntityId: 'HU1', date: '2026-05-10', currency: 'EUR', nationalCurrency: 'HUF' };
    await billstream.eventStore.append(ledgerStream(`C-${c}`), [
      event('PaymentReceived', { ...base, paymentId: `P-${c}`, amount: '1.00', reference: null, invoiceNumber: 'HU1-2026-000001', rate: '410' }),
      event('PaymentAllocated', { ...base, allocationId: `A-${c}`, paymentId: `P-${c}`, invoiceId: 'I-1', invoiceNumber: 'HU1-2026-000001', amount: '1.00', invoiceAmount: '1.00', invoiceCurrency: 'EUR', paymentRate: '410', invoiceRate: '400' }),
    ], 'any');
  }
  await billstream.catchUp();
}

async function pullAll(app: Express, auth: Record<string, string>, limit: number, after?: string): Promise<{ ids: string[]; last: string | undefined }> {
  const ids: string[] = [];
  let cursor = after;
  let last: string | undefined = after;
  for (;;) {
    const res = await request(app).get('/accounting/journal').query({ limit, ...(cursor ? { after: cursor } : {}) }).set(auth).expect(200);
    ids.push(...res.body.items.map((e: { id: string }) => e.id));
    if (res.body.items.length) last = res.body.items.at(-1).cursor;
    if (!res.body.next) return { ids, last };
    cursor = res.body.next;
  }
}

describe('accounting over REST', () => {
  const dataDir = temporaryDataDir();
  let billstream: Billstream;
  let app: Express;
  let accountant: Record<string, string>;
  let auditor: Record<string, string>;
  beforeAll(async () => {
    billstream = await openTestBillstream({ dataDir, adminKey: ADMIN, clock: clock() });
    await bootstrapAdminKey(billstream);
    await importLegalEntities(billstream, fs.readFileSync('examples/legal-entities.yaml', 'utf8'), { actor: 'test' });
    const key = async (role: 'accountant' | 'auditor' | 'operator' | 'billing') => ({ Authorization: `Bearer ${(await issueApiKey(billstream, { name: role, roles: [role], tenantId: null }, { commandId: `key-${role}`, actor: 'test' })).key}` });
    accountant = await key('accountant');
    auditor = await key('auditor');
    app = await createApp(billstream, { validateResponses: true });
    for (const role of ['operator', 'billing'] as const) await request(app).get('/accounting/journal').set(await key(role)).expect(403);
  });
  afterAll(() => billstream.close());

  it('imports a chart (accountant; auditor refused; unknown role refused whole) and posts with it', async () => {
    const chart = { legalEntityId: 'HU1', accounts: { receivables: { number: '311', name: 'Vevők' }, bank: { number: '384', name: 'Elszámolási betétszámla' } } };
    await request(app).put('/accounting/accounts').set(auditor).send(chart).expect(403);
    const bad = await request(app).put('/accounting/accounts').set(accountant).send({ legalEntityId: 'HU1', accounts: { ...chart.accounts, 'petty-cash': { number: '381', name: 'Pénztár' } } }).expect(422);
    expect(bad.body.detail).toMatch(/unknown role "petty-cash"/);
    const done = await request(app).put('/accounting/accounts').set(accountant).send(chart).expect(200);
    expect(done.body.outcome).toBe('updated');
    expect((await request(app).put('/accounting/accounts').set(accountant).send(chart).expect(200)).body.outcome).toBe('unchanged');
    const read = await request(app).get('/accounting/accounts').query({ entity: 'HU1' }).set(auditor).expect(200);
    expect(read.body.accounts).toContainEqual({ role: 'bank', number: '384', name: 'Elszámolási betétszámla', overridden: true });
    expect(read.body.accounts).toContainEqual({ role: 'fx-gain', number: '4900', name: 'Realised exchange gains', overridden: false });

    await record(billstream, 30);
    const first = await request(app).get('/accounting/journal').query({ limit: 3 }).set(auditor).expect(200);
    expect(first.body.items[0]).toMatchObject({ kind: 'invoice', ref: 'HU1-2026-000001', legalEntityId: 'HU1', date: '2026-05-01', currency: 'HUF' });
    expect(first.body.items[0].lines.map((l: { account: string; debit: string; credit: string }) => [l.account, l.debit, l.credit])).toEqual([['311', '50800.00', '0.00'], ['4000-voip', '0.00', '40000.00'], ['2400-S-27', '0.00', '10800.00']]);
    expect(first.body.items[2]).toMatchObject({ kind: 'allocation', ref: 'P-0/HU1-2026-000001' });
    expect(first.body.items[2].lines.map((l: { account: string; debit: string; credit: string }) => [l.account, l.debit, l.credit])).toEqual([['2500', '410.00', '0.00'], ['311', '0.00', '400.00'], ['4900', '0.00', '10.00']]);
    expect(await journalFindings(billstream.readStore)).toEqual([]);
  });

  it('pages every entry once, in order, across a restart and a rebuild; CSV carries the cursor in a header', async () => {
    const all = await pullAll(app, accountant, 1000);
    expect(all.ids).toHaveLength(61);
    const paged = await pullAll(app, accountant, 7);
    expect(paged.ids).toEqual(all.ids);

    // A poller stops halfway, billstream restarts and the journal is rebuilt with its group (billstream replay journal).
    const half = await request(app).get('/accounting/journal').query({ limit: 20 }).set(accountant).expect(200);
    await billstream.close();
    billstream = await openTestBillstream({ dataDir, adminKey: ADMIN, clock: clock() });
    const journal = billstream.consumers.find((c) => c.name === 'projection:billing-views')!;
    await journal.rebuild();
    app = await createApp(billstream, { validateResponses: true });
    const rest = await pullAll(app, accountant, 9, half.body.next);
    expect([...half.body.items.map((e: { id: string }) => e.id), ...rest.ids]).toEqual(all.ids);

    // Entries posted later follow the last cursor.
    await record(billstream, 2, 30);
    const later = await pullAll(app, accountant, 50, rest.last);
    expect(later.ids).toHaveLength(4);

    const csv = await request(app).get('/accounting/journal').query({ limit: 2 }).set(accountant).set('Accept', 'text/csv').expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const rows = csv.text.trim().split('\r\n');
    expect(rows[0]).toBe('entryId,date,legalEntityId,kind,ref,line,account,debit,credit,nationalCurrency,currency,amount,rate,cursor');
    expect(rows).toHaveLength(1 + 3 + 2);
    expect(rows[1]).toMatch(/^[0-9a-f-]{36},2026-05-01,HU1,invoice,HU1-2026-000001,1,311,50800.00,0.00,HUF,EUR,127,400,/);
    const next = csv.headers['next-cursor'];
    const after = await request(app).get('/accounting/journal').query({ limit: 1, after: next }).set(accountant).expect(200);
    expect(after.body.items[0].id).toBe(all.ids[2]);
  });

  it('sends as CSV the rows of the same entries as JSON, page by page (stored rows, byte for byte), with Next-Cursor and Last-Cursor, filtered alike', async () => {
    for (const query of [{ limit: 7 }, { limit: 1000 }, { limit: 5, entity: 'HU1', from: '2026-05-10', to: '2026-05-10' }, { limit: 3, entity: 'NOPE' }] as Record<string, string | number>[]) {
      let after: string | undefined;
      let pages = 0;
      do {
        const q = { ...query, ...(after ? { after } : {}) };
        const json = await request(app).get('/accounting/journal').query(q).set(accountant).expect(200);
        const csv = await request(app).get('/accounting/journal').query(q).set(accountant).set('Accept', 'text/csv').expect(200);
        expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
        expect(csv.text).toBe(JOURNAL_CSV_HEADER + journalCsvRows(json.body.items));
        expect(csv.headers['next-cursor']).toBe(json.body.next ?? undefined);
        expect(csv.headers['last-cursor']).toBe(json.body.items.at(-1)?.cursor);
        after = json.body.next ?? undefined;
        pages++;
      } while (after);
      expect(pages).toBeGreaterThan(0);
    }
    // The CSV a poller gets with a cursor taken from it: the entries after it.
    const first = await request(app).get('/accounting/journal').query({ limit: 4 }).set(accountant).set('Accept', 'text/csv').expect(200);
    const rest = await request(app).get('/accounting/journal').query({ limit: 2, after: first.headers['last-cursor'] }).set(accountant).expect(200);
    const all = await request(app).get('/accounting/journal').query({ limit: 6 }).set(accountant).expect(200);
    expect(rest.body.items.map((e: { id: string }) => e.id)).toEqual(all.body.items.slice(4).map((e: { id: string }) => e.id));
  });

  it('refuses a cursor never issued and a limit out of range with problem+json naming them', async () => {
    const page = await request(app).get('/accounting/journal').query({ limit: 1 }).set(accountant).expect(200);
    const cursor: string = page.body.next;
    const decoded = Buffer.from(cursor, 'base64url').toString();
    const tampered = Buffer.from(decoded.replace(/^\d+/, (p) => String(Number(p) + 1))).toString('base64url');
    for (const after of ['garbage', tampered, `${cursor}x`]) {
      const res = await request(app).get('/accounting/journal').query({ after }).set(accountant).expect(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(JSON.stringify(res.body)).toContain('after');
    }
    for (const limit of [0, 1001, 'x']) {
      const res = await request(app).get('/accounting/journal').query({ limit }).set(accountant).expect(400);
      expect(JSON.stringify(res.body)).toContain('limit');
    }
  });

  it('gives a trial balance whose debits equal its credits, with the opening before the period', async () => {
    const res = await request(app).get('/accounting/trial-balance').query({ entity: 'HU1', from: '2026-05-05', to: '2026-05-31' }).set(auditor).expect(200);
    expect(res.body.currency).toBe('HUF');
    expect(res.body.totals.debit).toBe(res.body.totals.credit);
    expect(res.body.totals.opening).toBe('0.00');
    const receivables = res.body.accounts.find((a: { account: string }) => a.account === '311');
    expect(receivables).toEqual({ account: '311', name: 'Vevők', opening: '50800.00', debit: '0.00', credit: '12800.00', closing: '38000.00' });
    // A VAT account exists per category and rate met; it is named like the others.
    expect(res.body.accounts.find((a: { account: string }) => a.account === '2400-S-27')).toMatchObject({ name: 'VAT payable S 27 %', opening: '-10800.00' });
    await request(app).get('/accounting/trial-balance').query({ entity: 'NOPE' }).set(auditor).expect(404);
  });

  it('refuses a malformed date or one the calendar does not have with problem+json naming the parameter (trial balance and journal)', async () => {
    for (const route of ['/accounting/trial-balance', '/accounting/journal']) {
      for (const [field, value] of [['from', '2026-02-30'], ['from', '2026-13-01'], ['from', '20261101'], ['to', '2026-11-31'], ['to', '2026-1-05']] as const) {
        const res = await request(app).get(route).query({ entity: 'HU1', [field]: value }).set(auditor);
        expect(res.status, `${route} ${field}=${value}`).toBe(400);
        expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
        expect(JSON.stringify(res.body), `${route} ${field}=${value}`).toContain(`"${field}"`);
      }
      // A period that ends before it starts.
      const reversed = await request(app).get(route).query({ entity: 'HU1', from: '2026-12-01', to: '2026-11-01' }).set(auditor);
      expect([reversed.status, JSON.stringify(reversed.body)], route).toEqual([400, expect.stringContaining('2026-12-01 is after to 2026-11-01')]);
    }
  });
});
