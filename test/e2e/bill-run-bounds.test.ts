/**
 * A bill run can neither exhaust memory nor keep billstream from starting (issue 10): a run holds
 * at most a bounded number of cycles per contract, and a run whose drafting cannot finish (an
 * error, or the process stopping during it again and again) becomes a failed run with its reason,
 * while `serve` starts and answers.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importLegalEntities } from '../../src/import/legal-entities.ts';
import { importCsvEntities } from '../../src/import/bulk.ts';
import { CSV_IMPORTS } from '../../src/import/crm-files.ts';
import { readCsv, textSource } from '../../src/import/csv.ts';
import { importTariffs } from '../../src/import/tariffs.ts';
import { importUsage, USAGE_COLUMNS } from '../../src/import/usage.ts';
import { approveBillRun, MAX_DRAFTING_ATTEMPTS, startBillRun } from '../../src/app/bill-run/issue.ts';
import { RUN_BOUNDS } from '../../src/app/bill-run/draft.ts';
import { BILL_RUN_DRAFTING_ATTEMPTED, billRunStream } from '../../src/domain/bill-run/events.ts';
import { CONTRACTS } from '../../projections/contracts.projection.ts';
import { BILL_RUNS, type BillRunDocument } from '../../projections/bill-runs.projection.ts';
import type { Billstream } from '../../src/main.ts';
import { openTestBillstream, temporaryDataDir } from '../support/billstream.ts';
import { startServer } from '../support/processes.ts';

async function setUp(billstream: Billstream, dir: string, contractStart: string, subscription: { start?: string; tariff?: 'NET' | 'METERED' } = {}): Promise<void> {
  await importLegalEntities(billstream, '- { id: DE1, name: Beispiel GmbH, country: DE, vatId: DE123456788, address: { line1: "Hauptstr. 1", city: Berlin, postalCode: "10115" }, currency: EUR, invoicePrefix: DE1 }', { actor: 't' });
  fs.mkdirSync(path.join(dir, 'tariffs'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'tariffs/net.yaml'), 'id: NET\nname: { en: Net }\ncurrency: EUR\nvalidFrom: 1990-01-01\ncategory: internet\nrecurring:\n  - { code: NET, name: { en: Net }, amount: "20.00", period: monthly, billed: arrears }\n');
  // Usage only: a cycle without usage has nothing to bill.
  fs.writeFileSync(path.join(dir, 'tariffs/metered.yaml'), 'id: METERED\nname: { en: Metered }\ncurrency: EUR\nvalidFrom: 1990-01-01\ncategory: internet\nusage:\n  - { type: data, unit: GB, tiers: [{ upTo: null, price: "1.00" }] }\n');
  await importTariffs(billstream, path.join(dir, 'tariffs'), { actor: 't' });
  const csv = (kind: string, text: string) => importCsvEntities(billstream, () => readCsv(textSource(text), CSV_IMPORTS[kind]!.columns), CSV_IMPORTS[kind]!, { actor: 't' });
  await csv('clients', 'client_id,type,name,country,language,currency,vat_id,time_zone,email,address_line1,city,postal_code,partner_id\nC1,person,Anna,DE,de,EUR,,Europe/Berlin,a@example.de,Str. 1,Berlin,10115,\n');
  await csv('contracts', `contract_id,client_id,legal_entity_id,start_date,end_date,billing_cycle,cycle_anchor_day,currency,payment_terms_days\nK1,C1,DE1,${contractStart},,monthly,1,EUR,15\n`);
  await csv('service-points', 'service_point_id,contract_id,identifiers,address_line1,city,postal_code,country\nP1,K1,anna,Str. 1,Berlin,10115,DE\n');
  await csv('subscriptions', `subscription_id,service_point_id,tariff_id,start_date,end_date,quantity\nS1,P1,${subscription.tariff ?? 'NET'},${subscription.start ?? contractStart},,1\n`);
  await billstream.catchUp();
}

const runDocument = async (billstream: Billstream, runId: string) => (await billstream.readStore.get(BILL_RUNS, runId)) as BillRunDocument;

describe('bill run bounds', () => {
  it(`drafts at most ${RUN_BOUNDS.cyclesPerContract} invoices of a contract, the oldest first, and says in the report how many wait`, async () => {
    const dir = temporaryDataDir('billstream-bounds-');
    const billstream = await openTestBillstream({ dataDir: path.join(dir, 'data') });
    try {
      // 1990-01 to 2026-11: 442 monthly cycles due.
      await setUp(billstream, dir, '1990-01-01');
      const { runId } = await startBillRun(billstream, { asOf: '2026-11-01' }, { commandId: 'old-contract', actor: 't' });
      await billstream.catchUp();
      const run = await runDocument(billstream, runId);
      expect(run.status).toBe('drafted');
      expect(run.report!.invoices).toBe(RUN_BOUNDS.cyclesPerContract);
      expect(run.report!.deferred).toEqual({ cycles: 442 - RUN_BOUNDS.cyclesPerContract, reasons: [expect.stringMatching(/at most 120 invoices of a contract \(the oldest cycles first\)/)] });
      const periods = (await billstream.readStore.find('invoices', { runId }, { limit: 1000 })).items.map((i) => (i as { period: { start: string } }).period.start).sort();
      expect(periods[0]).toBe('1990-01-01');
      expect(periods.at(-1)).toBe('1999-12-01');
    } finally {
      await billstream.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('bills a contract signed long before its first line from that line on: cycles with nothing to bill are not held against the bound', async () => {
    const dir = temporaryDataDir('billstream-late-line-');
    const billstream = await openTestBillstream({ dataDir: path.join(dir, 'data') });
    try {
      // 2014-01 to 2026-08: 152 monthly cycles before the line starts on 2026-09-01.
      await setUp(billstream, dir, '2014-01-01', { start: '2026-09-01' });
      const { runId } = await startBillRun(billstream, { asOf: '2026-11-01' }, { commandId: 'late-line', actor: 't' });
      await billstream.catchUp();
      const run = await runDocument(billstream, runId);
      expect(run.status).toBe('drafted');
      expect(run.report!.deferred).toBeUndefined();
      expect(run.report!.nothingToBill).toBe(152);
      const invoices = (await billstream.readStore.find('invoices', { runId }, { limit: 1000 })).items as unknown as { period: { start: string }; total: string }[];
      expect(invoices.map((i) => [i.period.start, i.total]).sort()).toEqual([['2026-09-01', '23.80'], ['2026-10-01', '23.80']]);
      await approveBillRun(billstream, runId, { includeHeld: false, issueDate: '2026-11-02' }, { commandId: 'approve-late-line', actor: 't' });
      await billstream.catchUp();
      // The next run finds the same 152 cycles closed by the approved one: nothing new to report.
      const next = await startBillRun(billstream, { asOf: '2026-12-01' }, { commandId: 'late-line-2', actor: 't' });
      await billstream.catchUp();
      const second = await runDocument(billstream, next.runId);
      expect(second.report!.nothingToBill).toBe(0);
      const periods = (await billstream.readStore.find('invoices', { runId: next.runId }, { limit: 1000 })).items.map((i) => (i as { period: { start: string } }).period.start);
      expect(periods).toEqual(['2026-11-01']);
    } finally {
      await billstream.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it(`bills a metered line's usage after more than ${RUN_BOUNDS.cyclesPerContract} cycles without any`, async () => {
    const dir = temporaryDataDir('billstream-quiet-line-');
    const billstream = await openTestBillstream({ dataDir: path.join(dir, 'data') });
    try {
      // Active since 2010, used for the first time in October 2026: 201 cycles with nothing to bill first.
      await setUp(billstream, dir, '2010-01-01', { tariff: 'METERED' });
      const usage = 'record_id,source,identifier,type,start_time,duration_s,called_number,bytes_in,bytes_out,quantity\nR1,bras,anna,data,2026-10-10T10:00:00Z,600,,2000000000,1000000000,\n';
      expect(await importUsage(billstream, () => readCsv(textSource(usage), USAGE_COLUMNS), { actor: 't' })).toMatchObject({ created: 1, unresolved: 0 });
      await billstream.catchUp();
      const { runId } = await startBillRun(billstream, { asOf: '2026-11-01' }, { commandId: 'quiet-line', actor: 't' });
      await billstream.catchUp();
      const run = await runDocument(billstream, runId);
      expect(run.report!.deferred).toBeUndefined();
      expect(run.report!.nothingToBill).toBe(201);
      const invoices = (await billstream.readStore.find('invoices', { runId }, { limit: 1000 })).items as unknown as { period: { start: string }; total: string }[];
      // 3 GB at 1.00, German VAT 19 %.
      expect(invoices.map((i) => [i.period.start, i.total])).toEqual([['2026-10-01', '3.57']]);
    } finally {
      await billstream.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('fails a run whose drafting throws, with the reason, and refuses to approve it', async () => {
    const dir = temporaryDataDir('billstream-failed-');
    const billstream = await openTestBillstream({ dataDir: path.join(dir, 'data') });
    try {
      await setUp(billstream, dir, '2026-10-01');
      // A read model that no longer makes sense (written behind the projection's back): drafting cannot compute it.
      const contract = (await billstream.readStore.get(CONTRACTS, 'K1'))!;
      await billstream.readStore.transact(async (uow) => uow.put(CONTRACTS, 'K1', { ...contract, startDate: 'not a date' }));
      const { runId } = await startBillRun(billstream, { asOf: '2026-11-01' }, { commandId: 'broken', actor: 't' });
      await billstream.catchUp();
      const run = await runDocument(billstream, runId);
      expect(run.status).toBe('failed');
      expect(run.failure?.reason).toMatch(/^drafting stopped: .+/);
      await expect(approveBillRun(billstream, runId, { includeHeld: false, issueDate: '2026-11-02' }, { commandId: 'approve-broken', actor: 't' })).rejects.toThrow(/failed and cannot be approved/);
    } finally {
      await billstream.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it(`starts serve when a saved run stopped the process ${MAX_DRAFTING_ATTEMPTS} times, and shows that run as failed`, async () => {
    const dir = temporaryDataDir('billstream-resume-');
    const data = path.join(dir, 'data');
    const billstream = await openTestBillstream({ dataDir: data });
    let runId: string;
    try {
      await setUp(billstream, dir, '2026-10-01');
      runId = (await startBillRun(billstream, { asOf: '2026-11-01' }, { commandId: 'crashing', actor: 't' })).runId;
      // What three processes left that each died while drafting (out of memory, kill -9).
      const metadata = { correlationId: runId, causationId: runId, tenantId: null, actor: 'saga:billing-cycle', recordedAt: '2026-11-01T00:00:00Z', schemaVersion: 1 };
      for (let attempt = 1; attempt <= MAX_DRAFTING_ATTEMPTS; attempt++) {
        await billstream.eventStore.append(billRunStream(runId), [{ id: crypto.randomUUID(), type: BILL_RUN_DRAFTING_ATTEMPTED, data: { runId, attempt }, metadata }], 'any');
      }
      await billstream.readModelsReached(await billstream.eventStore.headPosition());
    } finally {
      await billstream.close();
    }
    const server = await startServer(data, { startTimeoutMs: 20_000 });
    try {
      expect((await server.request('/health')).status).toBe(200);
      let run: { status: string; failure?: { reason: string } } = { status: 'started' };
      for (let i = 0; i < 100 && run.status !== 'failed'; i++) {
        run = (await (await server.request(`/bill-runs/${runId!}`)).json()) as typeof run;
        if (run.status !== 'failed') await new Promise((r) => setTimeout(r, 100));
      }
      expect(run.status).toBe('failed');
      expect(run.failure?.reason).toMatch(/drafting began 3 times and never finished/);
      const listed = (await (await server.request('/bill-runs?status=failed')).json()) as { items: { runId: string }[] };
      expect(listed.items.map((r) => r.runId)).toEqual([runId!]);
      const report = await server.request(`/bill-runs/${runId!}/report`);
      expect(report.status).toBe(409);
      expect(((await report.json()) as { detail: string }).detail).toMatch(/failed, so it has no control report: drafting began 3 times/);
    } finally {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
