/**
 * The read store port: collections of JSON documents keyed by id, queried through a deliberately
 * small filter language (equality, `$in`, ranges, prefix) that maps one to one onto MongoDB
 * queries and SQL, and only over declared indexes. Documents and a projection checkpoint are
 * written together by a unit of work, so a read model never runs ahead of or behind its
 * checkpoint.
 */
import type { Position } from '../eventstore/port.ts';

export type Scalar = string | number | boolean | null;
export type Document = { [key: string]: unknown };

export type FieldCondition =
  | Scalar
  | { $eq: Scalar }
  | { $in: Scalar[] }
  | { $gt?: Scalar; $gte?: Scalar; $lt?: Scalar; $lte?: Scalar }
  | { $prefix: string };

/** Conditions on indexed fields (dot paths allowed), all of which must hold. */
export type Filter = { [field: string]: FieldCondition };

export interface CollectionSpec {
  name: string;
  /** Fields that may be filtered and sorted on (dot paths into the document). */
  indexes: string[];
}

export interface FindOptions {
  /** An indexed field; ties and the default order are by document id. */
  sort?: { field: string; direction?: 'asc' | 'desc' };
  /** Page size, default 50, at most 1000. */
  limit?: number;
  /** Opaque cursor from a previous page's `next`. */
  after?: string;
}

export interface Page<T> {
  items: T[];
  /** Cursor of the next page, or null on the last page. */
  next: string | null;
}

export interface Checkpoint {
  position: Position | null;
  /** The projection's version when it wrote this checkpoint; a new version means rebuild. */
  version: number;
}

export interface UnitOfWork {
  get(collection: string, id: string): Promise<Document | null>;
  put(collection: string, id: string, doc: Document): void;
  delete(collection: string, id: string): void;
  setCheckpoint(name: string, checkpoint: Checkpoint): void;
}

export interface ReadStore {
  /** Declares a collection and its indexes; idempotent, creates what is missing. */
  ensureCollection(spec: CollectionSpec): Promise<void>;
  get(collection: string, id: string): Promise<Document | null>;
  find(collection: string, filter: Filter, options?: FindOptions): Promise<Page<Document>>;
  /**
   * Runs `work` and commits every put, delete and checkpoint it recorded atomically; nothing is
   * written if it throws. Reads inside see the unit's own uncommitted writes.
   */
  transact<T>(work: (uow: UnitOfWork) => Promise<T>): Promise<T>;
  getCheckpoint(name: string): Promise<Checkpoint | null>;
  /**
   * Every checkpoint stored, those of consumers no longer run (a projection renamed or regrouped)
   * too: none may lie past the log's end, whoever wrote it, since events are never removed.
   */
  listCheckpoints(): Promise<{ name: string; checkpoint: Checkpoint }[]>;
  /** Removes every document of the collections and the checkpoint, atomically (projection rebuild). */
  reset(checkpointName: string, collections: string[]): Promise<void>;
  /**
   * Takes or renews the lease `name` for `owner` until `now + ttlMs` when it is free, expired or
   * already `owner`'s. Returns whether `owner` holds it. Time is passed in: the store never reads the clock.
   */
  acquireLease(name: string, owner: string, now: number, ttlMs: number): Promise<boolean>;
  releaseLease(name: string, owner: string): Promise<void>;
  close(): Promise<void>;
}

/** A filter or sort named a field that is not a declared index, or used an unknown operator. */
export class InvalidQueryError extends Error {
  override readonly name = 'InvalidQueryError';
  /** The option at fault when it is one (`after`: a cursor that is not one of ours), for the caller to name. */
  constructor(message: string, readonly option: string | null = null) {
    super(message);
  }
}

/** Every document matching a filter, page by page (for work that needs all of them, not a page). */
export async function findAll<D extends Document>(readStore: ReadStore, collection: string, filter: Filter, options: Pick<FindOptions, 'sort'> = {}): Promise<D[]> {
  const all: D[] = [];
  await forEachDocument<D>(readStore, collection, filter, (document) => {
    all.push(document);
  }, options);
  return all;
}

/** Visits every document matching a filter, holding one page at a time (a run's 100,000 invoices). */
export async function forEachDocument<D extends Document>(
  readStore: ReadStore,
  collection: string,
  filter: Filter,
  /** May be async: a promise it returns is awaited before the next document (a sync visitor costs no await). */
  visit: (document: D) => unknown,
  options: Pick<FindOptions, 'sort'> = {},
): Promise<void> {
  let after: string | undefined;
  do {
    const page = await readStore.find(collection, filter, { ...options, limit: 1000, ...(after ? { after } : {}) });
    for (const document of page.items) {
      const visited = visit(document as D);
      if (visited instanceof Promise) await visited;
    }
    after = page.next ?? undefined;
  } while (after);
}
