/**
 * The control report shows usage nobody is billed for: records whose identifier names no service
 * point have no contract, so no invoice can carry a flag for them, and without the report's own
 * count they would be revenue lost without a word (RULES.md 5: unresolved records are kept,
 * listed, and rated again once the operator fixes the data). Once the identifier is added, they
 * are rated and charged as late usage on the next invoice (RULES.md 6).
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Billstream } from '../../src/main.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { readCsvFile } from '../../src/import/csv.ts';
import { importUsage, USAGE_COLUMNS } from '../../src/import/usage.ts';
import { findInvoices } from '../../src/app/invoice/view.ts';
import { translatorFor } from '../../src/i18n/translator.ts';
import { runReport } from '../../tools/billing-commands.ts';
import { fileWriter, openTestBillstream, temporaryDataDir } from '../support/billstream.ts';
import { approvedBillRun, GERMANY_DECK, importCrmText, importSmallBilling, lineRentalCrm, phoneTariff, SERVICE_POINTS_HEADER, USAGE_HEADER } from '../support/small-billing.ts';

describe('usage of unknown identifiers in the control report', () => {
  let billstream: Billstream;
  const clock = ManualClock.at('2026-11-01T12:00:00Z');
  const dir = temporaryDataDir('billstream-unassigned-');
  const file = fileWriter(dir);

  beforeAll(async () => {
    billstream = await openTestBillstream({ dataDir: path.join(dir, 'data'), clock });
    await importSmallBilling(billstream, dir, file, { 'line.yaml': phoneTariff('T-LINE'), 'decks/de.csv': GERMANY_DECK }, lineRentalCrm(1));
    const usage = [
      USAGE_HEADER,
      // SP-1's own number: rated, on the invoice.
      'known-1,sw,+4930111111,voice,2026-10-05T08:00:00Z,60,+4940123456,,,',
      // Two numbers no service point has: three records in October ...
      'stray-1,sw,+4930999001,voice,2026-10-06T08:00:00Z,60,+4940123456,,,',
      'stray-2,sw,+4930999001,voice,2026-10-20T08:00:00Z,120,+4940123456,,,',
      'stray-3,sw,+4930999002,voice,2026-10-31T22:59:59Z,60,+4940123456,,,',
      // ... and one after the as-of date: not this run's business.
      'stray-4,sw,+4930999002,voice,2026-11-01T00:00:00Z,60,+4940123456,,,',
    ].join('\n');
    const summary = await importUsage(billstream, () => readCsvFile(file('usage.csv', `${usage}\n`), USAGE_COLUMNS), { actor: 'test' });
    expect(summary.created).toBe(5);
    expect(summary.unresolved).toBe(4);
  });
  afterAll(async () => billstream?.close());

  it('counts the records started before the as-of date, their identifiers and their span, and the CLI prints it', async () => {
    const run = await approvedBillRun(billstream, '2026-11-01', '2026-11-01', { commandId: 'october' });
    expect(run.report!.invoices).toBe(1);
    expect(run.report!.unassignedUsage).toEqual({ records: 3, identifiers: 2, firstStart: '2026-10-06T08:00:00Z', lastStart: '2026-10-31T22:59:59Z' });
    expect(runReport(run, translatorFor('en'))).toContain('  3 usage record(s) of 2 unknown identifier(s), 2026-10-06T08:00:00Z to 2026-10-31T22:59:59Z, belong to no service point and are billed to no one: billstream usage unresolved');
  });

  it('leaves the report once the identifiers are added; their October calls come on the next invoice as late usage', async () => {
    await importCrmText(billstream, file, 'service-points', `${SERVICE_POINTS_HEADER}SP-1,K-1,+4930111111;+4930999001;+4930999002,Hauptstr. 2,Berlin,10115,DE\n`);
    await billstream.catchUp();
    clock.advance({ hours: 30 * 24 });
    const run = await approvedBillRun(billstream, '2026-12-01', '2026-12-01', { commandId: 'november' });
    expect(run.report!.unassignedUsage).toBeUndefined();
    const november = (await findInvoices(billstream.readStore, { contractId: 'K-1' })).find((i) => i.period.start === '2026-11-01');
    // The three October calls (1 + 2 + 1 minutes at 0.10) late, November's call (1 minute) in its cycle.
    const usageLines = november!.lines.filter((l) => l.kind === 'usage' || l.kind === 'late-usage');
    expect(usageLines.map((l) => [l.kind, l.quantity, l.net, l.originalPeriod?.start ?? null])).toEqual([
      ['usage', '60', '0.10', null],
      ['late-usage', '240', '0.40', '2026-10-01'],
    ]);
  });
});
