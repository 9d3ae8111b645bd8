import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { createRequire } from 'node:module';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteEventStore } from '../../src/eventstore/sqlite/sqlite-event-store.ts';
import { StoreUnavailableError } from '../../src/eventstore/port.ts';
import { eventStoreDbServer } from '../support/servers.ts';
import { eventStoreContract } from './event-store.contract.ts';
import { newEvent } from '../support/events.ts';
import { ChainWalk } from '../../src/app/audit/verify-chain.ts';

const require = createRequire(import.meta.url);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'billstream-es-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('event store contract: SQLite', () => {
  eventStoreContract(async () => openSqliteEventStore(path.join(tmp, `contract-${Date.now()}.db`)));

  it('two OS processes appending to one file: exactly one wins each revision, nothing is lost', async () => {
    const file = path.join(tmp, 'race.db');
    openSqliteEventStore(file).close();
    const startFlag = path.join(tmp, 'start');
    const perWriter = 150;
    const script = path.resolve('test/contract/fixtures/racing-appender.ts');
    const writers = ['A', 'B'].map((writer) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', script, file, 'race-1', writer, String(perWriter), startFlag]),
    );
    await new Promise((r) => setTimeout(r, 1500));
    fs.writeFileSync(startFlag, '');
    const reports = (await Promise.all(writers)).map((r) => JSON.parse(r.stdout) as { writer: string; appended: number; conflicts: number });
    expect(reports.map((r) => r.appended)).toEqual([perWriter, perWriter]);

    const store = openSqliteEventStore(file);
    const events = await store.readStream('race-1');
    await store.close();
    expect(events.length).toBe(2 * perWriter);
    events.forEach((event, revision) => {
      expect(event.revision).toBe(revision);
      // The winner of revision n is the append that expected n-1: no revision was won twice or skipped.
      expect((event.data as { expected: unknown }).expected).toBe(revision === 0 ? 'noStream' : revision - 1);
    });
    expect(new Set(events.map((e) => (e.data as { writer: string }).writer))).toEqual(new Set(['A', 'B']));
    // Two processes appending at once still make one unbroken hash chain: each links under the write lock.
    const walk = new ChainWalk();
    for (const event of events) walk.visit(event);
    expect(walk.findings).toEqual([]);
    expect(walk.counts.chained).toBe(2 * perWriter);
  }, 60_000);

  it('opens a store made before the chain: adds the columns, and the chain starts at the first event appended after', async () => {
    const file = path.join(tmp, 'before-chain.db');
    const old = new Database(file);
    old.pragma('application_id = 0x42534556');
    old.exec(`CREATE TABLE events (position INTEGER PRIMARY KEY, stream_id TEXT NOT NULL, revision INTEGER NOT NULL, event_id TEXT NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL,
      correlation_id TEXT NOT NULL, causation_id TEXT, tenant_id TEXT, actor TEXT NOT NULL, recorded_at TEXT NOT NULL, schema_version INTEGER NOT NULL)`);
    const insert = old.prepare("INSERT INTO events (stream_id, revision, event_id, type, data, correlation_id, actor, recorded_at, schema_version) VALUES (?, ?, ?, 'Old', '{}', 'c', 'a', '2026-01-01T00:00:00Z', 1)");
    for (let i = 0; i < 3; i++) insert.run('old-1', i, `id-${i}`);
    old.close();

    const store = openSqliteEventStore(file);
    await store.append('old-1', [newEvent('New')], 2);
    await store.append('new-1', [newEvent('New'), newEvent('New')], 'noStream');
    const events = await store.readAll();
    await store.close();
    expect(events.map((e) => (e.metadata.chain === undefined ? 'none' : e.metadata.chain.previous))).toEqual(['none', 'none', 'none', null, events[3]!.metadata.chain!.hash, events[4]!.metadata.chain!.hash]);
    const walk = new ChainWalk();
    for (const event of events) walk.visit(event);
    expect(walk.findings).toEqual([]);
    expect(walk.counts).toEqual({ events: 6, chained: 3, beforeChain: 3 });
  });

  it('refuses a file that is not a SQLite database, with a clear message, and leaves it untouched', () => {
    const file = path.join(tmp, 'garbage.db');
    const garbage = Buffer.from('this is not a database at all, just some text that fills more than a header. '.repeat(20));
    fs.writeFileSync(file, garbage);
    expect(() => openSqliteEventStore(file)).toThrow(StoreUnavailableError);
    expect(() => openSqliteEventStore(file)).toThrow(/corrupt or not a SQLite database/);
    expect(fs.readFileSync(file)).toEqual(garbage);
  });

  it('refuses a SQLite database that is not a billstream event store', () => {
    const file = path.join(tmp, 'foreign.db');
    const foreign = new Database(file);
    foreign.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)');
    foreign.close();
    expect(() => openSqliteEventStore(file)).toThrow(/not a billstream event store/);
  });

  it('reports a file locked by another process at start', async () => {
    const file = path.join(tmp, 'locked.db');
    openSqliteEventStore(file).close();
    const holder = spawn(process.execPath, ['-e', `
      const db = require('better-sqlite3')(${JSON.stringify(file)});
      db.exec('BEGIN EXCLUSIVE');
      process.stdout.write('locked');
      setTimeout(() => {}, 60000);
    `], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => holder.stdout!.once('data', () => resolve()));
    try {
      expect(() => openSqliteEventStore(file, { busyTimeoutMs: 200 })).toThrow(/locked by another process/);
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('survives a crash of the writer: what was acknowledged is there after reopening', async () => {
    const file = path.join(tmp, 'crash.db');
    const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('test/contract/fixtures/endless-appender.ts'), file, 'crash-1'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let acknowledged = -1;
    child.stdout!.on('data', (chunk: Buffer) => {
      const lines = chunk.toString().trim().split('\n');
      acknowledged = Number(lines[lines.length - 1]);
    });
    await new Promise((r) => setTimeout(r, 2500));
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    expect(acknowledged).toBeGreaterThan(10);
    const store = openSqliteEventStore(file);
    const events = await store.readStream('crash-1');
    await store.close();
    expect(events.length).toBeGreaterThanOrEqual(acknowledged + 1);
    events.forEach((e, i) => expect((e.data as { i: number }).i).toBe(i));
  }, 30_000);

  it('groups appends that arrive together into one commit', async () => {
    const file = path.join(tmp, 'group.db');
    const store = openSqliteEventStore(file);
    await store.append('warm-1', [newEvent('Warm')], 'noStream');
    const db = new Database(file, { readonly: true });
    const walFrames = () => fs.statSync(`${file}-wal`).size;
    const before = walFrames();
    await Promise.all(Array.from({ length: 50 }, (_, i) => store.append(`grouped-${i}`, [newEvent('G')], 'noStream')));
    const grouped = walFrames() - before;
    const before2 = walFrames();
    for (let i = 0; i < 50; i++) await store.append(`single-${i}`, [newEvent('G')], 'noStream');
    const single = walFrames() - before2;
    db.close();
    await store.close();
    // One commit writes each touched page once; fifty commits write them fifty times.
    expect(grouped * 5).toBeLessThan(single);
  });

  it('keeps the write-ahead log bounded while another process reads all the time', async () => {
    const file = path.join(tmp, 'busy-readers.db');
    const store = openSqliteEventStore(file, { synchronous: 'NORMAL', maxWalBytes: 4_000_000 });
    await store.append('seed', [newEvent('Seeded')], 'noStream');
    // A reader in another process that is always inside a read transaction, as the processing
    // worker is during an import: SQLite's own checkpoints then never start the log over.
    const script = `
      const Database = require(${JSON.stringify(require.resolve('better-sqlite3'))});
      const db = new Database(${JSON.stringify(file)}, { readonly: true });
      const read = db.prepare('SELECT max(position) FROM events').pluck();
      process.stdout.write('reading\\n');
      for (;;) { db.exec('BEGIN'); read.get(); db.exec('COMMIT'); }
    `;
    const reader = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise((resolve) => reader.stdout!.once('data', resolve));
      const data = { text: 'x'.repeat(2000) };
      let largest = 0;
      for (let batch = 0; batch < 40; batch++) {
        await Promise.all(Array.from({ length: 250 }, (_, i) => store.append(`busy-${batch}-${i}`, [newEvent('Written', data)], 'noStream')));
        largest = Math.max(largest, fs.statSync(`${file}-wal`).size);
      }
      // 20 MB appended: without the bound the log holds all of it.
      expect(largest).toBeLessThan(8_000_000);
      expect((await store.readAll({ limit: 20_000 })).length).toBe(10_001);
    } finally {
      reader.kill();
      await store.close();
    }
  }, 60_000);

  it('checks a known stream\'s expected revision against what other processes appended since', async () => {
    const file = path.join(tmp, 'known-revisions.db');
    const mine = openSqliteEventStore(file);
    const other = openSqliteEventStore(file);
    const s = 'account-known-1';
    await mine.append(s, [newEvent('Opened')], 'noStream');
    await mine.append(s, [newEvent('Deposited')], 0);
    await mine.append(s, [newEvent('Deposited')], 1);
    await other.append(s, [newEvent('Withdrawn')], 2);
    // This store wrote revision 2 itself; the stream has moved on to 3 since.
    await expect(mine.append(s, [newEvent('Deposited')], 2)).rejects.toMatchObject({ name: 'WrongExpectedRevisionError', actual: 3 });
    await expect(mine.append(s, [newEvent('Deposited')], 1)).rejects.toMatchObject({ actual: 3 });
    await expect(mine.append(s, [newEvent('Deposited')], 7)).rejects.toMatchObject({ actual: 3 });
    const retried = newEvent('Deposited');
    await mine.append(s, [retried], 3);
    expect((await mine.append(s, [retried], 3)).alreadyStored).toBe(true);
    // Two appends of one stream in one group commit, each expecting the other's revision.
    const [a, b] = await Promise.all([mine.append(s, [newEvent('Charged')], 4), mine.append(s, [newEvent('Charged')], 5)]);
    expect([a.nextExpectedRevision, b.nextExpectedRevision]).toEqual([5, 6]);
    expect((await other.readStream(s)).map((e) => e.revision)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    await mine.close();
    await other.close();
  });

  it('checkpoints small commits in a short log and keeps the long log for large ones', async () => {
    const file = path.join(tmp, 'pace.db');
    const store = openSqliteEventStore(file, { synchronous: 'NORMAL' });
    const walSize = () => fs.statSync(`${file}-wal`).size;
    const data = { text: 'x'.repeat(1000) };
    // 3,000 single appends write about 40 MB of log: a short log starts over every 1,000 pages.
    let largest = 0;
    for (let i = 0; i < 3000; i++) {
      await store.append('small-1', [newEvent('Small', data)], i === 0 ? 'noStream' : i - 1);
      largest = Math.max(largest, walSize());
    }
    expect(largest).toBeLessThan(8_000_000);
    // Large commits (imports) checkpoint past 50,000 pages: the log grows past the short one.
    for (let batch = 0; batch < 30; batch++) {
      await store.append(`large-${batch}`, Array.from({ length: 500 }, () => newEvent('Large', data)), 'noStream');
    }
    expect(walSize()).toBeGreaterThan(20_000_000);
    expect((await store.readStream('small-1')).length).toBe(3000);
    await store.close();
  }, 60_000);

  it('keeps the write-ahead log bounded under small commits while another process reads all the time', async () => {
    const file = path.join(tmp, 'busy-readers-small.db');
    const store = openSqliteEventStore(file, { synchronous: 'NORMAL', maxWalBytes: 8_000_000 });
    await store.append('seed', [newEvent('Seeded')], 'noStream');
    // Read transactions of 2 ms, 1 ms apart: checkpoints stop at the snapshot of the reader's
    // current one, so the short log of small commits often cannot start over (with the instant
    // transactions of the test above, it can), and only WalBound keeps it bounded; the gaps let its
    // truncating checkpoint in.
    const script = `
      const Database = require(${JSON.stringify(require.resolve('better-sqlite3'))});
      const db = new Database(${JSON.stringify(file)}, { readonly: true });
      const read = db.prepare('SELECT max(position) FROM events').pluck();
      const spin = (ms) => { const until = Date.now() + ms; while (Date.now() < until); };
      process.stdout.write('reading\\n');
      for (;;) { db.exec('BEGIN'); read.get(); spin(2); db.exec('COMMIT'); spin(1); }
    `;
    const reader = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise((resolve) => reader.stdout!.once('data', resolve));
      const data = { text: 'x'.repeat(2000) };
      let largest = 0;
      // About 100 MB of log in commits of one event, and of eight.
      for (let i = 0; i < 4000; i++) {
        await store.append('busy-small-1', [newEvent('Written', data)], i === 0 ? 'noStream' : i - 1);
        largest = Math.max(largest, fs.statSync(`${file}-wal`).size);
      }
      for (let round = 0; round < 400; round++) {
        await Promise.all(Array.from({ length: 8 }, (_, a) => store.append(`busy-eight-${a}`, [newEvent('Written', data)], round === 0 ? 'noStream' : round - 1)));
        largest = Math.max(largest, fs.statSync(`${file}-wal`).size);
      }
      expect(largest).toBeLessThan(10_000_000);
      expect((await store.readAll({ limit: 10_000 })).length).toBe(1 + 4000 + 3200);
    } finally {
      reader.kill();
      await store.close();
    }
  }, 60_000);

  it('opens a file made with the old global event-id index, drops the index and stays idempotent per stream', async () => {
    const file = path.join(tmp, 'old-index.db');
    const stored = newEvent('PaymentReceived', { amount: '10.00' });
    const first = openSqliteEventStore(file);
    await first.append('payment-old', [stored], 'noStream');
    await first.close();
    const old = new Database(file);
    old.exec('CREATE UNIQUE INDEX events_by_id ON events(event_id)');
    old.close();

    const store = openSqliteEventStore(file);
    const indexes = () => {
      const db = new Database(file, { readonly: true });
      try {
        return db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'").pluck().all();
      } finally {
        db.close();
      }
    };
    expect(indexes()).not.toContain('events_by_id');
    // A retry of the stored append, under any expected revision, writes nothing.
    expect((await store.append('payment-old', [stored], 'any')).alreadyStored).toBe(true);
    expect((await store.append('payment-old', [stored], 'noStream')).alreadyStored).toBe(true);
    expect((await store.append('payment-old', [stored], 'streamExists')).alreadyStored).toBe(true);
    expect((await store.readStream('payment-old')).length).toBe(1);
    await store.close();
  });
});

const esdb = await eventStoreDbServer();
afterAll(() => esdb.stop());
if (!esdb.url) console.warn(`EventStoreDB contract suite skipped: ${esdb.reason}`);
describe.skipIf(!esdb.url)(`event store contract: EventStoreDB${esdb.url ? '' : ` (skipped: ${esdb.reason})`}`, () => {
  eventStoreContract(async () => {
    const { openEsdbEventStore } = await import('../../src/eventstore/esdb/esdb-event-store.ts');
    return openEsdbEventStore(esdb.url!);
  });
});
