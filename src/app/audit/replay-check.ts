/**
 * `billstream replay --check`: the auditors' guarantee that every read model is what its events
 * make (DESIGN.md: a rebuild produces identical documents), checked without touching the live
 * store. Every projection is rebuilt into a scratch read store from the event store, up to the
 * position the live read models reflect; then both stores are walked collection by collection in
 * id order (one page of each at a time) and every difference is reported by collection, id and field.
 */
import type { Clock } from '../../core/clock.ts';
import type { EventStore, Position } from '../../eventstore/port.ts';
import type { Document, ReadStore } from '../../readstore/port.ts';
import type { Projection } from '../../processing/projection.ts';
import { projectionConsumer } from '../../processing/projection-runner.ts';

export interface ReplayCheckDeps {
  eventStore: EventStore;
  /** The live read store, up to date with `target`. */
  readStore: ReadStore;
  /** An empty read store the projections are rebuilt into. */
  scratch: ReadStore;
  clock: Clock;
  projections: Projection[];
  /** This process's identity in leases (of the scratch store). */
  owner: string;
}

export interface ReadModelDifference {
  collection: string;
  id: string;
  /** The top-level field that differs; null when the document exists on one side only. */
  field: string | null;
  /** `missing-live`: the rebuild has it, the live store not; `missing-rebuilt`: the reverse. */
  kind: 'field' | 'missing-live' | 'missing-rebuilt';
  live?: unknown;
  rebuilt?: unknown;
}

export interface ReplayCheckReport {
  ok: boolean;
  target: Position | null;
  checked: { projections: number; collections: number; documents: number };
  /** Every difference up to `limit`; `differenceCount` counts them all. */
  differences: ReadModelDifference[];
  differenceCount: number;
}

export async function replayCheck(
  deps: ReplayCheckDeps,
  target: Position | null,
  options: { limit?: number; onProjection?: (name: string, documents: number) => void } = {},
): Promise<ReplayCheckReport> {
  const limit = options.limit ?? 1000;
  const differences: ReadModelDifference[] = [];
  let differenceCount = 0;
  const report = (difference: ReadModelDifference) => {
    differenceCount += 1;
    if (differences.length < limit) differences.push(difference);
  };
  const checked = { projections: 0, collections: 0, documents: 0 };
  for (const projection of deps.projections) {
    const consumer = await projectionConsumer({ eventStore: deps.eventStore, readStore: deps.scratch, clock: deps.clock }, projection, { owner: deps.owner });
    await consumer.waitFor(target);
    await consumer.stop();
    checked.projections += 1;
    let documents = 0;
    for (const collection of projection.collections) {
      checked.collections += 1;
      documents += await compareCollection(deps.readStore, deps.scratch, collection.name, report);
    }
    checked.documents += documents;
    options.onProjection?.(projection.name, documents);
  }
  return { ok: differenceCount === 0, target, checked, differences, differenceCount };
}

/** Merges both stores' documents in id order (their default order), a page of each at a time. */
async function compareCollection(live: ReadStore, rebuilt: ReadStore, collection: string, report: (d: ReadModelDifference) => void): Promise<number> {
  const left = pages(live, collection);
  const right = pages(rebuilt, collection);
  let a = await left.next();
  let b = await right.next();
  let documents = 0;
  while (!a.done || !b.done) {
    documents += 1;
    const order = a.done ? 1 : b.done ? -1 : compareIds(idOf(a.value), idOf(b.value));
    if (order < 0) {
      report({ collection, id: idOf(a.value!), field: null, kind: 'missing-rebuilt' });
      a = await left.next();
    } else if (order > 0) {
      report({ collection, id: idOf(b.value!), field: null, kind: 'missing-live' });
      b = await right.next();
    } else {
      compareDocuments(collection, a.value!, b.value!, report);
      a = await left.next();
      b = await right.next();
    }
  }
  return documents;
}

async function* pages(store: ReadStore, collection: string): AsyncGenerator<Document> {
  let after: string | undefined;
  do {
    const page = await store.find(collection, {}, { limit: 1000, ...(after ? { after } : {}) });
    yield* page.items;
    after = page.next ?? undefined;
  } while (after);
}

function idOf(document: Document): string {
  return String(document.id);
}

/** Byte order of the ids' UTF-8, the order both SQLite (BINARY) and MongoDB sort strings in. */
function compareIds(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function compareDocuments(collection: string, live: Document, rebuilt: Document, report: (d: ReadModelDifference) => void): void {
  const fields = new Set([...Object.keys(live), ...Object.keys(rebuilt)]);
  for (const field of fields) {
    // Key order is part of a document's bytes: "byte-identical" is what the rebuild promises.
    if (JSON.stringify(live[field]) !== JSON.stringify(rebuilt[field])) report({ collection, id: idOf(live), field, kind: 'field', live: live[field], rebuilt: rebuilt[field] });
  }
}
