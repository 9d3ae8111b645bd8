/**
 * Walks the tamper-evident hash chain (src/eventstore/chain.ts) event by event, in log order.
 *
 * Each event is checked twice: its own hash against its content (a mismatch: the event was
 * changed, or moved to another position), and its link against the hash of the event before it
 * (a mismatch with an intact event: something before it was removed, or changed with its hash
 * recomputed). After a finding the walk goes on from the stored hash, so one edited row is one
 * finding and independent edits are each reported.
 */
import { chainHash } from '../../eventstore/chain.ts';
import type { RecordedEvent } from '../../eventstore/port.ts';

export interface Finding {
  /** Which check found it: chain, invoice, series, documents, journal. */
  check: string;
  message: string;
  position?: number;
  streamId?: string;
  revision?: number;
  eventId?: string;
  [detail: string]: unknown;
}

export interface ChainCounts {
  /** Events walked. */
  events: number;
  /** Events carrying a chain link. */
  chained: number;
  /** Events stored before the chain started (appended by a billstream that did not chain yet): not verifiable, not a finding. */
  beforeChain: number;
}

/** Canonical data text: the JSON the adapters hashed (JSON.stringify of the data as read back). */
function hashOf(event: RecordedEvent, previous: string | null, position: number | null): string {
  return chainHash(previous, { position, streamId: event.streamId, revision: event.revision, id: event.id, type: event.type, dataJson: JSON.stringify(event.data), metadata: event.metadata });
}

function at(event: RecordedEvent): Pick<Finding, 'position' | 'streamId' | 'revision' | 'eventId'> {
  return { position: event.position, streamId: event.streamId, revision: event.revision, eventId: event.id };
}

function describe(event: RecordedEvent): string {
  return `event at position ${event.position} (stream ${event.streamId}, revision ${event.revision}, ${event.type})`;
}

export class ChainWalk {
  readonly counts: ChainCounts = { events: 0, chained: 0, beforeChain: 0 };
  readonly findings: Finding[] = [];
  /** The log-wide chain: the newest chained event seen. */
  private last: { position: number; hash: string } | null = null;
  /** The stream chains (EventStoreDB): each stream's newest chained event seen. */
  private readonly streams = new Map<string, { revision: number; hash: string }>();

  visit(event: RecordedEvent): void {
    this.counts.events += 1;
    const link = event.metadata.chain;
    if (!link) {
      if (this.last === null && this.streams.size === 0) this.counts.beforeChain += 1;
      else this.findings.push({ check: 'chain', kind: 'unchained', ...at(event), message: `${describe(event)} carries no chain link although the chain started before it: it was inserted behind billstream's back` });
      return;
    }
    this.counts.chained += 1;
    if (link.scope === 'stream') this.visitStreamLink(event, link.previous, link.hash);
    else this.visitLogLink(event, link.previous, link.hash);
  }

  private visitLogLink(event: RecordedEvent, previous: string | null, hash: string): void {
    const intact = hashOf(event, previous, event.position) === hash;
    const last = this.last;
    const expectedPrevious = last?.hash ?? null;
    if (!intact) {
      this.findings.push({
        check: 'chain', kind: 'changed', ...at(event),
        message: `${describe(event)} was changed or moved: its content no longer matches its hash`,
      });
    } else if (previous !== expectedPrevious) {
      if (last === null) {
        this.findings.push({ check: 'chain', kind: 'removed', ...at(event), message: `the events before the ${describe(event)} were removed: it links to an event that is not in the log` });
      } else if (event.position > last.position + 1) {
        const first = last.position + 1;
        const range = event.position - 1 === first ? `position ${first}` : `positions ${first} to ${event.position - 1}`;
        this.findings.push({ check: 'chain', kind: 'removed', ...at(event), removedPositions: [first, event.position - 1], message: `the event(s) at ${range}, before the ${describe(event)}, were removed` });
      } else {
        this.findings.push({
          check: 'chain', kind: 'broken', ...at(event), previousPosition: last.position,
          message: `${describe(event)} does not follow the event at position ${last.position}: that event was changed and its hash recomputed, or events were removed or reordered between them`,
        });
      }
    }
    this.last = { position: event.position, hash };
  }

  private visitStreamLink(event: RecordedEvent, previous: string | null, hash: string): void {
    const intact = hashOf(event, previous, null) === hash;
    const last = this.streams.get(event.streamId);
    if (!intact) {
      this.findings.push({ check: 'chain', kind: 'changed', ...at(event), message: `${describe(event)} was changed: its content no longer matches its hash` });
    } else if (last === undefined) {
      // A stream's first chained event: revision 0 starts its chain; a later one may follow events from before the chain.
      if (previous !== null && event.revision === 0) this.findings.push({ check: 'chain', kind: 'broken', ...at(event), message: `${describe(event)} is its stream's first event but links to another one` });
      if (previous !== null && event.revision > 0) this.findings.push({ check: 'chain', kind: 'removed', ...at(event), message: `the events before revision ${event.revision} of stream ${event.streamId} were removed: ${describe(event)} links to an event that is not in the log` });
    } else if (event.revision <= last.revision) {
      // Keeps the stream's newest revision seen: the events after it are checked against that one.
      this.findings.push({ check: 'chain', kind: 'reordered', ...at(event), message: `${describe(event)} comes after revision ${last.revision} of its stream in the log: the stream's events were reordered` });
      return;
    } else if (previous !== last.hash) {
      const kind = event.revision > last.revision + 1 ? 'removed' : 'broken';
      this.findings.push({
        check: 'chain', kind, ...at(event),
        message: kind === 'removed'
          ? `revisions ${last.revision + 1} to ${event.revision - 1} of stream ${event.streamId} were removed, before the ${describe(event)}`
          : `${describe(event)} does not follow revision ${last.revision} of its stream: that event was changed and its hash recomputed, or the stream's events were reordered`,
      });
    }
    this.streams.set(event.streamId, { revision: event.revision, hash });
  }
}
