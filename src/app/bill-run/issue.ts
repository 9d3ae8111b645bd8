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
import { addDays } from '../../core/calendar-date.ts';
import { deterministicId } from '../../core/ids.ts';
import { NotFoundError, ValidationError } from '../../core/errors.ts';
import { dateProblem } from '../../core/validate.ts';
import { operatorToday } from '../../core/clock.ts';
import type { CommandContext } from '../command-handler.ts';
import type { AppDeps } from '../deps.ts';
import { StoreUnavailableError, WrongExpectedRevisionError } from '../../eventstore/port.ts';
import { LEGAL_ENTITIES, type LegalEntityDocument } from '../../../projections/legal-entities.projection.ts';
import { sellerOf } from '../documents/parties.ts';
import { NumberAllocator } from '../invoice-series/allocator.ts';
import { billRunProgress, draftRun } from './draft.ts';
import { forEachDocument } from '../../readstore/port.ts';
import { INVOICES, type InvoiceDocument } from '../../../projections/invoices.projection.ts';
import { asOfBeyondHorizon } from '../../domain/bill-run/decider.ts';
import { decideOnRun, loadRun, metadataOf } from './run-stream.ts';
import { runsToSupersede, supersedeRuns } from './void.ts';
import {
  billRunStream, INVOICE_ISSUED, invoiceStream,
  type BillRunCompletedData, type BillRunDraftedData, type BillRunStartedData, type InvoiceIssuedData, type RunEntry,
} from '../../domain/bill-run/events.ts';

/** RULES.md 18: due date = issue date + the contract's payment terms. */
export function dueDate(issueDate: string, paymentTermsDays: number): string {
  return addDays(issueDate, paymentTermsDays);
}

const DEFAULT_CHANGE_THRESHOLD = 50;

export { asOfBeyondHorizon, loadRun };

export async function startBillRun(
  deps: AppDeps,
  request: { asOf: string; changeThresholdPercent?: number; discountShareThresholdPercent?: number },
  context: CommandContext,
): Promise<{ runId: string; position: number }> {
  // One run per command: a retried request finds its run instead of starting a second.
  const runId = deterministicId('billRun', context.commandId);
  const { state, position } = await decideOnRun(deps, runId, {
    type: 'StartBillRun', runId, asOf: request.asOf, changeThresholdPercent: request.changeThresholdPercent ?? DEFAULT_CHANGE_THRESHOLD,
    ...(request.discountShareThresholdPercent !== undefined ? { discountShareThresholdPercent: request.discountShareThresholdPercent } : {}),
    today: operatorToday(deps.clock), horizonDays: deps.config.billRunHorizonDays,
  }, metadataOf(deps, context, null));
  if (position !== null) return { runId, position };
  const [started] = await deps.eventStore.readStream(billRunStream(runId), { limit: 1 });
  return { runId, position: started?.position ?? state.revision };
}

/** RULES.md 17: approval (role billing, checked by the caller) lets the run issue; once only. */
export async function approveBillRun(
  deps: AppDeps,
  runId: string,
  request: { includeHeld: boolean; issueDate: string },
  context: CommandContext,
): Promise<{ position: number }> {
  await checkIssueDateFollowsSeries(deps, runId, request.issueDate);
  const { position } = await decideOnRun(deps, runId, { type: 'ApproveBillRun', runId, includeHeld: request.includeHeld, issueDate: request.issueDate }, metadataOf(deps, context, null));
  // The decider refuses a second approval, so an approval that decided nothing cannot happen.
  return { position: position! };
}

/**
 * The run's invoices will be numbered after every document of their sellers' series: their issue
 * date may not be earlier than the last one's, nor fall in a year whose next year's series has
 * begun. Refused before approval (a run, once approved, issues every number it asks for).
 */
async function checkIssueDateFollowsSeries(deps: AppDeps, runId: string, issueDate: string): Promise<void> {
  const run = await loadRun(deps, runId);
  // An issue date that is no date, or a run not ready to approve, is the decider's to refuse.
  if (!run.drafted || run.approved || dateProblem(issueDate)) return;
  const allocator = new NumberAllocator(deps.eventStore);
  for (const legalEntityId of new Set(run.drafted.entries.flatMap((e) => (e.legalEntityId ? [e.legalEntityId] : [])))) {
    const problem = await allocator.issueDateProblem(legalEntityId, issueDate);
    if (problem) throw new ValidationError(`issue date ${problem}`, [{ field: 'issueDate', message: problem }]);
  }
}

const ISSUE_CHUNK = 500;

/** Issues an approved run's invoices; safe to call again after a crash at any point. */
export async function issueRun(billstream: AppDeps, runId: string, actor: string, approvedAt: number): Promise<void> {
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
    if (status === 'issued') alreadyIssued += 1;
    else if (status === 'draft') toIssue.push(entry);
    else superseded += 1;
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
    const entity = (await billstream.readStore.get(LEGAL_ENTITIES, legalEntityId)) as LegalEntityDocument | null;
    if (!entity) throw new NotFoundError(`legal entity ${legalEntityId} does not exist`);
    // What the documents name: the legal entity as at issue, however much later they are rendered.
    const seller = sellerOf(entity);
    for (let i = 0; i < entries.length; i += ISSUE_CHUNK) {
      const chunk = entries.slice(i, i + ISSUE_CHUNK);
      const numbers = await allocator.assign(
        { legalEntityId, year, prefix: entity.invoicePrefix, documentIds: chunk.map((e) => e.invoiceId), issueDate: approved.issueDate },
        { ...metadata, causationId: runId },
      );
      await Promise.all(chunk.map((entry) => {
        const data: InvoiceIssuedData = {
          invoiceId: entry.invoiceId, runId, number: numbers.get(entry.invoiceId)!, issueDate: approved.issueDate, dueDate: dueDate(approved.issueDate, entry.paymentTermsDays), seller,
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
  await decideOnRun(billstream, runId, { type: 'CompleteBillRun', result: completed }, { ...metadata, causationId: runId });
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
export async function draftOrFailRun(deps: AppDeps, started: BillRunStartedData & { position: number }, actor: string): Promise<void> {
  const { runId } = started;
  const metadata = metadataOf(deps, { actor, commandId: runId }, runId);
  const { state } = await decideOnRun(deps, runId, { type: 'AttemptDrafting', runId, maxAttempts: MAX_DRAFTING_ATTEMPTS }, metadata);
  // Drafted already (a restart after its report was recorded): finish replacing the runs it names.
  if (state.status === 'drafted') {
    await supersedeRuns(deps, state.drafted!, metadata);
    return;
  }
  // Failed already, or failed just now after too many attempts: nothing to draft.
  if (state.status !== 'started' || state.draftingAttempts >= MAX_DRAFTING_ATTEMPTS) return;
  let drafted: BillRunDraftedData;
  try {
    drafted = await draftRun(deps, started, actor);
  } catch (error) {
    if (isTransient(error)) throw error;
    await decideOnRun(deps, runId, { type: 'FailBillRun', runId, reason: `drafting stopped: ${error instanceof Error ? error.message : String(error)}` }, metadata);
    return;
  }
  // A run started while another unapproved run covers the same cycles replaces it, and says so.
  const supersedes = await runsToSupersede(deps, drafted);
  if (supersedes.length > 0) drafted = { ...drafted, report: { ...drafted.report, supersedes } };
  await decideOnRun(deps, runId, { type: 'RecordDraft', drafted }, metadata);
  await supersedeRuns(deps, drafted, metadata);
}
