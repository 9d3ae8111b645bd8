/**
 * Receivables: one document per invoice with its total and every dated movement that reduced it
 * (credit notes, allocated payments, write-offs). The amount due, the payment status and the
 * aging are computed from it when read (src/domain/receivables/receivable.ts): "overdue" depends
 * on the day, and a read model must rebuild to the same bytes any day.
 *
 * A draft's total is kept when it is drafted (the issue event does not repeat it) and the
 * document becomes a receivable when the invoice is issued; a voided draft's is removed.
 */
import type { RecordedEvent } from '../src/eventstore/port.ts';
import type { UnitOfWork } from '../src/readstore/port.ts';
import type { Projection } from '../src/processing/projection.ts';
import { idOf } from '../src/core/streams.ts';
import { INVOICE_CREDITED, INVOICE_DRAFT_VOIDED, INVOICE_DRAFTED, INVOICE_ISSUED, type InvoiceDraftedData, type InvoiceIssuedData } from '../src/domain/bill-run/events.ts';
import type { InvoiceCreditedData } from '../src/domain/invoice/credit-note.ts';
import { INVOICE_WRITTEN_OFF, PAYMENT_ALLOCATED, type InvoiceWrittenOffData, type PaymentAllocatedData } from '../src/domain/receivables/events.ts';
import { amountOpen, creditNoteReduction, type Receivable, type ReceivableMovement } from '../src/domain/receivables/receivable.ts';

export const RECEIVABLES = 'receivables';

export interface ReceivableDocument extends Receivable {
  [key: string]: unknown;
  id: string;
  status: 'draft' | 'issued';
  /** Whether anything is due now (for the lists of open items); the amount itself is computed when read. */
  open: boolean;
}

function withMovement(doc: ReceivableDocument, movement: ReceivableMovement): ReceivableDocument {
  const next = { ...doc, movements: [...doc.movements, movement] };
  next.open = next.status === 'issued' && !amountOpen(next).isZero();
  return next;
}

export const receivablesProjection: Projection = {
  name: 'receivables',
  // 2: a credit note's movement is signed (creditNoteReduction): a negative invoice's credit note takes its credit back.
  version: 2,
  collections: [{ name: RECEIVABLES, indexes: ['clientId', 'status', 'open', 'issueDate', 'dueDate', 'number', 'legalEntityId'] }],
  handles: [INVOICE_DRAFTED, INVOICE_DRAFT_VOIDED, INVOICE_ISSUED, INVOICE_CREDITED, PAYMENT_ALLOCATED, INVOICE_WRITTEN_OFF],
  async apply(event: RecordedEvent, uow: UnitOfWork) {
    if (event.type === INVOICE_DRAFTED) {
      const data = event.data as InvoiceDraftedData;
      const doc: ReceivableDocument = {
        id: data.invoiceId, invoiceId: data.invoiceId, clientId: data.clientId, legalEntityId: data.legalEntityId, number: null,
        currency: data.invoice?.currency ?? null, total: data.invoice?.total ?? null, issueDate: null, dueDate: null, movements: [], status: 'draft', open: false,
      };
      uow.put(RECEIVABLES, data.invoiceId, doc);
      return;
    }
    if (event.type === INVOICE_DRAFT_VOIDED) {
      uow.delete(RECEIVABLES, idOf(event.streamId));
      return;
    }
    if (event.type === INVOICE_ISSUED) {
      const data = event.data as InvoiceIssuedData;
      const doc = (await uow.get(RECEIVABLES, data.invoiceId)) as ReceivableDocument | null;
      if (!doc) return;
      const issued: ReceivableDocument = { ...doc, status: 'issued', number: data.number, issueDate: data.issueDate, dueDate: data.dueDate };
      issued.open = !amountOpen(issued).isZero();
      uow.put(RECEIVABLES, data.invoiceId, issued);
      return;
    }
    if (event.type === INVOICE_CREDITED) {
      const data = event.data as InvoiceCreditedData;
      const doc = (await uow.get(RECEIVABLES, data.invoiceId)) as ReceivableDocument | null;
      if (!doc) return;
      uow.put(RECEIVABLES, data.invoiceId, withMovement(doc, { kind: 'credit-note', id: data.creditNoteId, date: data.issueDate, amount: creditNoteReduction(data.total) }));
      return;
    }
    if (event.type === PAYMENT_ALLOCATED) {
      const data = event.data as PaymentAllocatedData;
      const doc = (await uow.get(RECEIVABLES, data.invoiceId)) as ReceivableDocument | null;
      if (!doc) return;
      uow.put(RECEIVABLES, data.invoiceId, withMovement(doc, { kind: 'payment', id: data.allocationId, date: data.date, amount: data.invoiceAmount, paymentId: data.paymentId }));
      return;
    }
    const data = event.data as InvoiceWrittenOffData;
    const doc = (await uow.get(RECEIVABLES, data.invoiceId)) as ReceivableDocument | null;
    if (!doc) return;
    uow.put(RECEIVABLES, data.invoiceId, withMovement(doc, { kind: 'write-off', id: data.writeOffId, date: data.date, amount: data.amount }));
  },
};
