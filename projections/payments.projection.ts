/** Payments as received, each with its allocations, refunds and what is left of it (unallocated credit). */
import { Decimal } from 'decimal.js';
import { documentProjection } from '../src/processing/projection.ts';
import type { RecordedEvent } from '../src/eventstore/port.ts';
import { formatMoney } from '../src/core/money.ts';
import {
  PAYMENT_ALLOCATED, PAYMENT_RECEIVED, PAYMENT_REFUNDED,
  type PaymentAllocatedData, type PaymentReceivedData, type PaymentRefundedData,
} from '../src/domain/receivables/events.ts';

export const PAYMENTS = 'payments';

export interface PaymentDocument extends PaymentReceivedData {
  [key: string]: unknown;
  id: string;
  allocations: Pick<PaymentAllocatedData, 'allocationId' | 'invoiceId' | 'invoiceNumber' | 'date' | 'amount' | 'invoiceAmount' | 'invoiceCurrency' | 'releases'>[];
  refunds: Pick<PaymentRefundedData, 'refundId' | 'date' | 'amount' | 'reference'>[];
  /** Unallocated credit, in the payment's currency. */
  remaining: string;
  /** Whether any of it is left unallocated (the `unallocated` filter). */
  unallocated: boolean;
  recordedAt: string;
}

function less(doc: PaymentDocument, amount: string): Pick<PaymentDocument, 'remaining' | 'unallocated'> {
  const remaining = new Decimal(doc.remaining).minus(amount);
  return { remaining: formatMoney(remaining, doc.currency), unallocated: !remaining.isZero() };
}

export const paymentsProjection = documentProjection<PaymentDocument>({
  name: 'payments',
  version: 1,
  collection: { name: PAYMENTS, indexes: ['clientId', 'unallocated', 'date', 'legalEntityId', 'invoiceNumber'] },
  handles: [PAYMENT_RECEIVED, PAYMENT_ALLOCATED, PAYMENT_REFUNDED],
  creates: [PAYMENT_RECEIVED],
  documentId: (event) => (event.data as { paymentId: string }).paymentId,
  evolve(doc, event: RecordedEvent) {
    if (event.type === PAYMENT_RECEIVED) {
      const data = event.data as PaymentReceivedData;
      return { id: data.paymentId, ...data, allocations: [], refunds: [], remaining: data.amount, unallocated: true, recordedAt: event.metadata.recordedAt };
    }
    if (!doc) return null;
    if (event.type === PAYMENT_ALLOCATED) {
      const a = event.data as PaymentAllocatedData;
      return {
        ...doc, ...less(doc, a.amount),
        allocations: [...doc.allocations, { allocationId: a.allocationId, invoiceId: a.invoiceId, invoiceNumber: a.invoiceNumber, date: a.date, amount: a.amount, invoiceAmount: a.invoiceAmount, invoiceCurrency: a.invoiceCurrency, ...(a.releases ? { releases: a.releases } : {}) }],
      };
    }
    const r = event.data as PaymentRefundedData;
    return { ...doc, ...less(doc, r.amount), refunds: [...doc.refunds, { refundId: r.refundId, date: r.date, amount: r.amount, reference: r.reference }] };
  },
});
