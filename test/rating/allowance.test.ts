import { describe, expect, it } from 'vitest';
import { consumeAllowance, type AllowanceRecord } from '../../src/rating/allowance.ts';
import { parsePriceNano, ratingUnitsToDecimal, sumRatingUnits } from '../../src/rating/amount.ts';
import { voiceChargeUnits } from '../../src/rating/voice.ts';
import { int, seeded, shuffled } from './support.ts';

const CF = parsePriceNano('0.05');
const PM = parsePriceNano('0.10');
const rec = (recordId: string, startEpochMs: number, billedSeconds: number, extra: Partial<AllowanceRecord> = {}): AllowanceRecord => ({
  recordId,
  startEpochMs,
  billedSeconds,
  connectFeeNano: CF,
  perMinuteNano: PM,
  ...extra,
});
const money = (units: number) => ratingUnitsToDecimal(units).toString();

describe('RULES 4 allowances: consumeAllowance', () => {
  it('fully covered pays nothing (no connect fee), partly covered pays the connect fee and the rest pro rata, uncovered pays in full', () => {
    const results = consumeAllowance([rec('c', 3000, 60), rec('a', 1000, 60), rec('b', 2000, 120)], 150);
    expect(results).toEqual([
      { recordId: 'a', coveredSeconds: 60, chargedSeconds: 0, chargeUnits: 0 },
      { recordId: 'b', coveredSeconds: 90, chargedSeconds: 30, chargeUnits: 6_000_000_000 },
      { recordId: 'c', coveredSeconds: 0, chargedSeconds: 60, chargeUnits: 9_000_000_000 },
    ]);
    expect(money(results[1]!.chargeUnits)).toBe('0.1'); // 0.05 + 30/60 * 0.10
    expect(money(results[2]!.chargeUnits)).toBe('0.15'); // 0.05 + 60/60 * 0.10
  });

  it('a call that exactly uses up the allowance is fully covered', () => {
    expect(consumeAllowance([rec('a', 1, 60), rec('b', 2, 60)], 60).map((r) => r.chargeUnits)).toEqual([0, voiceChargeUnits(60, CF, PM)]);
  });

  it('ties on start time go by record id (string order, not numeric)', () => {
    const results = consumeAllowance([rec('9', 1000, 60), rec('10', 1000, 60)], 60);
    expect(results.map((r) => [r.recordId, r.coveredSeconds])).toEqual([['10', 60], ['9', 0]]);
  });

  it('no allowance: everything is charged in full; unlimited: nothing is', () => {
    const records = [rec('a', 1, 42), rec('b', 2, 7)];
    expect(consumeAllowance(records, 0).map((r) => r.chargeUnits)).toEqual([voiceChargeUnits(42, CF, PM), voiceChargeUnits(7, CF, PM)]);
    expect(consumeAllowance(records, Infinity).map((r) => r.chargeUnits)).toEqual([0, 0]);
  });

  it('a zero-length call uses no allowance and costs nothing', () => {
    expect(consumeAllowance([rec('a', 1, 0), rec('b', 2, 30)], 30)).toEqual([
      { recordId: 'a', coveredSeconds: 0, chargedSeconds: 0, chargeUnits: 0 },
      { recordId: 'b', coveredSeconds: 30, chargedSeconds: 0, chargeUnits: 0 },
    ]);
  });

  it('rejects a repeated record id and bad numbers', () => {
    expect(() => consumeAllowance([rec('a', 1, 60), rec('a', 1, 60)], 10)).toThrow(/given twice/);
    expect(() => consumeAllowance([rec('a', 1, 60)], -1)).toThrow(/allowance/);
    expect(() => consumeAllowance([rec('a', 1, 1.5)], 10)).toThrow(/billed seconds/);
  });
});

describe('RULES 5 order independence: allowance results never depend on arrival order', () => {
  it('property: shuffling the input many times gives the same result (seeded)', () => {
    const random = seeded(2026);
    for (let round = 0; round < 200; round++) {
      const n = int(random, 1, 40);
      const records: AllowanceRecord[] = [];
      for (let i = 0; i < n; i++) {
        records.push(
          rec(`r${int(random, 0, 1_000_000)}-${i}`, int(random, 0, 20) * 60_000, int(random, 0, 5) === 0 ? 0 : int(random, 1, 900), {
            connectFeeNano: int(random, 0, 3) * 10_000_000,
            perMinuteNano: int(random, 0, 50) * 1_000_000,
          }),
        );
      }
      const allowance = int(random, 0, 3) === 0 ? 0 : int(random, 0, 6000);
      const reference = consumeAllowance(records, allowance);
      for (let k = 0; k < 25; k++) expect(consumeAllowance(shuffled(records, random), allowance)).toEqual(reference);

      // Invariants: covered + charged = billed, the allowance is never exceeded, at most one call is partly covered.
      const byId = new Map(records.map((r) => [r.recordId, r]));
      let covered = 0;
      let partly = 0;
      for (const r of reference) {
        const input = byId.get(r.recordId)!;
        expect(r.coveredSeconds + r.chargedSeconds).toBe(input.billedSeconds);
        covered += r.coveredSeconds;
        if (r.coveredSeconds > 0 && r.chargedSeconds > 0) partly++;
        if (r.chargedSeconds === 0) expect(r.chargeUnits).toBe(0);
        else expect(r.chargeUnits).toBe(input.connectFeeNano * 60 + r.chargedSeconds * input.perMinuteNano);
      }
      expect(covered).toBe(Math.min(allowance, records.reduce((s, r) => s + r.billedSeconds, 0)));
      expect(partly).toBeLessThanOrEqual(1);
      expect(typeof sumRatingUnits(reference.map((r) => r.chargeUnits))).toBe('bigint');
    }
  });
});
