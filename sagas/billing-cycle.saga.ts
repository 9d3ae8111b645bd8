/**
 * The billing cycle saga: drives bill runs to their end. A started run gets its invoices drafted
 * and its control report recorded; an approved run gets its invoices numbered and issued; a
 * recorded credit gets its credit note numbered and issued. Each step is idempotent, and the
 * saga's checkpoint moves only after a step finished, so a crash (kill -9) at any point and a
 * restart of any billstream process finish the work without issuing anything twice.
 */
import type { AppDeps } from '../src/app/deps.ts';
import type { RecordedEvent } from '../src/eventstore/port.ts';
import type { ConsumerDefinition } from '../src/processing/checkpointed-consumer.ts';
import { BILL_RUN_APPROVED, BILL_RUN_STARTED, INVOICE_CREDITED, type BillRunApprovedData, type BillRunStartedData } from '../src/domain/bill-run/events.ts';
import { draftOrFailRun, issueRun } from '../src/app/bill-run/issue.ts';
import { issueCreditNote, type InvoiceCreditedData } from '../src/app/credit-note/credit.ts';

const ACTOR = 'saga:billing-cycle';

export function billingCycleSaga(billstream: AppDeps): ConsumerDefinition {
  return {
    name: 'saga:billing-cycle',
    version: 1,
    handles: [BILL_RUN_STARTED, BILL_RUN_APPROVED, INVOICE_CREDITED],
    async applyBatch(events: RecordedEvent[]) {
      for (const event of events) {
        if (event.type === BILL_RUN_STARTED) {
          await draftOrFailRun(billstream, { ...(event.data as BillRunStartedData), position: event.position }, ACTOR);
        } else if (event.type === BILL_RUN_APPROVED) {
          await issueRun(billstream, (event.data as BillRunApprovedData).runId, ACTOR, event.position);
        } else {
          const data = event.data as InvoiceCreditedData;
          await issueCreditNote(billstream, data.invoiceId, data.creditNoteId, ACTOR);
        }
      }
    },
    // Its effects are events; nothing derived to drop.
    reset: async () => undefined,
  };
}
