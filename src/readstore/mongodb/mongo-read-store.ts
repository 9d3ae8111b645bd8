/**
 * The distributed read store: the read store port on MongoDB.
 *
 * Mapping:
 * - collection `name` -> MongoDB collection `rm_<name>` holding `{ _id: id, d: doc }`. The document
 *   is nested under `d` so its own fields (an `id`, an `_id`) never collide with the key. Every
 *   declared index field `f` gets a compound index `{ 'd.f': 1, _id: 1 }`, which serves both the
 *   filter and the (field, id) order that pagination walks, in either direction.
 * - checkpoints -> `rm__checkpoints` `{ _id: name, position, version }`.
 * - leases -> `rm__leases` `{ _id: name, owner, expiresAt }`. Collection names starting with `_`
 *   are reserved so that no read model can be called `_checkpoints` or `_leases`.
 * - a unit of work buffers its writes in memory and commits documents and checkpoint in one
 *   MongoDB transaction, so a read model never runs ahead of or behind its checkpoint.
 *
 * Transactions need a replica set (or a sharded cluster); a standalone `mongod` is refused when
 * the store opens rather than failing at the first projection commit. The compose file therefore
 * runs MongoDB as a single-node replica set (`mongod --replSet rs0` plus a one-off
 * `rs.initiate()`). When the member's advertised host name is not resolvable from the client
 * (containers), connect with `?directConnection=true`.
 *
 * Documents are stored as their JSON form (as the SQLite adapter stores them), so both tiers hold
 * the same values and a rebuild yields byte-identical documents: BSON keeps key order, and with
 * the driver's default promotion every number comes back as a JS number.
 */
import {
  MongoClient,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoServerClosedError,
  MongoServerError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
  type AnyBulkWriteOperation,
  type ClientSession,
  type Collection,
  type Db,
  type Document as BsonDocument,
  type Filter as MongoFilter,
  type Sort,
} from 'mongodb';
import { StoreUnavailableError, type Position } from '../../eventstore/port.ts';
import {
  InvalidQueryError,
  type Checkpoint,
  type CollectionSpec,
  type Document,
  type Filter,
  type FindOptions,
  type Page,
  type ReadStore,
  type Scalar,
  type UnitOfWork,
} from '../port.ts';
import { encodeCursor, fieldValue, normalizeQuery, type NormalizedCondition, type NormalizedQuery } from '../query.ts';

export interface MongoReadStoreOptions {
  /** Database to use; default: the one named in the URL, else `billstream`. */
  dbName?: string;
  /** How long to look for a reachable server before giving up; default 10 s (the driver's is 30 s). */
  serverSelectionTimeoutMS?: number;
}

const DEFAULT_DB_NAME = 'billstream';
const DEFAULT_SERVER_SELECTION_TIMEOUT_MS = 10_000;
const COLLECTION_PREFIX = 'rm_';
const CHECKPOINTS_COLLECTION = 'rm__checkpoints';
const LEASES_COLLECTION = 'rm__leases';
const DUPLICATE_KEY = 11000;
const NAMESPACE_EXISTS = 48;

type StoredDocument = { _id: string; d: Document };
type StoredCheckpoint = { _id: string; position: Position | null; version: number };
type StoredLease = { _id: string; owner: string; expiresAt: number };

export async function openMongoReadStore(url: string, options: MongoReadStoreOptions = {}): Promise<ReadStore> {
  const label = withoutPassword(url);
  // An explicit option overrides the URL in the driver, so the default applies only when the URL
  // does not set its own timeout.
  const serverSelectionTimeoutMS =
    options.serverSelectionTimeoutMS ??
    (/[?&]serverSelectionTimeoutMS=/i.test(url) ? undefined : DEFAULT_SERVER_SELECTION_TIMEOUT_MS);
  let client: MongoClient;
  try {
    client = new MongoClient(url, serverSelectionTimeoutMS === undefined ? {} : { serverSelectionTimeoutMS });
  } catch (error) {
    throw new StoreUnavailableError(`MongoDB read store ${label}: invalid connection URL: ${messageOf(error)}`, { cause: error });
  }
  try {
    await client.connect();
    await requireTransactions(client, label);
    const store = new MongoReadStore(client, client.db(options.dbName ?? databaseInUrl(url) ?? DEFAULT_DB_NAME), label);
    await store.createSystemCollections();
    return store;
  } catch (error) {
    await client.close().catch(() => undefined);
    if (error instanceof StoreUnavailableError) throw error;
    throw new StoreUnavailableError(`cannot open MongoDB read store at ${label}: ${messageOf(error)}`, { cause: error });
  }
}

async function requireTransactions(client: MongoClient, label: string): Promise<void> {
  const hello = await client.db('admin').command({ hello: 1 });
  const replicaSetMember = typeof hello.setName === 'string';
  const mongos = hello.msg === 'isdbgrid';
  if (!replicaSetMember && !mongos) {
    throw new StoreUnavailableError(
      `MongoDB at ${label} is a standalone server; the read store commits documents and checkpoints in ` +
        'transactions, which need a replica set: run mongod with --replSet (a single node is enough) and rs.initiate() it',
    );
  }
}

class MongoReadStore implements ReadStore {
  private readonly specs = new Map<string, CollectionSpec>();
  private readonly checkpoints: Collection<StoredCheckpoint>;
  private readonly leases: Collection<StoredLease>;
  private closed = false;

  constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
    private readonly label: string,
  ) {
    this.checkpoints = db.collection<StoredCheckpoint>(CHECKPOINTS_COLLECTION);
    this.leases = db.collection<StoredLease>(LEASES_COLLECTION);
  }

  /** Created up front: implicit creation inside a transaction fails on servers before 4.4 and on some sharded setups. */
  async createSystemCollections(): Promise<void> {
    await this.createCollectionIfMissing(CHECKPOINTS_COLLECTION);
    await this.createCollectionIfMissing(LEASES_COLLECTION);
  }

  async ensureCollection(spec: CollectionSpec): Promise<void> {
    this.assertOpen();
    if (spec.name.startsWith('_')) {
      throw new Error(`collection ${spec.name}: names starting with _ are reserved for the store's own collections`);
    }
    await this.guard(`ensure collection ${spec.name}`, async () => {
      await this.createCollectionIfMissing(COLLECTION_PREFIX + spec.name);
      if (spec.indexes.length > 0) {
        // Same keys and (default) names as before: createIndexes is then a no-op, hence idempotent.
        await this.documents(spec.name).createIndexes(
          spec.indexes.map((field) => ({ key: { [storedPath(field)]: 1, _id: 1 } })),
        );
      }
    });
    const known = this.specs.get(spec.name)?.indexes ?? [];
    this.specs.set(spec.name, { name: spec.name, indexes: [...new Set([...known, ...spec.indexes])] });
  }

  async get(collection: string, id: string): Promise<Document | null> {
    this.assertOpen();
    const row = await this.guard(`get ${collection}/${id}`, () => this.documents(collection).findOne({ _id: id }));
    return row ? row.d : null;
  }

  async find(collection: string, filter: Filter, options?: FindOptions): Promise<Page<Document>> {
    this.assertOpen();
    const spec = this.specs.get(collection);
    if (!spec) throw new InvalidQueryError(`collection ${collection} is not declared (ensureCollection first)`);
    const query = normalizeQuery(spec, filter, options);
    const clauses = query.conditions.map(({ field, condition }) => conditionClause(storedPath(field), condition));
    if (query.after) clauses.push(afterClause(query));
    const order = query.direction === 'asc' ? 1 : -1;
    const sort: Sort = query.sortField ? { [storedPath(query.sortField)]: order, _id: order } : { _id: order };
    // One row more than asked tells whether a next page exists without a second query.
    const rows = await this.guard(`find in ${collection}`, () =>
      this.documents(collection).find(allOf(clauses), { sort, limit: query.limit + 1 }).toArray(),
    );
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    let next: string | null = null;
    if (rows.length > query.limit && last) {
      next = query.sortField
        ? encodeCursor({ value: fieldValue(last.d, query.sortField), id: last._id })
        : encodeCursor({ id: last._id });
    }
    return { items: items.map((row) => row.d), next };
  }

  async transact<T>(work: (uow: UnitOfWork) => Promise<T>): Promise<T> {
    this.assertOpen();
    const unit = new BufferedUnitOfWork((collection, id) => this.get(collection, id));
    let result: T;
    try {
      result = await work(unit);
    } finally {
      unit.seal();
    }
    if (unit.isEmpty()) return result;
    await this.inTransaction('commit unit of work', async (session) => {
      for (const [collection, writes] of unit.documentWrites) {
        const operations: AnyBulkWriteOperation<StoredDocument>[] = [...writes].map(([id, doc]) =>
          doc === null
            ? { deleteOne: { filter: { _id: id } } }
            : { replaceOne: { filter: { _id: id }, replacement: { d: doc }, upsert: true } },
        );
        await this.documents(collection).bulkWrite(operations, { session, ordered: true });
      }
      if (unit.checkpointWrites.size > 0) {
        const operations: AnyBulkWriteOperation<StoredCheckpoint>[] = [...unit.checkpointWrites].map(([name, checkpoint]) => ({
          replaceOne: {
            filter: { _id: name },
            replacement: { position: checkpoint.position, version: checkpoint.version },
            upsert: true,
          },
        }));
        await this.checkpoints.bulkWrite(operations, { session, ordered: true });
      }
    });
    return result;
  }

  async getCheckpoint(name: string): Promise<Checkpoint | null> {
    this.assertOpen();
    const row = await this.guard(`get checkpoint ${name}`, () => this.checkpoints.findOne({ _id: name }));
    return row ? { position: row.position ?? null, version: row.version } : null;
  }

  async listCheckpoints(): Promise<{ name: string; checkpoint: Checkpoint }[]> {
    this.assertOpen();
    const rows = await this.guard('list checkpoints', () => this.checkpoints.find({}).sort({ _id: 1 }).toArray());
    return rows.map((row) => ({ name: row._id, checkpoint: { position: row.position ?? null, version: row.version } }));
  }

  async reset(checkpointName: string, collections: string[]): Promise<void> {
    this.assertOpen();
    await this.inTransaction(`reset ${checkpointName}`, async (session) => {
      for (const collection of collections) await this.documents(collection).deleteMany({}, { session });
      await this.checkpoints.deleteOne({ _id: checkpointName }, { session });
    });
  }

  async acquireLease(name: string, owner: string, now: number, ttlMs: number): Promise<boolean> {
    this.assertOpen();
    try {
      const lease = await this.leases.findOneAndUpdate(
        { _id: name, $or: [{ expiresAt: { $lte: now } }, { owner }] },
        { $set: { owner, expiresAt: now + ttlMs } },
        { upsert: true, returnDocument: 'after' },
      );
      return lease?.owner === owner;
    } catch (error) {
      // The filter did not match because someone else holds a live lease, so the upsert tried to
      // insert a second document with the same _id: the unique _id index is what makes the take-over atomic.
      if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) return false;
      throw this.translate(`acquire lease ${name}`, error);
    }
  }

  async releaseLease(name: string, owner: string): Promise<void> {
    this.assertOpen();
    await this.guard(`release lease ${name}`, () => this.leases.deleteOne({ _id: name, owner }));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.client.close();
  }

  private documents(collection: string): Collection<StoredDocument> {
    return this.db.collection<StoredDocument>(COLLECTION_PREFIX + collection);
  }

  private async createCollectionIfMissing(name: string): Promise<void> {
    try {
      await this.db.createCollection(name);
    } catch (error) {
      // Another process (or an earlier run) created it: that is the state we want.
      if (!(error instanceof MongoServerError && error.code === NAMESPACE_EXISTS)) throw error;
    }
  }

  private async inTransaction(what: string, writes: (session: ClientSession) => Promise<void>): Promise<void> {
    const session = this.client.startSession();
    try {
      // withTransaction retries the whole callback on transient errors; the callback only replays
      // writes prepared beforehand, so a retry writes exactly the same thing.
      await this.guard(what, () => session.withTransaction(writes, { writeConcern: { w: 'majority' } }));
    } finally {
      await session.endSession();
    }
  }

  private async guard<T>(what: string, operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw this.translate(what, error);
    }
  }

  /** Lost connections become the port's StoreUnavailableError; anything else (a bug, a server refusal) stays as it is. */
  private translate(what: string, error: unknown): unknown {
    const connectionLost =
      error instanceof MongoNetworkError ||
      error instanceof MongoServerSelectionError ||
      error instanceof MongoNotConnectedError ||
      error instanceof MongoServerClosedError ||
      error instanceof MongoTopologyClosedError;
    return connectionLost
      ? new StoreUnavailableError(`MongoDB read store at ${this.label} unavailable (${what}): ${messageOf(error)}`, { cause: error })
      : error;
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreUnavailableError(`MongoDB read store at ${this.label} is closed`);
  }
}

/**
 * Writes are kept here until the unit commits; reads see them first. Documents are copied through
 * JSON on the way in and out so that later mutation by the caller cannot change what is committed,
 * and so that what is stored is exactly the JSON the SQLite adapter would store.
 */
class BufferedUnitOfWork implements UnitOfWork {
  /** Per collection, per id: the document to write, or null for a delete. */
  readonly documentWrites = new Map<string, Map<string, Document | null>>();
  readonly checkpointWrites = new Map<string, Checkpoint>();
  private sealed = false;

  constructor(private readonly readCommitted: (collection: string, id: string) => Promise<Document | null>) {}

  async get(collection: string, id: string): Promise<Document | null> {
    const writes = this.documentWrites.get(collection);
    if (writes?.has(id)) {
      const doc = writes.get(id) ?? null;
      return doc === null ? null : jsonCopy(doc);
    }
    return this.readCommitted(collection, id);
  }

  put(collection: string, id: string, doc: Document): void {
    this.record(collection, id, jsonCopy(doc));
  }

  delete(collection: string, id: string): void {
    this.record(collection, id, null);
  }

  setCheckpoint(name: string, checkpoint: Checkpoint): void {
    this.assertOpen();
    this.checkpointWrites.set(name, { position: checkpoint.position, version: checkpoint.version });
  }

  isEmpty(): boolean {
    return this.documentWrites.size === 0 && this.checkpointWrites.size === 0;
  }

  /** Called once `work` has settled: a write recorded after that would silently be lost. */
  seal(): void {
    this.sealed = true;
  }

  private record(collection: string, id: string, doc: Document | null): void {
    this.assertOpen();
    let writes = this.documentWrites.get(collection);
    if (!writes) {
      writes = new Map();
      this.documentWrites.set(collection, writes);
    }
    writes.set(id, doc);
  }

  private assertOpen(): void {
    if (this.sealed) throw new Error('unit of work already finished: writes must happen inside the transact callback');
  }
}

/** Document fields live under `d`; the port's `id` is the key. */
function storedPath(field: string): string {
  return field === 'id' ? '_id' : `d.${field}`;
}

/** Matches no document; used where SQL's three-valued logic makes a comparison with null unknown. */
const MATCH_NOTHING: BsonDocument = { _id: { $in: [] } };

function conditionClause(path: string, condition: NormalizedCondition): BsonDocument {
  switch (condition.op) {
    case 'eq':
      // `{ f: null }` matches null and missing fields alike, like `json_extract(...) IS NULL`.
      return { [path]: condition.value };
    case 'in':
      return { [path]: { $in: condition.values } };
    case 'range': {
      const bounds = Object.entries(condition.bounds);
      // In SQL `x > NULL` is never true; MongoDB would instead match null/missing for $gte/$lte null.
      if (bounds.some(([, bound]) => bound === null)) return MATCH_NOTHING;
      return { [path]: Object.fromEntries(bounds) };
    }
    case 'prefix':
      return { [path]: { $regex: `^${escapeRegex(condition.prefix)}` } };
    default: {
      const unknownCondition: never = condition;
      throw new InvalidQueryError(`unsupported condition ${JSON.stringify(unknownCondition)}`);
    }
  }
}

/**
 * Everything strictly after the cursor's (value, id) in the page order. Null (or missing) values
 * sort before every other value ascending, hence after every other value descending.
 */
function afterClause(query: NormalizedQuery): BsonDocument {
  const cursor = query.after;
  if (!cursor) return {};
  const beyond = query.direction === 'asc' ? '$gt' : '$lt';
  if (!query.sortField) return { _id: { [beyond]: cursor.id } };
  const path = storedPath(query.sortField);
  const value = cursor.value ?? null;
  // The cursor arrives from API clients: only a scalar may be spliced into a query, or an object
  // value such as `{ "$where": ... }` would become an operator.
  if (!isScalar(value)) throw new InvalidQueryError('invalid cursor', 'after');
  const sameValueLaterId = { [path]: value, _id: { [beyond]: cursor.id } };
  if (query.direction === 'asc') {
    return value === null
      ? { $or: [sameValueLaterId, { [path]: { $ne: null } }] }
      : { $or: [sameValueLaterId, { [path]: { $gt: value } }] };
  }
  return value === null
    ? sameValueLaterId
    : { $or: [sameValueLaterId, { [path]: { $lt: value } }, { [path]: null }] };
}

function allOf(clauses: BsonDocument[]): MongoFilter<StoredDocument> {
  if (clauses.length === 0) return {};
  if (clauses.length === 1) return clauses[0] as MongoFilter<StoredDocument>;
  return { $and: clauses };
}

function isScalar(value: unknown): value is Scalar {
  return value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function jsonCopy(doc: Document): Document {
  return JSON.parse(JSON.stringify(doc)) as Document;
}

/** The URL for messages and logs: the password replaced, everything else kept so the operator sees which server. */
function withoutPassword(url: string): string {
  const schemeEnd = url.indexOf('://');
  if (schemeEnd < 0) return url;
  const authorityStart = schemeEnd + 3;
  const queryStart = url.indexOf('?', authorityStart);
  const at = url.lastIndexOf('@', queryStart < 0 ? url.length : queryStart);
  if (at < authorityStart) return url;
  const userInfo = url.slice(authorityStart, at);
  const colon = userInfo.indexOf(':');
  if (colon < 0) return url;
  return `${url.slice(0, authorityStart)}${userInfo.slice(0, colon)}:***${url.slice(at)}`;
}

/** `mongodb://host/db?…` -> `db`; undefined when the URL names no database. */
function databaseInUrl(url: string): string | undefined {
  const schemeEnd = url.indexOf('://');
  if (schemeEnd < 0) return undefined;
  const rest = url.slice(schemeEnd + 3).split('?')[0] ?? '';
  const hostsAndPath = rest.slice(rest.lastIndexOf('@') + 1);
  const slash = hostsAndPath.indexOf('/');
  const name = slash < 0 ? '' : decodeURIComponent(hostsAndPath.slice(slash + 1));
  return name === '' ? undefined : name;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
