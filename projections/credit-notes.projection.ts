/** Credit notes as issued (UBL type 381), by invoice and client. */
import type { RecordedEvent } from '../src/eventstore/port.ts';
import type { UnitOfWork } from '../src/readstore/port.ts';
import type { Projection } from '../src/processing/projection.ts';
import { CREDIT_NOTE_ISSUED } from '../src/domain/bill-run/events.ts';
import type { CreditNote } from '../src/domain/invoice/credit-note.ts';
import { CREDIT_NOTE_DOCUMENTS_RENDERED, type CreditNoteDocumentsRenderedData } from '../src/domain/invoice/documents.ts';

export const CREDIT_NOTES = 'credit_notes';
/** The SHA-256 of each credit note's stored documents, once rendered after issue (apart, so the note's view stays as issued). */
export const CREDIT_NOTE_DOCUMENTS = 'credit_note_documents';

export interface CreditNoteDocuments {
  [key: string]: unknown;
  id: string;
  docx: string;
  ubl: string;
}

export const creditNotesProjection: Projection = {
  name: 'credit-notes',
  version: 2,
  collections: [{ name: CREDIT_NOTES, indexes: ['invoiceId', 'clientId', 'number'] }, { name: CREDIT_NOTE_DOCUMENTS, indexes: [] }],
  handles: [CREDIT_NOTE_ISSUED, CREDIT_NOTE_DOCUMENTS_RENDERED],
  async apply(event: RecordedEvent, uow: UnitOfWork) {
    if (event.type === CREDIT_NOTE_DOCUMENTS_RENDERED) {
      const data = event.data as CreditNoteDocumentsRenderedData;
      uow.put(CREDIT_NOTE_DOCUMENTS, data.creditNoteId, { id: data.creditNoteId, docx: data.docx, ubl: data.ubl } satisfies CreditNoteDocuments);
      return;
    }
    const note = event.data as CreditNote;
    uow.put(CREDIT_NOTES, note.id, { ...note });
  },
};
