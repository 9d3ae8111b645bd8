/** Credit notes as issued (UBL type 381), by invoice and client. */
import type { RecordedEvent } from '../src/eventstore/port.ts';
import type { UnitOfWork } from '../src/readstore/port.ts';
import type { Projection } from '../src/processing/projection.ts';
import { CREDIT_NOTE_ISSUED } from '../src/domain/bill-run/events.ts';
import type { CreditNote } from '../src/domain/invoice/credit-note.ts';

export const CREDIT_NOTES = 'credit_notes';

export const creditNotesProjection: Projection = {
  name: 'credit-notes',
  version: 1,
  collections: [{ name: CREDIT_NOTES, indexes: ['invoiceId', 'clientId', 'number'] }],
  handles: [CREDIT_NOTE_ISSUED],
  async apply(event: RecordedEvent, uow: UnitOfWork) {
    const note = event.data as CreditNote;
    uow.put(CREDIT_NOTES, note.id, { ...note });
  },
};
