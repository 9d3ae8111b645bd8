/** The client communications log, one document per entry, listed by client and time. */
import type { RecordedEvent } from '../src/eventstore/port.ts';
import type { UnitOfWork } from '../src/readstore/port.ts';

export const CLIENT_COMMUNICATIONS = 'client_communications';

export interface CommunicationDocument {
  [key: string]: unknown;
  id: string;
  clientId: string;
  kind: string;
  at: string;
  author: string;
  subject: string | null;
  body: string;
  loggedBy: string;
  loggedAt: string;
}

export const clientCommunicationsProjection = {
  name: 'client-communications',
  version: 1,
  collections: [{ name: CLIENT_COMMUNICATIONS, indexes: ['clientId', 'at'] }],
  handles: ['ClientCommunicationLogged'],
  async apply(event: RecordedEvent, uow: UnitOfWork) {
    const data = event.data as { clientId: string; entryId: string; kind: string; at: string; author: string; subject: string | null; body: string };
    const document: CommunicationDocument = {
      id: `${data.clientId}:${data.entryId}`,
      clientId: data.clientId,
      kind: data.kind,
      at: data.at,
      author: data.author,
      subject: data.subject,
      body: data.body,
      loggedBy: event.metadata.actor,
      loggedAt: event.metadata.recordedAt,
    };
    uow.put(CLIENT_COMMUNICATIONS, document.id, document);
  },
};
