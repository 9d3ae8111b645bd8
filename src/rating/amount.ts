/**
 * Lean exact amounts for the per-record hot path (RULES.md 1, 10).
 *
 * decimal.js manages ~400,000 sets of four operations per second on this machine (STACK.md), too
 * slow for rating every record, so a record's price and charge are plain integers:
 *
 * - A price (a decimal string with at most 9 decimals) is an integer number of **nano-units**
 *   (1e-9 of the currency) in a JS number: `"0.0125"` -> `12_500_000`.
 * - A voice charge `connect_fee + b / 60 * per_minute` is exact as an integer in **rating units**
 *   (1/60 nano-units): `connectFeeNano * 60 + b * perMinuteNano`.
 *
 * Invariant: every per-record value (a price in nano-units, a charge in rating units) is a safe
 * integer (below Number.MAX_SAFE_INTEGER = 2^53 - 1, about 9.007e15); the functions that make them
 * check it and throw otherwise. That bounds a single charge at about 150,000 currency units
 * (9.007e15 / 60e9), e.g. a 24-hour call at 100/min. Sums over many records can exceed it, so they
 * are done in BigInt (`sumRatingUnits`), and turned into money once, at the end
 * (`ratingUnitsToDecimal`, then the one rounding of money, `roundToMinorUnit` in src/core/money.ts).
 */
import { Decimal } from 'decimal.js';

/** Nano-units in one unit of the currency. */
export const NANO_PER_UNIT = 1_000_000_000;
/** Rating units in one nano-unit (seconds per minute). */
export const RATING_UNITS_PER_NANO = 60;
/** Rating units in one unit of the currency: 60e9. */
export const RATING_UNITS_PER_UNIT = NANO_PER_UNIT * RATING_UNITS_PER_NANO;
/** Most decimals a price may have. */
export const PRICE_DECIMALS = 9;

/** A price that cannot be represented: bad text, negative, more than 9 decimals, too large. */
export class PriceFormatError extends Error {
  override readonly name = 'PriceFormatError';
}

const PRICE = /^(\d+)(?:\.(\d+))?$/;

/**
 * `"0.0125"` -> `12500000` nano-units. Accepts non-negative decimal strings with a `.` separator
 * and at most 9 decimals (`"5"`, `"0.50"`, `"0.000000001"`); rejects signs, exponents, spaces,
 * `".5"`, `"5."`, more than 9 decimals (even trailing zeros: the deck says what it means) and
 * values of 2^53 nano-units (about 9 million units) or more.
 */
export function parsePriceNano(text: string): number {
  if (typeof text !== 'string') throw new PriceFormatError(`price ${String(text)} is not a decimal string`);
  const m = PRICE.exec(text);
  if (m === null) {
    if (/^-\d/.test(text)) throw new PriceFormatError(`price ${JSON.stringify(text)} is negative`);
    throw new PriceFormatError(`price ${JSON.stringify(text)} is not a decimal number (like 0.0125)`);
  }
  const whole = m[1]!;
  const fraction = m[2] ?? '';
  if (fraction.length > PRICE_DECIMALS) {
    throw new PriceFormatError(`price ${JSON.stringify(text)} has ${fraction.length} decimals; at most ${PRICE_DECIMALS} are supported`);
  }
  // Both parts are below 2^53 when the result is (checked below), so this arithmetic is exact.
  const wholeDigits = whole.replace(/^0+(?=\d)/, '');
  if (wholeDigits.length > 7) throw tooLarge(text);
  const nano = Number(wholeDigits) * NANO_PER_UNIT + Number(fraction.padEnd(PRICE_DECIMALS, '0'));
  if (!Number.isSafeInteger(nano)) throw tooLarge(text);
  return nano;
}

function tooLarge(text: string): PriceFormatError {
  return new PriceFormatError(`price ${JSON.stringify(text)} is too large (at most ${Math.floor(Number.MAX_SAFE_INTEGER / NANO_PER_UNIT)} per unit)`);
}

/** Nano-units back to their decimal string (`12500000` -> `"0.0125"`), for events and views. */
export function nanoToDecimalString(nano: number): string {
  assertSafeUnits(nano, 'nano-units');
  return nanoToDecimal(nano).toFixed();
}

/** Nano-units as a Decimal (exact). */
export function nanoToDecimal(nano: number | bigint): Decimal {
  return new Decimal(`${nano.toString()}e-${PRICE_DECIMALS}`); // an exponent shift: exact, never rounded
}

/** Throws unless `value` is a safe integer (the per-record invariant). */
export function assertSafeUnits(value: number, what = 'rating units'): void {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`${what} ${value} is not a safe integer (|value| must stay below 2^53); sum many records with sumRatingUnits`);
  }
}

/**
 * Exact sum of per-record rating units as a BigInt. Adds in plain numbers while the partial sum
 * stays safe and carries into the BigInt only when it would not, so summing millions of records
 * costs little more than a number loop. Throws when a value is not a safe integer.
 */
export function sumRatingUnits(values: Iterable<number>): bigint {
  let carried = 0n;
  let part = 0;
  for (const v of values) {
    if (!Number.isSafeInteger(v)) assertSafeUnits(v);
    const next = part + v;
    // |part|, |v| < 2^53, so a true sum >= 2^53 in magnitude also computes to >= 2^53: detected.
    if (Number.isSafeInteger(next)) {
      part = next;
    } else {
      carried += BigInt(part);
      part = v;
    }
  }
  return carried + BigInt(part);
}

/** A Decimal class precise enough for any quotient below: 50 significant digits, half-up. */
const Precise = Decimal.clone({ precision: 50, rounding: Decimal.ROUND_HALF_UP });

/**
 * Rating units as an amount of the currency: `units / 60e9`. Exact whenever the quotient has a
 * finite decimal expansion (units divisible by 3: every charge of whole minutes, every connect fee);
 * otherwise (e.g. 0.01/min for 7 s = 0.0011666…) it is the quotient correct to 50 significant
 * digits, far below any currency's minor unit. Convert sums, not records: add in rating units
 * (`sumRatingUnits`), divide once.
 */
export function ratingUnitsToDecimal(units: number | bigint): Decimal {
  if (typeof units === 'number') assertSafeUnits(units);
  return new Decimal(new Precise(units.toString()).div(RATING_UNITS_PER_UNIT));
}
