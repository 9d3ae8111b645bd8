import { describe, expect, it } from 'vitest';
import { HolidayCalendar, holidayCalendar, holidayCountries, NoHolidayDataError } from '../../src/rating/holidays.ts';
import { HOLIDAY_DATA } from '../../src/rating/holidays/data.ts';
import { generateHolidayData, orthodoxEaster, westernEaster } from '../../tools/generate-holidays.ts';

const COUNTRIES = ['AT', 'BE', 'CZ', 'DE', 'ES', 'FR', 'GB', 'HU', 'IT', 'NL', 'PL', 'RO', 'SK', 'US'];

describe('RULES 1 voice: public holiday data', () => {
  it('computes Easter correctly (Western and Orthodox)', () => {
    expect([2024, 2025, 2026, 2027, 2028].map((y) => westernEaster(y).toString())).toEqual(['2024-03-31', '2025-04-20', '2026-04-05', '2027-03-28', '2028-04-16']);
    expect([2024, 2025, 2026, 2027, 2028].map((y) => orthodoxEaster(y).toString())).toEqual(['2024-05-05', '2025-04-20', '2026-04-12', '2027-05-02', '2028-04-16']);
    expect(westernEaster(2019).toString()).toBe('2019-04-21');
    expect(westernEaster(2038).toString()).toBe('2038-04-25');
  });

  it('covers the required countries for 2024-2028', () => {
    expect(holidayCountries()).toEqual(COUNTRIES);
    for (const country of COUNTRIES) {
      const calendar = holidayCalendar(country);
      expect([calendar.fromYear, calendar.toYear]).toEqual([2024, 2028]);
      for (let year = 2024; year <= 2028; year++) {
        expect(calendar.isHoliday(`${year}-01-01`), `${country} ${year}`).toBe(true);
        expect(calendar.isHoliday(`${year}-12-25`), `${country} ${year}`).toBe(true);
        expect(calendar.dates().filter((d) => d.startsWith(String(year))).length, `${country} ${year}`).toBeGreaterThanOrEqual(country === 'GB' ? 6 : 8); // GB: only the 6 UK-wide bank holidays
      }
    }
  });

  it('has the Easter-based holidays on the right dates', () => {
    expect(holidayCalendar('DE').isHoliday('2026-04-03')).toBe(true); // Good Friday
    expect(holidayCalendar('DE').isHoliday('2026-04-06')).toBe(true); // Easter Monday
    expect(holidayCalendar('DE').isHoliday('2026-05-14')).toBe(true); // Ascension
    expect(holidayCalendar('DE').isHoliday('2026-05-25')).toBe(true); // Whit Monday
    expect(holidayCalendar('DE').isHoliday('2027-05-17')).toBe(true); // Whit Monday 2027
    expect(holidayCalendar('DE').isHoliday('2026-06-04')).toBe(false); // Corpus Christi: only some Länder
    expect(holidayCalendar('AT').isHoliday('2026-06-04')).toBe(true); // Corpus Christi
    expect(holidayCalendar('AT').isHoliday('2026-04-03')).toBe(false); // no Good Friday since 2019
    expect(holidayCalendar('PL').isHoliday('2027-05-27')).toBe(true); // Corpus Christi 2027
    expect(holidayCalendar('GB').isHoliday('2027-03-26')).toBe(true); // Good Friday 2027
    expect(holidayCalendar('HU').isHoliday('2026-05-24')).toBe(true); // Whit Sunday
    expect(holidayCalendar('RO').isHoliday('2026-04-13')).toBe(true); // Orthodox Easter Monday
    expect(holidayCalendar('RO').isHoliday('2026-04-06')).toBe(false); // (Western Easter Monday)
    expect(holidayCalendar('RO').isHoliday('2026-06-01')).toBe(true); // Orthodox Whit Monday and Children's Day
    expect(holidayCalendar('ES').isHoliday('2028-04-14')).toBe(true); // Good Friday 2028
  });

  it('has the national rules of each country, substitute and observed days included', () => {
    expect(holidayCalendar('HU').isHoliday('2026-03-15')).toBe(true);
    expect(holidayCalendar('HU').isHoliday('2026-10-23')).toBe(true);
    expect(holidayCalendar('GB').isHoliday('2027-12-27')).toBe(true); // Christmas on Saturday: substitute Monday
    expect(holidayCalendar('GB').isHoliday('2027-12-28')).toBe(true); // and Boxing Day's Tuesday
    expect(holidayCalendar('GB').isHoliday('2028-01-03')).toBe(true); // New Year on Saturday
    expect(holidayCalendar('GB').isHoliday('2026-05-25')).toBe(true); // Spring bank holiday
    expect(holidayCalendar('US').isHoliday('2027-12-31')).toBe(true); // New Year 2028 (Saturday) observed
    expect(holidayCalendar('US').isHoliday('2026-11-26')).toBe(true); // Thanksgiving
    expect(holidayCalendar('US').isHoliday('2026-07-03')).toBe(true); // Independence Day observed
    expect(holidayCalendar('NL').isHoliday('2025-04-26')).toBe(true); // Koningsdag on Saturday when the 27th is a Sunday
    expect(holidayCalendar('NL').isHoliday('2025-04-27')).toBe(false);
    expect(holidayCalendar('IT').isHoliday('2027-10-04')).toBe(true); // San Francesco, again a holiday from 2026
    expect(holidayCalendar('IT').isHoliday('2025-10-04')).toBe(false);
    expect(holidayCalendar('PL').isHoliday('2025-12-24')).toBe(true); // Wigilia from 2025
    expect(holidayCalendar('PL').isHoliday('2024-12-24')).toBe(false);
    expect(holidayCalendar('SK').isHoliday('2026-05-08')).toBe(false); // not a day off in 2026
    expect(holidayCalendar('SK').isHoliday('2027-05-08')).toBe(true);
    expect(holidayCalendar('CZ').isHoliday('2026-07-06')).toBe(true);
    expect(holidayCalendar('FR').isHoliday('2026-07-14')).toBe(true);
    expect(holidayCalendar('BE').isHoliday('2026-07-21')).toBe(true);
    expect(holidayCalendar('ES').isHoliday('2026-10-12')).toBe(true);
    expect(holidayCalendar('HU').nameOf('2026-08-20')).toBe('Az államalapítás ünnepe');
  });

  it('the committed data is what the generator writes (no hand edits)', () => {
    expect(JSON.parse(JSON.stringify(HOLIDAY_DATA))).toEqual(generateHolidayData());
  });

  it('refuses to guess: unknown countries and years outside the data throw', () => {
    expect(() => holidayCalendar('JP')).toThrow(/no public holiday data for country "JP"/);
    expect(() => holidayCalendar('constructor')).toThrow(/no public holiday data/);
    expect(() => holidayCalendar('HU').isHoliday('2029-01-01')).toThrow(NoHolidayDataError);
    expect(() => holidayCalendar('HU').isHoliday('2026-02-30')).toThrow(/not a calendar date/);
    expect(HolidayCalendar.of('XX', ['2026-01-02'], 2026, 2026).isHoliday('2026-01-02')).toBe(true);
  });
});
