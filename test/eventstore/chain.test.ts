/**
 * The chain walk over both scopes, on events built with the adapters' own hashing: the
 * stream-scoped chain of EventStoreDB is checked here without a server (the contract suite runs
 * the adapter itself when EVENTSTORE_URL is set).
 */
import { describe, expect, it } from 'vitest';
import { chainHash } from '../../src/eventstore/chain.ts';
import type { RecordedEvent } from '../../src/eventstore/port.ts';
import { ChainWalk } from '../../src/app/audit/verify-chain.ts';
import { metadata } from '../support/events.ts';

/** Events of streams `a` and `b` interleaved in $all, chained per stream as the EventStoreDB adapter does. */
function streamChained(): RecordedEvent[] {
  const last = new Map<string, string | null>();
  const revisions = new Map<string, number>();
  return ['a', 'b', 'a', 'a', 'b', 'a'].map((streamId, i) => {
    const revision = revisions.get(streamId) ?? 0;
    revisions.set(streamId, revision + 1);
    const event = { id: `e${i}`, type: 'Happened', data: { i }, metadata: metadata({ correlationId: `c${i}` }), streamId, revision, position: 100 * (i + 1) };
    const previous = last.get(streamId) ?? null;
    const hash = chainHash(previous, { position: null, streamId, revision, id: event.id, type: event.type, dataJson: JSON.stringify(event.data), metadata: event.metadata });
    last.set(streamId, hash);
    return { ...event, metadata: { ...event.metadata, chain: { previous, hash, scope: 'stream' as const } } };
  });
}

/** The same events chained over the whole log, as the SQLite adapter does (consecutive positions). */
function logChained(count: number): RecordedEvent[] {
  let previous: string | null = null;
  return Array.from({ length: count }, (_, i) => {
    const event = { id: `e${i}`, type: 'Happened', data: { i }, metadata: metadata({ correlationId: `c${i}` }), streamId: `s-${i % 3}`, revision: Math.floor(i / 3), position: i + 1 };
    const hash = chainHash(previous, { ...event, dataJson: JSON.stringify(event.data) });
    const recorded = { ...event, metadata: { ...event.metadata, chain: { previous, hash } } };
    previous = hash;
    return recorded;
  });
}

function walk(events: RecordedEvent[]): ChainWalk {
  const w = new ChainWalk();
  for (const event of events) w.visit(event);
  return w;
}

describe('the chain walk', () => {
  it('passes intact chains of either scope', () => {
    expect(walk(streamChained()).findings).toEqual([]);
    expect(walk(logChained(10)).findings).toEqual([]);
  });

  it('log scope: names the changed, the removed, the moved and the inserted event', () => {
    const events = logChained(10);
    const changed = events.map((e) => (e.position === 4 ? { ...e, data: { i: 99 } } : e));
    expect(walk(changed).findings.map((f) => [f.kind, f.position])).toEqual([['changed', 4]]);

    const removed = events.filter((e) => e.position !== 6);
    expect(walk(removed).findings.map((f) => [f.kind, f.position, f.removedPositions])).toEqual([['removed', 7, [6, 6]]]);

    const firstRemoved = events.slice(2);
    expect(walk(firstRemoved).findings.map((f) => [f.kind, f.position])).toEqual([['removed', 3]]);

    // Two events swapped in place (each keeps the other's position): the position is hashed.
    const swapped = [...events];
    swapped[4] = { ...events[5]!, position: 5 };
    swapped[5] = { ...events[4]!, position: 6 };
    expect(walk(swapped).findings.map((f) => [f.kind, f.position])[0]).toEqual(['changed', 5]);

    const { chain: _chain, ...bare } = events[3]!.metadata;
    const inserted = [...events.slice(0, 8), { ...events[3]!, id: 'forged', position: 9, metadata: bare }, ...events.slice(8).map((e) => ({ ...e, position: e.position + 1 }))];
    expect(walk(inserted).findings.map((f) => f.kind)).toContain('unchained');
  });

  it('stream scope: names a changed event, a removed one and a reordered stream', () => {
    const events = streamChained();
    expect(walk(events.map((e) => (e.id === 'e3' ? { ...e, data: { i: 7 } } : e))).findings.map((f) => [f.kind, f.eventId])).toEqual([['changed', 'e3']]);

    const removed = walk(events.filter((e) => e.id !== 'e2'));
    expect(removed.findings.map((f) => [f.kind, f.streamId, f.revision])).toEqual([['removed', 'a', 2]]);
    expect(removed.findings[0]!.message).toContain('revisions 1 to 1 of stream a were removed');

    // Stream a's revisions 1 and 2 delivered in the other order (positions of other streams untouched).
    const reordered = [...events];
    [reordered[2], reordered[3]] = [events[3]!, events[2]!];
    // Revision 2 first: revision 1 looks removed; then revision 1 arrives out of order.
    expect(walk(reordered).findings.map((f) => [f.kind, f.revision])).toEqual([['removed', 2], ['reordered', 1]]);
  });

  it('counts the events stored before the chain started without reporting them', () => {
    const { chain: _chain, ...bare } = logChained(1)[0]!.metadata;
    const old = [1, 2].map((position) => ({ ...logChained(1)[0]!, id: `old${position}`, position, metadata: bare }));
    const w = walk([...old, ...logChained(3).map((e) => ({ ...e }))]);
    // The chained events' positions were hashed as 1..3, so renumbering them after the old ones would be a finding: keep them.
    expect(w.counts).toEqual({ events: 5, chained: 3, beforeChain: 2 });
  });
});
