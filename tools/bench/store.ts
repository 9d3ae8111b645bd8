/**
 * `npm run bench:store`: the embedded event store against a bare better-sqlite3 loop writing the
 * same rows to the same schema on the same disk, in the same run, with the same durability
 * (WAL, synchronous=FULL). Prints figures; asserts nothing (see README, Performance).
 *
 *   npm run bench:store -- [--events N] [--rebuild-events N] [--dir DIR]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { systemClock } from '../../src/core/clock.ts';
import { uuidv7 } from '../../src/core/ids.ts';
import { openSqliteEventStore, type SqliteEventStore } from '../../src/eventstore/sqlite/sqlite-event-store.ts';
import { openSqliteReadStore } from '../../src/readstore/sqlite/sqlite-read-store.ts';
import type { NewEvent } from '../../src/eventstore/port.ts';
import { documentProjection } from '../../src/processing/projection.ts';
import { projectionConsumer } from '../../src/processing/projection-runner.ts';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '20000' },
    'rebuild-events': { type: 'string', default: '1000000' },
    dir: { type: 'string' },
  },
});
const EVENTS = Number(values.events);
const REBUILD_EVENTS = Number(values['rebuild-events']);
const root = values.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'billstream-bench-'));
fs.mkdirSync(root, { recursive: true });

/** A usage-record-sized event (~660 bytes stored, as measured for STACK.md). */
function event(i: number): NewEvent {
  return {
    id: uuidv7(systemClock),
    type: 'UsageRecorded',
    data: {
      source: 'switch-budapest-01',
      recordId: `cdr-${i}`,
      identifier: `+36123${String(i % 100000).padStart(5, '0')}`,
      type: 'voice',
      startTime: '2026-10-11T08:15:00Z',
      durationSeconds: 60 + (i % 600),
      calledNumber: `+4930${String(i).padStart(8, '0')}`,
      bytesIn: 0,
      bytesOut: 0,
      servicePointId: `sp-${i % 100000}`,
      subscriptionId: `sub-${i % 100000}`,
    },
    metadata: {
      correlationId: uuidv7(systemClock),
      causationId: null,
      tenantId: null,
      actor: 'cli:import',
      recordedAt: '2026-11-25T10:00:00.000Z',
      schemaVersion: 1,
    },
  };
}

/** Disk fsync times vary run to run on this machine: every figure is the median of three runs. */
async function median(run: () => Promise<number> | number): Promise<number> {
  const figures: number[] = [];
  for (let i = 0; i < 3; i++) figures.push(await run());
  return figures.sort((a, b) => a - b)[1]!;
}

function rate(count: number, ms: number): number {
  return Math.round((count / ms) * 1000);
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

const results: { name: string; value: string; target: string }[] = [];
function report(name: string, value: string, target = '') {
  results.push({ name, value, target });
  console.log(`${name.padEnd(52)} ${value.padStart(22)}   ${target}`);
}

function freshFile(name: string): string {
  const file = path.join(root, name);
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
  return file;
}

/** The baseline: the same INSERT of the same rows, no checks, no JSON building beyond the row. */
function bareInsert(count: number, perTransaction: number): number {
  const file = freshFile('bare.db');
  const store = openSqliteEventStore(file); // creates the identical schema
  void store.close();
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  const insert = db.prepare(
    `INSERT INTO events (stream_id, revision, event_id, type, data, correlation_id, causation_id, tenant_id, actor, recorded_at, schema_version)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const rows = Array.from({ length: count }, (_, i) => event(i));
  const write = db.transaction((batch: NewEvent[], offset: number) => {
    batch.forEach((e, j) => {
      const m = e.metadata;
      insert.run(`usage-${Math.floor((offset + j) / perTransaction)}`, j, e.id, e.type, JSON.stringify(e.data), m.correlationId, m.causationId, m.tenantId, m.actor, m.recordedAt, m.schemaVersion);
    });
  });
  const started = performance.now();
  for (let i = 0; i < count; i += perTransaction) write(rows.slice(i, i + perTransaction), i);
  const ms = performance.now() - started;
  db.close();
  return rate(count, ms);
}

function bareRead(file: string): number {
  const db = new Database(file, { readonly: true });
  const statement = db.prepare('SELECT position, stream_id, revision, event_id, type, data, correlation_id, causation_id, tenant_id, actor, recorded_at, schema_version FROM events WHERE position > ? ORDER BY position LIMIT 1000').raw();
  let after = 0;
  let count = 0;
  const started = performance.now();
  for (;;) {
    const rows = statement.all(after) as unknown[][];
    if (rows.length === 0) break;
    for (const row of rows) JSON.parse(row[5] as string);
    count += rows.length;
    after = rows[rows.length - 1]![0] as number;
  }
  const ms = performance.now() - started;
  db.close();
  return rate(count, ms);
}

async function batchedAppends(store: SqliteEventStore, count: number, batch: number): Promise<number> {
  const events = Array.from({ length: count }, (_, i) => event(i));
  const started = performance.now();
  for (let i = 0; i < count; i += batch) await store.append(`usage-${i / batch}`, events.slice(i, i + batch), 'noStream');
  return rate(count, performance.now() - started);
}

async function singleAppends(store: SqliteEventStore, count: number): Promise<number> {
  const events = Array.from({ length: count }, (_, i) => event(i));
  const started = performance.now();
  for (let i = 0; i < count; i++) await store.append('single-1', [events[i]!], i === 0 ? 'noStream' : i - 1);
  return rate(count, performance.now() - started);
}

async function concurrentAppenders(store: SqliteEventStore, appenders: number, perAppender: number): Promise<number> {
  const started = performance.now();
  await Promise.all(
    Array.from({ length: appenders }, async (_, a) => {
      for (let i = 0; i < perAppender; i++) await store.append(`appender${a}-1`, [event(i)], i === 0 ? 'noStream' : i - 1);
    }),
  );
  return rate(appenders * perAppender, performance.now() - started);
}

async function catchUpRead(store: SqliteEventStore): Promise<{ rate: number; count: number }> {
  let count = 0;
  const started = performance.now();
  let after: number | undefined;
  for (;;) {
    const page = await store.readAll({ after, limit: 1000 });
    if (page.length === 0) break;
    count += page.length;
    after = page[page.length - 1]!.position;
  }
  return { rate: rate(count, performance.now() - started), count };
}

/** Reads the whole store twice (the first pass warms the page cache and the JIT) and reports the second. */
async function measureCatchUp(file: string, store: SqliteEventStore): Promise<void> {
  bareRead(file);
  const bare = bareRead(file);
  report('bare better-sqlite3 read of $all with JSON.parse', `${fmt(bare)} rows/s`, 'baseline');
  await catchUpRead(store);
  const ours = await catchUpRead(store);
  report(`billstream catch-up read of $all (${fmt(ours.count)} events)`, `${fmt(ours.rate)} events/s`, `${Math.round((ours.rate / bare) * 100)} % of baseline (target >= 200,000/s)`);
}

async function rebuild(totalEvents: number): Promise<void> {
  const file = freshFile('rebuild-events.db');
  const store = openSqliteEventStore(file, { synchronous: 'NORMAL' });
  const accounts = Math.max(1, Math.floor(totalEvents / 10));
  console.log(`\nwriting ${fmt(totalEvents)} events over ${fmt(accounts)} streams for the rebuild…`);
  const writeStart = performance.now();
  for (let written = 0; written < totalEvents; ) {
    const appends: Promise<unknown>[] = [];
    // 1000 streams x 10 events per group commit.
    for (let s = 0; s < 100 && written < totalEvents; s++) {
      const streamNo = Math.floor(written / 10);
      const n = Math.min(10, totalEvents - written);
      appends.push(store.append(`usage-${streamNo}`, Array.from({ length: n }, (_, i) => event(written + i)), 'noStream'));
      written += n;
    }
    await Promise.all(appends);
  }
  console.log(`  written in ${((performance.now() - writeStart) / 1000).toFixed(1)} s\n`);
  await measureCatchUp(file, store);

  const readStore = openSqliteReadStore(freshFile('rebuild-read.db'));
  const projection = documentProjection<{ [k: string]: unknown; id: string; calls: number; seconds: number }>({
    name: 'usage-totals',
    version: 1,
    collection: { name: 'usage_totals', indexes: ['calls'] },
    handles: ['UsageRecorded'],
    documentId: (e) => e.streamId,
    evolve: (doc, e) => ({ id: e.streamId, calls: (doc?.calls ?? 0) + 1, seconds: (doc?.seconds ?? 0) + (e.data as { durationSeconds: number }).durationSeconds }),
  });
  const consumer = await projectionConsumer({ eventStore: store, readStore, clock: systemClock }, projection, { owner: 'bench', batchSize: 2000 });
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const sampler = setInterval(() => { rssPeak = Math.max(rssPeak, process.memoryUsage().rss); }, 100);
  const started = performance.now();
  const applied = await consumer.rebuild();
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  report(`projection rebuild, ${fmt(applied)} events -> ${fmt(accounts)} docs`, `${seconds.toFixed(1)} s (${fmt(rate(applied, seconds * 1000))}/s)`, 'target <= 30 s');
  report('  resident memory before -> peak during rebuild', `${Math.round(rssBefore / 1e6)} -> ${Math.round(rssPeak / 1e6)} MB`, 'flat');
  await store.close();
  await readStore.close();
}

console.log(`billstream bench:store on ${os.cpus().length} cores, node ${process.version}, files in ${root}\n`);
const baseline100 = await median(() => bareInsert(EVENTS, 100));
report('bare better-sqlite3 insert, transactions of 100', `${fmt(baseline100)} rows/s`, 'baseline');
{
  const ours = await median(async () => {
    const store = openSqliteEventStore(freshFile('batched.db'));
    const figure = await batchedAppends(store, EVENTS, 100);
    await store.close();
    return figure;
  });
  report('billstream append, batches of 100 events', `${fmt(ours)} events/s`, `${Math.round((ours / baseline100) * 100)} % of baseline (target >= 80 %)`);
}
const singleCount = Math.min(EVENTS, 5000);
const bareSingle = await median(() => bareInsert(singleCount, 1));
report('bare better-sqlite3 insert, one row per transaction', `${fmt(bareSingle)} rows/s`, 'baseline (one fsync each)');
{
  const ours = await median(async () => {
    const store = openSqliteEventStore(freshFile('single.db'));
    const figure = await singleAppends(store, singleCount);
    await store.close();
    return figure;
  });
  report('billstream append, one event per append', `${fmt(ours)} events/s`, `${Math.round((ours / bareSingle) * 100)} % of baseline (target >= 2,000/s)`);
}
const bare8 = await median(() => bareInsert(EVENTS, 8));
report('bare better-sqlite3 insert, transactions of 8', `${fmt(bare8)} rows/s`, 'baseline (what grouping 8 can reach)');
{
  const ours = await median(async () => {
    const store = openSqliteEventStore(freshFile('concurrent.db'));
    const figure = await concurrentAppenders(store, 8, Math.max(1, Math.floor(EVENTS / 8)));
    await store.close();
    return figure;
  });
  report('billstream append, 8 concurrent single-event appenders', `${fmt(ours)} events/s`, `${Math.round((ours / bare8) * 100)} % of baseline (target >= 10,000/s)`);
}
if (REBUILD_EVENTS > 0) {
  await rebuild(REBUILD_EVENTS);
} else {
  const store = openSqliteEventStore(path.join(root, 'batched.db'));
  await measureCatchUp(path.join(root, 'batched.db'), store);
  await store.close();
}
if (!values.dir) fs.rmSync(root, { recursive: true, force: true });
