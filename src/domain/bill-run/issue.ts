/**
 * Starting, approving and issuing bill runs (billing process steps 6 and 8, RULES.md 16-18).
 *
 * Invariants: nothing is issued before its run is approved (RULES 17); a run is approved once;
 * an invoice is issued at most once (its InvoiceIssued event has an id that follows from the
 * invoice, appended at the revision of the run's draft, so a newer draft or an earlier issue
 * stops it); numbers come from the series only for invoices about to be issued, and a restart
 * re-issues with the numbers already assigned, so the series has no gap and no reuse.
 */
import { Temporal } from 'temporal-polyfill';
import { deterministicId } from '../../core/ids.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../core/errors.ts';
import { dateProblem } from '../../core/validate.ts';
import { operatorToday } from '../../core/clock.ts';
import { addDays } from '../billing-cycle/cycles.ts';
import type { CommandContext } from '../../core/command-handler.ts';
import type { Billstream } from '../../main.ts';
import { StoreUnavailableError, WrongExpectedRevisionError, type EventMetadata } from '../../eventstore/port.ts';
import { LEGAL_ENTITIES } from '../../../projections/legal-entities.projection.ts';
import { NumberAllocator } from '../invoice-series/series.ts';
import { billRunProgress, draftRun } from './draft.ts';
import { forEachDocument } from '../../readstore/port.ts';
import { INVOICES, type InvoiceDocument } from '../../../projections/billing.projection.ts';
import {
  BILL_RUN_APPROVED, BILL_RUN_COMPLETED, BILL_RUN_DRAFTED, BILL_RUN_DRAFTING_ATTEMPTED, BILL_RUN_FAILED, BILL_RUN_STARTED, billRunStream, INVOICE_ISSUED, invoiceStream,
  type BillRunApprovedData, type BillRunFailedData, type BillRunDraftingAttemptedData, type BillRunCompletedData, type BillRunDraftedData, type BillRunStartedData, type InvoiceIssuedData, type RunEntry,
} from './events.ts';

/** RULES.md 18: due date = issue date + the contract's payment terms. */
export function dueDate(issueDate: string, paymentTermsDays: number): string {
  return Temporal.PlainDate.from(issueDate).add({ days: paymentTermsDays }).toString();
}

const DEFAULT_CHANGE_THRESHOLD = 50;

/** A run closes cycles ended by its as-of date: no later than the horizon after today (config.billRunHorizonDays). */
export function asOfBeyondHorizon(asOf: string, today: string, horizonDays: number): string | null {
  const latest = addDays(today, horizonDays);
  return asOf > latest
    ? `${asOf} is more than ${horizonDays} days after today (${today}): the latest as-of date is ${latest} (BILLSTREAM_BILL_RUN_HORIZON_DAYS sets the horizon)`
    : null;
}

export async function startBillRun(
  billstream: Billstream,
  request: { asOf: string; changeThresholdPercent?: number },
  context: CommandContext,
): Promise<{ runId: string; position: number }> {
  const problem = dateProblem(request.asOf) ?? asOfBeyondHorizon(request.asOf, operatorToday(billstream.clock), billstream.config.billRunHorizonDays);
  if (problem) throw new ValidationError(`as-of date ${problem}`, [{ field: 'asOf', message: problem }]);
  const threshold = request.changeThresholdPercent ?? DEFAULT_CHANGE_THRESHOLD;
  if (!(threshold >= 0)) throw new ValidationError('changeThresholdPercent must be a percentage of 0 or more', [{ field: 'changeThresholdPercent', message: 'must be 0 or more' }]);
  // One run per command: a retried request finds its run instead of starting a second.
  const runId = deterministicId('billRun', context.commandId);
  const data: BillRunStartedData = { runId, asOf: request.asOf, changeThresholdPercent: threshold };
  const result = await billstream.eventStore.append(billRunStream(runId), [{
    id: deterministicId('run-started', runId), type: BILL_RUN_STARTED, data, metadata: metadataOf(billstream, context, null),
  }], 'any');
  return { runId, position: result.position };
}

function metadataOf(billstream: Billstream, context: Pick<CommandContext, 'actor' | 'correlationId' | 'tenantId' | 'commandId'>, causationId: string | null): EventMetadata {
  return {
    correlationId: context.correlationId ?? context.commandId, causationId, tenantId: context.tenantId ?? null, actor: context.actor,
    recordedAt: billstream.clock.now().toString(), schemaVersion: 1,
  };
}

export interface RunState {
  started: BillRunStartedData | null;
  /** Times the billing saga began drafting it. */
  draftingAttempts: number;
  failed: BillRunFailedData | null;
  drafted: BillRunDraftedData | null;
  approved: (BillRunApprovedData & { by: string; at: string }) | null;
  completed: BillRunCompletedData | null;
  revision: number;
}

export async function loadRun(billstream: Billstream, runId: string): Promise<RunState> {
  const events = await billstream.eventStore.readStream(billRunStream(runId));
  const state: RunState = { started: null, draftingAttempts: 0, failed: null, drafted: null, approved: null, completed: null, revision: -1 };
  for (const event of events) {
    state.revision = event.revision;
    if (event.type === BILL_RUN_STARTED) state.started = event.data as BillRunStartedData;
    else if (event.type === BILL_RUN_DRAFTED) state.drafted = event.data as BillRunDraftedData;
    else if (event.type === BILL_RUN_APPROVED) state.approved = { ...(event.data as BillRunApprovedData), by: event.metadata.actor, at: event.metadata.recordedAt };
    else if (event.type === BILL_RUN_COMPLETED) state.completed = event.data as BillRunCompletedData;
    else if (event.type === BILL_RUN_DRAFTING_ATTEMPTED) state.draftingAttempts += 1;
    else if (event.type === BILL_RUN_FAILED) state.failed = event.data as BillRunFailedData;
  }
  return state;
}

/** RULES.md 17: approval (role billing, checked by the caller) lets the run issue; once only. */
export async function approveBillRun(
  billstream: Billstream,
  runId: string,
  request: { includeHeld: boolean; issueDate: string },
  context: CommandContext,
): Promise<{ position: number }> {
  const problem = dateProblem(request.issueDate);
  if (problem) throw new ValidationError(`issue date ${problem}`, [{ field: 'issueDate', message: problem }]);
  const run = await loadRun(billstream, runId);
  if (!run.started) throw new NotFoundError(`bill run ${runId} does not exist`);
  if (run.approved) throw new ConflictError(`bill run ${runId} was already approved by ${run.approved.by} at ${run.approved.at}`);
  if (run.failed) throw new ConflictError(`bill run ${runId} failed and cannot be approved: ${run.failed.reason}`);
  if (!run.drafted) throw new ConflictError(`bill run ${runId} is still computing its invoices; approve it once its control report is ready`);
  const data: BillRunApprovedData = { runId, includeHeld: request.includeHeld, issueDate: request.issueDate };
  try {
    const result = await billstream.eventStore.append(billRunStream(runId), [{
      id: deterministicId('run-approved', runId), type: BILL_RUN_APPROVED, data, metadata: metadataOf(billstream, context, null),
    }], run.revision);
    return { position: result.position };
  } catch (error) {
    if (error instanceof WrongExpectedRevisionError) throw new ConflictError(`bill run ${runId} was approved by someone else meanwhile`);
    throw error;
  }
}

const ISSUE_CHUNK = 500;

/** Issues an approved run's invoices; safe to call again after a crash at any point. */
export async function issueRun(billstream: Billstream, runId: string, actor: string, approvedAt: number): Promise<void> {
  const run = await loadRun(billstream, runId);
  if (!run.drafted || !run.approved || run.completed) return;
  const { approved } = run;
  const year = Temporal.PlainDate.from(approved.issueDate).year;
  const metadata = { correlationId: runId, tenantId: null, actor, recordedAt: billstream.clock.now().toString(), schemaVersion: 1 };
  const eligible = run.drafted.entries.filter((e) => !e.blocked && e.legalEntityId !== null && (!e.held || approved.includeHeld));
  const held = run.drafted.entries.length - eligible.length;
  // What happened to each invoice since this run drafted it: issued already (a restart), or
  // drafted again by a later run (its header names that run). The read models reflect at least
  // the approval; one that lags behind a restart's own issues is harmless: issuing is idempotent.
  await billstream.readModelsReached(approvedAt);
  // Only each header's status is kept: a large run's headers would take hundreds of megabytes.
  const statusOf = new Map<string, InvoiceDocument['status']>();
  await forEachDocument<InvoiceDocument>(billstream.readStore, INVOICES, { runId }, (header) => statusOf.set(header.id, header.status));
  const toIssue: RunEntry[] = [];
  let superseded = 0;
  let alreadyIssued = 0;
  for (const entry of eligible) {
    const status = statusOf.get(entry.invoiceId);
    if (!status) superseded += 1;
    else if (status === 'issued') alreadyIssued += 1;
    else toIssue.push(entry);
  }
  const allocator = new NumberAllocator(billstream.eventStore);
  const byEntity = new Map<string, RunEntry[]>();
  for (const entry of toIssue) {
    const list = byEntity.get(entry.legalEntityId!) ?? [];
    list.push(entry);
    byEntity.set(entry.legalEntityId!, list);
  }
  let issued = alreadyIssued;
  for (const [legalEntityId, entries] of byEntity) {
    const entity = (await billstream.readStore.get(LEGAL_ENTITIES, legalEntityId)) as { invoicePrefix: string } | null;
    if (!entity) throw new NotFoundError(`legal entity ${legalEntityId} does not exist`);
    for (let i = 0; i < entries.length; i += ISSUE_CHUNK) {
      const chunk = entries.slice(i, i + ISSUE_CHUNK);
      const numbers = await allocator.assign(
        { legalEntityId, year, prefix: entity.invoicePrefix, documentIds: chunk.map((e) => e.invoiceId) },
        { ...metadata, causationId: runId },
      );
      await Promise.all(chunk.map((entry) => {
        const data: InvoiceIssuedData = {
          invoiceId: entry.invoiceId, runId, number: numbers.get(entry.invoiceId)!, issueDate: approved.issueDate, dueDate: dueDate(approved.issueDate, entry.paymentTermsDays),
        };
        return billstream.eventStore.append(invoiceStream(entry.invoiceId), [{
          id: deterministicId('issued', entry.invoiceId), type: INVOICE_ISSUED, data, metadata: { ...metadata, causationId: runId },
        }], entry.draftRevision);
      }));
      issued += chunk.length;
      billRunProgress.emit('issuing', runId, issued, eligible.length);
    }
  }
  const completed: BillRunCompletedData = { runId, issued, held, superseded };
  await billstream.eventStore.append(billRunStream(runId), [{
    id: deterministicId('run-completed', runId), type: BILL_RUN_COMPLETED, data: completed, metadata: { ...metadata, causationId: runId },
  }], 'any');
}

/**
 * After this many starts of drafting without a finish, the run is failed instead of started
 * again: a run whose drafting stops the process (out of memory, a crash) would otherwise stop
 * every process that resumes it, `serve` included.
 */
export const MAX_DRAFTING_ATTEMPTS = 3;

/** Failures that a later attempt can get past (the store was busy or away); anything else fails the run. */
function isTransient(error: unknown): boolean {
  if (error instanceof StoreUnavailableError || error instanceof WrongExpectedRevisionError) return true;
  if (error instanceof Error && (error.name === 'ConsumerHeldElsewhereError' || /SQLITE_BUSY|SQLITE_LOCKED|ECONNRE|ETIMEDOUT|UNAVAILABLE|timed out/i.test(error.message))) return true;
  return false;
}

/**
 * Drafts a started run (the billing saga's step), or ends it as failed with its reason when its
 * drafting cannot finish: an error that is not about the store being busy, or the process
 * stopping during drafting `MAX_DRAFTING_ATTEMPTS` times. A failed run issues nothing.
 */
export async function draftOrFailRun(billstream: Billstream, started: BillRunStartedData & { position: number }, actor: string): Promise<void> {
  const { runId } = started;
  const run = await loadRun(billstream, runId);
  if (run.drafted || run.failed) return;
  const metadata = metadataOf(billstream, { actor, commandId: runId }, runId);
  const fail = async (reason: string) => {
    const data: BillRunFailedData = { runId, reason };
    await billstream.eventStore.append(billRunStream(runId), [{ id: deterministicId('run-failed', runId), type: BILL_RUN_FAILED, data, metadata }], 'any');
  };
  if (run.draftingAttempts >= MAX_DRAFTING_ATTEMPTS) {
    return fail(`drafting began ${run.draftingAttempts} times and never finished: the process stopped during it each time (out of memory or killed); start a new run once the cause is fixed`);
  }
  const attempt = run.draftingAttempts + 1;
  const data: BillRunDraftingAttemptedData = { runId, attempt };
  await billstream.eventStore.append(billRunStream(runId), [{ id: deterministicId('drafting-attempt', runId, String(attempt)), type: BILL_RUN_DRAFTING_ATTEMPTED, data, metadata }], 'any');
  try {
    await draftRun(billstream, started, actor);
  } catch (error) {
    if (isTransient(error)) throw error;
    await fail(`drafting stopped: ${error instanceof Error ? error.message : String(error)}`);
  }
}
