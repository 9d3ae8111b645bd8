import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import {
  nanoToDecimalString,
  parsePriceNano,
  ratingUnitsToDecimal,
  sumRatingUnits,
  PriceFormatError,
} from '../../src/rating/amount.ts';
import { roundToMinorUnit } from '../../src/core/money.ts';
import { voiceChargeUnits } from '../../src/rating/voice.ts';

describe('RULES 1 voice: prices as integer nano-units', () => {
  it('parses decimal strings with up to 9 decimals exactly', () => {
    expect(parsePriceNano('0.0125')).toBe(12_500_000);
    expect(parsePriceNano('5')).toBe(5_000_000_000);
    expect(parsePriceNano('0.50')).toBe(500_000_000);
    expect(parsePriceNano('0.000000001')).toBe(1);
    expect(parsePriceNano('0')).toBe(0);
    expect(parsePriceNano('007.1')).toBe(7_100_000_000);
    expect(parsePriceNano('9007199.254740991')).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('rejects bad text, negatives, more than 9 decimals and unsafe sizes with a clear reason', () => {
    expect(() => parsePriceNano('-0.01')).toThrow(/negative/);
    expect(() => parsePriceNano('0.0000000001')).toThrow(/10 decimals; at most 9/);
    expect(() => parsePriceNano('1.5000000000')).toThrow(/10 decimals/);
    expect(() => parsePriceNano('9007199.254740992')).toThrow(/too large/);
    expect(() => parsePriceNano('123456789')).toThrow(/too large/);
    for (const bad of ['', 'abc', ' 1', '1 ', '1e-3', '.5', '5.', '1,5', '+1', '0x10', 'NaN']) {
      expect(() => parsePriceNano(bad), bad).toThrow(PriceFormatError);
    }
  });

  it('prints nano-units back as the decimal string', () => {
    expect(nanoToDecimalString(12_500_000)).toBe('0.0125');
    expect(nanoToDecimalString(5_000_000_000)).toBe('5');
    expect(nanoToDecimalString(1)).toBe('0.000000001');
  });
});

describe('RULES 1 voice: charges in rating units (1/60 nano-units) are exact', () => {
  it('0.01/min for 7 s is exactly 7/6000 = 0.0011666…', () => {
    const units = voiceChargeUnits(7, 0, parsePriceNano('0.01'));
    expect(units).toBe(70_000_000);
    const amount = ratingUnitsToDecimal(units);
    expect(amount.toFixed(30)).toBe('0.001166666666666666666666666667');
    // The same number as the exact fraction 7/6000, to 50 significant digits.
    const Precise = Decimal.clone({ precision: 50 });
    expect(amount.equals(new Precise(7).div(6000))).toBe(true);
    expect(amount.times(6000).minus(7).abs().lessThan('1e-45')).toBe(true);
  });

  it('is exact, with no rounding at all, whenever the quotient terminates', () => {
    // 0.05 connect fee + 42 s at 0.10/min = 0.05 + 0.07 = 0.12
    const units = voiceChargeUnits(42, parsePriceNano('0.05'), parsePriceNano('0.10'));
    expect(units).toBe(7_200_000_000);
    expect(ratingUnitsToDecimal(units).toString()).toBe('0.12');
    expect(ratingUnitsToDecimal(3n).toString()).toBe('5e-11');
    expect(ratingUnitsToDecimal(123456789012345678901234567890n * 3n).toFixed()).toBe('6172839450617283945.0617283945');
  });

  it('checks the per-record invariant: a charge must be a safe integer', () => {
    // 25 hours at 100/min: 90,000 s * 1e11 nano = 9e15 < 2^53 - 1: fine; 30 hours is not.
    expect(voiceChargeUnits(90_000, 0, parsePriceNano('100'))).toBe(9e15);
    expect(() => voiceChargeUnits(108_000, 0, parsePriceNano('100'))).toThrow(/safe/);
    expect(() => ratingUnitsToDecimal(2 ** 53)).toThrow(/safe integer/);
  });

  it('sums many records in BigInt, exactly, beyond 2^53', () => {
    const values = [Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, 1, -5, 9e15, 7];
    const expected = values.reduce((sum, v) => sum + BigInt(v), 0n);
    expect(sumRatingUnits(values)).toBe(expected);
    expect(sumRatingUnits([])).toBe(0n);
    const many = Array.from({ length: 100_000 }, (_, i) => 8_640_000_000_000_000 + i);
    expect(sumRatingUnits(many)).toBe(many.reduce((sum, v) => sum + BigInt(v), 0n));
    expect(() => sumRatingUnits([1.5])).toThrow(/safe integer/);
  });

  it('rounds a sum once, half-up, to the minor unit: the one rounding of money (src/core/money.ts)', () => {
    const money = (units: bigint, currency: string) => roundToMinorUnit(ratingUnitsToDecimal(units), currency).toString();
    expect(money(70_000_000n, 'EUR')).toBe('0'); // 0.00116…
    expect(money(300_000_000n, 'EUR')).toBe('0.01'); // 0.005 exactly: half-up
    expect(money(299_999_999n, 'EUR')).toBe('0');
    expect(money(-300_000_000n, 'EUR')).toBe('-0.01');
    expect(money(90_000_000_000n, 'JPY')).toBe('2'); // 1.5 -> 2
    expect(money(7_200_000_000n, 'KWD')).toBe('0.12');
    expect(money(BigInt(Number.MAX_SAFE_INTEGER) * 1000n + 30_000_000_000n, 'EUR')).toBe('150119988.08'); // a sum beyond 2^53
  });
});
