/**
 * The time trigger of bill runs (issue 5: "triggered by time, a scheduler inside serve"): once a
 * day a run closes the cycles that ended by then and waits, drafted, for approval; nothing is
 * issued without it (RULES.md 17). The run's command id is the date, so several servers on one
 * store, or a restart on the same day, start the day's run once.
 */
import { deterministicId } from '../../core/ids.ts';
import { startBillRun } from './issue.ts';
import { cyclesDue } from './draft.ts';
import type { AppDeps } from '../deps.ts';
import { forEachDocument, type Document } from '../../readstore/port.ts';
import { BILL_RUNS, type BillRunDocument } from '../../../projections/bill-runs.projection.ts';
import { CONTRACTS } from '../../../projections/contracts.projection.ts';
import type { ContractDetails } from '../../domain/contract/decider.ts';

/** Runs whose as-of date covers the cycles ended by then: those that draft, wait for approval, issue or issued. */
const COVERING: ReadonlySet<BillRunDocument['status']> = new Set(['started', 'drafted', 'approved', 'completed']);

/**
 * Whether a contract has a billable cycle (RULES.md 6, the cycles a run would bill) that ended
 * after `since` (the latest as-of date a run covers; null: none) and on or before `today`.
 */
export async function cycleEndedSince(deps: AppDeps, since: string | null, today: string): Promise<boolean> {
  let found = false;
  await forEachDocument<ContractDetails & Document>(deps.readStore, CONTRACTS, {}, (contract) => {
    if (found) return;
    const last = cyclesDue(contract, today).at(-1);
    if (last && (since === null || last.end > since)) found = true;
  });
  return found;
}

/** The actor the scheduler's runs are started by (their `startedBy`). */
export const SCHEDULER_ACTOR = 'scheduler';

/** What the scheduler needs to know of the runs stored now. */
interface RunsNow {
  /** The latest as-of date of a run that covers its cycles (voided, superseded and failed runs cover none). */
  lastCoveredAsOf: string | null;
  /** Whether the run with this id exists (today's scheduled run, started by this or another server). */
  exists: boolean;
  /** A run someone else started that is not approved yet (drafting, or drafted and waiting for review): the operator's to approve or void. */
  othersUnapproved: string | null;
}

async function runsNow(deps: AppDeps, runId: string): Promise<RunsNow> {
  const found: RunsNow = { lastCoveredAsOf: null, exists: false, othersUnapproved: null };
  await forEachDocument<BillRunDocument>(deps.readStore, BILL_RUNS, {}, (run) => {
    if (run.id === runId) found.exists = true;
    if (COVERING.has(run.status) && (found.lastCoveredAsOf === null || run.asOf > found.lastCoveredAsOf)) found.lastCoveredAsOf = run.asOf;
    if ((run.status === 'started' || run.status === 'drafted') && run.startedBy !== SCHEDULER_ACTOR) found.othersUnapproved ??= run.id;
  });
  return found;
}

/**
 * Starts (or finds) today's scheduled run; `today` is the operator's local date. Starts none (null)
 * when no contract's cycle ended since the last run that covers its cycles (no empty runs), and
 * none while a run someone else started waits unapproved: a new run would supersede it, and it
 * is the operator's to approve or void. An earlier scheduled run that waits is superseded.
 */
export async function startScheduledBillRun(billstream: AppDeps, today: string): Promise<{ runId: string; position: number } | null> {
  const commandId = `scheduled-bill-run-${today}`;
  // The runs and contracts as stored now (a run started a moment ago by this or another server).
  await billstream.catchUp();
  const runs = await runsNow(billstream, deterministicId('billRun', commandId));
  // Today's run exists (another server, a restart): find it again rather than start another.
  if (runs.exists) return startBillRun(billstream, { asOf: today }, { commandId, actor: SCHEDULER_ACTOR });
  if (runs.othersUnapproved !== null) return null;
  const since = runs.lastCoveredAsOf;
  if (since !== null && since >= today) return null;
  if (!(await cycleEndedSince(billstream, since, today))) return null;
  return startBillRun(billstream, { asOf: today }, { commandId, actor: SCHEDULER_ACTOR });
}

export interface SchedulerHandle {
  stop(): void;
}

/** Checks every `everyMs` (and at once) whether today's run exists; returns a handle to stop it. */
export function scheduleBillRuns(billstream: AppDeps, localToday: () => string, everyMs = 10 * 60_000, onError: (error: unknown) => void = console.error): SchedulerHandle {
  let last: string | null = null;
  const tick = async () => {
    const today = localToday();
    if (today === last) return;
    await startScheduledBillRun(billstream, today);
    last = today;
  };
  const timer = setInterval(() => void tick().catch(onError), everyMs);
  timer.unref();
  void tick().catch(onError);
  return { stop: () => clearInterval(timer) };
}
