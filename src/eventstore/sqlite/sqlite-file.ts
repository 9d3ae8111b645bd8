/**
 * Opens a billstream SQLite file (event store or read store) so that a wrong, corrupt or locked
 * file stops the process with a clear message at start, instead of a silent new empty store or a
 * cryptic failure later.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { StoreUnavailableError } from '../port.ts';

export interface SqliteFileOptions {
  /** Marks the file as ours (`PRAGMA application_id`); a non-empty file with another id is refused. */
  applicationId: number;
  /** Human name for messages: "event store", "read store". */
  purpose: string;
  /** Idempotent DDL (`CREATE … IF NOT EXISTS`). */
  schema: string;
  /** Tables that must exist after the schema ran; their absence means someone else's file. */
  requiredTables: string[];
  synchronous: 'FULL' | 'NORMAL';
  busyTimeoutMs: number;
}

export function openSqliteFile(file: string, options: SqliteFileOptions): Database.Database {
  ensureFolder(path.dirname(path.resolve(file)), file, options.purpose);
  const existed = fs.existsSync(file) && fs.statSync(file).size > 0;
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { timeout: options.busyTimeoutMs });
    // The first statement reads the header: a file that is not SQLite fails here (SQLITE_NOTADB).
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
    const applicationId = db.pragma('application_id', { simple: true }) as number;
    if (existed && tables.length > 0 && applicationId !== options.applicationId) {
      throw new StoreUnavailableError(
        `${file} is a SQLite database but not a billstream ${options.purpose} (application_id ${applicationId}); refusing to use it`,
      );
    }
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous}`);
    // A write at start proves we can take the write lock: a file locked by another process fails now, clearly.
    db.transaction(() => {
      db!.exec(options.schema);
      db!.pragma(`application_id = ${options.applicationId}`);
    }).immediate();
    const present = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]);
    const missing = options.requiredTables.filter((t) => !present.has(t));
    if (missing.length) throw new StoreUnavailableError(`${file}: tables ${missing.join(', ')} are missing`);
    // Touch the newest pages: a truncated file usually fails here rather than on the first request.
    for (const table of options.requiredTables) db.prepare(`SELECT max(rowid) FROM ${table}`).get();
    return db;
  } catch (error) {
    db?.close();
    throw describeOpenError(file, options.purpose, error);
  }
}

/** The data folder, created on first use; a file in its place (`--data` given a file) is named, not a stack trace. */
function ensureFolder(dir: string, file: string, purpose: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message = error instanceof Error ? error.message : String(error);
    const what = `the ${purpose} ${path.basename(file)}`;
    if (code === 'EEXIST' || code === 'ENOTDIR') {
      const inTheWay = existingFileOnPath(dir);
      throw new StoreUnavailableError(
        inTheWay === dir ? `${dir} is a file, not a folder: it cannot hold ${what}` : `${inTheWay} is a file, not a folder: ${dir} cannot be created for ${what}`,
        { cause: error },
      );
    }
    throw new StoreUnavailableError(`cannot create the folder ${dir} for ${what} (${message})`, { cause: error });
  }
}

/** The path itself or the nearest of its parents that exists, which is then the file in the way. */
function existingFileOnPath(dir: string): string {
  for (let at = dir; ; at = path.dirname(at)) {
    if (fs.existsSync(at) || path.dirname(at) === at) return at;
  }
}

function describeOpenError(file: string, purpose: string, error: unknown): Error {
  if (error instanceof StoreUnavailableError) return error;
  const code = (error as { code?: string }).code ?? '';
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new StoreUnavailableError(`${purpose} ${file} is corrupt or not a SQLite database (${message}); restore it from a backup or move it away`, { cause: error });
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new StoreUnavailableError(`${purpose} ${file} is locked by another process (${message})`, { cause: error });
  }
  if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY' || code === 'SQLITE_PERM') {
    return new StoreUnavailableError(`cannot open ${purpose} ${file} for writing (${message})`, { cause: error });
  }
  return new StoreUnavailableError(`cannot open ${purpose} ${file}: ${message}`, { cause: error });
}

/**
 * A second, read-only connection whose reads share one read transaction per turn of the event
 * loop. In WAL mode every autocommit statement takes and releases a read lock through the
 * shared-memory file, about 8 µs here, ten times the cost of an indexed lookup; an import or a
 * projection does thousands of lookups per turn. The snapshot ends at the end of the turn, and
 * at once when this process commits a write, so a process always reads its own writes.
 */
export class ReadSnapshot {
  readonly db: Database.Database;
  private open = false;

  constructor(file: string, busyTimeoutMs: number) {
    this.db = new Database(file, { readonly: true, fileMustExist: true, timeout: busyTimeoutMs });
    snapshotsOfThisThread.add(this);
  }

  read<T>(work: () => T): T {
    if (!this.open) {
      this.db.exec('BEGIN');
      this.open = true;
      setImmediate(() => this.end());
    }
    return work();
  }

  /** Ends the shared read transaction: the next read sees everything committed until now. */
  end(): void {
    if (!this.open) return;
    this.open = false;
    this.db.exec('COMMIT');
  }

  close(): void {
    this.end();
    snapshotsOfThisThread.delete(this);
    this.db.close();
  }
}

/** The snapshots of this thread, on every store file (module state is per worker thread). */
const snapshotsOfThisThread = new Set<ReadSnapshot>();

/**
 * Ends every read transaction this thread holds, on the event store and the read store alike.
 * Called before a write waits for a write lock and before a TRUNCATE checkpoint waits for
 * readers: a thread waiting on one file while holding a snapshot of the other made two threads
 * wait for each other across the files (the event store's checkpoint for the worker's events
 * snapshot, the worker for a read-store lock) until a busy timeout broke it: 10 s lost twice in
 * a 100,000-invoice bill run, and once an SQLITE_BUSY failure.
 */
export function endReadSnapshots(): void {
  for (const snapshot of snapshotsOfThisThread) snapshot.end();
}

/**
 * Keeps a write-ahead log from growing without end while other connections read all the time.
 * SQLite's automatic checkpoint copies the log into the database but can start the log over
 * only at a moment no reader uses it; a second thread reading every few milliseconds (the
 * processing worker during an import) never leaves one, and a 5,000,000-record import grew the
 * log to 29 GB. Past `maxBytes`, the writer checkpoints with TRUNCATE, which waits (up to the busy
 * timeout) for the readers' current transactions, each one turn of their event loop, and then
 * empties the log. It also keeps other writers waiting meanwhile: so that no thread waits for the
 * write lock while holding a read transaction the checkpoint waits for, every write of the stores
 * ends its own thread's read snapshot first.
 */
export class WalBound {
  private readonly maxBytes: number;

  /**
   * Sets the automatic checkpoint to `autocheckpointPages` (a commit copies the log into the
   * database past that many pages) and bounds the log at `maxBytes`, by default twice that size:
   * reached only when readers kept the automatic checkpoint from starting the log over.
   */
  constructor(private readonly db: Database.Database, private readonly file: string, autocheckpointPages: number, maxBytes?: number) {
    db.pragma(`wal_autocheckpoint = ${autocheckpointPages}`);
    this.maxBytes = maxBytes ?? 2 * autocheckpointPages * (db.pragma('page_size', { simple: true }) as number);
  }

  /**
   * After a commit of this connection, with no read transaction of this thread open on the file.
   * `walBytes` is the log's size if the caller has just looked at it (one stat instead of two).
   */
  afterCommit(walBytes?: number): void {
    // One stat per commit: microseconds, against the milliseconds of a durable commit.
    const size = walBytes ?? fs.statSync(`${this.file}-wal`, { throwIfNoEntry: false })?.size ?? 0;
    if (size > this.maxBytes) {
      endReadSnapshots();
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    }
  }
}
