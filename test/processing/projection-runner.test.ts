import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.ts';
import { openSqliteEventStore, type SqliteEventStore } from '../../src/eventstore/sqlite/sqlite-event-store.ts';
import { openSqliteReadStore, type SqliteReadStore } from '../../src/readstore/sqlite/sqlite-read-store.ts';
import { documentProjection, projectionGroup, type Projection } from '../../src/processing/projection.ts';
import { projectionConsumer } from '../../src/processing/projection-runner.ts';
import { newEvent } from '../support/events.ts';
import { temporaryDataDir } from '../support/billstream.ts';

interface Tally {
  [key: string]: unknown;
  id: string;
  total: number;
  count: number;
  lastPosition: number;
}

function tallyProjection(version = 1, failOn?: number): Projection {
  return documentProjection<Tally>({
    name: 'tally',
    version,
    collection: { name: 'tallies', indexes: ['total'] },
    handles: ['Added', 'Removed'],
    documentId: (event) => event.streamId,
    evolve(doc, event) {
      const amount = (event.data as { amount: number }).amount;
      if (amount === failOn) throw new Error(`cannot apply ${amount}`);
      if (event.type === 'Removed' && doc && doc.count === 1) return null;
      const sign = event.type === 'Added' ? 1 : -1;
      return { id: event.streamId, total: (doc?.total ?? 0) + sign * amount, count: (doc?.count ?? 0) + sign, lastPosition: event.position };
    },
  });
}

async function allDocuments(readStore: SqliteReadStore): Promise<string> {
  const docs: unknown[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await readStore.find('tallies', {}, { limit: 1000, ...(after ? { after } : {}) });
    docs.push(...page.items);
    if (!page.next) return JSON.stringify(docs);
    after = page.next;
  }
}

describe('projection runner', () => {
  let dir: string;
  let eventStore: SqliteEventStore;
  let readStore: SqliteReadStore;
  beforeEach(() => {
    dir = temporaryDataDir();
    eventStore = openSqliteEventStore(path.join(dir, 'events.db'));
    readStore = openSqliteReadStore(path.join(dir, 'read.db'));
  });
  afterEach(async () => {
    await eventStore.close();
    await readStore.close();
  });
  const deps = () => ({ eventStore, readStore, clock: systemClock });

  async function seed(streams: number, perStream: number): Promise<void> {
    for (let s = 0; s < streams; s++) {
      await eventStore.append(`tally-${s}`, Array.from({ length: perStream }, (_, i) => newEvent('Added', { amount: i + 1 })), 'noStream');
      await eventStore.append(`noise-${s}`, [newEvent('SomethingElse', { amount: 1 })], 'noStream');
    }
  }

  it('applies every handled event once and checkpoints the head', async () => {
    await seed(5, 4);
    const consumer = await projectionConsumer(deps(), tallyProjection(), { owner: 'test', batchSize: 3 });
    await consumer.waitFor();
    expect(await readStore.get('tallies', 'tally-2')).toMatchObject({ total: 10, count: 4 });
    expect(await consumer.checkpoint()).toBe(await eventStore.headPosition());
    await consumer.waitFor();
    expect(await readStore.get('tallies', 'tally-2')).toMatchObject({ total: 10, count: 4 });
  });

  it('rebuilds from zero to byte-identical documents', async () => {
    await seed(30, 5);
    await eventStore.append('tally-3', [newEvent('Removed', { amount: 5 })], 4);
    const consumer = await projectionConsumer(deps(), tallyProjection(), { owner: 'test', batchSize: 7 });
    await consumer.waitFor();
    const before = await allDocuments(readStore);
    expect(before).toContain('"total":10');
    await consumer.rebuild();
    expect(await allDocuments(readStore)).toBe(before);
  });

  it('commits documents and checkpoint together: a failing batch leaves both as they were', async () => {
    await seed(2, 2);
    const good = await projectionConsumer(deps(), tallyProjection(), { owner: 'test' });
    await good.waitFor();
    const checkpoint = await good.checkpoint();
    await eventStore.append('tally-0', [newEvent('Added', { amount: 100 }), newEvent('Added', { amount: 666 })], 1);
    const failing = await projectionConsumer(deps(), tallyProjection(1, 666), { owner: 'test' });
    await expect(failing.waitFor()).rejects.toThrow('cannot apply 666');
    expect(await good.checkpoint()).toBe(checkpoint);
    expect(await readStore.get('tallies', 'tally-0')).toMatchObject({ total: 3 });
  });

  it('rebuilds by itself when the projection version changes', async () => {
    await seed(2, 2);
    const v1 = await projectionConsumer(deps(), tallyProjection(1), { owner: 'test' });
    await v1.waitFor();
    await readStore.transact(async (uow) => uow.put('tallies', 'stale', { id: 'stale', total: 0, count: 0, lastPosition: 0 }));
    const v2 = await projectionConsumer(deps(), tallyProjection(2), { owner: 'test' });
    await v2.waitFor();
    expect(await readStore.get('tallies', 'stale')).toBeNull();
    expect(await readStore.get('tallies', 'tally-1')).toMatchObject({ total: 3 });
    expect(await readStore.getCheckpoint('projection:tally')).toMatchObject({ version: 2 });
  });

  it('waits for the process holding the lease instead of applying events a second time', async () => {
    await seed(1, 1);
    const server = await projectionConsumer(deps(), tallyProjection(), { owner: 'serve', leaseTtlMs: 60_000 });
    server.start(20);
    await server.waitFor();
    const cli = await projectionConsumer(deps(), tallyProjection(), { owner: 'cli', waitTimeoutMs: 5000 });
    const position = (await eventStore.append('tally-0', [newEvent('Added', { amount: 10 })], 0)).position;
    await cli.waitFor(position);
    expect(await readStore.get('tallies', 'tally-0')).toMatchObject({ total: 11, count: 2 });
    await server.stop();
  });

  it('wakes a running consumer as soon as events are appended, not at its next poll', async () => {
    await seed(1, 1);
    const server = await projectionConsumer(deps(), tallyProjection(), { owner: 'serve' });
    server.start(600_000);
    try {
      await eventStore.append('tally-0', [newEvent('Added', { amount: 5 })], 0);
      const deadline = Date.now() + 5000;
      while (((await readStore.get('tallies', 'tally-0')) as Tally | null)?.total !== 6 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      expect(await readStore.get('tallies', 'tally-0')).toMatchObject({ total: 6, count: 2 });
    } finally {
      await server.stop();
    }
  });

  it('polls idle without writing: the lease is renewed when a third of its time has gone, and a pass runs only after an append', async () => {
    await seed(1, 1);
    const leaseWrites: number[] = [];
    const passes: number[] = [];
    const counted = Object.assign(Object.create(readStore) as SqliteReadStore, {
      acquireLease: (...args: Parameters<SqliteReadStore['acquireLease']>) => {
        leaseWrites.push(Date.now());
        return readStore.acquireLease(...args);
      },
      getCheckpoint: (name: string) => {
        passes.push(Date.now());
        return readStore.getCheckpoint(name);
      },
    });
    const server = await projectionConsumer({ eventStore, readStore: counted, clock: systemClock }, tallyProjection(), { owner: 'serve', leaseTtlMs: 600 });
    server.start(10);
    try {
      await server.waitFor();
      leaseWrites.length = 0;
      passes.length = 0;
      await new Promise((r) => setTimeout(r, 700));
      // About 70 polls: the lease renewed every 200 ms (not every poll), no pass without an append.
      expect(leaseWrites.length).toBeGreaterThanOrEqual(2);
      expect(leaseWrites.length).toBeLessThanOrEqual(5);
      expect(passes).toEqual([]);
      await eventStore.append('tally-0', [newEvent('Added', { amount: 2 })], 0);
      const deadline = Date.now() + 5000;
      while (((await readStore.get('tallies', 'tally-0')) as Tally | null)?.total !== 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      expect(await readStore.get('tallies', 'tally-0')).toMatchObject({ total: 3, count: 2 });
    } finally {
      await server.stop();
    }
  });

  it('applies a group of projections in one pass, under one checkpoint, and starts from zero over documents it did not write', async () => {
    await seed(3, 2);
    const counts: Projection = {
      name: 'counts',
      version: 1,
      collections: [{ name: 'counts', indexes: [] }],
      handles: ['Added', 'SomethingElse'],
      async apply(event, uow) {
        const current = (await uow.get('counts', event.type)) as { n: number } | null;
        uow.put('counts', event.type, { id: event.type, n: (current?.n ?? 0) + 1 });
      },
    };
    // Documents left by the members when they ran on their own: the group has no checkpoint yet.
    await readStore.ensureCollection({ name: 'counts', indexes: [] });
    await readStore.transact(async (uow) => uow.put('counts', 'Added', { id: 'Added', n: 6 }));
    const group = await projectionConsumer(deps(), projectionGroup('tally-and-counts', [tallyProjection(), counts]), { owner: 'test' });
    await group.waitFor();
    expect(await readStore.get('counts', 'Added')).toMatchObject({ n: 6 });
    expect(await readStore.get('counts', 'SomethingElse')).toMatchObject({ n: 3 });
    expect(await readStore.get('tallies', 'tally-2')).toMatchObject({ total: 3, count: 2 });
    expect(await readStore.getCheckpoint('projection:tally-and-counts')).toMatchObject({ position: await eventStore.headPosition() });
    expect(await readStore.getCheckpoint('projection:tally')).toBeNull();
  });

  it('a by-member group gives each member the page\'s events it handles through its applyBatch, on the events the group read once, and leaves the documents of running apart', async () => {
    await seed(40, 3);
    const seen: { member: string; types: string[]; events: unknown[] }[] = [];
    const batching = (name: string, collection: string, handles: string[]): Projection => ({
      name,
      version: 1,
      collections: [{ name: collection, indexes: [] }],
      handles,
      async apply() {
        throw new Error('by-member groups use applyBatch when the member has one');
      },
      async applyBatch(events, uow) {
        seen.push({ member: name, types: [...new Set(events.map((e) => e.type))], events });
        for (const event of events) {
          const current = (await uow.get(collection, event.streamId)) as { n: number } | null;
          uow.put(collection, event.streamId, { id: event.streamId, n: (current?.n ?? 0) + (event.data as { amount: number }).amount });
        }
      },
    });
    const group = projectionGroup('both', [batching('added', 'added', ['Added']), tallyProjection(), batching('noise', 'noise', ['SomethingElse', 'Added'])], { order: 'by-member' });
    expect(group.members).toEqual(['added', 'tally', 'noise']);
    const consumer = await projectionConsumer(deps(), group, { owner: 'test' });
    await consumer.waitFor();
    await consumer.stop();
    expect(seen.filter((s) => s.member === 'added').every((s) => s.types.join() === 'Added')).toBe(true);
    expect(seen.filter((s) => s.member === 'noise').flatMap((s) => s.types).sort()).toEqual(expect.arrayContaining(['Added', 'SomethingElse']));
    // Both members were handed the very same event objects: each page read once, its data parsed once.
    const addedEvents = seen.filter((s) => s.member === 'added').flatMap((s) => s.events);
    const noiseAdded = seen.filter((s) => s.member === 'noise').flatMap((s) => s.events).filter((e) => (e as { type: string }).type === 'Added');
    expect(noiseAdded).toHaveLength(120);
    noiseAdded.forEach((event, i) => expect(event).toBe(addedEvents[i]));
    expect(await readStore.get('added', 'tally-7')).toMatchObject({ n: 6 });
    expect(await readStore.get('noise', 'noise-7')).toMatchObject({ n: 1 });
    expect(await readStore.get('noise', 'tally-7')).toMatchObject({ n: 6 });
    const grouped = await allDocuments(readStore);
    // The tally member alone, from zero in a store of its own: the same documents.
    const apart = openSqliteReadStore(path.join(dir, 'apart.db'));
    try {
      await (await projectionConsumer({ eventStore, readStore: apart, clock: systemClock }, tallyProjection(), { owner: 'test' })).waitFor();
      expect(await allDocuments(apart)).toBe(grouped);
    } finally {
      await apart.close();
    }
  });

  it('waits for a holder that is behind but moving, past the wait timeout, and gives up on one that does not move', async () => {
    await seed(1, 1);
    const head = (await eventStore.append('tally-0', [newEvent('Added', { amount: 1 }), newEvent('Added', { amount: 1 }), newEvent('Added', { amount: 1 })], 0)).position;
    // Another process holds the lease (a worker thread) and moves its checkpoint one event every 150 ms.
    await readStore.acquireLease('consumer:projection:tally', 'busy-worker', Date.now(), 60_000);
    const checkpoint = await readStore.getCheckpoint('projection:tally');
    const waiter = await projectionConsumer(deps(), tallyProjection(), { owner: 'cli', waitTimeoutMs: 200 });
    const started = Date.now();
    const moving = (async () => {
      for (let position = (checkpoint?.position ?? 0) + 1; position <= head; position += 1) {
        await new Promise((r) => setTimeout(r, 150));
        await readStore.transact(async (uow) => uow.setCheckpoint('projection:tally', { position, version: 1 }));
      }
    })();
    await waiter.waitFor(head);
    await moving;
    expect(Date.now() - started).toBeGreaterThan(200);
    // Stopped: nothing moves any more, and the waiter says so after its timeout.
    const later = (await eventStore.append('tally-0', [newEvent('Added', { amount: 1 })], 3)).position;
    await expect(waiter.waitFor(later)).rejects.toThrow(/made no progress towards position/);
  });

  it('takes over from a holder whose lease expired (a crashed process)', async () => {
    await seed(1, 1);
    await readStore.acquireLease('consumer:projection:tally', 'dead-process', Date.now(), 300);
    const cli = await projectionConsumer(deps(), tallyProjection(), { owner: 'cli', waitTimeoutMs: 5000 });
    const started = Date.now();
    await cli.waitFor();
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    expect(await readStore.get('tallies', 'tally-0')).toMatchObject({ total: 1 });
  });
});
