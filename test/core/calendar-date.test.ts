/** The one module of calendar-date arithmetic (src/core/calendar-date.ts), checked against Temporal. */
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import {
  addDays, dateOfEpochDay, daysBetween, daysInMonth, epochDayFromParts, epochDayOf, epochDayOfMs, isLeapYear, isoWeekdayOf, MS_PER_DAY,
} from '../../src/core/calendar-date.ts';

const EPOCH = Temporal.PlainDate.from('1970-01-01');

describe('calendar dates as epoch days', () => {
  it('agrees with Temporal on every day from 1896 to 2104 (1900 and 2100 no leap years, 2000 one)', () => {
    let date = Temporal.PlainDate.from('1896-01-01');
    let day = EPOCH.until(date).days;
    const end = Temporal.PlainDate.from('2104-12-31');
    while (Temporal.PlainDate.compare(date, end) <= 0) {
      const text = date.toString();
      if (epochDayOf(text) !== day || dateOfEpochDay(day) !== text || isoWeekdayOf(day) !== date.dayOfWeek) {
        throw new Error(`${text}: ${epochDayOf(text)} ${dateOfEpochDay(day)} ${isoWeekdayOf(day)}`);
      }
      if (date.day === 1 && daysInMonth(date.year, date.month) !== date.daysInMonth) throw new Error(`days in ${text}`);
      date = date.add({ days: 1 });
      day++;
    }
    expect(day).toBe(EPOCH.until(end).days + 1);
  });

  it('counts and adds days across month ends, leap days and years', () => {
    expect(epochDayOf('1970-01-01')).toBe(0);
    expect(epochDayOf('1969-12-31')).toBe(-1);
    expect(epochDayFromParts(2026, 3, 1)).toBe(epochDayOf('2026-03-01'));
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2026-01-31', -31)).toBe('2025-12-31');
    expect(addDays('2026-03-29', 0)).toBe('2026-03-29');
    expect(daysBetween('2026-01-01', '2026-02-01')).toBe(31);
    expect(daysBetween('2024-02-01', '2024-03-01')).toBe(29);
    expect(daysBetween('2026-02-01', '2026-01-01')).toBe(-31);
    expect([1900, 2000, 2024, 2026].map(isLeapYear)).toEqual([false, true, true, false]);
    expect(dateOfEpochDay(epochDayOf('0001-01-01'))).toBe('0001-01-01');
  });

  it('finds the day and weekday of an instant (UTC or local wall-clock milliseconds), before 1970 too', () => {
    expect(epochDayOfMs(Date.UTC(2026, 2, 29, 23, 59))).toBe(epochDayOf('2026-03-29'));
    expect(epochDayOfMs(-1)).toBe(-1);
    expect(epochDayOfMs(MS_PER_DAY)).toBe(1);
    expect(isoWeekdayOf(epochDayOf('2026-03-29'))).toBe(7); // a Sunday
    expect(isoWeekdayOf(-1)).toBe(3); // 1969-12-31, a Wednesday
  });

  it('refuses what is not a calendar date', () => {
    for (const bad of ['2026-1-01', '2026-01-1', '2026/01/01', '２026-01-01', '2026-01-01T00:00', ' 2026-01-01', '']) {
      expect(() => epochDayOf(bad), bad).toThrow(/is not a date \(YYYY-MM-DD\)/);
    }
    for (const bad of ['2026-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-01-00']) {
      expect(() => epochDayOf(bad), bad).toThrow(/is not a calendar date/);
    }
    expect(() => addDays('2026-01-01', Number.NaN)).toThrow(RangeError);
    expect(() => dateOfEpochDay(epochDayOf('9999-12-31') + 1)).toThrow(/outside the years/);
  });
});
