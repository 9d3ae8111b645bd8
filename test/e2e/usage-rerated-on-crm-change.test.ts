/**
 * RULES.md 5: records are rated again after the operator fixes the data. When the CRM changes
 * under usage already stored (a plan change or an end recorded late, a tariff corrected, the
 * subscription or the number recorded after the calls), billstream rates the service point's
 * records again by itself (sagas/usage-rerating.saga.ts): a record never stays charged to a
 * subscription that no longer covers its day, and never waits for a `usage rerate` nobody runs.
 * Real store, files imported as an operator does.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Billstream } from '../../src/main.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { readCsvFile } from '../../src/import/csv.ts';
import { importUsage, USAGE_COLUMNS } from '../../src/import/usage.ts';
import { findInvoices } from '../../src/app/invoice/view.ts';
import { USAGE_RECORDS, type UsageRecordDocument } from '../../projections/usage-records.projection.ts';
import { UNRESOLVED_USAGE } from '../../projections/unresolved-usage.projection.ts';
import { idOf } from '../../src/core/streams.ts';
import { usageStream } from '../../src/domain/usage/events.ts';
import { firstDateTouched } from '../../sagas/usage-rerating.saga.ts';
import type { SubscriptionDetails } from '../../src/domain/subscription/decider.ts';
import { fileWriter, openTestBillstream, temporaryDataDir } from '../support/billstream.ts';
import { approvedBillRun, importCrmText, importSmallBilling, SUBSCRIPTIONS_HEADER, USAGE_HEADER, SERVICE_POINTS_HEADER } from '../support/small-billing.ts';

const tariff = (id: string, smsPrice: string) => `id: ${id}
name: { en: ${id} }
currency: EUR
validFrom: 2026-01-01
category: voip
recurring:
  - { code: LINE, name: { en: ${id} line }, amount: "10.00", period: monthly, billed: arrears }
usage:
  - type: sms
    price: "${smsPrice}"
`;

const CLIENTS = `client_id,type,name,country,language,currency,vat_id,time_zone,email,address_line1,city,postal_code,partner_id
C-1,person,Max Muster,DE,en,EUR,,Europe/Berlin,max@example.de,Hauptstr. 2,Berlin,10115,
`;
const CONTRACTS = `contract_id,client_id,legal_entity_id,start_date,end_date,billing_cycle,cycle_anchor_day,currency,payment_terms_days
K-PLAN,C-1,DE1,2026-06-01,,monthly,1,EUR,14
K-END,C-1,DE1,2026-06-01,,monthly,1,EUR,14
K-FIX,C-1,DE1,2026-06-01,,monthly,1,EUR,14
K-LATE,C-1,DE1,2026-06-01,,monthly,1,EUR,14
K-CEND,C-1,DE1,2026-06-01,,monthly,1,EUR,14
`;
const SERVICE_POINTS = `${SERVICE_POINTS_HEADER}SP-PLAN,K-PLAN,+4930100001,Hauptstr. 2,Berlin,10115,DE
SP-END,K-END,+4930100002,Hauptstr. 2,Berlin,10115,DE
SP-FIX,K-FIX,+4930100003,Hauptstr. 2,Berlin,10115,DE
SP-CEND,K-CEND,+4930100005,Hauptstr. 2,Berlin,10115,DE
`;
// Every line starts on 06-01; K-LATE's service point and subscription are recorded after its usage.
const SUBSCRIPTIONS = `${SUBSCRIPTIONS_HEADER}S-PLAN-1,SP-PLAN,T-BASIC,2026-06-01,,1
S-END,SP-END,T-BASIC,2026-06-01,,1
S-FIX,SP-FIX,T-BASIC,2026-06-01,,1
S-CEND,SP-CEND,T-BASIC,2026-06-01,,1
`;

describe('usage is rated again by itself when the CRM changes under it', () => {
  let billstream: Billstream;
  const clock = ManualClock.at('2026-07-01T06:00:00Z');
  const dir = temporaryDataDir('billstream-crm-rerate-');
  const file = fileWriter(dir);
  let runs = 0;
  const run = (asOf: string, issueDate: string) => approvedBillRun(billstream, asOf, issueDate, { includeHeld: true, commandId: `run-${++runs}` });
  const sms = async (name: string, rows: string[]) => {
    clock.advance({ hours: 1 });
    return importUsage(billstream, () => readCsvFile(file(name, `${USAGE_HEADER}\n${rows.join('\n')}\n`), USAGE_COLUMNS), { actor: 'test' });
  };
  const crm = async (kind: string, text: string) => {
    clock.advance({ hours: 1 });
    await importCrmText(billstream, file, kind, text);
    await billstream.catchUp();
  };
  const record = async (recordId: string) => (await billstream.readStore.get(USAGE_RECORDS, idOf(usageStream('sw', recordId)))) as UsageRecordDocument | null;
  const invoiceOf = async (contractId: string, periodStart: string) => (await findInvoices(billstream.readStore, { contractId })).find((i) => i.period.start === periodStart)!;

  const lines = (invoice: { lines: { kind: string; subscriptionId: string | null; net: string; quantity: string; originalPeriod?: { start: string } | null }[] }) =>
    invoice.lines.map((l) => [l.kind, l.subscriptionId, l.net, l.quantity, l.originalPeriod?.start ?? null]);

  beforeAll(async () => {
    billstream = await openTestBillstream({ dataDir: path.join(dir, 'data'), clock });
    await importSmallBilling(billstream, dir, file, { 'basic.yaml': tariff('T-BASIC', '0.20'), 'plus.yaml': tariff('T-PLUS', '0.05') }, [
      ['clients', CLIENTS], ['contracts', CONTRACTS], ['service-points', SERVICE_POINTS], ['subscriptions', SUBSCRIPTIONS],
    ]);
    const june = await sms('june.csv', [
      'j-fix,sw,+4930100003,sms,2026-06-10T10:00:00Z,,,,,10',
      // K-LATE's number is not known yet: unresolved until its service point is recorded.
      'j-late,sw,+4930100004,sms,2026-06-12T10:00:00Z,,,,,3',
    ]);
    expect([june.created, june.unresolved]).toEqual([2, 1]);
    const first = await run('2026-07-01', '2026-07-01');
    expect(first.result?.issued).toBe(4);
    // The August records come in before the CRM changes that concern them are recorded.
    clock.advance({ hours: 24 * 40 });
    const august = await sms('august.csv', ['a-plan,sw,+4930100001,sms,2026-08-05T08:00:00Z,,,,,4', 'a-end,sw,+4930100002,sms,2026-08-06T08:00:00Z,,,,,2', 'a-cend,sw,+4930100005,sms,2026-08-07T08:00:00Z,,,,,5']);
    expect([august.created, august.unresolved]).toEqual([3, 0]);
  }, 60_000);
  afterAll(async () => {
    await billstream.close();
  });

  it('a plan change recorded after the usage moves the record to the new plan, charged at its price', async () => {
    expect((await record('a-plan'))?.subscriptionId).toBe('S-PLAN-1');
    await crm('subscriptions', `${SUBSCRIPTIONS_HEADER}S-PLAN-1,SP-PLAN,T-BASIC,2026-06-01,2026-07-20,1\nS-PLAN-2,SP-PLAN,T-PLUS,2026-07-20,,1\n`);
    const moved = await record('a-plan');
    expect([moved?.status, moved?.subscriptionId, moved?.tariffId, moved?.ratings]).toEqual(['rated', 'S-PLAN-2', 'T-PLUS', 2]);
  });

  it('an end recorded after the usage leaves the record unresolved and listed, not charged to the ended subscription', async () => {
    await crm('subscriptions', `${SUBSCRIPTIONS_HEADER}S-END,SP-END,T-BASIC,2026-06-01,2026-08-01,1\n`);
    const orphan = await record('a-end');
    expect([orphan?.status, orphan?.reason, orphan?.subscriptionId]).toEqual(['unresolved', 'no-subscription', null]);
    expect(await billstream.readStore.get(UNRESOLVED_USAGE, idOf(usageStream('sw', 'a-end')))).not.toBeNull();
  });

  it('a contract end recorded after the usage leaves its later records unresolved: a subscription is active only while its contract is', async () => {
    expect((await record('a-cend'))?.subscriptionId).toBe('S-CEND');
    // The subscription itself keeps no end: the contract's bounds it, for rating as for its fees.
    await crm('contracts', CONTRACTS.replace('K-CEND,C-1,DE1,2026-06-01,,', 'K-CEND,C-1,DE1,2026-06-01,2026-08-01,'));
    const ended = await record('a-cend');
    expect([ended?.status, ended?.reason]).toEqual(['unresolved', 'no-subscription']);
    // A record of after the end that arrives now is not rated to the subscription either.
    const later = await sms('after-end.csv', ['a-cend-2,sw,+4930100005,sms,2026-08-08T08:00:00Z,,,,,1']);
    expect([later.created, later.unresolved]).toEqual([1, 1]);
  });

  it('records of an invoiced cycle rated again under a corrected tariff are charged as late usage for the difference', async () => {
    // June's 10 sms were invoiced at 0.20 (2.00); the subscription's tariff is corrected to T-PLUS (0.05).
    await crm('subscriptions', `${SUBSCRIPTIONS_HEADER}S-FIX,SP-FIX,T-PLUS,2026-06-01,,1\n`);
    expect((await record('j-fix'))?.tariffId).toBe('T-PLUS');
  });

  it('usage recorded before its number and subscription is rated once they are recorded', async () => {
    expect((await record('j-late'))?.status).toBe('unresolved');
    await crm('service-points', `${SERVICE_POINTS_HEADER}SP-LATE,K-LATE,+4930100004,Hauptstr. 2,Berlin,10115,DE\n`);
    // The number is known now, but no subscription covers June yet.
    expect([(await record('j-late'))?.status, (await record('j-late'))?.reason]).toEqual(['unresolved', 'no-subscription']);
    await crm('subscriptions', `${SUBSCRIPTIONS_HEADER}S-LATE,SP-LATE,T-BASIC,2026-06-01,,1\n`);
    expect([(await record('j-late'))?.status, (await record('j-late'))?.subscriptionId]).toEqual(['rated', 'S-LATE']);
  });

  it('the next bill run charges each record where it belongs now', async () => {
    const result = await run('2026-09-01', '2026-09-01');
    expect(result.result?.issued).toBeGreaterThan(0);
    const plan = await invoiceOf('K-PLAN', '2026-08-01');
    // 4 sms at T-PLUS's 0.05, on the subscription that covers 08-05.
    expect(lines(plan).filter(([kind]) => kind === 'usage')).toEqual([['usage', 'S-PLAN-2', '0.20', '4', null]]);
    // K-END's line ended with July: August has nothing to bill, and its sms waits in the unresolved list.
    expect((await findInvoices(billstream.readStore, { contractId: 'K-END' })).map((i) => i.period.start).sort()).toEqual(['2026-06-01', '2026-07-01']);
    // June was invoiced at 2.00; recomputed with T-PLUS it is 0.50: 1.50 credited on the next
    // invoice (July's), marked with June; the quantity did not change.
    const fixed = await invoiceOf('K-FIX', '2026-07-01');
    expect(lines(fixed)).toEqual([['recurring', 'S-FIX', '10.00', '1', null], ['late-usage', 'S-FIX', '-1.50', '0', '2026-06-01']]);
    // K-LATE's first invoice charges June's 3 sms at 0.20.
    const late = await invoiceOf('K-LATE', '2026-06-01');
    expect(lines(late).filter(([kind]) => kind === 'usage')).toEqual([['usage', 'S-LATE', '0.60', '3', null]]);
  });
});

describe('the first day a subscription change can alter a rating', () => {
  const s01 = { servicePointId: 'SP', contractId: 'K', clientId: 'C', tariffId: 'T', startDate: '2026-06-01', endDate: null, quantity: 1, externalId: null };
  it('an end set or moved counts from the earlier end; a start moved from the earlier start; a tariff from the start', () => {
    expect(firstDateTouched(s01, { endDate: '2026-07-20' })).toBe('2026-07-20');
    expect(firstDateTouched({ ...s01, endDate: '2026-07-20' }, { endDate: '2026-09-01' })).toBe('2026-07-20');
    expect(firstDateTouched({ ...s01, endDate: '2026-07-20' }, { endDate: null })).toBe('2026-07-20');
    expect(firstDateTouched(s01, { startDate: '2026-05-15' })).toBe('2026-05-15');
    expect(firstDateTouched(s01, { startDate: '2026-06-10' })).toBe('2026-06-01');
    expect(firstDateTouched(s01, { tariffId: 'T2' })).toBe('2026-06-01');
    const quantityOnly: Partial<SubscriptionDetails> = { quantity: 3 };
    expect(firstDateTouched(s01, quantityOnly)).toBeNull();
    expect(firstDateTouched(s01, {})).toBeNull();
  });
});
