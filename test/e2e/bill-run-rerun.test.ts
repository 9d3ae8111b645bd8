/**
 * Issue 10, defect 6: a run started over an unapproved run (what an operator does after a killed
 * `bill-run --approve`) adopts the drafts that come out the same instead of drafting every
 * invoice again; only what changed is drafted anew, the older run issues nothing any more, and
 * drafting the same run again after a stop appends nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Billstream } from '../../src/main.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { importLegalEntities } from '../../src/import/legal-entities.ts';
import { importCsvEntities } from '../../src/import/bulk.ts';
import { CSV_IMPORTS } from '../../src/import/crm-files.ts';
import { readCsvFile } from '../../src/import/csv.ts';
import { importTariffs } from '../../src/import/tariffs.ts';
import { importUsage, USAGE_COLUMNS } from '../../src/import/usage.ts';
import { approveBillRun, loadRun, startBillRun } from '../../src/app/bill-run/issue.ts';
import { draftRun } from '../../src/app/bill-run/draft.ts';
import { billRunStream, INVOICE_DRAFT_ADOPTED, INVOICE_DRAFTED, invoiceStream } from '../../src/domain/bill-run/events.ts';
import { findInvoices } from '../../src/app/invoice/view.ts';
import { BILL_RUNS, type BillRunDocument } from '../../projections/bill-runs.projection.ts';
import { fileWriter, openTestBillstream, temporaryDataDir } from '../support/billstream.ts';
import { GERMAN_SELLER, GERMANY_DECK, phoneTariff } from '../support/small-billing.ts';

const LEGAL_ENTITIES = GERMAN_SELLER;

const ids = ['A', 'B', 'C'];
const CRM: Record<string, string> = {
  clients: `client_id,type,name,country,language,currency,vat_id,time_zone,email,address_line1,city,postal_code,partner_id
${ids.map((i) => `C-${i},person,Person ${i},DE,de,EUR,,Europe/Berlin,${i}@example.de,Str. 1,Berlin,10115,`).join('\n')}
`,
  contracts: `contract_id,client_id,legal_entity_id,start_date,end_date,billing_cycle,cycle_anchor_day,currency,payment_terms_days
${ids.map((i) => `K-${i},C-${i},DE1,2026-09-01,,monthly,1,EUR,14`).join('\n')}
`,
  'service-points': `service_point_id,contract_id,identifiers,address_line1,city,postal_code,country
${ids.map((i) => `SP-${i},K-${i},+49301${i.charCodeAt(0)},Str. 1,Berlin,10115,DE`).join('\n')}
`,
  subscriptions: `subscription_id,service_point_id,tariff_id,start_date,end_date,quantity
${ids.map((i) => `S-${i},SP-${i},T-VOIP,2026-09-01,,1`).join('\n')}
`,
};

describe('a bill run started over an unapproved run (issue 10, defect 6)', () => {
  let billstream: Billstream;
  const clock = ManualClock.at('2026-11-01T06:00:00Z');
  const dir = temporaryDataDir('billstream-rerun-');
  const file = fileWriter(dir);
  const draftsOf = async (invoiceId: string) => (await billstream.eventStore.readStream(invoiceStream(invoiceId)))
    .filter((e) => e.type === INVOICE_DRAFTED || e.type === INVOICE_DRAFT_ADOPTED)
    .map((e) => ({ type: e.type, ...(e.data as { runId: string; fromRunId?: string }) }))
    .map(({ type, runId, fromRunId }) => (fromRunId ? { type, runId, fromRunId } : { type, runId }));
  const startRun = async (commandId: string) => {
    const { runId } = await startBillRun(billstream, { asOf: '2026-11-01' }, { commandId, actor: 'test' });
    await billstream.catchUp();
    return runId;
  };

  beforeAll(async () => {
    billstream = await openTestBillstream({ dataDir: path.join(dir, 'data'), clock });
    await importLegalEntities(billstream, LEGAL_ENTITIES, { actor: 'test' });
    file('tariffs/voip.yaml', phoneTariff('T-VOIP'));
    file('tariffs/decks/de.csv', GERMANY_DECK);
    expect((await importTariffs(billstream, path.join(dir, 'tariffs'), { actor: 'test' })).rejected).toBe(0);
    for (const [kind, text] of Object.entries(CRM)) {
      const spec = CSV_IMPORTS[kind]!;
      const summary = await importCsvEntities(billstream, () => readCsvFile(file(`${kind}.csv`, text), spec.columns), spec, { actor: 'test' });
      expect(summary.rejected, JSON.stringify(summary.errors)).toBe(0);
    }
    await billstream.catchUp();
  }, 60_000);
  afterAll(async () => billstream?.close());

  it('adopts the unchanged drafts, drafts again only the invoice whose usage changed, and issues each invoice once', async () => {
    const first = await startRun('run-first');
    const firstDrafts = await findInvoices(billstream.readStore, { runId: first });
    // Two monthly cycles (September, October) of three contracts.
    expect(firstDrafts).toHaveLength(6);

    // A call of October for contract K-A arrives before the operator starts the run again.
    const usage = `record_id,source,identifier,type,start_time,duration_s,called_number,bytes_in,bytes_out,quantity\ncdr-1,sw,+4930165,voice,2026-10-14T07:00:00Z,60,+4940123456,,,\n`;
    expect((await importUsage(billstream, () => readCsvFile(file('usage.csv', usage), USAGE_COLUMNS), { actor: 'test' })).created).toBe(1);
    const second = await startRun('run-second');

    const secondDrafts = await findInvoices(billstream.readStore, { runId: second });
    expect(secondDrafts).toHaveLength(6);
    expect(await findInvoices(billstream.readStore, { runId: first })).toEqual([]);
    const changed = secondDrafts.find((i) => i.contractId === 'K-A' && i.period.start === '2026-10-01')!;
    expect(changed.lines.map((l) => [l.code, l.net])).toContainEqual(['USAGE-VOICE', '0.10']);
    for (const invoice of secondDrafts) {
      expect(await draftsOf(invoice.id)).toEqual(invoice === changed
        ? [{ type: INVOICE_DRAFTED, runId: first }, { type: INVOICE_DRAFTED, runId: second }]
        : [{ type: INVOICE_DRAFTED, runId: first }, { type: INVOICE_DRAFT_ADOPTED, runId: second, fromRunId: first }]);
    }
    // The second run's control report counts every invoice, adopted or drafted: per contract
    // September + October in advance (20.00, VAT 3.80) and November in advance (10.00, VAT 1.90),
    // K-A's October with the 60 s call at 0.10 (10.10, VAT 1.919 -> 1.92): net 90.10, VAT 17.12.
    const report = ((await billstream.readStore.get(BILL_RUNS, second)) as BillRunDocument).report!;
    expect([report.invoices, report.perCurrency]).toEqual([6, [{ currency: 'EUR', invoices: 6, totalNet: '90.10', totalVat: '17.12', total: '107.22' }]]);
    // It names the run it replaces, which can no longer be approved.
    expect(report.supersedes).toEqual([first]);
    expect(((await billstream.readStore.get(BILL_RUNS, first)) as BillRunDocument)).toMatchObject({ status: 'superseded', supersededBy: second });

    // Drafting the second run again (a restart after a stop) appends nothing.
    const head = await billstream.eventStore.headPosition();
    const state = await loadRun(billstream, second);
    const again = await draftRun(billstream, { ...state.started!, position: (await billstream.eventStore.readStream(billRunStream(second)))[0]!.position }, 'test');
    expect(await billstream.eventStore.headPosition()).toBe(head);
    expect(again).toEqual({ ...state.drafted, report: { ...state.drafted!.report, supersedes: undefined } });

    // The first run lost its invoices to the second: it cannot be approved.
    await expect(approveBillRun(billstream, first, { includeHeld: false, issueDate: '2026-11-02' }, { commandId: 'approve-first', actor: 'test' }))
      .rejects.toThrow(`superseded by bill run ${second}`);
    await approveBillRun(billstream, second, { includeHeld: false, issueDate: '2026-11-02' }, { commandId: 'approve-second', actor: 'test' });
    await billstream.catchUp();
    expect(((await billstream.readStore.get(BILL_RUNS, second)) as BillRunDocument).result).toEqual({ issued: 6, held: 0, superseded: 0 });
    const issued = await findInvoices(billstream.readStore, { status: 'issued' });
    expect(issued.map((i) => i.number).sort()).toEqual(Array.from({ length: 6 }, (_, i) => `DE1-2026-00000${i + 1}`));
    expect(issued.every((i) => i.runId === second)).toBe(true);
  }, 60_000);
});
