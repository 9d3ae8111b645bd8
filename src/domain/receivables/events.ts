/**
 * Money after the invoice: payments, their allocation to invoices, refunds and write-offs.
 *
 * Every movement of a client's receivables is an event of the client's ledger stream
 * `ledger-<clientId>`: one stream per client, so that a decision (how much of a payment is left,
 * how much of an invoice is open) is taken on the whole state and appended under optimistic
 * concurrency, and no payment is allocated twice nor an invoice paid twice over. A payment id is
 * unique across clients (the payments read model refuses a known id of another client).
 *
 * Amounts are positive decimal strings. Each event carries what the journal needs to post it
 * without reading anything else (the legal entity, the currencies and the rates to the legal
 * entity's national currency), so the journal projection is a pure function of the log.
 */
import { streamName } from '../../core/streams.ts';

export const PAYMENT_RECEIVED = 'PaymentReceived';
export const PAYMENT_ALLOCATED = 'PaymentAllocated';
export const PAYMENT_REFUNDED = 'PaymentRefunded';
export const INVOICE_WRITTEN_OFF = 'InvoiceWrittenOff';

export const RECEIVABLES_EVENT_TYPES = [PAYMENT_RECEIVED, PAYMENT_ALLOCATED, PAYMENT_REFUNDED, INVOICE_WRITTEN_OFF] as const;

/** A payment as the bank reported it (payments.csv, POST /payments). */
export interface PaymentReceivedData {
  paymentId: string;
  clientId: string;
  /** The legal entity whose account received it: the invoice's, or else the client's contracts'. */
  legalEntityId: string;
  /** ISO date the money arrived. */
  date: string;
  amount: string;
  currency: string;
  reference: string | null;
  /** The invoice number the payer gave, as given (unknown numbers too); null when none. */
  invoiceNumber: string | null;
  /** The legal entity's national currency, and the rate of one unit of `currency` in it on `date` ("1" when the same). */
  nationalCurrency: string;
  rate: string;
}

/**
 * Part or all of a payment settles part or all of an issued invoice. `amount` is in the
 * payment's currency and `invoiceAmount` in the invoice's (equal when the currencies are); the
 * journal clears the receivable at the invoice's own rate (`invoiceRate`) and books the bank at
 * the payment's, the difference being the realised exchange gain or loss.
 */
export interface PaymentAllocatedData {
  allocationId: string;
  paymentId: string;
  clientId: string;
  legalEntityId: string;
  invoiceId: string;
  invoiceNumber: string;
  /** ISO date of the allocation (the payment's date when matched on receipt). */
  date: string;
  amount: string;
  currency: string;
  invoiceAmount: string;
  invoiceCurrency: string;
  nationalCurrency: string;
  /** Payment currency to national currency, as on the payment (its `rate`). */
  paymentRate: string;
  /** Invoice currency to national currency as the invoice was booked at issue ("1" when the same). */
  invoiceRate: string;
  /**
   * Set on a release: credit notes took more off the invoice than was still open, so part of the
   * allocation named here goes back to the payment as unallocated credit (the client's money,
   * to allocate elsewhere or refund). A release states negative amounts: every reader that adds
   * allocations up (open amounts, a payment's credit, the journal) takes it back by that sum.
   */
  releases?: string;
}

/** Unallocated credit of a payment paid back to the client. */
export interface PaymentRefundedData {
  refundId: string;
  paymentId: string;
  clientId: string;
  legalEntityId: string;
  date: string;
  amount: string;
  currency: string;
  reference: string | null;
  nationalCurrency: string;
  /** Payment currency to national currency as booked when the payment was received. */
  rate: string;
}

/** What is left open on an invoice declared uncollectable (role accountant), or a reduction of it by a credit note. */
export interface InvoiceWrittenOffData {
  writeOffId: string;
  clientId: string;
  legalEntityId: string;
  invoiceId: string;
  invoiceNumber: string;
  date: string;
  /**
   * In the invoice's currency. Negative when a credit note took back part of what was written off
   * (`creditNoteId` names it): the write-off is reduced, and the journal reverses that much of it.
   */
  amount: string;
  currency: string;
  reason: string;
  nationalCurrency: string;
  /** Invoice currency to national currency as the invoice was booked at issue. */
  invoiceRate: string;
  /** Set on a reduction by a credit note (the amount is then negative). */
  creditNoteId?: string;
}

export type ReceivablesEvent =
  | { type: typeof PAYMENT_RECEIVED; data: PaymentReceivedData }
  | { type: typeof PAYMENT_ALLOCATED; data: PaymentAllocatedData }
  | { type: typeof PAYMENT_REFUNDED; data: PaymentRefundedData }
  | { type: typeof INVOICE_WRITTEN_OFF; data: InvoiceWrittenOffData };

export function ledgerStream(clientId: string): string {
  return streamName('ledger', clientId);
}
