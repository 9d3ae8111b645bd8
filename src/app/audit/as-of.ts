/**
 * Billing documents and tariffs as they stood at an instant, for auditors: the events of their
 * stream recorded up to then, folded through the very projection that builds today's read model
 * (into documents kept in memory), so the past and the present view cannot disagree. The CRM
 * entities do the same through `documentAsOf` (src/processing/projection.ts).
 */
import { Temporal } from 'temporal-polyfill';
import type { EventStore, RecordedEvent } from '../../eventstore/port.ts';
import { operatorToday } from '../../core/clock.ts';
import type { Document, ReadStore, UnitOfWork } from '../../readstore/port.ts';
import { documentAsOf, type Projection } from '../../processing/projection.ts';
import { NotFoundError } from '../../core/errors.ts';
import { creditNoteStream, invoiceStream } from '../../domain/bill-run/events.ts';
import { tariffStream } from '../../domain/tariff/decider.ts';
import type { CreditNote } from '../../domain/invoice/credit-note.ts';
import { INVOICE_BODIES, INVOICES, invoicesProjection, invoiceViewOf, type InvoiceBody, type InvoiceDocument, type InvoiceView } from '../../../projections/invoices.projection.ts';
import { CREDIT_NOTES, creditNotesProjection } from '../../../projections/credit-notes.projection.ts';
import { tariffsProjection, type TariffDocument } from '../../../projections/tariffs.projection.ts';
import { discountsProjection, type DiscountDocument } from '../../../projections/discounts.projection.ts';
import { discountStream } from '../../domain/discount/decider.ts';
import { creditNoteView, type CreditNoteView } from '../credit-note/view.ts';
import { ledgerStream } from '../../domain/receivables/events.ts';
import { PAYMENTS, paymentsProjection, type PaymentDocument } from '../../../projections/payments.projection.ts';
import { RECEIVABLES, receivablesProjection, type ReceivableDocument } from '../../../projections/receivables.projection.ts';
import { invoicePaymentOf } from '../receivables/views.ts';

interface Stores {
  eventStore: EventStore;
  readStore: ReadStore;
}

/** The documents a projection writes from `events` recorded up to `instant`, by collection and id. */
export async function projectAsOf(projection: Projection, events: RecordedEvent[], instant: string): Promise<Map<string, Map<string, Document>>> {
  const until = Date.parse(instant);
  const collections = new Map<string, Map<string, Document>>();
  const collection = (name: string) => {
    let documents = collections.get(name);
    if (!documents) collections.set(name, (documents = new Map()));
    return documents;
  };
  const uow: UnitOfWork = {
    get: async (name, id) => collection(name).get(id) ?? null,
    put: (name, id, doc) => void collection(name).set(id, doc),
    delete: (name, id) => void collection(name).delete(id),
    setCheckpoint: () => undefined,
  };
  for (const event of events) {
    // A stream is recorded in time order (documentAsOf reads it the same way).
    if (Date.parse(event.metadata.recordedAt) > until) break;
    if (projection.handles.includes(event.type)) await projection.apply(event, uow);
  }
  return collections;
}

/** A document of a collection by its legal number, or else by its id (numbers and ids never look alike). */
async function idByNumberOrId(readStore: ReadStore, collection: string, reference: string): Promise<string> {
  const [byNumber] = (await readStore.find(collection, { number: reference }, { limit: 1 })).items;
  return byNumber ? String(byNumber.id) : reference;
}

/** The stream of an invoice given by number or id (a number is looked up in the read model; numbers never change). */
export async function invoiceStreamOf(deps: Stores, reference: string): Promise<string> {
  return invoiceStream(await idByNumberOrId(deps.readStore, INVOICES, reference));
}

export async function creditNoteStreamOf(deps: Stores, reference: string): Promise<string> {
  return creditNoteStream(await idByNumberOrId(deps.readStore, CREDIT_NOTES, reference));
}

async function streamEvents(deps: Stores, stream: string, what: string): Promise<RecordedEvent[]> {
  const events = await deps.eventStore.readStream(stream);
  if (events.length === 0) throw new NotFoundError(`${what} does not exist`);
  return events;
}

/**
 * The invoice as it stood at `instant`: drafted, issued (with its number), credited, voided, and
 * paid as far as its client's ledger said then (`paymentStatus` and `amountDue` on the operator's
 * date of that instant, as today's view has them on today's).
 */
export async function invoiceAsOf(deps: Stores, reference: string, instant: string): Promise<InvoiceView & { paymentStatus: string | null; amountDue: string | null }> {
  const events = await streamEvents(deps, await invoiceStreamOf(deps, reference), `invoice ${reference}`);
  const documents = await projectAsOf(invoicesProjection, events, instant);
  const [header] = [...(documents.get(INVOICES)?.values() ?? [])] as InvoiceDocument[];
  if (!header) throw new NotFoundError(`invoice ${reference} did not exist at ${instant}`);
  const body = documents.get(INVOICE_BODIES)?.get(header.id) as InvoiceBody | undefined;
  const view = invoiceViewOf(header, body ?? { lines: [], vat: [], fxRates: [], mentions: [] });
  // The receivable: the invoice's own events and the ledger's that name it, in the log's order.
  const ledger = (await deps.eventStore.readStream(ledgerStream(header.clientId))).filter((e) => (e.data as { invoiceId?: unknown }).invoiceId === header.id);
  const movements = [...events, ...ledger].sort((a, b) => a.position - b.position);
  const receivable = ((await projectAsOf(receivablesProjection, movements, instant)).get(RECEIVABLES)?.get(header.id) ?? null) as ReceivableDocument | null;
  const payment = view.status === 'issued' ? invoicePaymentOf(receivable, operatorToday({ now: () => Temporal.Instant.from(instant) })) : null;
  return { ...view, paymentStatus: payment?.paymentStatus ?? null, amountDue: payment?.amountDue ?? null };
}

/** The credit note at `instant`: as issued, or not yet there (a credit note never changes once issued). */
export async function creditNoteAsOf(deps: Stores, reference: string, instant: string): Promise<CreditNoteView> {
  const events = await streamEvents(deps, await creditNoteStreamOf(deps, reference), `credit note ${reference}`);
  const documents = await projectAsOf(creditNotesProjection, events, instant);
  const [note] = [...(documents.get(CREDIT_NOTES)?.values() ?? [])] as CreditNote[];
  if (!note) throw new NotFoundError(`credit note ${reference} did not exist at ${instant}`);
  return creditNoteView(note);
}

/** The tariff package with the versions published by `instant` (a revised version as it was then). */
export async function tariffAsOf(deps: Stores, id: string, instant: string): Promise<TariffDocument> {
  const events = await streamEvents(deps, tariffStream(id), `tariff ${id}`);
  const document = documentAsOf(tariffsProjection, events, instant);
  if (!document) throw new NotFoundError(`tariff ${id} did not exist at ${instant}`);
  return document;
}

/** The discount scheme with the versions published by `instant` (a revised version as it was then), as tariffs. */
export async function discountAsOf(deps: Stores, id: string, instant: string): Promise<DiscountDocument> {
  const events = await streamEvents(deps, discountStream(id), `discount scheme ${id}`);
  const document = documentAsOf(discountsProjection, events, instant);
  if (!document) throw new NotFoundError(`discount scheme ${id} did not exist at ${instant}`);
  return document;
}

/**
 * A payment's events: those of its client's ledger (`ledger-<clientId>`, where every movement of
 * the client's receivables is recorded) that carry its id - received, allocated, refunded.
 */
export async function paymentEvents(deps: Stores, paymentId: string): Promise<RecordedEvent[]> {
  const payment = (await deps.readStore.get(PAYMENTS, paymentId)) as PaymentDocument | null;
  if (!payment) throw new NotFoundError(`payment ${paymentId} does not exist`);
  const events = await deps.eventStore.readStream(ledgerStream(payment.clientId));
  return events.filter((event) => (event.data as { paymentId?: unknown }).paymentId === paymentId);
}

/** The payment at `instant`: received, with the allocations and refunds recorded by then (not there before its receipt). */
export async function paymentAsOf(deps: Stores, paymentId: string, instant: string): Promise<PaymentDocument> {
  const documents = await projectAsOf(paymentsProjection, await paymentEvents(deps, paymentId), instant);
  const payment = documents.get(PAYMENTS)?.get(paymentId) as PaymentDocument | undefined;
  if (!payment) throw new NotFoundError(`payment ${paymentId} did not exist at ${instant}`);
  return payment;
}
