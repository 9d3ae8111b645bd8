/**
 * tools/generate.ts and examples/: every file has exactly the FORMATS.md columns, ids and service
 * point identifiers are unique, references resolve, and every value is one the import accepts
 * (checked with the same country, currency and VAT id rules the domain uses). The generator is
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

/** Copied from FORMATS.md on purpose: the test holds the generator to the public contract, not to itself. */
const FORMATS = {
  'clients.csv': ['client_id', 'type', 'name', 'country', 'language', 'currency', 'vat_id', 'time_zone', 'email', 'address_line1', 'city', 'postal_code', 'partner_id'],
  'contracts.csv': ['contract_id', 'client_id', 'legal_entity_id', 'start_date', 'end_date', 'billing_cycle', 'cycle_anchor_day', 'currency', 'payment_terms_days', 'billing_start'],
  'service-points.csv': ['service_point_id', 'contract_id', 'identifiers', 'address_line1', 'city', 'postal_code', 'country'],
  'subscriptions.csv': ['subscription_id', 'service_point_id', 'tariff_id', 'start_date', 'end_date', 'quantity'],
} as const;
type CsvFile = keyof typeof FORMATS;

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

function readCsv(dir: string, file: CsvFile): Table {
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

const tempRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'billstream-generate-'));
const out = (name: string) => path.join(tempRoot, name);
afterAll(() => fs.rmSync(tempRoot, { recursive: true, force: true }));

describe('tools/generate.ts', () => {
  let result: GenerateResult;
  beforeAll(async () => {
    result = await generate({ clients: 1000, out: out('a'), seed: 42 });
  });

  it('writes one contract and one service point per client and two subscriptions per service point', () => {
    const { files, ...counts } = result;
    expect(counts).toEqual({ legalEntities: 3, clients: 1000, contracts: 1000, servicePoints: 1000, subscriptions: 2000 });
    const rows = Object.fromEntries((Object.keys(FORMATS) as CsvFile[]).map((file) => [file, readCsv(out('a'), file).rows.length]));
    expect(rows).toEqual({ 'clients.csv': 1000, 'contracts.csv': 1000, 'service-points.csv': 1000, 'subscriptions.csv': 2000 });
    expect(files.map((f) => [path.basename(f.path), f.rows, f.bytes === fs.statSync(f.path).size])).toEqual([
      ['legal-entities.yaml', 3, true],
      ['clients.csv', 1000, true],
      ['contracts.csv', 1000, true],
      ['service-points.csv', 1000, true],
      ['subscriptions.csv', 2000, true],
    ]);
  });

  it('writes exactly the FORMATS.md columns, header first', () => {
    for (const [file, columns] of Object.entries(FORMATS)) {
      expect(fs.readFileSync(path.join(out('a'), file), 'utf8').split('\n')[0], file).toBe(columns.join(','));
    }
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
    for (const file of ['legal-entities.yaml', ...Object.keys(FORMATS)]) {
      expect(fs.readFileSync(path.join(out('b'), file)).equals(fs.readFileSync(path.join(out('a'), file))), file).toBe(true);
    }
    expect(fs.readFileSync(path.join(out('c'), 'clients.csv'), 'utf8')).not.toBe(fs.readFileSync(path.join(out('a'), 'clients.csv'), 'utf8'));
    expect(problemsOf(out('c'))).toEqual([]);
  });

  it('never reuses an id or identifier of examples/, so both sets can go into one installation', () => {
    const examples = new Set(identifiersOf('examples').map((i) => i.toLowerCase()));
    expect(identifiersOf(out('a')).filter((i) => examples.has(i.toLowerCase()))).toEqual([]);
    const exampleClients = new Set(readCsv('examples', 'clients.csv').rows.map((c) => c.client_id));
    expect(readCsv(out('a'), 'clients.csv').rows.filter((c) => exampleClients.has(c.client_id))).toEqual([]);
  });

  it('refuses a client count or seed it cannot honour', async () => {
    await expect(generate({ clients: -1, out: out('d') })).rejects.toThrow(RangeError);
    await expect(generate({ clients: 1.5, out: out('d') })).rejects.toThrow(RangeError);
    await expect(generate({ clients: 10, out: out('d'), seed: -3 })).rejects.toThrow(RangeError);
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

  it('gives every client a contract, every contract a service point and every service point a subscription', () => {
    const used = (file: CsvFile, column: string) => new Set(readCsv('examples', file).rows.map((r) => r[column]));
    const ids = (file: CsvFile, column: string) => readCsv('examples', file).rows.map((r) => r[column]);
    expect(ids('clients.csv', 'client_id').filter((id) => !used('contracts.csv', 'client_id').has(id))).toEqual([]);
    expect(ids('contracts.csv', 'contract_id').filter((id) => !used('service-points.csv', 'contract_id').has(id))).toEqual([]);
    expect(ids('service-points.csv', 'service_point_id').filter((id) => !used('subscriptions.csv', 'service_point_id').has(id))).toEqual([]);
  });
});
