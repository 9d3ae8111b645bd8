/** The bill run's life cycle as a specification: each transition and each refusal (RULES.md 17). */
import { describe, expect, it } from 'vitest';
import { billRunDecider, type BillRunEvent } from '../../src/domain/bill-run/decider.ts';
import type { BillRunDraftedData } from '../../src/domain/bill-run/events.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../src/core/errors.ts';
import { DeciderSpecification } from '../support/decider-spec.ts';

const runId = 'R-1';
const start = { type: 'StartBillRun', runId, asOf: '2026-11-01', changeThresholdPercent: 50, today: '2026-11-01', horizonDays: 400 } as const;
const started: BillRunEvent = { type: 'BillRunStarted', data: { runId, asOf: '2026-11-01', changeThresholdPercent: 50 } };
const attempt = (n: number): BillRunEvent => ({ type: 'BillRunDraftingAttempted', data: { runId, attempt: n } });
const report: BillRunDraftedData = {
  runId, entries: [{ invoiceId: 'I-1', legalEntityId: 'DE1', draftRevision: 0, paymentTermsDays: 14, held: false, blocked: false }],
  report: { runId, asOf: '2026-11-01', invoices: 1, held: 0, blocked: 0, nothingToBill: 0, perCurrency: [], perVatGroup: [], perServiceCategory: [], perLegalEntity: [], flags: [] },
};
const drafted: BillRunEvent = { type: 'BillRunDrafted', data: report };
const approved: BillRunEvent = { type: 'BillRunApproved', data: { runId, includeHeld: false, issueDate: '2026-11-02' }, metadata: { actor: 'key:billing', recordedAt: '2026-11-01T10:00:00Z' } };
const completed: BillRunEvent = { type: 'BillRunCompleted', data: { runId, issued: 1, held: 0, superseded: 0 } };
const failed: BillRunEvent = { type: 'BillRunFailed', data: { runId, reason: 'drafting stopped: boom' } };
const approve = { type: 'ApproveBillRun', runId, includeHeld: false, issueDate: '2026-11-02' } as const;
const voided: BillRunEvent = { type: 'BillRunVoided', data: { runId }, metadata: { actor: 'key:ops', recordedAt: '2026-11-01T11:00:00Z' } };
const superseded: BillRunEvent = { type: 'BillRunSuperseded', data: { runId, supersededBy: 'R2' } };
const voidRun = { type: 'VoidBillRun', runId } as const;
const supersede = { type: 'SupersedeBillRun', runId, supersededBy: 'R2' } as const;

describe('bill run decider', () => {
  const spec = DeciderSpecification.for(billRunDecider);

  it('starts a run once, with a valid as-of date within the horizon and a threshold of 0 or more', () => {
    spec.given([]).when(start).then([started]);
    spec.given([started]).when(start).thenNothingHappens();
    spec.given([]).when({ ...start, asOf: '2026-02-30' }).thenThrows(ValidationError);
    spec.given([]).when({ ...start, asOf: '2027-12-07' }).thenThrows(ValidationError, (error) => expect(error.message).toContain('the latest as-of date is 2027-12-06'));
    spec.given([]).when({ ...start, changeThresholdPercent: -1 }).thenThrows(ValidationError);
  });

  it('counts drafting attempts, and fails the run after too many starts without a finish', () => {
    spec.given([started]).when({ type: 'AttemptDrafting', runId, maxAttempts: 3 }).then([attempt(1)]);
    spec.given([started, attempt(1), attempt(2)]).when({ type: 'AttemptDrafting', runId, maxAttempts: 3 }).then([attempt(3)]);
    spec.given([started, attempt(1), attempt(2), attempt(3)]).when({ type: 'AttemptDrafting', runId, maxAttempts: 3 })
      .then([{ type: 'BillRunFailed', data: { runId, reason: expect.stringContaining('drafting began 3 times and never finished') as unknown as string } }]);
    spec.given([started, attempt(1), drafted]).when({ type: 'AttemptDrafting', runId, maxAttempts: 3 }).thenNothingHappens();
    spec.given([]).when({ type: 'AttemptDrafting', runId, maxAttempts: 3 }).thenThrows(NotFoundError);
  });

  it('records the control report once, never for a failed run', () => {
    spec.given([started, attempt(1)]).when({ type: 'RecordDraft', drafted: report }).then([drafted]);
    spec.given([started, attempt(1), drafted]).when({ type: 'RecordDraft', drafted: report }).thenNothingHappens();
    spec.given([started, failed]).when({ type: 'RecordDraft', drafted: report }).thenThrows(ConflictError);
    spec.given([]).when({ type: 'RecordDraft', drafted: report }).thenThrows(NotFoundError);
  });

  it('fails a run only while it drafts', () => {
    spec.given([started, attempt(1)]).when({ type: 'FailBillRun', runId, reason: 'drafting stopped: boom' }).then([failed]);
    spec.given([started, drafted]).when({ type: 'FailBillRun', runId, reason: 'late' }).thenNothingHappens();
    spec.given([started, failed]).when({ type: 'FailBillRun', runId, reason: 'again' }).thenNothingHappens();
  });

  it('approves a drafted run once, and refuses a run that is drafting, failed or unknown', () => {
    spec.given([started, drafted]).when(approve).then([{ type: 'BillRunApproved', data: approved.data }]);
    spec.given([started, drafted, approved]).when(approve).thenThrows(ConflictError, (error) => expect(error.message).toContain('already approved by key:billing at 2026-11-01T10:00:00Z'));
    spec.given([started, attempt(1)]).when(approve).thenThrows(ConflictError, (error) => expect(error.message).toContain('still computing'));
    spec.given([started, failed]).when(approve).thenThrows(ConflictError, (error) => expect(error.message).toContain('failed and cannot be approved: drafting stopped: boom'));
    spec.given([]).when(approve).thenThrows(NotFoundError);
    spec.given([started, drafted]).when({ ...approve, issueDate: '2026-13-01' }).thenThrows(ValidationError);
  });

  it('completes an approved run once, and only an approved one', () => {
    const complete = { type: 'CompleteBillRun', result: completed.data } as const;
    spec.given([started, drafted, approved]).when(complete).then([completed]);
    spec.given([started, drafted, approved, completed]).when(complete).thenNothingHappens();
    spec.given([started, drafted]).when(complete).thenThrows(ConflictError);
  });

  it('voids a drafted or failed run, never one that drafts, is approved, completed, voided or superseded', () => {
    spec.given([started, drafted]).when(voidRun).then([{ type: 'BillRunVoided', data: { runId } }]);
    spec.given([started, failed]).when(voidRun).then([{ type: 'BillRunVoided', data: { runId } }]);
    spec.given([started, attempt(1)]).when(voidRun).thenThrows(ConflictError, (error) => expect(error.message).toContain('still computing'));
    spec.given([started, drafted, approved]).when(voidRun).thenThrows(ConflictError, (error) => expect(error.message).toContain('approved and issuing'));
    spec.given([started, drafted, approved, completed]).when(voidRun).thenThrows(ConflictError, (error) => expect(error.message).toContain('credit notes'));
    spec.given([started, drafted, voided]).when(voidRun).thenThrows(ConflictError, (error) => expect(error.message).toContain('voided already by key:ops'));
    spec.given([started, drafted, superseded]).when(voidRun).thenThrows(ConflictError, (error) => expect(error.message).toContain('superseded by bill run R2'));
    spec.given([]).when(voidRun).thenThrows(NotFoundError);
  });

  it('supersedes only a run waiting for approval, and never approves a voided or superseded one', () => {
    spec.given([started, drafted]).when(supersede).then([superseded]);
    spec.given([started, drafted, approved]).when(supersede).thenNothingHappens();
    spec.given([started, drafted, superseded]).when(supersede).thenNothingHappens();
    spec.given([started, drafted, voided]).when(supersede).thenNothingHappens();
    spec.given([started, drafted, voided]).when(approve).thenThrows(ConflictError, (error) => expect(error.message).toContain('voided by key:ops'));
    spec.given([started, drafted, superseded]).when(approve).thenThrows(ConflictError, (error) => expect(error.message).toContain('superseded by bill run R2'));
  });

  it('folds the status through the life cycle', () => {
    const statusAfter = (events: BillRunEvent[]) => events.reduce(billRunDecider.evolve, billRunDecider.initialState()).status;
    expect([[], [started], [started, attempt(1)], [started, drafted], [started, drafted, approved], [started, drafted, approved, completed], [started, failed], [started, drafted, voided], [started, drafted, superseded]].map(statusAfter))
      .toEqual(['none', 'started', 'started', 'drafted', 'approved', 'completed', 'failed', 'voided', 'superseded']);
  });
});
