/**
 * `billstream bill-run`, `bill-run approve`, `bill-runs`, `invoices`, `invoice show`,
 * `credit-note` and `credit-notes`: the CLI face of bill runs. Each command that changes data
 * appends its command's event and then brings the billing saga up to date, so the run is drafted
 * (or issued) before the command prints its report. Lists print a header row; `--json` prints
 * what the REST API answers.
 */
import { Decimal } from 'decimal.js';
import { operatorToday } from '../src/core/clock.ts';
import { minorUnitDigits } from '../src/core/currencies.ts';
import { cliContext, type Billstream } from '../src/main.ts';
import { uuidv7 } from '../src/core/ids.ts';
import { NotFoundError } from '../src/core/errors.ts';
import { approveBillRun, startBillRun } from '../src/app/bill-run/issue.ts';
import { voidBillRun } from '../src/app/bill-run/void.ts';
import { creditInvoice, type CreditNote } from '../src/app/credit-note/credit.ts';
import { creditNoteView, type CreditNoteView } from '../src/app/credit-note/view.ts';
import { billRunView, findInvoices, invoiceView, invoiceViews, withPaymentStatus } from '../src/app/invoice/view.ts';
import { receivablesOf, invoicePaymentOf } from '../src/app/receivables/views.ts';
import { billRunProgress } from '../src/app/bill-run/draft.ts';
import { catchUpBillRuns } from './bill-run-catch-up.ts';
import { progressBar } from './progress.ts';
import { count, table } from './table.ts';
import { BILL_RUNS, type BillRunDocument } from '../projections/bill-runs.projection.ts';
import { CREDIT_NOTES } from '../projections/credit-notes.projection.ts';
import { INVOICES, type InvoiceDocument, type InvoiceView } from '../projections/invoices.projection.ts';
import { findAll, type Filter } from '../src/readstore/port.ts';
import { translatorFor, type MessageArgs, type Translator } from '../src/i18n/translator.ts';

export interface BillRunOptions {
  asOf?: string;
  approve: boolean;
  includeHeld: boolean;
  json: boolean;
  issueDate?: string;
  threshold?: string;
  /** `--discount-threshold PCT`: hold an invoice whose discounts exceed this share of its charges (default 50). */
  discountThreshold?: string;
  /** The operator's language for the report (BILLSTREAM_LANGUAGE, checked by the configuration). */
  language: string;
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
    printRun(await runDocument(billstream, runId), options.json, options.language);
    return 0;
  }
  if (action === 'void') {
    if (!runId) throw usageError('bill-run void needs the run id: billstream bill-run void RUN (billstream bill-runs lists them)');
    await billstream.catchUp();
    await voidBillRun(billstream, runId, cliContext(uuidv7(billstream.clock)));
    printRun(await runDocument(billstream, runId), options.json, options.language);
    return 0;
  }
  if (action !== undefined) throw usageError(`unknown bill-run action ${action}: bill-run --as-of DATE [--approve [--include-held]] | bill-run approve RUN | bill-run void RUN`);
  if (!options.asOf) throw usageError('bill-run needs --as-of DATE (closes every cycle ending on or before it)');
  if (options.includeHeld && !options.approve) throw usageError('--include-held goes with --approve');
  const threshold = options.threshold === undefined ? undefined : Number(options.threshold);
  if (threshold !== undefined && !(threshold >= 0)) throw usageError(`--threshold ${options.threshold}: expected a percentage`);
  const discountThreshold = options.discountThreshold === undefined ? undefined : Number(options.discountThreshold);
  if (discountThreshold !== undefined && !(discountThreshold >= 0)) throw usageError(`--discount-threshold ${options.discountThreshold}: expected a percentage`);
  // Read models first: the run drafts from them.
  await billstream.catchUp();
  const started = await startBillRun(billstream, {
    asOf: options.asOf, ...(threshold !== undefined ? { changeThresholdPercent: threshold } : {}),
    ...(discountThreshold !== undefined ? { discountShareThresholdPercent: discountThreshold } : {}),
  }, cliContext(uuidv7(billstream.clock)));
  let run = await runDocument(billstream, started.runId);
  if (options.approve) {
    await approveBillRun(billstream, started.runId, { includeHeld: options.includeHeld, issueDate: options.issueDate ?? operatorToday(billstream.clock) }, cliContext(uuidv7(billstream.clock)));
    run = await runDocument(billstream, started.runId);
  }
  printRun(run, options.json, options.language);
  return run.status === 'failed' ? 4 : 0;
}

function printRun(run: BillRunDocument, json: boolean, language: string): void {
  if (json) {
    console.log(JSON.stringify(billRunView(run)));
    return;
  }
  for (const line of runReport(run, translatorFor(language))) console.log(line);
}

/** A run and its control report as the CLI prints it, in the translator's language; codes, the flags' and warnings' messages and deferral reasons as recorded. */
export function runReport(run: BillRunDocument, tr: Translator): string[] {
  const lines: string[] = [];
  const say = (id: string, args: MessageArgs, indent = '  ') => lines.push(`${indent}${tr.t(id, args)}`);
  const amount = (value: string) => tr.number(value);
  const report = run.report;
  say('cli-run', { runId: run.id, asOf: run.asOf, status: run.status }, '');
  if (run.failure) say('cli-run-failed', { at: run.failure.at, reason: run.failure.reason });
  if (report) {
    say('cli-run-invoices', { invoices: report.invoices, held: report.held, blocked: report.blocked });
    if (report.nothingToBill > 0) say('cli-run-nothing-to-bill', { cycles: report.nothingToBill });
    for (const superseded of report.supersedes ?? []) say('cli-run-supersedes', { runId: superseded });
    if (report.deferred) say('cli-run-deferred', { cycles: report.deferred.cycles, reasons: report.deferred.reasons.join('; ') });
    for (const c of report.perCurrency) say('cli-run-currency', { currency: c.currency, invoices: c.invoices, net: amount(c.totalNet), vat: amount(c.totalVat), total: amount(c.total) });
    for (const g of report.perVatGroup) say('cli-run-vat-group', { category: g.category, rate: amount(g.rate), currency: g.currency, taxable: amount(g.taxable), amount: amount(g.amount) });
    for (const c of report.perServiceCategory) say('cli-run-service-category', { category: c.category, currency: c.currency, net: amount(c.net) });
    for (const d of report.discounts ?? []) say('cli-run-discount', { schemeId: d.schemeId, currency: d.currency, amount: amount(d.amount), invoices: d.invoices });
    for (const e of report.perLegalEntity) say('cli-run-legal-entity', { legalEntityId: e.legalEntityId, currency: e.currency, invoices: e.invoices, total: amount(e.total) });
    for (const f of report.flags) say('cli-run-held', { contractId: f.contractId, start: f.cycle.start, end: f.cycle.end, flags: f.flags.map((x) => `${x.code} (${x.message})`).join('; ') });
    for (const l of report.languageFallback ?? []) say('cli-run-language-fallback', { language: l.language, invoices: l.invoices });
    const unassigned = report.unassignedUsage;
    if (unassigned) say('cli-run-unassigned-usage', { records: unassigned.records, identifiers: unassigned.identifiers, first: unassigned.firstStart, last: unassigned.lastStart });
    for (const w of report.warnings ?? []) say('cli-run-warning', { message: w.message, invoices: w.invoices });
  }
  if (run.result) say('cli-run-result', { issued: run.result.issued, held: run.result.held, superseded: run.result.superseded });
  else if (run.status === 'drafted') say('cli-run-approve-hint', { runId: run.id });
  if (run.voided) say('cli-run-voided', { by: run.voided.by, at: run.voided.at });
  if (run.supersededBy) say('cli-run-superseded', { runId: run.supersededBy });
  return lines;
}

type FullInvoice = Awaited<ReturnType<typeof findInvoices>>[number];

const money = (value: string | null | undefined) => value ?? '-';
const vatLabel = (category: string, rate: string) => `${category} ${rate} %`;

export async function invoicesCommand(billstream: Billstream, options: { run?: string; client?: string; json: boolean }): Promise<number> {
  await billstream.catchUp();
  const filter: Filter = {};
  if (options.run) filter.runId = options.run;
  if (options.client) filter.clientId = options.client;
  const invoices = (await findInvoices(billstream.readStore, filter))
    .sort((a, b) => (a.number ?? '~').localeCompare(b.number ?? '~') || a.runId.localeCompare(b.runId) || a.period.start.localeCompare(b.period.start) || a.contractId.localeCompare(b.contractId));
  if (options.json) {
    console.log(JSON.stringify(await withPaymentStatus(billstream.readStore, invoices.map(invoiceView), operatorToday(billstream.clock))));
    return 0;
  }
  const issued = invoices.filter((i) => i.status === 'issued');
  const receivables = await receivablesOf(billstream.readStore, issued.map((i) => i.id));
  const payment = (i: FullInvoice) => invoicePaymentOf(receivables.get(i.id) ?? null, operatorToday(billstream.clock));
  const drafts = invoices.filter((i) => i.status === 'draft');
  // Any other state (a voided run's drafts) gets its own section: never mixed with what is issued or still to approve.
  const others = [...new Set(invoices.map((i) => i.status as string).filter((s) => s !== 'issued' && s !== 'draft'))].sort();
  if (issued.length) {
    console.log(`issued invoices (${issued.length})`);
    // Credit note totals are in the invoice's minor unit already: their sum needs no rounding.
    const credited = (i: FullInvoice) => (i.creditNotes.length ? i.creditNotes.reduce((sum, n) => sum.plus(n.total), new Decimal(0)).toFixed(minorUnitDigits(i.currency!)) : '-');
    for (const line of table(
      [{ header: 'NUMBER' }, { header: 'CLIENT' }, { header: 'CONTRACT' }, { header: 'PERIOD' }, { header: 'ISSUED' }, { header: 'NET', right: true }, { header: 'VAT', right: true }, { header: 'TOTAL', right: true }, { header: 'CURRENCY' }, { header: 'CREDITED', right: true }, { header: 'DUE', right: true }, { header: 'PAYMENT' }],
      issued.map((i) => [i.number!, i.clientId, i.contractId, `${i.period.start}..${i.period.end}`, i.issueDate ?? '-', money(i.totalNet), money(i.totalVat), money(i.total), i.currency ?? '-', credited(i), money(payment(i)?.amountDue), payment(i)?.paymentStatus ?? '-']),
    )) console.log(line);
  }
  const draftTable = (rows: FullInvoice[]) => table(
    [{ header: 'INVOICE' }, { header: 'RUN' }, { header: 'CLIENT' }, { header: 'CONTRACT' }, { header: 'PERIOD' }, { header: 'NET', right: true }, { header: 'VAT', right: true }, { header: 'TOTAL', right: true }, { header: 'CURRENCY' }, { header: 'HELD' }],
    rows.map((i) => [i.id, i.runId, i.clientId, i.contractId, `${i.period.start}..${i.period.end}`, money(i.totalNet), money(i.totalVat), money(i.total), i.currency ?? '-',
      i.flags.length ? `${i.flags.some((f) => f.blocking) ? 'blocked' : 'held'}: ${i.flags.map((f) => f.code).join(', ')}` : '']),
  );
  let printed = issued.length > 0;
  const section = (title: string, rows: FullInvoice[]) => {
    if (rows.length === 0) return;
    if (printed) console.log('');
    console.log(title);
    for (const line of draftTable(rows)) console.log(line);
    printed = true;
  };
  section(`drafts, not issued (${drafts.length}): billstream bill-run approve RUN issues them`, drafts);
  for (const status of others) {
    const rows = invoices.filter((i) => i.status === status);
    section(`${status} drafts (${rows.length}): never issued; their cycles go to the next run`, rows);
  }
  console.log([count(issued.length, 'issued invoice'), count(drafts.length, 'draft'), ...others.map((s) => `${invoices.filter((i) => i.status === s).length} ${s}`)].join(', '));
  return 0;
}

/** The invoice header with this legal number, else with this id. */
async function invoiceHeader(billstream: Billstream, reference: string): Promise<InvoiceDocument> {
  const [byNumber] = (await billstream.readStore.find(INVOICES, { number: reference }, { limit: 1 })).items as InvoiceDocument[];
  const header = byNumber ?? ((await billstream.readStore.get(INVOICES, reference)) as InvoiceDocument | null);
  if (!header) throw new NotFoundError(`invoice ${reference} does not exist (give its number, or its id for a draft)`);
  return header;
}

export async function invoiceCommand(billstream: Billstream, args: string[], options: { json: boolean }, usageError: (message: string) => Error): Promise<number> {
  const [action, reference] = args;
  if (action !== 'show' || !reference || args.length > 2) throw usageError('invoice show NUMBER (or the id of a draft) [--json]');
  await billstream.catchUp();
  const [invoice] = await invoiceViews(billstream.readStore, [await invoiceHeader(billstream, reference)], operatorToday(billstream.clock));
  if (options.json) {
    console.log(JSON.stringify(invoice));
    return 0;
  }
  printInvoice(invoice!, (await findAll<CreditNote>(billstream.readStore, CREDIT_NOTES, { invoiceId: invoice!.id })).sort((a, b) => a.number.localeCompare(b.number)));
  return 0;
}

function printInvoice(invoice: InvoiceView, creditNotes: CreditNote[]): void {
  const currency = invoice.currency ?? '';
  console.log(invoice.number
    ? `invoice ${invoice.number}: issued ${invoice.issueDate}, due ${invoice.dueDate}${invoice.paymentStatus ? `, ${String(invoice.paymentStatus)}, ${String(invoice.amountDue)} ${invoice.currency} to pay` : ''}`
    : `invoice ${invoice.id}: draft, not issued${invoice.held ? ' (held)' : ''}`);
  console.log(`  id        ${invoice.id}`);
  console.log(`  run       ${invoice.runId}`);
  if (invoice.seller) console.log(`  seller    ${invoice.seller.id} ${invoice.seller.name}${invoice.seller.vatId ? ` (VAT id ${invoice.seller.vatId})` : ''}`);
  console.log(`  buyer     ${invoice.buyer.id} ${invoice.buyer.name}${invoice.buyer.vatId ? ` (VAT id ${invoice.buyer.vatId})` : ''}`);
  console.log(`  contract  ${invoice.contractId}, period ${invoice.period.start}..${invoice.period.end}`);
  for (const flag of invoice.flags) console.log(`  ${flag.blocking ? 'blocked' : 'held'}: ${flag.code} (${flag.message})`);
  if (invoice.lines.length) {
    console.log('');
    // The number before each line is its position in the invoice's `lines` (from 0): what `credit-note --line` takes.
    for (const line of table(
      [{ header: 'LINE', right: true }, { header: 'DESCRIPTION' }, { header: 'PERIOD' }, { header: 'QUANTITY', right: true }, { header: 'UNIT' }, { header: 'NET', right: true }, { header: 'VAT' }],
      invoice.lines.map((l, i) => [String(i), l.description, linePeriod(l), l.quantity, l.unit, l.net, vatLabel(l.vatCategory, l.vatRate)]),
    )) console.log(line);
    console.log('');
    for (const line of table(
      [{ header: 'VAT GROUP' }, { header: 'TAXABLE', right: true }, { header: 'VAT', right: true }, { header: 'NATIONAL', right: true, optional: true }, { header: 'MENTION', optional: true }],
      invoice.vat.map((g) => [vatLabel(g.category, g.rate), g.taxable, g.amount, g.national ? `${g.national.amount} ${g.national.currency}` : '', g.mention ?? '']),
    )) console.log(line);
  }
  console.log(`\ntotal: net ${money(invoice.totalNet)}, VAT ${money(invoice.totalVat)}, total ${money(invoice.total)} ${currency}`.trimEnd());
  for (const rate of invoice.fxRates) console.log(`rate ${rate.base}/${rate.quote} ${rate.rate} of ${rate.date}`);
  for (const mention of invoice.mentions) console.log(mention);
  for (const note of creditNotes) console.log(`credit note ${note.number} of ${note.issueDate}: net ${note.totalNet}, VAT ${note.totalVat}, gross ${note.total} ${note.currency} (${note.reason})`);
  if (invoice.number) console.log(`\ncredit a line: billstream credit-note ${invoice.number} --reason TEXT --line LINE[=NET]`);
}

export async function creditNoteCommand(
  billstream: Billstream,
  args: string[],
  options: { reason?: string; line?: string[]; json: boolean; issueDate?: string },
  usageError: (message: string) => Error,
): Promise<number> {
  const [invoice] = args;
  const form = 'credit-note NUMBER --reason TEXT [--line N[=NET] ...]';
  if (!invoice) throw usageError(`credit-note needs the invoice's number: ${form}`);
  if (options.reason === undefined || !options.reason.trim()) throw usageError(`credit-note needs --reason TEXT, why the invoice is credited (printed on the credit note); ${form}`);
  const lines = options.line?.map((spec) => {
    const m = /^(\d+)(?:=(.+))?$/.exec(spec);
    if (!m) throw usageError(`--line ${spec}: expected a line number as \`invoice show\` prints it, optionally with the net amount to credit (2 or 2=10.00)`);
    return { line: Number(m[1]), ...(m[2] !== undefined ? { amount: m[2] } : {}) };
  });
  await billstream.catchUp();
  const note = creditNoteView(await creditInvoice(billstream, { invoice, ...(lines ? { lines } : {}), reason: options.reason, issueDate: options.issueDate ?? operatorToday(billstream.clock) }, cliContext(uuidv7(billstream.clock))));
  if (options.json) {
    console.log(JSON.stringify(note));
    return 0;
  }
  printCreditNote(note);
  return 0;
}

function printCreditNote(note: CreditNoteView): void {
  console.log(`credit note ${note.number} of invoice ${note.invoiceNumber}, issued ${note.issueDate}, in ${note.currency}: ${note.reason}`);
  const rows = table(
    [{ header: 'LINE' }, { header: 'DESCRIPTION' }, { header: 'NET', right: true }, { header: 'RATE' }, { header: 'VAT', right: true }, { header: 'GROSS', right: true }],
    [
      ...note.lines.map((l) => [String(l.invoiceLine), l.description, l.net, vatLabel(l.vatCategory, l.vatRate), l.vat, l.gross]),
      ['total', '', note.totalNet, '', note.totalVat, note.total],
    ],
  );
  rows[rows.length - 1] = `${rows.at(-1)!} ${note.currency}`;
  for (const line of rows) console.log(line);
  console.log('NET is before VAT (what --line N=NET credits); VAT is the line\'s share of its group\'s VAT; GROSS is both.');
}

export async function creditNotesCommand(billstream: Billstream, options: { invoice?: string; client?: string; json: boolean }): Promise<number> {
  await billstream.catchUp();
  const filter: Filter = {};
  if (options.invoice) filter.invoiceId = (await invoiceHeader(billstream, options.invoice)).id;
  if (options.client) filter.clientId = options.client;
  const notes = (await findAll<CreditNote>(billstream.readStore, CREDIT_NOTES, filter)).sort((a, b) => a.number.localeCompare(b.number)).map(creditNoteView);
  if (options.json) {
    console.log(JSON.stringify(notes));
    return 0;
  }
  if (notes.length) {
    for (const line of table(
      [{ header: 'NUMBER' }, { header: 'INVOICE' }, { header: 'CLIENT' }, { header: 'ISSUED' }, { header: 'NET', right: true }, { header: 'VAT', right: true }, { header: 'GROSS', right: true }, { header: 'CURRENCY' }, { header: 'REASON' }],
      notes.map((n) => [n.number, n.invoiceNumber, n.clientId, n.issueDate, n.totalNet, n.totalVat, n.total, n.currency, n.reason]),
    )) console.log(line);
  }
  console.log(count(notes.length, 'credit note'));
  return 0;
}

/** The states of a run, as openapi.yaml's BillRunStatus lists them. */
const RUN_STATUSES = ['started', 'drafted', 'approved', 'completed', 'failed', 'voided', 'superseded'];

export async function billRunsCommand(billstream: Billstream, options: { status?: string; json: boolean }, usageError: (message: string) => Error): Promise<number> {
  if (options.status !== undefined && !RUN_STATUSES.includes(options.status)) throw usageError(`--status ${options.status}: not a bill run status; one of ${RUN_STATUSES.join(', ')}`);
  await billstream.catchUp();
  const runs = (await findAll<BillRunDocument>(billstream.readStore, BILL_RUNS, options.status ? { status: options.status } : {}))
    .sort((a, b) => a.asOf.localeCompare(b.asOf) || a.startedAt.localeCompare(b.startedAt));
  if (options.json) {
    console.log(JSON.stringify(runs.map(billRunView)));
    return 0;
  }
  if (runs.length) {
    for (const line of table(
      [{ header: 'RUN' }, { header: 'AS OF' }, { header: 'STATUS' }, { header: 'STARTED' }, { header: 'INVOICES', right: true }, { header: 'HELD', right: true }, { header: 'ISSUED', right: true }],
      runs.map((r) => [r.id, r.asOf, r.status, `${r.startedAt.slice(0, 16)}Z`, String(r.report?.invoices ?? '-'), String(r.report?.held ?? '-'), String(r.result?.issued ?? '-')]),
    )) console.log(line);
  }
  console.log(count(runs.length, 'bill run'));
  return 0;
}

/** A line's period as `invoice show` prints it: late usage names the cycle its records belong to (RULES.md 6). */
function linePeriod(line: { period: { start: string; end: string }; originalPeriod?: { start: string; end: string } }): string {
  const period = line.originalPeriod ?? line.period;
  return `${period.start}..${period.end}${line.originalPeriod ? ' (late)' : ''}`;
}
