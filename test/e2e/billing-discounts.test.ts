/**
 * Discount schemes in a real bill run (RULES.md 19-21): schemes imported as an operator would,
 * two runs, the discount lines, `discounted`, VAT on the discounted sums, the control report's
 * sums per scheme and the `discount-share` flag, every amount computed by hand here.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Billstream } from '../../src/main.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { importLegalEntities } from '../../src/import/legal-entities.ts';
import { importCsvEntities } from '../../src/import/bulk.ts';
import { CSV_IMPORTS } from '../../src/import/crm-files.ts';
import { readCsvFile } from '../../src/import/csv.ts';
import { importTariffs } from '../../src/import/tariffs.ts';
import { importDiscountText } from '../../src/import/discounts.ts';
import { approveBillRun, startBillRun } from '../../src/app/bill-run/issue.ts';
import { findInvoices } from '../../src/app/invoice/view.ts';
import { BILL_RUNS, type BillRunDocument } from '../../projections/bill-runs.projection.ts';
import { fileWriter, openTestBillstream, temporaryDataDir } from '../support/billstream.ts';
import { GERMAN_SELLER } from '../support/small-billing.ts';

const LEGAL_ENTITIES = GERMAN_SELLER;

const TARIFFS: Record<string, string> = {
  'voip.yaml': `id: T-VOIP
name: { en: Home VoIP }
currency: EUR
validFrom: 2026-01-01
category: voip
recurring:
  - { code: LINE, name: { en: Line rental, de: Anschluss }, amount: "10.00", period: monthly, billed: advance }
`,
  'net.yaml': `id: T-NET
name: { en: Fibre }
currency: EUR
validFrom: 2026-01-01
category: internet
recurring:
  - { code: NET, name: { en: Fibre access }, amount: "30.00", period: monthly, billed: arrears }
`,
};

const SCHEMES = `- id: BUNDLE
  name: { en: Bundle discount, de: Paketrabatt }
  validFrom: 2026-01-01
  validTo: null
  scope: { everyone: true }
  kind: percentage
  percent: "10"
  on: { charges: [recurring] }
  when: { categoriesActive: [internet, voip] }
  priority: 10
  group: null
  cap: null
- id: WELCOME
  name: { en: Welcome credit, de: Willkommensgutschrift }
  validFrom: 2026-01-01
  validTo: null
  scope: { clients: [C-DE] }
  kind: fixed
  amount: "5.00"
  currency: EUR
  on: {}
  when: { firstCycles: 1 }
  priority: 20
  group: null
  cap: null
- id: OTHER
  name: { en: Ended before the cycle's last day }
  validFrom: 2026-01-01
  validTo: 2026-10-31
  scope: { everyone: true }
  kind: percentage
  percent: "50"
  on: {}
  priority: 1
  group: null
  cap: null
`;

describe('discount schemes in a bill run (RULES.md 19-21)', () => {
  let billstream: Billstream;
  const clock = ManualClock.at('2026-11-01T06:00:00Z');
  const dir = temporaryDataDir('billstream-discounts-');
  const file = fileWriter(dir);
  const importCrm = async (kind: string, text: string) => {
    const spec = CSV_IMPORTS[kind]!;
    const summary = await importCsvEntities(billstream, () => readCsvFile(file(`${kind}.csv`, text), spec.columns), spec, { actor: 'test' });
    expect(summary.rejected, JSON.stringify(summary.errors)).toBe(0);
  };
  let runs = 0;
  const run = async (asOf: string, issueDate: string, options: { discountShareThresholdPercent?: number; includeHeld?: boolean } = {}) => {
    runs += 1;
    const { runId } = await startBillRun(billstream, { asOf, ...(options.discountShareThresholdPercent !== undefined ? { discountShareThresholdPercent: options.discountShareThresholdPercent } : {}) }, { commandId: `run-${runs}`, actor: 'test' });
    await billstream.catchUp();
    const drafted = (await billstream.readStore.get(BILL_RUNS, runId)) as BillRunDocument;
    await approveBillRun(billstream, runId, { includeHeld: options.includeHeld ?? false, issueDate }, { commandId: `approve-${runs}`, actor: 'test' });
    await billstream.catchUp();
    return drafted;
  };
  const invoiceOf = async (start: string) => (await findInvoices(billstream.readStore, { contractId: 'K-A' })).find((i) => i.period.start === start)!;

  beforeAll(async () => {
    billstream = await openTestBillstream({ dataDir: path.join(dir, 'data'), clock });
    await importLegalEntities(billstream, LEGAL_ENTITIES, { actor: 'test' });
    for (const [name, text] of Object.entries(TARIFFS)) file(`tariffs/${name}`, text);
    expect((await importTariffs(billstream, path.join(dir, 'tariffs'), { actor: 'test' })).rejected).toBe(0);
    await importCrm('clients', `client_id,type,name,country,language,currency,vat_id,time_zone,email,address_line1,city,postal_code,partner_id
C-DE,person,Max Muster,DE,de,EUR,,Europe/Berlin,max@example.de,Hauptstr. 2,Berlin,10115,
`);
    await importCrm('contracts', `contract_id,client_id,legal_entity_id,start_date,end_date,billing_cycle,cycle_anchor_day,currency,payment_terms_days
K-A,C-DE,DE1,2026-10-01,,monthly,1,EUR,14
`);
    await importCrm('service-points', `service_point_id,contract_id,identifiers,address_line1,city,postal_code,country
SP-A,K-A,+4930111111,Hauptstr. 2,Berlin,10115,DE
`);
    await importCrm('subscriptions', `subscription_id,service_point_id,tariff_id,start_date,end_date,quantity
S-NET,SP-A,T-NET,2026-10-01,,1
S-VOIP,SP-A,T-VOIP,2026-10-01,,1
`);
    const summary = await importDiscountText(billstream, SCHEMES, { actor: 'test' });
    expect(summary.rejected, JSON.stringify(summary)).toBe(0);
    await billstream.catchUp();
  }, 60_000);
  afterAll(async () => billstream?.close());

  it('discounts the first cycle: the bundle on the recurring fees, then the welcome credit spread over what is left', async () => {
    const drafted = await run('2026-11-01', '2026-11-02');
    const invoice = await invoiceOf('2026-10-01');
    expect(invoice.status).toBe('issued');
    // Fees: NET October 30.00 (arrears), LINE October 10.00 and November 10.00 in advance: 50.00.
    // BUNDLE 10 % of each: 3.00 + 1.00 + 1.00 = 5.00. WELCOME 5.00 over 27.00, 9.00, 9.00: 3.00, 1.00, the last 1.00.
    const charges = invoice.lines.filter((l) => l.kind === 'recurring');
    expect(charges.map((l) => l.net).sort()).toEqual(['10.00', '10.00', '30.00']);
    const chargeIndexes = invoice.lines.flatMap((l, i) => (l.kind === 'recurring' ? [i] : []));
    expect(invoice.lines.slice(3).map((l) => [l.kind, l.code, l.description, l.net, l.vatCategory, l.vatRate, l.discounted])).toEqual([
      ['discount', 'BUNDLE', 'Paketrabatt', '-5.00', 'S', '19', chargeIndexes],
      ['discount', 'WELCOME', 'Willkommensgutschrift', '-5.00', 'S', '19', chargeIndexes],
    ]);
    // VAT on the discounted sum: 40.00 at 19 % = 7.60; total 47.60.
    expect(invoice.vat).toEqual([{ category: 'S', rate: '19', taxable: '40.00', amount: '7.60' }]);
    expect([invoice.totalNet, invoice.totalVat, invoice.total]).toEqual(['40.00', '7.60', '47.60']);
    expect(drafted.report!.discounts).toEqual([
      { schemeId: 'BUNDLE', currency: 'EUR', amount: '-5.00', invoices: 1 },
      { schemeId: 'WELCOME', currency: 'EUR', amount: '-5.00', invoices: 1 },
    ]);
    // 10.00 of 50.00 is 20 %: below the default 50 %.
    expect(drafted.report!.flags).toEqual([]);
  });

  it('holds an invoice whose discounts exceed the run\'s share, and the welcome credit is over after the first cycle', async () => {
    const drafted = await run('2026-12-01', '2026-12-02', { discountShareThresholdPercent: 5, includeHeld: true });
    const invoice = await invoiceOf('2026-11-01');
    // NET November 30.00 and LINE December 10.00: BUNDLE 3.00 + 1.00; net 36.00, VAT 6.84, total 42.84.
    expect(invoice.lines.filter((l) => l.kind === 'discount').map((l) => [l.code, l.net])).toEqual([['BUNDLE', '-4.00']]);
    expect([invoice.totalNet, invoice.totalVat, invoice.total]).toEqual(['36.00', '6.84', '42.84']);
    expect(drafted.discountShareThresholdPercent).toBe(5);
    expect(drafted.report!.discounts).toEqual([{ schemeId: 'BUNDLE', currency: 'EUR', amount: '-4.00', invoices: 1 }]);
    expect(drafted.report!.flags.map((f) => f.flags)).toEqual([[{
      code: 'discount-share', message: 'discounts 4.00 EUR are 10 % of the charges 40.00 EUR (threshold 5 %)', blocking: false,
      params: { discounts: '4.00', charges: '40.00', currency: 'EUR', sharePercent: '10', thresholdPercent: '5' },
    }]]);
  });
});
