/**
 * Public holidays of a country (RULES.md 1: offpeak all day in the client's country), as one
 * calendar per country built from two sources:
 *
 * - a library of nationwide public holidays per year (`date-holidays`, loaded by
 *   src/app/usage/holiday-calendar.ts): a function from a year to its days, or null when the
 *   library has no calendar for the country;
 * - the operator's days (`billstream import holidays`), which add a day, rename a library day,
 *   or (name null) remove one.
 *
 * A calendar knows a year when the library has the country or the operator gave at least one
 * holiday in that year, within HOLIDAY_YEARS. For a year it does not know it has no holidays:
 * rating then prices by weekday and time alone and records that on the rating
 * (`knowsEpochDay` says which), so the bill run can flag the invoice.
 *
 * The lookup is on the rating hot path: one byte per day of HOLIDAY_YEARS, filled a year at a
 * time on first use, so a lookup is one array read after the first call of each year.
 */
import { dateOfEpochDay, epochDayFromParts, epochDayOf } from '../core/calendar-date.ts';

/** The years a calendar can know: a record outside them is rated without holidays. */
export const HOLIDAY_YEARS = { from: 1970, to: 2199 } as const;

/** The holidays of one year (date -> name), or null when the source has no calendar for the country. */
export type YearHolidays = (year: number) => ReadonlyMap<string, string> | null;

/** The operator's days of one country: date -> name (added or renamed), or null (a library day removed). */
export type OperatorDays = ReadonlyMap<string, string | null>;

const UNLOADED = 0;
const WORKDAY = 1;
const HOLIDAY = 2;
const UNKNOWN = 3;

const FIRST_DAY = epochDayFromParts(HOLIDAY_YEARS.from, 1, 1);
const LAST_DAY = epochDayFromParts(HOLIDAY_YEARS.to, 12, 31);

/** The public holidays of one country over HOLIDAY_YEARS. Answers never change; years are computed on first use. */
export class HolidayCalendar {
  /** One byte per day from FIRST_DAY: UNLOADED until its year is asked for. */
  private readonly days = new Uint8Array(LAST_DAY - FIRST_DAY + 1);
  private readonly names = new Map<number, ReadonlyMap<string, string>>();
  /** Years with at least one operator holiday (a calendar of their own for a country the library lacks). */
  private readonly operatorYears: ReadonlySet<number>;

  constructor(
    readonly country: string,
    private readonly library: YearHolidays | null,
    private readonly operator: OperatorDays = new Map(),
  ) {
    const years = new Set<number>();
    for (const [date, name] of operator) {
      epochDayOf(date); // a bad date fails here, not later on the hot path
      if (name !== null) years.add(Number(date.slice(0, 4)));
    }
    this.operatorYears = years;
  }

  /** A calendar of exactly these dates (`YYYY-MM-DD`, or date -> name), knowing the years fromYear..toYear. */
  static of(country: string, dates: Iterable<string> | Readonly<Record<string, string>>, fromYear: number, toYear: number): HolidayCalendar {
    if (!Number.isInteger(fromYear) || !Number.isInteger(toYear) || fromYear > toYear) throw new RangeError(`bad holiday years ${fromYear}-${toYear}`);
    const all = new Map<string, string>();
    if (Symbol.iterator in Object(dates)) for (const date of dates as Iterable<string>) all.set(date, '');
    else for (const [date, name] of Object.entries(dates as Record<string, string>)) all.set(date, name);
    for (const date of all.keys()) {
      const year = Number(date.slice(0, 4));
      epochDayOf(date);
      if (year < fromYear || year > toYear) throw new RangeError(`holiday ${date} of ${country} is outside the years ${fromYear}-${toYear}`);
    }
    return new HolidayCalendar(country, (year) => {
      if (year < fromYear || year > toYear) return null;
      return new Map([...all].filter(([date]) => date.startsWith(`${String(year).padStart(4, '0')}-`)));
    });
  }

  /** A calendar that knows no year: every day is rated without holidays. */
  static none(country: string): HolidayCalendar {
    return new HolidayCalendar(country, null);
  }

  /** Whether the local date `YYYY-MM-DD` is a public holiday (false in a year the calendar does not know). */
  isHoliday(date: string): boolean {
    return this.isHolidayEpochDay(epochDayOf(date));
  }

  /** The same for a day number since 1970-01-01: the hot path, one array read once the year is loaded. */
  isHolidayEpochDay(day: number): boolean {
    const state = this.days[day - FIRST_DAY];
    if (state === UNLOADED) return this.load(day) === HOLIDAY;
    return state === HOLIDAY;
  }

  /** Whether the calendar knows the year of the day (else the day was rated without holidays). */
  knowsEpochDay(day: number): boolean {
    let state = this.days[day - FIRST_DAY];
    if (state === UNLOADED) state = this.load(day);
    return state === WORKDAY || state === HOLIDAY;
  }

  /** Whether the calendar knows `year`. */
  knowsYear(year: number): boolean {
    return Number.isInteger(year) && year >= HOLIDAY_YEARS.from && year <= HOLIDAY_YEARS.to && this.knowsEpochDay(epochDayFromParts(year, 1, 1));
  }

  /** The holiday's name ('' when built from bare dates), or undefined when the date is none. */
  nameOf(date: string): string | undefined {
    const day = epochDayOf(date);
    if (!this.isHolidayEpochDay(day)) return undefined;
    return this.names.get(Number(date.slice(0, 4)))?.get(date);
  }

  /** The holidays of a year, date -> name, sorted by date (empty for a year it does not know). */
  holidaysOf(year: number): Map<string, string> {
    if (!this.knowsYear(year)) return new Map();
    return new Map([...(this.names.get(year) ?? new Map<string, string>())].sort(([a], [b]) => (a < b ? -1 : 1)));
  }

  /** Fills the year of `day` and returns the day's state. */
  private load(day: number): number {
    if (day < FIRST_DAY || day > LAST_DAY) return UNKNOWN;
    const year = Number(dateOfEpochDay(day).slice(0, 4));
    const first = epochDayFromParts(year, 1, 1) - FIRST_DAY;
    const last = epochDayFromParts(year, 12, 31) - FIRST_DAY;
    const fromLibrary = this.library?.(year) ?? null;
    if (fromLibrary === null && !this.operatorYears.has(year)) {
      this.days.fill(UNKNOWN, first, last + 1);
      return UNKNOWN;
    }
    const holidays = new Map(fromLibrary ?? []);
    const prefix = `${String(year).padStart(4, '0')}-`;
    for (const [date, name] of this.operator) {
      if (!date.startsWith(prefix)) continue;
      if (name === null) holidays.delete(date);
      else holidays.set(date, name);
    }
    this.days.fill(WORKDAY, first, last + 1);
    for (const date of holidays.keys()) {
      if (date.startsWith(prefix)) this.days[epochDayOf(date) - FIRST_DAY] = HOLIDAY;
    }
    this.names.set(year, holidays);
    return this.days[day - FIRST_DAY]!;
  }
}
