/**
 * Issue 14 end to end, as an operator and an accounting package would use billstream: real CLI
 * processes and a real `billstream serve` on one data folder.
 *
 * HU1 (national currency HUF) bills three clients as of 2026-11-01, issued 2026-11-02, due
 * 2026-11-17 (15 days): C-1 and C-3 in HUF, C-2 in EUR (VAT stated in HUF at 400.00, the rate of
 * 2026-10-31). The bank file then has
 *   P-1 2026-11-10 C-1  half of C-1's invoice                       partial
 *   P-2 2026-11-30 C-1  the other half + 1000.00                    paid, 1000.00 HUF over: credit
 *   P-3 2026-11-20 C-2  C-2's invoice in full, in EUR at 410.00     paid; exchange gain 10 HUF per EUR
 *   P-4 2026-11-25 C-3  5000.00 HUF naming an invoice that does not exist: unallocated credit
 * and C-3's invoice stays open. Aging, by hand (days past 2026-11-17):
 *   as of 2026-11-10  everything current: C-1 total − half, C-2 total (EUR), C-3 total
 *   as of 2026-11-25  8 days: C-1 total − half and C-3 total in 1-30; C-2 paid; P-2 not yet there
 *   as of 2026-12-20  33 days: C-3 total in 31-60; C-1 paid (P-2)
 */
import fs from 'node:fs';
import path from 'node:path';
import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBillstream, startServer, type ServerProcess } from '../support/processes.ts';
import { temporaryDataDir } from '../support/billstream.ts';

const CRM: Record<string, string> = {
  clients: [
    'client_id,type,name,country,language,currency,vat_id,time_zone,email,address_line1,city,postal_code,partner_id',
    'C-1,person,Kovács Anna,HU,hu,HUF,,Europe/Budapest,anna@example.hu,Kossuth Lajos utca 12,Budapest,1052,',
    'C-2,person,Szabó Péter,HU,hu,EUR,,Europe/Budapest,peter@example.hu,Fő utca 3,Szeged,6720,',
    'C-3,person,Tóth Éva,HU,hu,HUF,,Europe/Budapest,eva@example.hu,Petőfi utca 9,Pécs,7621,',
  ].join('\n'),
  contracts: [
    'contract_id,client_id,legal_entity_id,start_date,end_date,billing_cycle,cycle_anchor_day,currency,payment_terms_days,billing_start',
    'K-1,C-1,HU1,2026-10-01,,monthly,1,HUF,15,',
    'K-2,C-2,HU1,2026-10-01,,monthly,1,EUR,15,',
    'K-3,C-3,HU1,2026-10-01,,monthly,1,HUF,15,',
  ].join('\n'),
  'service-points': [
    'service_point_id,contract_id,identifiers,address_line1,city,postal_code,country',
    'SP-1,K-1,anna@isp.example,Kossuth Lajos utca 12,Budapest,1052,HU',
    'SP-2,K-2,peter@isp.example,Fő utca 3,Szeged,6720,HU',
    'SP-3,K-3,eva@isp.example,Petőfi utca 9,Pécs,7621,HU',
  ].join('\n'),
  subscriptions: [
    'subscription_id,service_point_id,tariff_id,start_date,end_date,quantity',
    'S-1,SP-1,FIBRE-100,2026-10-01,,1',
    'S-2,SP-2,FIBRE-100,2026-10-01,,1',
    'S-3,SP-3,FIBRE-100,2026-10-01,,1',
  ].join('\n'),
};

interface Invoice { id: string; number: string; clientId: string; currency: string; total: string; paymentStatus: string | null; amountDue: string | null }
interface JournalLine { account: string; debit: string; credit: string; currency: string; amount: string; rate: string }
interface JournalEntry { id: string; cursor: string; date: string; legalEntityId: string; kind: string; ref: string; lines: JournalLine[] }
type AgingRow = Record<'current' | '1-30' | '31-60' | '61-90' | '90+' | 'total', string> & { currency: string; clientId?: string };

const ZERO = { current: '0.00', '1-30': '0.00', '31-60': '0.00', '61-90': '0.00', '90+': '0.00' };
const money = (value: Decimal.Value) => new Decimal(value).toFixed(2);

describe('money after the invoice: payments, aging, journal, verify (issue 14)', () => {
  const dir = temporaryDataDir('billstream-money-');
  const data = path.join(dir, 'data');
  const billstream = (args: string[]) => runBillstream(['--data', data, ...args], { timeoutMs: 120_000 });
  const invoices = new Map<string, Invoice>();
  let server: ServerProcess | null = null;

  beforeAll(async () => {
    for (const [kind, text] of Object.entries(CRM)) fs.writeFileSync(path.join(dir, `${kind}.csv`), `${text}\n`);
    const entities = fs.readFileSync('examples/legal-entities.yaml', 'utf8');
    fs.writeFileSync(path.join(dir, 'legal-entities.yaml'), entities.slice(0, entities.indexOf('- id: DE1')));
    fs.writeFileSync(path.join(dir, 'fx-rates.csv'), 'date,base,quote,rate\n2026-09-30,EUR,HUF,395.00\n2026-10-31,EUR,HUF,400.00\n2026-11-20,EUR,HUF,410.00\n');
    for (const [kind, file] of [
      ['legal-entities', path.join(dir, 'legal-entities.yaml')], ['tariffs', 'examples/tariffs'], ['fx-rates', path.join(dir, 'fx-rates.csv')],
      ...Object.keys(CRM).map((kind) => [kind, path.join(dir, `${kind}.csv`)]),
    ] as [string, string][]) {
      const imported = await billstream(['import', kind, file]);
      expect(imported.code, `${kind}: ${imported.stderr}${imported.stdout}`).toBe(0);
    }
    const run = await billstream(['bill-run', '--as-of', '2026-11-01', '--approve', '--issue-date', '2026-11-02', '--json']);
    expect(run.code, run.stderr).toBe(0);
    for (const invoice of JSON.parse((await billstream(['invoices', '--json'])).stdout) as Invoice[]) invoices.set(invoice.clientId, invoice);
    expect([...invoices.keys()].sort()).toEqual(['C-1', 'C-2', 'C-3']);
    expect(invoices.get('C-2')!.currency).toBe('EUR');
  }, 240_000);

  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const invoice = (client: string) => invoices.get(client)!;
  const half = () => new Decimal(invoice('C-1').total).dividedBy(2).toDecimalPlaces(2, Decimal.ROUND_DOWN);

  it('imports the bank file: partial, over, foreign-currency and unmatched payments, each where it belongs', async () => {
    const rest = new Decimal(invoice('C-1').total).minus(half()).plus(1000);
    fs.writeFileSync(path.join(dir, 'payments.csv'), [
      'payment_id,date,client_id,invoice_number,amount,currency,reference',
      `P-1,2026-11-10,C-1,${invoice('C-1').number},${money(half())},HUF,first half`,
      `P-2,2026-11-30,C-1,${invoice('C-1').number},${money(rest)},HUF,the rest and more`,
      // A currency in any case (FORMATS.md values), as some banks write them.
      `P-3,2026-11-20,C-2,${invoice('C-2').number},${invoice('C-2').total},eur,in full`,
      'P-4,2026-11-25,C-3,HU9-2026-999999,5000.00,HUF,a number nobody issued',
    ].join('\n') + '\n');
    const imported = await billstream(['import', 'payments', path.join(dir, 'payments.csv')]);
    expect(imported.code, imported.stderr + imported.stdout).toBe(0);
    // Importing the same file again changes nothing.
    expect((await billstream(['import', 'payments', path.join(dir, 'payments.csv')])).code).toBe(0);

    const shown = async (client: string) => JSON.parse((await billstream(['invoice', 'show', invoice(client).number, '--json'])).stdout) as Invoice;
    expect(await shown('C-1')).toMatchObject({ paymentStatus: 'paid', amountDue: '0.00' });
    expect(await shown('C-2')).toMatchObject({ paymentStatus: 'paid', amountDue: '0.00' });
    // Due 2026-11-17 and not paid: overdue today.
    expect(await shown('C-3')).toMatchObject({ paymentStatus: 'overdue', amountDue: invoice('C-3').total });

    const unallocated = JSON.parse((await billstream(['payments', '--unallocated', '--json'])).stdout) as { paymentId: string; remaining: string }[];
    expect(unallocated.map((p) => [p.paymentId, p.remaining]).sort()).toEqual([['P-2', '1000.00'], ['P-4', '5000.00']]);
  });

  it('ages receivables by days past the due date, as of any date', async () => {
    const aging = async (asOf: string) => {
      const run = await billstream(['receivables', 'aging', '--as-of', asOf, '--json']);
      expect(run.code, run.stderr).toBe(0);
      return JSON.parse(run.stdout) as { asOf: string; clients: AgingRow[]; totals: AgingRow[] };
    };
    const c1Open = money(new Decimal(invoice('C-1').total).minus(half()));
    const c3 = invoice('C-3').total;
    const c2 = invoice('C-2').total;

    const early = await aging('2026-11-10');
    expect(early.asOf).toBe('2026-11-10');
    expect(early.clients).toEqual([
      { clientId: 'C-1', currency: 'HUF', ...ZERO, current: c1Open, total: c1Open },
      { clientId: 'C-2', currency: 'EUR', ...ZERO, current: c2, total: c2 },
      { clientId: 'C-3', currency: 'HUF', ...ZERO, current: c3, total: c3 },
    ]);
    const hufEarly = money(new Decimal(c1Open).plus(c3));
    expect(early.totals).toEqual([
      { currency: 'EUR', ...ZERO, current: c2, total: c2 },
      { currency: 'HUF', ...ZERO, current: hufEarly, total: hufEarly },
    ]);

    const late = await aging('2026-11-25');
    expect(late.clients).toEqual([
      { clientId: 'C-1', currency: 'HUF', ...ZERO, '1-30': c1Open, total: c1Open },
      { clientId: 'C-3', currency: 'HUF', ...ZERO, '1-30': c3, total: c3 },
    ]);
    expect(late.totals).toEqual([{ currency: 'HUF', ...ZERO, '1-30': hufEarly, total: hufEarly }]);

    const later = await aging('2026-12-20');
    expect(later.clients).toEqual([{ clientId: 'C-3', currency: 'HUF', ...ZERO, '31-60': c3, total: c3 }]);

    // The table a person reads: a header, the client, the totals.
    const table = await billstream(['receivables', 'aging', '--as-of', '2026-12-20']);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/CLIENT\s+CURRENCY\s+CURRENT\s+1-30\s+31-60\s+61-90\s+90\+\s+TOTAL/);
    expect(table.stdout).toMatch(new RegExp(`C-3\\s+HUF\\s+0\\.00\\s+0\\.00\\s+${c3.replace('.', '\\.')}`));
  });

  it('gives the journal to an accounting package by cursor: every entry once, in order, balanced, twice the same', async () => {
    server = await startServer(data);
    const pull = async (after?: string) => {
      const entries: JournalEntry[] = [];
      let cursor = after;
      for (let page = 0; page < 100; page++) {
        const response = await server!.request(`/accounting/journal?limit=3${cursor ? `&after=${encodeURIComponent(cursor)}` : ''}`);
        expect(response.status).toBe(200);
        const body = (await response.json()) as { items: JournalEntry[]; next: string | null };
        entries.push(...body.items);
        if (!body.next) return entries;
        cursor = body.next;
      }
      throw new Error('the journal did not end within 100 pages');
    };
    const first = await pull();
    const second = await pull();
    expect(second).toEqual(first);
    expect(new Set(first.map((e) => e.id)).size).toBe(first.length);
    // Three invoices, four payments received, three allocations (P-1, P-2, P-3).
    expect(first.map((e) => e.kind).sort()).toEqual(['allocation', 'allocation', 'allocation', 'invoice', 'invoice', 'invoice', 'payment', 'payment', 'payment', 'payment']);
    let debits = new Decimal(0);
    let credits = new Decimal(0);
    for (const entry of first) {
      expect(entry.legalEntityId).toBe('HU1');
      const debit = entry.lines.reduce((sum, l) => sum.plus(l.debit), new Decimal(0));
      const credit = entry.lines.reduce((sum, l) => sum.plus(l.credit), new Decimal(0));
      expect(debit.toFixed(2), `${entry.kind} ${entry.ref}`).toBe(credit.toFixed(2));
      debits = debits.plus(debit);
      credits = credits.plus(credit);
    }
    expect(debits.toFixed(2)).toBe(credits.toFixed(2));

    // C-2's EUR invoice was booked at 400.00 and paid at 410.00: a realised gain of 10 HUF per EUR.
    const chart = (await (await server.request('/accounting/accounts?entity=HU1')).json()) as { accounts: { role: string; number: string }[] };
    const fxGain = chart.accounts.find((a) => a.role === 'fx-gain')!.number;
    const settled = first.find((e) => e.kind === 'allocation' && e.ref.includes(invoice('C-2').number))!;
    const gain = settled.lines.filter((l) => l.account === fxGain).reduce((sum, l) => sum.plus(l.credit).minus(l.debit), new Decimal(0));
    expect(gain.toFixed(2)).toBe(new Decimal(invoice('C-2').total).times(10).toFixed(2));

    // A payment recorded later reaches the poller after its last cursor, and nothing before it again.
    const paid = await server.request('/payments', { method: 'POST', body: JSON.stringify({ paymentId: 'P-5', date: '2026-12-01', clientId: 'C-3', invoiceNumber: invoice('C-3').number, amount: invoice('C-3').total, currency: 'HUF', reference: null }) });
    expect(paid.status, await paid.clone().text()).toBe(201);
    let more: JournalEntry[] = [];
    for (let attempt = 0; attempt < 50 && more.length < 2; attempt++) {
      more = await pull(first.at(-1)!.cursor);
      if (more.length < 2) await new Promise((r) => setTimeout(r, 100));
    }
    expect(more.map((e) => e.kind).sort()).toEqual(['allocation', 'payment']);
    expect(more.some((e) => first.some((f) => f.id === e.id))).toBe(false);
    await server.stop();
    server = null;
  }, 120_000);

  it('replays every read model into a scratch store with no difference, and verifies the log, the invoices, the numbers and the journal', async () => {
    const replay = await billstream(['replay', '--check', '--json']);
    expect(replay.code, replay.stdout + replay.stderr).toBe(0);
    const verify = await billstream(['verify', '--json']);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    const report = JSON.parse(verify.stdout) as { ok: boolean; checked: Record<string, number>; findings: unknown[] };
    expect(report).toMatchObject({ ok: true, findings: [] });
    expect(report.checked).toMatchObject({ invoices: 3, journalEntries: 12 });
    expect(report.checked.chainedEvents).toBe(report.checked.events);
  }, 120_000);
});
