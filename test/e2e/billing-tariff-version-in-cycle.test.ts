/**
 * RULES.md 3: data is priced on the cycle's total per subscription, in the tariff's unit. When a
 * tariff version from the middle of a cycle changes the unit (GB to MB or back), the cycle's
 * records are still one total in the unit of the entry that prices the cycle (the version in
 * force on its first day): never GB of one day added to MB of another. A data entry that only a
 * version from later in the cycle has still prices the cycle's data (it is never left free).
 * Real store, files imported as an operator does.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Billstream } from '../../src/main.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { readCsvFile } from '../../src/import/csv.ts';
import { importUsage, USAGE_COLUMNS } from '../../src/import/usage.ts';
import { findInvoices } from '../../src/app/invoice/view.ts';
import { importTariffs } from '../../src/import/tariffs.ts';
import { TARIFFS, type TariffDocument } from '../../projections/tariffs.projection.ts';
import { fileWriter, openTestBillstream, temporaryDataDir } from '../support/billstream.ts';
import { approvedBillRun, importSmallBilling, SUBSCRIPTIONS_HEADER, USAGE_HEADER, SERVICE_POINTS_HEADER } from '../support/small-billing.ts';

const dataTariff = (id: string, validFrom: string, usage: string) => `id: ${id}
name: { en: ${id} }
currency: EUR
validFrom: ${validFrom}
category: internet
recurring:
  - { code: LINE, name: { en: Line }, amount: "10.00", period: monthly, billed: arrears }
${usage}`;
const perGB = 'usage:\n  - { type: data, unit: GB, tiers: [{ upTo: null, price: "1.00" }] }\n';
const perMB = 'usage:\n  - { type: data, unit: MB, tiers: [{ upTo: null, price: "0.001" }] }\n';

const CLIENTS = `client_id,type,name,country,language,currency,vat_id,time_zone,email,address_line1,city,postal_code,partner_id
C-1,person,Max Muster,DE,en,EUR,,Europe/Berlin,max@example.de,Hauptstr. 2,Berlin,10115,
`;
const CONTRACTS = `contract_id,client_id,legal_entity_id,start_date,end_date,billing_cycle,cycle_anchor_day,currency,payment_terms_days
K-GB-MB,C-1,DE1,2026-06-01,,monthly,1,EUR,14
K-MB-GB,C-1,DE1,2026-06-01,,monthly,1,EUR,14
K-ADDED,C-1,DE1,2026-06-01,,monthly,1,EUR,14
K-SETUP,C-1,DE1,2026-06-01,,monthly,1,EUR,14
`;
const SERVICE_POINTS = `${SERVICE_POINTS_HEADER}SP-GB-MB,K-GB-MB,user-gbmb,Hauptstr. 2,Berlin,10115,DE
SP-MB-GB,K-MB-GB,user-mbgb,Hauptstr. 2,Berlin,10115,DE
SP-ADDED,K-ADDED,user-added,Hauptstr. 2,Berlin,10115,DE
SP-SETUP-1,K-SETUP,user-setup-1,Hauptstr. 2,Berlin,10115,DE
SP-SETUP-2,K-SETUP,user-setup-2,Hauptstr. 2,Berlin,10115,DE
`;
const SUBSCRIPTIONS = `${SUBSCRIPTIONS_HEADER}S-GB-MB,SP-GB-MB,T-GB-MB,2026-06-01,,1
S-MB-GB,SP-MB-GB,T-MB-GB,2026-06-01,,1
S-ADDED,SP-ADDED,T-ADDED,2026-06-01,,1
S-SETUP-BEFORE,SP-SETUP-1,T-SETUP,2026-06-01,,1
S-SETUP-AFTER,SP-SETUP-2,T-SETUP,2026-06-20,,1
`;

describe('a tariff version changing data pricing in the middle of a cycle', () => {
  let billstream: Billstream;
  const clock = ManualClock.at('2026-07-10T06:00:00Z');
  const dir = temporaryDataDir('billstream-version-in-cycle-');
  const file = fileWriter(dir);
  const dataLines = async (contractId: string, periodStart: string) => {
    const invoice = (await findInvoices(billstream.readStore, { contractId })).find((i) => i.period.start === periodStart)!;
    return invoice.lines.filter((l) => l.kind === 'usage').map((l) => [l.quantity, l.unit, l.net]);
  };

  beforeAll(async () => {
    billstream = await openTestBillstream({ dataDir: path.join(dir, 'data'), clock });
    // Each version from 06-15, in the middle of June's cycle.
    await importSmallBilling(billstream, dir, file, {
      'gb-mb-1.yaml': dataTariff('T-GB-MB', '2026-01-01', perGB), 'gb-mb-2.yaml': dataTariff('T-GB-MB', '2026-06-15', perMB),
      'mb-gb-1.yaml': dataTariff('T-MB-GB', '2026-01-01', perMB), 'mb-gb-2.yaml': dataTariff('T-MB-GB', '2026-06-15', perGB),
      'added-1.yaml': dataTariff('T-ADDED', '2026-01-01', ''), 'added-2.yaml': dataTariff('T-ADDED', '2026-06-15', perGB),
      // An activation fee from 06-15 only: for lines activated from then on.
      'setup-1.yaml': dataTariff('T-SETUP', '2026-01-01', ''),
      'setup-2.yaml': dataTariff('T-SETUP', '2026-06-15', 'oneTime:\n  - { code: SETUP, name: { en: Activation }, amount: "20.00", on: activation }\n'),
    }, [['clients', CLIENTS], ['contracts', CONTRACTS], ['service-points', SERVICE_POINTS], ['subscriptions', SUBSCRIPTIONS]]);
    // 10^9 bytes each (1 GB = 1000 MB): one before the new version, one after it, one in July.
    const rows = ['user-gbmb', 'user-mbgb', 'user-added'].flatMap((user) => [
      `${user}-a,radius,${user},data,2026-06-05T10:00:00Z,600,,400000000,600000000,`,
      `${user}-b,radius,${user},data,2026-06-20T10:00:00Z,600,,400000000,600000000,`,
      `${user}-c,radius,${user},data,2026-07-02T10:00:00Z,600,,400000000,600000000,`,
    ]);
    const imported = await importUsage(billstream, () => readCsvFile(file('data.csv', `${USAGE_HEADER}\n${rows.join('\n')}\n`), USAGE_COLUMNS), { actor: 'test' });
    // T-ADDED's first version prices no data: its record of 06-05 has no rate.
    expect([imported.created, imported.unresolved]).toEqual([9, 1]);
    const run = await approvedBillRun(billstream, '2026-08-01', '2026-08-01', { includeHeld: true, commandId: 'run' });
    expect(run.result?.issued).toBe(8);
  }, 60_000);
  afterAll(async () => {
    await billstream.close();
  });

  it('GB on the cycle\'s first day, MB from the 15th: June is 2 GB at 1.00, July 1000 MB at 0.001', async () => {
    expect(await dataLines('K-GB-MB', '2026-06-01')).toEqual([['2', 'GB', '2.00']]);
    expect(await dataLines('K-GB-MB', '2026-07-01')).toEqual([['1000', 'MB', '1.00']]);
  });

  it('MB on the cycle\'s first day, GB from the 15th: June is 2000 MB at 0.001, July 1 GB at 1.00', async () => {
    expect(await dataLines('K-MB-GB', '2026-06-01')).toEqual([['2000', 'MB', '2.00']]);
    expect(await dataLines('K-MB-GB', '2026-07-01')).toEqual([['1', 'GB', '1.00']]);
  });

  it('data priced only from a version of the 15th: June\'s rated record is charged by that version\'s entry, not left free', async () => {
    expect(await dataLines('K-ADDED', '2026-06-01')).toEqual([['1', 'GB', '1.00']]);
    expect(await dataLines('K-ADDED', '2026-07-01')).toEqual([['1', 'GB', '1.00']]);
  });

  it('a one-time fee is the one the version in force on its trigger day defines (RULES.md 9)', async () => {
    const june = (await findInvoices(billstream.readStore, { contractId: 'K-SETUP' })).find((i) => i.period.start === '2026-06-01')!;
    // Activated 06-01, before the fee existed: none; activated 06-20 under the version of 06-15: on June's invoice.
    expect(june.lines.filter((l) => l.kind === 'one-time').map((l) => [l.subscriptionId, l.code, l.net])).toEqual([['S-SETUP-AFTER', 'SETUP', '20.00']]);
    const all = (await findInvoices(billstream.readStore, { contractId: 'K-SETUP' })).flatMap((i) => i.lines.filter((l) => l.kind === 'one-time'));
    expect(all).toHaveLength(1);
  });

  it('a version in another currency or service category is refused at its field; the stored versions stay', async () => {
    const other = path.join(dir, 'tariffs-other');
    fileWriter(other)('usd.yaml', dataTariff('T-GB-MB', '2026-09-01', perGB).replace('currency: EUR', 'currency: USD'));
    fileWriter(other)('catv.yaml', dataTariff('T-MB-GB', '2026-09-01', perGB).replace('category: internet', 'category: catv'));
    const summary = await importTariffs(billstream, other, { actor: 'test' });
    expect(summary).toMatchObject({ created: 0, updated: 0, rejected: 2 });
    expect(summary.errors).toEqual([
      { file: path.join(other, 'catv.yaml'), line: 5, column: 11, reason: expect.stringMatching(/^category: is catv, but tariff T-MB-GB's version from 2026-01-01 has internet: every version of a tariff has the same category/) },
      { file: path.join(other, 'usd.yaml'), line: 3, column: 11, reason: expect.stringMatching(/^currency: is USD, but tariff T-GB-MB's version from 2026-01-01 has EUR: every version of a tariff has the same currency/) },
    ]);
    await billstream.catchUp();
    expect((await billstream.readStore.get(TARIFFS, 'T-GB-MB') as TariffDocument).versions.map((v) => [v.validFrom, v.currency])).toEqual([['2026-01-01', 'EUR'], ['2026-06-15', 'EUR']]);
  });
});
