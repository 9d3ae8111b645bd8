/**
 * Rates every recorded usage record (a stateless saga: event in, events out). The result is
 * appended to the record's own stream under an id derived from the recorded event, so a replay
 * after a crash appends nothing twice. Unresolved records wait for the operator; `rerate`
 * (next to come) rates them again, each time as a new event.
 */
import { deterministicId } from '../src/core/ids.ts';
import type { Billstream } from '../src/main.ts';
import type { NewEvent, RecordedEvent } from '../src/eventstore/port.ts';
import type { ConsumerDefinition } from '../src/processing/checkpointed-consumer.ts';
import { USAGE_RECORDED, type UsageRecord } from '../src/domain/usage/events.ts';
import { RatingContext, rateUsage } from '../src/domain/usage/rating.ts';

export const USAGE_RATED = 'UsageRated';
export const USAGE_UNRESOLVED = 'UsageUnresolved';

export function usageRatingSaga(billstream: Billstream): ConsumerDefinition {
  return {
    name: 'saga:usage-rating',
    version: 1,
    handles: [USAGE_RECORDED],
    async applyBatch(events: RecordedEvent[]) {
      const context = new RatingContext(billstream);
      const recordedAt = billstream.clock.now().toString();
      const outcomes = await Promise.all(events.map(async (event) => ({ event, result: await rateUsage(billstream, context, event.data as UsageRecord) })));
      // Appended together: one grouped commit for the whole batch.
      await Promise.all(outcomes.map(({ event, result }) => {
        const outcome: NewEvent = {
          id: deterministicId('rating', event.id),
          type: 'rated' in result ? USAGE_RATED : USAGE_UNRESOLVED,
          data: 'rated' in result ? result.rated : result.unresolved,
          metadata: { correlationId: event.metadata.correlationId, causationId: event.id, tenantId: event.metadata.tenantId, actor: 'saga:usage-rating', recordedAt, schemaVersion: 1 },
        };
        return billstream.eventStore.append(event.streamId, [outcome], 'any');
      }));
    },
    // Its effects are events; nothing derived to drop.
    reset: async () => undefined,
  };
}
