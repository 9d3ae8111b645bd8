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
