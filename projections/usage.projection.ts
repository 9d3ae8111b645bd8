/** The list of unresolved usage records (the seed's "list of unresolved calls"): a record leaves it once it is rated. */
import type { RecordedEvent } from '../src/eventstore/port.ts';
import type { UnitOfWork } from '../src/readstore/port.ts';
import type { Projection } from '../src/processing/projection.ts';
import { idOf } from '../src/core/streams.ts';
import type { UsageUnresolvedData } from '../src/domain/usage/rating.ts';

export const UNRESOLVED_USAGE = 'unresolved_usage';

export const unresolvedUsageProjection: Projection = {
  name: 'unresolved-usage',
  version: 1,
  collections: [{ name: UNRESOLVED_USAGE, indexes: ['reason', 'source', 'identifier', 'startTime', 'type'] }],
  handles: ['UsageUnresolved', 'UsageRated'],
  async apply(event: RecordedEvent, uow: UnitOfWork) {
    const id = idOf(event.streamId);
    if (event.type === 'UsageRated') {
      uow.delete(UNRESOLVED_USAGE, id);
      return;
    }
    const data = event.data as UsageUnresolvedData;
    uow.put(UNRESOLVED_USAGE, id, { id, ...data, unresolvedAt: event.metadata.recordedAt });
  },
};
