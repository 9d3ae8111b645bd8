/**
 * The one rounding of money (RULES.md 10, 12, 14): half-up, away from zero on a tie, to the
 * invoice currency's ISO 4217 minor unit. A second copy of this rule elsewhere would let a line,
 * its VAT and its printed figure disagree by a cent.
 */
import { Decimal } from 'decimal.js';
import { minorUnitDigits } from './currencies.ts';

/**
 * `amount` rounded once, half-up, to the currency's minor unit: 0.125 EUR -> 0.13,
 * -0.125 EUR -> -0.13, 0.5 JPY -> 1. Never rounds twice: the digits beyond the minor unit are
 * read exactly, whatever the Decimal precision (toDecimalPlaces is not bound by it).
 */
/**
 * An exchange rate as an invoice applies it (RULES.md 11 and 14): `rate` units of the quote per unit
 * of the base. `dividedBy` is set when only the inverse pair was published: amounts are then divided
 * by that published rate, exactly, and `rate` (its inverse, rounded) is only what the invoice shows.
 * Multiplying by a rounded 1/3 would turn 0.015 / 3 = 0.005, which rounds up, into 0.00499...
 */
export interface AppliedRate {
  rate: string;
  dividedBy?: string;
}

const Conversion = Decimal.clone({ precision: 100, rounding: Decimal.ROUND_HALF_UP });

/** RULES.md 11: an amount in the rate's base currency, in its quote currency, unrounded. */
export function convertAt(amount: Decimal.Value, fx: AppliedRate): Decimal {
  if (fx.dividedBy !== undefined) {
    const published = new Decimal(fx.dividedBy);
    if (!published.isFinite() || !published.greaterThan(0)) throw new RangeError(`exchange rate ${fx.dividedBy} is not positive`);
  }
  const exact = new Conversion(amount.toString());
  return new Decimal((fx.dividedBy !== undefined ? exact.div(fx.dividedBy) : exact.times(fx.rate)).toString());
}

/** Digits an amount may have before its decimal point: 10^15 of any currency is beyond any fee, payment or discount. */
export const MAX_AMOUNT_DIGITS = 15;

/** Why a decimal amount's text is too large (more than MAX_AMOUNT_DIGITS before the point), or null. */
export function amountSizeProblem(text: string): string | null {
  const whole = text.replace(/^[-+]/, '').split('.')[0]!.replace(/^0+(?=\d)/, '');
  return whole.length > MAX_AMOUNT_DIGITS ? `${text} has more than ${MAX_AMOUNT_DIGITS} digits before the decimal point` : null;
}

/**
 * The exact sum of amounts: Decimal's default precision (20 significant digits) would round a sum
 * of 10^18 with cents, and an invoice's total would then differ from its lines.
 */
export function sumOf(amounts: Iterable<Decimal.Value>): Decimal {
  let sum = new Conversion(0);
  for (const amount of amounts) sum = sum.plus(amount.toString());
  return new Decimal(sum.toString());
}

export function roundToMinorUnit(amount: Decimal, currency: string): Decimal {
  const rounded = new Decimal(amount).toDecimalPlaces(minorUnitDigits(currency), Decimal.ROUND_HALF_UP);
  // -0.001 EUR rounds to -0; an amount of "-0.00" on an invoice or in an event is a bug report.
  return rounded.isZero() ? new Decimal(0) : rounded;
}

/**
 * `amount` as a plain decimal string with exactly the currency's minor-unit digits:
 * 12.3 EUR -> "12.30", 1234 HUF -> "1234.00", 1234 JPY -> "1234", -5 EUR -> "-5.00".
 * Throws when the amount has more digits than the minor unit: printing must not round again,
 * or the printed lines would no longer add up to the printed total (RULES.md 15). Round with
 * `roundToMinorUnit` first, at the point the rules name.
 */
export function formatMoney(amount: Decimal, currency: string): string {
  const digits = minorUnitDigits(currency);
  if (!amount.isFinite()) throw new RangeError(`${amount.toString()} ${currency} is not an amount of money`);
  if (amount.decimalPlaces() > digits) {
    throw new RangeError(`${amount.toFixed()} ${currency} has more than the ${digits} decimal(s) of ${currency}'s minor unit; round it first (roundToMinorUnit)`);
  }
  return (amount.isZero() ? new Decimal(0) : amount).toFixed(digits);
}

/**
 * Amounts as whole numbers of the currency's minor unit (12.30 EUR -> 1230n), for the engines
 * whose every input and result is at the minor unit and that do many operations per invoice
 * (the discount stacking): exact like decimal.js, and an order of magnitude faster. Only ever
 * an internal form: what enters and leaves them is a Decimal or a decimal string.
 */
const MINOR_UNIT_TEXT = /^(-?)(\d+)(?:\.(\d*))?$/;

/** `amount` (a decimal string or Decimal at the minor unit) in minor units; throws when it has more digits than the minor unit. */
export function toMinorUnits(amount: string | Decimal, currency: string): bigint {
  const digits = minorUnitDigits(currency);
  const text = typeof amount === 'string' ? amount : amount.toFixed();
  const match = MINOR_UNIT_TEXT.exec(text);
  if (!match) return toMinorUnits(new Decimal(text).toFixed(), currency);
  const fraction = (match[3] ?? '').replace(/0+$/, '');
  if (fraction.length > digits) throw new RangeError(`${text} ${currency} has more than the ${digits} decimal(s) of ${currency}'s minor unit; round it first (roundToMinorUnit)`);
  const units = BigInt(match[2]! + fraction.padEnd(digits, '0'));
  return match[1] === '-' ? -units : units;
}

/** Minor units back to a Decimal amount (1230n EUR -> 12.3). */
export function fromMinorUnits(units: bigint, currency: string): Decimal {
  const digits = minorUnitDigits(currency);
  if (digits === 0) return new Decimal(units.toString());
  // Written out with its decimal point and read once: cheaper than a division, and as exact.
  const magnitude = (units < 0n ? -units : units).toString().padStart(digits + 1, '0');
  return new Decimal(`${units < 0n ? '-' : ''}${magnitude.slice(0, -digits)}.${magnitude.slice(-digits)}`);
}

/**
 * `numerator / denominator` rounded to a whole number as `roundToMinorUnit` rounds: half-up, away
 * from zero on a tie, from the exact fraction. The same rule on amounts kept in minor units.
 */
export function roundedQuotient(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  if (denominator < 0n) return roundedQuotient(-numerator, -denominator);
  const magnitude = numerator < 0n ? -numerator : numerator;
  const rounded = (2n * magnitude + denominator) / (2n * denominator);
  return numerator < 0n ? -rounded : rounded;
}
