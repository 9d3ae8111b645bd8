/**
 * The one contract every event store adapter passes (DESIGN.md): EventStoreDB semantics for
 * revisions, expected revisions, idempotent appends, global positions, filtered reads and
 * catch-up subscriptions that resume from a checkpoint.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EventIdConflictError,
  WrongExpectedRevisionError,
  type AllFilter,
  type EventStore,
  type RecordedEvent,
} from '../../src/eventstore/port.ts';
import { metadata, newEvent } from '../support/events.ts';
import { ChainWalk } from '../../src/app/audit/verify-chain.ts';

export function eventStoreContract(openStore: () => Promise<EventStore>): void {
  let store: EventStore;
  /** Each test writes to its own streams, so the suite also runs against a shared server. */
  let run: string;
  const stream = (name: string) => `${name}${run}-1`;

  beforeAll(async () => {
    store = await openStore();
  });
  afterAll(async () => {
    await store?.close();
  });
  beforeAll(() => {
    run = randomUUID().replace(/-/g, '').slice(0, 12);
  });

  it('appends to a new stream and reads it back with revisions, data and metadata', async () => {
    const s = stream('order');
    const meta = metadata({ correlationId: 'corr-1', causationId: 'cause-1', tenantId: 'tenant-a', actor: 'apikey:k1', schemaVersion: 2 });
    const first = newEvent('OrderPlaced', { amount: '12.30', lines: [{ sku: 'A', qty: 2 }], note: 'árvíztűrő' }, { metadata: meta });
    const second = newEvent('OrderShipped', { carrier: 'DHL' });
    const result = await store.append(s, [first, second], 'noStream');
    expect(result.nextExpectedRevision).toBe(1);
    expect(result.alreadyStored).toBe(false);

    const events = await store.readStream(s);
    expect(events.map((e) => [e.type, e.revision, e.streamId, e.id])).toEqual([
      ['OrderPlaced', 0, s, first.id],
      ['OrderShipped', 1, s, second.id],
    ]);
    expect(events[0]!.data).toEqual(first.data);
    const { chain, ...stored } = events[0]!.metadata;
    expect(stored).toEqual(meta);
    expect(chain?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(events[1]!.position).toBeGreaterThan(events[0]!.position);
    expect(events[1]!.position).toBe(result.position);
  });

  it('reads a stream from a revision, with a limit, and an unknown stream as empty', async () => {
    const s = stream('counter');
    await store.append(s, [0, 1, 2, 3, 4].map((n) => newEvent('Counted', { n })), 'noStream');
    expect((await store.readStream(s, { fromRevision: 2 })).map((e) => (e.data as { n: number }).n)).toEqual([2, 3, 4]);
    expect((await store.readStream(s, { fromRevision: 1, limit: 2 })).map((e) => e.revision)).toEqual([1, 2]);
    expect(await store.readStream(stream('missing'))).toEqual([]);
  });

  it('checks every kind of expected revision and writes nothing on a conflict', async () => {
    const s = stream('account');
    await expect(store.append(s, [newEvent('Opened')], 'streamExists')).rejects.toMatchObject({
      name: 'WrongExpectedRevisionError', actual: null, expected: 'streamExists',
    });
    await expect(store.append(s, [newEvent('Opened')], 3)).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    await store.append(s, [newEvent('Opened')], 'noStream');
    await expect(store.append(s, [newEvent('Opened')], 'noStream')).rejects.toMatchObject({ actual: 0, expected: 'noStream' });
    await expect(store.append(s, [newEvent('Deposited')], 5)).rejects.toMatchObject({ actual: 0, expected: 5 });
    await store.append(s, [newEvent('Deposited')], 0);
    await store.append(s, [newEvent('Deposited')], 'streamExists');
    await store.append(s, [newEvent('Deposited')], 'any');
    await store.append(s, [newEvent('Deposited')], 3);
    const events = await store.readStream(s);
    expect(events.map((e) => e.type)).toEqual(['Opened', 'Deposited', 'Deposited', 'Deposited', 'Deposited']);
  });

  it('treats re-appending stored event ids as a no-op, whatever the expected revision', async () => {
    const s = stream('payment');
    const events = [newEvent('PaymentReceived', { amount: '10.00' }), newEvent('PaymentAllocated')];
    const first = await store.append(s, events, 'noStream');
    const again = await store.append(s, events, 'noStream');
    expect(again.alreadyStored).toBe(true);
    expect(again.nextExpectedRevision).toBe(first.nextExpectedRevision);
    const retried = await store.append(s, events, 'any');
    expect(retried.alreadyStored).toBe(true);
    expect((await store.readStream(s)).length).toBe(2);
  });

  it('recognises a retried append under its numeric expected revision, also after the stream moved on', async () => {
    const s = stream('creditnote');
    await store.append(s, [newEvent('CreditNoteDrafted')], 'noStream');
    const issued = newEvent('CreditNoteIssued');
    const first = await store.append(s, [issued], 0);
    expect(first).toMatchObject({ nextExpectedRevision: 1, alreadyStored: false });
    // The acknowledgement was lost; the caller retries the same append as it was.
    const retried = await store.append(s, [issued], 0);
    expect(retried).toMatchObject({ nextExpectedRevision: 1, alreadyStored: true, position: first.position });
    await store.append(s, [newEvent('CreditNoteSent')], 1);
    expect((await store.append(s, [issued], 0)).alreadyStored).toBe(true);
    // The same expected revision with events not stored is a conflict, not a retry.
    await expect(store.append(s, [newEvent('CreditNoteIssued')], 0)).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    expect((await store.readStream(s)).map((e) => e.type)).toEqual(['CreditNoteDrafted', 'CreditNoteIssued', 'CreditNoteSent']);
  });

  it('refuses an append that mixes stored and new event ids', async () => {
    const s = stream('refund');
    const stored = newEvent('RefundRequested');
    await store.append(s, [stored], 'noStream');
    await expect(store.append(s, [stored, newEvent('RefundApproved')], 'any')).rejects.toBeInstanceOf(EventIdConflictError);
    expect((await store.readStream(s)).length).toBe(1);
  });

  it('gives every event a global position, monotonic across streams', async () => {
    const a = stream('alpha');
    const b = stream('beta');
    const r1 = await store.append(a, [newEvent('A1')], 'noStream');
    const r2 = await store.append(b, [newEvent('B1')], 'noStream');
    const r3 = await store.append(a, [newEvent('A2')], 0);
    expect(r2.position).toBeGreaterThan(r1.position);
    expect(r3.position).toBeGreaterThan(r2.position);
    expect(await store.headPosition()).toBeGreaterThanOrEqual(r3.position);
  });

  it('reads $all strictly after a position, in pages, filtered by stream prefix and event type prefix', async () => {
    const before = (await store.headPosition()) ?? undefined;
    const invoices = stream('invoice');
    const clients = stream('client');
    await store.append(invoices, [newEvent('InvoiceDrafted'), newEvent('InvoiceIssued')], 'noStream');
    await store.append(clients, [newEvent('ClientRegistered'), newEvent('InvoiceAddressChanged')], 'noStream');

    const all = await readEverything(store, before, undefined);
    expect(all.map((e) => e.type)).toEqual(['InvoiceDrafted', 'InvoiceIssued', 'ClientRegistered', 'InvoiceAddressChanged']);
    expect(all.every((e, i) => i === 0 || e.position > all[i - 1]!.position)).toBe(true);

    const afterSecond = await store.readAll({ after: all[1]!.position });
    expect(afterSecond.map((e) => e.type).slice(0, 2)).toEqual(['ClientRegistered', 'InvoiceAddressChanged']);

    const paged: RecordedEvent[] = [];
    let after = before;
    for (;;) {
      const page = await store.readAll({ after, limit: 1, filter: { streamPrefixes: [`invoice${run}`, `client${run}`] } });
      if (page.length === 0) break;
      expect(page.length).toBe(1);
      paged.push(...page);
      after = page[0]!.position;
    }
    expect(paged.map((e) => e.id)).toEqual(all.map((e) => e.id));

    const byStream = await readEverything(store, before, { streamPrefixes: [`invoice${run}`] });
    expect(byStream.map((e) => e.type)).toEqual(['InvoiceDrafted', 'InvoiceIssued']);
    const byType = await readEverything(store, before, { eventTypePrefixes: ['Invoice'] });
    expect(byType.filter((e) => e.streamId.includes(run)).map((e) => e.type)).toEqual(['InvoiceDrafted', 'InvoiceIssued', 'InvoiceAddressChanged']);
    const both = await readEverything(store, before, { streamPrefixes: [`client${run}`], eventTypePrefixes: ['Invoice'] });
    expect(both.map((e) => e.type)).toEqual(['InvoiceAddressChanged']);
  });

  it('subscribes to $all: catches up, goes live, and resumes from a checkpoint without loss or duplicates', async () => {
    const s = stream('meter');
    const start = (await store.headPosition()) ?? undefined;
    const filter = { streamPrefixes: [`meter${run}`] };
    await store.append(s, [1, 2, 3].map((n) => newEvent('MeterRead', { n })), 'noStream');

    const seen: number[] = [];
    let checkpoint = start;
    const first = store.subscribeAll({ after: start, filter }, (batch) => {
      for (const e of batch) {
        seen.push((e.data as { n: number }).n);
        checkpoint = e.position;
      }
    });
    await first.caughtUp;
    await waitUntil(() => seen.length === 3);
    await store.append(s, [newEvent('MeterRead', { n: 4 })], 2);
    await waitUntil(() => seen.length === 4);
    await first.stop();
    await first.done;

    // Appended while nobody listens: the resumed subscription must deliver exactly these.
    await store.append(s, [5, 6].map((n) => newEvent('MeterRead', { n })), 3);
    const second = store.subscribeAll({ after: checkpoint, filter }, (batch) => {
      for (const e of batch) seen.push((e.data as { n: number }).n);
    });
    await second.caughtUp;
    await store.append(s, [newEvent('MeterRead', { n: 7 })], 5);
    await waitUntil(() => seen.length >= 7);
    await new Promise((r) => setTimeout(r, 100));
    await second.stop();
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('stops a subscription whose handler fails, and reports the error', async () => {
    const s = stream('failing');
    const before = (await store.headPosition()) ?? undefined;
    await store.append(s, [newEvent('Broken')], 'noStream');
    const subscription = store.subscribeAll({ after: before, filter: { streamPrefixes: [s] } }, () => {
      throw new Error('handler failed');
    });
    await expect(subscription.done).rejects.toThrow('handler failed');
  });

  it('keeps each append of a group independent: a conflict fails alone', async () => {
    const s = stream('group');
    await store.append(s, [newEvent('Started')], 'noStream');
    const outcomes = await Promise.allSettled([
      store.append(stream('groupA'), [newEvent('X')], 'noStream'),
      store.append(s, [newEvent('Conflicting')], 7),
      store.append(stream('groupB'), [newEvent('Y')], 'noStream'),
      store.append(s, [newEvent('Continued')], 0),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((await store.readStream(s)).map((e) => e.type)).toEqual(['Started', 'Continued']);
  });

  it('chains every event it stores to the one before it, ignoring a chain the caller passed', async () => {
    const s = stream('chained');
    const forged = { previous: null, hash: 'f'.repeat(64) };
    await store.append(s, [newEvent('First', { n: 1 }, { metadata: { ...metadata(), chain: forged } })], 'noStream');
    await Promise.all([
      store.append(s, [newEvent('Second', { n: 2 }), newEvent('Third', { n: 3 })], 'any'),
      store.append(stream('chainedOther'), [newEvent('Elsewhere')], 'any'),
    ]);
    await store.append(s, [newEvent('Fourth', { n: 4 })], 'streamExists');
    const events = await store.readStream(s);
    expect(events.map((e) => e.type)).toEqual(['First', 'Second', 'Third', 'Fourth']);
    expect(events[0]!.metadata.chain!.hash).not.toBe(forged.hash);
    const walk = new ChainWalk();
    for (const event of await readEverything(store, undefined, undefined)) walk.visit(event);
    expect(walk.findings).toEqual([]);
    expect(walk.counts.chained).toBe(walk.counts.events);
    // A stream-scoped chain (EventStoreDB) links within the stream; the log-wide one (SQLite) to the event before in $all.
    for (let i = 1; i < events.length; i++) {
      if (events[i]!.metadata.chain!.scope === 'stream') expect(events[i]!.metadata.chain!.previous).toBe(events[i - 1]!.metadata.chain!.hash);
    }

    // The same walk over a copy whose data was changed finds exactly that event.
    const tampered = (await readEverything(store, undefined, undefined)).map((e) => (e.id === events[2]!.id ? { ...e, data: { n: 33 } } : e));
    const check = new ChainWalk();
    for (const event of tampered) check.visit(event);
    expect(check.findings.map((f) => [f.kind, f.eventId])).toEqual([['changed', events[2]!.id]]);
  });

  it('lets exactly one of many racing appends win each revision', async () => {
    const s = stream('race');
    const attempts = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => store.append(s, [newEvent('Raced', { i })], 'noStream')),
    );
    expect(attempts.filter((a) => a.status === 'fulfilled').length).toBe(1);
    expect((await store.readStream(s)).length).toBe(1);
  });
}

export async function readEverything(store: EventStore, after: number | undefined, filter: AllFilter | undefined): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  for (;;) {
    const page = await store.readAll({ after, filter, limit: 500 });
    if (page.length === 0) return out;
    out.push(...page);
    after = page[page.length - 1]!.position;
  }
}

export async function waitUntil(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for condition');
    await new Promise((r) => setTimeout(r, 10));
  }
}
