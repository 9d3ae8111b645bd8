/**
 * "Never accept data you then ignore": a CSV header column that is not one of the file's columns
 * refuses the whole file (line 1, the column's position, the columns expected and the likely
 * misspelt one); a column without a name is allowed while empty, a row with a value in it is
 * rejected. Every CSV kind, on real files and a real embedded store; the examples still import.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Billstream } from '../../src/main.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { importCsvEntities } from '../../src/import/bulk.ts';
import { CSV_IMPORTS } from '../../src/import/crm-files.ts';
import { readCsvFile } from '../../src/import/csv.ts';
import { importLegalEntities } from '../../src/import/legal-entities.ts';
import { importTariffs } from '../../src/import/tariffs.ts';
import { importUsage, USAGE_COLUMNS } from '../../src/import/usage.ts';
import { FX_RATE_COLUMNS, importFxRates } from '../../src/import/fx-rates.ts';
import { importPayments, PAYMENT_COLUMNS } from '../../src/import/payments.ts';
import { HOLIDAY_COLUMNS, importHolidays } from '../../src/import/holidays.ts';
import { nasFile } from '../../src/import/nas.ts';
import type { ImportSummary } from '../../src/import/summary.ts';
import { streams } from '../../src/domain/streams.ts';
import { usageStream } from '../../src/domain/usage/events.ts';
import { fxRateStream } from '../../src/fx/events.ts';
import { openTestBillstream, temporaryDataDir } from '../support/billstream.ts';

const CLIENTS_HEADER = 'client_id,type,name,country,language,currency,vat_id,time_zone,email,address_line1,city,postal_code,partner_id';
const CONTRACTS_HEADER = 'contract_id,client_id,legal_entity_id,start_date,end_date,billing_cycle,cycle_anchor_day,currency,payment_terms_days';
const USAGE_HEADER = 'record_id,source,identifier,type,start_time,duration_s,called_number,bytes_in,bytes_out,quantity';
const CLIENT_COLUMNS = 'client_id, type, name, country, language, currency, vat_id, time_zone, email, address_line1, city, postal_code, partner_id, external_id, agent_id, status';
const CONTRACT_COLUMNS = 'contract_id, client_id, legal_entity_id, start_date, end_date, billing_cycle, cycle_anchor_day, currency, payment_terms_days, billing_start, number, external_id, agent_id';
const USAGE_COLUMN_LIST = 'record_id, source, identifier, type, start_time, duration_s, called_number, bytes_in, bytes_out, quantity';

describe('CSV imports refuse columns they would ignore', () => {
  let billstream: Billstream;
  const dataDir = temporaryDataDir('billstream-columns-');
  const dir = temporaryDataDir('billstream-columns-files-');
  const write = (name: string, lines: string[]) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, `${lines.join('\r\n')}\r\n`);
    return file;
  };
  const crm = (kind: string, file: string, allOrNothing = false): Promise<ImportSummary> => {
    const spec = CSV_IMPORTS[kind]!;
    return importCsvEntities(billstream, () => readCsvFile(file, spec.columns), spec, { actor: 'test' }, { allOrNothing });
  };
  const usage = (file: string) => importUsage(billstream, () => readCsvFile(file, USAGE_COLUMNS), { actor: 'test' });
  const fxRates = (file: string) => importFxRates(billstream, () => readCsvFile(file, FX_RATE_COLUMNS), { actor: 'test' });
  const payments = (file: string) => importPayments(billstream, () => readCsvFile(file, PAYMENT_COLUMNS), { actor: 'test' });
  const exists = async (stream: string) => (await billstream.eventStore.readStream(stream)).length > 0;

  beforeAll(async () => {
    billstream = await openTestBillstream({ dataDir, clock: ManualClock.at('2027-01-10T00:00:00Z') });
    expect(await importLegalEntities(billstream, fs.readFileSync('examples/legal-entities.yaml', 'utf8'), { actor: 'test' })).toMatchObject({ rejected: 0 });
    expect(await importTariffs(billstream, 'examples/tariffs', { actor: 'test' })).toMatchObject({ rejected: 0 });
  });
  afterAll(() => billstream.close());

  it('the examples import with nothing rejected (optional columns billing_start, partner_id, password, require_message_authenticator included)', async () => {
    const steps: [string, string][] = [
      ['partners', 'examples/partners.csv'],
      ['clients', 'examples/clients.csv'],
      ['contracts', 'examples/contracts.csv'],
      ['service-points', 'examples/service-points.csv'],
      ['service-points', 'examples/radius/service-points.csv'],
      ['subscriptions', 'examples/subscriptions.csv'],
    ];
    for (const [kind, file] of steps) expect(await crm(kind, file), file).toMatchObject({ rejected: 0, errors: [] });
    expect(await importCsvEntities(billstream, () => readCsvFile('examples/radius/nas.csv', nasFile.columns), nasFile, { actor: 'test' })).toMatchObject({ rejected: 0, errors: [] });
    expect(await usage('examples/usage.csv')).toMatchObject({ rejected: 0, errors: [] });
    expect(await fxRates('examples/fx-rates.csv')).toMatchObject({ rejected: 0, errors: [] });
  });

  it('clients.csv: an unknown column refuses the file at line 1 and its column, nothing imported', async () => {
    const summary = await crm('clients', write('clients-extra.csv', [
      `${CLIENTS_HEADER},segment`,
      'C-900,person,Extra Column,FR,fr,EUR,,Europe/Paris,,,,,,gold',
    ]));
    expect(summary).toEqual({
      created: 0, updated: 0, unchanged: 0, rejected: 1,
      errors: [{ line: 1, column: 14, reason: `unknown column segment (expected one of: ${CLIENT_COLUMNS})` }],
    });
    expect(await exists(streams.client('C-900'))).toBe(false);
  });

  it('contracts.csv: billing_strat is refused with "did you mean billing_start?", and nothing of the file is imported', async () => {
    const summary = await crm('contracts', write('contracts-typo.csv', [
      `${CONTRACTS_HEADER},billing_strat`,
      'K-900,C-0001,HU1,2025-03-01,,monthly,1,HUF,15,2026-01-01',
    ]));
    expect(summary).toEqual({
      created: 0, updated: 0, unchanged: 0, rejected: 1,
      errors: [{ line: 1, column: 10, reason: `unknown column billing_strat, did you mean billing_start? (expected one of: ${CONTRACT_COLUMNS})` }],
    });
    expect(await exists(streams.contract('K-900'))).toBe(false);
  });

  it('contracts.csv: every unknown column is reported, each at its position', async () => {
    const summary = await crm('contracts', write('contracts-many.csv', [
      `contract_ID,${CONTRACTS_HEADER.replace('contract_id,', '')},billing-start,sales_rep,notes`,
      'K-901,C-0001,HU1,2025-03-01,,monthly,1,HUF,15,2026-01-01,Jane,x',
    ]), true);
    expect(summary).toMatchObject({ created: 0, rejected: 1 });
    expect(summary.errors.map((e) => [e.line, e.column, e.reason.replace(/ \(expected one of: .*\)$/, '')])).toEqual([
      [1, 1, 'missing column contract_id (the header has: contract_ID, client_id, legal_entity_id, start_date, end_date, billing_cycle, cycle_anchor_day, currency, payment_terms_days, billing-start, sales_rep, notes)'],
      [1, 1, 'unknown column contract_ID, did you mean contract_id?'],
      [1, 10, 'unknown column billing-start, did you mean billing_start?'],
      [1, 11, 'unknown column sales_rep'],
      [1, 12, 'unknown column notes'],
    ]);
    expect(await exists(streams.contract('K-901'))).toBe(false);
  });

  it('contracts.csv from Excel (a comma ending every line): accepted, billing_start applied; a value under the nameless column rejects that row only', async () => {
    const summary = await crm('contracts', write('contracts-excel.csv', [
      `${CONTRACTS_HEADER},billing_start,`,
      'K-910,C-0001,HU1,2025-03-01,,monthly,1,HUF,15,2026-01-01,',
      'K-911,C-0001,HU1,2025-03-01,,monthly,1,HUF,15,2026-01-01,2026-01-01',
      'K-912,C-0001,HU1,2025-03-01,,monthly,1,HUF,15,,',
    ]));
    expect(summary).toEqual({
      created: 2, updated: 0, unchanged: 0, rejected: 1,
      errors: [{ line: 3, column: 11, reason: 'a value in a column without a name (header column 11)' }],
    });
    const [registered] = await billstream.eventStore.readStream(streams.contract('K-910'));
    expect(JSON.stringify(registered!.data)).toContain('"billingStart":"2026-01-01"');
    expect(await exists(streams.contract('K-911'))).toBe(false);
    expect(await exists(streams.contract('K-912'))).toBe(true);
  });

  it('usage.csv: several unknown columns all reported and no record kept; a nameless column with a value rejects its row, the others are recorded', async () => {
    const refused = await usage(write('usage-extra.csv', [
      `${USAGE_HEADER},duration,charge,cost_center`,
      'u900,sw9,+3612345678,voice,2026-10-11T08:15:00Z,60,+4930123456,,,,60,0.10,A',
    ]));
    expect(refused).toMatchObject({ created: 0, rejected: 1, duplicates: 0 });
    expect(refused.errors).toEqual([
      { line: 1, column: 11, reason: `unknown column duration (expected one of: ${USAGE_COLUMN_LIST})` },
      { line: 1, column: 12, reason: `unknown column charge (expected one of: ${USAGE_COLUMN_LIST})` },
      { line: 1, column: 13, reason: `unknown column cost_center (expected one of: ${USAGE_COLUMN_LIST})` },
    ]);
    expect(await exists(usageStream('sw9', 'u900'))).toBe(false);

    const nameless = await usage(write('usage-nameless.csv', [
      `${USAGE_HEADER},`,
      'u901,sw9,+3612345678,voice,2026-10-11T08:15:00Z,60,+4930123456,,,,',
      'u902,sw9,+3612345678,voice,2026-10-11T08:16:00Z,60,+4930123456,,,,"0.10"',
      'u903,sw9,+3612345678,voice,2026-10-11T08:17:00Z,60,+4930123456,,,, ',
    ]));
    expect(nameless).toMatchObject({ created: 2, rejected: 1 });
    expect(nameless.errors).toEqual([{ line: 3, column: 11, reason: 'a value in a column without a name (header column 11)' }]);
    expect(await exists(usageStream('sw9', 'u901'))).toBe(true);
    expect(await exists(usageStream('sw9', 'u902'))).toBe(false);
    expect(await exists(usageStream('sw9', 'u903'))).toBe(true);
  });

  it('fx-rates.csv: a misspelt column is refused with its likely name; a nameless column with a value rejects its row only', async () => {
    const refused = await fxRates(write('fx-typo.csv', ['date,base,quote,rate,sorce', '2027-01-04,EUR,HUF,390.10,ECB']));
    expect(refused).toEqual({
      created: 0, updated: 0, unchanged: 0, rejected: 1,
      errors: [{ line: 1, column: 5, reason: 'unknown column sorce (expected one of: date, base, quote, rate)' }],
    });
    const typo = await fxRates(write('fx-typo2.csv', ['date,base,qoute,rate', '2027-01-04,EUR,HUF,390.10']));
    expect(typo.errors).toEqual([
      { line: 1, column: 1, reason: 'missing column quote (the header has: date, base, qoute, rate)' },
      { line: 1, column: 3, reason: 'unknown column qoute, did you mean quote? (expected one of: date, base, quote, rate)' },
    ]);
    expect(await exists(fxRateStream('EUR', 'HUF', '2027-01-04'))).toBe(false);

    const nameless = await fxRates(write('fx-nameless.csv', ['date,,base,quote,rate', '2027-01-05,,EUR,HUF,391.00', '2027-01-06,ECB,EUR,HUF,392.00']));
    expect(nameless).toEqual({
      created: 1, updated: 0, unchanged: 0, rejected: 1,
      errors: [{ line: 3, column: 2, reason: 'a value in a column without a name (header column 2)' }],
    });
    expect(await exists(fxRateStream('EUR', 'HUF', '2027-01-05'))).toBe(true);
    expect(await exists(fxRateStream('EUR', 'HUF', '2027-01-06'))).toBe(false);
  });

  it('payments.csv: an unknown column refuses the file; a nameless column with a value rejects its row, the good one is recorded', async () => {
    const header = 'payment_id,date,client_id,invoice_number,amount,currency,reference';
    const refused = await payments(write('payments-extra.csv', [`${header},iban`, 'PAY-900,2026-10-05,C-0001,,1000,HUF,transfer,HU42117730161111101800000000']));
    expect(refused).toEqual({
      created: 0, updated: 0, unchanged: 0, rejected: 1,
      errors: [{ line: 1, column: 8, reason: 'unknown column iban (expected one of: payment_id, date, client_id, amount, currency, invoice_number, reference)' }],
    });
    const nameless = await payments(write('payments-nameless.csv', [`${header},`, 'PAY-901,2026-10-05,C-0001,,1000,HUF,transfer,', 'PAY-902,2026-10-05,C-0001,,2000,HUF,transfer,fee 10']));
    expect(nameless).toEqual({
      created: 1, updated: 0, unchanged: 0, rejected: 1,
      errors: [{ line: 3, column: 8, reason: 'a value in a column without a name (header column 8)' }],
    });
  });

  it('holidays and nas.csv go through the same check', async () => {
    const holidays = await importHolidays(billstream, () => readCsvFile(write('holidays.csv', ['country,date,name,regional', 'HU,2026-12-31,Szilveszter,no']), HOLIDAY_COLUMNS), { actor: 'test' });
    expect(holidays).toMatchObject({ created: 0, rejected: 1, errors: [{ line: 1, column: 4, reason: 'unknown column regional (expected one of: country, date, name)' }] });
    const nas = await importCsvEntities(billstream, () => readCsvFile(write('nas.csv', ['nas_id,name,address,secret,require_message_authenticatr', 'n-900,X,192.0.2.90,s3cret-n900,yes']), nasFile.columns), nasFile, { actor: 'test' });
    expect(nas).toMatchObject({ created: 0, rejected: 1 });
    expect(nas.errors).toEqual([{ line: 1, column: 5, reason: 'unknown column require_message_authenticatr, did you mean require_message_authenticator? (expected one of: nas_id, name, address, secret, require_message_authenticator)' }]);
  });

  it('billstream import: the refused file exits 1, naming file:1:column and the likely column', async () => {
    const file = write('contracts.csv', [`${CONTRACTS_HEADER},billing_strat`, 'K-920,C-0001,HU1,2025-03-01,,monthly,1,HUF,15,2026-01-01']);
    const cliData = temporaryDataDir('billstream-columns-cli-');
    const run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [path.resolve('bin/billstream'), '--data', cliData, 'import', 'contracts', file], (error, stdout, stderr) => {
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      });
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${file}:1:10: unknown column billing_strat, did you mean billing_start? (expected one of: ${CONTRACT_COLUMNS})`);
    expect(run.stdout).toContain(`${file}: 0 created, 0 updated, 0 unchanged, 1 rejected`);
  });
});
