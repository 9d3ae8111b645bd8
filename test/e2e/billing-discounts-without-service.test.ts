/**
 * RULES.md 19 and 22 on the invoice after a contract's end: it settles a late record of a cycle
 * already invoiced (RULES.md 6) for a cycle in which the contract has no service. No scheme
 * acts on it: a fixed amount per cycle is not given again, `categoriesActive` finds no
 * subscription, and a commitment's minimum is not owed for a month without a contract.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Billstream } from '../../src/main.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { readCsvFile } from '../../src/import/csv.ts';
import { importUsage, USAGE_COLUMNS } from '../../src/import/usage.ts';
import { importDiscountText } from '../../src/import/discounts.ts';
import { findInvoices } from '../../src/app/invoice/view.ts';
import { fileWriter, openTestBillstream, temporaryDataDir } from '../support/billstream.ts';
import { approvedBillRun, GERMANY_DECK, importSmallBilling, phoneTariff, SERVICE_POINTS_HEADER, SUBSCRIPTIONS_HEADER, USAGE_HEADER } from '../support/small-billing.ts';

const SCHEMES = `- id: BUNDLE
  name: { en: Bundle }
  validFrom: 2026-01-01
  scope: { everyone: true }
  kind: percentage
  percent: "50"
  on: { charges: [usage] }
  when: { categoriesActive: [voip] }
  priority: 10
- id: FIX
  name: { en: Goodwill }
  validFrom: 2026-01-01
  scope: { contracts: [K-1] }
  kind: fixed
  amount: "0.05"
  currency: EUR
  on: { charges: [usage] }
  priority: 20
- id: MIN
  name: { en: Minimum voice spend }
  validFrom: 2026-01-01
  scope: { contracts: [K-1] }
  kind: commitment
  minimum: "25.00"
  currency: EUR
  category: voip
  on: { categories: [voip] }
  priority: 30
`;
// May only: the contract ends on June 1st, its line runs on (the contract's end ends its service).
const CRM: [string, string][] = [
  ['clients', 'client_id,type,name,country,language,currency,vat_id,time_zone,email,address_line1,city,postal_code,partner_id\nC-1,person,Anna,DE,en,EUR,,Europe/Berlin,a@example.de,Str. 1,Berlin,10117,\n'],
  ['contracts', 'contract_id,client_id,legal_entity_id,start_date,end_date,billing_cycle,cycle_anchor_day,currency,payment_terms_days\nK-1,C-1,DE1,2026-05-01,2026-06-01,monthly,1,EUR,15\n'],
  ['service-points', `${SERVICE_POINTS_HEADER}SP-1,K-1,+49301111111,Str. 1,Berlin,10117,DE\n`],
  ['subscriptions', `${SUBSCRIPTIONS_HEADER}S-1,SP-1,T-PHONE,2026-05-01,,1\n`],
];

describe('discount schemes and a cycle without service (RULES.md 19, 22)', () => {
  let billstream: Billstream;
  const clock = ManualClock.at('2026-08-01T06:00:00Z');
  const dir = temporaryDataDir('billstream-discount-no-service-');
  const file = fileWriter(dir);
  const usage = async (name: string, row: string) => {
    const summary = await importUsage(billstream, () => readCsvFile(file(name, `${USAGE_HEADER}\n${row}\n`), USAGE_COLUMNS), { actor: 'test' });
    expect(summary.created).toBe(1);
  };

  beforeAll(async () => {
    billstream = await openTestBillstream({ dataDir: path.join(dir, 'data'), clock });
    await importSmallBilling(billstream, dir, file, { 'phone.yaml': phoneTariff('T-PHONE'), 'decks/de.csv': GERMANY_DECK }, CRM);
    expect((await importDiscountText(billstream, SCHEMES, { actor: 'test' })).rejected).toBe(0);
    // Tuesday 2026-05-12, one minute.
    await usage('may.csv', 'r1,sw,+49301111111,voice,2026-05-12T10:00:00Z,60,+4930222222,,,');
  });
  afterAll(async () => billstream?.close());

  it('May, with service, gets every scheme; the invoice after the end holds the late call alone', async () => {
    await approvedBillRun(billstream, '2026-08-01', '2026-08-01', { commandId: 'august' });
    // A late call of May (two minutes) after May was invoiced.
    await usage('late.csv', 'r2,sw,+49301111111,voice,2026-05-13T10:00:00Z,120,+4930222222,,,');
    clock.advance({ hours: 31 * 24 });
    await approvedBillRun(billstream, '2026-09-01', '2026-09-01', { commandId: 'september' });
    const invoices = (await findInvoices(billstream.readStore, { contractId: 'K-1' })).sort((a, b) => a.period.start.localeCompare(b.period.start));
    const codes = (i: (typeof invoices)[number]) => i.lines.map((l) => [l.kind, l.code, l.net]);
    // May: the line 10.00, the call 0.10 halved to 0.05, goodwill 0.05, the commitment's shortfall 25.00 - 10.00 = 15.00.
    expect(invoices[0]!.period.start).toBe('2026-05-01');
    expect(codes(invoices[0]!)).toEqual([
      ['usage', 'USAGE-VOICE', '0.10'], ['recurring', 'LINE', '10.00'], ['discount', 'BUNDLE', '-0.05'], ['discount', 'FIX', '-0.05'], ['commitment', 'MIN', '15.00'],
    ]);
    // After the end: the late call alone, 0.20 + 19 % VAT.
    const after = invoices.at(-1)!;
    expect(after.period.start >= '2026-06-01').toBe(true);
    expect(codes(after)).toEqual([['late-usage', 'USAGE-VOICE', '0.20']]);
    expect([after.totalNet, after.totalVat, after.total]).toEqual(['0.20', '0.04', '0.24']);
  });
});
