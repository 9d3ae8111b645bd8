/** fx-rates.csv (FORMATS.md) on a real embedded store: the example file, idempotency, corrections, and every bad-row case with line, column and reason. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Billstream } from '../../src/main.ts';
import { readCsvFile } from '../../src/import/csv.ts';
import { FX_RATE_COLUMNS, importFxRates, publishFxRates } from '../../src/import/fx-rates.ts';
import type { ImportSummary } from '../../src/import/summary.ts';
import { fxRateStream } from '../../src/fx/events.ts';
import { FX_RATES } from '../../projections/fx-rates.projection.ts';
import { openTestBillstream, temporaryDataDir } from '../support/billstream.ts';

const HEADER = 'date,base,quote,rate';

describe('fx-rates import', () => {
  let billstream: Billstream;
  const dir = temporaryDataDir('billstream-fx-');
  const write = (name: string, lines: string[]) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    return file;
  };
  const load = (file: string, allOrNothing = false): Promise<ImportSummary> =>
    importFxRates(billstream, () => readCsvFile(file, FX_RATE_COLUMNS), { actor: 'test' }, { allOrNothing });

  beforeAll(async () => {
    billstream = await openTestBillstream();
  });
  afterAll(() => billstream.close());

  it('imports the example file, and the same file again is all unchanged', async () => {
    const rows = fs.readFileSync('examples/fx-rates.csv', 'utf8').trim().split('\n').length - 1;
    expect(rows).toBe(72);
    expect(await load('examples/fx-rates.csv')).toEqual({ created: rows, updated: 0, unchanged: 0, rejected: 0, errors: [] });
    expect(await load('examples/fx-rates.csv')).toEqual({ created: 0, updated: 0, unchanged: rows, rejected: 0, errors: [] });
    expect(await billstream.eventStore.readStream(fxRateStream('EUR', 'HUF', '2026-03-01'))).toHaveLength(1);
    await billstream.catchUp();
    expect(await billstream.readStore.get(FX_RATES, 'EUR-HUF-2026-03-01')).toMatchObject({ base: 'EUR', quote: 'HUF', date: '2026-03-01', rate: '387.95', revision: 0 });
  });

  it('takes columns in any order and codes in either case; the same value written otherwise is unchanged', async () => {
    const summary = await load(write('reordered.csv', ['rate,quote,date,base', '386.450,huf,2026-01-01,eur', '0.0026,EUR,2026-01-01,HUF']));
    expect(summary).toEqual({ created: 1, updated: 0, unchanged: 1, rejected: 0, errors: [] });
  });

  it('records a corrected rate as a correction, keeping the first one in the history', async () => {
    const summary = await load(write('corrected.csv', [HEADER, '2026-01-01,EUR,USD,1.1745', '2026-02-01,EUR,USD,1.1690']));
    expect(summary).toEqual({ created: 0, updated: 1, unchanged: 1, rejected: 0, errors: [] });
    const history = await billstream.eventStore.readStream(fxRateStream('EUR', 'USD', '2026-01-01'));
    expect(history.map((e) => [e.type, e.data])).toEqual([
      ['FxRatePublished', { date: '2026-01-01', base: 'EUR', quote: 'USD', rate: '1.1735' }],
      ['FxRateCorrected', { date: '2026-01-01', base: 'EUR', quote: 'USD', rate: '1.1745', previousRate: '1.1735' }],
    ]);
    await billstream.catchUp();
    expect(await billstream.readStore.get(FX_RATES, 'EUR-USD-2026-01-01')).toMatchObject({ rate: '1.1745', revision: 1 });
  });

  it('rejects bad rows, each with its line, column and reason, and imports the good ones', async () => {
    const summary = await load(write('bad.csv', [
      HEADER,
      '2027-01-01,EUR,CHF,0.9312',
      '2027-13-01,EUR,CHF,0.9312',
      '01/02/2027,EUR,CHF,0.9312',
      '2027-01-02,EUR,XYZ,1.5',
      '2027-01-02,EURO,CHF,0.93',
      '2027-01-02,EUR,EUR,1',
      '2027-01-03,EUR,CHF,0',
      '2027-01-03,EUR,SEK,-11.2',
      '2027-01-03,EUR,NOK,1e1',
      '2027-01-03,EUR,DKK,"7,46"',
      '2027-01-03,EUR,JPY,',
      '2027-01-04,EUR,CHF',
      '2027-01-01,EUR,CHF,0.9313',
      '2027-01-05,EUR,SEK,11.0215',
    ]));
    expect(summary).toMatchObject({ created: 2, updated: 0, unchanged: 0, rejected: 12 });
    expect(summary.errors).toEqual([
      { line: 3, column: 1, reason: 'date: "2027-13-01" is not a calendar date' },
      { line: 4, column: 1, reason: 'date: "01/02/2027" is not a date (YYYY-MM-DD)' },
      { line: 5, column: 3, reason: 'quote: "XYZ" is not an ISO 4217 currency code' },
      { line: 6, column: 2, reason: 'base: "EURO" is not an ISO 4217 currency code' },
      { line: 7, column: 3, reason: "quote: is the base currency EUR again: a currency's rate to itself is always 1" },
      { line: 8, column: 4, reason: 'rate: "0" is zero: a rate is greater than 0' },
      { line: 9, column: 4, reason: 'rate: "-11.2" is negative: a rate is greater than 0' },
      { line: 10, column: 4, reason: 'rate: "1e1" is not a decimal number (like 385.12, with a . separator)' },
      { line: 11, column: 4, reason: 'rate: "7,46" is not a decimal number (like 385.12, with a . separator)' },
      { line: 12, column: 4, reason: 'rate: is required' },
      { line: 13, column: 4, reason: 'expected 4 fields (as in the header), found 3' },
      { line: 14, column: 1, reason: 'date: EUR/CHF on 2027-01-01 appears twice in this file (first at line 2)' },
    ]);
    await billstream.catchUp();
    expect(await billstream.readStore.get(FX_RATES, 'EUR-CHF-2027-01-01')).toMatchObject({ rate: '0.9312' });
    expect(await billstream.readStore.get(FX_RATES, 'EUR-SEK-2027-01-05')).toMatchObject({ rate: '11.0215' });
  });

  it('reports a missing column once, at line 1, and imports nothing', async () => {
    const summary = await load(write('no-rate.csv', ['date,base,quote', '2027-02-01,EUR,CHF']));
    expect(summary).toEqual({
      created: 0, updated: 0, unchanged: 0, rejected: 1,
      errors: [{ line: 1, column: 1, reason: 'missing column rate (the header has: date, base, quote)' }],
    });
  });

  it('--all-or-nothing writes nothing from a file with a bad row', async () => {
    const file = write('mixed.csv', [HEADER, '2027-03-01,EUR,CHF,0.94', '2027-03-01,EUR,CHF,0.95']);
    expect(await load(file, true)).toMatchObject({ created: 0, rejected: 1 });
    expect(await billstream.eventStore.readStream(fxRateStream('EUR', 'CHF', '2027-03-01'))).toEqual([]);
  });

  it('publishes a JSON batch, pointing at a bad rate by its index', async () => {
    const summary = await publishFxRates(billstream, [
      { date: '2027-04-01', base: 'EUR', quote: 'CHF', rate: '0.9401' },
      { date: '2027-04-01', base: 'EUR', quote: 'CHF', rate: '0.9402' },
      { date: '2027-04-01', base: 'GBP', quote: 'EUR', rate: null },
    ], { actor: 'test' });
    expect(summary).toEqual({
      created: 1, updated: 0, unchanged: 0, rejected: 2,
      errors: [
        { line: 2, column: 0, reason: 'date: EUR/CHF on 2027-04-01 appears twice in this request (first at item 1)' },
        { line: 3, column: 0, reason: 'rate: is required' },
      ],
    });
  });
});
