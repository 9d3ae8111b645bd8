/** The list of unresolved usage records (the seed's "list of unresolved calls"): a record leaves it once it is rated. */
import type { RecordedEvent } from '../src/eventstore/port.ts';
import type { UnitOfWork } from '../src/readstore/port.ts';
import type { Projection } from '../src/processing/projection.ts';
import { idOf } from '../src/core/streams.ts';
import { isFirstRating, type UsageUnresolvedData } from '../src/domain/usage/events.ts';

export const UNRESOLVED_USAGE = 'unresolved_usage';

export const unresolvedUsageProjection: Projection = {
  name: 'unresolved-usage',
  version: 1,
  collections: [{ name: UNRESOLVED_USAGE, indexes: ['reason', 'source', 'identifier', 'startTime', 'type'] }],
  handles: ['UsageUnresolved', 'UsageRated'],
  async apply(event: RecordedEvent, uow: UnitOfWork) {
    const id = idOf(event.streamId);
    if (event.type === 'UsageRated') {
      // A first rating has no earlier result to take off the list (and most ratings are first ones).
      // Revision 1 follows only the record itself, so nothing before it can have listed the
      // record: known without hashing the first-rating id, and without parsing the data.
      if (event.revision !== 1 && !isFirstRating(event)) uow.delete(UNRESOLVED_USAGE, id);
      return;
    }
    const data = event.data as UsageUnresolvedData;
    uow.put(UNRESOLVED_USAGE, id, { id, ...data, unresolvedAt: event.metadata.recordedAt });
  },
};
