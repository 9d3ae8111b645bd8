/** Bill runs with their control reports and results, as the REST API and the CLI list them. */
import type { RecordedEvent } from '../src/eventstore/port.ts';
import type { UnitOfWork } from '../src/readstore/port.ts';
import type { Projection } from '../src/processing/projection.ts';
import { idOf } from '../src/core/streams.ts';
import { BILL_RUN_APPROVED, BILL_RUN_COMPLETED, BILL_RUN_DRAFTED, BILL_RUN_FAILED, BILL_RUN_STARTED, BILL_RUN_SUPERSEDED, BILL_RUN_VOIDED, type BillRunSupersededData, type BillRunApprovedData, type BillRunCompletedData, type BillRunFailedData, type BillRunDraftedData, type BillRunStartedData, type ControlReport } from '../src/domain/bill-run/events.ts';

export const BILL_RUNS = 'bill_runs';

export interface BillRunDocument {
  [key: string]: unknown;
  id: string;
  asOf: string;
  status: 'started' | 'drafted' | 'approved' | 'completed' | 'failed' | 'voided' | 'superseded';
  startedAt: string;
  startedBy: string;
  changeThresholdPercent: number;
  /** Absent on runs started before discounts (50). */
  discountShareThresholdPercent?: number;
  report: ControlReport | null;
  approval: { includeHeld: boolean; issueDate: string; by: string; at: string } | null;
  result: { issued: number; held: number; superseded: number } | null;
  /** Why drafting could not finish (status failed); absent otherwise. */
  failure?: { reason: string; at: string };
  /** Who voided it and when (status voided); absent otherwise. */
  voided?: { by: string; at: string };
  /** The later run that drafted the same cycles (status superseded); absent otherwise. */
  supersededBy?: string;
}

export const billRunsProjection: Projection = {
  name: 'bill-runs',
  version: 1,
  collections: [{ name: BILL_RUNS, indexes: ['asOf', 'status'] }],
  handles: [BILL_RUN_STARTED, BILL_RUN_DRAFTED, BILL_RUN_APPROVED, BILL_RUN_COMPLETED, BILL_RUN_FAILED, BILL_RUN_VOIDED, BILL_RUN_SUPERSEDED],
  async apply(event: RecordedEvent, uow: UnitOfWork) {
    const id = idOf(event.streamId);
    if (event.type === BILL_RUN_STARTED) {
      const data = event.data as BillRunStartedData;
      uow.put(BILL_RUNS, id, {
        id, asOf: data.asOf, status: 'started', startedAt: event.metadata.recordedAt, startedBy: event.metadata.actor, changeThresholdPercent: data.changeThresholdPercent,
        ...(data.discountShareThresholdPercent !== undefined ? { discountShareThresholdPercent: data.discountShareThresholdPercent } : {}),
        report: null, approval: null, result: null,
      } satisfies BillRunDocument);
      return;
    }
    const run = (await uow.get(BILL_RUNS, id)) as BillRunDocument | null;
    if (!run) return;
    if (event.type === BILL_RUN_DRAFTED) uow.put(BILL_RUNS, id, { ...run, status: 'drafted', report: (event.data as BillRunDraftedData).report });
    else if (event.type === BILL_RUN_APPROVED) {
      const data = event.data as BillRunApprovedData;
      uow.put(BILL_RUNS, id, { ...run, status: 'approved', approval: { includeHeld: data.includeHeld, issueDate: data.issueDate, by: event.metadata.actor, at: event.metadata.recordedAt } });
    } else if (event.type === BILL_RUN_COMPLETED) {
      const { issued, held, superseded } = event.data as BillRunCompletedData;
      uow.put(BILL_RUNS, id, { ...run, status: 'completed', result: { issued, held, superseded } });
    } else if (event.type === BILL_RUN_FAILED) {
      uow.put(BILL_RUNS, id, { ...run, status: 'failed', failure: { reason: (event.data as BillRunFailedData).reason, at: event.metadata.recordedAt } });
    } else if (event.type === BILL_RUN_VOIDED) {
      uow.put(BILL_RUNS, id, { ...run, status: 'voided', voided: { by: event.metadata.actor, at: event.metadata.recordedAt } });
    } else if (event.type === BILL_RUN_SUPERSEDED) {
      uow.put(BILL_RUNS, id, { ...run, status: 'superseded', supersededBy: (event.data as BillRunSupersededData).supersededBy });
    }
  },
};
