/** The one rounding of money (RULES.md 10, 12, 14): every amount, VAT and rated sum rounds here. */
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { formatMoney, roundToMinorUnit } from '../../src/core/money.ts';

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
