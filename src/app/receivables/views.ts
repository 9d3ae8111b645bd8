/**
 * Receivables as users see them (REST and `--json` alike): payments, a client's balance and open
 * items per currency, the aging report and a client's statement for a period. Everything that
 * depends on the day (overdue, aging) is computed here against a date the caller gives.
 */
import { Decimal } from 'decimal.js';
import { formatMoney } from '../../core/money.ts';
import { NotFoundError } from '../../core/errors.ts';
import { findAll, forEachDocument, type ReadStore } from '../../readstore/port.ts';
import { AgingSums, ageReceivable, amountDue, amountOpen, paymentStatus, type AgingRow, type PaymentStatus } from '../../domain/receivables/receivable.ts';
import { PAYMENTS, type PaymentDocument } from '../../../projections/payments.projection.ts';
import { RECEIVABLES, type ReceivableDocument } from '../../../projections/receivables.projection.ts';
import { CLIENTS } from '../../../projections/clients.projection.ts';
import { CREDIT_NOTES } from '../../../projections/credit-notes.projection.ts';

export function paymentView(doc: PaymentDocument) {
  const { id: _id, recordedAt: _recordedAt, unallocated: _unallocated, ...view } = doc;
  return view;
}

/** An invoice's payment status and amount due; null for what is not issued (a draft owes nothing yet). */
export function invoicePaymentOf(receivable: ReceivableDocument | null, today: string): { paymentStatus: PaymentStatus; amountDue: string } | null {
  if (!receivable || receivable.status !== 'issued' || receivable.currency === null) return null;
  return { paymentStatus: paymentStatus(receivable, today), amountDue: amountDue(receivable) };
}

/** The receivables of invoices by id, one query per 500. */
export async function receivablesOf(readStore: ReadStore, invoiceIds: string[]): Promise<Map<string, ReceivableDocument>> {
  const found = new Map<string, ReceivableDocument>();
  for (let i = 0; i < invoiceIds.length; i += 500) {
    const page = await readStore.find(RECEIVABLES, { id: { $in: invoiceIds.slice(i, i + 500) } }, { limit: 1000 });
    for (const doc of page.items as ReceivableDocument[]) found.set(doc.id, doc);
  }
  return found;
}

export interface OpenItem {
  invoiceId: string;
  number: string;
  issueDate: string;
  dueDate: string;
  total: string;
  amountDue: string;
  paymentStatus: PaymentStatus;
}

export interface CurrencyBalance {
  currency: string;
  /** Due on the open invoices. */
  receivable: string;
  /** Payments not allocated to any invoice (yet). */
  unallocatedCredit: string;
  /** receivable - unallocatedCredit: what the client owes (negative: what billstream owes the client). */
  balance: string;
  openItems: OpenItem[];
}

/** A client's balance or statement is asked for by its id: one that names no client is a 404, not an empty account. */
async function requireClient(readStore: ReadStore, clientId: string): Promise<void> {
  if (!(await readStore.get(CLIENTS, clientId))) throw new NotFoundError(`client ${clientId} does not exist`);
}

export async function clientBalance(readStore: ReadStore, clientId: string, today: string): Promise<{ clientId: string; asOf: string; currencies: CurrencyBalance[] }> {
  await requireClient(readStore, clientId);
  const open = await findAll<ReceivableDocument>(readStore, RECEIVABLES, { clientId, open: true });
  const credit = await findAll<PaymentDocument>(readStore, PAYMENTS, { clientId, unallocated: true });
  const byCurrency = new Map<string, { receivable: Decimal; credit: Decimal; items: OpenItem[] }>();
  const row = (currency: string) => {
    let r = byCurrency.get(currency);
    if (!r) byCurrency.set(currency, (r = { receivable: new Decimal(0), credit: new Decimal(0), items: [] }));
    return r;
  };
  open.sort((a, b) => (a.dueDate! < b.dueDate! ? -1 : a.dueDate! > b.dueDate! ? 1 : a.number! < b.number! ? -1 : 1));
  for (const r of open) {
    const due = amountOpen(r);
    const target = row(r.currency!);
    target.receivable = target.receivable.plus(due);
    target.items.push({ invoiceId: r.invoiceId, number: r.number!, issueDate: r.issueDate!, dueDate: r.dueDate!, total: r.total!, amountDue: formatMoney(due, r.currency!), paymentStatus: paymentStatus(r, today) });
  }
  for (const p of credit) {
    const target = row(p.currency);
    target.credit = target.credit.plus(p.remaining);
  }
  const currencies = [...byCurrency.keys()].sort().map((currency) => {
    const r = byCurrency.get(currency)!;
    return {
      currency, receivable: formatMoney(r.receivable, currency), unallocatedCredit: formatMoney(r.credit, currency),
      balance: formatMoney(r.receivable.minus(r.credit), currency), openItems: r.items,
    };
  });
  return { clientId, asOf: today, currencies };
}

export interface AgingReport {
  asOf: string;
  clients: ({ clientId: string } & AgingRow)[];
  totals: AgingRow[];
}

/**
 * What was open on each issued invoice as of `asOf` (credit notes, allocations and write-offs
 * dated after it do not count), per client and currency, in buckets of days past the due date.
 * Unallocated credit is not in the buckets: it belongs to no due date (the balance shows it).
 * `clientIds` limits the report to those clients (a partner's or a client's key).
 */
export async function agingReport(readStore: ReadStore, asOf: string, clientIds: Set<string> | null = null): Promise<AgingReport> {
  const perClient = new Map<string, AgingSums>();
  const totals = new AgingSums();
  await forEachDocument<ReceivableDocument>(readStore, RECEIVABLES, { status: 'issued', issueDate: { $lte: asOf } }, (r) => {
    if (clientIds && !clientIds.has(r.clientId)) return;
    let sums = perClient.get(r.clientId);
    if (!sums) perClient.set(r.clientId, (sums = new AgingSums()));
    ageReceivable(r, asOf, [sums, totals]);
  });
  const clients = [...perClient.keys()].sort().flatMap((clientId) => perClient.get(clientId)!.rows().map((row) => ({ clientId, ...row })));
  return { asOf, clients, totals: totals.rows() };
}

export interface StatementLine {
  date: string;
  kind: 'invoice' | 'credit-note' | 'payment' | 'allocation' | 'refund' | 'write-off';
  /** The invoice's or credit note's number, the payment's id. */
  reference: string;
  description: string;
  currency: string;
  /** Increases what the client owes. */
  debit: string;
  /** Decreases it. */
  credit: string;
  /** Running balance in the currency after this line. */
  balance: string;
}

export interface Statement {
  clientId: string;
  from: string;
  to: string;
  currencies: { currency: string; opening: string; debits: string; credits: string; closing: string }[];
  lines: StatementLine[];
}

/**
 * What a statement line says, as data, so that each reader gets it in its own words: the JSON and
 * CSV statement in English (`describeInEnglish`, API text like a problem's detail), the .docx in
 * the client's language from statement.ftl (statement-docx.ts).
 */
export type StatementDetail =
  | { text: 'invoice'; number: string; dueDate: string }
  | { text: 'credit-note'; number: string }
  | { text: 'write-off'; number: string }
  /** Part of a write-off taken back by a credit note (the amount owed more, by a write-off less). */
  | { text: 'write-off-reduced'; number: string }
  | { text: 'payment'; reference: string | null }
  | { text: 'refund'; reference: string | null }
  /** An allocation across currencies, in the payment's currency: `amount` of it applied to `invoice`. */
  | { text: 'applied'; amount: string; currency: string; invoice: string }
  /** The same allocation in the invoice's currency: `invoice` paid by `payment` (`amount` in the payment's `currency`). */
  | { text: 'settled'; invoice: string; payment: string; amount: string; currency: string };

export type DescribeLine = (detail: StatementDetail) => string;

/** The `description` of the JSON and CSV statement. */
export const describeInEnglish: DescribeLine = (detail) => {
  switch (detail.text) {
    case 'invoice': return `invoice ${detail.number}, due ${detail.dueDate}`;
    case 'credit-note': return `credit note on ${detail.number}`;
    case 'write-off': return `written off on ${detail.number}`;
    case 'write-off-reduced': return `write-off on ${detail.number} reduced by a credit note`;
    case 'payment': return detail.reference ? `payment ${detail.reference}` : 'payment';
    case 'refund': return detail.reference ? `refund ${detail.reference}` : 'refund';
    case 'applied': return `${detail.amount} ${detail.currency} applied to ${detail.invoice}`;
    case 'settled': return `paid by ${detail.payment} (${detail.amount} ${detail.currency})`;
    default: {
      const unknown: never = detail;
      throw new Error(`unknown statement line ${JSON.stringify(unknown)}`);
    }
  }
};

interface Movement {
  date: string;
  order: number;
  kind: StatementLine['kind'];
  reference: string;
  detail: StatementDetail;
  currency: string;
  /** Positive: owed more. */
  amount: Decimal;
}

/**
 * A client's account for `[from, to]`, per currency: the balance brought forward, each invoice,
 * credit note, payment, refund and write-off, and the balance carried forward. A payment settling
 * an invoice in another currency adds one line in each currency (the payment's credit leaves its
 * currency's balance, the invoice's amount settles its own), so every currency's closing balance
 * is its open invoices less its unallocated credit. Each line's description is `describe`'s
 * (English unless the caller writes for a reader of another language); a client that does not
 * exist is a NotFoundError.
 */
export async function clientStatement(readStore: ReadStore, clientId: string, from: string, to: string, describe: DescribeLine = describeInEnglish): Promise<Statement> {
  await requireClient(readStore, clientId);
  const receivables = await findAll<ReceivableDocument>(readStore, RECEIVABLES, { clientId, status: 'issued' });
  const payments = await findAll<PaymentDocument>(readStore, PAYMENTS, { clientId });
  const numbers = new Map(receivables.map((r) => [r.invoiceId, r.number!]));
  // A credit note's line carries its own number (the document a reader looks up), its description the invoice's.
  const creditNoteNumbers = new Map((await findAll<{ id: string; number: string }>(readStore, CREDIT_NOTES, { clientId })).map((note) => [note.id, note.number]));
  const movements: Movement[] = [];
  for (const r of receivables) {
    movements.push({ date: r.issueDate!, order: 0, kind: 'invoice', reference: r.number!, detail: { text: 'invoice', number: r.number!, dueDate: r.dueDate! }, currency: r.currency!, amount: new Decimal(r.total!) });
    for (const m of r.movements) {
      if (m.kind === 'credit-note') movements.push({ date: m.date, order: 1, kind: 'credit-note', reference: creditNoteNumbers.get(m.id) ?? r.number!, detail: { text: 'credit-note', number: r.number! }, currency: r.currency!, amount: new Decimal(m.amount).negated() });
      if (m.kind === 'write-off') movements.push({ date: m.date, order: 4, kind: 'write-off', reference: r.number!, detail: { text: new Decimal(m.amount).isNegative() ? 'write-off-reduced' : 'write-off', number: r.number! }, currency: r.currency!, amount: new Decimal(m.amount).negated() });
    }
  }
  for (const p of payments) {
    movements.push({ date: p.date, order: 2, kind: 'payment', reference: p.paymentId, detail: { text: 'payment', reference: p.reference }, currency: p.currency, amount: new Decimal(p.amount).negated() });
    for (const a of p.allocations) {
      if (a.invoiceCurrency === p.currency) continue;
      // Across currencies: the payment's amount comes back into its currency and settles the invoice in the invoice's.
      const invoice = numbers.get(a.invoiceId) ?? a.invoiceNumber;
      movements.push({ date: a.date, order: 3, kind: 'allocation', reference: p.paymentId, detail: { text: 'applied', amount: a.amount, currency: p.currency, invoice }, currency: p.currency, amount: new Decimal(a.amount) });
      movements.push({ date: a.date, order: 3, kind: 'allocation', reference: invoice, detail: { text: 'settled', invoice, payment: p.paymentId, amount: a.amount, currency: p.currency }, currency: a.invoiceCurrency, amount: new Decimal(a.invoiceAmount).negated() });
    }
    for (const r of p.refunds) movements.push({ date: r.date, order: 5, kind: 'refund', reference: p.paymentId, detail: { text: 'refund', reference: r.reference }, currency: p.currency, amount: new Decimal(r.amount) });
  }
  movements.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.order - b.order || (a.reference < b.reference ? -1 : a.reference > b.reference ? 1 : 0)));

  const totals = new Map<string, { opening: Decimal; debits: Decimal; credits: Decimal }>();
  const total = (currency: string) => {
    let t = totals.get(currency);
    if (!t) totals.set(currency, (t = { opening: new Decimal(0), debits: new Decimal(0), credits: new Decimal(0) }));
    return t;
  };
  const lines: StatementLine[] = [];
  for (const m of movements) {
    if (m.date > to) continue;
    const t = total(m.currency);
    if (m.date < from) {
      t.opening = t.opening.plus(m.amount);
      continue;
    }
    if (m.amount.isNegative()) t.credits = t.credits.plus(m.amount.negated());
    else t.debits = t.debits.plus(m.amount);
    const balance = t.opening.plus(t.debits).minus(t.credits);
    lines.push({
      date: m.date, kind: m.kind, reference: m.reference, description: describe(m.detail), currency: m.currency,
      debit: formatMoney(m.amount.isNegative() ? new Decimal(0) : m.amount, m.currency), credit: formatMoney(m.amount.isNegative() ? m.amount.negated() : new Decimal(0), m.currency),
      balance: formatMoney(balance, m.currency),
    });
  }
  const currencies = [...totals.keys()].sort().map((currency) => {
    const t = totals.get(currency)!;
    return {
      currency, opening: formatMoney(t.opening, currency), debits: formatMoney(t.debits, currency), credits: formatMoney(t.credits, currency),
      closing: formatMoney(t.opening.plus(t.debits).minus(t.credits), currency),
    };
  });
  return { clientId, from, to, currencies, lines };
}

const CSV_COLUMNS = ['date', 'kind', 'reference', 'description', 'currency', 'debit', 'credit', 'balance'] as const;

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The statement's lines as CSV, with the opening and closing balances per currency as lines of their own. */
export function statementCsv(statement: Statement): string {
  const rows: string[][] = [[...CSV_COLUMNS]];
  for (const c of statement.currencies) rows.push([statement.from, 'opening', '', 'balance brought forward', c.currency, '', '', c.opening]);
  for (const l of statement.lines) rows.push(CSV_COLUMNS.map((column) => l[column]));
  for (const c of statement.currencies) rows.push([statement.to, 'closing', '', 'balance carried forward', c.currency, c.debits, c.credits, c.closing]);
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}
