/**
 * The dashboard's figures (GET /dashboard, issue 16), kept as small sums so that the answer reads
 * a few dozen documents whatever the number of invoices or usage records: never a scan.
 *
 * `dashboard` (invoices, credit notes, receivables, bill runs):
 * - revenue per issue month, legal entity and currency: the net, VAT and gross of the invoices
 *   issued in the month, less those of the credit notes issued in it (a credit note counts in its
 *   own month, as the journal books it), and how many invoices were issued;
 * - what is open on issued invoices per currency and due date, and per currency in all: "overdue"
 *   depends on the day it is read, so it is never stored (a rebuild on another day must give the
 *   same documents); the reader subtracts what falls due today or later from the total;
 * - each bill run's line: its status and its invoices and held ones, in the order runs started.
 *   The bill-runs view's documents hold the whole control report (600 KB with 100,000 invoices):
 *   reading five of them cost 30 ms a request, the rest of the dashboard 0.5 ms.
 * Issuing does not repeat an invoice's totals, and an allocation names only the invoice: each
 * invoice's totals and movements are kept here from its draft on (`dashboard_invoices`), the open
 * amount computed from them by the receivables' own rule (`amountOpen`).
 *
 * `dashboard-usage` (usage records per day and type, unresolved records per reason) is a member
 * of the usage-views group, placed before the unresolved-usage view: a re-rating takes the record
 * off its previous reason, which that view still holds when this member sees the event.
 */
import { Decimal } from 'decimal.js';
import type { RecordedEvent } from '../src/eventstore/port.ts';
import type { Document, UnitOfWork } from '../src/readstore/port.ts';
import type { Projection } from '../src/processing/projection.ts';
import { idOf } from '../src/core/streams.ts';
import { formatMoney } from '../src/core/money.ts';
import {
  BILL_RUN_APPROVED, BILL_RUN_COMPLETED, BILL_RUN_DRAFTED, BILL_RUN_FAILED, BILL_RUN_STARTED, BILL_RUN_SUPERSEDED, BILL_RUN_VOIDED,
  CREDIT_NOTE_ISSUED, INVOICE_CREDITED, INVOICE_DRAFT_VOIDED, INVOICE_DRAFTED, INVOICE_ISSUED,
  type BillRunCompletedData, type BillRunDraftedData, type BillRunStartedData, type InvoiceDraftedData, type InvoiceIssuedData,
} from '../src/domain/bill-run/events.ts';
import type { BillRunDocument } from './bill-runs.projection.ts';
import type { CreditNote, InvoiceCreditedData } from '../src/domain/invoice/credit-note.ts';
import { INVOICE_WRITTEN_OFF, PAYMENT_ALLOCATED, type InvoiceWrittenOffData, type PaymentAllocatedData } from '../src/domain/receivables/events.ts';
import { amountOpen, creditNoteReduction, type Receivable, type ReceivableMovement } from '../src/domain/receivables/receivable.ts';
import { isFirstRating, USAGE_RATED, USAGE_UNRESOLVED, type UsageRatedData, type UsageUnresolvedData } from '../src/domain/usage/events.ts';
import { UNRESOLVED_USAGE } from './unresolved-usage.projection.ts';

export const DASHBOARD_REVENUE = 'dashboard_revenue';
export const DASHBOARD_RECEIVABLES = 'dashboard_receivables';
export const DASHBOARD_OPEN = 'dashboard_open';
export const DASHBOARD_INVOICES = 'dashboard_invoices';
export const DASHBOARD_BILL_RUNS = 'dashboard_bill_runs';
export const DASHBOARD_USAGE_DAYS = 'dashboard_usage_days';
export const DASHBOARD_UNRESOLVED = 'dashboard_unresolved';

/** Issued invoices less credit notes of one issue month, legal entity and currency. */
export interface RevenueDocument {
  [key: string]: unknown;
  /** `month|legalEntityId|currency` */
  id: string;
  /** YYYY-MM */
  month: string;
  legalEntityId: string;
  currency: string;
  net: string;
  vat: string;
  gross: string;
  /** Invoices issued in the month (credit notes do not change it). */
  invoices: number;
}

/** What is open on issued invoices in one currency (`dashboard_open`, id the currency) or falling due on one date (`dashboard_receivables`). */
export interface OpenDocument {
  [key: string]: unknown;
  /** `currency` or `currency|dueDate` */
  id: string;
  currency: string;
  /** Null on the currency's total. */
  dueDate: string | null;
  open: string;
  /** Issued invoices with something open. */
  invoices: number;
}

/** An invoice as the sums need it: its totals from the draft, and once issued its dates and what reduced it. */
export interface DashboardInvoiceDocument extends Receivable {
  [key: string]: unknown;
  id: string;
  net: string | null;
  vat: string | null;
}

/** A bill run as the dashboard lists it. */
export interface BillRunLineDocument {
  [key: string]: unknown;
  id: string;
  /** `startedAt|runId`: sorted descending, the last runs first. */
  order: string;
  asOf: string;
  status: BillRunDocument['status'];
  /** Completed: the invoices issued; before that, those its control report drafted; 0 while drafting. */
  invoices: number;
  /** Completed: the invoices left unissued; before that, those its control report holds. */
  held: number;
  startedAt: string;
}

/** Usage records of one day (the UTC date of their start) and type, counted at their first rating or unresolved result. */
export interface UsageDayCountDocument {
  [key: string]: unknown;
  /** `date|type` */
  id: string;
  date: string;
  type: string;
  records: number;
}

/** Usage records unresolved now, for one reason. */
export interface UnresolvedCountDocument {
  [key: string]: unknown;
  id: string;
  reason: string;
  count: number;
}

/**
 * The documents one page of events reads and writes, each read from the unit of work at most
 * once and written once at the end with its last value (deleted when null).
 */
class Batch {
  private readonly cache = new Map<string, { collection: string; id: string; doc: Document | null }>();
  private readonly written = new Set<string>();

  constructor(private readonly uow: UnitOfWork) {}

  async get<D extends Document>(collection: string, id: string): Promise<D | null> {
    const key = `${collection}\u0000${id}`;
    let entry = this.cache.get(key);
    if (!entry) this.cache.set(key, (entry = { collection, id, doc: await this.uow.get(collection, id) }));
    return entry.doc as D | null;
  }

  set(collection: string, id: string, doc: Document | null): void {
    const key = `${collection}\u0000${id}`;
    this.cache.set(key, { collection, id, doc });
    this.written.add(key);
  }

  flush(): void {
    for (const key of this.written) {
      const { collection, id, doc } = this.cache.get(key)!;
      if (doc === null) this.uow.delete(collection, id);
      else this.uow.put(collection, id, doc);
    }
  }
}

function openOf(invoice: DashboardInvoiceDocument | null): Decimal {
  return invoice && invoice.issueDate !== null && invoice.currency !== null ? amountOpen(invoice) : new Decimal(0);
}

/** Moves an invoice's open amount in its currency's total and its due date's sum from what it was to what it is. */
async function shiftOpen(batch: Batch, before: DashboardInvoiceDocument | null, after: DashboardInvoiceDocument): Promise<void> {
  if (after.currency === null || after.dueDate === null || after.issueDate === null) return;
  const was = openOf(before);
  const is = openOf(after);
  const change = is.minus(was);
  const countChange = (is.isZero() ? 0 : 1) - (was.isZero() ? 0 : 1);
  if (change.isZero() && countChange === 0) return;
  const currency = after.currency;
  for (const [collection, id, dueDate] of [[DASHBOARD_OPEN, currency, null], [DASHBOARD_RECEIVABLES, `${currency}|${after.dueDate}`, after.dueDate]] as const) {
    const current = await batch.get<OpenDocument>(collection, id);
    const open = new Decimal(current?.open ?? 0).plus(change);
    const invoices = (current?.invoices ?? 0) + countChange;
    // A due date with nothing open left is dropped: the reader's range stays as small as what is open.
    batch.set(collection, id, open.isZero() && invoices === 0 ? null : { id, currency, dueDate, open: formatMoney(open, currency), invoices } satisfies OpenDocument);
  }
}

async function addRevenue(batch: Batch, issueDate: string, legalEntityId: string, currency: string, net: Decimal, vat: Decimal, gross: Decimal, invoices: number): Promise<void> {
  const month = issueDate.slice(0, 7);
  const id = `${month}|${legalEntityId}|${currency}`;
  const current = await batch.get<RevenueDocument>(DASHBOARD_REVENUE, id);
  batch.set(DASHBOARD_REVENUE, id, {
    id, month, legalEntityId, currency,
    net: formatMoney(new Decimal(current?.net ?? 0).plus(net), currency),
    vat: formatMoney(new Decimal(current?.vat ?? 0).plus(vat), currency),
    gross: formatMoney(new Decimal(current?.gross ?? 0).plus(gross), currency),
    invoices: (current?.invoices ?? 0) + invoices,
  } satisfies RevenueDocument);
}

async function withMovement(batch: Batch, invoiceId: string, movement: ReceivableMovement): Promise<void> {
  const invoice = await batch.get<DashboardInvoiceDocument>(DASHBOARD_INVOICES, invoiceId);
  if (!invoice) return;
  const next: DashboardInvoiceDocument = { ...invoice, movements: [...invoice.movements, movement] };
  batch.set(DASHBOARD_INVOICES, invoiceId, next);
  await shiftOpen(batch, invoice, next);
}

async function applyEvent(batch: Batch, event: RecordedEvent): Promise<void> {
  switch (event.type) {
    case INVOICE_DRAFTED: {
      const data = event.data as InvoiceDraftedData;
      const invoice = data.invoice;
      batch.set(DASHBOARD_INVOICES, data.invoiceId, {
        id: data.invoiceId, invoiceId: data.invoiceId, clientId: data.clientId, legalEntityId: data.legalEntityId, number: null,
        currency: invoice?.currency ?? null, net: invoice?.totalNet ?? null, vat: invoice?.totalVat ?? null, total: invoice?.total ?? null,
        issueDate: null, dueDate: null, movements: [],
      } satisfies DashboardInvoiceDocument);
      return;
    }
    case INVOICE_DRAFT_VOIDED:
      batch.set(DASHBOARD_INVOICES, idOf(event.streamId), null);
      return;
    case INVOICE_ISSUED: {
      const data = event.data as InvoiceIssuedData;
      const draft = await batch.get<DashboardInvoiceDocument>(DASHBOARD_INVOICES, data.invoiceId);
      // Issued without a price cannot happen (a blocking flag keeps it from issue); nothing to add then.
      if (!draft || draft.currency === null || draft.total === null) return;
      const issued: DashboardInvoiceDocument = { ...draft, number: data.number, issueDate: data.issueDate, dueDate: data.dueDate };
      batch.set(DASHBOARD_INVOICES, data.invoiceId, issued);
      await addRevenue(batch, data.issueDate, draft.legalEntityId ?? '', draft.currency, new Decimal(draft.net ?? 0), new Decimal(draft.vat ?? 0), new Decimal(draft.total), 1);
      await shiftOpen(batch, draft, issued);
      return;
    }
    case CREDIT_NOTE_ISSUED: {
      const note = event.data as CreditNote;
      // A credit note's totals are negative; taken off whatever their sign, as the receivables do.
      const less = (amount: string) => new Decimal(amount).abs().negated();
      await addRevenue(batch, note.issueDate, note.legalEntityId, note.currency, less(note.totalNet), less(note.totalVat), less(note.total), 0);
      return;
    }
    case INVOICE_CREDITED: {
      const data = event.data as InvoiceCreditedData;
      await withMovement(batch, data.invoiceId, { kind: 'credit-note', id: data.creditNoteId, date: data.issueDate, amount: creditNoteReduction(data.total) });
      return;
    }
    case PAYMENT_ALLOCATED: {
      const data = event.data as PaymentAllocatedData;
      await withMovement(batch, data.invoiceId, { kind: 'payment', id: data.allocationId, date: data.date, amount: data.invoiceAmount, paymentId: data.paymentId });
      return;
    }
    case INVOICE_WRITTEN_OFF: {
      const data = event.data as InvoiceWrittenOffData;
      await withMovement(batch, data.invoiceId, { kind: 'write-off', id: data.writeOffId, date: data.date, amount: data.amount });
      return;
    }
    case BILL_RUN_STARTED: {
      const runId = idOf(event.streamId);
      const startedAt = event.metadata.recordedAt;
      batch.set(DASHBOARD_BILL_RUNS, runId, {
        id: runId, order: `${startedAt}|${runId}`, asOf: (event.data as BillRunStartedData).asOf, status: 'started', invoices: 0, held: 0, startedAt,
      } satisfies BillRunLineDocument);
      return;
    }
    case BILL_RUN_DRAFTED:
    case BILL_RUN_APPROVED:
    case BILL_RUN_COMPLETED:
    case BILL_RUN_FAILED:
    case BILL_RUN_VOIDED:
    case BILL_RUN_SUPERSEDED: {
      const runId = idOf(event.streamId);
      const run = await batch.get<BillRunLineDocument>(DASHBOARD_BILL_RUNS, runId);
      if (run) batch.set(DASHBOARD_BILL_RUNS, runId, runLineAfter(run, event));
      return;
    }
    default:
  }
}

/** The statuses as the bill-runs view gives them (projections/bill-runs.projection.ts). */
function runLineAfter(run: BillRunLineDocument, event: RecordedEvent): BillRunLineDocument {
  switch (event.type) {
    case BILL_RUN_DRAFTED: {
      const { report } = event.data as BillRunDraftedData;
      return { ...run, status: 'drafted', invoices: report.invoices, held: report.held };
    }
    case BILL_RUN_APPROVED:
      return { ...run, status: 'approved' };
    case BILL_RUN_COMPLETED: {
      const { issued, held } = event.data as BillRunCompletedData;
      return { ...run, status: 'completed', invoices: issued, held };
    }
    case BILL_RUN_FAILED:
      return { ...run, status: 'failed' };
    case BILL_RUN_VOIDED:
      return { ...run, status: 'voided' };
    default:
      return { ...run, status: 'superseded' };
  }
}

export const dashboardProjection: Projection = {
  name: 'dashboard',
  // 2: each bill run's line kept here (the bill-runs view's documents are too large to read per request).
  // 3: a credit note's movement is signed (creditNoteReduction), and a negative invoice is open for its credit.
  version: 3,
  collections: [
    { name: DASHBOARD_REVENUE, indexes: ['month'] },
    { name: DASHBOARD_RECEIVABLES, indexes: ['dueDate'] },
    { name: DASHBOARD_OPEN, indexes: [] },
    { name: DASHBOARD_INVOICES, indexes: [] },
    { name: DASHBOARD_BILL_RUNS, indexes: ['order'] },
  ],
  handles: [
    INVOICE_DRAFTED, INVOICE_DRAFT_VOIDED, INVOICE_ISSUED, CREDIT_NOTE_ISSUED, INVOICE_CREDITED, PAYMENT_ALLOCATED, INVOICE_WRITTEN_OFF,
    BILL_RUN_STARTED, BILL_RUN_DRAFTED, BILL_RUN_APPROVED, BILL_RUN_COMPLETED, BILL_RUN_FAILED, BILL_RUN_VOIDED, BILL_RUN_SUPERSEDED,
  ],
  async apply(event: RecordedEvent, uow: UnitOfWork) {
    const batch = new Batch(uow);
    await applyEvent(batch, event);
    batch.flush();
  },
  /** A page of events: each sum read once and written once, however many invoices of the page it adds up (a run issues thousands a page). */
  async applyBatch(events: RecordedEvent[], uow: UnitOfWork) {
    const batch = new Batch(uow);
    for (const event of events) await applyEvent(batch, event);
    batch.flush();
  },
};

async function addRecords(uow: UnitOfWork, date: string, type: string): Promise<void> {
  const id = `${date}|${type}`;
  const current = (await uow.get(DASHBOARD_USAGE_DAYS, id)) as UsageDayCountDocument | null;
  uow.put(DASHBOARD_USAGE_DAYS, id, { id, date, type, records: (current?.records ?? 0) + 1 } satisfies UsageDayCountDocument);
}

async function addUnresolved(uow: UnitOfWork, reason: string, change: 1 | -1): Promise<void> {
  const current = (await uow.get(DASHBOARD_UNRESOLVED, reason)) as UnresolvedCountDocument | null;
  const count = (current?.count ?? 0) + change;
  if (count === 0) uow.delete(DASHBOARD_UNRESOLVED, reason);
  else uow.put(DASHBOARD_UNRESOLVED, reason, { id: reason, reason, count } satisfies UnresolvedCountDocument);
}

export const dashboardUsageProjection: Projection = {
  name: 'dashboard-usage',
  version: 1,
  collections: [{ name: DASHBOARD_USAGE_DAYS, indexes: ['date'] }, { name: DASHBOARD_UNRESOLVED, indexes: [] }],
  handles: [USAGE_RATED, USAGE_UNRESOLVED],
  async apply(event: RecordedEvent, uow: UnitOfWork) {
    const data = event.data as Pick<UsageRatedData | UsageUnresolvedData, 'type' | 'startTime'> & Partial<Pick<UsageUnresolvedData, 'reason'>>;
    // A record has one first result (rated or unresolved): counted there, once, whatever re-ratings follow.
    if (event.revision === 1 || isFirstRating(event)) {
      await addRecords(uow, data.startTime.slice(0, 10), data.type);
      if (event.type === USAGE_UNRESOLVED) await addUnresolved(uow, data.reason!, 1);
      return;
    }
    // A re-rating: the unresolved-usage view (after this member in the group) still lists the record as it was.
    const previous = (await uow.get(UNRESOLVED_USAGE, idOf(event.streamId))) as { reason: string } | null;
    if (previous) await addUnresolved(uow, previous.reason, -1);
    if (event.type === USAGE_UNRESOLVED) await addUnresolved(uow, data.reason!, 1);
  },
};
