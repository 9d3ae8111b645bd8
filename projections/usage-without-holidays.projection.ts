/**
 * The voice records whose latest rating had no public holiday calendar for the client's country
 * and the call's year (RULES.md 1: they were banded by weekday and time alone). A bill run flags
 * the invoice of a cycle that has any (`no-holiday-calendar`); a re-rating with a calendar (after
 * `billstream import holidays`) removes the record from here. Normally empty: a record costs a
 * write only when it is rated without a calendar, or a delete when it is rated again.
 */
import type { RecordedEvent } from '../src/eventstore/port.ts';
import type { UnitOfWork } from '../src/readstore/port.ts';
import type { Projection } from '../src/processing/projection.ts';
import { idOf } from '../src/core/streams.ts';
import { isFirstRating, USAGE_RATED, USAGE_UNRESOLVED, type UsageRatedData } from '../src/domain/usage/events.ts';
import { subscriptionDay } from './usage-records.projection.ts';

export const USAGE_WITHOUT_HOLIDAYS = 'usage_without_holidays';

export interface UsageWithoutHolidaysDocument {
  [key: string]: unknown;
  /** The usage record's id (as in usage_records). */
  id: string;
  subscriptionId: string;
  localDate: string;
  /** `subscriptionId|localDate`: a subscription's records in a cycle are one range of it. */
  subscriptionDay: string;
  /** The client's country that had no calendar for the call's year. */
  country: string;
  startTime: string;
}

export const usageWithoutHolidaysProjection: Projection = {
  name: 'usage-without-holidays',
  version: 1,
  collections: [{ name: USAGE_WITHOUT_HOLIDAYS, indexes: ['subscriptionId', 'subscriptionDay'] }],
  handles: [USAGE_RATED, USAGE_UNRESOLVED],
  async apply(event: RecordedEvent, uow: UnitOfWork) {
    const id = idOf(event.streamId);
    const data = event.data as Partial<UsageRatedData>;
    if (event.type === USAGE_RATED && typeof data.noHolidayCalendar === 'string') {
      const { subscriptionId, localDate } = data as UsageRatedData;
      uow.put(USAGE_WITHOUT_HOLIDAYS, id, {
        id, subscriptionId, localDate, subscriptionDay: subscriptionDay(subscriptionId, localDate), country: data.noHolidayCalendar, startTime: String(data.startTime),
      } satisfies UsageWithoutHolidaysDocument);
      return;
    }
    // A first rating has nothing here to remove (the import path: no write at all).
    if (event.revision === 1 || isFirstRating(event)) return;
    uow.delete(USAGE_WITHOUT_HOLIDAYS, id);
  },
};
