/**
 * RULES.md 6 and 8 for a contract that has ended: what changes after its last invoice (a call
 * that arrives late, an end recorded after the next period was paid in advance) still goes on
 * "the next invoice". Its cycles are all invoiced, so the cycle after its end settles them, and
 * is invoiced only when there is something to settle. Real store, files imported as an operator does.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Billstream } from '../../src/main.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { readCsvFile } from '../../src/import/csv.ts';
import { importUsage, USAGE_COLUMNS } from '../../src/import/usage.ts';
import { approveBillRun, startBillRun } from '../../src/app/bill-run/issue.ts';
import { findInvoices } from '../../src/app/invoice/view.ts';
import { BILL_RUNS, type BillRunDocument } from '../../projections/bill-runs.projection.ts';
import { fileWriter, openTestBillstream, temporaryDataDir } from '../support/billstream.ts';
import { importCrmText, importSmallBilling, USAGE_HEADER } from '../support/small-billing.ts';

const TARIFF = `id: T-VOIP
name: { en: Home VoIP }
currency: EUR
validFrom: 2026-01-01
category: voip
recurring:
  - { code: LINE, name: { en: Line rental }, amount: "10.00", period: monthly, billed: advance }
usage:
  - type: voice
    deck: decks/de.csv
`;
const DECK = 'prefix,destination,peak_per_minute,offpeak_per_minute,connect_fee,min_seconds,first_increment,next_increment\n49,Germany,0.10,,0,0,60,60\n';

const CLIENTS = `client_id,type,name,country,language,currency,vat_id,time_zone,email,address_line1,city,postal_code,partner_id
C-1,person,Max Muster,DE,en,EUR,,Europe/Berlin,max@example.de,Hauptstr. 2,Berlin,10115,
`;
// K-END ends with October; K-LATE's end is recorded after November was paid in advance.
const CONTRACTS = `contract_id,client_id,legal_entity_id,start_date,end_date,billing_cycle,cycle_anchor_day,currency,payment_terms_days
K-END,C-1,DE1,2026-10-01,2026-11-01,monthly,1,EUR,14
K-LATE,C-1,DE1,2026-10-01,,monthly,1,EUR,14
`;
const SERVICE_POINTS = `service_point_id,contract_id,identifiers,address_line1,city,postal_code,country
SP-1,K-END,+4930111111,Hauptstr. 2,Berlin,10115,DE
SP-2,K-LATE,+4930222222,Hauptstr. 2,Berlin,10115,DE
`;
const SUBSCRIPTIONS = `subscription_id,service_point_id,tariff_id,start_date,end_date,quantity
S-1,SP-1,T-VOIP,2026-10-01,,1
S-2,SP-2,T-VOIP,2026-10-01,,1
`;

describe('an ended contract: late usage and late credits are settled on an invoice after its end', () => {
  let billstream: Billstream;
  const clock = ManualClock.at('2026-11-01T06:00:00Z');
  const dir = temporaryDataDir('billstream-ended-');
  const file = fileWriter(dir);
  const importCrm = (kind: string, text: string) => importCrmText(billstream, file, kind, text);
  let runs = 0;
  const run = async (asOf: string, issueDate: string, refusedIssueDates: [string, RegExp][] = []) => {
    runs += 1;
    const { runId } = await startBillRun(billstream, { asOf }, { commandId: `run-${runs}`, actor: 'test' });
    await billstream.catchUp();
    for (const [refused, reason] of refusedIssueDates) {
      await expect(approveBillRun(billstream, runId, { includeHeld: true, issueDate: refused }, { commandId: `refused-${runs}-${refused}`, actor: 'test' })).rejects.toThrow(reason);
    }
    await approveBillRun(billstream, runId, { includeHeld: true, issueDate }, { commandId: `approve-${runs}`, actor: 'test' });
    await billstream.catchUp();
    return (await billstream.readStore.get(BILL_RUNS, runId)) as BillRunDocument;
  };
  const invoicesOf = async (contractId: string) => (await findInvoices(billstream.readStore, { contractId })).sort((a, b) => a.period.start.localeCompare(b.period.start));

  beforeAll(async () => {
    billstream = await openTestBillstream({ dataDir: path.join(dir, 'data'), clock });
    await importSmallBilling(billstream, dir, file, { 'voip.yaml': TARIFF, 'decks/de.csv': DECK }, [
      ['clients', CLIENTS], ['contracts', CONTRACTS], ['service-points', SERVICE_POINTS], ['subscriptions', SUBSCRIPTIONS],
    ]);
    const october = `${USAGE_HEADER}\ncdr-1,sw,+4930111111,voice,2026-10-14T07:00:00Z,60,+4940123456,,,\n`;
    expect((await importUsage(billstream, () => readCsvFile(file('usage-1.csv', october), USAGE_COLUMNS), { actor: 'test' })).rejected).toBe(0);
    const first = await run('2026-11-01', '2026-11-02');
    expect(first.result?.issued).toBe(2);
  }, 60_000);
  afterAll(async () => {
    await billstream.close();
  });

  it('charges a call that arrives after the last invoice of an ended contract on an invoice after its end, naming its cycle', async () => {
    // K-END's only invoice: October's line (10.00) and the call (0.10); nothing for November, after its end.
    const [october] = await invoicesOf('K-END');
    expect(october!.lines.map((l) => [l.code, l.net])).toEqual([['USAGE-VOICE', '0.10'], ['LINE', '10.00']]);

    clock.advance({ hours: 24 * 30 });
    const late = `${USAGE_HEADER}\ncdr-2,sw,+4930111111,voice,2026-10-20T08:00:00Z,120,+4940123456,,,\n`;
    await importUsage(billstream, () => readCsvFile(file('usage-2.csv', late), USAGE_COLUMNS), { actor: 'test' });
    // K-LATE's end is recorded now, after its October invoice charged November in advance.
    await importCrm('contracts', CONTRACTS.replace('K-LATE,C-1,DE1,2026-10-01,,', 'K-LATE,C-1,DE1,2026-10-01,2026-11-01,'));

    // Numbers follow issue dates: not before the last invoice of the series, nor in a year before one already begun.
    const second = await run('2026-12-01', '2026-12-02', [
      ['2026-11-01', /^issue date 2026-11-01 is before 2026-11-02, the issue date of DE1-2026-000002: numbers of a series follow issue dates$/],
      ['2025-12-31', /^issue date 2025-12-31 is in 2025, but legal entity DE1 has issued documents dated 2026 already$/],
    ]);
    expect(second.result?.issued).toBe(2);
    const [, settlement] = await invoicesOf('K-END');
    // 120 s at 0.10 a minute = 0.20, on the invoice of the cycle after the end, marked with October.
    expect(settlement!.period).toEqual({ start: '2026-11-01', end: '2026-12-01' });
    expect(settlement!.lines.map((l) => [l.kind, l.net, l.quantity, l.originalPeriod])).toEqual([['late-usage', '0.20', '120', { start: '2026-10-01', end: '2026-11-01' }]]);
    expect([settlement!.totalNet, settlement!.totalVat, settlement!.total]).toEqual(['0.20', '0.04', '0.24']);
  });

  it('credits the days paid in advance after an end recorded late', async () => {
    const [october, settlement] = await invoicesOf('K-LATE');
    expect(october!.lines.map((l) => [l.code, l.net, l.period.start])).toEqual([['LINE', '10.00', '2026-10-01'], ['LINE', '10.00', '2026-11-01']]);
    // November was paid, the contract ended with October: -10.00 (VAT 19 %: -1.90).
    expect(settlement!.lines.map((l) => [l.code, l.kind, l.net, l.period])).toEqual([['LINE', 'recurring', '-10.00', { start: '2026-11-01', end: '2026-12-01' }]]);
    expect(settlement!.total).toBe('-11.90');
  });

  it('drafts nothing for an ended contract with nothing left to settle, and counts no empty cycle for it', async () => {
    clock.advance({ hours: 24 * 31 });
    const third = await run('2027-01-01', '2027-01-02');
    expect(third.report?.invoices).toBe(0);
    expect(third.report?.nothingToBill).toBe(0);
    expect(await invoicesOf('K-END')).toHaveLength(2);
    expect(await invoicesOf('K-LATE')).toHaveLength(2);
  });
});
