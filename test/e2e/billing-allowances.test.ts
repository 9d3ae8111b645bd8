/**
 * RULES.md 4 end to end, for every usage type a tariff may give an allowance on (issue 12 item
 * 5): tariff files with voice, data (graduated and volume tiers), sms, mms and vod allowances,
 * usage CSVs, bill runs, and the invoice lines' amounts checked against a hand computation
 * written next to them. Also late usage (RULES.md 6): the cycle is recomputed with its
 * allowances, records that start before those already invoiced included.
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
import { approveBillRun, startBillRun } from '../../src/app/bill-run/issue.ts';
import { findInvoices } from '../../src/app/invoice/view.ts';
import { cycleUsage } from '../../src/app/usage/cycle-usage.ts';
import { usageRecordKey } from '../../src/domain/usage/events.ts';
import { BILL_RUNS, type BillRunDocument } from '../../projections/bill-runs.projection.ts';
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

const TARIFFS: Record<string, string> = {
  'mobile.yaml': `id: T-MOB
name: { en: Mobile }
currency: EUR
validFrom: 2026-01-01
category: voip
usage:
  - type: voice
    deck: decks/de.csv
    allowance: { quantity: 60 }
  - type: data
    unit: GB
    allowance: { quantity: 2 }
    tiers:
      - { upTo: 1, price: "1.00" }
      - { upTo: null, price: "0.50" }
  - type: sms
    price: "0.10"
    allowance: { quantity: 3 }
  - type: mms
    price: "0.30"
    allowance: { quantity: 1 }
`,
  'net.yaml': `id: T-NET
name: { en: Fibre and video }
currency: EUR
validFrom: 2026-01-01
category: internet
usage:
  - type: data
    unit: GB
    tiering: volume
    allowance: { quantity: 5 }
    tiers:
      - { upTo: 10, price: "2.00" }
      - { upTo: null, price: "1.00" }
  - type: vod
    price: "3.50"
    allowance: { quantity: 2 }
`,
};

// No bands: offpeak all week, at the same price as peak.
const DECK = `prefix,destination,peak_per_minute,offpeak_per_minute,connect_fee,min_seconds,first_increment,next_increment
49,Germany,0.10,0.10,0.05,0,60,60
43,Austria,0.50,0.50,0.20,0,60,60
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
SP-3,K-B,home-router,Hauptstr. 3,Berlin,10115,DE
`;

const SUBSCRIPTIONS = `subscription_id,service_point_id,tariff_id,start_date,end_date,quantity
S-MOB1,SP-1,T-MOB,2026-10-01,,1
S-MOB2,SP-2,T-MOB,2026-10-01,,1
S-NET,SP-3,T-NET,2026-10-01,,1
`;


const OCTOBER = `${USAGE_HEADER}
V-b,sw,+4930111111,voice,2026-10-14T07:00:00Z,60,+4312345678,,,
v-a,sw,+4930111111,voice,2026-10-14T07:00:00Z,60,+4940123456,,,
v-1,sw-a,+4930222222,voice,2026-10-15T07:00:00Z,60,+4312345678,,,
v-1,sw-b,+4930222222,voice,2026-10-15T07:00:00Z,60,+4940123456,,,
d-1,ggsn,+4930111111,data,2026-10-05T10:00:00Z,,,1000000000,500000000,
d-2,ggsn,+4930111111,data,2026-10-20T10:00:00Z,,,1500000000,500000000,
s-1,smsc,+4930111111,sms,2026-10-03T10:00:00Z,,,,,2
s-2,smsc,+4930111111,sms,2026-10-04T10:00:00Z,,,,,2
s-3,smsc,+4930111111,sms,2026-10-05T10:00:00Z,,,,,1
m-1,mmsc,+4930111111,mms,2026-10-06T10:00:00Z,,,,,3
n-1,bng,home-router,data,2026-10-07T10:00:00Z,,,6000000000,2000000000,
n-2,bng,home-router,data,2026-10-08T10:00:00Z,,,10000000000,2000000000,
o-1,vod,home-router,vod,2026-10-09T20:00:00Z,,,,,1
o-2,vod,home-router,vod,2026-10-10T20:00:00Z,,,,,2
o-3,vod,home-router,vod,2026-10-11T20:00:00Z,,,,,1
`;

/** [subscription, code, destination, net] of each line, sorted. */
type LineSummary = [string | null | undefined, string, string | null, string];

describe('allowances of every usage type on invoices (RULES.md 4, 3, 6)', () => {
  let billstream: Billstream;
  const clock = ManualClock.at('2026-11-01T06:00:00Z');
  const dir = temporaryDataDir('billstream-allowances-');
  const file = fileWriter(dir);
  const importCrm = async (kind: string, text: string) => {
    const spec = CSV_IMPORTS[kind]!;
    const summary = await importCsvEntities(billstream, () => readCsvFile(file(`${kind}.csv`, text), spec.columns), spec, { actor: 'test' });
    expect(summary.rejected, JSON.stringify(summary.errors)).toBe(0);
  };
  const importUsageFile = async (name: string, text: string) => {
    const summary = await importUsage(billstream, () => readCsvFile(file(name, text), USAGE_COLUMNS), { actor: 'test' });
    expect(summary, JSON.stringify(summary)).toMatchObject({ rejected: 0, unresolved: 0 });
    await billstream.catchUp();
  };
  const invoiceOf = async (contractId: string, start: string) => {
    const all = await findInvoices(billstream.readStore, { contractId });
    return all.find((i) => i.period.start === start)!;
  };
  const lines = (invoice: Awaited<ReturnType<typeof invoiceOf>>): LineSummary[] =>
    invoice.lines.map((l): LineSummary => [l.subscriptionId, l.code, l.usage?.destination ?? null, l.net]).sort((a, b) => JSON.stringify(a) < JSON.stringify(b) ? -1 : 1);
  let runs = 0;
  const run = async (asOf: string, issueDate: string) => {
    runs += 1;
    const { runId } = await startBillRun(billstream, { asOf }, { commandId: `run-${runs}`, actor: 'test' });
    await billstream.catchUp();
    await approveBillRun(billstream, runId, { includeHeld: true, issueDate }, { commandId: `approve-${runs}`, actor: 'test' });
    await billstream.catchUp();
    return (await billstream.readStore.get(BILL_RUNS, runId)) as BillRunDocument;
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
    await importUsageFile('usage-october.csv', OCTOBER);
  }, 60_000);
  afterAll(async () => {
    await billstream?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the test data ties on start time where the internal record key orders differently from record_id, then source', () => {
    // Same start, same source: by record_id "V-b" (code unit 0x56) comes before "v-a" (0x76);
    // the internal key (a hash of source and record id) and localeCompare both put "v-a" first.
    expect(usageRecordKey('sw', 'v-a') < usageRecordKey('sw', 'V-b')).toBe(true);
    expect('v-a'.localeCompare('V-b')).toBeLessThan(0);
    // Same start, same record_id: by source "sw-a" comes first; the internal key puts "sw-b" first.
    expect(usageRecordKey('sw-b', 'v-1') < usageRecordKey('sw-a', 'v-1')).toBe(true);
  });

  it('applies voice, data, sms, mms and vod allowances on the October invoices', async () => {
    const first = await run('2026-11-01', '2026-11-02');
    expect(first.status).toBe('completed');

    // S-MOB1 voice (allowance 60 s): two 60 s calls start together; "V-b" (Austria) is consumed
    // first and is free (no connect fee); "v-a" (Germany) pays 0.05 + 0.10 = 0.15.
    // S-MOB2 voice: two calls "v-1" start together; source "sw-a" (Austria) is free, "sw-b"
    // (Germany) pays 0.15.
    // S-MOB1 data: 1.5 + 2.0 = 3.5 GB, 2 GB free; the 1.5 GB left is tiered from zero, graduated:
    // 1 * 1.00 + 0.5 * 0.50 = 1.25 (not 2.25, the tiers on all 3.5 GB).
    // S-MOB1 sms (3 free): 2, 2, 1 in start order: the second is partly covered (1 of 2) and pays
    // 1, the third pays 1: 2 * 0.10 = 0.20 (not 0.50). mms (1 free): 3 -> 2 * 0.30 = 0.60.
    // Net 0.15 + 0.15 + 1.25 + 0.20 + 0.60 = 2.35; VAT 19 % = 0.4465 -> 0.45; total 2.80.
    const a = await invoiceOf('K-A', '2026-10-01');
    expect(lines(a)).toEqual([
      ['S-MOB1', 'USAGE-DATA', null, '1.25'],
      ['S-MOB1', 'USAGE-MMS', null, '0.60'],
      ['S-MOB1', 'USAGE-SMS', null, '0.20'],
      ['S-MOB1', 'USAGE-VOICE', 'Austria', '0.00'],
      ['S-MOB1', 'USAGE-VOICE', 'Germany', '0.15'],
      ['S-MOB2', 'USAGE-VOICE', 'Austria', '0.00'],
      ['S-MOB2', 'USAGE-VOICE', 'Germany', '0.15'],
    ]);
    expect([a.totalNet, a.totalVat, a.total]).toEqual(['2.35', '0.45', '2.80']);

    // S-NET data: 8 + 12 = 20 GB, 5 GB free; volume tiers on the 15 GB left: above 10, so every
    // unit at 1.00 = 15.00 (not 20.00). vod (2 free): 1, 2, 1 -> the second pays 1, the third 1:
    // 2 * 3.50 = 7.00 (not 14.00). Net 22.00; VAT 19 % = 4.18; total 26.18.
    const b = await invoiceOf('K-B', '2026-10-01');
    expect(lines(b)).toEqual([
      ['S-NET', 'USAGE-DATA', null, '15.00'],
      ['S-NET', 'USAGE-VOD', null, '7.00'],
    ]);
    expect([b.totalNet, b.totalVat, b.total]).toEqual(['22.00', '4.18', '26.18']);

    // The cycle usage view (GET /subscriptions/{id}/usage) states every allowance and what it
    // covered, in the type's unit: 60 s of voice, 2 of 3.5 GB, 3 of 5 sms, 1 of 3 mms.
    const mob1 = await cycleUsage(billstream, 'S-MOB1', '2026-10-15');
    expect(mob1.allowances).toEqual([
      { type: 'data', quantity: 2, used: '2' },
      { type: 'mms', quantity: 1, used: '1' },
      { type: 'sms', quantity: 3, used: '3' },
      { type: 'voice', quantity: 60, used: '60' },
    ]);
    expect(mob1.allowance).toEqual({ seconds: 60, used: 60 });
    expect(mob1.lines.map((l) => [l.type, l.destination, l.quantity, l.covered, l.charge])).toEqual([
      ['data', null, '3.5', '2', '1.25'],
      ['mms', null, '3', '1', '0.6'],
      ['sms', null, '5', '3', '0.2'],
      ['voice', 'Austria', '60', '60', '0'],
      ['voice', 'Germany', '60', '0', '0.15'],
    ]);
    // S-NET: 5 of 20 GB and 2 of 3 vod; no voice allowance.
    const net = await cycleUsage(billstream, 'S-NET', '2026-10-15');
    expect(net.allowances).toEqual([{ type: 'data', quantity: 5, used: '5' }, { type: 'vod', quantity: 2, used: '2' }]);
    expect(net.allowance).toBeNull();
  }, 60_000);

  it('recomputes a cycle with its allowances when late usage arrives (RULES.md 6)', async () => {
    clock.advance({ hours: 24 * 30 });
    // All of October, arriving after October was invoiced; the sms and vod start before every
    // record already invoiced, so the allowance is consumed again from them.
    await importUsageFile('usage-late.csv', `${USAGE_HEADER}
s-0,smsc,+4930222222,sms,2026-10-02T10:00:00Z,,,,,4
s-9,smsc,+4930111111,sms,2026-10-01T10:00:00Z,,,,,1
d-3,ggsn,+4930111111,data,2026-10-25T10:00:00Z,,,250000000,250000000,
o-4,vod,home-router,vod,2026-10-01T20:00:00Z,,,,,1
d-9,ggsn,+4930222222,data,2026-10-26T10:00:00Z,,,250000000,250000000,
`);
    const second = await run('2026-12-01', '2026-12-02');
    expect(second.status).toBe('completed');

    // S-MOB2 sms: 4, its 3 free units unused so far: pays 1 * 0.10 = 0.10 (not 0.40).
    // S-MOB1 sms: 1, 2, 2, 1 with 3 free: pays 3 * 0.10 = 0.30, invoiced 0.20: +0.10.
    // S-MOB1 data: 4.0 GB, 2 free, 2 left: 1.00 + 0.50 = 1.50, invoiced 1.25: +0.25.
    // S-MOB2 data: 0.5 GB, all of it in its 2 free GB: shown as it would have been in October, at 0.00.
    // Net 0.45; VAT 19 % = 0.0855 -> 0.09; total 0.54.
    const a = await invoiceOf('K-A', '2026-11-01');
    expect(a.lines.every((l) => l.kind === 'late-usage' && l.originalPeriod?.start === '2026-10-01')).toBe(true);
    expect(lines(a)).toEqual([
      ['S-MOB1', 'USAGE-DATA', null, '0.25'],
      ['S-MOB1', 'USAGE-SMS', null, '0.10'],
      ['S-MOB2', 'USAGE-DATA', null, '0.00'],
      ['S-MOB2', 'USAGE-SMS', null, '0.10'],
    ]);
    expect(a.lines.find((l) => l.subscriptionId === 'S-MOB2' && l.code === 'USAGE-DATA')!.quantity).toBe('0.5');
    expect([a.totalNet, a.totalVat, a.total]).toEqual(['0.45', '0.09', '0.54']);

    // S-NET vod: 1, 1, 2, 1 with 2 free: pays 3 * 3.50 = 10.50, invoiced 7.00: +3.50.
    const b = await invoiceOf('K-B', '2026-11-01');
    expect(lines(b)).toEqual([['S-NET', 'USAGE-VOD', null, '3.50']]);
    expect([b.totalNet, b.totalVat, b.total]).toEqual(['3.50', '0.67', '4.17']);
  }, 60_000);
});
