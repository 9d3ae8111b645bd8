/**
 * Discarding bill runs that are not issued (issue 12): an operator voids one, or a later run that
 * drafts the same cycles supersedes it. Either way its drafts stay in the history, marked voided
 * (an `InvoiceDraftVoided` on each invoice's stream), and their cycles are free for the next run.
 *
 * Invariants: an approved run is never voided or superseded (the decider refuses); a draft is
 * voided only while it is still the run's own (appended at the revision the run drafted it at,
 * so a draft another run adopted or drafted again since is left alone); voiding twice changes
 * nothing (event ids follow from run and invoice).
 */
import { deterministicId } from '../../core/ids.ts';
import { WrongExpectedRevisionError, type EventMetadata } from '../../eventstore/port.ts';
import { findAll } from '../../readstore/port.ts';
import type { CommandContext } from '../command-handler.ts';
import type { AppDeps } from '../deps.ts';
import { BILL_RUNS, type BillRunDocument } from '../../../projections/bill-runs.projection.ts';
import { INVOICE_DRAFT_VOIDED, invoiceStream, type BillRunDraftedData, type InvoiceDraftVoidedData, type RunEntry } from '../../domain/bill-run/events.ts';
import { decideOnRun, loadRun, metadataOf } from './run-stream.ts';

/** Drafts released per grouped commit. */
const RELEASE_CHUNK = 500;

/** Voids a drafted (or failed) run: role `billing`, checked by the caller. Refused for approved, issuing or completed runs. */
export async function voidBillRun(deps: AppDeps, runId: string, context: CommandContext): Promise<void> {
  const metadata = metadataOf(deps, context, null);
  await decideOnRun(deps, runId, { type: 'VoidBillRun', runId }, metadata);
  // Also after a crash between the run's event and its drafts': the release is idempotent.
  const run = await loadRun(deps, runId);
  if (run.status === 'voided' && run.drafted) await releaseDrafts(deps, run.drafted.entries, runId, { ...metadata, causationId: runId });
}

/**
 * The unapproved runs that a just drafted run replaces: those whose drafts include one of its
 * invoices (the same contract and cycle). Read before the new run's report is recorded, so the
 * report names them.
 */
export async function runsToSupersede(deps: AppDeps, drafted: BillRunDraftedData): Promise<string[]> {
  const others = (await findAll<BillRunDocument>(deps.readStore, BILL_RUNS, { status: 'drafted' })).filter((r) => r.id !== drafted.runId);
  if (others.length === 0) return [];
  const invoices = new Set(drafted.entries.map((e) => e.invoiceId));
  const superseded: string[] = [];
  for (const other of others) {
    const state = await loadRun(deps, other.id);
    if (state.drafted?.entries.some((e) => invoices.has(e.invoiceId))) superseded.push(other.id);
  }
  return superseded.sort();
}

/** Marks the runs a new run named in its report as superseded, and voids what is left of their drafts. */
export async function supersedeRuns(deps: AppDeps, drafted: BillRunDraftedData, metadata: EventMetadata): Promise<void> {
  for (const runId of drafted.report.supersedes ?? []) {
    await decideOnRun(deps, runId, { type: 'SupersedeBillRun', runId, supersededBy: drafted.runId }, metadata);
    const run = await loadRun(deps, runId);
    if (run.status === 'superseded' && run.supersededBy === drafted.runId && run.drafted) {
      await releaseDrafts(deps, run.drafted.entries, runId, { ...metadata, causationId: drafted.runId });
    }
  }
}

/** Voids each of the run's drafts that is still its own. */
async function releaseDrafts(deps: AppDeps, entries: RunEntry[], runId: string, metadata: EventMetadata): Promise<void> {
  for (let i = 0; i < entries.length; i += RELEASE_CHUNK) {
    await Promise.all(entries.slice(i, i + RELEASE_CHUNK).map(async (entry) => {
      const data: InvoiceDraftVoidedData = { invoiceId: entry.invoiceId, runId };
      try {
        await deps.eventStore.append(invoiceStream(entry.invoiceId), [{ id: deterministicId('draft-voided', runId, entry.invoiceId), type: INVOICE_DRAFT_VOIDED, data, metadata }], entry.draftRevision);
      } catch (error) {
        // Adopted or drafted again by another run since: that draft is not this run's to void.
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
      }
    }));
  }
}
