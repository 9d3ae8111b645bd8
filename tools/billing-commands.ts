/**
 * `billstream bill-run`, `bill-run approve`, `invoices` and `credit-note`: the CLI face of bill
 * runs. Each appends its command's event and then brings the billing saga up to date, so the run
 * is drafted (or issued) before the command prints its report.
 */
import { operatorToday } from '../src/core/clock.ts';
import { cliContext, type Billstream } from '../src/main.ts';
import { uuidv7 } from '../src/core/ids.ts';
import { NotFoundError } from '../src/core/errors.ts';
import { approveBillRun, startBillRun } from '../src/app/bill-run/issue.ts';
import { creditInvoice } from '../src/app/credit-note/credit.ts';
import { billRunView, findInvoices, invoiceView } from '../src/app/invoice/view.ts';
import { billRunProgress } from '../src/app/bill-run/draft.ts';
import { catchUpBillRuns } from './bill-run-catch-up.ts';
import { progressBar } from './progress.ts';
import { BILL_RUNS, type BillRunDocument } from '../projections/bill-runs.projection.ts';
import type { Filter } from '../src/readstore/port.ts';

export interface BillRunOptions {
  asOf?: string;
  approve: boolean;
  includeHeld: boolean;
  json: boolean;
  issueDate?: string;
  threshold?: string;
}


async function runDocument(billstream: Billstream, runId: string): Promise<BillRunDocument> {
  // The billing saga does the run's work inside catch-up; on a terminal, show how far it got.
  const progress = progressBar(`bill run ${runId.slice(0, 8)}`);
  const drafting = (id: string, contracts: number) => id === runId && progress.update(contracts);
  const issuing = (id: string, issued: number, total: number) => id === runId && progress.update(issued, total);
  billRunProgress.on('drafting', drafting).on('issuing', issuing);
  try {
    await catchUpBillRuns(billstream);
  } finally {
    billRunProgress.off('drafting', drafting).off('issuing', issuing);
    progress.finish();
  }
  const run = (await billstream.readStore.get(BILL_RUNS, runId)) as BillRunDocument | null;
  if (!run) throw new NotFoundError(`bill run ${runId} does not exist`);
  return run;
}

export async function billRunCommand(billstream: Billstream, args: string[], options: BillRunOptions, usageError: (message: string) => Error): Promise<number> {
  const [action, runId] = args;
  if (action === 'approve') {
    if (!runId) throw usageError('bill-run approve needs the run id: billstream bill-run approve RUN [--include-held]');
    await billstream.catchUp();
    await approveBillRun(billstream, runId, { includeHeld: options.includeHeld, issueDate: options.issueDate ?? operatorToday(billstream.clock) }, cliContext(uuidv7(billstream.clock)));
    printRun(await runDocument(billstream, runId), options.json);
    return 0;
  }
  if (action !== undefined) throw usageError(`unknown bill-run action ${action}: bill-run --as-of DATE [--approve [--include-held]] | bill-run approve RUN`);
  if (!options.asOf) throw usageError('bill-run needs --as-of DATE (closes every cycle ending on or before it)');
  if (options.includeHeld && !options.approve) throw usageError('--include-held goes with --approve');
  const threshold = options.threshold === undefined ? undefined : Number(options.threshold);
  if (threshold !== undefined && !(threshold >= 0)) throw usageError(`--threshold ${options.threshold}: expected a percentage`);
  // Read models first: the run drafts from them.
  await billstream.catchUp();
  const started = await startBillRun(billstream, { asOf: options.asOf, ...(threshold !== undefined ? { changeThresholdPercent: threshold } : {}) }, cliContext(uuidv7(billstream.clock)));
  let run = await runDocument(billstream, started.runId);
  if (options.approve) {
    await approveBillRun(billstream, started.runId, { includeHeld: options.includeHeld, issueDate: options.issueDate ?? operatorToday(billstream.clock) }, cliContext(uuidv7(billstream.clock)));
    run = await runDocument(billstream, started.runId);
  }
  printRun(run, options.json);
  return run.status === 'failed' ? 4 : 0;
}

function printRun(run: BillRunDocument, json: boolean): void {
  if (json) {
    console.log(JSON.stringify(billRunView(run)));
    return;
  }
  const report = run.report;
  console.log(`bill run ${run.id} as of ${run.asOf}: ${run.status}`);
  if (run.failure) console.log(`  failed at ${run.failure.at}: ${run.failure.reason}`);
  if (report) {
    console.log(`  ${report.invoices} invoices, ${report.held} held (${report.blocked} cannot be issued)`);
    for (const c of report.perCurrency) console.log(`  ${c.currency}: ${c.invoices} invoices, net ${c.totalNet}, VAT ${c.totalVat}, total ${c.total}`);
    for (const g of report.perVatGroup) console.log(`  VAT ${g.category} ${g.rate} % (${g.currency}): taxable ${g.taxable}, VAT ${g.amount}`);
    for (const c of report.perServiceCategory) console.log(`  ${c.category} (${c.currency}): net ${c.net}`);
    for (const e of report.perLegalEntity) console.log(`  legal entity ${e.legalEntityId} (${e.currency}): ${e.invoices} invoices, total ${e.total}`);
    for (const f of report.flags) console.log(`  held: contract ${f.contractId} ${f.cycle.start}..${f.cycle.end}: ${f.flags.map((x) => `${x.code} (${x.message})`).join('; ')}`);
  }
  if (run.result) console.log(`  issued ${run.result.issued}, held ${run.result.held}, superseded by a later run ${run.result.superseded}`);
  else if (run.status === 'drafted') console.log(`  approve with: billstream bill-run approve ${run.id} [--include-held]`);
}

export async function invoicesCommand(billstream: Billstream, options: { run?: string; client?: string; json: boolean }): Promise<number> {
  await billstream.catchUp();
  const filter: Filter = {};
  if (options.run) filter.runId = options.run;
  if (options.client) filter.clientId = options.client;
  const invoices = (await findInvoices(billstream.readStore, filter))
    .sort((a, b) => (a.number ?? '~').localeCompare(b.number ?? '~') || a.period.start.localeCompare(b.period.start) || a.contractId.localeCompare(b.contractId));
  if (options.json) console.log(JSON.stringify(invoices.map(invoiceView)));
  else {
    for (const i of invoices) {
      console.log(`${(i.number ?? `(${i.status})`).padEnd(18)} ${i.clientId.padEnd(10)} ${i.contractId.padEnd(10)} ${i.period.start}..${i.period.end}  ${i.total ?? '-'} ${i.currency ?? ''}${i.held && i.status === 'draft' ? '  held' : ''}`);
    }
    console.log(`${invoices.length} invoices`);
  }
  return 0;
}

export async function creditNoteCommand(
  billstream: Billstream,
  args: string[],
  options: { reason?: string; line?: string[]; json: boolean; issueDate?: string },
  usageError: (message: string) => Error,
): Promise<number> {
  const [invoice] = args;
  if (!invoice || !options.reason) throw usageError('credit-note INVOICE_NUMBER --reason TEXT [--line N[=AMOUNT] ...]');
  const lines = options.line?.map((spec) => {
    const m = /^(\d+)(?:=(.+))?$/.exec(spec);
    if (!m) throw usageError(`--line ${spec}: expected a line index, optionally with an amount (3 or 3=10.00)`);
    return { line: Number(m[1]), ...(m[2] !== undefined ? { amount: m[2] } : {}) };
  });
  await billstream.catchUp();
  const note = await creditInvoice(billstream, { invoice, ...(lines ? { lines } : {}), reason: options.reason, issueDate: options.issueDate ?? operatorToday(billstream.clock) }, cliContext(uuidv7(billstream.clock)));
  console.log(options.json ? JSON.stringify(note) : `credit note ${note.number} of ${note.invoiceNumber}: ${note.total} ${note.currency}`);
  return 0;
}
