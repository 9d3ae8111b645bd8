/**
 * RULES.md 8 and 9, credits: days (and one-time fees) taken back are credited at what they were
 * billed, in the invoice currency: not at the exchange rate of the crediting cycle, nor at the
 * price of a tariff version published after they were paid. The client gets back what it paid.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Billstream } from '../../src/main.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { readCsv, textSource } from '../../src/import/csv.ts';
import { FX_RATE_COLUMNS, importFxRates } from '../../src/import/fx-rates.ts';
import { importUsage, USAGE_COLUMNS } from '../../src/import/usage.ts';
import { importTariffs } from '../../src/import/tariffs.ts';
import { findInvoices } from '../../src/app/invoice/view.ts';
import { fileWriter, openTestBillstream, temporaryDataDir } from '../support/billstream.ts';
import { approvedBillRun, importCrmText, importSmallBilling, lineRentalCrm, LINE_RENTAL_TARIFF, SUBSCRIPTIONS_HEADER } from '../support/small-billing.ts';

// Priced in USD, invoiced in EUR: the USD/EUR rate moves every month.
const TARIFF = `id: T-USD
name: { en: Line }
currency: USD
validFrom: 2026-01-01
category: voip
recurring:
  - { code: LINE, name: { en: Line rental }, amount: "10.00", period: monthly, billed: advance }
oneTime:
  - { code: CLOSE, name: { en: Termination }, amount: "15.00", on: termination }
usage:
  - { type: sms, price: "0.10" }
`;
const RATES = 'date,base,quote,rate\n2026-01-31,USD,EUR,0.90\n2026-02-28,USD,EUR,0.95\n2026-03-31,USD,EUR,1.00\n';
const CRM: [string, string][] = [
  ['clients', 'client_id,type,name,country,language,currency,vat_id,time_zone,email,address_line1,city,postal_code,partner_id\nC-1,person,Anna,DE,en,EUR,,Europe/Berlin,a@example.de,Str. 1,Berlin,10117,\n'],
  ['contracts', 'contract_id,client_id,legal_entity_id,start_date,end_date,billing_cycle,cycle_anchor_day,currency,payment_terms_days\nK-1,C-1,DE1,2026-01-01,,monthly,1,EUR,15\n'],
  ['service-points', 'service_point_id,contract_id,identifiers,address_line1,city,postal_code,country\nSP-1,K-1,+49301111111,Str. 1,Berlin,10117,DE\n'],
  ['subscriptions', `${SUBSCRIPTIONS_HEADER}S-1,SP-1,T-USD,2026-01-01,,1\n`],
];

describe('credits at the price billed (RULES.md 8, 9)', () => {
  let billstream: Billstream;
  const clock = ManualClock.at('2026-02-01T06:00:00Z');
  const dir = temporaryDataDir('billstream-credits-billed-');
  const file = fileWriter(dir);
  const subscription = (end: string) => importCrmText(billstream, file, 'subscriptions', `${SUBSCRIPTIONS_HEADER}S-1,SP-1,T-USD,2026-01-01,${end},1\n`);
  const latest = async () => (await findInvoices(billstream.readStore, { contractId: 'K-1' })).sort((a, b) => a.period.start.localeCompare(b.period.start)).at(-1)!;
  const month = async (asOf: string, id: string) => {
    await billstream.catchUp();
    await approvedBillRun(billstream, asOf, asOf, { commandId: id });
    clock.advance({ hours: 31 * 24 });
    return (await latest()).lines.map((l) => [l.kind, l.code, l.net]);
  };

  beforeAll(async () => {
    billstream = await openTestBillstream({ dataDir: path.join(dir, 'data'), clock });
    await importSmallBilling(billstream, dir, file, { 'usd.yaml': TARIFF }, CRM);
    expect(await importFxRates(billstream, () => readCsv(textSource(RATES), FX_RATE_COLUMNS), { actor: 'test' })).toMatchObject({ rejected: 0 });
  });
  afterAll(async () => billstream?.close());

  it('an end recorded late credits the days at what they were billed; an end withdrawn takes the fee back at what it was billed', async () => {
    // January's invoice, at 0.90: January and February in advance, 9.00 each.
    expect(await month('2026-02-01', 'jan')).toEqual([['recurring', 'LINE', '9.00'], ['recurring', 'LINE', '9.00']]);
    // The line ended on February 15th: February 15-28 (14 of 28 days) paid 9.00 x 14/28 = 4.50 back, not at
    // February's 0.95 (4.75); the termination fee at February's rate, 14.25.
    await subscription('2026-02-15');
    expect(await month('2026-03-01', 'feb')).toEqual([['recurring', 'LINE', '-4.50'], ['one-time', 'CLOSE', '14.25']]);
    // The end withdrawn: the days charged again at March's rate (5.00), and the fee taken back at its 14.25, not at 1.00 (15.00).
    await subscription('');
    expect(await month('2026-04-01', 'mar')).toEqual([
      ['recurring', 'LINE', '5.00'], ['recurring', 'LINE', '10.00'], ['recurring', 'LINE', '10.00'], ['one-time', 'CLOSE', '-14.25'],
    ]);
  });

  it('a tariff version published after days were paid does not reprice their credit', async () => {
    // April paid at 10.00 (the 1.00 of March 31st) on March's invoice. A version at 20.00 USD from April 15th
    // comes after, and the line ends on April 20th: April 20-30 (11 of 30 days) credited at 10.00 x 11/30 = 3.67.
    await importTariffs(billstream, file('tariffs/usd-april.yaml', TARIFF.replace('validFrom: 2026-01-01', 'validFrom: 2026-04-15').replace('amount: "10.00"', 'amount: "20.00"')), { actor: 'test' });
    await subscription('2026-04-20');
    const lines = await month('2026-05-01', 'apr');
    expect(lines.filter(([kind, code]) => kind === 'recurring' && code === 'LINE').map(([, , net]) => net)).toContain('-3.67');
  });

  it('a late record priced in USD is converted at its own cycle\'s rate, and the invoice states that rate with the line', async () => {
    // Five SMS of January (0.50 USD) arrive after January was invoiced: at January's 0.90, 0.45 EUR on May's invoice.
    const usage = `record_id,source,identifier,type,start_time,duration_s,called_number,bytes_in,bytes_out,quantity\nsms-1,sw,+49301111111,sms,2026-01-20T10:00:00Z,,,,,5\n`;
    expect(await importUsage(billstream, () => readCsv(textSource(usage), USAGE_COLUMNS), { actor: 'test' })).toMatchObject({ created: 1 });
    await month('2026-06-01', 'may-late');
    const late = (await latest()).lines.find((l) => l.kind === 'late-usage')!;
    expect([late.net, late.originalPeriod?.start, late.convertedAt]).toEqual(['0.45', '2026-01-01', { base: 'USD', quote: 'EUR', rate: '0.90', date: '2026-01-31' }]);
  });
});

describe('credits at the price billed, one currency (RULES.md 8)', () => {
  let billstream: Billstream;
  const clock = ManualClock.at('2026-03-01T06:00:00Z');
  const dir = temporaryDataDir('billstream-credits-billed-eur-');
  const file = fileWriter(dir);
  const crm = lineRentalCrm(1).map(([kind, text]) => [kind, text.replaceAll('2026-10-01', '2026-02-01')] as [string, string]);
  afterAll(async () => billstream?.close());

  it('days paid at 10.00 are credited at 10.00 after a version at 20.00 for them is published', async () => {
    billstream = await openTestBillstream({ dataDir: path.join(dir, 'data'), clock });
    await importSmallBilling(billstream, dir, file, { 'line.yaml': LINE_RENTAL_TARIFF }, crm);
    await approvedBillRun(billstream, '2026-03-01', '2026-03-01', { commandId: 'feb' });
    // March paid in advance at 10.00. Then a version at 20.00 from March 15th, and the line ends on March 20th:
    // March 20-31 (12 of 31 days) credited at 10.00 x 12/31 = 3.87, not 20.00 x 12/31 = 7.74.
    await importTariffs(billstream, file('tariffs/line-march.yaml', LINE_RENTAL_TARIFF.replace('validFrom: 2026-01-01', 'validFrom: 2026-03-15').replace('amount: "10.00"', 'amount: "20.00"')), { actor: 'test' });
    await importCrmText(billstream, file, 'subscriptions', `${SUBSCRIPTIONS_HEADER}S-1,SP-1,T-LINE,2026-02-01,2026-03-20,1\n`);
    clock.advance({ hours: 31 * 24 });
    await approvedBillRun(billstream, '2026-04-01', '2026-04-01', { commandId: 'mar' });
    const march = (await findInvoices(billstream.readStore, { contractId: 'K-1' })).find((i) => i.period.start === '2026-03-01')!;
    expect(march.lines.filter((l) => l.kind === 'recurring').map((l) => [l.net, l.period.start])).toEqual([['-3.87', '2026-03-20']]);
  });
});
