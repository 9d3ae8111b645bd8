/**
 * Which subscription rates a session the RADIUS server recorded, when the service point has two
 * that rate data: the one with network access, as its Access-Accept's Class named it (issue 17:
 * "Class carrying the service point and subscription so accounting can be matched"). Other
 * sources keep the rule of every record: the lowest subscription id whose tariff rates the type.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Billstream } from '../../src/main.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { readCsvFile } from '../../src/import/csv.ts';
import { importUsage, USAGE_COLUMNS } from '../../src/import/usage.ts';
import { USAGE_RECORDS, type UsageRecordDocument } from '../../projections/usage-records.projection.ts';
import { findAll } from '../../src/readstore/port.ts';
import { fileWriter, openTestBillstream, temporaryDataDir } from '../support/billstream.ts';
import { importCrmText, importSmallBilling, SUBSCRIPTIONS_HEADER, USAGE_HEADER } from '../support/small-billing.ts';
import { ACCOUNTING_CRM, ACCOUNTING_TARIFF } from './radius-accounting-fixtures.ts';

// A data tariff without network access, on the same service point, with the lower id.
const METERED = `id: T-METERED
name: { en: Metered data }
currency: EUR
validFrom: 2026-01-01
category: internet
usage:
  - { type: data, unit: GB, tiers: [{ upTo: null, price: "1.00" }] }
`;

describe('RADIUS sessions are rated by the subscription with network access', () => {
  let billstream: Billstream;
  const dir = temporaryDataDir('billstream-radius-rating-');
  const file = fileWriter(dir);

  beforeAll(async () => {
    billstream = await openTestBillstream({ dataDir: path.join(dir, 'data'), clock: ManualClock.at('2026-10-20T12:00:00Z') });
    const crm = ['clients', 'contracts', 'service-points'].map((kind) => [kind, ACCOUNTING_CRM[kind]!] as [string, string]);
    await importSmallBilling(billstream, dir, file, { 'wifi.yaml': ACCOUNTING_TARIFF, 'metered.yaml': METERED }, crm);
    await importCrmText(billstream, file, 'subscriptions', `${SUBSCRIPTIONS_HEADER}S-0,SP-1,T-METERED,2026-10-01,,1\nS-1,SP-1,T-WIFI,2026-10-01,,1\n`);
  });
  afterAll(async () => billstream?.close());

  it('a radius record goes to S-1 (T-WIFI, network access), another source\'s to S-0 (the lowest id)', async () => {
    const usage = `${USAGE_HEADER}\nsession-1,radius,anna,data,2026-10-14T08:00:00Z,60,,1000000,500000,\ncdr-1,dpi,anna,data,2026-10-14T08:00:00Z,60,,1000000,500000,\n`;
    expect(await importUsage(billstream, () => readCsvFile(file('usage.csv', usage), USAGE_COLUMNS), { actor: 'test' })).toMatchObject({ created: 2, unresolved: 0 });
    await billstream.catchUp();
    const records = await findAll<UsageRecordDocument>(billstream.readStore, USAGE_RECORDS, {});
    expect(records.map((r) => [r.source, r.subscriptionId]).sort()).toEqual([['dpi', 'S-0'], ['radius', 'S-1']]);
  });
});
