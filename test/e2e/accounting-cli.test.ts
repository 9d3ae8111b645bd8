/**
 * The accounting commands as an operator runs them: real `billstream` processes on a billed data
 * folder with payments (HU1 bills C-1 in HUF and C-2 in EUR as of 2026-11-01, issued 2026-11-02;
 * C-1 pays in full in HUF, C-2 in EUR at 410.00 against the invoice's 400.00: six journal
 * entries, one with an exchange gain).
 *
 *   import accounts FILE          a good chart; an unknown role refused with file:line:column, nothing stored
 *   export journal --format csv|json [--out FILE] [--from] [--to] [--entity]
 *   accounting trial-balance --entity ID [--from] [--to] [--json]
 * and their usage errors (exit 2, the usage text) and refusals (exit 4).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBillstream } from '../support/processes.ts';
import { temporaryDataDir } from '../support/billstream.ts';

const CRM: Record<string, string> = {
  clients: [
    'client_id,type,name,country,language,currency,vat_id,time_zone,email,address_line1,city,postal_code,partner_id',
    'C-1,person,Kovács Anna,HU,hu,HUF,,Europe/Budapest,anna@example.hu,Kossuth Lajos utca 12,Budapest,1052,',
    'C-2,person,Szabó Péter,HU,hu,EUR,,Europe/Budapest,peter@example.hu,Fő utca 3,Szeged,6720,',
  ].join('\n'),
  contracts: [
    'contract_id,client_id,legal_entity_id,start_date,end_date,billing_cycle,cycle_anchor_day,currency,payment_terms_days,billing_start',
    'K-1,C-1,HU1,2026-10-01,,monthly,1,HUF,15,',
    'K-2,C-2,HU1,2026-10-01,,monthly,1,EUR,15,',
  ].join('\n'),
  'service-points': [
    'service_point_id,contract_id,identifiers,address_line1,city,postal_code,country',
    'SP-1,K-1,anna@isp.example,Kossuth Lajos utca 12,Budapest,1052,HU',
    'SP-2,K-2,peter@isp.example,Fő utca 3,Szeged,6720,HU',
  ].join('\n'),
  subscriptions: [
    'subscription_id,service_point_id,tariff_id,start_date,end_date,quantity',
    'S-1,SP-1,FIBRE-100,2026-10-01,,1',
    'S-2,SP-2,FIBRE-100,2026-10-01,,1',
  ].join('\n'),
};

const GOOD_CHART = [
  'legalEntityId: HU1',
  'accounts:',
  '  receivables: { number: "311", name: Vevők }',
  '  bank: { number: "384", name: Elszámolási betétszámla }',
  '',
].join('\n');

/** The good chart with the bank renumbered and a role that does not exist on line 5. */
const BAD_CHART = [
  'legalEntityId: HU1',
  'accounts:',
  '  receivables: { number: "311", name: Vevők }',
  '  bank: { number: "385", name: Másik bank }',
  '  petty-cash: { number: "381", name: Pénztár }',
  '',
].join('\n');

interface JournalLine { account: string; debit: string; credit: string; currency: string; amount: string; rate: string }
interface JournalEntry { id: string; cursor: string; date: string; legalEntityId: string; kind: string; ref: string; currency: string; lines: JournalLine[] }
interface Invoice { number: string; clientId: string; currency: string; total: string }

describe('accounting from the command line', () => {
  const dir = temporaryDataDir('billstream-accounting-cli-');
  const data = path.join(dir, 'data');
  const billstream = (args: string[]) => runBillstream(['--data', data, ...args], { timeoutMs: 120_000 });
  const file = (name: string) => path.join(dir, name);

  beforeAll(async () => {
    for (const [kind, text] of Object.entries(CRM)) fs.writeFileSync(file(`${kind}.csv`), `${text}\n`);
    const entities = fs.readFileSync('examples/legal-entities.yaml', 'utf8');
    fs.writeFileSync(file('legal-entities.yaml'), entities.slice(0, entities.indexOf('- id: DE1')));
    fs.writeFileSync(file('fx-rates.csv'), 'date,base,quote,rate\n2026-09-30,EUR,HUF,395.00\n2026-10-31,EUR,HUF,400.00\n2026-11-20,EUR,HUF,410.00\n');
    for (const [kind, source] of [
      ['legal-entities', file('legal-entities.yaml')], ['tariffs', 'examples/tariffs'], ['fx-rates', file('fx-rates.csv')],
      ...Object.keys(CRM).map((kind) => [kind, file(`${kind}.csv`)]),
    ] as [string, string][]) {
      const imported = await billstream(['import', kind, source]);
      expect(imported.code, `${kind}: ${imported.stderr}${imported.stdout}`).toBe(0);
    }
    // The chart before anything is posted: every entry books to it.
    fs.writeFileSync(file('chart.yaml'), GOOD_CHART);
    fs.writeFileSync(file('bad-chart.yaml'), BAD_CHART);
    const chart = await billstream(['import', 'accounts', file('chart.yaml')]);
    expect(chart.code, chart.stderr).toBe(0);
    expect(chart.stdout).toContain('chart of accounts of HU1 updated (2 accounts overridden)');

    const run = await billstream(['bill-run', '--as-of', '2026-11-01', '--approve', '--issue-date', '2026-11-02', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const invoices = new Map((JSON.parse((await billstream(['invoices', '--json'])).stdout) as Invoice[]).map((i) => [i.clientId, i]));
    const [c1, c2] = [invoices.get('C-1')!, invoices.get('C-2')!];
    expect(c2.currency).toBe('EUR');
    fs.writeFileSync(file('payments.csv'), [
      'payment_id,date,client_id,invoice_number,amount,currency,reference',
      `P-1,2026-11-10,C-1,${c1.number},${c1.total},HUF,in full`,
      `P-2,2026-11-20,C-2,${c2.number},${c2.total},EUR,in full`,
    ].join('\n') + '\n');
    const paid = await billstream(['import', 'payments', file('payments.csv')]);
    expect(paid.code, paid.stderr + paid.stdout).toBe(0);
  }, 600_000);

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('imports a chart once (the same file again is unchanged) and refuses an unknown role whole, naming file, line and column', async () => {
    const again = await billstream(['import', 'accounts', file('chart.yaml'), '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual({ legalEntityId: 'HU1', outcome: 'unchanged', accounts: 2 });

    const bad = await billstream(['import', 'accounts', file('bad-chart.yaml')]);
    expect(bad.code).toBe(4);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain(`${file('bad-chart.yaml')}: chart of accounts refused, nothing stored`);
    expect(bad.stderr).toContain(`${file('bad-chart.yaml')}:5:3: accounts.petty-cash: unknown role "petty-cash"`);
    // Nothing of it was stored: the good chart is still the one in force (bank 384, not 385).
    const still = await billstream(['import', 'accounts', file('chart.yaml'), '--json']);
    expect(JSON.parse(still.stdout)).toMatchObject({ outcome: 'unchanged' });

    // A file that is not a chart, and one that is not YAML: refused with where.
    fs.writeFileSync(file('no-entity.yaml'), 'accounts:\n  bank: { number: "384", name: Bank }\n');
    const shape = await billstream(['import', 'accounts', file('no-entity.yaml')]);
    expect(shape.code).toBe(4);
    expect(shape.stderr).toContain(`${file('no-entity.yaml')}:1:1: legalEntityId: required`);
    fs.writeFileSync(file('broken.yaml'), 'legalEntityId: HU1\naccounts: { bank: [\n');
    const broken = await billstream(['import', 'accounts', file('broken.yaml')]);
    expect(broken.code).toBe(4);
    expect(broken.stderr).toMatch(new RegExp(`${file('broken.yaml').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: YAML syntax`));
  }, 240_000);

  it('exports the journal as JSON and CSV, to stdout and to a file, the same entries both ways, balanced, booked to the chart', async () => {
    const json = await billstream(['export', 'journal', '--format', 'json']);
    expect(json.code, json.stderr).toBe(0);
    const entries = JSON.parse(json.stdout) as JournalEntry[];
    expect(entries.map((e) => e.kind)).toEqual(['invoice', 'invoice', 'payment', 'allocation', 'payment', 'allocation']);
    for (const entry of entries) {
      const debit = entry.lines.reduce((sum, l) => sum.plus(l.debit), new Decimal(0));
      const credit = entry.lines.reduce((sum, l) => sum.plus(l.credit), new Decimal(0));
      expect(debit.toFixed(2), `${entry.kind} ${entry.ref}`).toBe(credit.toFixed(2));
      expect(entry.currency).toBe('HUF');
    }
    expect(entries[0]!.lines[0]!.account).toBe('311');
    expect(entries.filter((e) => e.kind === 'payment').map((e) => e.lines[0]!.account)).toEqual(['384', '384']);
    // The EUR payment at 410 against the invoice's 400: an exchange gain on its allocation.
    expect(entries.at(-1)!.lines.map((l) => l.account)).toContain('4900');

    const jsonOut = await billstream(['export', 'journal', '--format', 'json', '--out', file('journal.json')]);
    expect(jsonOut.code, jsonOut.stderr).toBe(0);
    expect(jsonOut.stdout).toBe('');
    expect(jsonOut.stderr).toContain(`6 journal entries written to ${file('journal.json')}`);
    expect(fs.readFileSync(file('journal.json'), 'utf8')).toBe(json.stdout);

    const csv = await billstream(['export', 'journal', '--format', 'csv']);
    expect(csv.code, csv.stderr).toBe(0);
    const rows = csv.stdout.split('\r\n');
    expect(rows[0]).toBe('entryId,date,legalEntityId,kind,ref,line,account,debit,credit,nationalCurrency,currency,amount,rate,cursor');
    expect(rows.at(-1)).toBe('');
    const lines = entries.flatMap((e) => e.lines.map((l, i) => [e.id, e.date, e.legalEntityId, e.kind, e.ref, String(i + 1), l.account, l.debit, l.credit, e.currency, l.currency, l.amount, l.rate, e.cursor].join(',')));
    expect(rows.slice(1, -1)).toEqual(lines);

    const csvOut = await billstream(['export', 'journal', '--format', 'csv', '--out', file('journal.csv')]);
    expect(csvOut.code, csvOut.stderr).toBe(0);
    expect(csvOut.stderr).toContain(`6 journal entries written to ${file('journal.csv')}`);
    expect(fs.readFileSync(file('journal.csv'), 'utf8')).toBe(csv.stdout);

    // A period and an entity: the entries dated within it, in the same order.
    const november = await billstream(['export', 'journal', '--format', 'json', '--from', '2026-11-10', '--to', '2026-11-10', '--entity', 'HU1']);
    expect(november.code, november.stderr).toBe(0);
    expect((JSON.parse(november.stdout) as JournalEntry[]).map((e) => e.id)).toEqual(entries.filter((e) => e.date === '2026-11-10').map((e) => e.id));
    const none = await billstream(['export', 'journal', '--format', 'csv', '--entity', 'DE1']);
    expect(none.stdout).toBe(rows[0] + '\r\n');
  }, 240_000);

  it('prints a trial balance whose debits equal its credits, and the same as JSON', async () => {
    const json = await billstream(['accounting', 'trial-balance', '--entity', 'HU1', '--json']);
    expect(json.code, json.stderr).toBe(0);
    const balance = JSON.parse(json.stdout) as { currency: string; accounts: { account: string; name: string | null; opening: string; debit: string; credit: string; closing: string }[]; totals: { opening: string; debit: string; credit: string; closing: string } };
    expect(balance.currency).toBe('HUF');
    expect(balance.totals.debit).toBe(balance.totals.credit);
    expect(balance.totals).toMatchObject({ opening: '0.00', closing: '0.00' });
    // Both invoices paid in full: nothing left on the receivables.
    expect(balance.accounts.find((a) => a.account === '311')).toMatchObject({ name: 'Vevők', closing: '0.00' });
    expect(balance.accounts.find((a) => a.account === '384')).toMatchObject({ name: 'Elszámolási betétszámla' });

    const text = await billstream(['accounting', 'trial-balance', '--entity', 'HU1', '--from', '2026-11-15']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^trial balance of HU1 in HUF, 2026-11-15 to now\n/);
    const total = text.stdout.trim().split('\n').at(-1)!.trim().split(/\s+/);
    expect(total[0]).toBe('total');
    // total, opening, debit, credit, closing: debits equal credits, openings add up to zero.
    expect(total[2]).toBe(total[3]);
    expect(total[1]).toBe('0.00');

    const missing = await billstream(['accounting', 'trial-balance', '--entity', 'NOPE']);
    expect(missing.code).toBe(4);
    expect(missing.stderr).toContain('legal entity NOPE does not exist');
  }, 240_000);

  it('refuses wrong usage with exit 2 and the usage text, before anything is written', async () => {
    const cases: [string[], RegExp][] = [
      [['export', 'journal', '--format', 'xml'], /--format xml: csv or json/],
      [['export', 'journal', '--format', 'csv', '--from', '2026-02-30'], /--from 2026-02-30/],
      [['export', 'ledger'], /export journal \[--from DATE\]/],
      [['accounting', 'trial-balance'], /accounting trial-balance needs --entity ID/],
      [['accounting', 'balance-sheet', '--entity', 'HU1'], /accounting trial-balance --entity ID/],
      [['import', 'accounts'], /import needs a kind and a file/],
      [['export', 'journal', '--format', 'csv', '--bogus'], /bogus/],
      // A malformed date, or one the calendar does not have, names the option and its value.
      [['export', 'journal', '--format', 'json', '--from', '20261101'], /--from 20261101/],
      [['accounting', 'trial-balance', '--entity', 'HU1', '--from', '20261101'], /--from 20261101/],
      [['accounting', 'trial-balance', '--entity', 'HU1', '--from', '2026-02-30'], /--from 2026-02-30/],
      [['accounting', 'trial-balance', '--entity', 'HU1', '--from', '2026-13-01'], /--from 2026-13-01/],
      [['accounting', 'trial-balance', '--entity', 'HU1', '--to', '2026-11-31'], /--to 2026-11-31/],
      [['receivables', 'aging', '--as-of', '20261130'], /--as-of 20261130/],
      // A period that ends before it starts is empty: said, not printed as an empty export.
      [['export', 'journal', '--format', 'csv', '--from', '2026-12-01', '--to', '2026-11-01'], /--from 2026-12-01 is after --to 2026-11-01/],
      [['accounting', 'trial-balance', '--entity', 'HU1', '--from', '2026-12-01', '--to', '2026-11-01'], /--from 2026-12-01 is after --to 2026-11-01/],
    ];
    for (const [args, message] of cases) {
      const run = await billstream(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toMatch(message);
      expect(run.stderr, args.join(' ')).toContain('usage: billstream');
      expect(run.stdout, args.join(' ')).toBe('');
    }
    const out = file('never.csv');
    expect((await billstream(['export', 'journal', '--format', 'xml', '--out', out])).code).toBe(2);
    expect(fs.existsSync(out)).toBe(false);
  }, 240_000);
});
