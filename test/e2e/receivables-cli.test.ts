/**
 * The receivables commands as an operator runs them: real `billstream` processes on one data
 * folder. HU1 bills two clients in HUF as of 2026-11-01 (issued 2026-11-02, due 2026-11-17); the
 * bank file has a payment naming no invoice (P-1, C-1: unallocated credit) and a partial payment
 * of C-2's invoice (P-2). Then: `payments` (table with a header, filters, JSON), `payment
 * allocate` (named invoice and amount, then oldest due first), `payment refund`, `write-off`,
 * each with the bad input an operator types (an unknown payment, more than is left or open, no
 * --reason): exit code and a message naming the problem, and nothing recorded.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Decimal } from 'decimal.js';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBillstream } from '../support/processes.ts';
import { temporaryDataDir } from '../support/billstream.ts';

const CRM: Record<string, string> = {
  clients: [
    'client_id,type,name,country,language,currency,vat_id,time_zone,email,address_line1,city,postal_code,partner_id',
    'C-1,person,Kovács Anna,HU,hu,HUF,,Europe/Budapest,anna@example.hu,Kossuth Lajos utca 12,Budapest,1052,',
    'C-2,person,Tóth Éva,HU,hu,HUF,,Europe/Budapest,eva@example.hu,Petőfi utca 9,Pécs,7621,',
  ].join('\n'),
  contracts: [
    'contract_id,client_id,legal_entity_id,start_date,end_date,billing_cycle,cycle_anchor_day,currency,payment_terms_days,billing_start',
    'K-1,C-1,HU1,2026-10-01,,monthly,1,HUF,15,',
    'K-2,C-2,HU1,2026-10-01,,monthly,1,HUF,15,',
  ].join('\n'),
  'service-points': [
    'service_point_id,contract_id,identifiers,address_line1,city,postal_code,country',
    'SP-1,K-1,anna@isp.example,Kossuth Lajos utca 12,Budapest,1052,HU',
    'SP-2,K-2,eva@isp.example,Petőfi utca 9,Pécs,7621,HU',
  ].join('\n'),
  subscriptions: [
    'subscription_id,service_point_id,tariff_id,start_date,end_date,quantity',
    'S-1,SP-1,FIBRE-100,2026-10-01,,1',
    'S-2,SP-2,FIBRE-100,2026-10-01,,1',
  ].join('\n'),
};

interface Invoice { id: string; number: string; clientId: string; currency: string; total: string }
interface PaymentView {
  paymentId: string; clientId: string; amount: string; remaining: string;
  allocations: { invoiceNumber: string; amount: string; date: string }[];
  refunds: { amount: string; date: string; reference: string | null }[];
}

const money = (value: Decimal.Value) => new Decimal(value).toFixed(2);

describe('billstream payments, payment allocate|refund and write-off (CLI)', () => {
  const dir = temporaryDataDir('billstream-receivables-cli-');
  const data = path.join(dir, 'data');
  const billstream = (args: string[]) => runBillstream(['--data', data, ...args], { timeoutMs: 120_000 });
  const invoices = new Map<string, Invoice>();
  const invoice = (client: string) => invoices.get(client)!;
  const payment = async (id: string) => (JSON.parse((await billstream(['payments', '--json'])).stdout) as PaymentView[]).find((p) => p.paymentId === id)!;
  /** Events in the log: a refused command must not add any. */
  const eventCount = async () => (JSON.parse((await billstream(['verify', '--json'])).stdout) as { checked: { events: number } }).checked.events;

  beforeAll(async () => {
    for (const [kind, text] of Object.entries(CRM)) fs.writeFileSync(path.join(dir, `${kind}.csv`), `${text}\n`);
    const entities = fs.readFileSync('examples/legal-entities.yaml', 'utf8');
    fs.writeFileSync(path.join(dir, 'legal-entities.yaml'), entities.slice(0, entities.indexOf('- id: DE1')));
    // The tariff is priced in EUR, the contracts bill in HUF.
    fs.writeFileSync(path.join(dir, 'fx-rates.csv'), 'date,base,quote,rate\n2026-10-31,EUR,HUF,400.00\n');
    for (const [kind, file] of [
      ['legal-entities', path.join(dir, 'legal-entities.yaml')], ['tariffs', 'examples/tariffs'], ['fx-rates', path.join(dir, 'fx-rates.csv')],
      ...Object.keys(CRM).map((kind) => [kind, path.join(dir, `${kind}.csv`)]),
    ] as [string, string][]) {
      const imported = await billstream(['import', kind, file]);
      expect(imported.code, `${kind}: ${imported.stderr}${imported.stdout}`).toBe(0);
    }
    const run = await billstream(['bill-run', '--as-of', '2026-11-01', '--approve', '--issue-date', '2026-11-02', '--json']);
    expect(run.code, run.stderr).toBe(0);
    for (const issued of JSON.parse((await billstream(['invoices', '--json'])).stdout) as Invoice[]) invoices.set(issued.clientId, issued);
    expect([...invoices.keys()].sort()).toEqual(['C-1', 'C-2']);
    fs.writeFileSync(path.join(dir, 'payments.csv'), [
      'payment_id,date,client_id,invoice_number,amount,currency,reference',
      'P-1,2026-11-10,C-1,,5000.00,HUF,no number given',
      `P-2,2026-11-12,C-2,${invoice('C-2').number},1000.00,HUF,a part`,
    ].join('\n') + '\n');
    const imported = await billstream(['import', 'payments', path.join(dir, 'payments.csv')]);
    expect(imported.code, imported.stderr + imported.stdout).toBe(0);
  }, 240_000);

  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists payments under a header, filtered by client and by unallocated credit, and as JSON', async () => {
    const all = await billstream(['payments']);
    expect(all.code, all.stderr).toBe(0);
    const lines = all.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^PAYMENT\s+DATE\s+CLIENT\s+AMOUNT\s+CURRENCY\s+INVOICE\s+ALLOCATED TO\s+UNALLOCATED$/);
    expect(all.stdout).toMatch(/P-1\s+2026-11-10\s+C-1\s+5000\.00\s+HUF\s+-\s+-\s+5000\.00/);
    expect(all.stdout).toMatch(new RegExp(`P-2\\s+2026-11-12\\s+C-2\\s+1000\\.00\\s+HUF\\s+${invoice('C-2').number}\\s+${invoice('C-2').number}\\s+0\\.00`));
    expect(lines.at(-1)).toMatch(/2 payments/);

    const mine = await billstream(['payments', '--client', 'C-2']);
    expect(mine.code, mine.stderr).toBe(0);
    expect(mine.stdout).toContain('P-2');
    expect(mine.stdout).not.toContain('P-1');

    const open = JSON.parse((await billstream(['payments', '--unallocated', '--json'])).stdout) as PaymentView[];
    expect(open.map((p) => [p.paymentId, p.remaining])).toEqual([['P-1', '5000.00']]);

    const none = JSON.parse((await billstream(['payments', '--client', 'C-9', '--json'])).stdout) as PaymentView[];
    expect(none).toEqual([]);
  }, 120_000);

  it('allocates credit to a named invoice and amount, refusing an unknown payment and more than is left', async () => {
    const before = await eventCount();
    const unknown = await billstream(['payment', 'allocate', 'P-404', `${invoice('C-1').number}=100.00`, '--date', '2026-11-15']);
    expect(unknown.code).toBe(4);
    expect(unknown.stderr).toMatch(/payment P-404 does not exist/);

    const tooMuch = await billstream(['payment', 'allocate', 'P-1', `${invoice('C-1').number}=5000.01`, '--date', '2026-11-15']);
    expect(tooMuch.code).toBe(4);
    expect(tooMuch.stderr).toMatch(/5000\.01 HUF is more than payment P-1 has left \(5000\.00\)/);

    const otherClient = await billstream(['payment', 'allocate', 'P-1', `${invoice('C-2').number}=10.00`, '--date', '2026-11-15']);
    expect(otherClient.code).toBe(4);
    expect(otherClient.stderr).toMatch(new RegExp(`invoice ${invoice('C-2').number} is client C-2's, not C-1's`));

    const noInvoice = await billstream(['payment', 'allocate', 'P-1', 'HU1-2026-999999=10.00', '--date', '2026-11-15']);
    expect(noInvoice.code).toBe(4);
    expect(noInvoice.stderr).toMatch(/no issued invoice HU1-2026-999999/);
    expect(await eventCount()).toBe(before);

    const allocated = await billstream(['payment', 'allocate', 'P-1', `${invoice('C-1').number}=1000.00`, '--date', '2026-11-15']);
    expect(allocated.code, allocated.stderr).toBe(0);
    expect(allocated.stdout).toMatch(new RegExp(`2026-11-15\\s+1000\\.00 HUF -> ${invoice('C-1').number}`));
    expect(allocated.stdout).toMatch(/payment P-1: 4000\.00 HUF unallocated/);
    expect((await payment('P-1')).allocations).toEqual([expect.objectContaining({ invoiceNumber: invoice('C-1').number, amount: '1000.00', date: '2026-11-15' })]);
  }, 120_000);

  it('allocates the rest oldest due first when no invoice is named, up to what is open', async () => {
    const open = new Decimal(invoice('C-1').total).minus(1000);
    const run = await billstream(['payment', 'allocate', 'P-1', '--date', '2026-11-16', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const shown = JSON.parse(run.stdout) as PaymentView;
    const settled = Decimal.min(open, 4000);
    expect(shown.allocations.at(-1)).toMatchObject({ invoiceNumber: invoice('C-1').number, amount: money(settled), date: '2026-11-16' });
    expect(shown.remaining).toBe(money(new Decimal(4000).minus(settled)));
  }, 120_000);

  it('rejects a payments.csv row dated beyond the horizon or before 2000 at its line and date column, and a refund dated beyond it', async () => {
    const today = Temporal.Now.plainDateISO(process.env.BILLSTREAM_TIME_ZONE || Temporal.Now.timeZoneId());
    // The default horizon is 400 days: the day after it is the first refused.
    const beyond = today.add({ days: 401 }).toString();
    const file = path.join(dir, 'dates.csv');
    fs.writeFileSync(file, `payment_id,date,client_id,invoice_number,amount,currency,reference\nP-50,2099-12-31,C-1,,1.00,HUF,\nP-51,0000-01-01,C-1,,1.00,HUF,\nP-52,${beyond},C-1,,1.00,HUF,\n`);
    const before = await eventCount();
    const run = await billstream(['import', 'payments', file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${file}:2:2: date: 2099-12-31 is more than 400 days after today (`);
    expect(run.stderr).toContain(`${file}:3:2: date: 0000-01-01 is before 2000-01-01, the earliest date billstream takes for money`);
    expect(run.stderr).toContain(`${file}:4:2: date: ${beyond} is more than 400 days after today (`);
    expect(run.stdout).toContain('dates.csv: 0 created, 0 updated, 0 unchanged, 3 rejected');
    const refund = await billstream(['payment', 'refund', 'P-1', '--amount', '1.00', '--date', beyond]);
    expect(refund.code).toBe(4);
    expect(refund.stderr).toMatch(new RegExp(`date: ${beyond} is more than 400 days after today`));
    expect(await eventCount()).toBe(before);
  }, 120_000);

  it('refunds unallocated credit, refusing an unknown payment and more than is left', async () => {
    // P-3: 300.00 HUF of C-2 naming no invoice, to refund.
    fs.writeFileSync(path.join(dir, 'refund.csv'), 'payment_id,date,client_id,invoice_number,amount,currency,reference\nP-3,2026-11-20,C-2,,300.00,HUF,paid twice\n');
    expect((await billstream(['import', 'payments', path.join(dir, 'refund.csv')])).code).toBe(0);
    const before = await eventCount();

    const unknown = await billstream(['payment', 'refund', 'P-404', '--amount', '10.00', '--date', '2026-11-21']);
    expect(unknown.code).toBe(4);
    expect(unknown.stderr).toMatch(/payment P-404 does not exist/);

    const tooMuch = await billstream(['payment', 'refund', 'P-3', '--amount', '300.01', '--date', '2026-11-21']);
    expect(tooMuch.code).toBe(4);
    expect(tooMuch.stderr).toMatch(/300\.01 HUF is more than payment P-3 has left \(300\.00\)/);

    const early = await billstream(['payment', 'refund', 'P-3', '--amount', '10.00', '--date', '2026-11-19']);
    expect(early.code).toBe(4);
    expect(early.stderr).toMatch(/2026-11-19 is before the payment's date 2026-11-20/);

    const nothingLeft = await billstream(['payment', 'refund', 'P-2', '--date', '2026-11-21']);
    expect(nothingLeft.code).toBe(4);
    expect(nothingLeft.stderr).toMatch(/payment P-2 has no unallocated credit left to refund/);
    expect(await eventCount()).toBe(before);

    const part = await billstream(['payment', 'refund', 'P-3', '--amount', '100.00', '--date', '2026-11-21', '--reference', 'bank transfer 1']);
    expect(part.code, part.stderr).toBe(0);
    expect(part.stdout).toMatch(/2026-11-21\s+100\.00 HUF refunded/);
    expect(part.stdout).toMatch(/payment P-3: 200\.00 HUF unallocated/);

    // Without --amount: everything left.
    const rest = await billstream(['payment', 'refund', 'P-3', '--date', '2026-11-22', '--json']);
    expect(rest.code, rest.stderr).toBe(0);
    const shown = JSON.parse(rest.stdout) as PaymentView;
    expect(shown.remaining).toBe('0.00');
    expect(shown.refunds).toEqual([
      expect.objectContaining({ amount: '100.00', date: '2026-11-21', reference: 'bank transfer 1' }),
      expect.objectContaining({ amount: '200.00', date: '2026-11-22', reference: null }),
    ]);
  }, 120_000);

  it('writes off what is open on an invoice, refusing no --reason, more than is open and an unknown invoice', async () => {
    const number = invoice('C-2').number;
    const open = new Decimal(invoice('C-2').total).minus(1000);
    const before = await eventCount();

    const noReason = await billstream(['write-off', number, '--amount', '10.00', '--date', '2026-12-01']);
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toMatch(/write-off needs --reason/);

    const blank = await billstream(['write-off', number, '--reason', '   ', '--date', '2026-12-01']);
    expect(blank.code).toBe(4);
    expect(blank.stderr).toMatch(/reason/);

    const tooMuch = await billstream(['write-off', number, '--reason', 'uncollectable', '--amount', money(open.plus('0.01')), '--date', '2026-12-01']);
    expect(tooMuch.code).toBe(4);
    expect(tooMuch.stderr).toContain(`${money(open.plus('0.01'))} HUF is more than is open on invoice ${number} (${money(open)})`);

    const unknown = await billstream(['write-off', 'HU1-2026-999999', '--reason', 'uncollectable', '--date', '2026-12-01']);
    expect(unknown.code).toBe(4);
    expect(unknown.stderr).toMatch(/no issued invoice HU1-2026-999999/);
    expect(await eventCount()).toBe(before);

    const part = await billstream(['write-off', number, '--reason', 'disputed fee', '--amount', '100.00', '--date', '2026-12-01']);
    expect(part.code, part.stderr).toBe(0);
    // Due 2026-11-17 and still not paid in full: overdue on any day the test runs after it.
    expect(part.stdout).toBe(`invoice ${number}: overdue, ${money(open.minus(100))} HUF due\n`);

    const rest = await billstream(['write-off', number, '--reason', 'client insolvent', '--date', '2026-12-02', '--json']);
    expect(rest.code, rest.stderr).toBe(0);
    expect(JSON.parse(rest.stdout)).toMatchObject({ number, currency: 'HUF', paymentStatus: 'paid', amountDue: '0.00' });

    const again = await billstream(['write-off', number, '--reason', 'client insolvent', '--date', '2026-12-03']);
    expect(again.code).toBe(4);
    expect(again.stderr).toMatch(new RegExp(`nothing is open on invoice ${number} to write off`));
  }, 120_000);
});
