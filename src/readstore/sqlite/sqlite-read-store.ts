/**
 * The embedded read store: a SQLite file with one table per collection (`rm_<name>`: id, the
 * JSON document, and one column per declared index field, filled from the document in
 * JavaScript on every write: SQLite never re-parses the JSON to maintain its indexes, which made
 * projections several times slower). Read models are rebuildable from
 * the event store, so this file runs with `synchronous=NORMAL`: a power cut may lose the last
 * commits, but documents and checkpoint are always lost together, and the projection re-applies
 * the same events.
 */
import type Database from 'better-sqlite3';
import { endReadSnapshots, openSqliteFile, ReadSnapshot, WalBound } from '../../eventstore/sqlite/sqlite-file.ts';
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
import { encodeCursor, fieldValue, normalizeQuery, type NormalizedCondition, type TextPage } from '../query.ts';

/** `PRAGMA application_id` of a billstream read store file ('BSRM'). */
const READ_STORE_APPLICATION_ID = 0x4253524d;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS checkpoints (name TEXT PRIMARY KEY, position INTEGER, version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS leases (name TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS collections (name TEXT PRIMARY KEY, indexes TEXT NOT NULL);
`;

/** Page cache per connection, in KiB (SQLite's negative `cache_size`). */
const PAGE_CACHE_KIB = 16384;

const COLLECTION_NAME = /^[a-z][a-z0-9_]*$/;
const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const PAGE_START = Buffer.from('{"items":[');
const EMPTY = Buffer.alloc(0);
/** Greater than every character: `prefix <= x < prefix + MAX_CHAR` is an index range for "starts with prefix". */
const MAX_CHAR = '\u{10FFFF}';

function tableOf(collection: string): string {
  if (!COLLECTION_NAME.test(collection)) throw new InvalidQueryError(`invalid collection name ${collection}`);
  return `rm_${collection}`;
}

function columnOf(field: string): string {
  if (field === 'id') return 'id';
  if (!FIELD_PATH.test(field)) throw new InvalidQueryError(`invalid field path ${field}`);
  return `f_${field.replace(/\./g, '__')}`;
}

/** SQLite has no booleans: JSON true/false come out of json_extract as 1/0. */
function bindable(value: Scalar): string | number | null {
  return typeof value === 'boolean' ? (value ? 1 : 0) : value;
}

export interface SqliteReadStoreOptions {
  busyTimeoutMs?: number;
}

export function openSqliteReadStore(file: string, options: SqliteReadStoreOptions = {}): SqliteReadStore {
  return new SqliteReadStore(file, options);
}

type Write = { kind: 'put'; doc: Document } | { kind: 'delete' };

export class SqliteReadStore implements ReadStore {
  private readonly db: Database.Database;
  private readonly specs = new Map<string, CollectionSpec>();
  private readonly statements = new Map<string, Database.Statement>();
  private readonly reader: ReadSnapshot;
  private readonly walBound: WalBound;
  private readonly readStatements = new Map<string, Database.Statement>();

  constructor(readonly file: string, options: SqliteReadStoreOptions = {}) {
    this.db = openSqliteFile(file, {
      applicationId: READ_STORE_APPLICATION_ID,
      purpose: 'read store',
      schema: SCHEMA,
      requiredTables: ['checkpoints', 'leases', 'collections'],
      synchronous: 'NORMAL',
      busyTimeoutMs: options.busyTimeoutMs ?? 10_000,
    });
    // Projections write many small documents at scattered keys: a larger page cache keeps the
    // B-tree hot, and rarer checkpoints write each hot page once instead of again and again
    // (10,000 -> 50,000 pages, a log of up to ~200 MB: a fifth fewer bytes written on a
    // 200,000-record usage import, whose views put three random index entries per record).
    // 16 MB per connection: 64 MB was no faster once the views moved off the import's thread
    // (a bill run's usage reads are random pages of gigabytes either way), and a usage import
    // opens four of these (two per thread) within its 500 MB.
    this.db.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
    this.walBound = new WalBound(this.db, file, 50_000);
    this.reader = new ReadSnapshot(file, options.busyTimeoutMs ?? 10_000);
    this.reader.db.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
  }

  /**
   * Every write of this store: this thread's read snapshots end first (this store's and the event
   * store's), so it never waits for the write lock while holding a read transaction that a
   * checkpoint waits for (WalBound, endReadSnapshots); and again after, so the next read sees the write.
   */
  private write<T>(work: () => T): T {
    endReadSnapshots();
    try {
      return work();
    } finally {
      this.reader.end();
    }
  }

  private readStatement(sql: string): Database.Statement {
    let statement = this.readStatements.get(sql);
    if (!statement) {
      statement = this.reader.db.prepare(sql);
      this.readStatements.set(sql, statement);
    }
    return statement;
  }

  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  async ensureCollection(spec: CollectionSpec): Promise<void> {
    const table = tableOf(spec.name);
    const columns = spec.indexes.map(columnOf);
    this.write(() => this.db.transaction(() => {
      // A rowid table: documents are hundreds of bytes, and WITHOUT ROWID B-trees keyed by random ids
      // split pages on nearly every insert of rows that large (several times slower here).
      this.db.exec(`CREATE TABLE IF NOT EXISTS ${table} (id TEXT PRIMARY KEY, doc TEXT NOT NULL)`);
      const present = new Set((this.db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name));
      spec.indexes.forEach((field, i) => {
        const column = columns[i]!;
        if (!present.has(column)) {
          // A field declared later: its column is filled from the documents already stored.
          this.db.exec(`ALTER TABLE ${table} ADD COLUMN ${column}`);
          this.db.exec(`UPDATE ${table} SET ${column} = json_extract(doc, '$.${field}')`);
        }
        this.db.exec(`CREATE INDEX IF NOT EXISTS ${table}__${column} ON ${table} (${column}, id)`);
      });
      this.db.prepare('INSERT INTO collections (name, indexes) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET indexes = excluded.indexes')
        .run(spec.name, JSON.stringify(spec.indexes));
    }).immediate());
    this.specs.set(spec.name, spec);
    this.statements.clear();
    this.readStatements.clear();
  }

  /** The upsert of one collection: document and index columns together. */
  private upsertOf(collection: string): { statement: Database.Statement; fields: string[] } {
    const spec = this.spec(collection);
    const columns = spec.indexes.map(columnOf);
    const statement = this.statement(
      `INSERT INTO ${tableOf(collection)} (id, doc${columns.map((c) => `, ${c}`).join('')}) VALUES (?, ?${columns.map(() => ', ?').join('')})
       ON CONFLICT(id) DO UPDATE SET doc = excluded.doc${columns.map((c) => `, ${c} = excluded.${c}`).join('')}`,
    );
    return { statement, fields: spec.indexes };
  }

  private spec(collection: string): CollectionSpec {
    const spec = this.specs.get(collection);
    if (!spec) throw new InvalidQueryError(`collection ${collection} is not declared`);
    return spec;
  }

  async get(collection: string, id: string): Promise<Document | null> {
    return this.getSync(collection, id);
  }

  private getSync(collection: string, id: string): Document | null {
    this.spec(collection);
    const text = this.reader.read(() => this.readStatement(`SELECT doc FROM ${tableOf(collection)} WHERE id = ?`).pluck().get(id)) as string | undefined;
    return text === undefined ? null : (JSON.parse(text) as Document);
  }

  /** The SQL of a page: the table, the WHERE clause (with its leading space) and ORDER BY terms, and their parameters. */
  private pageSql(collection: string, filter: Filter, options: FindOptions) {
    const query = normalizeQuery(this.spec(collection), filter, options);
    const where: string[] = [];
    const params: (string | number | null)[] = [];
    for (const { field, condition } of query.conditions) {
      const sql = conditionSql(columnOf(field), condition, params);
      where.push(sql);
    }
    const sortColumn = query.sortField ? columnOf(query.sortField) : null;
    const asc = query.direction === 'asc';
    if (query.after) {
      const idOp = asc ? '>' : '<';
      if (!sortColumn) {
        where.push(`id ${idOp} ?`);
        params.push(query.after.id);
      } else if (query.after.value === null || query.after.value === undefined) {
        // Nulls sort first ascending (SQLite and MongoDB agree), so they come last descending.
        where.push(asc ? `((${sortColumn} IS NULL AND id > ?) OR ${sortColumn} IS NOT NULL)` : `(${sortColumn} IS NULL AND id < ?)`);
        params.push(query.after.id);
      } else {
        const v = bindable(query.after.value);
        where.push(
          asc
            ? `(${sortColumn} > ? OR (${sortColumn} = ? AND id > ?))`
            : `(${sortColumn} < ? OR (${sortColumn} = ? AND id < ?) OR ${sortColumn} IS NULL)`,
        );
        params.push(v, v, query.after.id);
      }
    }
    const direction = asc ? 'ASC' : 'DESC';
    const order = sortColumn ? `${sortColumn} ${direction}, id ${direction}` : `id ${direction}`;
    return { query, table: tableOf(collection), where: where.length ? ` WHERE ${where.join(' AND ')}` : '', order, params };
  }

  /** The cursor after the document `lastId` (its sort value read from `doc` when the page is sorted by a field). */
  private cursorAfter(sortField: string | null, lastId: string, doc: () => Document): string {
    return sortField ? encodeCursor({ value: fieldValue(doc(), sortField), id: lastId }) : encodeCursor({ id: lastId });
  }

  async find(collection: string, filter: Filter, options: FindOptions = {}): Promise<Page<Document>> {
    const { query, table, where, order, params } = this.pageSql(collection, filter, options);
    const sql = `SELECT id, doc FROM ${table}${where} ORDER BY ${order} LIMIT ?`;
    const rows = this.reader.read(() => this.readStatement(sql).raw().all(...params, query.limit + 1)) as [string, string][];
    const more = rows.length > query.limit;
    const items = rows.slice(0, query.limit).map(([, doc]) => JSON.parse(doc) as Document);
    let next: string | null = null;
    if (more) next = this.cursorAfter(query.sortField, rows[query.limit - 1]![0], () => items[items.length - 1]!);
    return { items, next };
  }

  /**
   * The page `find` gives, as the UTF-8 bytes of its JSON (`JSON.stringify` of the page, byte for
   * byte): for responses that are the documents as stored, which need not be parsed only to be
   * serialized again. The documents are stored as `JSON.stringify` wrote them, and SQLite joins
   * them in one statement (the page and one more document, to know whether another page
   * follows): 51 rows read one by one into JavaScript cost several times as much.
   */
  async findJson(collection: string, filter: Filter, options: FindOptions = {}): Promise<Buffer> {
    const { query, table, where, order, params } = this.pageSql(collection, filter, options);
    const page = this.reader.read(() => {
      // A subquery with ORDER BY and LIMIT feeds the aggregate in its order (SQLite runs it as a
      // coroutine; test/contract/read-store-json-pages.test.ts checks every order the port offers).
      const [docs, joinedIds, lengths] = this.readStatement(
        `SELECT CAST(group_concat(doc, ',') AS BLOB), group_concat(id, char(0)), group_concat(octet_length(doc), ',')
         FROM (SELECT id, doc FROM ${table}${where} ORDER BY ${order} LIMIT ?)`,
      ).raw().get(...params, query.limit + 1) as [Buffer | null, string | null, string | null];
      if (docs === null || joinedIds === null || lengths === null) return { docs: EMPTY, next: null };
      const ids = joinedIds.split('\u0000');
      const sizes = lengths.split(',');
      if (ids.length !== sizes.length) return null;
      if (ids.length <= query.limit) return { docs, next: null };
      // One document more than the page: cut it (and its comma) off.
      const shown = docs.subarray(0, docs.length - Number(sizes[sizes.length - 1]) - 1);
      const lastId = ids[query.limit - 1]!;
      const next = this.cursorAfter(query.sortField, lastId, () => JSON.parse(this.readStatement(`SELECT doc FROM ${table} WHERE id = ?`).pluck().get(lastId) as string) as Document);
      return { docs: shown, next };
    });
    // Never expected (an id holding a NUL character); then the long way.
    if (!page) return Buffer.from(JSON.stringify(await this.find(collection, filter, options)));
    return Buffer.concat([PAGE_START, page.docs, Buffer.from(`],"next":${JSON.stringify(page.next)}}`)]);
  }

  /**
   * The text of one string field of a page's documents, joined in page order (TextPages): SQLite
   * extracts and joins them in one statement, as `findJson` does the documents.
   */
  async findText(collection: string, field: string, filter: Filter, options: FindOptions = {}): Promise<TextPage> {
    const { query, table, where, order, params } = this.pageSql(collection, filter, options);
    if (!FIELD_PATH.test(field)) throw new InvalidQueryError(`invalid field path ${field}`);
    const page = this.reader.read(() => {
      const [text, joinedIds, lengths] = this.readStatement(
        `SELECT CAST(group_concat(value, '') AS BLOB), group_concat(id, char(0)), group_concat(octet_length(value), ',')
         FROM (SELECT id, coalesce(json_extract(doc, '$.${field}'), '') AS value FROM ${table}${where} ORDER BY ${order} LIMIT ?)`,
      ).raw().get(...params, query.limit + 1) as [Buffer | null, string | null, string | null];
      if (text === null || joinedIds === null || lengths === null) return { text: EMPTY, count: 0, lastId: null, next: null };
      const ids = joinedIds.split('\u0000');
      const sizes = lengths.split(',');
      if (ids.length !== sizes.length) return null;
      if (ids.length <= query.limit) return { text, count: ids.length, lastId: ids[ids.length - 1]!, next: null };
      // One document more than the page: cut its text off.
      const lastId = ids[query.limit - 1]!;
      const next = this.cursorAfter(query.sortField, lastId, () => JSON.parse(this.readStatement(`SELECT doc FROM ${table} WHERE id = ?`).pluck().get(lastId) as string) as Document);
      return { text: text.subarray(0, text.length - Number(sizes[sizes.length - 1])), count: query.limit, lastId, next };
    });
    if (page) return page;
    // Never expected (an id holding a NUL character); then row by row.
    const rows = this.reader.read(() => this.readStatement(`SELECT id, coalesce(json_extract(doc, '$.${field}'), '') FROM ${table}${where} ORDER BY ${order} LIMIT ?`).raw().all(...params, query.limit)) as [string, string][];
    const { next } = await this.find(collection, filter, options);
    return { text: Buffer.from(rows.map(([, value]) => String(value)).join('')), count: rows.length, lastId: rows.at(-1)?.[0] ?? null, next };
  }

  async transact<T>(work: (uow: UnitOfWork) => Promise<T>): Promise<T> {
    const writes = new Map<string, Map<string, Write>>();
    const checkpoints = new Map<string, Checkpoint>();
    const writesOf = (collection: string) => {
      let map = writes.get(collection);
      if (!map) writes.set(collection, (map = new Map()));
      return map;
    };
    const uow: UnitOfWork = {
      get: async (collection, id) => {
        const pending = writes.get(collection)?.get(id);
        if (pending) return pending.kind === 'put' ? pending.doc : null;
        return this.getSync(collection, id);
      },
      put: (collection, id, doc) => {
        this.spec(collection);
        writesOf(collection).set(id, { kind: 'put', doc });
      },
      delete: (collection, id) => {
        this.spec(collection);
        writesOf(collection).set(id, { kind: 'delete' });
      },
      setCheckpoint: (name, checkpoint) => {
        checkpoints.set(name, checkpoint);
      },
    };
    const result = await work(uow);
    this.write(() => this.db.transaction(() => {
      for (const [collection, map] of writes) {
        const table = tableOf(collection);
        const upsert = this.upsertOf(collection);
        const remove = this.statement(`DELETE FROM ${table} WHERE id = ?`);
        for (const [id, write] of map) {
          if (write.kind === 'put') upsert.statement.run(id, JSON.stringify(write.doc), ...upsert.fields.map((field) => bindable(fieldValue(write.doc, field))));
          else remove.run(id);
        }
      }
      const saveCheckpoint = this.statement(
        'INSERT INTO checkpoints (name, position, version) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET position = excluded.position, version = excluded.version',
      );
      for (const [name, checkpoint] of checkpoints) saveCheckpoint.run(name, checkpoint.position, checkpoint.version);
    }).immediate());
    this.walBound.afterCommit();
    return result;
  }

  async getCheckpoint(name: string): Promise<Checkpoint | null> {
    const row = this.reader.read(() => this.readStatement('SELECT position, version FROM checkpoints WHERE name = ?').get(name)) as Checkpoint | undefined;
    return row ? { position: row.position, version: row.version } : null;
  }

  async listCheckpoints(): Promise<{ name: string; checkpoint: Checkpoint }[]> {
    const rows = this.reader.read(() => this.readStatement('SELECT name, position, version FROM checkpoints ORDER BY name').all()) as ({ name: string } & Checkpoint)[];
    return rows.map(({ name, position, version }) => ({ name, checkpoint: { position, version } }));
  }

  async reset(checkpointName: string, collections: string[]): Promise<void> {
    this.write(() => this.db.transaction(() => {
      for (const collection of collections) {
        this.spec(collection);
        this.db.exec(`DELETE FROM ${tableOf(collection)}`);
      }
      this.statement('DELETE FROM checkpoints WHERE name = ?').run(checkpointName);
    }).immediate());
  }

  async acquireLease(name: string, owner: string, now: number, ttlMs: number): Promise<boolean> {
    // A lease another process holds is seen without writing: a waiting process polls every few
    // milliseconds, and each write attempt queued behind the holder's own writes for the lock.
    const holder = this.reader.read(() => this.readStatement('SELECT owner, expires_at FROM leases WHERE name = ?').get(name)) as { owner: string; expires_at: number } | undefined;
    if (holder && holder.owner !== owner && holder.expires_at > now) return false;
    const info = this.write(() => this.statement(
      `INSERT INTO leases (name, owner, expires_at) VALUES (?, ?, ?)
       ON CONFLICT(name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
       WHERE leases.owner = excluded.owner OR leases.expires_at <= ?`,
    ).run(name, owner, now + ttlMs, now));
    return info.changes > 0;
  }

  async releaseLease(name: string, owner: string): Promise<void> {
    this.write(() => this.statement('DELETE FROM leases WHERE name = ? AND owner = ?').run(name, owner));
  }

  async close(): Promise<void> {
    this.reader.close();
    this.db.close();
  }
}

function conditionSql(column: string, condition: NormalizedCondition, params: (string | number | null)[]): string {
  switch (condition.op) {
    case 'eq':
      if (condition.value === null) return `${column} IS NULL`;
      params.push(bindable(condition.value));
      return `${column} = ?`;
    case 'in': {
      const values = condition.values.filter((v) => v !== null);
      const parts: string[] = [];
      if (values.length) {
        parts.push(`${column} IN (${values.map(() => '?').join(', ')})`);
        params.push(...values.map(bindable));
      }
      if (values.length < condition.values.length) parts.push(`${column} IS NULL`);
      return parts.length ? `(${parts.join(' OR ')})` : '0';
    }
    case 'range': {
      const parts: string[] = [];
      const ops = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' } as const;
      for (const key of Object.keys(ops) as (keyof typeof ops)[]) {
        if (condition.bounds[key] === undefined) continue;
        parts.push(`${column} ${ops[key]} ?`);
        params.push(bindable(condition.bounds[key]!));
      }
      return `(${parts.join(' AND ')})`;
    }
    case 'prefix':
      params.push(condition.prefix, condition.prefix + MAX_CHAR);
      return `(${column} >= ? AND ${column} < ?)`;
    default: {
      const exhaustive: never = condition;
      return exhaustive;
    }
  }
}
