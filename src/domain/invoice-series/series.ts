/**
 * Invoice number series (RULES.md 16): `{prefix}-{year}-{sequence:6}` per legal entity and year,
 * strictly increasing from 000001, no gap, no reuse, assigned only when a document is issued.
 *
 * Invariants, kept by the event store rather than by locks:
 * - one stream per legal entity and year; every assignment is appended at the revision its
 *   decision was based on, so two processes issuing at once cannot both take a number: the
 *   loser re-reads what the winner assigned and decides again (optimistic concurrency);
 * - a document keeps the number it was first given: asking again (a retry, a restart after a
 *   crash between numbering and issuing) returns the same number and appends nothing, so a
 *   number assigned is always the number issued, and a restarted run closes every "gap".
 */
import type { Decider } from '../../core/decider.ts';
import { streamName } from '../../core/streams.ts';
import { WrongExpectedRevisionError, type EventStore, type EventMetadata } from '../../eventstore/port.ts';
import { deterministicId } from '../../core/ids.ts';

export const NUMBERS_ASSIGNED = 'InvoiceNumbersAssigned';

export interface NumberAssignment {
  documentId: string;
  sequence: number;
  number: string;
}

export interface NumbersAssigned {
  type: typeof NUMBERS_ASSIGNED;
  data: { legalEntityId: string; year: number; prefix: string; assignments: NumberAssignment[] };
}

export interface AssignNumbers {
  type: 'AssignNumbers';
  legalEntityId: string;
  year: number;
  prefix: string;
  documentIds: string[];
}

export interface SeriesState {
  lastSequence: number;
  byDocument: Map<string, string>;
}

/** RULES.md 16: the number of the `sequence`-th document of a legal entity's year. */
export function invoiceNumber(prefix: string, year: number, sequence: number): string {
  return `${prefix}-${year}-${String(sequence).padStart(6, '0')}`;
}

export function seriesStream(legalEntityId: string, year: number): string {
  return streamName('invoiceSeries', `${legalEntityId}-${year}`);
}

export const invoiceSeriesDecider: Decider<SeriesState, AssignNumbers, NumbersAssigned> = {
  initialState: () => ({ lastSequence: 0, byDocument: new Map() }),
  evolve(state, event) {
    // Mutated in place: a series folds tens of thousands of assignments, copying would be quadratic.
    for (const a of event.data.assignments) state.byDocument.set(a.documentId, a.number);
    state.lastSequence = Math.max(state.lastSequence, ...event.data.assignments.map((a) => a.sequence));
    return state;
  },
  decide(command, state) {
    const fresh = [...new Set(command.documentIds)].filter((id) => !state.byDocument.has(id));
    if (fresh.length === 0) return [];
    const assignments = fresh.map((documentId, i) => {
      const sequence = state.lastSequence + 1 + i;
      return { documentId, sequence, number: invoiceNumber(command.prefix, command.year, sequence) };
    });
    return [{ type: NUMBERS_ASSIGNED, data: { legalEntityId: command.legalEntityId, year: command.year, prefix: command.prefix, assignments } }];
  },
};

/**
 * Assigns numbers through the decider, keeping each series' state between calls so a run of
 * 100,000 invoices reads its series once, not once per invoice; on a conflict it reads only what
 * others appended since.
 */
export class NumberAllocator {
  private readonly series = new Map<string, { state: SeriesState; revision: number | null }>();

  constructor(private readonly eventStore: EventStore) {}

  async assign(command: Omit<AssignNumbers, 'type'>, metadata: Omit<EventMetadata, 'causationId'> & { causationId: string }): Promise<Map<string, string>> {
    const stream = seriesStream(command.legalEntityId, command.year);
    for (let attempt = 1; ; attempt++) {
      const cached = await this.catchUp(stream);
      const events = invoiceSeriesDecider.decide({ type: 'AssignNumbers', ...command }, cached.state);
      if (events.length > 0) {
        const event = events[0]!;
        try {
          // The id follows from the content and the revision: a retry of this very append is
          // recognised as stored, while a different decision at the same revision conflicts.
          await this.eventStore.append(stream, [{
            id: deterministicId('numbers', stream, String((cached.revision ?? -1) + 1), ...event.data.assignments.map((a) => a.documentId)),
            type: event.type,
            data: event.data,
            metadata,
          }], cached.revision === null ? 'noStream' : cached.revision);
        } catch (error) {
          if (!(error instanceof WrongExpectedRevisionError) || attempt >= 100) throw error;
        }
        // Read back what the series holds now (ours, or a competitor's first) and decide again.
        continue;
      }
      return new Map(command.documentIds.map((id) => [id, cached.state.byDocument.get(id)!]));
    }
  }

  private async catchUp(stream: string): Promise<{ state: SeriesState; revision: number | null }> {
    let cached = this.series.get(stream);
    if (!cached) this.series.set(stream, (cached = { state: invoiceSeriesDecider.initialState(), revision: null }));
    const newer = await this.eventStore.readStream(stream, { fromRevision: (cached.revision ?? -1) + 1 });
    for (const event of newer) {
      invoiceSeriesDecider.evolve(cached.state, event as unknown as NumbersAssigned);
      cached.revision = event.revision;
    }
    return cached;
  }
}
