/**
 * Local time of an instant in an IANA time zone, fast enough for every usage record.
 *
 * Temporal answers correctly but costs microseconds per call. A `ZoneIndex` asks Temporal once, when
 * it is built, for the zone's UTC offset transitions over a range of years; per record it then only
 * binary-searches the offset in force (a dozen entries for a DST zone over five years) and does
 * integer arithmetic. Instants outside the range fall back to Temporal (correct, just slower).
 */
import { Temporal } from 'temporal-polyfill';
import { epochDayFromParts, MS_PER_DAY } from '../core/calendar-date.ts';

export const MINUTE_MS = 60_000;

export class ZoneIndex {
  /** Start (epoch ms) of each offset period, ascending; the first is the range start. */
  private readonly starts: Float64Array;
  /** UTC offset (ms) in force from the matching start. */
  private readonly offsets: Float64Array;
  private last = 0;

  constructor(
    readonly timeZone: string,
    /** The precomputed range [fromMs, toMs). */
    readonly fromMs: number,
    readonly toMs: number,
    starts: number[],
    offsets: number[],
  ) {
    this.starts = Float64Array.from(starts);
    this.offsets = Float64Array.from(offsets);
  }

  /** Number of offset periods in the range (1 for a zone without transitions). */
  get periods(): number {
    return this.starts.length;
  }

  /** The zone's UTC offset (ms, local - UTC) at an instant. */
  offsetMs(epochMs: number): number {
    if (!(epochMs >= this.fromMs && epochMs < this.toMs)) return this.slowOffsetMs(epochMs);
    const starts = this.starts;
    const n = starts.length;
    // Records come in batches close in time: try the last period first.
    let k = this.last;
    if (epochMs >= starts[k]! && (k + 1 === n || epochMs < starts[k + 1]!)) return this.offsets[k]!;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= epochMs) lo = mid;
      else hi = mid - 1;
    }
    k = lo;
    this.last = k;
    return this.offsets[k]!;
  }

  /** Local wall-clock time as milliseconds since 1970-01-01T00:00 local (for day, weekday and minute arithmetic). */
  localMs(epochMs: number): number {
    return epochMs + this.offsetMs(epochMs);
  }

  private slowOffsetMs(epochMs: number): number {
    if (!Number.isFinite(epochMs)) throw new RangeError(`instant ${epochMs} is not a finite number of epoch milliseconds`);
    return Temporal.Instant.fromEpochMilliseconds(Math.floor(epochMs)).toZonedDateTimeISO(this.timeZone).offsetNanoseconds / 1e6;
  }
}

const indexes = new Map<string, ZoneIndex>();

/**
 * The offset periods of `timeZone` (IANA name) covering the years fromYear..toYear (UTC, with a day
 * of margin each side), from Temporal's transition data. Built once per zone and range (cached).
 */
export function zoneIndex(timeZone: string, fromYear: number, toYear: number): ZoneIndex {
  if (!Number.isInteger(fromYear) || !Number.isInteger(toYear) || fromYear > toYear || fromYear < 1900 || toYear > 2500) {
    throw new RangeError(`bad zone index years ${fromYear}-${toYear}`);
  }
  const key = `${timeZone}\u0000${fromYear}\u0000${toYear}`;
  const cached = indexes.get(key);
  if (cached !== undefined) return cached;
  const fromMs = (epochDayFromParts(fromYear, 1, 1) - 1) * MS_PER_DAY;
  const toMs = (epochDayFromParts(toYear + 1, 1, 1) + 1) * MS_PER_DAY;
  let zdt: Temporal.ZonedDateTime;
  try {
    zdt = Temporal.Instant.fromEpochMilliseconds(fromMs).toZonedDateTimeISO(timeZone);
  } catch {
    throw new RangeError(`${JSON.stringify(timeZone)} is not a known IANA time zone`);
  }
  const starts = [fromMs];
  const offsets = [zdt.offsetNanoseconds / 1e6];
  for (;;) {
    const next = zdt.getTimeZoneTransition('next');
    if (next === null || next.epochMilliseconds >= toMs) break;
    const offset = next.offsetNanoseconds / 1e6;
    if (offset !== offsets[offsets.length - 1]) {
      starts.push(next.epochMilliseconds);
      offsets.push(offset);
    }
    zdt = next;
  }
  const index = new ZoneIndex(zdt.timeZoneId, fromMs, toMs, starts, offsets);
  indexes.set(key, index);
  return index;
}
