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
import { approveBillRun, MAX_DRAFTING_ATTEMPTS, startBillRun } from '../../src/app/bill-run/issue.ts';
import { RUN_BOUNDS } from '../../src/app/bill-run/draft.ts';
import { BILL_RUN_DRAFTING_ATTEMPTED, billRunStream } from '../../src/domain/bill-run/events.ts';
import { CONTRACTS } from '../../projections/contracts.projection.ts';
import { BILL_RUNS, type BillRunDocument } from '../../projections/bill-runs.projection.ts';
import type { Billstream } from '../../src/main.ts';
import { openTestBillstream, temporaryDataDir } from '../support/billstream.ts';
import { startServer } from '../support/processes.ts';

async function setUp(billstream: Billstream, dir: string, contractStart: string): Promise<void> {
  await importLegalEntities(billstream, '- { id: DE1, name: Beispiel GmbH, country: DE, vatId: DE123456788, address: { line1: "Hauptstr. 1", city: Berlin, postalCode: "10115" }, currency: EUR, invoicePrefix: DE1 }', { actor: 't' });
  fs.mkdirSync(path.join(dir, 'tariffs'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'tariffs/net.yaml'), 'id: NET\nname: { en: Net }\ncurrency: EUR\nvalidFrom: 1990-01-01\ncategory: internet\nrecurring:\n  - { code: NET, name: { en: Net }, amount: "20.00", period: monthly, billed: arrears }\n');
  await importTariffs(billstream, path.join(dir, 'tariffs'), { actor: 't' });
  const csv = (kind: string, text: string) => importCsvEntities(billstream, () => readCsv(textSource(text), CSV_IMPORTS[kind]!.columns), CSV_IMPORTS[kind]!, { actor: 't' });
  await csv('clients', 'client_id,type,name,country,language,currency,vat_id,time_zone,email,address_line1,city,postal_code,partner_id\nC1,person,Anna,DE,de,EUR,,Europe/Berlin,a@example.de,Str. 1,Berlin,10115,\n');
  await csv('contracts', `contract_id,client_id,legal_entity_id,start_date,end_date,billing_cycle,cycle_anchor_day,currency,payment_terms_days\nK1,C1,DE1,${contractStart},,monthly,1,EUR,15\n`);
  await csv('service-points', 'service_point_id,contract_id,identifiers,address_line1,city,postal_code,country\nP1,K1,anna,Str. 1,Berlin,10115,DE\n');
  await csv('subscriptions', `subscription_id,service_point_id,tariff_id,start_date,end_date,quantity\nS1,P1,NET,${contractStart},,1\n`);
  await billstream.catchUp();
}

const runDocument = async (billstream: Billstream, runId: string) => (await billstream.readStore.get(BILL_RUNS, runId)) as BillRunDocument;

describe('bill run bounds', () => {
  it(`drafts at most ${RUN_BOUNDS.cyclesPerContract} cycles of a contract, the oldest first, and says in the report how many wait`, async () => {
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
      expect(run.report!.deferred).toEqual({ cycles: 442 - RUN_BOUNDS.cyclesPerContract, reasons: [expect.stringMatching(/at most 120 cycles of a contract \(the oldest first\)/)] });
      const periods = (await billstream.readStore.find('invoices', { runId }, { limit: 1000 })).items.map((i) => (i as { period: { start: string } }).period.start).sort();
      expect(periods[0]).toBe('1990-01-01');
      expect(periods.at(-1)).toBe('1999-12-01');
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
