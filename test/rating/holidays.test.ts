/** RULES.md 1: public holiday calendars from the date-holidays library, with the operator's days laid over them. */
import { describe, expect, it } from 'vitest';
import { HOLIDAY_YEARS, HolidayCalendar } from '../../src/rating/holidays.ts';
import { holidayLibrary, libraryCalendar } from '../../src/app/usage/holiday-calendar.ts';
import { epochDayOf } from '../../src/core/calendar-date.ts';

const COUNTRIES = ['AT', 'BE', 'CZ', 'DE', 'ES', 'FR', 'GB', 'HU', 'IT', 'NL', 'PL', 'RO', 'SK', 'US'];
const calendars = new Map(await Promise.all([...COUNTRIES, 'JP', 'BR', 'AM', 'AE'].map(async (c) => [c, await libraryCalendar(c)] as const)));
const cal = (country: string) => calendars.get(country)!;

describe('RULES 1 voice: public holiday calendars', () => {
  it('covers the countries the generated table had, and many more, for any year in the bounds', () => {
    for (const country of [...COUNTRIES, 'JP', 'BR']) {
      for (const year of [1990, 2026, 2150]) {
        expect(cal(country).knowsYear(year), `${country} ${year}`).toBe(true);
        expect(cal(country).isHoliday(`${year}-01-01`), `${country} ${year}`).toBe(true);
      }
    }
    expect(cal('JP').isHoliday('2026-11-03')).toBe(true); // Culture Day
    expect(cal('BR').isHoliday('2026-09-07')).toBe(true); // Independence Day
    expect(cal('HU').knowsYear(HOLIDAY_YEARS.from - 1)).toBe(false);
    expect(cal('HU').knowsYear(HOLIDAY_YEARS.to + 1)).toBe(false);
  });

  it('has the Easter-based holidays on the right dates', () => {
    expect(cal('DE').isHoliday('2026-04-03')).toBe(true); // Good Friday
    expect(cal('DE').isHoliday('2026-04-06')).toBe(true); // Easter Monday
    expect(cal('DE').isHoliday('2026-05-14')).toBe(true); // Ascension
    expect(cal('DE').isHoliday('2027-05-17')).toBe(true); // Whit Monday 2027
    expect(cal('AT').isHoliday('2026-06-04')).toBe(true); // Corpus Christi
    expect(cal('AT').isHoliday('2026-04-03')).toBe(false); // no Good Friday since 2019
    expect(cal('PL').isHoliday('2027-05-27')).toBe(true); // Corpus Christi 2027
    expect(cal('GB').isHoliday('2027-03-26')).toBe(true); // Good Friday 2027
    expect(cal('HU').isHoliday('2026-05-24')).toBe(true); // Whit Sunday
    expect(cal('RO').isHoliday('2026-04-13')).toBe(true); // Orthodox Easter Monday
    expect(cal('RO').isHoliday('2026-04-06')).toBe(false); // (Western Easter Monday)
    expect(cal('ES').isHoliday('2028-04-14')).toBe(true); // Good Friday 2028
  });

  it('counts nationwide public holidays only: not a region\'s, not bank, optional or observance days', () => {
    expect(cal('DE').isHoliday('2026-06-04')).toBe(false); // Corpus Christi: only some Länder
    expect(cal('DE').isHoliday('2026-12-24')).toBe(false); // Heiliger Abend: a bank holiday
    expect(cal('HU').isHoliday('2026-12-24')).toBe(false); // Szenteste: optional
    expect(cal('HU').isHoliday('2026-12-06')).toBe(false); // Mikulás: an observance
    expect(cal('HU').holidaysOf(2026).size).toBe(13);
  });

  it('has substitute and observed days, and every day of a holiday that lasts several', () => {
    expect(cal('GB').isHoliday('2027-12-27')).toBe(true); // Christmas on Saturday: substitute Monday
    expect(cal('GB').isHoliday('2027-12-28')).toBe(true); // and Boxing Day's Tuesday
    expect(cal('US').isHoliday('2026-07-03')).toBe(true); // Independence Day observed
    expect(cal('US').isHoliday('2026-11-26')).toBe(true); // Thanksgiving
    expect(cal('NL').isHoliday('2025-04-26')).toBe(true); // Koningsdag on Saturday when the 27th is a Sunday
    expect(cal('NL').isHoliday('2025-04-27')).toBe(false);
    expect(cal('PL').isHoliday('2025-12-24')).toBe(true); // Wigilia from 2025
    expect(cal('PL').isHoliday('2024-12-24')).toBe(false);
    expect(['2026-01-01', '2026-01-02'].map((d) => cal('AM').isHoliday(d))).toEqual([true, true]); // New Year: two days in Armenia
    expect(['2026-03-19', '2026-03-20', '2026-03-21', '2026-03-22', '2026-03-23'].map((d) => cal('AE').isHoliday(d))).toEqual([false, true, true, true, false]); // Eid al-Fitr
    expect(cal('HU').nameOf('2026-08-20')).toBe('Szent István ünnepe');
    expect(cal('HU').nameOf('2026-08-21')).toBeUndefined();
  });

  it('answers the hot-path lookup by day number the same as by date, year after year', () => {
    const hu = cal('HU');
    for (let day = epochDayOf('2025-11-01'); day <= epochDayOf('2027-02-28'); day++) {
      const date = new Date(day * 86_400_000).toISOString().slice(0, 10);
      expect(hu.isHolidayEpochDay(day), date).toBe(hu.holidaysOf(Number(date.slice(0, 4))).has(date));
    }
  });

  it('knows no year of a country the library lacks, and calls none of its days a holiday', async () => {
    expect((await holidayLibrary()).yearsOf('AQ')).toBeNull();
    expect((await holidayLibrary()).yearsOf('constructor')).toBeNull();
    const antarctica = await libraryCalendar('AQ');
    expect(antarctica.knowsYear(2026)).toBe(false);
    expect(antarctica.isHoliday('2026-01-01')).toBe(false);
    expect(antarctica.knowsEpochDay(epochDayOf('2026-01-01'))).toBe(false);
    expect(() => cal('HU').isHoliday('2026-02-30')).toThrow(/not a calendar date/);
  });

  it('lays the operator\'s days over the library\'s: added, renamed, removed; an operator day makes a calendar for its year', async () => {
    const library = (await holidayLibrary()).yearsOf('HU');
    const hu = new HolidayCalendar('HU', library, new Map<string, string | null>([
      ['2026-12-24', 'Szenteste'], // added
      ['2026-08-20', 'Államalapítás'], // renamed
      ['2026-03-15', null], // removed
    ]));
    expect(hu.isHoliday('2026-12-24')).toBe(true);
    expect(hu.nameOf('2026-08-20')).toBe('Államalapítás');
    expect(hu.isHoliday('2026-03-15')).toBe(false);
    expect(hu.isHoliday('2027-03-15')).toBe(true); // other years keep the library's
    expect(hu.holidaysOf(2026).size).toBe(13);

    const kosovoLike = new HolidayCalendar('AQ', null, new Map([['2026-02-17', 'Operator day']]));
    expect(kosovoLike.knowsYear(2026)).toBe(true);
    expect(kosovoLike.isHoliday('2026-02-17')).toBe(true);
    expect(kosovoLike.isHoliday('2026-02-18')).toBe(false);
    expect(kosovoLike.knowsYear(2027)).toBe(false);
    expect(new HolidayCalendar('AQ', null, new Map([['2026-02-17', null]])).knowsYear(2026)).toBe(false); // a removal alone is no calendar
  });

  it('builds a calendar of explicit dates for the years given', () => {
    const explicit = HolidayCalendar.of('XX', ['2026-01-02'], 2026, 2026);
    expect(explicit.isHoliday('2026-01-02')).toBe(true);
    expect(explicit.knowsYear(2026)).toBe(true);
    expect(explicit.knowsYear(2027)).toBe(false);
    expect(() => HolidayCalendar.of('XX', ['2027-01-02'], 2026, 2026)).toThrow(/outside the years/);
  });
});
