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

export const NUMBERS_ASSIGNED = 'InvoiceNumbersAssigned';

export interface NumberAssignment {
  documentId: string;
  sequence: number;
  number: string;
}

export interface NumbersAssigned {
  type: typeof NUMBERS_ASSIGNED;
  /** `issueDate`: the documents' issue date (absent in series written before it was recorded). */
  data: { legalEntityId: string; year: number; prefix: string; assignments: NumberAssignment[]; issueDate?: string };
}

export interface AssignNumbers {
  type: 'AssignNumbers';
  legalEntityId: string;
  year: number;
  prefix: string;
  documentIds: string[];
  issueDate: string;
}

export interface SeriesState {
  lastSequence: number;
  byDocument: Map<string, string>;
  /** The latest issue date of the series' documents, and the last number issued on it (null: none recorded). */
  lastIssued: { issueDate: string; number: string } | null;
}

/** RULES.md 16: the number of the `sequence`-th document of a legal entity's year. */
export function invoiceNumber(prefix: string, year: number, sequence: number): string {
  return `${prefix}-${year}-${String(sequence).padStart(6, '0')}`;
}

export function seriesStream(legalEntityId: string, year: number): string {
  return streamName('invoiceSeries', `${legalEntityId}-${year}`);
}

export const invoiceSeriesDecider: Decider<SeriesState, AssignNumbers, NumbersAssigned> = {
  initialState: () => ({ lastSequence: 0, byDocument: new Map(), lastIssued: null }),
  evolve(state, event) {
    // Mutated in place: a series folds tens of thousands of assignments, copying would be quadratic.
    for (const a of event.data.assignments) state.byDocument.set(a.documentId, a.number);
    state.lastSequence = Math.max(state.lastSequence, ...event.data.assignments.map((a) => a.sequence));
    const { issueDate } = event.data;
    if (issueDate && (!state.lastIssued || issueDate >= state.lastIssued.issueDate)) state.lastIssued = { issueDate, number: event.data.assignments.at(-1)!.number };
    return state;
  },
  decide(command, state) {
    const fresh = [...new Set(command.documentIds)].filter((id) => !state.byDocument.has(id));
    if (fresh.length === 0) return [];
    const assignments = fresh.map((documentId, i) => {
      const sequence = state.lastSequence + 1 + i;
      return { documentId, sequence, number: invoiceNumber(command.prefix, command.year, sequence) };
    });
    return [{ type: NUMBERS_ASSIGNED, data: { legalEntityId: command.legalEntityId, year: command.year, prefix: command.prefix, assignments, issueDate: command.issueDate } }];
  },
};

/**
 * Numbers follow issue dates: a document of the series may not be dated before the last one
 * issued (VAT Directive art. 226(2) asks for a sequence; auditors read it in date order). Checked
 * before a run is approved, never while it issues: a number, once asked for, is always given.
 */
export function issueDateBeforeSeries(state: SeriesState, issueDate: string): string | null {
  const last = state.lastIssued;
  return last && issueDate < last.issueDate ? `${issueDate} is before ${last.issueDate}, the issue date of ${last.number}: numbers of a series follow issue dates` : null;
}
