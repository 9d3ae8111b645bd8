/** The invoice and bill run as users see them (REST and `--json` alike): one shape, one place. */
import { findAll, type Filter, type ReadStore } from '../../readstore/port.ts';
import { INVOICE_BODIES, INVOICES, invoiceViewOf, type InvoiceView, type InvoiceBody, type InvoiceBodyFields, type InvoiceDocument } from '../../../projections/invoices.projection.ts';
import { type BillRunDocument } from '../../../projections/bill-runs.projection.ts';
import { invoicePaymentOf, receivablesOf } from '../receivables/views.ts';
import type { PaymentStatus } from '../../domain/receivables/receivable.ts';

export type FullInvoice = InvoiceDocument & InvoiceBodyFields;

const EMPTY_BODY: InvoiceBodyFields = { lines: [], vat: [], fxRates: [], mentions: [] };

/** The bodies (lines, VAT, rates) of invoice headers, by invoice id: one query per 500 headers. */
async function bodiesOf(readStore: ReadStore, headers: InvoiceDocument[]): Promise<Map<string, InvoiceBody>> {
  const bodies = new Map<string, InvoiceBody>();
  for (let i = 0; i < headers.length; i += 500) {
    const ids = headers.slice(i, i + 500).map((h) => h.id);
    const page = await readStore.find(INVOICE_BODIES, { id: { $in: ids } }, { limit: 1000 });
    for (const body of page.items as InvoiceBody[]) bodies.set(body.id, body);
  }
  return bodies;
}

/** Invoice headers joined with their bodies (lines, VAT, rates): one query for a page of headers. */
export async function withBodies(readStore: ReadStore, headers: InvoiceDocument[]): Promise<FullInvoice[]> {
  if (headers.length === 0) return [];
  const bodies = await bodiesOf(readStore, headers);
  return headers.map((h) => {
    const { id: _id, ...body } = bodies.get(h.id) ?? { id: h.id, ...EMPTY_BODY };
    return { ...h, ...body };
  });
}

/**
 * Invoices as users see them, built straight from each header and body: no merged object in
 * between (V8 turns an object spread followed by many properties into a slow dictionary).
 * With `today` (the operator's date, from the injected clock), each also shows its payment
 * status and amount due: null for a draft or a voided draft, which owes nothing.
 */
export async function invoiceViews(readStore: ReadStore, headers: InvoiceDocument[], today?: string): Promise<InvoiceView[]> {
  const bodies = await bodiesOf(readStore, headers);
  const views = headers.map((h) => invoiceViewOf(h, bodies.get(h.id) ?? EMPTY_BODY));
  if (today === undefined) return views;
  return withPaymentStatus(readStore, views, today);
}

/** Adds `paymentStatus` and `amountDue` as of `today` (null where the invoice is not issued). */
export async function withPaymentStatus<V extends { id: string; status: string }>(readStore: ReadStore, views: V[], today: string): Promise<(V & { paymentStatus: PaymentStatus | null; amountDue: string | null })[]> {
  const receivables = await receivablesOf(readStore, views.filter((v) => v.status === 'issued').map((v) => v.id));
  return views.map((v) => {
    const payment = invoicePaymentOf(receivables.get(v.id) ?? null, today);
    return Object.assign(v, { paymentStatus: payment?.paymentStatus ?? null, amountDue: payment?.amountDue ?? null });
  });
}

/** Every invoice matching a filter, whole. */
export async function findInvoices(readStore: ReadStore, filter: Filter): Promise<FullInvoice[]> {
  return withBodies(readStore, await findAll<InvoiceDocument>(readStore, INVOICES, filter));
}

/** The invoice as users see it, from a header joined with its body. */
export function invoiceView(doc: FullInvoice): InvoiceView {
  return invoiceViewOf(doc, doc);
}

export function billRunView(doc: BillRunDocument) {
  return {
    runId: doc.id,
    asOf: doc.asOf,
    status: doc.status,
    startedAt: doc.startedAt,
    startedBy: doc.startedBy,
    changeThresholdPercent: doc.changeThresholdPercent,
    discountShareThresholdPercent: doc.discountShareThresholdPercent ?? 50,
    report: doc.report,
    approval: doc.approval,
    result: doc.result,
    ...(doc.failure ? { failure: doc.failure } : {}),
    ...(doc.voided ? { voided: doc.voided } : {}),
    ...(doc.supersededBy ? { supersededBy: doc.supersededBy } : {}),
  };
}
