/**
 * Calendar-date arithmetic, the one module of it: ISO dates (`YYYY-MM-DD`, proleptic Gregorian)
 * and epoch days (whole days since 1970-01-01) as plain integers. Billing cycles, proration,
 * payment terms, holiday calendars, peak bands, time-zone ranges, CDR start times and the data
 * generator all count days here, so a leap year or a month length is decided once.
 *
 * Why integers and not Temporal.PlainDate: a bill run counts cycles and days for every fee of
 * every contract and rating looks at a day per record; Temporal objects cost about a microsecond
 * per operation there, these functions tens of nanoseconds (H. Hinnant's civil-date algorithms,
 * no Date objects, no allocation but the returned string).
 */

/** Milliseconds in a calendar day of UTC (and of local wall-clock time, which has no DST jumps). */
export const MS_PER_DAY = 86_400_000;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in a month (1 to 12) of a year. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Epoch day of a date given by its parts (no range check: months and days must be valid). */
export function epochDayFromParts(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const ZERO = 48;

/** The number written by `count` ASCII digits of `text` from `from`, or -1 when one is not a digit. */
export function digitsAt(text: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const d = text.charCodeAt(i) - ZERO;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/** The epoch day of a `YYYY-MM-DD` date, or why it is none. */
function parseDate(date: string): number | string {
  if (typeof date !== 'string' || date.length !== 10 || date.charCodeAt(4) !== 45 || date.charCodeAt(7) !== 45) {
    return `${JSON.stringify(date)} is not a date (YYYY-MM-DD)`;
  }
  const year = digitsAt(date, 0, 4);
  const month = digitsAt(date, 5, 2);
  const day = digitsAt(date, 8, 2);
  if (year < 0 || month < 0 || day < 0) return `${JSON.stringify(date)} is not a date (YYYY-MM-DD)`;
  // A date the calendar does not have (2026-02-30) would otherwise count on into the next month.
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return `${JSON.stringify(date)} is not a calendar date`;
  return epochDayFromParts(year, month, day);
}

/** Epoch day of a `YYYY-MM-DD` date; throws a RangeError for anything else or a day the month lacks. */
export function epochDayOf(date: string): number {
  const day = parseDate(date);
  if (typeof day === 'string') throw new RangeError(day);
  return day;
}

/** Null for a `YYYY-MM-DD` calendar date, else why it is not one (the checks of src/core/validate.ts). */
export function calendarDateProblem(date: string): string | null {
  const day = parseDate(date);
  return typeof day === 'string' ? day : null;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

/** `YYYY-MM-DD` of an epoch day (years 0000 to 9999). */
export function dateOfEpochDay(epochDay: number): string {
  if (!Number.isSafeInteger(epochDay)) throw new RangeError(`epoch day ${epochDay} is not an integer`);
  const z = epochDay + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  if (year < 0 || year > 9999) throw new RangeError(`epoch day ${epochDay} is outside the years 0000-9999`);
  return `${year < 1000 ? String(year).padStart(4, '0') : year}-${pad2(month)}-${pad2(day)}`;
}

/** The ISO date `days` days after (or, negative, before) `date`. */
export function addDays(date: string, days: number): string {
  return dateOfEpochDay(epochDayOf(date) + days);
}

/** Calendar days from `start` (inclusive) to `end` (exclusive): negative when `end` is earlier. */
export function daysBetween(start: string, end: string): number {
  return epochDayOf(end) - epochDayOf(start);
}

/** The epoch day that contains a time given in milliseconds since 1970-01-01T00:00 (UTC or local wall clock). */
export function epochDayOfMs(ms: number): number {
  return Math.floor(ms / MS_PER_DAY);
}

/** ISO 8601 weekday of an epoch day: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function isoWeekdayOf(epochDay: number): number {
  const index = (epochDay + 3) % 7; // 0 = Monday
  return (index < 0 ? index + 7 : index) + 1;
}
