/**
 * A subscription is active only while its contract is (src/domain/subscription/contract-period.ts:
 * activePeriod): a contract ended under a subscription that has no end of its own ends the
 * point's network access too, as it ends the subscription's fees and its rating. Real store.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Billstream } from '../../src/main.ts';
import { loadRadiusDirectory } from '../../src/app/radius/directory.ts';
import { currentServicePointAccess } from '../../src/app/radius/authenticate.ts';
import { importTariffs } from '../../src/import/tariffs.ts';
import { importCsvEntities } from '../../src/import/bulk.ts';
import { CSV_IMPORTS } from '../../src/import/crm-files.ts';
import { readCsv, textSource } from '../../src/import/csv.ts';
import { openTestBillstream, temporaryDataDir } from '../support/billstream.ts';
import { importCrmExamples, NETWORK_ACCESS_TARIFF } from '../support/crm-examples.ts';


describe('network access ends with the contract', () => {
  let billstream: Billstream;
  const importCsv = async (kind: string, text: string) => {
    const spec = CSV_IMPORTS[kind]!;
    const summary = await importCsvEntities(billstream, () => readCsv(textSource(text), spec.columns), spec, { actor: 'test' });
    expect(summary.errors).toEqual([]);
    await billstream.catchUp();
  };

  beforeAll(async () => {
    billstream = await openTestBillstream();
    await importCrmExamples(billstream);
    const dir = temporaryDataDir('radius-contract-end-');
    fs.writeFileSync(path.join(dir, 'net.yaml'), NETWORK_ACCESS_TARIFF);
    expect((await importTariffs(billstream, path.join(dir, 'net.yaml'), { actor: 'test' })).errors).toEqual([]);
    // SP-0001 of contract K-0001 (open-ended): a subscription with no end.
    await importCsv('subscriptions', 'subscription_id,service_point_id,tariff_id,start_date,end_date,quantity\nS-NET-1,SP-0001,NET-RADIUS,2025-03-01,,1\n');
  });
  afterAll(async () => {
    await billstream.close();
  });

  it('accepts while the contract runs and rejects (no active subscription) from the day it ends', async () => {
    const now = Temporal.Instant.from('2026-11-10T10:00:00Z');
    expect(currentServicePointAccess(await loadRadiusDirectory(billstream, { credentials: false }), 'SP-0001', now)).toMatchObject({ result: 'accept', subscriptionId: 'S-NET-1' });
    const contracts = fs.readFileSync('examples/contracts.csv', 'utf8').split('\n');
    const header = contracts[0]!;
    const k1 = contracts.find((line) => line.startsWith('K-0001,'))!.split(',');
    k1[4] = '2026-11-01';
    await importCsv('contracts', `${header}\n${k1.join(',')}\n`);
    const directory = await loadRadiusDirectory(billstream, { credentials: false });
    expect(directory.servicePoint('SP-0001')!.subscriptions).toEqual([]);
    expect(currentServicePointAccess(directory, 'SP-0001', now)).toMatchObject({ result: 'reject', reason: 'no-active-subscription' });
  });
});
