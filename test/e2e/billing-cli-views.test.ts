/**
 * The billing desk's command line, read as a person reads it: `invoices`, `invoice show`,
 * `credit-note`, `credit-notes`, `bill-runs` and `bill-run void`, as real processes on a real data
 * folder. One HU client on the EUR tariff FIBRE-100 from 2026-10-01 (the client of
 * test/e2e/billing-api.test.ts): the run as of 2026-11-01 issues HU1-2026-000001 with three lines,
 *   0  October in advance   9789.44 HUF
 *   1  November in advance  9789.44 HUF
 *   2  installation        19264.35 HUF   (VAT 27 % per group: 10487.67; total 49330.90)
 * and a run as of 2026-12-01 leaves one draft (December in advance) unapproved, held for a call
 * the fibre tariff does not price.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { temporaryDataDir } from '../support/billstream.ts';

const BIN = path.resolve('bin/billstream');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

const CRM: Record<string, string> = {
  clients: [
    'client_id,type,name,country,language,currency,vat_id,time_zone,email,address_line1,city,postal_code,partner_id',
    'C-1,person,Kovács Anna,HU,hu,HUF,,Europe/Budapest,anna.kovacs@posta.example,Kossuth Lajos utca 12,Budapest,1052,',
  ].join('\n'),
  contracts: [
    'contract_id,client_id,legal_entity_id,start_date,end_date,billing_cycle,cycle_anchor_day,currency,payment_terms_days,billing_start',
    'K-1,C-1,HU1,2026-10-01,,monthly,1,HUF,15,',
  ].join('\n'),
  'service-points': [
    'service_point_id,contract_id,identifiers,address_line1,city,postal_code,country',
    'SP-1,K-1,+3612345678;anna.kovacs@isp.example,Kossuth Lajos utca 12,Budapest,1052,HU',
  ].join('\n'),
  subscriptions: [
    'subscription_id,service_point_id,tariff_id,start_date,end_date,quantity',
    'S-1,SP-1,FIBRE-100,2026-10-01,,1',
  ].join('\n'),
};

describe('billstream invoices, invoice show, credit-note, credit-notes, bill-runs', () => {
  const dir = temporaryDataDir();
  const data = path.join(dir, 'data');
  const billstream = (args: string[]): Promise<Run> => new Promise((resolve) => {
    execFile(process.execPath, [BIN, '--data', data, ...args], { env: { ...process.env, BILLSTREAM_TIME_ZONE: 'Europe/Budapest' } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
  let issuedRun = '';
  let draftRun = '';
  let draftId = '';

  beforeAll(async () => {
    const entities = fs.readFileSync('examples/legal-entities.yaml', 'utf8');
    fs.writeFileSync(path.join(dir, 'legal-entities.yaml'), entities.slice(0, entities.indexOf('- id: DE1')));
    for (const [kind, text] of Object.entries(CRM)) fs.writeFileSync(path.join(dir, `${kind}.csv`), `${text}\n`);
    for (const [kind, file] of [
      ['legal-entities', path.join(dir, 'legal-entities.yaml')], ['tariffs', 'examples/tariffs'], ['fx-rates', 'examples/fx-rates.csv'],
      ...Object.keys(CRM).map((kind) => [kind, path.join(dir, `${kind}.csv`)]),
    ] as [string, string][]) {
      const imported = await billstream(['import', kind, file]);
      expect(imported.code, `${kind}: ${imported.stderr}${imported.stdout}`).toBe(0);
    }
    const issued = await billstream(['bill-run', '--as-of', '2026-11-01', '--approve', '--issue-date', '2026-11-02', '--json']);
    expect(issued.code, issued.stderr).toBe(0);
    issuedRun = JSON.parse(issued.stdout).runId;
    // A call from the fibre line, whose tariff prices no voice: unresolved, so December is held.
    fs.writeFileSync(path.join(dir, 'usage.csv'), 'record_id,source,identifier,type,start_time,duration_s,called_number,bytes_in,bytes_out,quantity\nc1,sbc-bud1,+3612345678,voice,2026-11-10T09:00:00Z,60,+36301234567,,,\n'
      // October's data, after October was invoiced: 600 GB, the first 500 free, 100 at 0.50 EUR (late usage).
      + 'd1,bras,anna.kovacs@isp.example,data,2026-10-15T10:00:00Z,,,300000000000,300000000000,\n');
    const usage = await billstream(['import', 'usage', path.join(dir, 'usage.csv')]);
    expect(usage.code, usage.stderr).toBe(0);
    const drafted = await billstream(['bill-run', '--as-of', '2026-12-01', '--json']);
    expect(drafted.code, drafted.stderr).toBe(0);
    draftRun = JSON.parse(drafted.stdout).runId;
    const drafts = JSON.parse((await billstream(['invoices', '--run', draftRun, '--json'])).stdout);
    expect(drafts).toHaveLength(1);
    draftId = drafts[0].id;
  }, 120_000);

  it('invoices prints a header and shows drafts apart from issued invoices', async () => {
    const run = await billstream(['invoices']);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.split('\n');
    const issued = lines.findIndex((l) => /^issued invoices/i.test(l));
    const drafts = lines.findIndex((l) => /^drafts/i.test(l));
    expect(issued).toBeGreaterThanOrEqual(0);
    expect(drafts).toBeGreaterThan(issued);
    // Each section has its header row, then its invoices.
    expect(lines[issued + 1]).toMatch(/^NUMBER\s+CLIENT\s+CONTRACT\s+PERIOD\s+ISSUED\s+NET\s+VAT\s+TOTAL\s+CURRENCY/);
    expect(lines[issued + 2]).toMatch(/^HU1-2026-000001\s+C-1\s+K-1\s+2026-10-01\.\.2026-11-01\s+2026-11-02\s+38843\.23\s+10487\.67\s+49330\.90\s+HUF/);
    expect(lines[drafts + 1]).toMatch(/^INVOICE\s+RUN\s+CLIENT\s+CONTRACT\s+PERIOD\s+NET\s+VAT\s+TOTAL\s+CURRENCY/);
    expect(lines[drafts + 2]).toContain(draftId);
    expect(lines[drafts + 2]).toContain('2026-11-01..2026-12-01');
    expect(lines[drafts + 2]).toMatch(/held: unresolved-usage$/);
    expect(lines.slice(issued, drafts).join('\n')).not.toContain(draftId);
    expect(run.stdout).toContain('1 issued invoice, 1 draft');
  });

  it('invoice show NUMBER prints each line with the number credit-note takes; --json is the invoice as REST gives it', async () => {
    const shown = await billstream(['invoice', 'show', 'HU1-2026-000001']);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/invoice HU1-2026-000001/);
    expect(shown.stdout).toMatch(/^LINE\s+DESCRIPTION\s+.*NET\s+VAT/m);
    const json = JSON.parse((await billstream(['invoice', 'show', 'HU1-2026-000001', '--json'])).stdout);
    const listed = JSON.parse((await billstream(['invoices', '--client', 'C-1', '--json'])).stdout);
    expect(json).toEqual(listed.find((i: { number: string | null }) => i.number === 'HU1-2026-000001'));
    // The number printed before each line is its position in the JSON's `lines`, counted from 0.
    json.lines.forEach((line: { description: string; net: string }, index: number) => {
      expect(shown.stdout).toMatch(new RegExp(`^\\s*${index}\\s+${line.description.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s.*${line.net.replace('.', '\\.')}`, 'm'));
    });
    expect(shown.stdout).toMatch(/S 27 %.*38843\.23.*10487\.67/);
    expect(shown.stdout).toMatch(/total.*49330\.90 HUF/);
    // By id too (a draft has no number), and an unknown one is refused by name.
    const draft = await billstream(['invoice', 'show', draftId]);
    expect(draft.code, draft.stderr).toBe(0);
    expect(draft.stdout).toContain('draft');
    // A late usage line names the cycle its records belong to, with the quantity they added.
    expect(draft.stdout).toMatch(/^\s*\d+\s+.*\s2026-10-01\.\.2026-11-01 \(late\)\s+600\s+GB\s/m);
    const unknown = await billstream(['invoice', 'show', 'HU1-2026-999999']);
    expect(unknown.code).toBe(4);
    expect(unknown.stderr).toContain('HU1-2026-999999');
    expect((await billstream(['invoice', 'show'])).code).toBe(2);
  });

  it('credit-note without --reason is a usage error naming --reason', async () => {
    const run = await billstream(['credit-note', 'HU1-2026-000001', '--line', '2=1000.00']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^billstream: credit-note needs --reason/);
    const blank = await billstream(['credit-note', 'HU1-2026-000001', '--reason', ' ']);
    expect(blank.code).toBe(2);
    expect(blank.stderr).toContain('--reason');
  });

  it('credit-note --line N=NET credits that net on the line invoice show numbers N, and shows net, VAT and gross per line and in total', async () => {
    const invoice = JSON.parse((await billstream(['invoice', 'show', 'HU1-2026-000001', '--json'])).stdout);
    expect(invoice.lines[2].code).toBe('FIBRE-INSTALL');
    const run = await billstream(['credit-note', 'HU1-2026-000001', '--reason', 'installation discount', '--line', '2=10000.00', '--issue-date', '2026-11-06']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('credit note HU1-2026-000002 of invoice HU1-2026-000001');
    expect(run.stdout).toMatch(/^LINE\s+DESCRIPTION\s+NET\s+RATE\s+VAT\s+GROSS/m);
    expect(run.stdout).toMatch(/^\s*2\s+.*-10000\.00\s+S 27 %\s+-2700\.00\s+-12700\.00/m);
    expect(run.stdout).toMatch(/^total\s+-10000\.00\s+-2700\.00\s+-12700\.00 HUF/m);
    expect(run.stdout).toMatch(/net.*before VAT/i);

    const json = await billstream(['credit-note', 'HU1-2026-000001', '--reason', 'goodwill', '--line', '0=100.00', '--issue-date', '2026-11-06', '--json']);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      number: 'HU1-2026-000003', invoiceNumber: 'HU1-2026-000001',
      lines: [expect.objectContaining({ invoiceLine: 0, code: invoice.lines[0].code, net: '-100.00', vatRate: '27', vat: '-27.00', gross: '-127.00' })],
      totalNet: '-100.00', totalVat: '-27.00', total: '-127.00',
    });
    // A line the invoice does not have is named with the lines it does have.
    const missing = await billstream(['credit-note', 'HU1-2026-000001', '--reason', 'x', '--line', '3']);
    expect(missing.code).toBe(4);
    expect(missing.stderr).toContain('line 3 does not exist on invoice HU1-2026-000001 (its lines are 0 to 2)');
  });

  it('credit-notes lists the credit notes with a header; --invoice and --client filter; --json', async () => {
    const run = await billstream(['credit-notes']);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^NUMBER\s+INVOICE\s+CLIENT\s+ISSUED\s+NET\s+VAT\s+GROSS\s+CURRENCY\s+REASON/);
    expect(lines[1]).toMatch(/^HU1-2026-000002\s+HU1-2026-000001\s+C-1\s+2026-11-06\s+-10000\.00\s+-2700\.00\s+-12700\.00\s+HUF\s+installation discount/);
    expect(lines[2]).toMatch(/^HU1-2026-000003\s/);
    expect(lines.at(-1)).toBe('2 credit notes');
    const json = JSON.parse((await billstream(['credit-notes', '--invoice', 'HU1-2026-000001', '--json'])).stdout);
    expect(json.map((n: { number: string }) => n.number)).toEqual(['HU1-2026-000002', 'HU1-2026-000003']);
    expect(json[0].lines[0]).toMatchObject({ invoiceLine: 2, net: '-10000.00', vat: '-2700.00', gross: '-12700.00' });
    expect(JSON.parse((await billstream(['credit-notes', '--client', 'C-2', '--json'])).stdout)).toEqual([]);
    const unknown = await billstream(['credit-notes', '--invoice', 'HU1-2026-999999']);
    expect(unknown.code).toBe(4);
    expect(unknown.stderr).toContain('HU1-2026-999999');
  });

  it('bill-runs lists the runs with a header and their status; --status filters; --json', async () => {
    const run = await billstream(['bill-runs']);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^RUN\s+AS OF\s+STATUS\s+STARTED\s+INVOICES\s+HELD\s+ISSUED/);
    expect(lines[1]).toMatch(new RegExp(`^${issuedRun}\\s+2026-11-01\\s+completed\\s+\\S+\\s+1\\s+0\\s+1`));
    // December is held for the call its tariff does not price.
    expect(lines[2]).toMatch(new RegExp(`^${draftRun}\\s+2026-12-01\\s+drafted\\s+\\S+\\s+1\\s+1\\s+-`));
    const drafted = JSON.parse((await billstream(['bill-runs', '--status', 'drafted', '--json'])).stdout);
    expect(drafted.map((r: { runId: string }) => r.runId)).toEqual([draftRun]);
    const bad = await billstream(['bill-runs', '--status', 'sleeping']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--status sleeping');
  });

  it('a date the calendar does not have is a usage error naming the option and the value', async () => {
    for (const args of [
      ['bill-run', '--as-of', '2026-02-30'],
      ['bill-run', 'approve', draftRun, '--issue-date', 'x'],
      ['credit-note', 'HU1-2026-000001', '--reason', 'r', '--issue-date', '2026-13-01'],
    ]) {
      const run = await billstream(args);
      const flag = args.find((a) => a === '--as-of' || a === '--issue-date')!;
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toContain(`${flag} ${args[args.indexOf(flag) + 1]}`);
    }
    // Nothing was started or issued by the refused commands.
    expect(JSON.parse((await billstream(['bill-runs', '--json'])).stdout)).toHaveLength(2);
  });

  it('keys create with an unknown role names it and the roles there are', async () => {
    const run = await billstream(['keys', 'create', '--name', 'x', '--role', 'superuser']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--role superuser.*admin, operator, billing/);
  });

  it('bill-run void RUN voids a run that is not issued; a second void, or voiding an issued run, is refused', async () => {
    const voided = await billstream(['bill-run', 'void', draftRun]);
    expect(voided.code, voided.stderr).toBe(0);
    expect(voided.stdout).toContain(`bill run ${draftRun} as of 2026-12-01: voided`);
    const runs = (await billstream(['bill-runs'])).stdout;
    expect(runs).toMatch(new RegExp(`^${draftRun}\\s+2026-12-01\\s+voided`, 'm'));
    // Its draft stays in the history, listed apart: neither issued nor waiting for approval.
    const invoices = (await billstream(['invoices'])).stdout;
    expect(invoices).not.toMatch(/^drafts/m);
    expect(invoices).toMatch(new RegExp(`^voided drafts \\(1\\)[^\\n]*\\n[^\\n]+\\n${draftId}\\s`, 'm'));
    expect(invoices).toContain('1 issued invoice, 0 drafts, 1 voided');
    const again = await billstream(['bill-run', 'void', draftRun]);
    expect(again.code).toBe(4);
    const issued = await billstream(['bill-run', 'void', issuedRun]);
    expect(issued.code).toBe(4);
    expect((await billstream(['bill-run', 'void'])).code).toBe(2);
  });
});
