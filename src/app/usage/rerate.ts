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
      const stream = usageStream(doc.source, doc.recordId);
      const events = await billstream.eventStore.readStream(stream);
      const recorded = events.find((e) => e.type === 'UsageRecorded');
      const previous = [...events].reverse().find((e) => e.type === USAGE_RATED || e.type === USAGE_UNRESOLVED);
      if (!recorded) return;
      const result = await rateUsage(billstream, ratingContext, recorded.data as UsageRecord);
      const type = 'rated' in result ? USAGE_RATED : USAGE_UNRESOLVED;
      const data = 'rated' in result ? result.rated : result.unresolved;
      // The called number a voice rating carries (for price overrides, RULES.md 22) is the record's, not a result: a rating
      // stored before it was kept compares equal (the cycle reads the number from the record then).
      // The same for a data rating's bytes and duration (the record's counts, kept for the records view).
      const { replaces: _replaced, calledNumber: _before, bytesIn: _inBefore, bytesOut: _outBefore, durationSeconds: _durationBefore, ...previousResult } = (previous?.data ?? {}) as Record<string, unknown>;
      const { calledNumber: _now, bytesIn: _in, bytesOut: _out, durationSeconds: _duration, ...currentResult } = data as unknown as Record<string, unknown>;
      if (previous && previous.type === type && JSON.stringify(previousResult) === JSON.stringify(currentResult)) {
        summary.unchanged += 1;
        if (type === USAGE_UNRESOLVED) summary.unresolved += 1;
        return;
      }
      if (type === USAGE_UNRESOLVED) summary.unresolved += 1;
      else if (previous?.type === USAGE_UNRESOLVED) summary.resolved += 1;
      else summary.changed += 1;
      const event = ratingEvent(deterministicId('rerate', requestId, stream), result, {
        correlationId: requestId, causationId: recorded.id, tenantId: context.tenantId ?? null, actor: context.actor, recordedAt, schemaVersion: 1,
      });
      // The subscription and day the record was charged to until now: its cycle's charges change
      // too, and a bill run must find that day if the cycle was invoiced (late usage, RULES.md 6).
      if (previous?.type === USAGE_RATED) {
        const before = previous.data as { subscriptionId: string; localDate: string };
        event.data = { ...(event.data as object), replaces: { subscriptionId: before.subscriptionId, localDate: before.localDate } };
      }
      await billstream.eventStore.append(stream, [event], 'any');
    }));
  } while (after);
  await billstream.catchUp();
  return summary;
}
