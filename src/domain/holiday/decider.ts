/**
 * The operator's public holidays (`billstream import holidays`, docs/formats.md holidays.csv): a
 * day of a country that adds to the holiday library's days, renames one of them, or (name `-`)
 * removes one. Each (country, date) is its own stream, so importing the same row again appends
 * nothing; another name for a stored day is a new event naming the one it replaces.
 */
import type { Decider, DomainEvent } from '../../core/decider.ts';
import { ValidationError, type FieldIssue } from '../../core/errors.ts';
import { streamName } from '../../core/streams.ts';
import { countryProblem, dateProblem } from '../../core/validate.ts';
import { HOLIDAY_YEARS } from '../../rating/holidays.ts';

export interface OperatorHoliday {
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** ISO date (YYYY-MM-DD), a local date of the country. */
  date: string;
  /** The holiday's name, or null: the day is not a holiday even when the library says it is. */
  name: string | null;
}

export type OperatorHolidaySet = DomainEvent<'OperatorHolidaySet', OperatorHoliday & { previousName?: string | null }>;
export const OPERATOR_HOLIDAY_SET = 'OperatorHolidaySet';

export type OperatorHolidayCommand = { type: 'SetOperatorHoliday'; holiday: OperatorHoliday };

export interface OperatorHolidayState {
  /** Whether the operator has set the day at all. */
  set: boolean;
  name: string | null;
}

/** The name written in a file to remove a library day. */
export const REMOVED_NAME = '-';
const MAX_NAME_LENGTH = 200;

export interface RawOperatorHoliday {
  country: string | null;
  date: string | null;
  name: string | null;
}

/** Every problem of a row at once; country codes are taken in either case and stored in capitals. */
export function validateOperatorHoliday(raw: RawOperatorHoliday): { holiday: OperatorHoliday } | { issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const country = raw.country?.trim().toUpperCase() ?? '';
  const date = raw.date?.trim() ?? '';
  const name = raw.name?.trim() ?? '';
  const countryIssue = country ? countryProblem(country) : 'is required';
  if (countryIssue) issues.push({ field: 'country', message: countryIssue });
  const dateIssue = date ? dateProblem(date) : 'is required';
  if (dateIssue) issues.push({ field: 'date', message: dateIssue });
  else {
    const year = Number(date.slice(0, 4));
    if (year < HOLIDAY_YEARS.from || year > HOLIDAY_YEARS.to) issues.push({ field: 'date', message: `${date} is outside the years ${HOLIDAY_YEARS.from}-${HOLIDAY_YEARS.to} that holiday calendars cover` });
  }
  if (!name) issues.push({ field: 'name', message: `is required (the holiday's name, or ${REMOVED_NAME} to remove a day of the holiday library)` });
  else if (name.length > MAX_NAME_LENGTH) issues.push({ field: 'name', message: `is ${name.length} characters long; at most ${MAX_NAME_LENGTH}` });
  if (issues.length) return { issues };
  return { holiday: { country, date, name: name === REMOVED_NAME ? null : name } };
}

export function operatorHolidayKey(country: string, date: string): string {
  return `${country}-${date}`;
}

export function operatorHolidayStream(country: string, date: string): string {
  return streamName('holiday', operatorHolidayKey(country, date));
}

export const operatorHolidayDecider: Decider<OperatorHolidayState, OperatorHolidayCommand, OperatorHolidaySet> = {
  initialState: () => ({ set: false, name: null }),
  evolve: (_state, event) => ({ set: true, name: event.data.name }),
  decide(command, state) {
    const { holiday } = command;
    const checked = validateOperatorHoliday({ ...holiday, name: holiday.name ?? REMOVED_NAME });
    if ('issues' in checked) throw new ValidationError(checked.issues.map((i) => `${i.field}: ${i.message}`).join('; '), checked.issues);
    if (state.set && state.name === checked.holiday.name) return [];
    return [{ type: OPERATOR_HOLIDAY_SET, data: state.set ? { ...checked.holiday, previousName: state.name } : checked.holiday }];
  },
};
