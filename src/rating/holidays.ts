/**
 * Public holidays per country (RULES.md 1: offpeak all day in the client's country), read from the
 * committed data in `holidays/data.ts`. A calendar knows which years it covers: asking about a day
 * outside them throws `NoHolidayDataError` rather than guessing "not a holiday", since that would
 * price a holiday call as peak.
 */
import { dateOfEpochDay, epochDayFromParts, epochDayOf } from '../core/calendar-date.ts';
import { HOLIDAY_DATA, HOLIDAY_YEARS } from './holidays/data.ts';

/** A day the calendar has no data for (outside its years). */
export class NoHolidayDataError extends RangeError {
  override readonly name = 'NoHolidayDataError';
  constructor(readonly country: string, readonly date: string, readonly fromYear: number, readonly toYear: number) {
    super(`no public holiday data for ${country} on ${date} (the data covers ${fromYear}-${toYear}; add the year in tools/generate-holidays.ts)`);
  }
}

/** The public holidays of one country, as local dates, over the years it covers. Immutable. */
export class HolidayCalendar {
  private readonly firstDay: number;
  private readonly lastDay: number;
  /** One byte per covered day: 1 = holiday. */
  private readonly days: Uint8Array;
  private readonly names: ReadonlyMap<string, string>;

  private constructor(readonly country: string, readonly fromYear: number, readonly toYear: number, dates: ReadonlyMap<string, string>) {
    this.firstDay = epochDayFromParts(fromYear, 1, 1);
    this.lastDay = epochDayFromParts(toYear, 12, 31);
    this.days = new Uint8Array(this.lastDay - this.firstDay + 1);
    for (const date of dates.keys()) {
      const day = epochDayOf(date);
      if (day < this.firstDay || day > this.lastDay) throw new RangeError(`holiday ${date} of ${country} is outside the covered years ${fromYear}-${toYear}`);
      this.days[day - this.firstDay] = 1;
    }
    this.names = dates;
  }

  /** A calendar from explicit dates (`YYYY-MM-DD`, or date -> name), covering fromYear..toYear. */
  static of(country: string, dates: Iterable<string> | Readonly<Record<string, string>>, fromYear: number, toYear: number): HolidayCalendar {
    if (!Number.isInteger(fromYear) || !Number.isInteger(toYear) || fromYear > toYear || fromYear < 1 || toYear > 9999) {
      throw new RangeError(`bad holiday years ${fromYear}-${toYear}`);
    }
    const map = new Map<string, string>();
    if (Symbol.iterator in Object(dates)) for (const date of dates as Iterable<string>) map.set(date, '');
    else for (const [date, name] of Object.entries(dates as Record<string, string>)) map.set(date, name);
    return new HolidayCalendar(country, fromYear, toYear, map);
  }

  /** Whether the local date `YYYY-MM-DD` is a public holiday; throws NoHolidayDataError outside the covered years. */
  isHoliday(date: string): boolean {
    return this.isHolidayEpochDay(epochDayOf(date));
  }

  /** The same for a day number since 1970-01-01 (the hot path: one array read). */
  isHolidayEpochDay(day: number): boolean {
    const index = day - this.firstDay;
    if (index >= 0 && index < this.days.length) return this.days[index] === 1;
    throw new NoHolidayDataError(this.country, dateOfEpochDay(day), this.fromYear, this.toYear);
  }

  /** Whether the calendar has data for the day. */
  coversEpochDay(day: number): boolean {
    return day >= this.firstDay && day <= this.lastDay;
  }

  /** The holiday's name(s) ('' when built from bare dates), or undefined when the date is none. */
  nameOf(date: string): string | undefined {
    return this.names.get(date);
  }

  /** All holiday dates, sorted. */
  dates(): string[] {
    return [...this.names.keys()].sort();
  }
}

const calendars = new Map<string, HolidayCalendar>();

/** Countries with holiday data (ISO 3166-1 alpha-2). */
export function holidayCountries(): string[] {
  return Object.keys(HOLIDAY_DATA).sort();
}

/** The public holidays of `country` (ISO 3166-1 alpha-2) from the committed data; throws for a country without data. */
export function holidayCalendar(country: string): HolidayCalendar {
  const cached = calendars.get(country);
  if (cached !== undefined) return cached;
  const entry = Object.hasOwn(HOLIDAY_DATA, country) ? HOLIDAY_DATA[country] : undefined;
  if (entry === undefined) {
    throw new RangeError(`no public holiday data for country ${JSON.stringify(country)} (have: ${holidayCountries().join(', ')}); add it in tools/generate-holidays.ts`);
  }
  const calendar = HolidayCalendar.of(country, entry.dates, HOLIDAY_YEARS.from, HOLIDAY_YEARS.to);
  calendars.set(country, calendar);
  return calendar;
}
