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
import { daysInMonth, digitsAt, epochDayFromParts } from '../../core/calendar-date.ts';

export interface UtcInstant {
  /** Milliseconds since the epoch, rounded down (Temporal's `epochMilliseconds`). */
  epochMs: number;
  /** Nanoseconds past `epochMs` (0 to 999,999). */
  subMsNanos: number;
  /** `Temporal.Instant.prototype.toString()` of the same instant: trailing fraction zeros dropped. */
  normalized: string;
}

const ZERO = 48;

/** The instant, when `text` is in the plain UTC form; null for anything Temporal must judge. */
export function parseUtcInstant(text: string): UtcInstant | null {
  const length = text.length;
  // 20 characters without a fraction; a dot and 1 to 9 digits make 22 to 30.
  if (length !== 20 && (length < 22 || length > 30)) return null;
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 84 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58 || text.charCodeAt(length - 1) !== 90) return null;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const second = digitsAt(text, 17, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return null;
  if (day > daysInMonth(year, month)) return null;
  let fractionNanos = 0;
  let normalized = text;
  if (length > 20) {
    if (text.charCodeAt(19) !== 46) return null;
    const fraction = digitsAt(text, 20, length - 21);
    if (fraction < 0) return null;
    fractionNanos = fraction * 10 ** (9 - (length - 21));
    // Temporal prints as few fraction digits as the value needs, none for a whole second.
    let end = length - 1;
    while (end > 20 && text.charCodeAt(end - 1) === ZERO) end--;
    if (end === 20) end = 19;
    if (end !== length - 1) normalized = `${text.slice(0, end)}Z`;
  }
  const epochSeconds = ((epochDayFromParts(year, month, day) * 24 + hour) * 60 + minute) * 60 + second;
  const subSecondMs = Math.floor(fractionNanos / 1_000_000);
  return { epochMs: epochSeconds * 1000 + subSecondMs, subMsNanos: fractionNanos - subSecondMs * 1_000_000, normalized };
}
