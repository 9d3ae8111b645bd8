/**
 * The accounting journal: every issued invoice, credit note, payment, allocation, refund and
 * write-off as a balanced double entry in the legal entity's national currency (posting rules in
 * src/domain/accounting/posting.ts, docs/accounting.md).
 *
 * Entries are keyed by the causing event's global position and the entry's index among that
 * event's entries (`seq`), so their order and the export cursor survive any rebuild: positions
 * never change, and the fold is a pure function of the log. Beside the entries the projection
 * keeps what posting needs to remember (`journal_state`): each legal entity's chart overrides,
 * each invoice's latest draft and what is open of it, what is open of each payment.
 */
import { Decimal } from 'decimal.js';
import type { RecordedEvent } from '../src/eventstore/port.ts';
import type { Document, UnitOfWork } from '../src/readstore/port.ts';
import type { Projection } from '../src/processing/projection.ts';
import { idOf } from '../src/core/streams.ts';
import { CREDIT_NOTE_ISSUED, INVOICE_DRAFTED, INVOICE_ISSUED, type InvoiceDraftedData, type InvoiceIssuedData } from '../src/domain/bill-run/events.ts';
import type { CreditNote } from '../src/domain/invoice/credit-note.ts';
import {
  INVOICE_WRITTEN_OFF, PAYMENT_ALLOCATED, PAYMENT_RECEIVED, PAYMENT_REFUNDED,
  type InvoiceWrittenOffData, type PaymentAllocatedData, type PaymentReceivedData, type PaymentRefundedData,
} from '../src/domain/receivables/events.ts';
import { CHART_OF_ACCOUNTS_IMPORTED, type Account, type ChartOfAccountsImportedData } from '../src/domain/accounting/chart.ts';
import { journalCsvRowsOf, type JournalEntry } from '../src/domain/accounting/journal.ts';
import { journalCursor, journalSeq } from '../src/domain/accounting/cursor.ts';
import {
  afterAllocation, afterClearing, clearedNational, journalEntryId, postAllocation, postBilled, postPayment, postRefund, postWriteOff, reverseChargeMemo,
  type AllocationBook, type Billed, type OpenItem,
} from '../src/domain/accounting/posting.ts';

export const JOURNAL = 'journal';
export const JOURNAL_STATE = 'journal_state';
/** Each entry's CSV rows, ready to send, under the entry's key (with its legal entity and date, to filter on). */
export const JOURNAL_CSV = 'journal_csv';

/** An entry's CSV rows as stored: the export concatenates `csv` of a page's documents without reading the entries. */
export interface JournalCsvDocument {
  [key: string]: unknown;
  legalEntityId: string;
  date: string;
  csv: string;
}

/** An entry as stored and exported: the entry and the cursor that continues after it. */
export interface JournalDocument extends JournalEntry {
  [key: string]: unknown;
  cursor: string;
}

/** What posting remembers of an invoice: its latest draft's amounts, then what is open of it once issued. */
export interface InvoiceBook {
  legalEntityId: string;
  currency: string;
  nationalCurrency: string;
  rate: string;
  nets: Billed['nets'];
  vat: Billed['vat'];
  total: string;
  open?: OpenItem;
  /** The reverse-charge supplies not credited yet, and their memo amount in the national currency (once issued). */
  memoOpen?: { taxable: string; national: string };
}

/** The state the journal's fold reads and writes, by key: `chart:<legalEntityId>`, `invoice:<id>`, `payment:<id>`. */
export interface JournalStateAccess {
  chart(legalEntityId: string): Promise<Record<string, Account>>;
  invoice(invoiceId: string): Promise<InvoiceBook | null>;
  payment(paymentId: string): Promise<OpenItem | null>;
  /** What each allocation of the payment booked, less what releases reversed of it (kept with the payment: no write of its own). */
  allocations(paymentId: string): Promise<Record<string, AllocationBook>>;
  /** `allocations`: all of the payment's (the document is replaced whole). */
  setChart(legalEntityId: string, accounts: Record<string, Account>): void;
  setInvoice(invoiceId: string, book: InvoiceBook): void;
  setPayment(paymentId: string, open: OpenItem, allocations?: Record<string, AllocationBook>): void;
}

export const JOURNAL_EVENT_TYPES = [
  CHART_OF_ACCOUNTS_IMPORTED, INVOICE_DRAFTED, INVOICE_ISSUED, CREDIT_NOTE_ISSUED, PAYMENT_RECEIVED, PAYMENT_ALLOCATED, PAYMENT_REFUNDED, INVOICE_WRITTEN_OFF,
];

/** The invoice's rate to the seller's national currency, from the rates its draft used ("1" when the same currency). */
function nationalRate(invoice: NonNullable<InvoiceDraftedData['invoice']>, nationalCurrency: string): string | null {
  if (invoice.currency === nationalCurrency) return '1';
  const rate = invoice.fxRates.find((r) => r.base === invoice.currency && r.quote === nationalCurrency) ?? (invoice.fx?.base === invoice.currency && invoice.fx.quote === nationalCurrency ? invoice.fx : undefined);
  return rate?.rate ?? null;
}

/**
 * The journal's fold, one event at a time: the entries it causes (in order) and, through
 * `state`, what posting must remember. Pure given the state: the projection and the tests run it.
 */
export async function journalEntriesOf(event: RecordedEvent, state: JournalStateAccess): Promise<JournalEntry[]> {
  const entries: Omit<JournalEntry, 'id'>[] = [];
  switch (event.type) {
    case CHART_OF_ACCOUNTS_IMPORTED: {
      const data = event.data as ChartOfAccountsImportedData;
      state.setChart(data.legalEntityId, data.accounts);
      break;
    }
    case INVOICE_DRAFTED: {
      const data = event.data as InvoiceDraftedData;
      const invoice = data.invoice;
      const nationalCurrency = data.seller?.currency;
      if (!invoice || !nationalCurrency || !data.legalEntityId) break;
      const rate = nationalRate(invoice, nationalCurrency);
      if (rate === null) break;
      state.setInvoice(idOf(event.streamId), {
        legalEntityId: data.legalEntityId, currency: invoice.currency, nationalCurrency, rate,
        nets: invoice.lines.map((l) => ({ serviceCategory: l.serviceCategory, net: l.net })),
        vat: invoice.vat.map((g) => ({ category: g.category, rate: g.rate, taxable: g.taxable, amount: g.amount, ...(g.national ? { national: g.national } : {}) })),
        total: invoice.total,
      });
      break;
    }
    case INVOICE_ISSUED: {
      const data = event.data as InvoiceIssuedData;
      const book = await state.invoice(data.invoiceId);
      if (!book) break;
      const { entry, receivableNational } = postBilled('invoice', { ...book, date: data.issueDate, ref: data.number }, await state.chart(book.legalEntityId));
      entries.push(entry);
      const memo = reverseChargeMemo(book);
      state.setInvoice(data.invoiceId, {
        ...book, open: { currency: book.currency, rate: book.rate, open: book.total, openNational: receivableNational.toFixed() },
        ...(memo.taxable.isZero() ? {} : { memoOpen: { taxable: memo.taxable.toFixed(), national: memo.national.toFixed() } }),
      });
      break;
    }
    case CREDIT_NOTE_ISSUED: {
      const note = event.data as CreditNote;
      const book = await state.invoice(note.invoiceId);
      if (!book) break;
      const credited = new Decimal(note.total).negated();
      const cleared = clearedNational(book.open, credited, book.rate, book.nationalCurrency);
      const billed: Billed = {
        legalEntityId: note.legalEntityId, date: note.issueDate, ref: note.number, currency: note.currency, nationalCurrency: book.nationalCurrency, rate: book.rate,
        nets: note.lines.map((l) => ({ serviceCategory: l.serviceCategory, net: l.net })),
        vat: note.vat, total: note.total,
      };
      // The note taking back the rest of the invoice's reverse-charge supplies takes the rest of its memo.
      const memo = reverseChargeMemo(billed);
      const memoLeft = book.memoOpen && !memo.taxable.isZero() ? { taxable: new Decimal(book.memoOpen.taxable).plus(memo.taxable), national: new Decimal(book.memoOpen.national) } : null;
      const memoNational = memoLeft?.taxable.isZero() ? memoLeft.national.negated() : undefined;
      const { entry, receivableNational } = postBilled('credit-note', billed, await state.chart(note.legalEntityId), cleared.negated(), memoNational);
      entries.push(entry);
      state.setInvoice(note.invoiceId, {
        ...book, open: afterClearing(book.open, credited, receivableNational.negated(), book),
        ...(memoLeft ? { memoOpen: { taxable: memoLeft.taxable.toFixed(), national: memoLeft.national.plus(memoNational ?? memo.national).toFixed() } } : {}),
      });
      break;
    }
    case PAYMENT_RECEIVED: {
      const data = event.data as PaymentReceivedData;
      const { entry, national } = postPayment(data, await state.chart(data.legalEntityId));
      entries.push(entry);
      state.setPayment(data.paymentId, { currency: data.currency, rate: data.rate, open: data.amount, openNational: national.toFixed() });
      break;
    }
    case PAYMENT_ALLOCATED: {
      const data = event.data as PaymentAllocatedData;
      const payment = (await state.payment(data.paymentId)) ?? undefined;
      const book = await state.invoice(data.invoiceId);
      const allocations = { ...(await state.allocations(data.paymentId)) };
      const released = data.releases === undefined ? undefined : allocations[data.releases];
      const { entry, creditNational, receivableNational } = postAllocation(data, await state.chart(data.legalEntityId), payment, book?.open, released);
      entries.push(entry);
      allocations[data.releases ?? data.allocationId] = afterAllocation(released, data, creditNational, receivableNational);
      state.setPayment(data.paymentId, afterClearing(payment, data.amount, creditNational, { currency: data.currency, rate: data.paymentRate }), allocations);
      if (book) state.setInvoice(data.invoiceId, { ...book, open: afterClearing(book.open, data.invoiceAmount, receivableNational, book) });
      break;
    }
    case PAYMENT_REFUNDED: {
      const data = event.data as PaymentRefundedData;
      const payment = (await state.payment(data.paymentId)) ?? undefined;
      const { entry, national } = postRefund(data, await state.chart(data.legalEntityId), payment);
      entries.push(entry);
      state.setPayment(data.paymentId, afterClearing(payment, data.amount, national, { currency: data.currency, rate: data.rate }), await state.allocations(data.paymentId));
      break;
    }
    case INVOICE_WRITTEN_OFF: {
      const data = event.data as InvoiceWrittenOffData;
      const book = await state.invoice(data.invoiceId);
      const { entry, national } = postWriteOff(data, await state.chart(data.legalEntityId), book?.open);
      entries.push(entry);
      if (book) state.setInvoice(data.invoiceId, { ...book, open: afterClearing(book.open, data.amount, national, book) });
      break;
    }
    default:
      break;
  }
  return entries.map((entry, index) => ({ id: journalEntryId(event.id, index), ...entry }));
}

/** The journal of a list of events, in memory: what the projection stores, for tests and checks. */
export async function journalOf(events: Iterable<RecordedEvent>): Promise<JournalDocument[]> {
  const documents = new Map<string, Document>();
  const state = stateOver(async (key) => documents.get(key) ?? null, (key, doc) => documents.set(key, doc));
  const out: JournalDocument[] = [];
  for (const event of events) out.push(...(await journalEntriesOf(event, state)).map((entry, index) => documentOf(event, index, entry)));
  return out;
}

function documentOf(event: RecordedEvent, index: number, entry: JournalEntry): JournalDocument {
  return { ...entry, cursor: journalCursor(event.position, index) };
}

/** One event's entries and their CSV rows into the unit of work, under the entries' keys. */
async function applyEvent(event: RecordedEvent, state: JournalStateAccess, uow: UnitOfWork): Promise<void> {
  const entries = await journalEntriesOf(event, state);
  entries.forEach((entry, index) => {
    const seq = journalSeq(event.position, index);
    const document = documentOf(event, index, entry);
    uow.put(JOURNAL, seq, document);
    uow.put(JOURNAL_CSV, seq, { legalEntityId: document.legalEntityId, date: document.date, csv: journalCsvRowsOf(document) } satisfies JournalCsvDocument);
  });
}

function stateOver(get: (key: string) => Promise<Document | null>, put: (key: string, doc: Document) => void): JournalStateAccess {
  return {
    chart: async (legalEntityId) => ((await get(chartStateKey(legalEntityId)))?.accounts ?? {}) as Record<string, Account>,
    invoice: async (invoiceId) => ((await get(`invoice:${invoiceId}`))?.book ?? null) as InvoiceBook | null,
    payment: async (paymentId) => ((await get(`payment:${paymentId}`))?.open ?? null) as OpenItem | null,
    setChart: (legalEntityId, accounts) => put(chartStateKey(legalEntityId), { id: chartStateKey(legalEntityId), accounts }),
    setInvoice: (invoiceId, book) => put(`invoice:${invoiceId}`, { id: `invoice:${invoiceId}`, book }),
    allocations: async (paymentId) => ((await get(`payment:${paymentId}`))?.allocations ?? {}) as Record<string, AllocationBook>,
    setPayment: (paymentId, open, allocations) => put(`payment:${paymentId}`, { id: `payment:${paymentId}`, open, ...(allocations ? { allocations } : {}) }),
  };
}

/** The chart overrides the journal posts with for a legal entity, as stored by the projection. */
export function chartStateKey(legalEntityId: string): string {
  return `chart:${legalEntityId}`;
}

/**
 * The state keys an event's posting reads, so that a page's are read together before its fold
 * (the fold itself reads through the page's cache and never misses).
 */
function stateKeysOf(event: RecordedEvent): string[] {
  const data = event.data as { legalEntityId?: string; invoiceId?: string; paymentId?: string };
  switch (event.type) {
    case INVOICE_ISSUED:
      return [`invoice:${data.invoiceId}`];
    case CREDIT_NOTE_ISSUED:
    case INVOICE_WRITTEN_OFF:
      return [chartStateKey(data.legalEntityId ?? ''), `invoice:${data.invoiceId}`];
    case PAYMENT_RECEIVED:
      return [chartStateKey(data.legalEntityId ?? '')];
    case PAYMENT_ALLOCATED:
      return [chartStateKey(data.legalEntityId ?? ''), `payment:${data.paymentId}`, `invoice:${data.invoiceId}`];
    case PAYMENT_REFUNDED:
      return [chartStateKey(data.legalEntityId ?? ''), `payment:${data.paymentId}`];
    default:
      return [];
  }
}

export const journalProjection: Projection = {
  name: 'journal',
  // 2: each entry's CSV rows kept beside it (journal_csv). 3: each payment's allocations kept with
  // it, so a release reverses exactly what its allocation booked.
  version: 4,
  collections: [
    { name: JOURNAL, indexes: ['legalEntityId', 'date'] },
    { name: JOURNAL_CSV, indexes: ['legalEntityId', 'date'] },
    { name: JOURNAL_STATE, indexes: [] },
  ],
  handles: JOURNAL_EVENT_TYPES,
  async apply(event: RecordedEvent, uow: UnitOfWork) {
    await applyEvent(event, stateOver((key) => uow.get(JOURNAL_STATE, key), (key, doc) => uow.put(JOURNAL_STATE, key, doc)), uow);
  },
  /**
   * A page of events: the state it needs read once (each key at most once, whatever the number
   * of events touching it), folded in memory, and each state document written once with its
   * last value. The same entries, keys and state as `apply` event by event.
   */
  async applyBatch(events: RecordedEvent[], uow: UnitOfWork) {
    const cache = new Map<string, Document | null>();
    for (const event of events) {
      for (const key of stateKeysOf(event)) if (!cache.has(key)) cache.set(key, await uow.get(JOURNAL_STATE, key));
    }
    const written = new Set<string>();
    const state = stateOver(
      async (key) => {
        if (!cache.has(key)) cache.set(key, await uow.get(JOURNAL_STATE, key));
        return cache.get(key) ?? null;
      },
      (key, doc) => {
        cache.set(key, doc);
        written.add(key);
      },
    );
    for (const event of events) await applyEvent(event, state, uow);
    for (const key of written) uow.put(JOURNAL_STATE, key, cache.get(key)!);
  },
};
