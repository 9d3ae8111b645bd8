/**
 * A thread's read snapshots never outlive its writes, on either store: a write on the read store
 * ends the thread's event-store snapshot too. Otherwise two threads waited for each other across
 * the files (one in an event-store TRUNCATE checkpoint waiting for the other's events snapshot,
 * the other waiting on the read store) until a busy timeout broke it: 10 s lost twice in a
 * 100,000-invoice bill run, once an SQLITE_BUSY failure. Checked with a real SQLite file and a
 * second connection that tries the checkpoint a writer would.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteEventStore, type SqliteEventStore } from '../../src/eventstore/sqlite/sqlite-event-store.ts';
import { openSqliteReadStore, type SqliteReadStore } from '../../src/readstore/sqlite/sqlite-read-store.ts';
import { temporaryDataDir } from '../support/billstream.ts';

const metadata = { correlationId: 'c', causationId: null, tenantId: null, actor: 'test', recordedAt: '2026-12-06T00:00:00Z', schemaVersion: 1 };

describe('read snapshots across the two stores', () => {
  let events: SqliteEventStore | undefined;
  let reads: SqliteReadStore | undefined;
  let checkpointer: Database.Database | undefined;
  afterEach(async () => {
    checkpointer?.close();
    await reads?.close();
    await events?.close();
  });

  it('ends the thread\'s event-store snapshot when it writes the read store, so a TRUNCATE checkpoint of the event store goes through', async () => {
    const dir = temporaryDataDir('snapshots-');
    events = openSqliteEventStore(path.join(dir, 'events.db'));
    reads = openSqliteReadStore(path.join(dir, 'read.db'));
    for (let i = 0; i < 5; i++) await events.append(`s-${i}`, [{ id: `e-${i}`, type: 'Tested', data: { i }, metadata }], 'noStream');
    // Another connection, as another thread's store: no busy wait, so a reader in the way shows at once.
    checkpointer = new Database(path.join(dir, 'events.db'), { timeout: 0 });
    const truncate = () => (checkpointer!.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[])[0]!.busy;

    // Within one turn of the event loop (only microtasks between): the read opens this thread's snapshot.
    expect(await events.headPosition()).toBe(5);
    expect(truncate()).toBe(1);
    await reads.transact(async (uow) => uow.setCheckpoint('test', { position: 5, version: 1 }));
    expect(truncate()).toBe(0);
  });
});
