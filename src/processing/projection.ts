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
  /**
   * Applies a page of events (those it handles, in order) in one unit of work, when the
   * projection can do better than `apply` one by one: read the state the page needs once, write
   * each document once. Must leave the same documents as `apply` over the same events.
   */
  applyBatch?(events: RecordedEvent[], uow: UnitOfWork): Promise<void>;
  /** A group's members' names (projectionGroup): `replay` takes a member's name for its group. */
  members?: string[];
}

export interface DocumentProjectionDefinition<D extends Document> {
  name: string;
  version: number;
  collection: CollectionSpec;
  handles: string[];
  documentId(event: RecordedEvent): string;
  evolve(document: D | null, event: RecordedEvent): D | null;
  /** Event types that start a document: evolve ignores the current one, so it is not read (imports create thousands). */
  creates?: string[];
}

export type DocumentProjection<D extends Document> = Projection & DocumentProjectionDefinition<D>;

/** The common case: one document per entity, evolved event by event (Emmett's projection shape). */
export function documentProjection<D extends Document>(definition: DocumentProjectionDefinition<D>): DocumentProjection<D> {
  const collection = definition.collection.name;
  return {
    ...definition,
    collections: [definition.collection],
    async apply(event, uow) {
      const id = definition.documentId(event);
      const current = definition.creates?.includes(event.type) ? null : ((await uow.get(collection, id)) as D | null);
      const next = definition.evolve(current, event);
      if (next === null) uow.delete(collection, id);
      else uow.put(collection, id, next);
    },
  };
}

/**
 * An entity's document as it was at an instant, for auditors: its own events recorded up to then,
 * folded through the same evolve the projection uses, so past and present views cannot disagree.
 */
export function documentAsOf<D extends Document>(projection: DocumentProjectionDefinition<D>, events: RecordedEvent[], instant: string): D | null {
  const until = Date.parse(instant);
  let document: D | null = null;
  for (const event of events) {
    if (!projection.handles.includes(event.type)) continue;
    if (Date.parse(event.metadata.recordedAt) > until) break;
    document = projection.evolve(document, event);
  }
  return document;
}

/**
 * Read models fed by the same events, applied in one pass: one page read, each event's data
 * parsed once, one transaction and one checkpoint for all of them. Three usage views read the
 * same ratings separately, and reading them took as long as writing the documents. They rebuild
 * together; the group's version changes whenever a member's does.
 *
 * `order`: `by-event` (the default) applies each event to every member before the next event,
 * for members that read each other's documents (a re-rating reads the unresolved view before that
 * view drops the record). `by-member` gives each member the page's events it handles at once,
 * through its own applyBatch: only for members that read nothing but their own documents, where
 * it leaves the same documents as running them apart.
 */
export function projectionGroup(name: string, members: Projection[], options: { order?: 'by-event' | 'by-member' } = {}): Projection {
  const handledBy = members.map((member) => new Set(member.handles));
  const group: Projection = {
    name,
    version: members.reduce((version, member) => version * 100 + member.version, 1),
    collections: members.flatMap((member) => member.collections),
    handles: [...new Set(members.flatMap((member) => member.handles))],
    members: members.map((member) => member.name),
    async apply(event, uow) {
      for (let m = 0; m < members.length; m++) if (handledBy[m]!.has(event.type)) await members[m]!.apply(event, uow);
    },
  };
  if (options.order === 'by-member') {
    group.applyBatch = async (events, uow) => {
      for (let m = 0; m < members.length; m++) {
        const member = members[m]!;
        const handled = events.filter((event) => handledBy[m]!.has(event.type));
        if (handled.length === 0) continue;
        if (member.applyBatch) await member.applyBatch(handled, uow);
        else for (const event of handled) await member.apply(event, uow);
      }
    };
  }
  return group;
}
