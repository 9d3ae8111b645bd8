import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { bandAt, Bands, compileBands, isBandsProblems, type Band } from '../../src/rating/bands.ts';
import { HolidayCalendar } from '../../src/rating/holidays.ts';
import { libraryCalendar } from '../../src/app/usage/holiday-calendar.ts';
import { zoneIndex } from '../../src/rating/zone.ts';
import { at, int, seeded } from './support.ts';

function bands(definition: unknown): Bands {
  const result = compileBands(definition);
  if (isBandsProblems(result)) throw new Error(result.problems.join('; '));
  return result;
}

const WORKDAYS = { peak: { days: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'], from: '08:00', to: '18:00' } };
const NO_HOLIDAYS = HolidayCalendar.of('XX', [], 1970, 2100);
const budapest = zoneIndex('Europe/Budapest', 2024, 2028);
const newYork = zoneIndex('America/New_York', 2024, 2028);
const HU = await libraryCalendar('HU');
const DE = await libraryCalendar('DE');
const US = await libraryCalendar('US');

describe('RULES 1 voice: time bands (compileBands)', () => {
  it('compiles one window or a list of windows', () => {
    expect(bands(WORKDAYS).describe()).toBe('Mon,Tue,Wed,Thu,Fri 08:00-18:00');
    const split = bands({ peak: [{ days: ['mon', 'Tue'], from: '08:00', to: '12:00' }, { days: ['Mon'], from: '12:00', to: '24:00' }] });
    expect(split.describe()).toBe('Mon,Tue 08:00-12:00; Mon 12:00-24:00');
    expect(bands({ peak: [] }).describe()).toBe('no peak (offpeak all week)');
  });

  it('rejects overlapping windows with a precise reason', () => {
    const result = compileBands({
      peak: [WORKDAYS.peak, { days: ['Fri', 'Sat'], from: '17:00', to: '20:00' }, { days: ['Sat'], from: '19:30', to: '21:00' }],
    });
    expect(result).toEqual({
      problems: [
        'bands.peak[0] (Mon,Tue,Wed,Thu,Fri 08:00-18:00) and bands.peak[1] (Fri,Sat 17:00-20:00) overlap on Fri 17:00-18:00',
        'bands.peak[1] (Fri,Sat 17:00-20:00) and bands.peak[2] (Sat 19:30-21:00) overlap on Sat 19:30-20:00',
      ],
    });
  });

  it('accepts windows that only touch (to = next from)', () => {
    expect(isBandsProblems(compileBands({ peak: [{ days: ['Mon'], from: '08:00', to: '12:00' }, { days: ['Mon'], from: '12:00', to: '18:00' }] }))).toBe(false);
  });

  it('rejects bad times, from >= to, unknown days and keys', () => {
    const result = compileBands({
      offpeak: {},
      peak: [
        { days: ['Mon'], from: '18:00', to: '08:00' },
        { days: ['Mon'], from: '24:00', to: '24:00' },
        { days: ['Monday', 'Tue', 'Tue'], from: '8:00', to: '24:30' },
        { days: [], from: '08:00', to: '09:00', label: 'x' },
      ],
    });
    expect(isBandsProblems(result) && result.problems).toEqual([
      'bands.offpeak is not a band setting: only peak windows are given (the rest of the week is offpeak)',
      'bands.peak[0]: from 18:00 must be before to 08:00 (a window past midnight is written as two: …-24:00 and 00:00-…)',
      'bands.peak[1].from "24:00" is not a time HH:MM from 00:00 to 23:59',
      'bands.peak[2].days: "Monday" is not a weekday (Mon, Tue, Wed, Thu, Fri, Sat, Sun)',
      'bands.peak[2].days: Tue is listed twice',
      'bands.peak[2].from "8:00" is not a time HH:MM from 00:00 to 23:59',
      'bands.peak[2].to "24:30" is not a time HH:MM from 00:01 to 24:00',
      'bands.peak[3].label is not a window setting (days, from, to)',
      'bands.peak[3].days must be a non-empty list of weekdays (Mon, Tue, Wed, Thu, Fri, Sat, Sun)',
    ]);
    expect(compileBands({})).toEqual({ problems: ['bands.peak is required (a window { days, from, to } or a list of them; [] for no peak time)'] });
    expect(isBandsProblems(compileBands('peak'))).toBe(true);
  });
});

describe('RULES 1 voice: band from the start instant in the client time zone (bandAt)', () => {
  const b = bands(WORKDAYS);
  const band = (iso: string, zone = budapest, holidays = NO_HOLIDAYS): Band => bandAt(b, at(iso), zone, holidays);

  it('peak inside the window on the listed days, offpeak elsewhere', () => {
    // Monday 2026-03-02, Budapest is UTC+1 in winter
    expect(band('2026-03-02T06:59:59Z')).toBe('offpeak'); // 07:59:59 local
    expect(band('2026-03-02T07:00:00Z')).toBe('peak'); // 08:00
    expect(band('2026-03-02T16:59:59Z')).toBe('peak'); // 17:59:59
    expect(band('2026-03-02T17:00:00Z')).toBe('offpeak'); // 18:00
    expect(band('2026-03-07T10:00:00Z')).toBe('offpeak'); // Saturday
    // The same instant is peak in Budapest and offpeak in New York (05:00 local)
    expect(band('2026-03-02T10:00:00Z', newYork)).toBe('offpeak');
    expect(band('2026-03-02T15:00:00Z', newYork)).toBe('peak'); // 10:00 EST
  });

  it('summer time moves the window by the offset (UTC+2)', () => {
    expect(band('2026-07-06T05:59:59Z')).toBe('offpeak'); // Monday 07:59:59 CEST
    expect(band('2026-07-06T06:00:00Z')).toBe('peak');
    expect(band('2026-07-06T15:59:59Z')).toBe('peak');
    expect(band('2026-07-06T16:00:00Z')).toBe('offpeak');
  });

  it('Europe/Budapest spring forward (2026-03-29 02:00 -> 03:00): 02:30 local does not exist', () => {
    expect(() => Temporal.ZonedDateTime.from('2026-03-29T02:30:00[Europe/Budapest]', { disambiguation: 'reject' })).toThrow();
    // No instant of that night is 02:xx local.
    for (let ms = at('2026-03-28T23:00:00Z'); ms < at('2026-03-29T03:00:00Z'); ms += 60_000) {
      const local = budapest.localMs(ms);
      const minuteOfDay = Math.floor((local % 86_400_000) / 60_000);
      expect(minuteOfDay >= 120 && minuteOfDay < 180).toBe(false);
    }
    const sundayNight = bands({ peak: { days: ['Sun'], from: '03:00', to: '04:00' } });
    expect(bandAt(sundayNight, at('2026-03-29T00:59:59Z'), budapest, NO_HOLIDAYS)).toBe('offpeak'); // 01:59:59 CET
    expect(bandAt(sundayNight, at('2026-03-29T01:00:00Z'), budapest, NO_HOLIDAYS)).toBe('peak'); // 03:00:00 CEST
    expect(bandAt(sundayNight, at('2026-03-29T01:59:59Z'), budapest, NO_HOLIDAYS)).toBe('peak'); // 03:59:59 CEST
    expect(bandAt(sundayNight, at('2026-03-29T02:00:00Z'), budapest, NO_HOLIDAYS)).toBe('offpeak'); // 04:00 CEST
  });

  it('Europe/Budapest fall back (2026-10-25 03:00 -> 02:00): 02:xx local happens twice, both in the band', () => {
    const night = bands({ peak: { days: ['Sun'], from: '02:00', to: '03:00' } });
    const b2 = (iso: string) => bandAt(night, at(iso), budapest, NO_HOLIDAYS);
    expect(b2('2026-10-24T23:59:59Z')).toBe('offpeak'); // 01:59:59 CEST
    expect(b2('2026-10-25T00:00:00Z')).toBe('peak'); // 02:00 CEST
    expect(b2('2026-10-25T00:59:59Z')).toBe('peak'); // 02:59:59 CEST
    expect(b2('2026-10-25T01:00:00Z')).toBe('peak'); // 02:00 CET, again
    expect(b2('2026-10-25T01:59:59Z')).toBe('peak'); // 02:59:59 CET
    expect(b2('2026-10-25T02:00:00Z')).toBe('offpeak'); // 03:00 CET
  });

  it('America/New_York: right before and after both changes of 2026', () => {
    const spring = bands({ peak: { days: ['Sun'], from: '03:00', to: '04:00' } });
    expect(bandAt(spring, at('2026-03-08T06:59:59Z'), newYork, NO_HOLIDAYS)).toBe('offpeak'); // 01:59:59 EST
    expect(bandAt(spring, at('2026-03-08T07:00:00Z'), newYork, NO_HOLIDAYS)).toBe('peak'); // 03:00 EDT
    const fall = bands({ peak: { days: ['Sun'], from: '01:00', to: '02:00' } });
    expect(bandAt(fall, at('2026-11-01T04:59:59Z'), newYork, NO_HOLIDAYS)).toBe('offpeak'); // 00:59:59 EDT
    expect(bandAt(fall, at('2026-11-01T05:00:00Z'), newYork, NO_HOLIDAYS)).toBe('peak'); // 01:00 EDT
    expect(bandAt(fall, at('2026-11-01T05:59:59Z'), newYork, NO_HOLIDAYS)).toBe('peak'); // 01:59:59 EDT
    expect(bandAt(fall, at('2026-11-01T06:00:00Z'), newYork, NO_HOLIDAYS)).toBe('peak'); // 01:00 EST, again
    expect(bandAt(fall, at('2026-11-01T07:00:00Z'), newYork, NO_HOLIDAYS)).toBe('offpeak'); // 02:00 EST
  });

  it('a public holiday of the client country is offpeak all day', () => {
    const hu = HU;
    const de = DE;
    expect(band('2026-12-25T09:00:00Z', budapest, hu)).toBe('offpeak'); // Christmas, a Friday, 10:00
    expect(band('2026-12-23T09:00:00Z', budapest, hu)).toBe('peak'); // Wednesday before
    expect(band('2026-05-14T09:00:00Z', budapest, de)).toBe('offpeak'); // Ascension Day: a holiday in DE…
    expect(band('2026-05-14T09:00:00Z', budapest, hu)).toBe('peak'); // …but not in HU
    expect(band('2026-05-25T06:00:00Z', budapest, hu)).toBe('offpeak'); // Whit Monday 08:00 CEST
  });

  it('the holiday is the LOCAL date of the start', () => {
    const always = bands({ peak: { days: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'], from: '00:00', to: '24:00' } });
    // 2026-12-24T23:30Z is Dec 25, 00:30 in Budapest (a holiday) but Dec 24, 18:30 in New York (not one in 2026)
    expect(bandAt(always, at('2026-12-24T23:30:00Z'), budapest, HU)).toBe('offpeak');
    expect(bandAt(always, at('2026-12-24T23:30:00Z'), newYork, US)).toBe('peak');
    expect(bandAt(always, at('2026-12-24T22:59:59Z'), budapest, HU)).toBe('peak'); // Dec 24 23:59:59
  });

  it('knows the holidays of any year (the library computes them), and a calendar that knows none bands by weekday and time and says so', () => {
    const zone = zoneIndex('Europe/Budapest', 2024, 2035);
    expect(bandAt(b, at('2030-03-15T09:00:00Z'), zone, HU)).toBe('offpeak'); // a Friday, the national day
    expect(bandAt(b, at('2030-03-14T09:00:00Z'), zone, HU)).toBe('peak');
    const none = HolidayCalendar.none('AQ');
    expect(bandAt(b, at('2030-03-15T09:00:00Z'), zone, none)).toBe('peak');
    expect(none.knowsEpochDay(Math.floor(at('2030-03-15T09:00:00Z') / 86_400_000))).toBe(false);
    expect(HU.knowsEpochDay(Math.floor(at('2030-03-15T09:00:00Z') / 86_400_000))).toBe(true);
  });

  it('an instant outside the zone index range falls back to Temporal, still correct', () => {
    expect(bandAt(b, at('2035-07-02T06:30:00Z'), budapest, NO_HOLIDAYS)).toBe('peak'); // Monday 08:30 CEST
    expect(bandAt(b, at('2035-07-02T05:30:00Z'), budapest, NO_HOLIDAYS)).toBe('offpeak'); // 07:30 CEST
    expect(bandAt(b, at('1999-12-31T07:30:00Z'), budapest, NO_HOLIDAYS)).toBe('peak'); // Friday 08:30 CET
  });

  it('agrees with Temporal for random instants in zones with odd offsets and DST rules', () => {
    const random = seeded(7);
    const zones = ['Europe/Budapest', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Chatham', 'America/Sao_Paulo', 'UTC'];
    const windows = bands({
      peak: [
        { days: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'], from: '07:30', to: '12:15' },
        { days: ['Mon', 'Wed', 'Sat', 'Sun'], from: '13:00', to: '24:00' },
        { days: ['Sun'], from: '00:00', to: '03:00' },
      ],
    });
    const holidays = HU;
    const holidayDates = new Set([2024, 2025, 2026, 2027, 2028].flatMap((year) => [...holidays.holidaysOf(year).keys()]));
    const from = at('2024-01-01T12:00:00Z');
    const to = at('2028-12-31T00:00:00Z');
    for (const name of zones) {
      const zone = zoneIndex(name, 2024, 2028);
      for (let k = 0; k < 3000; k++) {
        const ms = from + int(random, 0, (to - from) / 1000) * 1000;
        const local = Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(name);
        const minute = local.hour * 60 + local.minute;
        const inWindow = windows.windows.some((w) => w.days.includes(local.dayOfWeek - 1) && minute >= w.fromMinute && minute < w.toMinute);
        const expected = inWindow && !holidayDates.has(local.toPlainDate().toString()) ? 'peak' : 'offpeak';
        expect(bandAt(windows, ms, zone, holidays), `${name} ${local.toString()}`).toBe(expected);
      }
    }
  });
});
