/**
 * Rates every recorded usage record that nobody rated yet (a stateless saga: event in, events
 * out). File imports rate inline and append the record and its first rating together; this saga
 * rates the rest (records recorded before their CRM existed, other writers). The result goes to
 * the record's own stream under the first-rating id derived from the recorded event, so a replay
 * after a crash, or a record the importer rated too, appends nothing twice. Unresolved records
 * wait for the operator; `rerate` rates them again, each time as a new event.
 */
import type { AppDeps } from '../src/app/deps.ts';
import type { RecordedEvent } from '../src/eventstore/port.ts';
import type { ConsumerDefinition } from '../src/processing/checkpointed-consumer.ts';
import { firstRatingId, USAGE_RATED, USAGE_RECORDED, USAGE_UNRESOLVED, type UsageRecord } from '../src/domain/usage/events.ts';
import { RatingContext, rateUsage, ratingEvent } from '../src/app/usage/rate.ts';


export function usageRatingSaga(billstream: AppDeps): ConsumerDefinition {
  return {
    name: 'saga:usage-rating',
    version: 1,
    // The rating results too: a record whose first rating follows it needs none from here.
    handles: [USAGE_RECORDED, USAGE_RATED, USAGE_UNRESOLVED],
    async applyBatch(events: RecordedEvent[]) {
      // A record is the first event of its stream and every rating goes to its record's stream: a
      // rating in the same stream means it is rated. Telling them apart by stream name needs no
      // hash per rating (a first-rating id check did) and leaves every skipped event's data
      // unparsed (the event store parses it on first access). Almost every page is all skips.
      const rated = new Set<string>();
      for (const e of events) if (e.type !== USAGE_RECORDED) rated.add(e.streamId);
      const unrated = events.filter((e) => e.type === USAGE_RECORDED && !rated.has(e.streamId));
      if (unrated.length === 0) return;
      const context = new RatingContext(billstream);
      const recordedAt = billstream.clock.now().toString();
      const outcomes = await Promise.all(unrated.map(async (event) => ({ event, result: await rateUsage(billstream, context, event.data as UsageRecord) })));
      // Appended together: one grouped commit for the whole batch. A first rating stored already
      // (the importer's, when a batch ends between a record and its rating) is an idempotent no-op.
      await Promise.all(outcomes.map(({ event, result }) => billstream.eventStore.append(event.streamId, [ratingEvent(firstRatingId(event.id), result, {
        correlationId: event.metadata.correlationId, causationId: event.id, tenantId: event.metadata.tenantId, actor: 'saga:usage-rating', recordedAt, schemaVersion: 1,
      })], 'any')));
    },
    // Its effects are events; nothing derived to drop.
    reset: async () => undefined,
  };
}
