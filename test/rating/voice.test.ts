import { describe, expect, it } from 'vitest';
import { billedSeconds, voiceChargeUnits } from '../../src/rating/voice.ts';
import { parsePriceNano, ratingUnitsToDecimal } from '../../src/rating/amount.ts';

describe('RULES 1 voice: billedSeconds', () => {
  it('a zero-length call is billed 0 seconds, whatever the minimum', () => {
    expect(billedSeconds(0, 30, 60, 60)).toBe(0);
    expect(billedSeconds(0, 0, 1, 1)).toBe(0);
  });

  it('min_seconds applies to short calls', () => {
    expect(billedSeconds(5, 30, 1, 1)).toBe(30);
    expect(billedSeconds(30, 30, 1, 1)).toBe(30);
    expect(billedSeconds(45, 30, 1, 1)).toBe(45);
    expect(billedSeconds(1, 90, 60, 60)).toBe(90); // min above one increment
    expect(billedSeconds(100, 90, 60, 60)).toBe(120);
  });

  it('60/60: whole minutes', () => {
    expect([1, 59, 60, 61, 119, 120, 121].map((d) => billedSeconds(d, 0, 60, 60))).toEqual([60, 60, 60, 120, 120, 120, 180]);
  });

  it('30/6: a first block of 30 s, then 6 s steps', () => {
    expect([1, 29, 30, 31, 36, 37, 42, 100].map((d) => billedSeconds(d, 0, 30, 6))).toEqual([30, 30, 30, 36, 36, 42, 42, 102]);
  });

  it('1/1: per second', () => {
    expect([1, 7, 59, 3601].map((d) => billedSeconds(d, 0, 1, 1))).toEqual([1, 7, 59, 3601]);
  });

  it('a fractional duration rounds up through the increments', () => {
    expect(billedSeconds(0.4, 0, 1, 1)).toBe(1);
    expect(billedSeconds(30.2, 0, 30, 6)).toBe(36);
  });

  it('rejects negative durations and bad increments', () => {
    expect(() => billedSeconds(-1, 0, 1, 1)).toThrow(/non-negative/);
    expect(() => billedSeconds(Number.NaN, 0, 1, 1)).toThrow(/non-negative/);
    expect(() => billedSeconds(10, 0, 0, 1)).toThrow(/increments/);
    expect(() => billedSeconds(10, 0, 30, 1.5)).toThrow(/increments/);
    expect(() => billedSeconds(10, -1, 30, 6)).toThrow(/increments/);
  });
});

describe('RULES 1 voice: voiceChargeUnits', () => {
  const cf = parsePriceNano('0.05');
  const pm = parsePriceNano('0.10');

  it('connect_fee + b/60 * per_minute, unrounded', () => {
    // 30/6, 37 s -> 42 s billed: 0.05 + 42/60 * 0.10 = 0.12
    expect(ratingUnitsToDecimal(voiceChargeUnits(billedSeconds(37, 0, 30, 6), cf, pm)).toString()).toBe('0.12');
    // 1/1, 7 s at 0.10/min plus 0.05: 0.05 + 0.011666… = 0.061666…
    expect(ratingUnitsToDecimal(voiceChargeUnits(7, cf, pm)).toFixed(12)).toBe('0.061666666667');
  });

  it('a zero-length call pays no connect fee', () => {
    expect(voiceChargeUnits(0, cf, pm)).toBe(0);
  });

  it('a free destination still pays its connect fee', () => {
    expect(ratingUnitsToDecimal(voiceChargeUnits(60, cf, 0)).toString()).toBe('0.05');
  });
});
