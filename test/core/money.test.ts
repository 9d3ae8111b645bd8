/** The one rounding of money (RULES.md 10, 12, 14): every amount, VAT and rated sum rounds here. */
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { amountSizeProblem, formatMoney, fromMinorUnits, roundedQuotient, roundToMinorUnit, sumOf, toMinorUnits } from '../../src/core/money.ts';

describe('roundToMinorUnit: half-up, away from zero on a tie, to the currency minor unit', () => {
  const round = (amount: string, currency: string) => roundToMinorUnit(new Decimal(amount), currency).toString();

  it('rounds ties away from zero', () => {
    expect(round('0.125', 'EUR')).toBe('0.13');
    expect(round('-0.125', 'EUR')).toBe('-0.13');
    expect(round('0.005', 'EUR')).toBe('0.01');
    expect(round('0.0049999999999999999999999999', 'EUR')).toBe('0');
  });

  it('rounds to each currency minor unit (0, 2 or 3 digits)', () => {
    expect(round('0.5', 'JPY')).toBe('1');
    expect(round('1.5', 'JPY')).toBe('2');
    expect(round('0.1235', 'KWD')).toBe('0.124');
    expect(round('1234.005', 'HUF')).toBe('1234.01');
  });

  it('reads digits beyond the Decimal precision exactly, and never answers -0', () => {
    expect(round('12345678901234567890.125', 'EUR')).toBe('12345678901234567890.13');
    expect(roundToMinorUnit(new Decimal('-0.001'), 'EUR').isNegative()).toBe(false);
    expect(formatMoney(roundToMinorUnit(new Decimal('-0.001'), 'EUR'), 'EUR')).toBe('0.00');
  });
});

describe('minor units: the discount engine\'s exact integer form of amounts', () => {
  it('reads amounts at the minor unit of each currency and refuses more digits', () => {
    expect(toMinorUnits('12.30', 'EUR')).toBe(1230n);
    expect(toMinorUnits('12.3', 'EUR')).toBe(1230n);
    expect(toMinorUnits('-0.05', 'EUR')).toBe(-5n);
    expect(toMinorUnits('1234', 'JPY')).toBe(1234n);
    expect(toMinorUnits(new Decimal('1e3'), 'KWD')).toBe(1000000n);
    expect(() => toMinorUnits('0.125', 'EUR')).toThrow(/more than the 2 decimal/);
    expect(fromMinorUnits(-1230n, 'EUR').toString()).toBe('-12.3');
  });

  it('rounds a fraction exactly as roundToMinorUnit rounds the same amount', () => {
    expect(roundedQuotient(1n, 2n)).toBe(1n);
    expect(roundedQuotient(-1n, 2n)).toBe(-1n);
    expect(roundedQuotient(149n, 100n)).toBe(1n);
    expect(roundedQuotient(5n, -2n)).toBe(-3n);
    fc.assert(fc.property(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.bigInt({ min: 1n, max: 10n ** 6n }), (numerator, denominator) => {
      // The quotient in cents, through decimal.js at a precision that holds it exactly.
      const exact = new Decimal(numerator.toString()).dividedBy(denominator.toString()).dividedBy(100);
      const viaDecimal = roundToMinorUnit(exact, 'EUR');
      if (!exact.times(100).times(denominator.toString()).equals(numerator.toString())) return; // not exact at 20 digits: skip
      expect(fromMinorUnits(roundedQuotient(numerator, denominator), 'EUR').equals(viaDecimal)).toBe(true);
    }), { numRuns: 2000 });
  });
});

describe('sumOf and amountSizeProblem: an invoice\'s totals add up whatever its amounts', () => {
  it('sums exactly beyond Decimal\'s default 20 digits (a 10^18 total keeps its cents)', () => {
    const lines = ['999999999999999999.99', '20.00', '0.02'].map((v) => new Decimal(v));
    expect(lines.reduce((a, b) => a.plus(b), new Decimal(0)).toFixed(2)).not.toBe('1000000000000000020.01');
    expect(sumOf(lines).toFixed(2)).toBe('1000000000000000020.01');
    expect(sumOf([]).toFixed(2)).toBe('0.00');
  });
  it('refuses more than 15 digits before the point, leading zeros and sign not counted', () => {
    expect(amountSizeProblem('999999999999999.99')).toBeNull();
    expect(amountSizeProblem('-000999999999999999.9')).toBeNull();
    expect(amountSizeProblem('1000000000000000')).toBe('1000000000000000 has more than 15 digits before the decimal point');
  });
});
