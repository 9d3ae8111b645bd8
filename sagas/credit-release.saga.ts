/**
 * Credit notes on paid invoices: a credit note that takes more off an invoice than was still open
 * on it leaves the client's money on an invoice that no longer asks for it. This saga gives it
 * back: for each credit note issued, it asks the client's ledger to release what the invoice is
 * overpaid by from its latest allocations (`ReleaseOverCredit`, src/domain/receivables/decider.ts),
 * which returns it to the payments as unallocated credit, to allocate to other invoices or refund.
 * Idempotent: the ledger decides on what is still overpaid, so a replay releases nothing twice.
 */
import type { AppDeps } from '../src/app/deps.ts';
import type { RecordedEvent } from '../src/eventstore/port.ts';
import type { ConsumerDefinition } from '../src/processing/checkpointed-consumer.ts';
import { INVOICE_CREDITED } from '../src/domain/bill-run/events.ts';
import type { InvoiceCreditedData } from '../src/domain/invoice/credit-note.ts';
import { releaseOverCredit } from '../src/app/receivables/payments.ts';

export function creditReleaseSaga(billstream: AppDeps): ConsumerDefinition {
  return {
    name: 'saga:credit-release',
    version: 1,
    handles: [INVOICE_CREDITED],
    async applyBatch(events: RecordedEvent[]) {
      // The invoices as they are after the credit notes (their credited totals).
      await billstream.readModelsReached(events[events.length - 1]!.position);
      for (const event of events) {
        const data = event.data as InvoiceCreditedData;
        await releaseOverCredit(billstream, data.invoiceId, data.creditNoteId, data.issueDate, { commandId: `credit-release:${data.creditNoteId}`, actor: 'saga:credit-release', correlationId: event.metadata.correlationId });
      }
    },
    // Its effects are events; nothing derived to drop.
    reset: async () => undefined,
  };
}
