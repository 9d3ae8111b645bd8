/**
 * The operator's public holidays (`billstream import holidays`), one document per country and
 * date holding the name in force (null: a day of the holiday library removed). Rating reads a
 * country's documents once per import or batch and lays them over the library's days
 * (src/app/usage/holiday-calendar.ts).
 */
import { documentProjection } from '../src/processing/projection.ts';
import { OPERATOR_HOLIDAY_SET, operatorHolidayKey, type OperatorHoliday } from '../src/domain/holiday/decider.ts';

export const HOLIDAYS = 'holidays';

export interface HolidayDocument extends OperatorHoliday {
  [key: string]: unknown;
  /** `HU-2026-12-24`. */
  id: string;
  /** 0 as first set; each change adds one. */
  revision: number;
  /** When the name in force was recorded. */
  recordedAt: string;
}

export const holidaysProjection = documentProjection<HolidayDocument>({
  name: 'holidays',
  version: 1,
  collection: { name: HOLIDAYS, indexes: ['country', 'date'] },
  handles: [OPERATOR_HOLIDAY_SET],
  documentId: (event) => {
    const { country, date } = event.data as OperatorHoliday;
    return operatorHolidayKey(country, date);
  },
  creates: [OPERATOR_HOLIDAY_SET],
  evolve(_document, event) {
    const { country, date, name } = event.data as OperatorHoliday;
    return { id: operatorHolidayKey(country, date), country, date, name, revision: event.revision, recordedAt: event.metadata.recordedAt };
  },
});
