import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { handleCommand } from '../../src/app/command-handler.ts';
import { ManualClock } from '../../src/core/clock.ts';
import type { Decider } from '../../src/core/decider.ts';
import { PreconditionFailedError } from '../../src/core/errors.ts';
import { openSqliteEventStore, type SqliteEventStore } from '../../src/eventstore/sqlite/sqlite-event-store.ts';
import type { EventStore } from '../../src/eventstore/port.ts';
import { temporaryDataDir } from '../support/billstream.ts';

type CounterEvent = { type: 'Incremented'; data: { by: number } };
type CounterCommand = { type: 'Increment'; by: number };
const counter: Decider<number, CounterCommand, CounterEvent> = {
  initialState: () => 0,
  evolve: (state, event) => state + event.data.by,
  decide: (command) => [{ type: 'Incremented', data: { by: command.by } }],
};

describe('command handler', () => {
  let store: SqliteEventStore;
  const clock = ManualClock.at('2026-11-25T12:00:00Z');
  beforeEach(() => {
    store = openSqliteEventStore(path.join(temporaryDataDir(), 'events.db'));
  });
  afterEach(() => store.close());

  it('loads, decides and appends, recording actor, correlation and recorded time', async () => {
    const result = await handleCommand({ eventStore: store, clock }, counter, 'counter-1', { type: 'Increment', by: 2 }, { commandId: 'cmd-1', actor: 'apikey:k1', correlationId: 'corr-9' });
    expect(result.state).toBe(2);
    expect(result.revision).toBe(0);
    const [event] = await store.readStream('counter-1');
    expect(event!.metadata).toMatchObject({ actor: 'apikey:k1', causationId: 'cmd-1', correlationId: 'corr-9', recordedAt: '2026-11-25T12:00:00Z', schemaVersion: 1 });
  });

  it('answers a repeated command id with the first result and writes nothing new', async () => {
    await handleCommand({ eventStore: store, clock }, counter, 'counter-1', { type: 'Increment', by: 2 }, { commandId: 'cmd-1', actor: 'a' });
    const again = await handleCommand({ eventStore: store, clock }, counter, 'counter-1', { type: 'Increment', by: 2 }, { commandId: 'cmd-1', actor: 'a' });
    expect(again.events).toEqual([{ type: 'Incremented', data: { by: 2 } }]);
    expect((await store.readStream('counter-1')).length).toBe(1);
  });

  it('retries on a version conflict, so concurrent commands all land', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => handleCommand({ eventStore: store, clock }, counter, 'counter-2', { type: 'Increment', by: 1 }, { commandId: `c${i}`, actor: 'a' })),
    );
    expect(results.length).toBe(20);
    const events = await store.readStream('counter-2');
    expect(events.length).toBe(20);
    expect(events.map((e) => e.revision)).toEqual([...Array(20).keys()]);
  });

  it('fails with 412 instead of retrying when the caller named a revision (If-Match) that is not current', async () => {
    await handleCommand({ eventStore: store, clock }, counter, 'counter-3', { type: 'Increment', by: 1 }, { commandId: 'a1', actor: 'a' });
    await handleCommand({ eventStore: store, clock }, counter, 'counter-3', { type: 'Increment', by: 1 }, { commandId: 'a2', actor: 'a', expectedRevision: 0 });
    await expect(
      handleCommand({ eventStore: store, clock }, counter, 'counter-3', { type: 'Increment', by: 1 }, { commandId: 'a3', actor: 'a', expectedRevision: 0 }),
    ).rejects.toBeInstanceOf(PreconditionFailedError);
    expect((await store.readStream('counter-3')).length).toBe(2);
  });

  it('turns a conflict during the append under If-Match into 412 too', async () => {
    await handleCommand({ eventStore: store, clock }, counter, 'counter-4', { type: 'Increment', by: 1 }, { commandId: 'b1', actor: 'a' });
    // A store that lets another writer in between the read and the append.
    const racing: EventStore = Object.create(store);
    racing.append = async (stream, events, expected) => {
      await store.append(stream, [{ id: crypto.randomUUID(), type: 'Incremented', data: { by: 5 }, metadata: { correlationId: 'x', causationId: 'other', tenantId: null, actor: 'other', recordedAt: '2026-11-25T12:00:00Z', schemaVersion: 1 } }], 'any');
      return store.append(stream, events, expected);
    };
    await expect(
      handleCommand({ eventStore: racing, clock }, counter, 'counter-4', { type: 'Increment', by: 1 }, { commandId: 'b2', actor: 'a', expectedRevision: 0 }),
    ).rejects.toBeInstanceOf(PreconditionFailedError);
  });
});
