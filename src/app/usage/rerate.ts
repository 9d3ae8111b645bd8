/**
 * Rating again after the operator fixed the CRM or a tariff (RULES.md 5). Each record whose
 * result changes gets a new UsageRated or UsageUnresolved event; the old result stays in its
 * history. A record whose result is the same gets nothing.
 */
import { deterministicId, uuidv7 } from '../../core/ids.ts';
import type { CommandContext } from '../command-handler.ts';
import type { AppDeps } from '../deps.ts';
import type { Filter } from '../../readstore/port.ts';
import { UNRESOLVED_USAGE } from '../../../projections/unresolved-usage.projection.ts';
import { USAGE_RECORDS, type UsageRecordDocument } from '../../../projections/usage-records.projection.ts';
import { RatingContext, rateUsage, ratingEvent } from './rate.ts';
import { USAGE_RATED, USAGE_UNRESOLVED, usageStream, type UsageRecord } from '../../domain/usage/events.ts';
import { startTimeLowerBound } from '../../domain/usage/validate.ts';
import { ValidationError } from '../../core/errors.ts';

export interface RerateSummary {
  /** Records looked at. */
  selected: number;
  /** Unresolved before, rated now. */
  resolved: number;
  /** Rated again with another result. */
  changed: number;
  /** Same result as before: no event. */
  unchanged: number;
  /** Still (or newly) unresolved. */
  unresolved: number;
}

export async function rerateUsage(
  billstream: AppDeps,
  selection: { unresolvedOnly: boolean; since: string | null },
  context: Omit<CommandContext, 'commandId'>,
): Promise<RerateSummary> {
  const since = selection.since === null ? null : startTimeLowerBound(selection.since);
  if (since && 'problem' in since) throw ValidationError.field('since', since.problem);
  await billstream.catchUp();
  const summary: RerateSummary = { selected: 0, resolved: 0, changed: 0, unchanged: 0, unresolved: 0 };
  const requestId = uuidv7(billstream.clock);
  const ratingContext = new RatingContext(billstream);
  const filter: Filter = {};
  if (since) filter.startTime = { $gte: since.bound };
  // Unresolved records have their own list; all records are in the usage records view.
  const collection = selection.unresolvedOnly ? UNRESOLVED_USAGE : USAGE_RECORDS;
  let after: string | undefined;
  do {
    const page = await billstream.readStore.find(collection, filter, { limit: 500, sort: { field: 'startTime' }, ...(after ? { after } : {}) });
    after = page.next ?? undefined;
    const recordedAt = billstream.clock.now().toString();
    await Promise.all((page.items as UsageRecordDocument[]).map(async (doc) => {
      summary.selected += 1;
      const outcome = await rateRecordAgain(billstream, ratingContext, doc, (stream) => deterministicId('rerate', requestId, stream), {
        correlationId: requestId, tenantId: context.tenantId ?? null, actor: context.actor, recordedAt,
      });
      if (outcome === null) return;
      summary[outcome.result] += 1;
      if (outcome.unresolved && outcome.result !== 'unresolved') summary.unresolved += 1;
    }));
  } while (after);
  await billstream.catchUp();
  return summary;
}

export type RateAgainOutcome = { result: 'resolved' | 'changed' | 'unchanged' | 'unresolved'; unresolved: boolean } | null;

/**
 * Rates one stored record again against the CRM and tariffs as they are now, and stores the
 * result as a new rating event when it differs from the record's latest (RULES.md 5). Used by
 * `usage rerate` and by the re-rating that follows a CRM change (sagas/usage-rerating.saga.ts).
 * Null: the record's stream holds no record (nothing to rate).
 */
export async function rateRecordAgain(
  billstream: AppDeps,
  ratingContext: RatingContext,
  doc: Pick<UsageRecordDocument, 'source' | 'recordId'>,
  eventIdOf: (stream: string) => string,
  metadata: { correlationId: string; tenantId: string | null; actor: string; recordedAt: string },
): Promise<RateAgainOutcome> {
  const stream = usageStream(doc.source, doc.recordId);
  const events = await billstream.eventStore.readStream(stream);
  const recorded = events.find((e) => e.type === 'UsageRecorded');
  const previous = [...events].reverse().find((e) => e.type === USAGE_RATED || e.type === USAGE_UNRESOLVED);
  if (!recorded) return null;
  const result = await rateUsage(billstream, ratingContext, recorded.data as UsageRecord);
  const type = 'rated' in result ? USAGE_RATED : USAGE_UNRESOLVED;
  const data = 'rated' in result ? result.rated : result.unresolved;
  // The called number a voice rating carries (for price overrides, RULES.md 22) is the record's, not a result: a rating
  // stored before it was kept compares equal (the cycle reads the number from the record then).
  // The same for a data rating's bytes and duration (the record's counts, kept for the records view).
  const { replaces: _replaced, calledNumber: _before, bytesIn: _inBefore, bytesOut: _outBefore, durationSeconds: _durationBefore, ...previousResult } = (previous?.data ?? {}) as Record<string, unknown>;
  const { calledNumber: _now, bytesIn: _in, bytesOut: _out, durationSeconds: _duration, ...currentResult } = data as unknown as Record<string, unknown>;
  if (previous && previous.type === type && JSON.stringify(previousResult) === JSON.stringify(currentResult)) {
    return { result: 'unchanged', unresolved: type === USAGE_UNRESOLVED };
  }
  const event = ratingEvent(eventIdOf(stream), result, { ...metadata, causationId: recorded.id, schemaVersion: 1 });
  // The subscription and day the record was charged to until now: its cycle's charges change
  // too, and a bill run must find that day if the cycle was invoiced (late usage, RULES.md 6).
  if (previous?.type === USAGE_RATED) {
    const before = previous.data as { subscriptionId: string; localDate: string };
    event.data = { ...(event.data as object), replaces: { subscriptionId: before.subscriptionId, localDate: before.localDate } };
  }
  await billstream.eventStore.append(stream, [event], 'any');
  if (type === USAGE_UNRESOLVED) return { result: 'unresolved', unresolved: true };
  return { result: previous?.type === USAGE_UNRESOLVED ? 'resolved' : 'changed', unresolved: false };
}
