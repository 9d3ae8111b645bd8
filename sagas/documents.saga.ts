/**
 * The documents saga: renders an issued invoice's or credit note's .docx and UBL e-invoice once,
 * after issue (so issuing itself does not wait for it), stores both by content hash and records
 * the hashes and the parties as rendered in `InvoiceDocumentsRendered` (`CreditNoteDocumentsRendered`)
 * on its stream. Idempotent: the event id follows from the document's id, and a stored document is
 * the same file whoever stores it.
 */
import type { AppDeps } from '../src/app/deps.ts';
import type { RecordedEvent } from '../src/eventstore/port.ts';
import type { ConsumerDefinition } from '../src/processing/checkpointed-consumer.ts';
import { CREDIT_NOTE_ISSUED, INVOICE_ISSUED, type InvoiceIssuedData } from '../src/domain/bill-run/events.ts';
import { CREDIT_NOTE_DOCUMENTS_RENDERED, INVOICE_DOCUMENTS_RENDERED } from '../src/domain/invoice/documents.ts';
import type { CreditNote } from '../src/domain/invoice/credit-note.ts';
import { renderAndStoreCreditNote, renderAndStoreInvoice } from '../src/app/documents/documents.ts';
import { findInvoices } from '../src/app/invoice/view.ts';

const ACTOR = 'saga:documents';

export function documentsSaga(billstream: AppDeps): ConsumerDefinition {
  return {
    name: 'saga:documents',
    version: 1,
    handles: [INVOICE_ISSUED, INVOICE_DOCUMENTS_RENDERED, CREDIT_NOTE_ISSUED, CREDIT_NOTE_DOCUMENTS_RENDERED],
    async applyBatch(events: RecordedEvent[]) {
      const store = billstream.documents;
      if (!store) return;
      const rendered = new Set(events.filter((e) => e.type === INVOICE_DOCUMENTS_RENDERED || e.type === CREDIT_NOTE_DOCUMENTS_RENDERED).map((e) => e.streamId));
      const pending = events.filter((e) => (e.type === INVOICE_ISSUED || e.type === CREDIT_NOTE_ISSUED) && !rendered.has(e.streamId));
      if (pending.length === 0) return;
      // The invoice as issued, from the read model (which must show the issue first).
      await billstream.readModelsReached(pending[pending.length - 1]!.position);
      const issued = pending.filter((e) => e.type === INVOICE_ISSUED);
      const ids = issued.map((e) => (e.data as InvoiceIssuedData).invoiceId);
      const byId = new Map((await findInvoices(billstream.readStore, { id: { $in: ids } })).map((i) => [i.id, i]));
      for (const event of issued) {
        const invoice = byId.get((event.data as InvoiceIssuedData).invoiceId);
        if (!invoice || invoice.status !== 'issued' || invoice.documents) continue;
        await renderAndStoreInvoice(billstream, store, invoice, ACTOR, event.metadata.correlationId, (event.data as InvoiceIssuedData).seller);
      }
      for (const event of pending.filter((e) => e.type === CREDIT_NOTE_ISSUED)) {
        const stream = await billstream.eventStore.readStream(event.streamId);
        if (stream.some((e) => e.type === CREDIT_NOTE_DOCUMENTS_RENDERED)) continue;
        await renderAndStoreCreditNote(billstream, store, event.data as CreditNote, ACTOR, event.metadata.correlationId);
      }
    },
    // Its effects are events and content-addressed files; nothing derived to drop.
    reset: async () => undefined,
  };
}
