/**
 * Time bands (FORMATS.md `bands`, RULES.md 1): a call is peak when its START falls, in the client's
 * time zone, in one of the peak windows on a day that is not a public holiday of the client's
 * country; otherwise offpeak.
 *
 *   bands: { peak: { days: [Mon, Tue, Wed, Thu, Fri], from: "08:00", to: "18:00" } }
 *   bands: { peak: [ { days: [Mon, Tue, Wed, Thu, Fri], from: "08:00", to: "12:00" },
 *                    { days: [Mon, Tue, Wed, Thu, Fri], from: "13:00", to: "18:00" } ] }
 *
 * Windows are [from, to) in local wall-clock minutes; `to` may be `24:00`; a window past midnight is
 * written as two. Compiled, the bands are one byte per minute of the week, so `bandAt` is an offset
 * lookup (ZoneIndex), integer arithmetic and two array reads.
 */
import type { HolidayCalendar } from './holidays.ts';
import { epochDayOfMs, isoWeekdayOf, MS_PER_DAY } from '../core/calendar-date.ts';
import { MINUTE_MS, type ZoneIndex } from './zone.ts';

export { ZoneIndex, zoneIndex } from './zone.ts';

export type Band = 'peak' | 'offpeak';

export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const MINUTES_PER_DAY = 1440;

/** A peak window as written in a tariff. */
export interface PeakWindowDefinition {
  days: string[];
  from: string;
  to: string;
}

export interface BandsDefinition {
  peak: PeakWindowDefinition | PeakWindowDefinition[];
}

/** A validated peak window: ISO weekdays 0 = Mon … 6 = Sun, minutes since local midnight, [from, to). */
export interface PeakWindow {
  days: number[];
  fromMinute: number;
  toMinute: number;
}

export class Bands {
  /** @internal use compileBands */
  constructor(
    readonly windows: readonly PeakWindow[],
    /** 7 * 1440 bytes: 1 = peak, by weekday (0 = Mon) * 1440 + minute of day. */
    readonly peakMinutes: Uint8Array,
  ) {}

  /** The windows as written (`Mon,Tue 08:00-18:00`), for messages and events. */
  describe(): string {
    return this.windows.length === 0 ? 'no peak (offpeak all week)' : this.windows.map(describeWindow).join('; ');
  }
}

function hhmm(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

function describeWindow(w: PeakWindow): string {
  return `${w.days.map((d) => WEEKDAYS[d]).join(',')} ${hhmm(w.fromMinute)}-${hhmm(w.toMinute)}`;
}

const TIME = /^([01]\d|2[0-4]):([0-5]\d)$/;

function parseTime(value: unknown, allow24: boolean): number | null {
  if (typeof value !== 'string') return null;
  const m = TIME.exec(value);
  if (m === null) return null;
  const minute = Number(m[1]) * 60 + Number(m[2]);
  if (minute > MINUTES_PER_DAY || (minute === MINUTES_PER_DAY && !allow24)) return null;
  return minute;
}

/**
 * Validates and compiles a tariff's `bands`. Every problem is reported with its path: unknown keys,
 * unknown or repeated weekdays, times that are not `HH:MM` (`24:00` only as `to`), `from` not before
 * `to`, and windows that overlap (naming both windows, the day and the overlapping span). `peak: []`
 * means offpeak all week.
 */
export function compileBands(definition: unknown): Bands | { problems: string[] } {
  const problems: string[] = [];
  if (typeof definition !== 'object' || definition === null || Array.isArray(definition)) {
    return { problems: ['bands must be a mapping like { peak: { days: [Mon, Tue, Wed, Thu, Fri], from: "08:00", to: "18:00" } }'] };
  }
  for (const key of Object.keys(definition)) {
    if (key !== 'peak') problems.push(`bands.${key} is not a band setting: only peak windows are given (the rest of the week is offpeak)`);
  }
  const peak = (definition as { peak?: unknown }).peak;
  if (peak === undefined || peak === null) {
    problems.push('bands.peak is required (a window { days, from, to } or a list of them; [] for no peak time)');
    return { problems };
  }
  const list = Array.isArray(peak) ? peak : [peak];
  const pathOf = (i: number) => (Array.isArray(peak) ? `bands.peak[${i}]` : 'bands.peak');
  const windows: (PeakWindow | null)[] = list.map((raw, i) => {
    const path = pathOf(i);
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      problems.push(`${path} must be a window { days, from, to }`);
      return null;
    }
    const w = raw as Record<string, unknown>;
    let ok = true;
    for (const key of Object.keys(w)) {
      if (key !== 'days' && key !== 'from' && key !== 'to') {
        problems.push(`${path}.${key} is not a window setting (days, from, to)`);
        ok = false;
      }
    }
    const days: number[] = [];
    if (!Array.isArray(w.days) || w.days.length === 0) {
      problems.push(`${path}.days must be a non-empty list of weekdays (${WEEKDAYS.join(', ')})`);
      ok = false;
    } else {
      for (const day of w.days) {
        const index = typeof day === 'string' ? WEEKDAYS.findIndex((name) => name.toLowerCase() === day.toLowerCase()) : -1;
        if (index < 0) {
          problems.push(`${path}.days: ${JSON.stringify(day)} is not a weekday (${WEEKDAYS.join(', ')})`);
          ok = false;
        } else if (days.includes(index)) {
          problems.push(`${path}.days: ${WEEKDAYS[index]} is listed twice`);
          ok = false;
        } else {
          days.push(index);
        }
      }
    }
    const from = parseTime(w.from, false);
    const to = parseTime(w.to, true);
    if (from === null) {
      problems.push(`${path}.from ${JSON.stringify(w.from)} is not a time HH:MM from 00:00 to 23:59`);
      ok = false;
    }
    if (to === null) {
      problems.push(`${path}.to ${JSON.stringify(w.to)} is not a time HH:MM from 00:01 to 24:00`);
      ok = false;
    }
    if (from !== null && to !== null && from >= to) {
      problems.push(`${path}: from ${w.from as string} must be before to ${w.to as string} (a window past midnight is written as two: …-24:00 and 00:00-…)`);
      ok = false;
    }
    return ok ? { days: days.sort((a, b) => a - b), fromMinute: from!, toMinute: to! } : null;
  });

  for (let i = 0; i < windows.length; i++) {
    const a = windows[i];
    if (!a) continue;
    for (let j = i + 1; j < windows.length; j++) {
      const b = windows[j];
      if (!b) continue;
      const start = Math.max(a.fromMinute, b.fromMinute);
      const end = Math.min(a.toMinute, b.toMinute);
      if (start >= end) continue;
      const common = a.days.filter((d) => b.days.includes(d));
      if (common.length === 0) continue;
      problems.push(
        `${pathOf(i)} (${describeWindow(a)}) and ${pathOf(j)} (${describeWindow(b)}) overlap on ${common.map((d) => WEEKDAYS[d]).join(',')} ${hhmm(start)}-${hhmm(end)}`,
      );
    }
  }
  if (problems.length > 0) return { problems };

  const valid = windows as PeakWindow[];
  const peakMinutes = new Uint8Array(7 * MINUTES_PER_DAY);
  for (const w of valid) for (const d of w.days) peakMinutes.fill(1, d * MINUTES_PER_DAY + w.fromMinute, d * MINUTES_PER_DAY + w.toMinute);
  return new Bands(valid, peakMinutes);
}

/** Whether compileBands failed. */
export function isBandsProblems(result: Bands | { problems: string[] }): result is { problems: string[] } {
  return !(result instanceof Bands);
}

/**
 * RULES 1: the band of a call from its START instant, in the client's zone (`zone`, built once per
 * time zone) and with the public holidays of the client's country (offpeak all day). Throws
 * NoHolidayDataError when the start is in a peak window on a day the holiday data does not cover.
 */
export function bandAt(bands: Bands, startEpochMs: number, zone: ZoneIndex, holidays: HolidayCalendar): Band {
  const local = startEpochMs + zone.offsetMs(startEpochMs);
  const day = epochDayOfMs(local);
  const minute = Math.floor((local - day * MS_PER_DAY) / MINUTE_MS);
  const weekday = isoWeekdayOf(day) - 1; // 0 = Mon, as peakMinutes is laid out
  if (bands.peakMinutes[weekday * MINUTES_PER_DAY + minute] !== 1) return 'offpeak';
  return holidays.isHolidayEpochDay(day) ? 'offpeak' : 'peak';
}
