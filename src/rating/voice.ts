/**
 * RULES.md 1 (voice), the arithmetic: billed seconds and the unrounded charge in rating units
 * (1/60 nano-units, see amount.ts). Both run once per record, so they are plain integer code.
 */
import { RATING_UNITS_PER_NANO } from './amount.ts';

/**
 * RULES 1: billed seconds of a call of `duration` seconds:
 * `d = 0 -> 0`, else `max(min_seconds, first + ceil(max(0, d - first) / next) * next)`.
 *
 * `duration` is a non-negative number of seconds (a fraction is billed by the same formula, i.e.
 * rounded up to the increments); `minSeconds` a non-negative integer; the increments positive
 * integers. Anything else throws (decks are validated on import, so this never fires for them).
 */
export function billedSeconds(duration: number, minSeconds: number, firstIncrement: number, nextIncrement: number): number {
  if (!(duration >= 0) || duration === Infinity) throw new RangeError(`call duration ${duration} is not a non-negative number of seconds`);
  if (!(firstIncrement >= 1 && nextIncrement >= 1 && minSeconds >= 0) || !Number.isSafeInteger(firstIncrement) || !Number.isSafeInteger(nextIncrement) || !Number.isSafeInteger(minSeconds)) {
    throw new RangeError(`bad increments: min_seconds ${minSeconds}, first ${firstIncrement}, next ${nextIncrement} (min >= 0, increments >= 1, integers)`);
  }
  if (duration === 0) return 0;
  const rest = duration - firstIncrement;
  // Integer operands below 2^53: the quotient of a non-multiple is never rounded onto an integer.
  const billed = rest > 0 ? firstIncrement + Math.ceil(rest / nextIncrement) * nextIncrement : firstIncrement;
  return billed > minSeconds ? billed : minSeconds;
}

/**
 * RULES 1: the unrounded charge `connect_fee + b / 60 * per_minute` in rating units:
 * `connectFeeNano * 60 + billed * perMinuteNano`. A call of 0 billed seconds costs nothing, connect
 * fee included. Throws when the result is not a safe integer (the per-record invariant, amount.ts).
 */
export function voiceChargeUnits(billed: number, connectFeeNano: number, perMinuteNano: number): number {
  if (billed === 0) return 0;
  const units = connectFeeNano * RATING_UNITS_PER_NANO + billed * perMinuteNano;
  if (!Number.isSafeInteger(units) || units < 0 || !Number.isSafeInteger(billed) || billed < 0) {
    throw new RangeError(
      `voice charge of ${billed} s at ${perMinuteNano} nano/min + ${connectFeeNano} nano connect fee is not a safe non-negative integer of rating units (${units})`,
    );
  }
  return units;
}
