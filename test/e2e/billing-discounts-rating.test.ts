/**
 * RULES.md 22 end to end, the kinds that act in rating: a free-units scheme adds to the voice
 * allowance of a contract's subscriptions (one tariff has an allowance, the other none) in its
 * first cycle only (firstCycles), and a price override reprices one subscription's calls to
 * Austria, peak and offpeak, leaving other destinations and other contracts alone. The schemes
 * are imported after the usage was rated: no re-rating is needed, the invoices' usage lines show
 * the discounted amounts; a re-rating changes nothing, and the cycle's usage is the same after the
 * read models are rebuilt and for a rating stored before ratings carried the called number.
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
import { importDiscountText } from '../../src/import/discounts.ts';
import { approveBillRun, startBillRun } from '../../src/app/bill-run/issue.ts';
import { findInvoices } from '../../src/app/invoice/view.ts';
import { cycleUsage } from '../../src/app/usage/cycle-usage.ts';
import { rerateUsage } from '../../src/app/usage/rerate.ts';
import { USAGE_RECORDS, type UsageRecordDocument } from '../../projections/usage-records.projection.ts';
import { BILL_RUNS, type BillRunDocument } from '../../projections/bill-runs.projection.ts';
import { findAll } from '../../src/readstore/port.ts';
import { fileWriter, openTestBillstream, temporaryDataDir } from '../support/billstream.ts';
import { USAGE_HEADER } from '../support/small-billing.ts';

const LEGAL_ENTITIES = `- id: DE1
  name: Beispiel GmbH
  country: DE
  vatId: DE136695976
  address: { line1: "Hauptstr. 1", city: Berlin, postalCode: "10115" }
  currency: EUR
  invoicePrefix: DE1
`;

const BANDS = `bands: { peak: { days: [Mon, Tue, Wed, Thu, Fri], from: "08:00", to: "18:00" } }`;
const TARIFFS: Record<string, string> = {
  'mobile.yaml': `id: T-MOB
name: { en: Mobile }
currency: EUR
validFrom: 2026-01-01
category: voip
usage:
  - type: voice
    deck: decks/de.csv
    ${BANDS}
    allowance: { quantity: 60 }
`,
  'voip.yaml': `id: T-VOIP
name: { en: Home VoIP }
currency: EUR
validFrom: 2026-01-01
category: voip
usage:
  - type: voice
    deck: decks/de.csv
    ${BANDS}
`,
};

const DECK = `prefix,destination,peak_per_minute,offpeak_per_minute,connect_fee,min_seconds,first_increment,next_increment
49,Germany,0.10,0.05,0,0,60,60
4930,Berlin,0.08,0.04,0,0,60,60
43,Austria,0.50,0.30,0.20,0,60,60
`;

const CLIENTS = `client_id,type,name,country,language,currency,vat_id,time_zone,email,address_line1,city,postal_code,partner_id
C-1,person,Max Muster,DE,en,EUR,,Europe/Berlin,max@example.de,Hauptstr. 2,Berlin,10115,
C-2,person,Erika Muster,DE,en,EUR,,Europe/Berlin,erika@example.de,Hauptstr. 3,Berlin,10115,
`;
const CONTRACTS = `contract_id,client_id,legal_entity_id,start_date,end_date,billing_cycle,cycle_anchor_day,currency,payment_terms_days
K-A,C-1,DE1,2026-10-01,,monthly,1,EUR,14
K-B,C-2,DE1,2026-10-01,,monthly,1,EUR,14
`;
const SERVICE_POINTS = `service_point_id,contract_id,identifiers,address_line1,city,postal_code,country
SP-1,K-A,+4930111111,Hauptstr. 2,Berlin,10115,DE
SP-2,K-A,+4930222222,Hauptstr. 2,Berlin,10115,DE
SP-3,K-B,+4930333333,Hauptstr. 3,Berlin,10115,DE
`;
const SUBSCRIPTIONS = `subscription_id,service_point_id,tariff_id,start_date,end_date,quantity
S-1,SP-1,T-MOB,2026-10-01,,1
S-2,SP-2,T-VOIP,2026-10-01,,1
S-3,SP-3,T-VOIP,2026-10-01,,1
`;

// Europe/Berlin: 07:00Z is 09:00 local in October (peak on a weekday); 2026-10-13/14 are a
// Tuesday and a Wednesday, 2026-10-17 a Saturday (offpeak all day).
const USAGE = `${USAGE_HEADER}
a1,sw,+4930111111,voice,2026-10-14T07:00:00Z,90,+4940123456,,,
a2,sw,+4930111111,voice,2026-10-17T10:00:00Z,90,+4312345678,,,
a3,sw,+4930111111,voice,2026-10-17T11:00:00Z,120,+4930555555,,,
b0,sw,+4930222222,voice,2026-10-13T07:00:00Z,120,+4940123456,,,
b1,sw,+4930222222,voice,2026-10-14T08:00:00Z,60,+4312345678,,,
b2,sw,+4930222222,voice,2026-10-17T09:00:00Z,180,004369912345,,,
b3,sw,+4930222222,voice,2026-10-14T09:00:00Z,60,+4940123456,,,
c1,sw,+4930333333,voice,2026-10-14T07:00:00Z,60,+4312345678,,,
n1,sw,+4930111111,voice,2026-11-11T08:00:00Z,120,+4940123456,,,
n2,sw,+4930222222,voice,2026-11-11T09:00:00Z,60,+4940123456,,,
n3,sw,+4930222222,voice,2026-11-14T10:00:00Z,60,+4312345678,,,
`;

// 120 billed seconds more for every subscription of K-A, in its first cycle; Austria at 0.20
// (peak) and 0.10 (offpeak) a minute for S-2 only.
const SCHEMES = `- id: FREE-MIN
  name: { en: Welcome minutes }
  validFrom: 2026-01-01
  validTo: null
  scope: { contracts: [K-A] }
  kind: free-units
  usageType: voice
  quantity: "120"
  when: { firstCycles: 1 }
  priority: 10
- id: AT-FRIENDS
  name: { en: Austria for friends }
  validFrom: 2026-01-01
  validTo: null
  scope: { subscriptions: [S-2] }
  kind: price-override
  usageType: voice
  prefixes: ["43"]
  peak: "0.20"
  offpeak: "0.10"
  currency: EUR
  priority: 20
- id: AT-DOLLARS
  name: { en: Austria in dollars }
  validFrom: 2026-01-01
  validTo: null
  scope: { contracts: [K-B] }
  kind: price-override
  usageType: voice
  prefixes: ["43"]
  peak: "0.01"
  offpeak: "0.01"
  currency: USD
  priority: 30
`;

/** [subscription, code, destination, band, net] of each line, sorted. */
type LineSummary = [string | null | undefined, string, string | null, string | null, string];

describe('free units and price overrides on invoices (RULES.md 22)', () => {
  let billstream: Billstream;
  const clock = ManualClock.at('2026-12-01T06:00:00Z');
  const dir = temporaryDataDir('billstream-discount-rating-');
  const file = fileWriter(dir);
  const importCrm = async (kind: string, text: string) => {
    const spec = CSV_IMPORTS[kind]!;
    const summary = await importCsvEntities(billstream, () => readCsvFile(file(`${kind}.csv`, text), spec.columns), spec, { actor: 'test' });
    expect(summary.rejected, JSON.stringify(summary.errors)).toBe(0);
  };
  const invoiceOf = async (contractId: string, start: string) => (await findInvoices(billstream.readStore, { contractId })).find((i) => i.period.start === start)!;
  const lines = (invoice: Awaited<ReturnType<typeof invoiceOf>>): LineSummary[] =>
    invoice.lines.map((l): LineSummary => [l.subscriptionId, l.code, l.usage?.destination ?? null, l.usage?.band ?? null, l.net]).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  let runs = 0;
  const run = async (asOf: string, issueDate: string) => {
    runs += 1;
    const { runId } = await startBillRun(billstream, { asOf }, { commandId: `run-${runs}`, actor: 'test' });
    await billstream.catchUp();
    await approveBillRun(billstream, runId, { includeHeld: true, issueDate }, { commandId: `approve-${runs}`, actor: 'test' });
    await billstream.catchUp();
    return (await billstream.readStore.get(BILL_RUNS, runId)) as BillRunDocument;
  };
  /** The October and November usage of the three subscriptions, as the usage routes give it. */
  const allUsage = async () => {
    const out = [];
    for (const s of ['S-1', 'S-2', 'S-3']) for (const date of ['2026-10-15', '2026-11-15']) out.push(await cycleUsage(billstream, s, date));
    return out;
  };

  beforeAll(async () => {
    billstream = await openTestBillstream({ dataDir: path.join(dir, 'data'), clock });
    await importLegalEntities(billstream, LEGAL_ENTITIES, { actor: 'test' });
    for (const [name, text] of Object.entries(TARIFFS)) file(`tariffs/${name}`, text);
    file('tariffs/decks/de.csv', DECK);
    expect((await importTariffs(billstream, path.join(dir, 'tariffs'), { actor: 'test' })).rejected).toBe(0);
    await importCrm('clients', CLIENTS);
    await importCrm('contracts', CONTRACTS);
    await importCrm('service-points', SERVICE_POINTS);
    await importCrm('subscriptions', SUBSCRIPTIONS);
    const usage = await importUsage(billstream, () => readCsvFile(file('usage.csv', USAGE), USAGE_COLUMNS), { actor: 'test' });
    expect(usage, JSON.stringify(usage)).toMatchObject({ rejected: 0, unresolved: 0 });
    await billstream.catchUp();
  }, 60_000);
  afterAll(async () => {
    await billstream?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('without schemes, the cycle is priced by the tariff alone', async () => {
    // S-2 October, no allowance: b0 Germany peak 120 s 0.20; b3 Germany peak 60 s 0.10;
    // b1 Austria peak 60 s 0.20 + 0.50 = 0.70; b2 Austria offpeak 180 s 0.20 + 3 * 0.30 = 1.10;
    // total 0.30 + 0.70 + 1.10 = 2.10.
    const s2 = await cycleUsage(billstream, 'S-2', '2026-10-15');
    expect(s2.allowance).toBeNull();
    expect(s2.lines.map((l) => [l.destination, l.band, l.charge])).toEqual([['Austria', 'offpeak', '1.1'], ['Austria', 'peak', '0.7'], ['Germany', 'peak', '0.3']]);
    expect(s2.total).toBe('2.1');
  });

  it('applies the schemes imported after the usage on the invoices, with no re-rating', async () => {
    const imported = await importDiscountText(billstream, SCHEMES, { actor: 'test' });
    expect(imported, JSON.stringify(imported)).toMatchObject({ created: 3, rejected: 0 });
    await billstream.catchUp();
    const first = await run('2026-11-01', '2026-11-02');
    expect(first.status).toBe('completed');
    // An override in another currency than the tariff's prices nothing: the control report says so.
    expect(first.report!.warnings).toContainEqual({ message: 'price-override AT-DOLLARS is priced in USD and does not apply to tariff T-VOIP, priced in EUR: publish the override in EUR for it', invoices: 1 });

    // S-1 (T-MOB, 60 s) + 120 free = 180 s, consumed in start order: a1 Germany peak, 90 s billed
    // 120, covered; a2 Austria offpeak, 90 s billed 120, 60 covered: connect 0.20 + 60 s at 0.30
    // = 0.50; a3 Berlin offpeak 120 s uncovered: 2 * 0.04 = 0.08.
    // S-2 (T-VOIP, no allowance) + 120 free: b0 Germany peak 120 s covered; b1 Austria peak
    // 60 s at the override's 0.20: 0.20 + 0.20 = 0.40 (deck 0.70); b3 Germany peak 60 s (after
    // b1): 0.10, no override; b2 Austria offpeak 180 s at 0.10: 0.20 + 0.30 = 0.50 (deck 1.10).
    // Net 0.00 + 0.50 + 0.08 + 0.10 + 0.40 + 0.50 = 1.58; VAT 19 % = 0.3002 -> 0.30; total 1.88.
    const a = await invoiceOf('K-A', '2026-10-01');
    expect(lines(a)).toEqual([
      ['S-1', 'USAGE-VOICE', 'Austria', 'offpeak', '0.50'],
      ['S-1', 'USAGE-VOICE', 'Berlin', 'offpeak', '0.08'],
      ['S-1', 'USAGE-VOICE', 'Germany', 'peak', '0.00'],
      ['S-2', 'USAGE-VOICE', 'Austria (AT-FRIENDS)', 'offpeak', '0.50'],
      ['S-2', 'USAGE-VOICE', 'Austria (AT-FRIENDS)', 'peak', '0.40'],
      ['S-2', 'USAGE-VOICE', 'Germany', 'peak', '0.10'],
    ]);
    expect([a.totalNet, a.totalVat, a.total]).toEqual(['1.58', '0.30', '1.88']);
    expect(a.lines.find((l) => l.usage?.destination === 'Austria (AT-FRIENDS)' && l.usage.band === 'peak')?.description).toContain('Austria (AT-FRIENDS)');

    // K-B is in neither scheme's scope: c1 Austria peak 60 s at the deck's 0.70; VAT 0.133 -> 0.13.
    const b = await invoiceOf('K-B', '2026-10-01');
    expect(lines(b)).toEqual([['S-3', 'USAGE-VOICE', 'Austria', 'peak', '0.70']]);
    expect([b.totalNet, b.totalVat, b.total]).toEqual(['0.70', '0.13', '0.83']);
  }, 60_000);

  it('the free units are gone in the second cycle (firstCycles: 1); the override stays', async () => {
    expect((await run('2026-12-01', '2026-12-02')).status).toBe('completed');
    // S-1: n1 Germany peak 120 s, 60 s of T-MOB's allowance: 60 s at 0.10 = 0.10.
    // S-2: n2 Germany peak 60 s 0.10; n3 Austria offpeak (Saturday) 60 s at 0.10: 0.20 + 0.10 = 0.30.
    // Net 0.50; VAT 19 % = 0.095 -> 0.10; total 0.60.
    const a = await invoiceOf('K-A', '2026-11-01');
    expect(lines(a)).toEqual([
      ['S-1', 'USAGE-VOICE', 'Germany', 'peak', '0.10'],
      ['S-2', 'USAGE-VOICE', 'Austria (AT-FRIENDS)', 'offpeak', '0.30'],
      ['S-2', 'USAGE-VOICE', 'Germany', 'peak', '0.10'],
    ]);
    expect([a.totalNet, a.totalVat, a.total]).toEqual(['0.50', '0.10', '0.60']);
    expect((await cycleUsage(billstream, 'S-1', '2026-11-15')).allowance).toEqual({ seconds: 60, used: 60 });
  }, 60_000);

  it('the usage routes show the same, and it survives a re-rating and a rebuild of the read models', async () => {
    const before = await allUsage();
    // The allowance S-2 never had in its tariff: 120 s, all used.
    expect(before[2]!.allowance).toEqual({ seconds: 120, used: 120 });
    expect(before[0]!.allowance).toEqual({ seconds: 180, used: 180 });
    expect(before[2]!.total).toBe('1');

    // Rating does not depend on the schemes: a re-rating finds every result unchanged.
    expect(await rerateUsage(billstream, { unresolvedOnly: false, since: null }, { actor: 'test' })).toMatchObject({ selected: 11, changed: 0, unchanged: 11 });
    for (const name of ['projection:usage-views', 'projection:discounts']) await billstream.consumers.find((c) => c.name === name)!.rebuild();
    await billstream.catchUp();
    expect(await allUsage()).toEqual(before);
  }, 60_000);

  it('a rating stored before ratings carried the called number is overridden from its record', async () => {
    const before = await cycleUsage(billstream, 'S-2', '2026-10-15');
    const records = await findAll<UsageRecordDocument>(billstream.readStore, USAGE_RECORDS, {});
    expect(records.filter((r) => typeof r.calledNumber === 'string')).toHaveLength(11);
    await billstream.readStore.transact(async (uow) => {
      for (const { calledNumber: _dropped, ...old } of records) uow.put(USAGE_RECORDS, old.id, old);
    });
    expect((await findAll<UsageRecordDocument>(billstream.readStore, USAGE_RECORDS, {})).some((r) => 'calledNumber' in r)).toBe(false);
    expect(await cycleUsage(billstream, 'S-2', '2026-10-15')).toEqual(before);
  });
});
