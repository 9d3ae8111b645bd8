/**
 * Bill runs an operator can trust (issue 12, items 1-4): a contract's cycles are issued in order
 * and each bills its own fees (RULES.md 8, 9); a cycle without a charge spends no number; the
 * control report's flags mean what they say; runs can be voided, a later run supersedes an
 * unapproved one, and the daily scheduler starts no run when no cycle is due.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importLegalEntities } from '../../src/import/legal-entities.ts';
import { importCsvEntities } from '../../src/import/bulk.ts';
import { CSV_IMPORTS } from '../../src/import/crm-files.ts';
import { readCsv, readCsvFile, textSource } from '../../src/import/csv.ts';
import { importTariffs } from '../../src/import/tariffs.ts';
import { FX_RATE_COLUMNS, importFxRates } from '../../src/import/fx-rates.ts';
import { approveBillRun, startBillRun } from '../../src/app/bill-run/issue.ts';
import { voidBillRun } from '../../src/app/bill-run/void.ts';
import { scheduleBillRuns, startScheduledBillRun } from '../../src/app/bill-run/scheduler.ts';
import { findAll } from '../../src/readstore/port.ts';
import { ConflictError, NotFoundError } from '../../src/core/errors.ts';
import { invoiceStream } from '../../src/domain/bill-run/events.ts';
import { findInvoices } from '../../src/app/invoice/view.ts';
import { BILL_RUNS, type BillRunDocument } from '../../projections/bill-runs.projection.ts';
import type { Billstream } from '../../src/main.ts';
import { openTestBillstream, temporaryDataDir } from '../support/billstream.ts';

const CLIENT_COLUMNS = 'client_id,type,name,country,language,currency,vat_id,time_zone,email,address_line1,city,postal_code,partner_id';

describe('bill runs in cycle order', () => {
  let dir: string;
  let billstream: Billstream;
  let runs = 0;

  beforeEach(async () => {
    dir = temporaryDataDir('billstream-order-');
    billstream = await openTestBillstream({ dataDir: path.join(dir, 'data') });
    await importLegalEntities(billstream, '- { id: HU1, name: Példa Kft., country: HU, vatId: HU12345676, address: { line1: "Váci út 1", city: Budapest, postalCode: "1062" }, currency: HUF, invoicePrefix: HU1 }', { actor: 't' });
    fs.mkdirSync(path.join(dir, 'tariffs'));
    fs.writeFileSync(path.join(dir, 'tariffs/net.yaml'), 'id: NET\nname: { en: Net }\ncurrency: EUR\nvalidFrom: 2025-01-01\ncategory: internet\nrecurring:\n  - { code: NET, name: { en: Net }, amount: "20.00", period: monthly, billed: arrears }\n');
    fs.writeFileSync(path.join(dir, 'tariffs/adv.yaml'), 'id: ADV\nname: { en: Net in advance }\ncurrency: EUR\nvalidFrom: 2025-01-01\ncategory: internet\nrecurring:\n  - { code: ADV, name: { en: Net }, amount: "20.00", period: monthly, billed: advance }\n');
    fs.writeFileSync(path.join(dir, 'tariffs/tv.yaml'), 'id: TV\nname: { en: TV }\ncurrency: EUR\nvalidFrom: 2025-01-01\ncategory: catv\nrecurring:\n  - { code: TV, name: { en: TV }, amount: "100.00", period: monthly, billed: arrears }\n');
    expect((await importTariffs(billstream, path.join(dir, 'tariffs'), { actor: 't' })).errors).toEqual([]);
    await billstream.catchUp();
  });

  afterEach(async () => {
    await billstream.close();
  });

  const csv = async (kind: string, text: string) => {
    const summary = await importCsvEntities(billstream, () => readCsv(textSource(text), CSV_IMPORTS[kind]!.columns), CSV_IMPORTS[kind]!, { actor: 't' });
    expect(summary.errors, kind).toEqual([]);
  };
  const rates = async (text: string) => {
    fs.writeFileSync(path.join(dir, 'fx.csv'), `date,base,quote,rate\n${text}`);
    await importFxRates(billstream, () => readCsvFile(path.join(dir, 'fx.csv'), FX_RATE_COLUMNS), { actor: 't' });
  };
  /** Imports one contract per row `[client row, contract, start, tariff, subscription start]`. */
  const crm = async (rows: { client: string; contract: string; start: string; tariff: string; subscriptionStart?: string }[]) => {
    await csv('clients', `${CLIENT_COLUMNS}\n${[...new Set(rows.map((r) => r.client))].join('\n')}\n`);
    await billstream.catchUp();
    await csv('contracts', `contract_id,client_id,legal_entity_id,start_date,end_date,billing_cycle,cycle_anchor_day,currency,payment_terms_days\n${rows.map((r) => `${r.contract},${r.client.split(',')[0]},HU1,${r.start},,monthly,1,EUR,15`).join('\n')}\n`);
    await csv('service-points', `service_point_id,contract_id,identifiers,address_line1,city,postal_code,country\n${rows.map((r) => `P-${r.contract},${r.contract},id-${r.contract},Fő utca 1,Budapest,1011,HU`).join('\n')}\n`);
    await csv('subscriptions', `subscription_id,service_point_id,tariff_id,start_date,end_date,quantity\n${rows.map((r) => `S-${r.contract},P-${r.contract},${r.tariff},${r.subscriptionStart ?? r.start},,1`).join('\n')}\n`);
    await billstream.catchUp();
  };
  const draft = async (asOf: string, changeThresholdPercent?: number) => {
    const { runId } = await startBillRun(billstream, { asOf, ...(changeThresholdPercent === undefined ? {} : { changeThresholdPercent }) }, { commandId: `run-${++runs}`, actor: 't' });
    await billstream.catchUp();
    return (await billstream.readStore.get(BILL_RUNS, runId)) as BillRunDocument;
  };
  const approve = async (run: BillRunDocument, includeHeld: boolean) => {
    await approveBillRun(billstream, run.id, { includeHeld, issueDate: '2026-03-02' }, { commandId: `approve-${run.id}`, actor: 't' });
    await billstream.catchUp();
    return ((await billstream.readStore.get(BILL_RUNS, run.id)) as BillRunDocument).result;
  };
  const flagsOf = (run: BillRunDocument) => run.report!.flags.map((f) => [f.contractId, f.cycle.start, f.flags.map((x) => [x.code, x.blocking])]);
  const issued = async () => (await findInvoices(billstream.readStore, { status: 'issued' }))
    .map((i) => ({ contract: i.contractId, cycle: i.period.start, number: i.number, lines: i.lines.map((l) => [l.code, l.period.start, l.net]) }))
    .sort((a, b) => a.number!.localeCompare(b.number!));

  it('holds the later cycles behind a blocked one, never folds its fees into them, and issues all in order once it can', async () => {
    // A EUR invoice from a HUF seller needs EUR/HUF at each cycle's last day: 2025 has none.
    await crm([{ client: 'C1,person,Anna,HU,hu,EUR,,Europe/Budapest,a@example.hu,Fő utca 1,Budapest,1011,', contract: 'K1', start: '2025-11-01', tariff: 'NET' }]);
    await rates('2026-01-01,EUR,HUF,400\n');
    const first = await draft('2026-02-01');
    expect(flagsOf(first)).toEqual([
      ['K1', '2025-11-01', [['missing-fx-rate', true]]],
      ['K1', '2025-12-01', [['missing-fx-rate', true], ['waits-for-earlier-cycle', true]]],
      ['K1', '2026-01-01', [['waits-for-earlier-cycle', true]]],
    ]);
    expect(first.report!.flags[2]!.flags[0]!.message).toContain('2025-11-01 to 2025-11-30');
    expect(first.report!.flags[2]!.flags[0]!.params).toEqual({ cycleStart: '2025-11-01', cycleLastDay: '2025-11-30', status: 'blocked' });
    expect(first.report!.flags[0]!.flags[0]!.params).toEqual({ pairs: 'EUR/HUF', date: '2025-11-30' });
    // The override issues nothing out of order.
    expect(await approve(first, true)).toEqual({ issued: 0, held: 3, superseded: 0 });
    expect(await issued()).toEqual([]);

    await rates('2025-11-01,EUR,HUF,390\n');
    const second = await draft('2026-02-01');
    expect(second.report!.flags).toEqual([]);
    expect(await approve(second, false)).toEqual({ issued: 3, held: 0, superseded: 0 });
    // Each cycle's invoice carries its own month's fee only, numbered in cycle order.
    expect(await issued()).toEqual([
      { contract: 'K1', cycle: '2025-11-01', number: 'HU1-2026-000001', lines: [['NET', '2025-11-01', '20.00']] },
      { contract: 'K1', cycle: '2025-12-01', number: 'HU1-2026-000002', lines: [['NET', '2025-12-01', '20.00']] },
      { contract: 'K1', cycle: '2026-01-01', number: 'HU1-2026-000003', lines: [['NET', '2026-01-01', '20.00']] },
    ]);
  });

  it('issues a held (not blocked) earlier cycle and the ones waiting for it together, in order, only with the override', async () => {
    await rates('2025-01-01,EUR,HUF,400\n');
    // A company in another member state without a VAT id: every cycle is held for review.
    await crm([{ client: 'C2,company,GmbH,AT,de,EUR,,Europe/Vienna,b@example.at,Ring 2,Wien,1010,', contract: 'K2', start: '2025-12-01', tariff: 'NET' }]);
    const first = await draft('2026-02-01');
    expect(flagsOf(first)).toEqual([
      ['K2', '2025-12-01', [['b2b-without-vat-id', false]]],
      ['K2', '2026-01-01', [['b2b-without-vat-id', false], ['waits-for-earlier-cycle', false]]],
    ]);
    expect(first.report!.flags[0]!.flags[0]!.params).toEqual({ clientId: 'C2', country: 'AT' });
    expect(await approve(first, false)).toEqual({ issued: 0, held: 2, superseded: 0 });
    const second = await draft('2026-02-01');
    expect(await approve(second, true)).toEqual({ issued: 2, held: 0, superseded: 0 });
    expect((await issued()).map((i) => [i.cycle, i.number])).toEqual([['2025-12-01', 'HU1-2026-000001'], ['2026-01-01', 'HU1-2026-000002']]);
  });

  it('closes a cycle without a charge without an invoice and spends no number on it', async () => {
    await rates('2025-01-01,EUR,HUF,400\n');
    // The contract starts in November; its only subscription in mid-January.
    await crm([{ client: 'C3,person,Béla,HU,hu,EUR,,Europe/Budapest,c@example.hu,Fő utca 3,Budapest,1011,', contract: 'K3', start: '2025-11-01', tariff: 'NET', subscriptionStart: '2026-01-16' }]);
    const run = await draft('2026-02-01');
    expect(run.report!.invoices).toBe(1);
    expect(run.report!.nothingToBill).toBe(2);
    expect(await approve(run, false)).toEqual({ issued: 1, held: 0, superseded: 0 });
    // 20.00 * 16/31 days = 10.32
    expect(await issued()).toEqual([{ contract: 'K3', cycle: '2026-01-01', number: 'HU1-2026-000001', lines: [['NET', '2026-01-16', '10.32']] }]);
    const invoices = await findInvoices(billstream.readStore, {});
    expect(invoices.map((i) => i.period.start)).toEqual(['2026-01-01']);
  });

  it('counts a cycle closed without an invoice once: by the run that closed it, not by every later run', async () => {
    await rates('2025-01-01,EUR,HUF,400\n');
    // November and December have no charge; the subscription starts in mid-January.
    await crm([{ client: 'C3,person,Béla,HU,hu,EUR,,Europe/Budapest,c@example.hu,Fő utca 3,Budapest,1011,', contract: 'K3', start: '2025-11-01', tariff: 'NET', subscriptionStart: '2026-01-16' }]);
    const first = await draft('2026-02-01');
    expect(first.report!.nothingToBill).toBe(2);
    // A run over it before approval supersedes it: it counts them too (the first closed nothing).
    const second = await draft('2026-02-01');
    expect(second.report!.supersedes).toEqual([first.id]);
    expect(second.report!.nothingToBill).toBe(2);
    expect(await approve(second, false)).toEqual({ issued: 1, held: 0, superseded: 0 });
    // Approved, the second run closed them: later runs, over the same date or a later one, count them no more.
    const again = await draft('2026-02-01');
    expect([again.report!.invoices, again.report!.nothingToBill]).toEqual([0, 0]);
    await voidBillRun(billstream, again.id, { commandId: 'void-again', actor: 't' });
    const march = await draft('2026-03-01');
    expect([march.report!.invoices, march.report!.nothingToBill]).toEqual([1, 0]);
    // A contract registered after the closing run: its own empty cycles are counted, once.
    await crm([{ client: 'C8,person,Gizi,HU,hu,EUR,,Europe/Budapest,g@example.hu,Fő utca 8,Budapest,1011,', contract: 'K8', start: '2026-01-01', tariff: 'NET', subscriptionStart: '2026-02-10' }]);
    const withNew = await draft('2026-03-01');
    expect(withNew.report!.supersedes).toEqual([march.id]);
    expect([withNew.report!.invoices, withNew.report!.nothingToBill]).toEqual([2, 1]);
  });

  it('compares a total with the same contract\'s previous cycle, whichever run looks', async () => {
    await rates('2025-01-01,EUR,HUF,400\n');
    // One client, two contracts of very different totals: neither is compared with the other.
    const client = 'C4,person,Cili,HU,hu,EUR,,Europe/Budapest,d@example.hu,Fő utca 4,Budapest,1011,';
    await crm([{ client, contract: 'K4', start: '2026-01-01', tariff: 'NET' }, { client, contract: 'K5', start: '2026-01-01', tariff: 'TV' }]);
    const january = await draft('2026-02-01');
    expect(january.report!.flags).toEqual([]);
    await approve(january, false);
    const february = await draft('2026-03-01');
    expect(february.report!.flags).toEqual([]);
    expect(february.report!.invoices).toBe(2);
  });

  it('never compares with the contract\'s first invoice (it bills the next period in advance too), and flags a real change after it', async () => {
    await rates('2025-01-01,EUR,HUF,400\n');
    await crm([{ client: 'C6,person,Dóra,HU,hu,EUR,,Europe/Budapest,f@example.hu,Fő utca 6,Budapest,1011,', contract: 'K6', start: '2026-01-01', tariff: 'ADV' }]);
    // TV from 15 February, billed in arrears: February's invoice 20.00 + 50.00, March's 20.00 + 100.00.
    await csv('subscriptions', 'subscription_id,service_point_id,tariff_id,start_date,end_date,quantity\nS-TV,P-K6,TV,2026-02-15,,1\n');
    await billstream.catchUp();
    const run = await draft('2026-04-01', 10);
    const totals = (await findInvoices(billstream.readStore, { runId: run.id })).map((i) => [i.period.start, i.totalNet]).sort();
    expect(totals).toEqual([['2026-01-01', '40.00'], ['2026-02-01', '70.00'], ['2026-03-01', '120.00']]);
    // February (70.00 against January's 40.00, which carried February in advance) is not flagged; March is (+71.4 %).
    expect(flagsOf(run)).toEqual([
      ['K6', '2026-03-01', [['total-changed', false]]],
    ]);
    expect(run.report!.flags[0]!.flags[0]!.message).toContain("total 152.40 differs from the previous cycle's 88.90 by 71.4 %");
    // The same figures as data, for the console to say them in its language (issue 16).
    expect(run.report!.flags[0]!.flags[0]!.params).toEqual({ total: '152.40', previousTotal: '88.90', currency: 'EUR', changePercent: '71.4', thresholdPercent: '10' });
  });

  it('flags a business without a VAT id only where the VAT id decides its treatment', async () => {
    await rates('2025-01-01,EUR,HUF,400\n2025-01-01,EUR,USD,1.1\n2025-01-01,EUR,GBP,0.85\n');
    await crm([
      { client: 'US1,company,Acme Inc.,US,en,EUR,,America/New_York,a@example.com,1 Main St,Boston,02108,', contract: 'K-US', start: '2026-01-01', tariff: 'NET' },
      { client: 'GB1,company,Acme Ltd,GB,en,EUR,,Europe/London,a@example.co.uk,1 High St,London,EC1A 1BB,', contract: 'K-GB', start: '2026-01-01', tariff: 'NET' },
      { client: 'HU2,company,Hazai Kft.,HU,hu,EUR,,Europe/Budapest,h@example.hu,Fő utca 5,Budapest,1011,', contract: 'K-HU', start: '2026-01-01', tariff: 'NET' },
      { client: 'DE1,company,Beispiel GmbH,DE,de,EUR,,Europe/Berlin,b@example.de,Hauptstr. 1,Berlin,10115,', contract: 'K-DE', start: '2026-01-01', tariff: 'NET' },
    ]);
    const run = await draft('2026-02-01');
    expect(flagsOf(run)).toEqual([['K-DE', '2026-01-01', [['b2b-without-vat-id', false]]]]);
  });

  const runDocument = async (runId: string) => (await billstream.readStore.get(BILL_RUNS, runId)) as BillRunDocument;
  const anna = { client: 'C1,person,Anna,HU,hu,EUR,,Europe/Budapest,a@example.hu,Fő utca 1,Budapest,1011,', contract: 'K1', start: '2026-01-01', tariff: 'NET' };

  it('voids a drafted run: nothing of it can be approved, its drafts stay in the history as voided, its cycles go to the next run', async () => {
    await rates('2025-01-01,EUR,HUF,400\n');
    await crm([anna]);
    const run = await draft('2026-03-01');
    expect(run.report!.invoices).toBe(2);
    await voidBillRun(billstream, run.id, { commandId: 'void-1', actor: 'operator' });
    await billstream.catchUp();
    const voided = await runDocument(run.id);
    expect(voided.status).toBe('voided');
    expect(voided.voided).toEqual({ by: 'operator', at: expect.any(String) });
    const drafts = (await findInvoices(billstream.readStore, {})).sort((a, b) => a.period.start.localeCompare(b.period.start));
    expect(drafts.map((i) => [i.period.start, i.status])).toEqual([['2026-01-01', 'voided'], ['2026-02-01', 'voided']]);
    const history = await billstream.eventStore.readStream(invoiceStream(drafts[0]!.id));
    expect(history.map((e) => e.type)).toEqual(['InvoiceDrafted', 'InvoiceDraftVoided']);
    await expect(approveBillRun(billstream, run.id, { includeHeld: false, issueDate: '2026-03-02' }, { commandId: 'approve-voided', actor: 't' })).rejects.toThrow(ConflictError);
    await expect(voidBillRun(billstream, run.id, { commandId: 'void-2', actor: 'operator' })).rejects.toThrow(/voided already by operator/);

    const next = await draft('2026-03-01');
    expect(next.report!.invoices).toBe(2);
    expect(next.report!.supersedes).toBeUndefined();
    expect(await approve(next, false)).toEqual({ issued: 2, held: 0, superseded: 0 });
    expect((await issued()).map((i) => [i.cycle, i.number])).toEqual([['2026-01-01', 'HU1-2026-000001'], ['2026-02-01', 'HU1-2026-000002']]);
    // An issued run is corrected with credit notes, never voided; an unknown one does not exist.
    await expect(voidBillRun(billstream, next.id, { commandId: 'void-3', actor: 'operator' })).rejects.toThrow(/completed: its invoices are issued/);
    await expect(voidBillRun(billstream, 'no-such-run', { commandId: 'void-4', actor: 'operator' })).rejects.toThrow(NotFoundError);
  });

  it('supersedes an unapproved run that drafted the same cycles, names it, and refuses to approve it', async () => {
    await rates('2025-01-01,EUR,HUF,400\n');
    await crm([anna]);
    const older = await draft('2026-02-01');
    const newer = await draft('2026-03-01');
    expect(newer.report!.supersedes).toEqual([older.id]);
    const replaced = await runDocument(older.id);
    expect(replaced.status).toBe('superseded');
    expect(replaced.supersededBy).toBe(newer.id);
    await expect(approveBillRun(billstream, older.id, { includeHeld: false, issueDate: '2026-03-02' }, { commandId: 'approve-older', actor: 't' }))
      .rejects.toThrow(`superseded by bill run ${newer.id}`);
    // The January draft was adopted unchanged by the newer run: not voided, not drafted twice.
    const january = (await findInvoices(billstream.readStore, {})).find((i) => i.period.start === '2026-01-01')!;
    expect(january.status).toBe('draft');
    expect(january.runId).toBe(newer.id);
    expect((await billstream.eventStore.readStream(invoiceStream(january.id))).map((e) => e.type)).toEqual(['InvoiceDrafted', 'InvoiceDraftAdopted']);
    expect(await approve(newer, false)).toEqual({ issued: 2, held: 0, superseded: 0 });
  });

  it('schedules no run while no cycle is due, one a day when one is', async () => {
    await rates('2025-01-01,EUR,HUF,400\n');
    expect(await startScheduledBillRun(billstream, '2026-01-15')).toBeNull();
    await crm([anna]);
    // The contract's first cycle ends on 2026-02-01.
    expect(await startScheduledBillRun(billstream, '2026-01-31')).toBeNull();
    const first = await startScheduledBillRun(billstream, '2026-02-01');
    expect(first).not.toBeNull();
    await billstream.catchUp();
    // The same day again (another server, a restart): the same run.
    expect((await startScheduledBillRun(billstream, '2026-02-01'))?.runId).toBe(first!.runId);
    // Later days before the next cycle ends: nothing new is due.
    expect(await startScheduledBillRun(billstream, '2026-02-02')).toBeNull();
    expect(await startScheduledBillRun(billstream, '2026-02-28')).toBeNull();
    expect(await startScheduledBillRun(billstream, '2026-03-01')).not.toBeNull();
    await billstream.catchUp();
    expect((await runDocument(first!.runId)).status).toBe('superseded');
  });

  it('schedules no run when an operator\'s run covers every due cycle, and never supersedes an operator\'s run waiting for review', async () => {
    await rates('2025-01-01,EUR,HUF,400\n');
    await crm([anna]);
    // The operator billed today's cycles and approved them: the scheduler finds nothing due (no empty run).
    const billed = await draft('2026-02-01');
    await approve(billed, false);
    expect(await startScheduledBillRun(billstream, '2026-02-01')).toBeNull();
    // The operator drafted a run for review: the scheduler leaves it alone, also once another cycle ended.
    const waiting = await draft('2026-03-01');
    expect(await startScheduledBillRun(billstream, '2026-03-01')).toBeNull();
    expect(await startScheduledBillRun(billstream, '2026-04-01')).toBeNull();
    await billstream.catchUp();
    expect((await runDocument(waiting.id)).status).toBe('drafted');
    const runs = await findAll<BillRunDocument>(billstream.readStore, BILL_RUNS, {});
    expect(runs.map((r) => [r.asOf, r.status, r.startedBy]).sort()).toEqual([['2026-02-01', 'completed', 't'], ['2026-03-01', 'drafted', 't']]);
    expect(await approve(waiting, false)).toEqual({ issued: 1, held: 0, superseded: 0 });
    // Once it is approved, the cycles that ended since are the scheduler's again.
    const scheduled = await startScheduledBillRun(billstream, '2026-04-01');
    expect(scheduled).not.toBeNull();
    await billstream.catchUp();
    expect((await runDocument(scheduled!.runId)).report!.invoices).toBe(1);
  });

  it('runs the schedule inside serve: one run on each day a cycle ended, drafted and waiting for approval', async () => {
    await rates('2025-01-01,EUR,HUF,400\n');
    await crm([anna]);
    let today = '2026-02-01';
    const handle = scheduleBillRuns(billstream, () => today, 20);
    await new Promise((r) => setTimeout(r, 80));
    today = '2026-02-02';
    await new Promise((r) => setTimeout(r, 80));
    today = '2026-03-01';
    await new Promise((r) => setTimeout(r, 80));
    handle.stop();
    await billstream.catchUp();
    const scheduled = await findAll<BillRunDocument>(billstream.readStore, BILL_RUNS, {});
    expect(scheduled.map((r) => [r.asOf, r.status, r.startedBy]).sort()).toEqual([['2026-02-01', 'superseded', 'scheduler'], ['2026-03-01', 'drafted', 'scheduler']]);
  });

  it('holds an invoice whose documents would lack a legal item, and warns without holding when only payment details are missing', async () => {
    await rates('2025-01-01,EUR,HUF,400\n');
    await importLegalEntities(billstream, '- { id: HU2, name: Adószám Nélkül Bt., country: HU, address: { line1: "Fő tér 2", city: Szeged, postalCode: "6720" }, currency: HUF, invoicePrefix: HU2 }', { actor: 't' });
    await billstream.catchUp();
    await crm([anna]);
    await csv('contracts', 'contract_id,client_id,legal_entity_id,start_date,end_date,billing_cycle,cycle_anchor_day,currency,payment_terms_days\nK7,C1,HU2,2026-01-01,,monthly,1,EUR,15\n');
    await csv('service-points', 'service_point_id,contract_id,identifiers,address_line1,city,postal_code,country\nP-K7,K7,id-K7,Fő utca 1,Budapest,1011,HU\n');
    await csv('subscriptions', 'subscription_id,service_point_id,tariff_id,start_date,end_date,quantity\nS-K7,P-K7,NET,2026-01-01,,1\n');
    await billstream.catchUp();
    const run = await draft('2026-02-01');
    expect(flagsOf(run)).toEqual([['K7', '2026-01-01', [['incomplete-document', true]]]]);
    expect(run.report!.flags[0]!.flags[0]!.message).toContain('the legal entity has no VAT id');
    expect(run.report!.flags[0]!.flags[0]!.params).toEqual({ item: 'seller-vat-id' });
    // Neither HU1 nor HU2 has payment details: their documents go without a payment section.
    expect(run.report!.warnings).toEqual([
      { message: 'HU1: the legal entity has no payment details: the documents have no payment section', invoices: 1 },
      { message: 'HU2: the legal entity has no payment details: the documents have no payment section', invoices: 1 },
    ]);
  });
});
