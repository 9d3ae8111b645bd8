/** The legal entities as the API lists them: current details, the stream revision (ETag) and when they were created and last changed. */
import { documentProjection } from '../src/processing/projection.ts';
import type { RecordedEvent } from '../src/eventstore/port.ts';
import type { LegalEntityDetails, LegalEntityEvent } from '../src/domain/legal-entity/events.ts';
import { LEGAL_ENTITY_EVENT_TYPES } from '../src/domain/legal-entity/events.ts';

export const LEGAL_ENTITIES = 'legal_entities';

export interface LegalEntityDocument extends LegalEntityDetails {
  [key: string]: unknown;
  id: string;
  revision: number;
  createdAt: string;
  updatedAt: string;
}

export const legalEntitiesProjection = documentProjection<LegalEntityDocument>({
  name: 'legal-entities',
  version: 1,
  collection: { name: LEGAL_ENTITIES, indexes: ['country', 'invoicePrefix', 'externalId', 'name'] },
  handles: LEGAL_ENTITY_EVENT_TYPES,
  documentId: (event) => (event.data as { legalEntityId: string }).legalEntityId,
  evolve(document, recorded: RecordedEvent) {
    const event = recorded as unknown as LegalEntityEvent & RecordedEvent;
    switch (event.type) {
      case 'LegalEntityRegistered': {
        const { legalEntityId, ...details } = event.data;
        return {
          id: legalEntityId,
          ...details,
          revision: recorded.revision,
          createdAt: recorded.metadata.recordedAt,
          updatedAt: recorded.metadata.recordedAt,
        };
      }
      case 'LegalEntityDetailsChanged':
        if (!document) return null;
        return { ...document, ...event.data.changes, revision: recorded.revision, updatedAt: recorded.metadata.recordedAt };
      default:
        return document;
    }
  },
});
