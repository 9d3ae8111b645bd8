/**
 * tools/generate.ts and examples/: every file has exactly the FORMATS.md columns, ids and service
 * point identifiers are unique, references resolve, and every value is one the import accepts
 * (checked with the same country, currency and VAT id rules the domain uses). Usage records come
 * from known identifiers (but the unknown ones counted), price in the deck, and a small generated
 * set imports without a rejected row and bills without a blocked invoice. The generator is
 * deterministic for a seed. Flat memory is measured by hand (README), not here.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate, type GenerateResult } from '../../tools/generate.ts';
import { isCountryCode } from '../../src/core/countries.ts';
import { isCurrencyCode } from '../../src/core/currencies.ts';
import { vatIdProblem } from '../../src/core/vat-id.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { importLegalEntities } from '../../src/import/legal-entities.ts';
import { importCsvEntities } from '../../src/import/bulk.ts';
import { CSV_IMPORTS } from '../../src/import/crm-files.ts';
import { readCsvFile } from '../../src/import/csv.ts';
import { importTariffs } from '../../src/import/tariffs.ts';
import { FX_RATE_COLUMNS, importFxRates } from '../../src/import/fx-rates.ts';
import { importUsage, USAGE_COLUMNS } from '../../src/import/usage.ts';
import { startBillRun } from '../../src/app/bill-run/issue.ts';
import { BILL_RUNS, type BillRunDocument } from '../../projections/bill-runs.projection.ts';
import { openTestBillstream } from '../support/billstream.ts';

/** Copied from FORMATS.md on purpose: the test holds the generator to the public contract, not to itself. */
const FORMATS = {
  'clients.csv': ['client_id', 'type', 'name', 'country', 'language', 'currency', 'vat_id', 'time_zone', 'email', 'address_line1', 'city', 'postal_code', 'partner_id'],
  'contracts.csv': ['contract_id', 'client_id', 'legal_entity_id', 'start_date', 'end_date', 'billing_cycle', 'cycle_anchor_day', 'currency', 'payment_terms_days', 'billing_start'],
  'service-points.csv': ['service_point_id', 'contract_id', 'identifiers', 'address_line1', 'city', 'postal_code', 'country'],
  'subscriptions.csv': ['subscription_id', 'service_point_id', 'tariff_id', 'start_date', 'end_date', 'quantity'],
} as const;
type CsvFile = keyof typeof FORMATS;
const USAGE_FORMAT = ['record_id', 'source', 'identifier', 'type', 'start_time', 'duration_s', 'called_number', 'bytes_in', 'bytes_out', 'quantity'];
const FX_FORMAT = ['date', 'base', 'quote', 'rate'];

const TARIFFS = new Set(['HOME-VOIP', 'FIBRE-100', 'FIBRE-1000', 'BIZ-SIP', 'CATV-BASIC', 'VOD-STORE', 'WIFI-HOTSPOT']);
const LANGUAGES = new Set(['hu', 'de', 'en', 'fr']);
const TIME_ZONES = new Set(Intl.supportedValuesOf('timeZone'));

/** RFC 4180: quoted fields may hold commas, doubled quotes and line breaks; a UTF-8 BOM is tolerated. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field), rows.push(row), (row = []), (field = '');
    } else field += c;
  }
  if (field !== '' || row.length) row.push(field), rows.push(row);
  return rows;
}

interface Table {
  header: string[];
  rows: Record<string, string>[];
}

function readCsv(dir: string, file: CsvFile | 'usage.csv' | 'fx-rates.csv' | 'tariffs/decks/voice-eur.csv'): Table {
  const [header = [], ...records] = parseCsv(fs.readFileSync(path.join(dir, file), 'utf8'));
  return {
    header,
    rows: records.map((values, n) => {
      if (values.length !== header.length) throw new Error(`${file}:${n + 2}: ${values.length} fields, header has ${header.length}`);
      return Object.fromEntries(header.map((column, c) => [column, values[c]!]));
    }),
  };
}

const isDate = (text: string) => /^\d{4}-\d{2}-\d{2}$/.test(text) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text);
const PHONE = /^\+[1-9]\d{6,14}$/;
const MAC = /^([0-9A-F]{2}:){5}[0-9A-F]{2}$/;
const RADIUS_USER = /^[a-z0-9][a-z0-9._-]*@[a-z0-9-]+(\.[a-z0-9-]+)+$/;

/** Every problem of a data set, as "file line: reason" (empty when the set would import cleanly). */
function problemsOf(dir: string): string[] {
  const problems: string[] = [];
  const legalEntities = new Set((parseYaml(fs.readFileSync(path.join(dir, 'legal-entities.yaml'), 'utf8')) as { id: string }[]).map((e) => e.id));
  const tables = Object.fromEntries((Object.keys(FORMATS) as CsvFile[]).map((file) => [file, readCsv(dir, file)])) as Record<CsvFile, Table>;
  const check = (file: CsvFile, index: number, ok: boolean, reason: string) => {
    if (!ok) problems.push(`${file}:${index + 2}: ${reason}`);
  };
  const unique = (file: CsvFile, column: string) => {
    const seen = new Set<string>();
    tables[file].rows.forEach((row, n) => {
      check(file, n, !seen.has(row[column]!), `${column} ${row[column]} repeated`);
      seen.add(row[column]!);
    });
    return seen;
  };

  const clients = unique('clients.csv', 'client_id');
  tables['clients.csv'].rows.forEach((row, n) => {
    const f = 'clients.csv';
    check(f, n, /^C-\d+$/.test(row.client_id!), 'client_id');
    check(f, n, row.type === 'person' || row.type === 'company', `type ${row.type}`);
    check(f, n, row.name!.trim() !== '', 'name is empty');
    check(f, n, isCountryCode(row.country!), `country ${row.country}`);
    check(f, n, LANGUAGES.has(row.language!), `language ${row.language}`);
    check(f, n, isCurrencyCode(row.currency!), `currency ${row.currency}`);
    check(f, n, TIME_ZONES.has(row.time_zone!), `time_zone ${row.time_zone}`);
    check(f, n, /^[a-z0-9._-]+@[a-z0-9.-]+\.example$/.test(row.email!), `email ${row.email}`);
    check(f, n, row.address_line1!.trim() !== '' && row.city!.trim() !== '' && row.postal_code!.trim() !== '', 'address incomplete');
    check(f, n, row.partner_id === '' || /^P-[A-Z0-9]+$/.test(row.partner_id!), `partner_id ${row.partner_id}`);
    if (row.vat_id) {
      check(f, n, row.type === 'company', 'a person with a VAT id');
      check(f, n, vatIdProblem(row.vat_id, row.country!) === null, `vat_id ${row.vat_id}: ${vatIdProblem(row.vat_id, row.country!)}`);
    }
  });

  const contracts = new Map<string, { start: string; end: string }>();
  unique('contracts.csv', 'contract_id');
  tables['contracts.csv'].rows.forEach((row, n) => {
    const f = 'contracts.csv';
    contracts.set(row.contract_id!, { start: row.start_date!, end: row.end_date! });
    check(f, n, /^K-\d+$/.test(row.contract_id!), 'contract_id');
    check(f, n, clients.has(row.client_id!), `unknown client ${row.client_id}`);
    check(f, n, legalEntities.has(row.legal_entity_id!), `unknown legal entity ${row.legal_entity_id}`);
    check(f, n, isDate(row.start_date!), `start_date ${row.start_date}`);
    check(f, n, row.end_date === '' || (isDate(row.end_date!) && row.end_date! > row.start_date!), `end_date ${row.end_date}`);
    check(f, n, ['monthly', 'quarterly', 'yearly'].includes(row.billing_cycle!), `billing_cycle ${row.billing_cycle}`);
    check(f, n, /^([1-9]|1\d|2[0-8])$/.test(row.cycle_anchor_day!), `cycle_anchor_day ${row.cycle_anchor_day}`);
    check(f, n, isCurrencyCode(row.currency!), `currency ${row.currency}`);
    check(f, n, /^\d{1,3}$/.test(row.payment_terms_days!), `payment_terms_days ${row.payment_terms_days}`);
    const billingStart = row.billing_start!;
    check(f, n, billingStart === '' || (isDate(billingStart) && billingStart >= row.start_date! && (row.end_date === '' || billingStart < row.end_date!)), `billing_start ${billingStart}`);
  });

  const servicePoints = new Map<string, string>();
  unique('service-points.csv', 'service_point_id');
  const identifiers = new Map<string, string>();
  tables['service-points.csv'].rows.forEach((row, n) => {
    const f = 'service-points.csv';
    servicePoints.set(row.service_point_id!, row.contract_id!);
    check(f, n, /^SP-\d+$/.test(row.service_point_id!), 'service_point_id');
    check(f, n, contracts.has(row.contract_id!), `unknown contract ${row.contract_id}`);
    check(f, n, isCountryCode(row.country!), `country ${row.country}`);
    check(f, n, row.address_line1!.trim() !== '' && row.city!.trim() !== '' && row.postal_code!.trim() !== '', 'address incomplete');
    const list = row.identifiers!.split(';');
    check(f, n, list.length >= 1 && list.every((id) => PHONE.test(id) || MAC.test(id) || RADIUS_USER.test(id)), `identifiers ${row.identifiers}`);
    for (const identifier of list) {
      // Compared as a usage record would find them: case-insensitively, a MAC without separators.
      const key = MAC.test(identifier) ? identifier.replace(/:/g, '').toLowerCase() : identifier.toLowerCase();
      check(f, n, !identifiers.has(key), `identifier ${identifier} also on ${identifiers.get(key)}`);
      identifiers.set(key, row.service_point_id!);
    }
  });

  unique('subscriptions.csv', 'subscription_id');
  tables['subscriptions.csv'].rows.forEach((row, n) => {
    const f = 'subscriptions.csv';
    check(f, n, /^S-\d+$/.test(row.subscription_id!), 'subscription_id');
    const contract = contracts.get(servicePoints.get(row.service_point_id!) ?? '');
    check(f, n, contract !== undefined, `unknown service point ${row.service_point_id}`);
    check(f, n, TARIFFS.has(row.tariff_id!), `tariff_id ${row.tariff_id}`);
    check(f, n, isDate(row.start_date!), `start_date ${row.start_date}`);
    check(f, n, row.end_date === '' || (isDate(row.end_date!) && row.end_date! > row.start_date!), `end_date ${row.end_date}`);
    check(f, n, /^[1-9]\d*$/.test(row.quantity!), `quantity ${row.quantity}`);
    if (contract) {
      check(f, n, row.start_date! >= contract.start, `starts ${row.start_date}, before its contract (${contract.start})`);
      check(f, n, contract.end === '' || (row.end_date !== '' && row.end_date! <= contract.end), `ends ${row.end_date || 'never'}, after its contract (${contract.end})`);
    }
  });
  return problems;
}

function identifiersOf(dir: string): string[] {
  return readCsv(dir, 'service-points.csv').rows.flatMap((row) => row.identifiers!.split(';'));
}

/** As a usage record finds its service point: case-insensitively, a MAC without separators. */
const identifierKey = (identifier: string) => (MAC.test(identifier.toUpperCase()) ? identifier.replace(/:/g, '').toLowerCase() : identifier.toLowerCase());

/**
 * usage.csv of a data set: the problems of its rows (empty when every row would be recorded and
 * rated, but for records of unknown identifiers), with the duplicates and unknown identifiers
 * counted. A record must fall on a day (the client's local date) one of its service point's
 * subscriptions with a tariff that rates its type is active, and a call must dial a number the
 * deck prices.
 */
function usageOf(dir: string): { problems: string[]; records: number; duplicates: number; unknown: string[] } {
  const problems: string[] = [];
  const rates: Record<string, string[]> = { 'HOME-VOIP': ['voice', 'sms'], 'BIZ-SIP': ['voice'], 'FIBRE-100': ['data'], 'WIFI-HOTSPOT': ['data'], 'VOD-STORE': ['vod'] };
  const pointOf = new Map<string, string>();
  for (const row of readCsv(dir, 'service-points.csv').rows) for (const identifier of row.identifiers!.split(';')) pointOf.set(identifierKey(identifier), row.service_point_id!);
  const subscriptions = readCsv(dir, 'subscriptions.csv').rows;
  const contractOf = new Map(readCsv(dir, 'service-points.csv').rows.map((row) => [row.service_point_id!, row.contract_id!]));
  const clientOf = new Map(readCsv(dir, 'contracts.csv').rows.map((row) => [row.contract_id!, row.client_id!]));
  const zoneOf = new Map(readCsv(dir, 'clients.csv').rows.map((row) => [row.client_id!, row.time_zone!]));
  /** The local date of an instant in a service point's client's time zone, as rating takes it. */
  const localDate = (point: string, instant: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: zoneOf.get(clientOf.get(contractOf.get(point)!)!)! }).format(instant);
  const prefixes = readCsv(dir, 'tariffs/decks/voice-eur.csv').rows.map((row) => row.prefix!);
  const seen = new Set<string>();
  const unknown: string[] = [];
  let duplicates = 0;
  const { header, rows } = readCsv(dir, 'usage.csv');
  if (header.join(',') !== USAGE_FORMAT.join(',')) problems.push(`usage.csv: header ${header.join(',')}`);
  rows.forEach((row, n) => {
    const at = `usage.csv:${n + 2}`;
    const key = `${row.source} ${row.record_id}`;
    if (seen.has(key)) {
      duplicates += 1;
      return;
    }
    seen.add(key);
    if (!row.record_id || !row.source) problems.push(`${at}: record_id and source are required`);
    const start = new Date(row.start_time!);
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/.test(row.start_time!) || Number.isNaN(start.getTime())) problems.push(`${at}: start_time ${row.start_time}`);
    if (!(start < new Date('2026-11-01T00:00:00Z'))) problems.push(`${at}: starts ${row.start_time}, after the cycles a bill run as of 2026-11-01 closes`);
    if (row.type === 'voice') {
      if (!/^[1-9]\d*$/.test(row.duration_s!) && row.duration_s !== '0') problems.push(`${at}: duration_s ${row.duration_s}`);
      const digits = row.called_number!.replace(/^\+/, '');
      if (!/^\+\d{7,15}$/.test(row.called_number!) || !prefixes.some((prefix) => digits.startsWith(prefix))) problems.push(`${at}: the deck prices no call to ${row.called_number}`);
    } else if (row.type === 'data') {
      if (!/^\d+$/.test(row.bytes_in!) || !/^\d+$/.test(row.bytes_out!)) problems.push(`${at}: bytes ${row.bytes_in} ${row.bytes_out}`);
    } else if (row.type === 'sms' || row.type === 'vod') {
      if (!/^[1-9]\d*$/.test(row.quantity!)) problems.push(`${at}: quantity ${row.quantity}`);
    } else problems.push(`${at}: type ${row.type}`);
    const point = pointOf.get(identifierKey(row.identifier!));
    if (!point) return void unknown.push(row.identifier!);
    const day = localDate(point, start);
    const active = subscriptions.some((s) => s.service_point_id === point && rates[s.tariff_id!]?.includes(row.type!) && s.start_date! <= day && (s.end_date === '' || day < s.end_date!));
    if (!active) problems.push(`${at}: no subscription of ${point} rates ${row.type} on ${row.start_time}`);
  });
  return { problems, records: seen.size, duplicates, unknown };
}

const tempRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'billstream-generate-'));
const out = (name: string) => path.join(tempRoot, name);
afterAll(() => fs.rmSync(tempRoot, { recursive: true, force: true }));

describe('tools/generate.ts', () => {
  let result: GenerateResult;
  beforeAll(async () => {
    result = await generate({ clients: 1000, out: out('a'), seed: 42 });
  });

  it('writes one contract and one service point per client, two subscriptions per service point, and their usage, rates and tariffs', () => {
    const { files, usage, ...counts } = result;
    expect(counts).toEqual({ legalEntities: 3, partners: 3, clients: 1000, contracts: 1000, servicePoints: 1000, subscriptions: 2000, tariffs: 7 });
    const rows = Object.fromEntries((Object.keys(FORMATS) as CsvFile[]).map((file) => [file, readCsv(out('a'), file).rows.length]));
    expect(rows).toEqual({ 'clients.csv': 1000, 'contracts.csv': 1000, 'service-points.csv': 1000, 'subscriptions.csv': 2000 });
    // Up to 10 records per client (fewer when no service with usage is active long enough), 1 in 1000 sent twice, 1 in 1000 from an unknown identifier.
    expect(usage.records).toBeGreaterThan(9000);
    expect(usage.records).toBeLessThanOrEqual(10_000);
    expect(usage.duplicates).toBe(Math.floor(usage.records / 1000));
    expect(usage.unresolved).toBe(Math.floor((usage.records + 500) / 1000));
    const sizeOf = (file: string) => (fs.statSync(file).isDirectory() ? fs.readdirSync(file, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).reduce((sum, e) => sum + fs.statSync(path.join(e.parentPath, e.name)).size, 0) : fs.statSync(file).size);
    expect(files.map((f) => [path.basename(f.path), f.rows, f.bytes === sizeOf(f.path)])).toEqual([
      ['legal-entities.yaml', 3, true],
      ['partners.csv', 3, true],
      ['clients.csv', 1000, true],
      ['contracts.csv', 1000, true],
      ['service-points.csv', 1000, true],
      ['subscriptions.csv', 2000, true],
      ['usage.csv', usage.records + usage.duplicates, true],
      ['fx-rates.csv', 72, true],
      ['tariffs', 7, true],
    ]);
  });

  it('writes exactly the FORMATS.md columns, header first', () => {
    for (const [file, columns] of [...Object.entries(FORMATS), ['usage.csv', USAGE_FORMAT], ['fx-rates.csv', FX_FORMAT]] as const) {
      expect(fs.readFileSync(path.join(out('a'), file), 'utf8').split('\n')[0], file).toBe(columns.join(','));
    }
  });

  it('writes the tariffs of examples/ with their deck, and a rate for every month from January 2025 for each invoice currency', () => {
    const list = (dir: string) => fs.readdirSync(dir, { recursive: true }).map(String).sort();
    expect(list(out('a/tariffs'))).toEqual(list('examples/tariffs'));
    for (const file of list('examples/tariffs').filter((f) => /\.(yaml|csv)$/.test(f))) {
      expect(fs.readFileSync(path.join(out('a/tariffs'), file), 'utf8'), file).toBe(fs.readFileSync(path.join('examples/tariffs', file), 'utf8'));
    }
    const rates = readCsv(out('a'), 'fx-rates.csv').rows;
    const currencies = new Set(readCsv(out('a'), 'contracts.csv').rows.map((c) => c.currency).filter((c) => c !== 'EUR'));
    expect(currencies.size).toBeGreaterThan(0);
    for (const quote of currencies) {
      const dates = rates.filter((r) => r.base === 'EUR' && r.quote === quote).map((r) => r.date);
      expect(dates, quote).toHaveLength(24);
      expect(dates[0], quote).toBe('2025-01-01');
    }
    expect(rates.every((r) => /^\d+\.\d+$/.test(r.rate!) && Number(r.rate) > 0)).toBe(true);
  });

  it('writes usage of the subscriptions only, priced by their tariffs, but for the unknown identifiers it counts', () => {
    const usage = usageOf(out('a'));
    expect(usage.problems.slice(0, 10)).toEqual([]);
    expect({ records: usage.records, duplicates: usage.duplicates, unresolved: usage.unknown.length }).toEqual(result.usage);
    expect(new Set(readCsv(out('a'), 'usage.csv').rows.map((r) => r.type))).toEqual(new Set(['voice', 'data', 'sms', 'vod']));
  });

  it('writes the three legal entities of examples/', () => {
    const read = (dir: string) => parseYaml(fs.readFileSync(path.join(dir, 'legal-entities.yaml'), 'utf8')) as unknown[];
    expect(read(out('a'))).toEqual(read('examples'));
  });

  it('writes only valid rows: unique ids and identifiers, known references, valid codes, VAT ids and dates', () => {
    expect(problemsOf(out('a'))).toEqual([]);
  });

  it('covers what the importers must handle: persons and companies, several countries, quoted fields, migrations', () => {
    const clients = readCsv(out('a'), 'clients.csv').rows;
    expect(new Set(clients.map((c) => c.type))).toEqual(new Set(['person', 'company']));
    expect(new Set(clients.map((c) => c.country))).toEqual(new Set(['HU', 'DE', 'AT', 'SK', 'FR', 'GB', 'US']));
    expect(clients.some((c) => c.vat_id !== '')).toBe(true);
    expect(clients.some((c) => c.partner_id !== '')).toBe(true);
    expect(fs.readFileSync(path.join(out('a'), 'clients.csv'), 'utf8')).toContain('"');
    const contracts = readCsv(out('a'), 'contracts.csv').rows;
    expect(new Set(contracts.map((c) => c.billing_cycle))).toEqual(new Set(['monthly', 'quarterly', 'yearly']));
    expect(contracts.some((c) => c.billing_start !== '')).toBe(true);
    expect(contracts.some((c) => c.end_date !== '')).toBe(true);
    expect(new Set(readCsv(out('a'), 'subscriptions.csv').rows.map((s) => s.tariff_id))).toEqual(TARIFFS);
  });

  it('writes the same bytes for the same seed, and other data for another seed', async () => {
    await generate({ clients: 1000, out: out('b'), seed: 42 });
    await generate({ clients: 1000, out: out('c'), seed: 43 });
    for (const file of ['legal-entities.yaml', ...Object.keys(FORMATS), 'usage.csv', 'fx-rates.csv']) {
      expect(fs.readFileSync(path.join(out('b'), file)).equals(fs.readFileSync(path.join(out('a'), file))), file).toBe(true);
    }
    expect(fs.readFileSync(path.join(out('c'), 'clients.csv'), 'utf8')).not.toBe(fs.readFileSync(path.join(out('a'), 'clients.csv'), 'utf8'));
    expect(fs.readFileSync(path.join(out('c'), 'usage.csv'), 'utf8')).not.toBe(fs.readFileSync(path.join(out('a'), 'usage.csv'), 'utf8'));
    expect(problemsOf(out('c'))).toEqual([]);
    expect(usageOf(out('c')).problems.slice(0, 10)).toEqual([]);
  });

  it('writes the same CRM files whatever the number of usage records, and no usage with usagePerClient 0', async () => {
    const none = await generate({ clients: 1000, out: out('e'), seed: 42, usagePerClient: 0 });
    for (const file of ['legal-entities.yaml', ...Object.keys(FORMATS), 'fx-rates.csv']) {
      expect(fs.readFileSync(path.join(out('e'), file)).equals(fs.readFileSync(path.join(out('a'), file))), file).toBe(true);
    }
    expect(none.usage).toEqual({ records: 0, duplicates: 0, unresolved: 0 });
    expect(fs.readFileSync(path.join(out('e'), 'usage.csv'), 'utf8')).toBe(`${USAGE_FORMAT.join(',')}\n`);
  });

  it('writes a set that imports without a rejected row and bills without a blocked invoice', async () => {
    const dir = out('f');
    const generated = await generate({ clients: 150, out: dir, seed: 7, usagePerClient: 20 });
    const billstream = await openTestBillstream({ dataDir: out('f-data'), clock: ManualClock.at('2026-11-05T09:00:00Z') });
    try {
      const context = { actor: 'test' };
      const summaries = [await importLegalEntities(billstream, fs.readFileSync(path.join(dir, 'legal-entities.yaml'), 'utf8'), context)];
      // In dependency order: subscriptions name the tariffs, clients the partners.
      summaries.push(await importTariffs(billstream, path.join(dir, 'tariffs'), context));
      for (const kind of ['partners', 'clients', 'contracts', 'service-points', 'subscriptions']) {
        const spec = CSV_IMPORTS[kind]!;
        summaries.push(await importCsvEntities(billstream, () => readCsvFile(path.join(dir, `${kind}.csv`), spec.columns), spec, context));
      }
      summaries.push(await importFxRates(billstream, () => readCsvFile(path.join(dir, 'fx-rates.csv'), FX_RATE_COLUMNS), context));
      const usage = await importUsage(billstream, () => readCsvFile(path.join(dir, 'usage.csv'), USAGE_COLUMNS), context);
      summaries.push(usage);
      expect(summaries.flatMap((s) => s.errors).slice(0, 5)).toEqual([]);
      expect(summaries.map((s) => s.rejected)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0]);
      expect({ created: usage.created, duplicates: usage.duplicates, unresolved: usage.unresolved }).toEqual({
        created: generated.usage.records,
        duplicates: generated.usage.duplicates,
        unresolved: generated.usage.unresolved,
      });
      await billstream.catchUp();
      const { runId } = await startBillRun(billstream, { asOf: '2026-11-01' }, { commandId: 'generated-run', actor: 'test' });
      await billstream.catchUp();
      const run = (await billstream.readStore.get(BILL_RUNS, runId)) as BillRunDocument;
      expect(run.status).toBe('drafted');
      expect(run.report!.invoices).toBeGreaterThan(150);
      expect(run.report!.blocked).toBe(0);
      expect(run.report!.flags.filter((f) => f.flags.some((flag) => flag.code === 'unresolved-usage'))).toEqual([]);
    } finally {
      await billstream.close();
    }
  }, 120_000);

  it('never reuses an id or identifier of examples/, so both sets can go into one installation', () => {
    const examples = new Set(identifiersOf('examples').map((i) => i.toLowerCase()));
    expect(identifiersOf(out('a')).filter((i) => examples.has(i.toLowerCase()))).toEqual([]);
    const exampleClients = new Set(readCsv('examples', 'clients.csv').rows.map((c) => c.client_id));
    expect(readCsv(out('a'), 'clients.csv').rows.filter((c) => exampleClients.has(c.client_id))).toEqual([]);
  });

  it('refuses a client count, seed or usage count it cannot honour', async () => {
    await expect(generate({ clients: -1, out: out('d') })).rejects.toThrow(RangeError);
    await expect(generate({ clients: 1.5, out: out('d') })).rejects.toThrow(RangeError);
    await expect(generate({ clients: 10, out: out('d'), seed: -3 })).rejects.toThrow(RangeError);
    await expect(generate({ clients: 10, out: out('d'), usagePerClient: 1001 })).rejects.toThrow(RangeError);
    await expect(generate({ clients: 10, out: out('d'), usagePerClient: 2.5 })).rejects.toThrow(RangeError);
  });
});

describe('examples/', () => {
  it('has exactly the FORMATS.md columns, header first', () => {
    for (const [file, columns] of Object.entries(FORMATS)) {
      expect(fs.readFileSync(path.join('examples', file), 'utf8').split('\n')[0], file).toBe(columns.join(','));
    }
  });

  it('holds only valid rows: unique ids and identifiers, known references, valid codes, VAT ids and dates', () => {
    expect(problemsOf('examples')).toEqual([]);
  });

  it('has a tariff file for every tariff the subscriptions name', () => {
    const ids = fs.readdirSync('examples/tariffs').filter((f) => f.endsWith('.yaml')).map((f) => (parseYaml(fs.readFileSync(path.join('examples/tariffs', f), 'utf8')) as { id: string }).id);
    expect(new Set(ids)).toEqual(new Set(readCsv('examples', 'subscriptions.csv').rows.map((s) => s.tariff_id)));
  });

  it('has usage of its subscriptions, priced by their tariffs, with one duplicate and one record of an unknown identifier', () => {
    const usage = usageOf('examples');
    expect(usage.problems).toEqual([]);
    expect(usage.duplicates).toBe(1);
    expect(usage.unknown).toEqual(['+3613999999']);
    expect(new Set(readCsv('examples', 'usage.csv').rows.map((r) => r.type))).toEqual(new Set(['voice', 'data', 'sms', 'vod']));
  });

  it('gives every client a contract, every contract a service point and every service point a subscription', () => {
    const used = (file: CsvFile, column: string) => new Set(readCsv('examples', file).rows.map((r) => r[column]));
    const ids = (file: CsvFile, column: string) => readCsv('examples', file).rows.map((r) => r[column]);
    expect(ids('clients.csv', 'client_id').filter((id) => !used('contracts.csv', 'client_id').has(id))).toEqual([]);
    expect(ids('contracts.csv', 'contract_id').filter((id) => !used('service-points.csv', 'contract_id').has(id))).toEqual([]);
    expect(ids('service-points.csv', 'service_point_id').filter((id) => !used('subscriptions.csv', 'service_point_id').has(id))).toEqual([]);
  });
});
