/**
 * examples/README.md as a user reads it: its walk-through block is run command by command, as
 * written, in a shell from the project folder on a fresh data folder (`RUN` replaced by the id
 * the bill run printed), and the control report it leads to has no blocked invoice, the
 * duplicate is counted as a duplicate and the unknown caller is unresolved. Its table of files
 * matches the folder, row counts included.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { temporaryDataDir, openTestBillstream } from '../support/billstream.ts';
import { billRunView, findInvoices } from '../../src/app/invoice/view.ts';
import { BILL_RUNS, type BillRunDocument } from '../../projections/bill-runs.projection.ts';
import { UNRESOLVED_USAGE } from '../../projections/unresolved-usage.projection.ts';
import { findAll } from '../../src/readstore/port.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const README = fs.readFileSync(path.join(ROOT, 'examples/README.md'), 'utf8');

/** The commands of the first `sh` block under the "Walk-through" heading, comments and blank lines left out. */
function walkThrough(): string[] {
  const section = /^## Walk-through\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(README)?.[1];
  if (!section) throw new Error('examples/README.md has no "## Walk-through" section');
  const block = /^```sh\n([\s\S]*?)^```$/m.exec(section)?.[1];
  if (!block) throw new Error('the walk-through has no ```sh block');
  return block.split('\n').map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
}

interface Ran {
  command: string;
  code: number;
  stdout: string;
  stderr: string;
}

/** One command line through the shell, as a user's terminal runs it. */
function shell(command: string, env: NodeJS.ProcessEnv): Promise<Ran> {
  return new Promise((resolve) => {
    execFile('sh', ['-c', command], { cwd: ROOT, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ command, code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

describe('examples/README.md walk-through', () => {
  it('names fixed dates and every file of the folder', () => {
    const commands = walkThrough();
    // Never today's clock: the same invoices whatever day it runs.
    expect(commands.find((c) => /\bbill-run --as-of\b/.test(c))).toMatch(/--as-of \d{4}-\d{2}-\d{2}\b/);
    expect(commands.find((c) => /\bbill-run approve\b/.test(c))).toMatch(/--issue-date \d{4}-\d{2}-\d{2}\b/);
    const files = fs.readdirSync(path.join(ROOT, 'examples')).filter((f) => f !== 'README.md');
    for (const file of files) expect(commands.some((c) => c.includes(`examples/${file}`)), `the walk-through does not import examples/${file}`).toBe(true);
  });

  it('runs command by command on a fresh data folder to a control report without a blocked invoice', async () => {
    const dataDir = path.join(temporaryDataDir('billstream-walkthrough-'), 'data');
    // Only the data folder is chosen for it: no other BILLSTREAM_* setting of the caller's shell applies.
    const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('BILLSTREAM_')));
    env.BILLSTREAM_DATA = dataDir;
    const ran: Ran[] = [];
    let runId: string | null = null;
    for (const written of walkThrough()) {
      const command = written.replace(/\bRUN\b/g, () => {
        if (!runId) throw new Error(`"${written}" needs a run id, but no bill run ran before it`);
        return runId;
      });
      const result = await shell(command, env);
      ran.push(result);
      expect(result.code, `${command}\n${result.stdout}\n${result.stderr}`).toBe(0);
      if (/\bbill-run --as-of\b/.test(command)) runId = UUID.exec(result.stdout)?.[0] ?? null;
    }
    const output = (pattern: RegExp) => ran.find((r) => pattern.test(r.command))!.stdout;

    expect(output(/import usage/)).toMatch(/\b1 duplicates?\b/);
    expect(output(/import usage/)).toMatch(/\b1 unresolved\b/);
    expect(output(/usage unresolved/)).toContain('+3613999999');
    expect(output(/usage unresolved/)).toContain('unknown-identifier');
    expect(runId).not.toBeNull();

    const billstream = await openTestBillstream({ dataDir });
    try {
      const run = billRunView((await billstream.readStore.get(BILL_RUNS, runId!)) as BillRunDocument);
      expect(run).toMatchObject({ asOf: '2026-11-01', status: 'completed' });
      const report = run.report!;
      const blocked = report.flags.filter((f) => f.flags.some((flag) => flag.blocking));
      expect(blocked.map((f) => `${f.contractId} ${f.cycle.start}: ${f.flags.map((flag) => flag.message).join('; ')}`)).toEqual([]);
      expect(report.blocked).toBe(0);
      expect(report.invoices).toBeGreaterThan(200);
      // What examples/README.md says the run gives: so many invoices, so many held.
      const said = /\((\d+) invoices, (\d+) held\)/.exec(README);
      expect(said, 'examples/README.md says how many invoices the walk-through run drafts and holds').not.toBeNull();
      expect([report.invoices, report.held]).toEqual([Number(said![1]), Number(said![2])]);
      // The unknown caller belongs to no contract: it holds no invoice.
      expect(report.flags.filter((f) => f.flags.some((flag) => flag.code === 'unresolved-usage'))).toEqual([]);
      // Approved with --include-held: every drafted invoice is issued.
      expect(run.result).toMatchObject({ issued: report.invoices });
      const invoices = await findInvoices(billstream.readStore, { runId: runId! });
      expect(invoices.filter((i) => i.status !== 'issued')).toEqual([]);
      // Migrated contracts are billed from their billing_start: nothing before 2026.
      expect(invoices.filter((i) => i.period.end <= '2026-01-01')).toEqual([]);
      const unresolved = await findAll(billstream.readStore, UNRESOLVED_USAGE, {});
      expect(unresolved.map((u) => [u.identifier, u.reason])).toEqual([['+3613999999', 'unknown-identifier']]);
    } finally {
      await billstream.close();
    }
    expect(output(/invoices --client C-0001/)).toContain('HU1-2026-000001');
  }, 300_000);
});

describe('examples/README.md', () => {
  /** The rows of the table of files: file name and row count. */
  function table(): [string, number][] {
    return [...README.matchAll(/^\| `([^`]+)` \| (\d+) \|/gm)].map((m) => [m[1]!, Number(m[2])]);
  }

  function rowsOf(file: string): number {
    const target = path.join(ROOT, 'examples', file);
    if (file === 'tariffs/*.yaml') return fs.readdirSync(path.join(ROOT, 'examples/tariffs')).filter((f) => f.endsWith('.yaml')).length;
    // A YAML file holds a list, or one entry (a discount scheme file may hold either).
    if (file.endsWith('.yaml')) {
      const parsed = parseYaml(fs.readFileSync(target, 'utf8')) as unknown;
      return Array.isArray(parsed) ? parsed.length : 1;
    }
    return fs.readFileSync(target, 'utf8').split('\n').filter((line) => line !== '').length - 1;
  }

  it('describes every file of the folder, with its row count', () => {
    const described = table().map(([file]) => file);
    const files = fs.readdirSync(path.join(ROOT, 'examples'), { recursive: true }).map(String).filter((f) => f !== 'README.md' && fs.statSync(path.join(ROOT, 'examples', f)).isFile());
    const undescribed = files.filter((f) => !described.includes(f) && !(f.startsWith('tariffs/') && !f.includes('/decks/') && described.includes('tariffs/*.yaml')));
    expect(undescribed).toEqual([]);
    expect(table().map(([file, rows]) => [file, rowsOf(file)])).toEqual(table());
  });
});
