/**
 * The read model of an entity with the generic register/change life: its details, the stream
 * revision (the ETag) and when it was created and last changed, by the recorded time of its events.
 */
import type { RecordedEvent } from '../eventstore/port.ts';
import type { Document } from '../readstore/port.ts';
import { documentProjection, type DocumentProjection } from './projection.ts';

export interface EntityDocument extends Document {
  id: string;
  revision: number;
  createdAt: string;
  updatedAt: string;
}

export function entityProjection<D extends EntityDocument>(definition: {
  name: string;
  version: number;
  collection: string;
  indexes: string[];
  registered: string;
  changed: string;
  idKey: string;
  /** Other event types the document reflects, and how. */
  more?: Record<string, (document: D, event: RecordedEvent) => D>;
  /** Fields derived from the details (search keys, flags); applied after every change. */
  derive?: (document: D) => D;
}): DocumentProjection<D> {
  const derive = definition.derive ?? ((d: D) => d);
  const stamp = (document: D, event: RecordedEvent): D => ({ ...document, revision: event.revision, updatedAt: event.metadata.recordedAt });
  return documentProjection<D>({
    name: definition.name,
    version: definition.version,
    collection: { name: definition.collection, indexes: definition.indexes },
    handles: [definition.registered, definition.changed, ...Object.keys(definition.more ?? {})],
    creates: [definition.registered],
    documentId: (event) => String((event.data as Record<string, unknown>)[definition.idKey]),
    evolve(document, event) {
      const data = event.data as Record<string, unknown>;
      if (event.type === definition.registered) {
        const { [definition.idKey]: id, ...details } = data;
        return derive({ id, ...details, revision: event.revision, createdAt: event.metadata.recordedAt, updatedAt: event.metadata.recordedAt } as D);
      }
      if (!document) return null;
      if (event.type === definition.changed) return derive(stamp({ ...document, ...(data.changes as Partial<D>) }, event));
      const more = definition.more?.[event.type];
      return more ? derive(stamp(more(document, event), event)) : document;
    },
  });
}

/** Lower case without diacritics: `Kovács` is found by `kova`. */
export function searchKey(text: string): string {
  return text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase().trim();
}
