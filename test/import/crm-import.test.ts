/** Bulk import of the CRM files (FORMATS.md) on a real embedded store: every bad-input case of the issue, and idempotency. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Billstream } from '../../src/main.ts';
import { importCsvEntities } from '../../src/import/bulk.ts';
import { CSV_IMPORTS } from '../../src/import/crm-files.ts';
import { readCsvFile } from '../../src/import/csv.ts';
import { importLegalEntities } from '../../src/import/legal-entities.ts';
import { importTariffs } from '../../src/import/tariffs.ts';
import type { ImportSummary } from '../../src/import/summary.ts';
import { streams } from '../../src/domain/streams.ts';
import { approveBillRun, startBillRun } from '../../src/app/bill-run/issue.ts';
import { voidBillRun } from '../../src/app/bill-run/void.ts';
import { openTestBillstream, temporaryDataDir } from '../support/billstream.ts';

const LEGAL_ENTITIES = fs.readFileSync('examples/legal-entities.yaml', 'utf8');
const CLIENTS_HEADER = 'client_id,type,name,country,language,currency,vat_id,time_zone,email,address_line1,city,postal_code,partner_id';
const CONTRACTS_HEADER = 'contract_id,client_id,legal_entity_id,start_date,end_date,billing_cycle,cycle_anchor_day,currency,payment_terms_days';
const POINTS_HEADER = 'service_point_id,contract_id,identifiers,address_line1,city,postal_code,country';
const SUBSCRIPTIONS_HEADER = 'subscription_id,service_point_id,tariff_id,start_date,end_date,quantity';
const PARTNERS_HEADER = 'partner_id,name,email';
const AGENTS_HEADER = 'agent_id,name,email';

describe('CRM import', () => {
  let billstream: Billstream;
  const dir = temporaryDataDir('billstream-crm-');
  const write = (name: string, lines: string[] | Buffer) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, Array.isArray(lines) ? `${lines.join('\n')}\n` : lines);
    return file;
  };
  const load = (kind: string, file: string, allOrNothing = false): Promise<ImportSummary> => {
    const spec = CSV_IMPORTS[kind]!;
    return importCsvEntities(billstream, () => readCsvFile(file, spec.columns), spec, { actor: 'test' }, { allOrNothing });
  };

  beforeAll(async () => {
    billstream = await openTestBillstream();
    await importLegalEntities(billstream, LEGAL_ENTITIES, { actor: 'test' });
    await importTariffs(billstream, 'examples/tariffs', { actor: 'test' });
    expect(await load('partners', write('partners.csv', [PARTNERS_HEADER, 'P-1,Muster Reseller GmbH,sales@muster.example']))).toMatchObject({ created: 1, rejected: 0 });
  });
  afterAll(() => billstream.close());

  it('imports clients, and the same file again is all unchanged; a changed row is an update', async () => {
    const rows = [
      CLIENTS_HEADER,
      'C-1,person,Kovács Anna,HU,hu,HUF,,Europe/Budapest,anna@example.hu,Fő utca 1,Budapest,1011,',
      'C-2,company,Beispiel GmbH,DE,de,EUR,DE123456788,Europe/Berlin,info@beispiel.de,Hauptstr. 5,Berlin,10115,',
      'C-3,company,"Muster, Kabel & Co",AT,de,EUR,ATU12345675,Europe/Vienna,,Ring 1,Wien,1010,P-1',
    ];
    expect(await load('clients', write('clients.csv', rows))).toEqual({ created: 3, updated: 0, unchanged: 0, rejected: 0, errors: [] });
    expect(await load('clients', write('clients.csv', rows))).toEqual({ created: 0, updated: 0, unchanged: 3, rejected: 0, errors: [] });
    rows[2] = rows[2]!.replace('Hauptstr. 5', 'Hauptstr. 7');
    expect(await load('clients', write('clients.csv', rows))).toMatchObject({ created: 0, updated: 1, unchanged: 2 });
    const history = await billstream.eventStore.readStream(streams.client('C-2'));
    expect(history.map((e) => e.type)).toEqual(['ClientRegistered', 'ClientDetailsChanged']);
    expect((history[1]!.data as { changes: unknown }).changes).toEqual({ address: { line1: 'Hauptstr. 7', city: 'Berlin', postalCode: '10115' } });
  });

  it('rejects invalid country, currency, time zone and VAT id, each with its column, and keeps the good rows', async () => {
    const summary = await load('clients', write('bad-clients.csv', [
      CLIENTS_HEADER,
      'C-10,person,Good Person,FR,fr,EUR,,Europe/Paris,,,,,',
      'C-11,person,Bad Country,XX,en,EUR,,Europe/Paris,,,,,',
      'C-12,person,Bad Currency,FR,fr,EURO,,Europe/Paris,,,,,',
      'C-13,person,Bad Zone,FR,fr,EUR,,Europe/Atlantis,,,,,',
      'C-14,company,Bad VAT,DE,de,EUR,DE12345,Europe/Berlin,,,,,',
      'C-15,company,No prefix,HU,hu,HUF,12345676,Europe/Budapest,,,,,',
      'C-16,company,German VAT in Austria,AT,de,EUR,DE123456788,Europe/Vienna,,,,,',
      'C-17,company,Bad check digit,HU,hu,HUF,HU12345678,Europe/Budapest,,,,,',
      'C-18,company,No VAT id at all,NO,nb,NOK,not a vat,Europe/Oslo,,,,,',
    ]));
    expect(summary).toMatchObject({ created: 2, rejected: 7 });
    expect(summary.errors).toEqual([
      { line: 3, column: 4, reason: 'country: "XX" is not an ISO 3166-1 alpha-2 country code' },
      { line: 4, column: 6, reason: 'currency: "EURO" is not an ISO 4217 currency code' },
      { line: 5, column: 8, reason: 'time_zone: "Europe/Atlantis" is not a known IANA time zone' },
      { line: 6, column: 7, reason: 'vat_id: DE12345: a German VAT id has 9 digits after DE, the first not 0' },
      { line: 7, column: 7, reason: 'vat_id: 12345676: an EU VAT id starts with its country prefix (HU for Hungary)' },
      { line: 9, column: 7, reason: 'vat_id: HU12345678: check digit does not match (Hungary)' },
      { line: 10, column: 7, reason: 'vat_id: NOTAVAT: not a VAT id: it has no digits' },
    ]);
  });

  it('rejects duplicate ids inside one file, wrong column counts, broken quoting and non-UTF-8 bytes', async () => {
    const bytes = Buffer.concat([
      Buffer.from(`${CLIENTS_HEADER}\n`),
      Buffer.from('C-20,person,Dup One,FR,fr,EUR,,Europe/Paris,,,,,\n'),
      Buffer.from('C-20,person,Dup Two,FR,fr,EUR,,Europe/Paris,,,,,\n'),
      Buffer.from('C-21,person,Too Few,FR,fr\n'),
      Buffer.from('C-22,person,"Broken "quote,FR,fr,EUR,,Europe/Paris,,,,,\n'),
      Buffer.from('C-23,person,Ren'), Buffer.from([0xe9]), Buffer.from(' Latin1,FR,fr,EUR,,Europe/Paris,,,,,\n'),
      Buffer.from('C-24,person,Still Good,FR,fr,EUR,,Europe/Paris,,,,,\n'),
    ]);
    const summary = await load('clients', write('messy.csv', bytes));
    expect(summary).toMatchObject({ created: 2, rejected: 4 });
    expect(summary.errors.map((e) => [e.line, e.column])).toEqual([[3, 1], [4, 6], [5, 3], [6, 3]]);
    expect(summary.errors[0]!.reason).toBe('client_id: C-20 appears twice in this file (first at line 2)');
    expect(summary.errors[1]!.reason).toMatch(/expected 13 fields/);
    expect(summary.errors[2]!.reason).toMatch(/quote/);
    expect(summary.errors[3]!.reason).toMatch(/UTF-8/);
  });

  it('refuses a three-decimal invoice currency for a client, a contract or a seller: EN 16931 states invoice amounts with two decimals at most', async () => {
    const clients = await load('clients', write('dinar-clients.csv', [CLIENTS_HEADER, 'C-50,person,Dinar,FR,fr,KWD,,Europe/Paris,,,,,', 'C-51,person,Yen,FR,fr,JPY,,Europe/Paris,,,,,']));
    expect(clients).toMatchObject({ created: 1, rejected: 1 });
    expect(clients.errors).toEqual([{ line: 2, column: 6, reason: 'currency: KWD has 3 decimals: EN 16931 e-invoices state amounts with at most 2, so invoices cannot be in KWD' }]);
    const contracts = await load('contracts', write('dinar-contracts.csv', [CONTRACTS_HEADER, 'K-50,C-51,HU1,2026-01-01,,monthly,1,BHD,15', 'K-51,C-51,HU1,2026-01-01,,monthly,1,,15']));
    expect(contracts).toMatchObject({ created: 1, rejected: 1 });
    expect(contracts.errors).toEqual([{ line: 2, column: 8, reason: 'currency: BHD has 3 decimals: EN 16931 e-invoices state amounts with at most 2, so invoices cannot be in BHD' }]);
    const sellers = await importLegalEntities(billstream, [
      '- id: OM1', '  name: Dinar Seller', '  country: OM', '  currency: OMR', '  invoicePrefix: OM', '  address: { line1: Street 1, city: Muscat }',
      '- id: XX1', '  name: No Currency', '  country: HU', '  currency: ""', '  invoicePrefix: XX', '  address: { line1: Street 1, city: Budapest }',
      '- id: XX2', '  name: Prefix Taken', '  country: HU', '  currency: HUF', '  invoicePrefix: HU1', '  address: { line1: Street 1, city: Budapest }',
    ].join('\n'), { actor: 'test' });
    expect(sellers).toMatchObject({ created: 0, rejected: 3 });
    expect(sellers.errors.map((e) => e.reason)).toEqual([
      'currency: OMR has 3 decimals: EN 16931 e-invoices state amounts with at most 2, so invoices cannot be in OMR',
      'currency: is required',
      'invoicePrefix: HU1 is already used by legal entity HU1',
    ]);
    // At the value it names: line 17 is XX2's invoicePrefix, its value at column 18.
    expect(sellers.errors[2]).toMatchObject({ line: 17, column: 18 });
  });

  it('lists the first 1,000 errors of a file of bad rows, by line, and counts the others; the good rows are imported', async () => {
    const rows = [CLIENTS_HEADER, 'C-GOOD,person,Kovács Béla,HU,hu,HUF,,Europe/Budapest,bela@example.hu,Fő utca 2,Budapest,1011,'];
    for (let i = 0; i < 2_500; i++) rows.push(`C-BAD-${i},alien,Nobody ${i},HU,hu,HUF,,Europe/Budapest,n${i}@example.hu,Fő utca 3,Budapest,1011,`);
    const summary = await load('clients', write('many-bad.csv', rows));
    expect(summary).toMatchObject({ created: 1, rejected: 2_500, errorsOmitted: 1_500 });
    expect(summary.errors).toHaveLength(1_000);
    expect(summary.errors[0]).toMatchObject({ line: 3, column: 2 });
    expect(summary.errors.at(-1)!.line).toBe(1_002);
  });

  it('reports a missing column once, at line 1, and imports nothing', async () => {
    const summary = await load('clients', write('no-currency.csv', [CLIENTS_HEADER.replace(',currency', ''), 'C-30,person,X,FR,fr,,Europe/Paris,,,,,']));
    expect(summary).toMatchObject({ created: 0, rejected: 1 });
    expect(summary.errors[0]).toMatchObject({ line: 1, reason: expect.stringMatching(/missing column currency/) });
  });

  it('imports contracts: unknown client, missing legal entity and end before start are rejected; currency defaults to the client', async () => {
    const summary = await load('contracts', write('contracts.csv', [
      CONTRACTS_HEADER,
      'K-1,C-1,HU1,2026-01-01,,monthly,1,,15',
      'K-2,C-2,DE1,2026-02-01,,quarterly,5,EUR,30',
      'K-3,C-404,HU1,2026-01-01,,monthly,1,,15',
      'K-4,C-1,,2026-01-01,,monthly,1,,15',
      'K-5,C-1,HU1,2026-03-01,2026-02-01,monthly,1,,15',
      'K-6,C-1,HU1,2026-03-01,,monthly,1,,-3',
      'K-7,C-1,HU1,2026-03-01,,monthly,1,,366',
      'K-8,C-1,HU1,2026-03-01,,monthly,1,,1.5',
    ]));
    expect(summary).toMatchObject({ created: 2, rejected: 6 });
    expect(summary.errors).toEqual([
      { line: 4, column: 2, reason: 'client_id: client C-404 does not exist' },
      { line: 5, column: 3, reason: 'legal_entity_id: is required' },
      { line: 6, column: 5, reason: 'end_date: 2026-02-01 is not after the start 2026-03-01 (the end is exclusive)' },
      // -3 is a whole number: what is wrong is its range, told as for 366.
      { line: 7, column: 9, reason: 'payment_terms_days: -3 is not a whole number of days from 0 to 365' },
      { line: 8, column: 9, reason: 'payment_terms_days: 366 is not a whole number of days from 0 to 365' },
      { line: 9, column: 9, reason: 'payment_terms_days: "1.5" is not a whole number' },
    ]);
    await billstream.catchUp();
    expect(await billstream.readStore.get('contracts', 'K-1')).toMatchObject({ clientId: 'C-1', currency: 'HUF', number: 'K-1', paymentTermsDays: 15 });
  });

  it('refuses texts longer than the API takes (name 200, address line 200, city 100, postal code 20 characters), each at its column', async () => {
    const summary = await load('clients', write('long-clients.csv', [
      CLIENTS_HEADER,
      `C-LONG-0,person,${'N'.repeat(200)},FR,fr,EUR,,Europe/Paris,,${'L'.repeat(200)},${'C'.repeat(100)},${'P'.repeat(20)},`,
      `C-LONG-1,person,${'N'.repeat(100_000)},FR,fr,EUR,,Europe/Paris,,,,,`,
      `C-LONG-2,person,Long Address,FR,fr,EUR,,Europe/Paris,,${'L'.repeat(5000)},${'C'.repeat(101)},${'P'.repeat(21)},`,
    ]));
    expect(summary).toMatchObject({ created: 1, rejected: 2 });
    expect(summary.errors).toEqual([
      { line: 3, column: 3, reason: 'name: is 100000 characters long: at most 200' },
      { line: 4, column: 10, reason: 'address_line1: is 5000 characters long: at most 200' },
      { line: 4, column: 11, reason: 'city: is 101 characters long: at most 100' },
      { line: 4, column: 12, reason: 'postal_code: is 21 characters long: at most 20' },
    ]);
  });

  it('refuses contract dates with a year typo (0001, 9999): a bill run cannot compute cycles that far, and one such contract would stop every run', async () => {
    const summary = await load('contracts', write('contracts-years.csv', [
      `${CONTRACTS_HEADER},billing_start`,
      'K-Y1,C-1,HU1,9999-12-31,,monthly,1,,15,',
      'K-Y2,C-1,HU1,0001-01-01,,monthly,1,,15,',
      'K-Y3,C-1,HU1,2026-01-01,2300-01-01,monthly,1,,15,',
      'K-Y4,C-1,HU1,1999-01-01,,monthly,1,,15,1899-12-31',
      'K-Y5,C-1,HU1,1900-01-01,2199-12-31,monthly,1,,15,',
    ]));
    expect(summary).toMatchObject({ created: 1, rejected: 4 });
    expect(summary.errors).toEqual([
      { line: 2, column: 4, reason: 'start_date: 9999-12-31 is outside the dates billstream takes (1900-01-01 to 2199-12-31): a typo of the year?' },
      { line: 3, column: 4, reason: 'start_date: 0001-01-01 is outside the dates billstream takes (1900-01-01 to 2199-12-31): a typo of the year?' },
      { line: 4, column: 5, reason: 'end_date: 2300-01-01 is outside the dates billstream takes (1900-01-01 to 2199-12-31): a typo of the year?' },
      { line: 5, column: 10, reason: 'billing_start: 1899-12-31 is outside the dates billstream takes (1900-01-01 to 2199-12-31): a typo of the year?' },
    ]);
  });

  it('imports service points: identifiers are normalized and unique among active service points', async () => {
    const summary = await load('service-points', write('points.csv', [
      POINTS_HEADER,
      'SP-1,K-1,+36 1 234 5678;anna.kovacs@isp.example,Fő utca 1,Budapest,1011,HU',
      'SP-2,K-2,00-1A-2B-3C-4D-5E,Hauptstr. 5,Berlin,10115,DE',
      'SP-3,K-1,+3612345678,Fő utca 2,Budapest,1011,HU',
      'SP-4,K-404,+3698765432,Fő utca 3,Budapest,1011,HU',
      'SP-5,K-2,001a.2b3c.4d5e,Hauptstr. 5,Berlin,10115,DE',
      'SP-6,K-2,+0049 bad,Hauptstr. 5,Berlin,10115,DE',
    ]));
    expect(summary).toMatchObject({ created: 2, rejected: 4 });
    expect(summary.errors.map((e) => e.reason)).toEqual([
      'identifiers: +3612345678 is already used by service point SP-1',
      'contract_id: contract K-404 does not exist',
      'identifiers: 00:1a:2b:3c:4d:5e is already used by service point SP-2',
      'identifiers: "+0049 bad" is not an E.164 number (+ and 7 to 15 digits)',
    ]);
    await billstream.catchUp();
    expect(await billstream.readStore.get('identifiers', '+3612345678')).toMatchObject({ servicePointId: 'SP-1', clientId: 'C-1' });
    expect(await billstream.readStore.get('service_points', 'SP-2')).toMatchObject({ clientId: 'C-2', identifiers: ['00:1a:2b:3c:4d:5e'], active: true });
    // A later file still sees the identifiers the earlier one claimed.
    const again = await load('service-points', write('points2.csv', [POINTS_HEADER, 'SP-7,K-2,+36 1 234 5678,Hauptstr. 5,Berlin,10115,DE']));
    expect(again.errors[0]!.reason).toBe('identifiers: +3612345678 is already used by active service point SP-1');

    // One file moves a number: a row takes it from SP-1, a later row gives it to SP-9 (checked
    // against the file as it goes, though the identifier index is updated only after the import).
    // Taking it before it is given up is still refused.
    const move = await load('service-points', write('points-move.csv', [
      POINTS_HEADER,
      'SP-8,K-2,anna.kovacs@isp.example,Hauptstr. 5,Berlin,10115,DE',
      'SP-1,K-1,+36 1 234 5678,Fő utca 1,Budapest,1011,HU',
      'SP-9,K-2,anna.kovacs@isp.example,Hauptstr. 7,Berlin,10115,DE',
    ]));
    expect(move).toMatchObject({ created: 1, updated: 1, rejected: 1 });
    expect(move.errors.map((e) => `${e.line} ${e.reason}`)).toEqual(['2 identifiers: anna.kovacs@isp.example is already used by active service point SP-1']);
    await billstream.catchUp();
    expect(await billstream.readStore.get('identifiers', 'anna.kovacs@isp.example')).toMatchObject({ servicePointId: 'SP-9' });
  });

  it('imports subscriptions, linked to the service point\'s contract and client', async () => {
    const summary = await load('subscriptions', write('subs.csv', [
      SUBSCRIPTIONS_HEADER,
      'S-1,SP-1,HOME-VOIP,2026-01-01,,1',
      'S-2,SP-1,FIBRE-100,2026-01-15,2026-01-10,1',
      'S-3,SP-404,HOME-VOIP,2026-01-01,,1',
      'S-4,SP-2,BIZ-SIP,2026-02-01,,abc',
      'S-5,SP-2,BIZ-SIP,2026-02-01,,0',
      'S-6,SP-2,BIZ-SIP,2026-02-01,,1000001',
    ]));
    expect(summary).toMatchObject({ created: 1, rejected: 5 });
    expect(summary.errors.map((e) => [e.line, e.column])).toEqual([[3, 5], [4, 2], [5, 6], [6, 6], [7, 6]]);
    // Both bounds, whichever one the quantity misses.
    expect(summary.errors.slice(3).map((e) => e.reason)).toEqual([
      'quantity: 0 is not a whole number from 1 to 1,000,000',
      'quantity: 1000001 is not a whole number from 1 to 1,000,000',
    ]);
    await billstream.catchUp();
    expect(await billstream.readStore.get('subscriptions', 'S-1')).toMatchObject({ servicePointId: 'SP-1', contractId: 'K-1', clientId: 'C-1', tariffId: 'HOME-VOIP', quantity: 1 });
  });

  it('refuses a partner or agent that does not exist, naming line, column and the id; imports partners and agents', async () => {
    expect(await load('agents', write('agents.csv', [AGENTS_HEADER, 'A-1,Nagy Gábor,gabor@example.hu', 'A-2,,x@example.hu']))).toMatchObject({
      created: 1, rejected: 1, errors: [{ line: 3, column: 2, reason: 'name: is required' }],
    });
    const header = `${CLIENTS_HEADER},agent_id`;
    const summary = await load('clients', write('refs.csv', [
      header,
      'C-40,person,Has Both,FR,fr,EUR,,Europe/Paris,,,,,P-1,A-1',
      'C-41,person,No Partner,FR,fr,EUR,,Europe/Paris,,,,,P-404,',
      'C-42,person,No Agent,FR,fr,EUR,,Europe/Paris,,,,,,A-404',
      'C-43,person,Neither,FR,fr,EUR,,Europe/Paris,,,,,P-405,A-405',
    ]));
    expect(summary).toMatchObject({ created: 1, rejected: 3 });
    expect(summary.errors).toEqual([
      { line: 3, column: 13, reason: 'partner_id: partner P-404 does not exist' },
      { line: 4, column: 14, reason: 'agent_id: agent A-404 does not exist' },
      { line: 5, column: 13, reason: 'partner_id: partner P-405 does not exist' },
      { line: 5, column: 14, reason: 'agent_id: agent A-405 does not exist' },
    ]);
    expect(await billstream.eventStore.readStream(streams.client('C-41'))).toEqual([]);
    const contracts = await load('contracts', write('refs-contracts.csv', [
      `${CONTRACTS_HEADER},agent_id`,
      'K-40,C-40,HU1,2026-01-01,,monthly,1,,15,A-1',
      'K-41,C-40,HU1,2026-01-01,,monthly,1,,15,A-404',
    ]));
    expect(contracts).toMatchObject({ created: 1, rejected: 1, errors: [{ line: 3, column: 10, reason: 'agent_id: agent A-404 does not exist' }] });
  });

  it('refuses a subscription to a tariff that does not exist, naming the tariff', async () => {
    const summary = await load('subscriptions', write('subs-tariff.csv', [SUBSCRIPTIONS_HEADER, 'S-20,SP-1,FIBRE-100,2026-01-01,,1', 'S-21,SP-1,FIBRE-9000,2026-01-01,,1']));
    expect(summary).toMatchObject({ created: 1, rejected: 1, errors: [{ line: 3, column: 3, reason: 'tariff_id: tariff FIBRE-9000 does not exist' }] });
  });

  it('refuses a subscription outside its contract (before its start, from its end on, ending after it), and new contract dates that would leave one outside', async () => {
    const contracts = await load('contracts', write('k8.csv', [CONTRACTS_HEADER, 'K8,C-1,HU1,2026-01-15,2026-06-01,monthly,1,,15']));
    expect(contracts).toMatchObject({ created: 1, rejected: 0 });
    expect(await load('service-points', write('sp8.csv', [POINTS_HEADER, 'SP-8,K8,k8@isp.example,Fő utca 8,Budapest,1011,HU']))).toMatchObject({ created: 1, rejected: 0 });
    const subscriptions = await load('subscriptions', write('subs8.csv', [
      SUBSCRIPTIONS_HEADER,
      'S-80,SP-8,FIBRE-100,2025-11-01,,1',
      'S-81,SP-8,FIBRE-100,2026-06-01,,1',
      'S-82,SP-8,FIBRE-100,2026-02-01,2026-07-01,1',
      'S-83,SP-8,FIBRE-100,2026-01-15,,1',
      'S-84,SP-8,HOME-VOIP,2026-03-01,2026-05-01,1',
    ]));
    expect(subscriptions).toMatchObject({ created: 2, rejected: 3 });
    expect(subscriptions.errors).toEqual([
      { line: 2, column: 4, reason: 'start_date: 2025-11-01 is before the start of contract K8 (2026-01-15)' },
      { line: 3, column: 4, reason: 'start_date: 2026-06-01 is not before the end of contract K8 (2026-06-01, exclusive)' },
      { line: 4, column: 5, reason: 'end_date: 2026-07-01 is after the end of contract K8 (2026-06-01)' },
    ]);
    expect(await billstream.eventStore.readStream(streams.subscription('S-80'))).toEqual([]);
    // Moving a stored subscription out of its contract is refused as well.
    const moved = await load('subscriptions', write('subs8-moved.csv', [SUBSCRIPTIONS_HEADER, 'S-83,SP-8,FIBRE-100,2026-01-01,,1']));
    expect(moved.errors).toEqual([{ line: 2, column: 4, reason: 'start_date: 2026-01-01 is before the start of contract K8 (2026-01-15)' }]);

    // The contract's dates changed by a corrected row: refused while a subscription would fall outside, naming it.
    const change = async (row: string) => load('contracts', write('k8-changed.csv', [CONTRACTS_HEADER, row]));
    expect((await change('K8,C-1,HU1,2026-02-01,2026-06-01,monthly,1,,15')).errors).toEqual([
      { line: 2, column: 4, reason: 'start_date: 2026-02-01 is after the start of subscription S-83 (2026-01-15)' },
    ]);
    expect((await change('K8,C-1,HU1,2026-01-15,2026-03-01,monthly,1,,15')).errors).toEqual([
      { line: 2, column: 5, reason: 'end_date: 2026-03-01 is not after the start of subscription S-84 (2026-03-01)' },
    ]);
    expect((await change('K8,C-1,HU1,2026-01-15,2026-04-01,monthly,1,,15')).errors).toEqual([
      { line: 2, column: 5, reason: 'end_date: 2026-04-01 is before the end of subscription S-84 (2026-05-01)' },
    ]);
    // An open-ended subscription ends with its contract: an earlier end that still covers every subscription is taken.
    expect(await change('K8,C-1,HU1,2026-01-15,2026-05-01,monthly,1,,15')).toMatchObject({ updated: 1, rejected: 0 });
  });

  it('refuses a migration start (billing_start) on or after the contract\'s end', async () => {
    const summary = await load('contracts', write('billing-start-end.csv', [
      `${CONTRACTS_HEADER},billing_start`,
      'K-90,C-1,HU1,2026-01-01,2026-06-01,monthly,1,,15,2026-06-01',
      'K-91,C-1,HU1,2026-01-01,2026-06-01,monthly,1,,15,2026-07-01',
      'K-92,C-1,HU1,2026-01-01,2026-06-01,monthly,1,,15,2026-05-31',
    ]));
    expect(summary).toMatchObject({ created: 1, rejected: 2 });
    expect(summary.errors).toEqual([
      { line: 2, column: 10, reason: 'billing_start: 2026-06-01 is not before the end 2026-06-01 (the end is exclusive)' },
      { line: 3, column: 10, reason: 'billing_start: 2026-07-01 is not before the end 2026-06-01 (the end is exclusive)' },
    ]);
  });

  it('refuses another cycle anchor day or cycle length once a cycle of the contract is invoiced (drafted or issued), naming the invoice; a voided draft does not count', async () => {
    const fresh = await openTestBillstream();
    try {
      const freshLoad = (kind: string, lines: string[]) => {
        const spec = CSV_IMPORTS[kind]!;
        const file = write(`cycle-${kind}.csv`, lines);
        return importCsvEntities(fresh, () => readCsvFile(file, spec.columns), spec, { actor: 'test' });
      };
      await importLegalEntities(fresh, LEGAL_ENTITIES, { actor: 'test' });
      fs.mkdirSync(path.join(dir, 'cycle-tariffs'), { recursive: true });
      write('cycle-tariffs/net.yaml', ['id: NET', 'name: { en: Net }', 'currency: EUR', 'validFrom: 2026-01-01', 'category: internet', 'recurring:', '  - { code: NET, name: { en: Net }, amount: "20.00", period: monthly, billed: arrears }']);
      write('cycle-tariffs/fast.yaml', ['id: FAST', 'name: { en: Fast }', 'currency: EUR', 'validFrom: 2026-01-01', 'category: internet', 'recurring:', '  - { code: FAST, name: { en: Fast }, amount: "40.00", period: monthly, billed: arrears }']);
      await importTariffs(fresh, path.join(dir, 'cycle-tariffs'), { actor: 'test' });
      expect(await freshLoad('clients', [CLIENTS_HEADER, 'CB,person,Client B,DE,en,EUR,,Europe/Berlin,,Street 1,Berlin,10117,'])).toMatchObject({ created: 1 });
      const contract = (anchor: number, cycle = 'monthly', terms = 15, currency = 'EUR') => freshLoad('contracts', [CONTRACTS_HEADER, `K1,CB,DE1,2026-01-01,,${cycle},${anchor},${currency},${terms}`]);
      expect(await contract(1)).toMatchObject({ created: 1 });
      expect(await freshLoad('service-points', [POINTS_HEADER, 'SP1,K1,cb@isp.example,Street 1,Berlin,10117,DE'])).toMatchObject({ created: 1 });
      expect(await freshLoad('subscriptions', [SUBSCRIPTIONS_HEADER, 'S1,SP1,NET,2026-01-01,,1'])).toMatchObject({ created: 1 });

      // Before any invoice the cycles, the currency and the subscription's tariff are free to change.
      expect(await contract(15)).toMatchObject({ updated: 1, rejected: 0 });
      expect(await contract(1)).toMatchObject({ updated: 1, rejected: 0 });
      const subscription = (tariff: string) => freshLoad('subscriptions', [SUBSCRIPTIONS_HEADER, `S1,SP1,${tariff},2026-01-01,,1`]);
      expect(await subscription('FAST')).toMatchObject({ updated: 1, rejected: 0 });
      expect(await subscription('NET')).toMatchObject({ updated: 1, rejected: 0 });

      // Drafted: refused, naming the run; once the run is voided its draft no longer counts.
      await fresh.catchUp();
      const { runId: voided } = await startBillRun(fresh, { asOf: '2026-02-01' }, { commandId: 'cycle-run-1', actor: 'test' });
      await fresh.catchUp();
      expect((await contract(15)).errors).toEqual([
        { line: 2, column: 7, reason: `cycle_anchor_day: cannot change from 1 to 15: cycle 2026-01-01..2026-02-01 of contract K1 is already invoiced (draft of bill run ${voided})` },
      ]);
      await voidBillRun(fresh, voided, { commandId: 'cycle-void-1', actor: 'test' });
      await fresh.catchUp();
      expect(await contract(15)).toMatchObject({ updated: 1, rejected: 0 });
      expect(await contract(1)).toMatchObject({ updated: 1, rejected: 0 });

      // Issued: refused, naming the invoice number; other changes are still taken.
      const { runId } = await startBillRun(fresh, { asOf: '2026-02-01' }, { commandId: 'cycle-run-2', actor: 'test' });
      await fresh.catchUp();
      await approveBillRun(fresh, runId, { includeHeld: false, issueDate: '2026-02-02' }, { commandId: 'cycle-approve-2', actor: 'test' });
      await fresh.catchUp();
      expect((await contract(15)).errors).toEqual([
        { line: 2, column: 7, reason: 'cycle_anchor_day: cannot change from 1 to 15: cycle 2026-01-01..2026-02-01 of contract K1 is already invoiced (DE1-2026-000001)' },
      ]);
      expect((await contract(1, 'quarterly')).errors).toEqual([
        { line: 2, column: 6, reason: 'billing_cycle: cannot change from monthly to quarterly: cycle 2026-01-01..2026-02-01 of contract K1 is already invoiced (DE1-2026-000001)' },
      ]);
      // Days paid in EUR would be credited in USD; days billed on NET would be billed again on FAST.
      expect((await contract(1, 'monthly', 15, 'USD')).errors).toEqual([
        { line: 2, column: 8, reason: 'currency: cannot change from EUR to USD: cycle 2026-01-01..2026-02-01 of contract K1 is already invoiced (DE1-2026-000001)' },
      ]);
      expect((await subscription('FAST')).errors).toEqual([
        { line: 2, column: 3, reason: 'tariff_id: cannot change from NET to FAST: subscription S1 is invoiced with fee NET (DE1-2026-000001), which FAST does not have; for a plan change, end it and start a new subscription on FAST' },
      ]);
      expect(await contract(1, 'monthly', 30)).toMatchObject({ updated: 1, rejected: 0 });
      await fresh.catchUp();
      expect(await fresh.readStore.get('contracts', 'K1')).toMatchObject({ cycleAnchorDay: 1, billingCycle: 'monthly', paymentTermsDays: 30 });
    } finally {
      await fresh.close();
    }
  });

  it('starts imported clients in the same status as clients created over REST (active), unless the file says otherwise', async () => {
    const summary = await load('clients', write('status.csv', [
      `${CLIENTS_HEADER},status`,
      'C-60,person,Default Status,FR,fr,EUR,,Europe/Paris,,,,,,',
      'C-61,person,A Lead,FR,fr,EUR,,Europe/Paris,,,,,,prospect',
      'C-62,person,Bad Status,FR,fr,EUR,,Europe/Paris,,,,,,asleep',
    ]));
    expect(summary).toMatchObject({ created: 2, rejected: 1, errors: [{ line: 4, column: 14, reason: 'status: "asleep" is not one of prospect, active, suspended, closed' }] });
    await billstream.catchUp();
    expect(await billstream.readStore.get('clients', 'C-60')).toMatchObject({ status: 'active' });
    expect(await billstream.readStore.get('clients', 'C-61')).toMatchObject({ status: 'prospect' });
    // The column says how a client starts: importing the file again leaves a later status alone.
    const again = await load('clients', write('status.csv', [`${CLIENTS_HEADER},status`, 'C-61,person,A Lead,FR,fr,EUR,,Europe/Paris,,,,,,active']));
    expect(again).toMatchObject({ unchanged: 1, rejected: 0 });
  });

  it('imports the example installation file by file in dependency order without a rejected row, and not out of order', async () => {
    const fresh = await openTestBillstream();
    try {
      const importExample = (kind: string) => {
        const spec = CSV_IMPORTS[kind]!;
        return importCsvEntities(fresh, () => readCsvFile(path.join('examples', `${kind}.csv`), spec.columns), spec, { actor: 'test' });
      };
      // Subscriptions before the tariffs they name: every row refused, with the tariff it names.
      await importLegalEntities(fresh, LEGAL_ENTITIES, { actor: 'test' });
      for (const kind of ['partners', 'clients', 'contracts', 'service-points']) expect((await importExample(kind)).rejected, kind).toBe(0);
      const early = await importExample('subscriptions');
      expect(early.created).toBe(0);
      expect(early.errors[0]!.reason).toMatch(/^tariff_id: tariff [A-Z0-9-]+ does not exist$/);
      await importTariffs(fresh, 'examples/tariffs', { actor: 'test' });
      const subscriptions = await importExample('subscriptions');
      expect(subscriptions.rejected, JSON.stringify(subscriptions.errors)).toBe(0);
      expect(subscriptions.created).toBeGreaterThan(0);
    } finally {
      await fresh.close();
    }
  });

  it('with --all-or-nothing, rejects the whole file when one row is bad', async () => {
    const summary = await load('subscriptions', write('subs-aon.csv', [SUBSCRIPTIONS_HEADER, 'S-10,SP-2,BIZ-SIP,2026-02-01,,1', 'S-11,SP-404,BIZ-SIP,2026-02-01,,1']), true);
    expect(summary).toMatchObject({ created: 0, rejected: 1 });
    expect(await billstream.eventStore.readStream(streams.subscription('S-10'))).toEqual([]);
  });

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
});
