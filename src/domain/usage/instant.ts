/**
 * The start time of a usage record without Temporal for the form nearly every CDR uses and
 * Temporal prints: `YYYY-MM-DDTHH:MM:SSZ`, optionally with 1 to 9 fraction digits. Parsing it with
 * `Temporal.Instant.from`, printing it back and comparing it with the future limit cost ~25 µs
 * per record on imports (a tenth of the recording time); this reads the digits directly.
 * Anything else (offsets, lowercase `t`/`z`, a space, a comma, leap second 60, other year forms)
 * returns null and goes through Temporal, so the accepted set and the normalized text stay
 * exactly Temporal's (checked against Temporal on 400,000 generated strings, 66,000 of them in
 * this form, with limits a nanosecond either side).
 */

export interface UtcInstant {
  /** Milliseconds since the epoch, rounded down (Temporal's `epochMilliseconds`). */
  epochMs: number;
  /** Nanoseconds past `epochMs` (0 to 999,999). */
  subMsNanos: number;
  /** `Temporal.Instant.prototype.toString()` of the same instant: trailing fraction zeros dropped. */
  normalized: string;
}

const ZERO = 48;

function digits(text: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const d = text.charCodeAt(i) - ZERO;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The instant, when `text` is in the plain UTC form; null for anything Temporal must judge. */
export function parseUtcInstant(text: string): UtcInstant | null {
  const length = text.length;
  // 20 characters without a fraction; a dot and 1 to 9 digits make 22 to 30.
  if (length !== 20 && (length < 22 || length > 30)) return null;
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 84 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58 || text.charCodeAt(length - 1) !== 90) return null;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return null;
  if (day > daysInMonth(year, month)) return null;
  let fractionNanos = 0;
  let normalized = text;
  if (length > 20) {
    if (text.charCodeAt(19) !== 46) return null;
    const fraction = digits(text, 20, length - 21);
    if (fraction < 0) return null;
    fractionNanos = fraction * 10 ** (9 - (length - 21));
    // Temporal prints as few fraction digits as the value needs, none for a whole second.
    let end = length - 1;
    while (end > 20 && text.charCodeAt(end - 1) === ZERO) end--;
    if (end === 20) end = 19;
    if (end !== length - 1) normalized = `${text.slice(0, end)}Z`;
  }
  const epochSeconds = ((daysFromCivil(year, month, day) * 24 + hour) * 60 + minute) * 60 + second;
  const subSecondMs = Math.floor(fractionNanos / 1_000_000);
  return { epochMs: epochSeconds * 1000 + subSecondMs, subMsNanos: fractionNanos - subSecondMs * 1_000_000, normalized };
}
