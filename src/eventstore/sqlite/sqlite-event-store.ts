/**
 * The embedded event store: one SQLite file in WAL mode, durable by default (`synchronous=FULL`:
 * an acknowledged append survives a power cut, as in EventStoreDB).
 *
 * Appends that arrive in the same turn of the event loop are grouped into one transaction, so
 * one fsync acknowledges all of them; each append still succeeds or fails on its own (a nested
 * transaction per append is a SAVEPOINT). Several processes may share the file: SQLite's single
 * writer lock serializes their transactions, and the revision check inside the transaction makes
 * exactly one of two racing appends win. Positions are the table's rowid: commits are
 * serialized, so a reader never sees position n+1 before n.
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import {
  EventIdConflictError,
  StoreUnavailableError,
  WrongExpectedRevisionError,
  type AllFilter,
  type AppendResult,
  type BatchHandler,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type Position,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeAllOptions,
  type Subscription,
} from '../port.ts';
import { endReadSnapshots, openSqliteFile, ReadSnapshot, WalBound } from './sqlite-file.ts';
import { LiveSubscription } from '../live-subscription.ts';
import { chainHash } from '../chain.ts';

/** `PRAGMA application_id` of a billstream event store file ('BSEV'), so a foreign database is refused. */
const EVENT_STORE_APPLICATION_ID = 0x42534556;
const DEFAULT_PAGE = 1000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position INTEGER PRIMARY KEY,
  stream_id TEXT NOT NULL,
  revision INTEGER NOT NULL,
  event_id TEXT NOT NULL,
  type TEXT NOT NULL,
  data TEXT NOT NULL,
  correlation_id TEXT NOT NULL,
  causation_id TEXT,
  tenant_id TEXT,
  actor TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  schema_version INTEGER NOT NULL,
  chain_previous TEXT,
  chain_hash TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS events_by_stream ON events(stream_id, revision);
CREATE INDEX IF NOT EXISTS events_by_type ON events(type);
DROP INDEX IF EXISTS events_by_id;
`;
// No index on event ids: idempotency is per stream, as in EventStoreDB (an id is looked for in
// the stream appended to, through the stream index). A global unique index cost two random
// B-tree inserts per usage record (a third of the time of recording one, measured on a
// 200,000-record import) to refuse only an id reused in another stream, which EventStoreDB
// does not refuse either. Files made before drop the index when opened.

// The hash chain (../chain.ts): one chain over the whole log, computed inside the append's
// transaction, where the file's write lock makes this process the only writer, so the newest
// row is the predecessor whatever other processes appended. Files made before the chain get
// the two columns when opened; their older events stay unchained and the chain starts at the
// first event appended after.
const CHAIN_COLUMNS = ['chain_previous', 'chain_hash'];

const COLUMNS = 'position, stream_id, revision, event_id, type, data, correlation_id, causation_id, tenant_id, actor, recorded_at, schema_version, chain_previous, chain_hash';

type Row = [number, string, number, string, string, string, string, string | null, string | null, string, string, number, string | null, string | null];

/**
 * A stored event whose data is parsed from its JSON on first access. Consumers read many events
 * they skip (a saga that handles a type only to see what others did, a list that ignores most
 * ratings): parsing every one cost more than reading its row. `data` stays an own enumerable
 * property (an accessor defined with one shared descriptor), so spreading, JSON and deep equality
 * see the same object as before; the text and the parsed value live in private fields.
 * (An object literal with `get data()` was tried: its accessor pair is built per object, which
 * cost more than the parse it saves.)
 */
class StoredEvent implements RecordedEvent {
  position: number;
  streamId: string;
  revision: number;
  id: string;
  type: string;
  declare data: unknown;
  metadata: RecordedEvent['metadata'];
  #text: string | null;
  #data: unknown = undefined;

  constructor(row: Row) {
    this.position = row[0];
    this.streamId = row[1];
    this.revision = row[2];
    this.id = row[3];
    this.type = row[4];
    this.#text = row[5];
    Object.defineProperty(this, 'data', LAZY_DATA);
    this.metadata = {
      correlationId: row[6],
      causationId: row[7],
      tenantId: row[8],
      actor: row[9],
      recordedAt: row[10],
      schemaVersion: row[11],
      ...(row[13] === null ? {} : { chain: { previous: row[12], hash: row[13] } }),
    };
  }

  static dataOf(event: StoredEvent): unknown {
    if (event.#text !== null) {
      event.#data = JSON.parse(event.#text);
      event.#text = null;
    }
    return event.#data;
  }

  static setData(event: StoredEvent, value: unknown): void {
    event.#text = null;
    event.#data = value;
  }
}

const LAZY_DATA: PropertyDescriptor = {
  get(this: StoredEvent) {
    return StoredEvent.dataOf(this);
  },
  set(this: StoredEvent, value: unknown) {
    StoredEvent.setData(this, value);
  },
  enumerable: true,
  configurable: true,
};

function toRecordedEvent(row: Row): RecordedEvent {
  return new StoredEvent(row);
}

interface PendingAppend {
  streamId: string;
  events: NewEvent[];
  expected: ExpectedRevision;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

export interface SqliteEventStoreOptions {
  /** How long to wait for another process's write lock before failing; default 10 s. */
  busyTimeoutMs?: number;
  /** How often live subscriptions look for events appended by other processes; default 50 ms. */
  pollIntervalMs?: number;
  /** `FULL` (default) survives power loss; `NORMAL` only process crashes (tests, benchmarks of the difference). */
  synchronous?: 'FULL' | 'NORMAL';
  /** Size past which the write-ahead log is emptied even while others read (WalBound); default 400 MB. */
  maxWalBytes?: number;
}

export function openSqliteEventStore(file: string, options: SqliteEventStoreOptions = {}): SqliteEventStore {
  return new SqliteEventStore(file, options);
}

export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly reader: ReadSnapshot;
  private readonly walBound: WalBound;
  private readonly checkpointPace: CheckpointPace;
  private pending: PendingAppend[] = [];
  /**
   * The last revision this store committed to a stream it appended to under a numeric expected
   * revision (an aggregate's stream), for the last 10,000 such streams. Events are never deleted:
   * a revision once committed exists for good, in every process.
   */
  private readonly committedRevisions = new Map<string, number>();
  private flushScheduled = false;
  private readonly live: LiveSubscription;
  private closed = false;

  private readonly insertEvent: Database.Statement;
  private readonly newestLink: Database.Statement;
  /** The newest event's position and hash inside the running transaction; undefined: not read yet in it. */
  private chainHead: { position: number; hash: string | null } | undefined;
  private readonly lastRevision: Database.Statement;
  private readonly findInStream: Database.Statement;
  private readonly readStreamFrom: Database.Statement;
  private readonly readWholeStream: Database.Statement;
  private readonly readAllAfter: Database.Statement;
  private readonly head: Database.Statement;
  private readonly nextType: Database.Statement;
  private readonly appendOne: Database.Transaction<(p: PendingAppend) => AppendResult>;
  private readonly appendGroup: Database.Transaction<(group: PendingAppend[]) => (AppendResult | Error)[]>;
  private readonly appendGroupWithoutSavepoints: Database.Transaction<(group: PendingAppend[]) => (AppendResult | Error)[]>;

  constructor(readonly file: string, options: SqliteEventStoreOptions = {}) {
    this.db = openSqliteFile(file, {
      applicationId: EVENT_STORE_APPLICATION_ID,
      purpose: 'event store',
      schema: SCHEMA,
      requiredTables: ['events'],
      synchronous: options.synchronous ?? 'FULL',
      busyTimeoutMs: options.busyTimeoutMs ?? 10_000,
    });
    // An append-only log rewrites the same index leaves between checkpoints (event ids and stream
    // names are random keys): a checkpoint copies each page once however often it changed, so
    // rarer checkpoints write less. 1,000 -> 10,000 pages gave about +10 % on grouped commits;
    // 10,000 -> 50,000 (a log of up to ~200 MB, kept at that size on disk) wrote a fifth less on
    // a 200,000-record usage import and ran it ~10 % faster. Durability is the log's fsync at
    // each commit, whatever the checkpoint interval. Small commits use a shorter log (CheckpointPace).
    this.walBound = new WalBound(this.db, file, LARGE_COMMIT_CHECKPOINT_PAGES, options.maxWalBytes);
    this.checkpointPace = new CheckpointPace(this.db, `${file}-wal`, this.db.pragma('page_size', { simple: true }) as number);
    addChainColumns(this.db);
    // The position is given, not left to the rowid: it is part of what the chain hashes.
    this.insertEvent = this.db.prepare(
      `INSERT INTO events (position, stream_id, revision, event_id, type, data, correlation_id, causation_id, tenant_id, actor, recorded_at, schema_version, chain_previous, chain_hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.newestLink = this.db.prepare('SELECT position, chain_hash FROM events ORDER BY position DESC LIMIT 1').raw();
    this.lastRevision = this.db.prepare('SELECT max(revision) FROM events WHERE stream_id = ?').pluck();
    this.findInStream = this.db.prepare('SELECT revision, position FROM events WHERE stream_id = ? AND event_id = ?').raw();
    this.reader = new ReadSnapshot(file, options.busyTimeoutMs ?? 10_000);
    const reader = this.reader.db;
    this.readStreamFrom = reader.prepare(`SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?`).raw();
    // The whole stream is the common read (fold an aggregate); without the range and LIMIT it runs twice as fast.
    this.readWholeStream = reader.prepare(`SELECT ${COLUMNS} FROM events WHERE stream_id = ? ORDER BY revision`).raw();
    this.readAllAfter = reader.prepare(`SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`).raw();
    this.head = reader.prepare('SELECT max(position) FROM events').pluck();
    this.nextType = reader.prepare('SELECT type FROM events INDEXED BY events_by_type WHERE type > ? ORDER BY type LIMIT 1').pluck();
    this.appendOne = this.db.transaction((p: PendingAppend) => {
      // A savepoint that rolls back takes its rows away: the chain goes on from where it was.
      const head = this.chainHead;
      try {
        return this.appendInTransaction(p);
      } catch (error) {
        this.chainHead = head;
        throw error;
      }
    });
    // The common case needs no savepoints: revision and id checks fail before anything is written.
    // Only an unexpected failure (an event whose data cannot be stored) may leave partial rows;
    // then the whole group is redone with a savepoint per append, so that only that append fails.
    // Savepoints cost a quarter of a grouped commit's time.
    this.appendGroupWithoutSavepoints = this.db.transaction((group: PendingAppend[]) => {
      this.chainHead = undefined;
      return group.map((p) => {
        try {
          return this.appendInTransaction(p);
        } catch (error) {
          if (error instanceof WrongExpectedRevisionError || error instanceof EventIdConflictError) return error;
          throw new NeedsSavepoints();
        }
      });
    });
    this.appendGroup = this.db.transaction((group: PendingAppend[]) => {
      this.chainHead = undefined;
      return group.map((p) => {
        try {
          return this.appendOne(p);
        } catch (error) {
          return error instanceof Error ? error : new Error(String(error));
        }
      });
    });
    this.live = new LiveSubscription(() => this.headPositionSync(), options.pollIntervalMs ?? 50);
  }

  append(streamId: string, events: NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new StoreUnavailableError(`event store ${this.file} is closed`));
    if (events.length === 0) return Promise.reject(new Error(`append to ${streamId}: no events`));
    return new Promise((resolve, reject) => {
      this.pending.push({ streamId, events, expected: expectedRevision, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        // setImmediate, not a microtask: appends issued by other callbacks of this event-loop turn join the group.
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    const group = this.pending;
    if (group.length === 0) return;
    this.pending = [];
    let results: (AppendResult | Error)[];
    let events = 0;
    for (const p of group) events += p.events.length;
    this.checkpointPace.beforeCommit(events);
    // No read transaction of this thread (on either store) may stay open while it waits for the
    // write lock: the lock's holder may be checkpointing (WalBound), which waits for every reader.
    endReadSnapshots();
    try {
      try {
        results = this.appendGroupWithoutSavepoints.immediate(group);
      } catch (error) {
        if (!(error instanceof NeedsSavepoints)) throw error;
        results = this.appendGroup.immediate(group);
      }
    } catch (error) {
      const failure = error instanceof Error && /SQLITE_BUSY|locked/i.test(error.message)
        ? new StoreUnavailableError(`event store ${this.file} is locked by another process: ${error.message}`, { cause: error })
        : error;
      for (const p of group) p.reject(failure);
      return;
    }
    this.reader.end();
    const look = this.checkpointPace.afterCommit(events);
    if (look !== false) this.walBound.afterCommit(look === true ? undefined : look);
    for (let i = 0; i < group.length; i++) {
      const p = group[i]!;
      const result = results[i]!;
      if (result instanceof Error) p.reject(result);
      else {
        // Only now: a revision written by a transaction that then failed would not exist.
        if (typeof p.expected === 'number') this.rememberRevision(p.streamId, result.nextExpectedRevision);
        p.resolve(result);
      }
    }
    this.live.notify();
  }

  private appendInTransaction(p: PendingAppend): AppendResult {
    // A new stream needs no lookup first: its first event takes revision 0, which the unique
    // (stream, revision) index refuses if the stream exists. Imports append thousands of new
    // streams per commit; this saves one index search each.
    if (p.expected === 'noStream') {
      const result = this.insertEvents(p, -1, true);
      if (result !== null) return result;
    }
    // Likewise a numeric expected revision n whose revision is known to exist: then n+1 is free
    // (the unique index again) only if the stream ends at n, as revisions are consecutive. The
    // next append of an aggregate this store appended to saves the lookup of its last revision.
    if (typeof p.expected === 'number' && Number.isInteger(p.expected) && (this.committedRevisions.get(p.streamId) ?? -1) >= p.expected) {
      const result = this.insertEvents(p, p.expected, true);
      if (result !== null) return result;
    }
    const current = this.lastRevision.get(p.streamId) as number | null;
    try {
      checkExpectedRevision(p.streamId, p.expected, current);
    } catch (error) {
      // A retry after a lost acknowledgement expects a revision that its own first attempt moved on.
      return this.storedAlready(p, current) ?? rethrow(error);
    }
    // Under 'any' and 'streamExists' no revision tells a retry from a new append: look for the ids.
    // (After a matching numeric revision, the ids cannot be the ones just stored: EventStoreDB
    // writes them again too.)
    if (current !== null && typeof p.expected === 'string') {
      const replay = this.storedAlready(p, current);
      if (replay) return replay;
    }
    return this.insertEvents(p, current ?? -1, false)!;
  }

  private rememberRevision(streamId: string, revision: number): void {
    const known = this.committedRevisions.get(streamId);
    if (known !== undefined) {
      if (revision > known) this.committedRevisions.set(streamId, revision);
      return;
    }
    if (this.committedRevisions.size >= 10_000) this.committedRevisions.delete(this.committedRevisions.keys().next().value!);
    this.committedRevisions.set(streamId, revision);
  }

  /**
   * Inserts the append's events after `current`. With `firstMayConflict`, a conflict on the first
   * event returns null: a failed INSERT undoes only itself, so nothing of this append is written
   * and the caller looks at the stream as if it had checked first.
   */
  private insertEvents(p: PendingAppend, current: number, firstMayConflict: boolean): AppendResult | null {
    let revision = current;
    let position = 0;
    let head = this.chainHead;
    if (head === undefined) {
      const newest = this.newestLink.get() as [number, string | null] | undefined;
      head = this.chainHead = newest ? { position: newest[0], hash: newest[1] } : { position: 0, hash: null };
    }
    try {
      for (const event of p.events) {
        revision += 1;
        position = head.position + 1;
        const m = event.metadata;
        const dataJson = JSON.stringify(event.data);
        const hash = chainHash(head.hash, { position, streamId: p.streamId, revision, id: event.id, type: event.type, dataJson, metadata: m });
        this.insertEvent.run(
          position, p.streamId, revision, event.id, event.type, dataJson,
          m.correlationId, m.causationId, m.tenantId, m.actor, m.recordedAt, m.schemaVersion, head.hash, hash,
        );
        // Advanced only once the row is in: a refused insert leaves the chain where it was.
        head = this.chainHead = { position, hash };
      }
    } catch (error) {
      // A first revision the stream has already: the unique stream index found it at no extra cost.
      if (firstMayConflict && revision === current + 1 && (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') return null;
      throw error;
    }
    return { nextExpectedRevision: revision, position, alreadyStored: false };
  }

  /**
   * EventStoreDB's idempotency: an append whose events are all stored already in this stream is
   * acknowledged without writing, whatever the expected revision. Some stored and some new is a
   * caller bug and refused. Null when none is stored.
   */
  private storedAlready(p: PendingAppend, current: number | null): AppendResult | null {
    if (current === null) return null;
    let position = 0;
    let stored = 0;
    let fresh: NewEvent | null = null;
    for (const event of p.events) {
      const row = this.findInStream.get(p.streamId, event.id) as [number, number] | undefined;
      if (!row) fresh ??= event;
      else {
        stored += 1;
        position = Math.max(position, row[1]);
      }
    }
    if (stored === 0) return null;
    if (fresh) throw new EventIdConflictError(p.streamId, fresh.id, 'is new while other events of the same append are already stored');
    return { nextExpectedRevision: current, position, alreadyStored: true };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const whole = !options.fromRevision && options.limit === undefined;
    const rows = this.reader.read(() => (whole ? this.readWholeStream.all(streamId) : this.readStreamFrom.all(streamId, options.fromRevision ?? 0, options.limit ?? -1))) as Row[];
    return rows.map(toRecordedEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return this.readAllSync(options.after, options.filter, options.limit ?? DEFAULT_PAGE);
  }

  private readonly filteredStatements = new Map<string, Database.Statement>();

  readAllSync(after: Position | undefined, filter: AllFilter | undefined, limit: number): RecordedEvent[] {
    return this.reader.read(() => this.readAllInSnapshot(after, filter, limit));
  }

  private readAllInSnapshot(after: Position | undefined, filter: AllFilter | undefined, limit: number): RecordedEvent[] {
    const from = after ?? 0;
    const streamPrefixes = filter?.streamPrefixes ?? [];
    const typePrefixes = filter?.eventTypePrefixes ?? [];
    if (typePrefixes.length) return this.readTypes(from, this.typesStartingWith(typePrefixes), streamPrefixes, limit).map(toRecordedEvent);
    if (streamPrefixes.length) return (this.filteredStatement(false, streamPrefixes.length).all(...filterParams(from, null, streamPrefixes, limit)) as Row[]).map(toRecordedEvent);
    return (this.readAllAfter.all(from, limit) as Row[]).map(toRecordedEvent);
  }

  /**
   * A consumer handles a few event types among many: scanning `$all` and testing each row cost a
   * full scan per consumer and catch-up. Instead each matching type is read through the type
   * index (rows of one type come in position order) and the lists are merged by position.
   */
  private readTypes(from: number, types: string[], streamPrefixes: string[], limit: number): Row[] {
    if (types.length === 1) return this.filteredStatement(true, streamPrefixes.length).all(...filterParams(from, types[0]!, streamPrefixes, limit)) as Row[];
    // Merged as they are read: reading `limit` rows of every type and keeping the first `limit`
    // read a saga's page twice over (its recorded events and their ratings alternate), and the
    // rows it dropped were read again for the next page.
    const cursors = types.map((type, slot) => (this.filteredStatement(true, streamPrefixes.length, slot).iterate(...filterParams(from, type, streamPrefixes, limit)) as IterableIterator<Row>));
    try {
      const heads = cursors.map((cursor) => cursor.next().value as Row | undefined);
      const rows: Row[] = [];
      while (rows.length < limit) {
        let next = -1;
        for (let k = 0; k < heads.length; k++) {
          const head = heads[k];
          if (head !== undefined && (next < 0 || head[0] < heads[next]![0])) next = k;
        }
        if (next < 0) break;
        rows.push(heads[next]!);
        heads[next] = cursors[next]!.next().value as Row | undefined;
      }
      return rows;
    } finally {
      for (const cursor of cursors) cursor.return?.();
    }
  }

  /** The distinct event types stored, found by skipping through the type index (one probe per type). */
  private typesStartingWith(prefixes: string[]): string[] {
    const types: string[] = [];
    let last = '';
    for (;;) {
      const next = this.nextType.get(last) as string | undefined;
      if (next === undefined) break;
      if (prefixes.some((p) => next.startsWith(p))) types.push(next);
      last = next;
    }
    return types;
  }

  /**
   * With `byType`, rows of one type (its first parameter) through the type index; else a scan by
   * position. `slot` tells apart statements iterated at the same time (one per merged type).
   */
  private filteredStatement(byType: boolean, streamPrefixCount: number, slot = 0): Database.Statement {
    const key = `${byType}:${streamPrefixCount}:${slot}`;
    let statement = this.filteredStatements.get(key);
    if (!statement) {
      const clauses = ['position > ?'];
      if (byType) clauses.unshift('type = ?');
      if (streamPrefixCount) clauses.push(`(${Array.from({ length: streamPrefixCount }, () => 'substr(stream_id, 1, ?) = ?').join(' OR ')})`);
      statement = this.reader.db.prepare(`SELECT ${COLUMNS} FROM events ${byType ? 'INDEXED BY events_by_type ' : ''}WHERE ${clauses.join(' AND ')} ORDER BY position LIMIT ?`).raw();
      this.filteredStatements.set(key, statement);
    }
    return statement;
  }

  async headPosition(): Promise<Position | null> {
    return this.headPositionSync();
  }

  private headPositionSync(): Position | null {
    return this.reader.read(() => (this.head.get() as number | null) ?? null);
  }

  subscribeAll(options: SubscribeAllOptions, handler: BatchHandler): Subscription {
    return this.live.subscribe(options, handler, (after, filter, limit) => this.readAllSync(after, filter, limit));
  }

  onAppended(listener: () => void): { stop(): void } {
    return this.live.watch(listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.live.stopAll();
    // Appends queued but not flushed yet are still written: they may have been acknowledged to nobody yet, but their callers wait.
    if (this.pending.length) this.flush();
    this.reader.close();
    this.db.close();
  }
}

class NeedsSavepoints extends Error {}

function addChainColumns(db: Database.Database): void {
  const present = new Set((db.prepare('PRAGMA table_info(events)').all() as { name: string }[]).map((c) => c.name));
  const missing = CHAIN_COLUMNS.filter((c) => !present.has(c));
  if (missing.length === 0) return;
  try {
    db.transaction(() => {
      for (const column of missing) db.exec(`ALTER TABLE events ADD COLUMN ${column} TEXT`);
    }).immediate();
  } catch (error) {
    // Another process opening the same file at the same moment added them first.
    if (!/duplicate column/i.test((error as Error).message)) throw error;
  }
}

/** Pages of log past which a commit checkpoints (PRAGMA wal_autocheckpoint), for large commits. */
const LARGE_COMMIT_CHECKPOINT_PAGES = 50_000;
/** The same for small commits: SQLite's default. */
const SMALL_COMMIT_CHECKPOINT_PAGES = 1_000;
/** A group commit of at most this many events is small (a request's append, a handful of them). */
const SMALL_COMMIT_EVENTS = 64;
/** Consecutive small commits before the short log is used: one large commit among small ones keeps the long one. */
const SMALL_COMMIT_STREAK = 16;
/** Small commits between two looks at the log's size (at most half the streak). */
const SMALL_COMMITS_PER_LOOK = 8;

/**
 * Chooses the automatic checkpoint's interval by the size of the commits, and when to look at
 * the log's size.
 *
 * The long log of large commits (imports, bill runs) is what made small commits slow: a log
 * that starts over every 1,000 pages stays in a few MB that are written over, while the long one
 * grows for its first 200 MB (in every process that opens the store, and after every truncation
 * by WalBound), and an fsync that also grows the file took twice as long here (205 µs against
 * 95 µs). Small commits gain nothing from the long log: they rewrite the same few pages (the ends
 * of the indexes, the last table page), which a checkpoint copies once either way. The short log
 * is used only while the file is small, i.e. while it does start over: when readers keep it from
 * starting over (see WalBound), a short interval would checkpoint at every commit; and a file
 * grown by another connection's large commits keeps their interval.
 *
 * The size is looked at after every large commit (by WalBound) and after every 8th small one, not
 * after each: two file stats per commit (this and WalBound) cost about 5 % of a single append's
 * time, and 8 small commits (at most 512 events) can take the log only a few MB past its bound.
 */
class CheckpointPace {
  private pages = LARGE_COMMIT_CHECKPOINT_PAGES;
  private smallStreak = 0;
  private smallSinceLook = 0;
  private shortLog: boolean;
  private readonly shortLogBytes: number;

  constructor(private readonly db: Database.Database, private readonly walFile: string, pageSize: number) {
    // A log that starts over stays a little past the interval; four times it has not started over.
    this.shortLogBytes = 4 * SMALL_COMMIT_CHECKPOINT_PAGES * pageSize;
    this.shortLog = this.walSize() < this.shortLogBytes;
  }

  /** Before the group's commit: the interval its commit checkpoints at. */
  beforeCommit(events: number): void {
    this.smallStreak = events <= SMALL_COMMIT_EVENTS ? this.smallStreak + 1 : 0;
    const pages = this.smallStreak >= SMALL_COMMIT_STREAK && this.shortLog ? SMALL_COMMIT_CHECKPOINT_PAGES : LARGE_COMMIT_CHECKPOINT_PAGES;
    if (pages !== this.pages) {
      this.db.pragma(`wal_autocheckpoint = ${pages}`);
      this.pages = pages;
    }
  }

  /**
   * After the commit: whether WalBound is to look at the log's size now; the size when this has
   * just looked at it (WalBound then need not stat the file again), true when WalBound is to.
   */
  afterCommit(events: number): number | boolean {
    // After a large commit only WalBound looks: the short log waits for a streak of 16 small
    // commits, which looks at the size twice on its way.
    if (events > SMALL_COMMIT_EVENTS) return true;
    if (++this.smallSinceLook < SMALL_COMMITS_PER_LOOK) return false;
    this.smallSinceLook = 0;
    const size = this.walSize();
    this.shortLog = size < this.shortLogBytes;
    return size;
  }

  private walSize(): number {
    return fs.statSync(this.walFile, { throwIfNoEntry: false })?.size ?? 0;
  }
}

function rethrow(error: unknown): never {
  throw error;
}

function filterParams(from: number, type: string | null, streamPrefixes: string[], limit: number): (string | number)[] {
  const params: (string | number)[] = type === null ? [from] : [type, from];
  for (const prefix of streamPrefixes) params.push(prefix.length, prefix);
  params.push(limit);
  return params;
}

export function checkExpectedRevision(streamId: string, expected: ExpectedRevision, current: number | null): void {
  const ok =
    expected === 'any' ||
    (expected === 'noStream' && current === null) ||
    (expected === 'streamExists' && current !== null) ||
    (typeof expected === 'number' && current === expected);
  if (!ok) throw new WrongExpectedRevisionError(streamId, expected, current);
}
