/**
 * GET /dashboard over REST on a real store, every response validated against openapi.yaml, with
 * figures computed here by hand. Today is 2026-11-15. Two clients from 2026-09-01, each with
 * FIBRE-100 (24.90 EUR a month in advance, 49.00 EUR installation), 15 days to pay:
 *   C-1 (HU) with HU1 in HUF, VAT 27 %; C-2 (DE) with DE1 in EUR, VAT 19 %.
 * Run 1 as of 2026-10-01, issued 2026-10-05 (due 10-20): September and October in advance and the
 * installation, in HUF at the 2026-09-01 rate 389.70 (the rate on the cycle's last day):
 *   HU1  2 x 24.90 x 389.70 = 2 x 9703.53, 49.00 x 389.70 = 19095.30: net 38502.36,
 *        VAT 10395.6372 -> 10395.64, gross 48898.00
 *   DE1  2 x 24.90 + 49.00 = net 98.80, VAT 18.772 -> 18.77, gross 117.57
 * Run 2 as of 2026-11-01, issued 2026-11-05 (due 11-20): November in advance, at 393.15 (2026-10-01):
 *   HU1  24.90 x 393.15 = 9789.435 -> 9789.44 net, VAT 2643.1488 -> 2643.15, gross 12432.59
 *   DE1  net 24.90, VAT 4.731 -> 4.73, gross 29.63
 * A credit note of 10.00 net on DE1's November invoice (2026-11-12): net -10.00, VAT -1.90, -11.90.
 * Payments: HU1's October invoice in full (10-15), 10000.00 HUF of its November one (11-08).
 * Open on 2026-11-15:
 *   HUF 12432.59 - 10000.00 = 2432.59, due 11-20: nothing overdue
 *   EUR 117.57 (October, due 10-20: overdue) + 29.63 - 11.90 = 17.73 (November) = 135.30
 * Usage (after the last billed cycle, so on no invoice): data on 11-10 (2) and 11-12 (1) from
 * C-1's line; a voice call from an unknown number on 11-10 (unknown-identifier) and an SMS from
 * C-1's number on 11-12, whose tariff rates no SMS (no-subscription) until HOME-VOIP is added and
 * the unresolved records are rated again.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { Decimal } from 'decimal.js';
import type { Express } from 'express';
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

const ADMIN = 'dashboard-admin-key-0123456789';
const admin = { Authorization: `Bearer ${ADMIN}` };

const CRM: Record<string, string> = {
  clients: [
    'client_id,type,name,country,language,currency,vat_id,time_zone,email,address_line1,city,postal_code,partner_id',
    'C-1,person,Kovács Anna,HU,hu,HUF,,Europe/Budapest,anna.kovacs@posta.example,Kossuth Lajos utca 12,Budapest,1052,',
    'C-2,person,Erika Muster,DE,de,EUR,,Europe/Berlin,erika.muster@post.example,Torstraße 5,Berlin,10119,',
  ].join('\n'),
  contracts: [
    'contract_id,client_id,legal_entity_id,start_date,end_date,billing_cycle,cycle_anchor_day,currency,payment_terms_days,billing_start',
    'K-1,C-1,HU1,2026-09-01,,monthly,1,HUF,15,',
    'K-2,C-2,DE1,2026-09-01,,monthly,1,EUR,15,',
  ].join('\n'),
  'service-points': [
    'service_point_id,contract_id,identifiers,address_line1,city,postal_code,country',
    'SP-1,K-1,+3612345678;anna.kovacs@isp.example,Kossuth Lajos utca 12,Budapest,1052,HU',
    'SP-2,K-2,+49301234567;erika.muster@isp.example,Torstraße 5,Berlin,10119,DE',
  ].join('\n'),
  subscriptions: [
    'subscription_id,service_point_id,tariff_id,start_date,end_date,quantity',
    'S-1,SP-1,FIBRE-100,2026-09-01,,1',
    'S-2,SP-2,FIBRE-100,2026-09-01,,1',
  ].join('\n'),
};

const USAGE = [
  { recordId: 'u1', source: 'bras1', identifier: 'anna.kovacs@isp.example', type: 'data', startTime: '2026-11-10T08:00:00Z', durationSeconds: 600, bytesIn: 1000000, bytesOut: 2000000 },
  { recordId: 'u2', source: 'bras1', identifier: 'anna.kovacs@isp.example', type: 'data', startTime: '2026-11-10T21:30:00Z', durationSeconds: 60, bytesIn: 1000, bytesOut: 2000 },
  { recordId: 'u3', source: 'sbc1', identifier: '+3619999999', type: 'voice', startTime: '2026-11-10T10:00:00Z', durationSeconds: 60, calledNumber: '+4930123456' },
  { recordId: 'u4', source: 'bras1', identifier: 'anna.kovacs@isp.example', type: 'data', startTime: '2026-11-12T07:00:00Z', durationSeconds: 60, bytesIn: 5000, bytesOut: 5000 },
  { recordId: 'u5', source: 'smsc1', identifier: '+3612345678', type: 'sms', startTime: '2026-11-12T08:00:00Z', quantity: 1 },
];

interface Dashboard {
  asOf: string;
  revenue: unknown[];
  invoicesIssued: { month: string; count: number }[];
  receivables: unknown[];
  usagePerDay: unknown[];
  unresolvedUsage: unknown;
  lastBillRuns: { runId: string }[];
}

describe('the dashboard over REST', () => {
  let billstream: Billstream;
  let clock: ManualClock;
  let app: Express;
  const keys = {} as Record<'auditor' | 'operator' | 'client', { Authorization: string }>;
  const runs: string[] = [];

  const get = async (query: Record<string, unknown> = {}, key = admin): Promise<Dashboard> => {
    await billstream.catchUp();
    return (await request(app).get('/dashboard').query(query).set(key).expect(200)).body as Dashboard;
  };

  const billAndIssue = async (asOf: string, issueDate: string): Promise<void> => {
    // Each run starts a minute after the last: "the last runs" are ordered by when they started.
    clock.advance({ minutes: 1 });
    const run = await request(app).post('/bill-runs').set(admin).send({ asOf }).expect(201);
    expect(run.body.report).toMatchObject({ invoices: 2, blocked: 0 });
    await request(app).post(`/bill-runs/${run.body.runId}/approve`).set(admin).send({ issueDate, includeHeld: true }).expect(200);
    runs.push(run.body.runId);
  };

  beforeAll(async () => {
    clock = ManualClock.at('2026-11-15T12:00:00Z');
    billstream = await openTestBillstream({ adminKey: ADMIN, clock });
    await bootstrapAdminKey(billstream);
    for (const role of ['auditor', 'operator'] as const satisfies Role[]) {
      keys[role] = { Authorization: `Bearer ${(await issueApiKey(billstream, { name: role, roles: [role] }, { commandId: `key-${role}`, actor: 'test' })).key}` };
    }
    const context = { actor: 'test' };
    const entities = fs.readFileSync('examples/legal-entities.yaml', 'utf8');
    expect(await importLegalEntities(billstream, entities.slice(0, entities.indexOf('- id: AT1')), context)).toMatchObject({ created: 2, rejected: 0 });
    expect(await importTariffs(billstream, 'examples/tariffs', context)).toMatchObject({ rejected: 0 });
    for (const [kind, text] of Object.entries(CRM)) {
      const spec = CSV_IMPORTS[kind]!;
      expect(await importCsvEntities(billstream, () => readCsv(textSource(`${text}\n`), spec.columns), spec, context), kind).toMatchObject({ created: 2, rejected: 0 });
    }
    const rates = fs.readFileSync('examples/fx-rates.csv', 'utf8');
    expect(await importFxRates(billstream, () => readCsv(textSource(rates), FX_RATE_COLUMNS), context)).toMatchObject({ rejected: 0 });
    await billstream.catchUp();
    keys.client = { Authorization: `Bearer ${(await issueApiKey(billstream, { name: 'anna', roles: ['client'], clientId: 'C-1' }, { commandId: 'key-client', actor: 'test' })).key}` };
    app = await createApp(billstream, { validateResponses: true });
  });
  afterAll(() => billstream.close());

  it('is empty on a store with nothing billed: every month of the window with no invoices, no receivables, usage or runs', async () => {
    const empty = await get({ months: 3 });
    expect(empty).toEqual({
      asOf: '2026-11-15', revenue: [],
      invoicesIssued: [{ month: '2026-09', count: 0 }, { month: '2026-10', count: 0 }, { month: '2026-11', count: 0 }],
      receivables: [], usagePerDay: [], unresolvedUsage: { count: 0, byReason: [] }, lastBillRuns: [],
    });
  });

  it('sums two months of invoices of two legal entities, a credit note, payments and usage, as computed by hand', async () => {
    await billAndIssue('2026-10-01', '2026-10-05');
    await billAndIssue('2026-11-01', '2026-11-05');
    const invoices = (await request(app).get('/invoices').query({ status: 'issued' }).set(admin).expect(200)).body.items as { number: string; legalEntityId: string; issueDate: string; total: string }[];
    const numberOf = (entity: string, issueDate: string) => invoices.find((i) => i.legalEntityId === entity && i.issueDate === issueDate)!.number;
    // The invoices as computed above (the dashboard's sums are only as right as these).
    expect(invoices.map((i) => [i.legalEntityId, i.issueDate, i.total]).sort()).toEqual([
      ['DE1', '2026-10-05', '117.57'], ['DE1', '2026-11-05', '29.63'], ['HU1', '2026-10-05', '48898.00'], ['HU1', '2026-11-05', '12432.59'],
    ]);
    await request(app).post(`/invoices/${numberOf('DE1', '2026-11-05')}/credit-notes`).set(admin)
      .send({ reason: 'goodwill', lines: [{ line: 0, amount: '10.00' }], issueDate: '2026-11-12' }).expect(201)
      .then((res) => expect(res.body).toMatchObject({ totalNet: '-10.00', totalVat: '-1.90', total: '-11.90' }));
    await request(app).post('/payments').set(admin)
      .send({ paymentId: 'P-1', date: '2026-10-15', clientId: 'C-1', invoiceNumber: numberOf('HU1', '2026-10-05'), amount: '48898.00', currency: 'HUF' }).expect(201);
    await request(app).post('/payments').set(admin)
      .send({ paymentId: 'P-2', date: '2026-11-08', clientId: 'C-1', invoiceNumber: numberOf('HU1', '2026-11-05'), amount: '10000.00', currency: 'HUF' }).expect(201);
    const recorded = await request(app).post('/usage').set(admin).send({ records: USAGE }).expect(200);
    expect(recorded.body).toMatchObject({ created: 5, unresolved: 2 });

    const dashboard = await get();
    expect(dashboard.asOf).toBe('2026-11-15');
    expect(dashboard.revenue).toEqual([
      { month: '2026-10', legalEntityId: 'DE1', currency: 'EUR', net: '98.80', vat: '18.77', gross: '117.57', invoices: 1 },
      { month: '2026-10', legalEntityId: 'HU1', currency: 'HUF', net: '38502.36', vat: '10395.64', gross: '48898.00', invoices: 1 },
      // 24.90 - 10.00, 4.73 - 1.90, 29.63 - 11.90: the credit note counts in its own month.
      { month: '2026-11', legalEntityId: 'DE1', currency: 'EUR', net: '14.90', vat: '2.83', gross: '17.73', invoices: 1 },
      { month: '2026-11', legalEntityId: 'HU1', currency: 'HUF', net: '9789.44', vat: '2643.15', gross: '12432.59', invoices: 1 },
    ]);
    // Twelve months up to November 2026, oldest first, with the two runs' two invoices each.
    expect(dashboard.invoicesIssued).toHaveLength(12);
    expect(dashboard.invoicesIssued[0]).toEqual({ month: '2025-12', count: 0 });
    expect(dashboard.invoicesIssued.slice(-3)).toEqual([{ month: '2026-09', count: 0 }, { month: '2026-10', count: 2 }, { month: '2026-11', count: 2 }]);
    expect(dashboard.receivables).toEqual([
      { currency: 'EUR', open: '135.30', overdue: '117.57', invoicesOverdue: 1 },
      { currency: 'HUF', open: '2432.59', overdue: '0.00', invoicesOverdue: 0 },
    ]);
    // The aging report (which reads every receivable) agrees: open is its total, overdue all but its current bucket.
    const aging = (await request(app).get('/receivables/aging').query({ asOf: '2026-11-15' }).set(admin).expect(200)).body.totals as { currency: string; current: string; total: string }[];
    expect(aging.map((row) => [row.currency, row.total, new Decimal(row.total).minus(row.current).toFixed(2)]))
      .toEqual((dashboard.receivables as { currency: string; open: string; overdue: string }[]).map((row) => [row.currency, row.open, row.overdue]));
    expect(dashboard.usagePerDay).toEqual([
      { date: '2026-11-10', type: 'data', records: 2 },
      { date: '2026-11-10', type: 'voice', records: 1 },
      { date: '2026-11-12', type: 'data', records: 1 },
      { date: '2026-11-12', type: 'sms', records: 1 },
    ]);
    expect(dashboard.unresolvedUsage).toEqual({ count: 2, byReason: [{ reason: 'no-subscription', count: 1 }, { reason: 'unknown-identifier', count: 1 }] });
    // Newest first; both completed, every invoice issued (the held ones with includeHeld).
    const startedAt = (await request(app).get('/bill-runs').set(admin).expect(200)).body.items.map((r: { runId: string; startedAt: string }) => [r.runId, r.startedAt]);
    const started = new Map<string, string>(startedAt);
    expect(dashboard.lastBillRuns).toEqual([
      { runId: runs[1], asOf: '2026-11-01', status: 'completed', invoices: 2, held: 0, startedAt: started.get(runs[1]!) },
      { runId: runs[0], asOf: '2026-10-01', status: 'completed', invoices: 2, held: 0, startedAt: started.get(runs[0]!) },
    ]);

    // One month: November only.
    const november = await get({ months: 1 });
    expect(november.revenue.map((r) => (r as { month: string }).month)).toEqual(['2026-11', '2026-11']);
    expect(november.invoicesIssued).toEqual([{ month: '2026-11', count: 2 }]);
  });

  it('moves what is overdue with the day it is read: on 2026-11-21 November is late too', async () => {
    clock.advance({ hours: 6 * 24 });
    try {
      const later = await get();
      expect(later.asOf).toBe('2026-11-21');
      expect(later.receivables).toEqual([
        { currency: 'EUR', open: '135.30', overdue: '135.30', invoicesOverdue: 2 },
        { currency: 'HUF', open: '2432.59', overdue: '2432.59', invoicesOverdue: 1 },
      ]);
    } finally {
      clock.advance({ hours: -6 * 24 });
    }
  });

  it('takes a record off the unresolved count once a re-rating resolves it; its day keeps counting it once', async () => {
    const spec = CSV_IMPORTS.subscriptions!;
    const sms = 'subscription_id,service_point_id,tariff_id,start_date,end_date,quantity\nS-3,SP-1,HOME-VOIP,2026-11-01,,1\n';
    // The new subscription rates its point's records again by itself; a rerate after it finds nothing to change.
    expect(await importCsvEntities(billstream, () => readCsv(textSource(sms), spec.columns), spec, { actor: 'test' })).toMatchObject({ created: 1 });
    await billstream.catchUp();
    const rerated = await request(app).post('/usage/rerate').set(admin).send({ unresolvedOnly: true }).expect(200);
    expect(rerated.body).toMatchObject({ selected: 1, resolved: 0, unresolved: 1 });
    const dashboard = await get();
    expect(dashboard.unresolvedUsage).toEqual({ count: 1, byReason: [{ reason: 'unknown-identifier', count: 1 }] });
    expect(dashboard.usagePerDay).toEqual([
      { date: '2026-11-10', type: 'data', records: 2 },
      { date: '2026-11-10', type: 'voice', records: 1 },
      { date: '2026-11-12', type: 'data', records: 1 },
      { date: '2026-11-12', type: 'sms', records: 1 },
    ]);
    const unresolved = (await request(app).get('/usage/unresolved').set(admin).expect(200)).body.items;
    expect(unresolved.map((r: { recordId: string }) => r.recordId)).toEqual(['u3']);
  });

  it('shows a run drafted and then voided as it stands, newest first', async () => {
    clock.advance({ minutes: 1 });
    // Nothing is due again as of 2026-11-01: a drafted run with no invoice.
    const run = await request(app).post('/bill-runs').set(admin).send({ asOf: '2026-11-01' }).expect(201);
    const line = { runId: run.body.runId, asOf: '2026-11-01', status: 'drafted', invoices: 0, held: 0, startedAt: run.body.startedAt };
    expect((await get()).lastBillRuns).toEqual([line, expect.objectContaining({ runId: runs[1] }), expect.objectContaining({ runId: runs[0] })]);
    await request(app).post(`/bill-runs/${run.body.runId}/void`).set(admin).expect(200);
    expect((await get()).lastBillRuns[0]).toEqual({ ...line, status: 'voided' });
  });

  it('gives the same answer after its read models are rebuilt from the events', async () => {
    const before = await get({ months: 36 });
    for (const name of ['projection:billing-views', 'projection:usage-views']) {
      expect(await billstream.consumers.find((c) => c.name === name)!.rebuild()).toBeGreaterThan(0);
    }
    expect(await get({ months: 36 })).toEqual(before);
    expect(before.lastBillRuns).toHaveLength(3);
  });

  it('lets staff read it, not a client key; refuses a window outside 1 to 36 months', async () => {
    await request(app).get('/dashboard').set(keys.auditor).expect(200);
    await request(app).get('/dashboard').set(keys.operator).expect(200);
    const forbidden = await request(app).get('/dashboard').set(keys.client).expect(403);
    expect(forbidden.headers['content-type']).toMatch(/application\/problem\+json/);
    for (const months of [0, 37, 'twelve', 2.5]) await request(app).get('/dashboard').query({ months }).set(admin).expect(400);
    // Numbers that are no numbers (the validator once took them for integers in range: a 500).
    for (const months of ['Infinity', '-Infinity', '1e400']) {
      const refused = await request(app).get('/dashboard').query({ months }).set(admin).expect(400);
      expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'months' })]);
    }
    await request(app).get('/dashboard?months=1&months=2').set(admin).expect(400);
  });
});
