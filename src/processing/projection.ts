/**
 * A projection (read model): which events it handles and how they change its documents. Pure
 * given the event: no clock, no randomness, so a rebuild from zero produces byte-identical
 * documents (the auditors' guarantee).
 */
import type { RecordedEvent } from '../eventstore/port.ts';
import type { CollectionSpec, Document, UnitOfWork } from '../readstore/port.ts';

export interface Projection {
  name: string;
  /** Bump when the documents' shape or meaning changes: the runner then rebuilds from zero. */
  version: number;
  collections: CollectionSpec[];
  /** Exact event types it handles. */
  handles: string[];
  apply(event: RecordedEvent, uow: UnitOfWork): Promise<void>;
}

/** The common case: one document per entity, evolved event by event (Emmett's projection shape). */
export function documentProjection<D extends Document>(definition: {
  name: string;
  version: number;
  collection: CollectionSpec;
  handles: string[];
  documentId(event: RecordedEvent): string;
  evolve(document: D | null, event: RecordedEvent): D | null;
}): Projection {
  const collection = definition.collection.name;
  return {
    name: definition.name,
    version: definition.version,
    collections: [definition.collection],
    handles: definition.handles,
    async apply(event, uow) {
      const id = definition.documentId(event);
      const current = (await uow.get(collection, id)) as D | null;
      const next = definition.evolve(current, event);
      if (next === null) uow.delete(collection, id);
      else uow.put(collection, id, next);
    },
  };
}
