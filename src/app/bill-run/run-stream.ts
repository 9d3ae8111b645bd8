/**
 * A bill run's own stream: its state folded from its events, and commands decided on it and
 * appended at the revision they were decided on. Shared by starting, drafting, approving,
 * issuing and voiding runs.
 */
import { deterministicId } from '../../core/ids.ts';
import { fold } from '../../core/decider.ts';
import type { CommandContext } from '../command-handler.ts';
import type { AppDeps } from '../deps.ts';
import { WrongExpectedRevisionError, type EventMetadata } from '../../eventstore/port.ts';
import { billRunDecider, type BillRunCommand, type BillRunEvent, type BillRunState } from '../../domain/bill-run/decider.ts';
import {
  BILL_RUN_APPROVED, BILL_RUN_COMPLETED, BILL_RUN_DRAFTED, BILL_RUN_DRAFTING_ATTEMPTED, BILL_RUN_FAILED, BILL_RUN_STARTED, BILL_RUN_SUPERSEDED, BILL_RUN_VOIDED, billRunStream,
} from '../../domain/bill-run/events.ts';

export type RunState = BillRunState & { revision: number };

export async function loadRun(deps: Pick<AppDeps, 'eventStore'>, runId: string): Promise<RunState> {
  const events = await deps.eventStore.readStream(billRunStream(runId));
  return { ...fold(billRunDecider, events as unknown as BillRunEvent[]), revision: events.at(-1)?.revision ?? -1 };
}

/**
 * Decides a command on the run's stream and appends what it caused at the revision it was decided
 * on (again on a conflict). Each event's id follows from the run (and the attempt), so a step
 * that a crash interrupted after its append is recognised when it is asked again.
 */
export async function decideOnRun(deps: AppDeps, runId: string, command: BillRunCommand, metadata: EventMetadata): Promise<{ state: RunState; position: number | null }> {
  for (let attempt = 1; ; attempt++) {
    const state = await loadRun(deps, runId);
    const events = billRunDecider.decide(command, state);
    if (events.length === 0) return { state, position: null };
    try {
      const result = await deps.eventStore.append(billRunStream(runId), events.map((event) => ({ id: runEventId(runId, event), type: event.type, data: event.data, metadata })), state.revision >= 0 ? state.revision : 'noStream');
      return { state, position: result.position };
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError) || attempt >= 20) throw error;
    }
  }
}

function runEventId(runId: string, event: BillRunEvent): string {
  switch (event.type) {
    case BILL_RUN_STARTED: return deterministicId('run-started', runId);
    case BILL_RUN_DRAFTING_ATTEMPTED: return deterministicId('drafting-attempt', runId, String(event.data.attempt));
    case BILL_RUN_DRAFTED: return deterministicId('run-drafted', runId);
    case BILL_RUN_APPROVED: return deterministicId('run-approved', runId);
    case BILL_RUN_COMPLETED: return deterministicId('run-completed', runId);
    case BILL_RUN_FAILED: return deterministicId('run-failed', runId);
    case BILL_RUN_VOIDED: return deterministicId('run-voided', runId);
    case BILL_RUN_SUPERSEDED: return deterministicId('run-superseded', runId, event.data.supersededBy);
    default: {
      const exhaustive: never = event;
      throw new Error(`unknown bill run event ${JSON.stringify(exhaustive)}`);
    }
  }
}

export function metadataOf(deps: Pick<AppDeps, 'clock'>, context: Pick<CommandContext, 'actor' | 'correlationId' | 'tenantId' | 'commandId'>, causationId: string | null): EventMetadata {
  return {
    correlationId: context.correlationId ?? context.commandId, causationId, tenantId: context.tenantId ?? null, actor: context.actor,
    recordedAt: deps.clock.now().toString(), schemaVersion: 1,
  };
}
