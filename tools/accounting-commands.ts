/** CLI: `import accounts FILE`, `export journal`, `accounting trial-balance` (docs/accounting.md). */
import fs from 'node:fs';
import type { Billstream } from '../src/main.ts';
import { cliContext } from '../src/main.ts';
import { uuidv7 } from '../src/core/ids.ts';
import { importChartOfAccounts, readChartFile } from '../src/app/accounting/accounts.ts';
import { ValidationError } from '../src/core/errors.ts';
import { errorLine, type RowError } from '../src/import/summary.ts';
import { forEachJournalCsvPage, forEachJournalEntry, JOURNAL_CSV_HEADER, trialBalance } from '../src/app/accounting/journal.ts';
import { dateProblem } from '../src/core/validate.ts';

/**
 * Records the chart of FILE. Refused whole (exit 4, nothing stored) with one `file:line:column:
 * reason` per problem: a YAML error, a malformed file, an unknown role, a bad account.
 */
export async function importAccountsCommand(billstream: Billstream, file: string, options: { json: boolean }): Promise<number> {
  const read = readChartFile(fs.readFileSync(file, 'utf8'));
  const refused = (errors: RowError[]) => new ValidationError(`${file}: chart of accounts refused, nothing stored\n${errors.map((e) => errorLine(file, e)).join('\n')}`);
  if (!read.chart) throw refused(read.errors);
  const chart = read.chart;
  let result: Awaited<ReturnType<typeof importChartOfAccounts>>;
  try {
    result = await importChartOfAccounts(billstream, chart, cliContext(uuidv7(billstream.clock)));
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const issues = error.issues.length ? error.issues : [{ field: '', message: error.message }];
    throw refused(issues.map((issue) => ({ ...read.positionOf(issue.field), reason: issue.field ? `${issue.field}: ${issue.message}` : issue.message })));
  }
  console.log(options.json ? JSON.stringify({ legalEntityId: chart.legalEntityId, ...result }) : `${file}: chart of accounts of ${chart.legalEntityId} ${result.outcome} (${result.accounts} accounts overridden)`);
  return 0;
}

/** A malformed `--from`/`--to`, or a date the calendar does not have, is wrong usage naming the option and its value. */
function checkPeriodOptions(options: { from?: string; to?: string }, usage: (message: string) => Error): void {
  for (const flag of ['from', 'to'] as const) {
    const problem = options[flag] === undefined ? null : dateProblem(options[flag]!);
    if (problem) throw usage(`--${flag} ${options[flag]}: ${problem}`);
  }
}

export interface ExportOptions { from?: string; to?: string; entity?: string; format: string; out?: string }

/** Every entry of the period, oldest first, as CSV (one row per line) or a JSON array, to stdout or a file. */
export async function exportJournalCommand(billstream: Billstream, options: ExportOptions, usage: (message: string) => Error): Promise<number> {
  if (options.format !== 'csv' && options.format !== 'json') throw usage(`--format ${options.format}: csv or json`);
  checkPeriodOptions(options, usage);
  await billstream.catchUp();
  try {
    return await writeJournal(billstream, options);
  } catch (error) {
    // `export journal | head` closes the pipe early: the reader's choice, not an error.
    if ((error as NodeJS.ErrnoException).code === 'EPIPE' && !options.out) return 0;
    throw error;
  }
}

async function writeJournal(billstream: Billstream, options: ExportOptions): Promise<number> {
  const out = options.out ? fs.openSync(options.out, 'w') : 1;
  let first = true;
  let entries = 0;
  const period = { ...(options.entity ? { entity: options.entity } : {}), ...(options.from ? { from: options.from } : {}), ...(options.to ? { to: options.to } : {}) };
  if (options.format === 'csv') {
    // The rows the journal keeps ready beside each entry, as stored.
    fs.writeSync(out, JOURNAL_CSV_HEADER);
    await forEachJournalCsvPage(billstream.readStore, period, (rows, count) => {
      fs.writeSync(out, rows);
      entries += count;
    });
  } else {
    fs.writeSync(out, '[');
    await forEachJournalEntry(billstream.readStore, period, (page) => {
      entries += page.length;
      for (const entry of page) {
        fs.writeSync(out, (first ? '\n' : ',\n') + JSON.stringify(entry));
        first = false;
      }
    });
    fs.writeSync(out, '\n]\n');
  }
  if (options.out) {
    fs.closeSync(out);
    console.error(`${entries} journal entries written to ${options.out}`);
  }
  return 0;
}

export async function trialBalanceCommand(billstream: Billstream, options: { entity?: string; from?: string; to?: string; json: boolean }, usage: (message: string) => Error): Promise<number> {
  if (!options.entity) throw usage('accounting trial-balance needs --entity ID');
  checkPeriodOptions(options, usage);
  await billstream.catchUp();
  const balance = await trialBalance(billstream, { entity: options.entity, ...(options.from ? { from: options.from } : {}), ...(options.to ? { to: options.to } : {}) });
  if (options.json) {
    console.log(JSON.stringify(balance));
    return 0;
  }
  const rows = [['account', 'name', 'opening', 'debit', 'credit', 'closing'], ...balance.accounts.map((a) => [a.account, a.name ?? '', a.opening, a.debit, a.credit, a.closing]), ['total', '', balance.totals.opening, balance.totals.debit, balance.totals.credit, balance.totals.closing]];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  console.log(`trial balance of ${balance.legalEntityId} in ${balance.currency ?? '-'}, ${balance.from ?? 'start'} to ${balance.to ?? 'now'}`);
  for (const row of rows) console.log(row.map((cell, i) => (i >= 2 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  '));
  return 0;
}
