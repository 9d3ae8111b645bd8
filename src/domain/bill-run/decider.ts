/**
 * The bill run as a decider (RULES.md 17): started -> drafted -> approved (issuing) -> completed,
 * or started -> failed when drafting cannot finish; a drafted (or failed) run may be voided by an
 * operator, and a drafted one is superseded when a later run drafts the same cycles first.
 * Invariants: nothing is approved before its control report exists; a run is approved once; a
 * failed, voided or superseded run is never approved; an approved run is never voided or
 * superseded; a drafted run does not fail afterwards. Repeating a step that already happened decides nothing (the saga
 * and a restarted process may ask twice).
 */
import type { Decider } from '../../core/decider.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../core/errors.ts';
import { dateProblem, horizonEnd } from '../../core/validate.ts';
import { calendarDateProblem } from '../../core/calendar-date.ts';
import {
  BILL_RUN_APPROVED, BILL_RUN_COMPLETED, BILL_RUN_DRAFTED, BILL_RUN_DRAFTING_ATTEMPTED, BILL_RUN_FAILED, BILL_RUN_STARTED, BILL_RUN_SUPERSEDED, BILL_RUN_VOIDED,
  type BillRunSupersededData, type BillRunVoidedData, type BillRunApprovedData, type BillRunCompletedData, type BillRunDraftedData, type BillRunDraftingAttemptedData, type BillRunFailedData, type BillRunStartedData,
} from './events.ts';

/** Who recorded an event and when: the approval names its approver in refusals. */
interface Recorded { metadata?: { actor: string; recordedAt: string } }

export type BillRunEvent = Recorded & (
  | { type: typeof BILL_RUN_STARTED; data: BillRunStartedData }
  | { type: typeof BILL_RUN_DRAFTING_ATTEMPTED; data: BillRunDraftingAttemptedData }
  | { type: typeof BILL_RUN_DRAFTED; data: BillRunDraftedData }
  | { type: typeof BILL_RUN_APPROVED; data: BillRunApprovedData }
  | { type: typeof BILL_RUN_COMPLETED; data: BillRunCompletedData }
  | { type: typeof BILL_RUN_FAILED; data: BillRunFailedData }
  | { type: typeof BILL_RUN_VOIDED; data: BillRunVoidedData }
  | { type: typeof BILL_RUN_SUPERSEDED; data: BillRunSupersededData }
);

export type BillRunCommand =
  | { type: 'StartBillRun'; runId: string; asOf: string; changeThresholdPercent: number; discountShareThresholdPercent?: number; today: string; horizonDays: number }
  | { type: 'AttemptDrafting'; runId: string; maxAttempts: number }
  | { type: 'RecordDraft'; drafted: BillRunDraftedData }
  | { type: 'FailBillRun'; runId: string; reason: string }
  | { type: 'ApproveBillRun'; runId: string; includeHeld: boolean; issueDate: string }
  | { type: 'CompleteBillRun'; result: BillRunCompletedData }
  | { type: 'VoidBillRun'; runId: string }
  | { type: 'SupersedeBillRun'; runId: string; supersededBy: string };

export type BillRunStatus = 'none' | 'started' | 'drafted' | 'approved' | 'completed' | 'failed' | 'voided' | 'superseded';

export interface BillRunState {
  status: BillRunStatus;
  started: BillRunStartedData | null;
  /** Times drafting began. */
  draftingAttempts: number;
  drafted: BillRunDraftedData | null;
  approved: (BillRunApprovedData & { by: string; at: string }) | null;
  completed: BillRunCompletedData | null;
  failed: BillRunFailedData | null;
  voided: { by: string; at: string } | null;
  supersededBy: string | null;
}

/** A run closes cycles ended by its as-of date: no later than the horizon after today (BILLSTREAM_BILL_RUN_HORIZON_DAYS). */
export function asOfBeyondHorizon(asOf: string, today: string, horizonDays: number): string | null {
  const latest = horizonEnd({ today, horizonDays });
  return asOf > latest
    ? `${asOf} is more than ${horizonDays} days after today (${today}): the latest as-of date is ${latest} (BILLSTREAM_BILL_RUN_HORIZON_DAYS sets the horizon)`
    : null;
}

function decide(command: BillRunCommand, state: BillRunState): BillRunEvent[] {
  switch (command.type) {
    case 'StartBillRun': {
      if (state.status !== 'none') return [];
      // The horizon first: it names the latest date taken, which says more than the range of all dates.
      const problem = calendarDateProblem(command.asOf) ?? asOfBeyondHorizon(command.asOf, command.today, command.horizonDays) ?? dateProblem(command.asOf);
      if (problem) throw new ValidationError(`as-of date ${problem}`, [{ field: 'asOf', message: problem }]);
      if (!(command.changeThresholdPercent >= 0)) throw new ValidationError('changeThresholdPercent must be a percentage of 0 or more', [{ field: 'changeThresholdPercent', message: 'must be 0 or more' }]);
      const share = command.discountShareThresholdPercent;
      if (share !== undefined && !(share >= 0)) throw new ValidationError('discountShareThresholdPercent must be a percentage of 0 or more', [{ field: 'discountShareThresholdPercent', message: 'must be 0 or more' }]);
      return [{
        type: BILL_RUN_STARTED,
        data: { runId: command.runId, asOf: command.asOf, changeThresholdPercent: command.changeThresholdPercent, ...(share !== undefined ? { discountShareThresholdPercent: share } : {}) },
      }];
    }
    case 'AttemptDrafting': {
      requireStarted(state, command.runId);
      if (state.status !== 'started') return [];
      // A run whose drafting stops the process (out of memory, killed) would stop every process
      // that resumes it, `serve` included: after so many starts without a finish it fails instead.
      if (state.draftingAttempts >= command.maxAttempts) {
        return [{ type: BILL_RUN_FAILED, data: { runId: command.runId, reason: `drafting began ${state.draftingAttempts} times and never finished: the process stopped during it each time (out of memory or killed); start a new run once the cause is fixed` } }];
      }
      return [{ type: BILL_RUN_DRAFTING_ATTEMPTED, data: { runId: command.runId, attempt: state.draftingAttempts + 1 } }];
    }
    case 'RecordDraft': {
      requireStarted(state, command.drafted.runId);
      if (state.status === 'failed') throw new ConflictError(`bill run ${command.drafted.runId} failed: its drafts are not recorded`);
      if (state.status !== 'started') return [];
      return [{ type: BILL_RUN_DRAFTED, data: command.drafted }];
    }
    case 'FailBillRun': {
      requireStarted(state, command.runId);
      if (state.status !== 'started') return [];
      return [{ type: BILL_RUN_FAILED, data: { runId: command.runId, reason: command.reason } }];
    }
    case 'ApproveBillRun': {
      const problem = dateProblem(command.issueDate);
      if (problem) throw new ValidationError(`issue date ${problem}`, [{ field: 'issueDate', message: problem }]);
      requireStarted(state, command.runId);
      if (state.approved) throw new ConflictError(`bill run ${command.runId} was already approved by ${state.approved.by} at ${state.approved.at}`);
      if (state.failed) throw new ConflictError(`bill run ${command.runId} failed and cannot be approved: ${state.failed.reason}`);
      if (state.voided) throw new ConflictError(`bill run ${command.runId} was voided by ${state.voided.by} at ${state.voided.at} and cannot be approved`);
      if (state.supersededBy) throw new ConflictError(`bill run ${command.runId} was superseded by bill run ${state.supersededBy}, which drafted the same cycles later: approve that one`);
      if (!state.drafted) throw new ConflictError(`bill run ${command.runId} is still computing its invoices; approve it once its control report is ready`);
      return [{ type: BILL_RUN_APPROVED, data: { runId: command.runId, includeHeld: command.includeHeld, issueDate: command.issueDate } }];
    }
    case 'CompleteBillRun': {
      requireStarted(state, command.result.runId);
      if (state.status === 'completed') return [];
      if (state.status !== 'approved') throw new ConflictError(`bill run ${command.result.runId} is ${state.status}: only an approved run completes`);
      return [{ type: BILL_RUN_COMPLETED, data: command.result }];
    }
    case 'VoidBillRun': {
      requireStarted(state, command.runId);
      switch (state.status) {
        case 'drafted':
        case 'failed':
          return [{ type: BILL_RUN_VOIDED, data: { runId: command.runId } }];
        case 'started':
          throw new ConflictError(`bill run ${command.runId} is still computing its invoices; void it once its control report is ready`);
        case 'voided':
          throw new ConflictError(`bill run ${command.runId} was voided already by ${state.voided!.by} at ${state.voided!.at}`);
        case 'superseded':
          throw new ConflictError(`bill run ${command.runId} was superseded by bill run ${state.supersededBy}: it issues nothing already`);
        default:
          throw new ConflictError(`bill run ${command.runId} is ${state.status === 'completed' ? 'completed' : 'approved and issuing'}: its invoices are issued (correct them with credit notes), it cannot be voided`);
      }
    }
    case 'SupersedeBillRun': {
      requireStarted(state, command.runId);
      // Only a run still waiting for approval is replaced; an approved one issues what is still its own.
      if (state.status !== 'drafted') return [];
      return [{ type: BILL_RUN_SUPERSEDED, data: { runId: command.runId, supersededBy: command.supersededBy } }];
    }
    default: {
      const exhaustive: never = command;
      throw new Error(`unknown command ${JSON.stringify(exhaustive)}`);
    }
  }
}

function requireStarted(state: BillRunState, runId: string): void {
  if (state.status === 'none') throw new NotFoundError(`bill run ${runId} does not exist`);
}

function evolve(state: BillRunState, event: BillRunEvent): BillRunState {
  switch (event.type) {
    case BILL_RUN_STARTED: return { ...state, status: 'started', started: event.data };
    case BILL_RUN_DRAFTING_ATTEMPTED: return { ...state, draftingAttempts: state.draftingAttempts + 1 };
    case BILL_RUN_DRAFTED: return { ...state, status: 'drafted', drafted: event.data };
    case BILL_RUN_APPROVED: return { ...state, status: 'approved', approved: { ...event.data, by: event.metadata?.actor ?? 'unknown', at: event.metadata?.recordedAt ?? 'unknown' } };
    case BILL_RUN_COMPLETED: return { ...state, status: 'completed', completed: event.data };
    case BILL_RUN_FAILED: return { ...state, status: 'failed', failed: event.data };
    case BILL_RUN_VOIDED: return { ...state, status: 'voided', voided: { by: event.metadata?.actor ?? 'unknown', at: event.metadata?.recordedAt ?? 'unknown' } };
    case BILL_RUN_SUPERSEDED: return { ...state, status: 'superseded', supersededBy: event.data.supersededBy };
    default: return state;
  }
}

export const billRunDecider: Decider<BillRunState, BillRunCommand, BillRunEvent> = {
  initialState: () => ({ status: 'none', started: null, draftingAttempts: 0, drafted: null, approved: null, completed: null, failed: null, voided: null, supersededBy: null }),
  evolve,
  decide,
};
