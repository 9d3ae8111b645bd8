import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { dataQuantity, tieredCharge, tierProblems, tiersFromDefinition, type Tier } from '../../src/rating/tiers.ts';

const d = (v: string | number) => new Decimal(v);
const THREE: Tier[] = [
  { upTo: d(10), price: d('1.00') },
  { upTo: d(50), price: d('0.80') },
  { upTo: null, price: d('0.50') },
];

describe('RULES 3 data: tieredCharge', () => {
  it('graduated: each band priced on its own (hand-computed)', () => {
    // 10 * 1.00 + 40 * 0.80 + 10 * 0.50 = 10 + 32 + 5
    expect(tieredCharge(d(60), THREE, 'graduated').toString()).toBe('47');
    expect(tieredCharge(d(50), THREE, 'graduated').toString()).toBe('42'); // 10 + 32
    expect(tieredCharge(d(10), THREE, 'graduated').toString()).toBe('10');
    expect(tieredCharge(d('10.5'), THREE, 'graduated').toString()).toBe('10.4'); // 10 + 0.5 * 0.8
    expect(tieredCharge(d(0), THREE, 'graduated').toString()).toBe('0');
  });

  it('volume: the band the total falls in prices every unit (upTo inclusive)', () => {
    expect(tieredCharge(d(60), THREE, 'volume').toString()).toBe('30'); // 60 * 0.50
    expect(tieredCharge(d(50), THREE, 'volume').toString()).toBe('40'); // 50 * 0.80
    expect(tieredCharge(d('10.5'), THREE, 'volume').toString()).toBe('8.4'); // 10.5 * 0.80
    expect(tieredCharge(d(10), THREE, 'volume').toString()).toBe('10');
  });

  it('the FORMATS.md example: 100 free, then 0.50', () => {
    const tiers: Tier[] = [{ upTo: d(100), price: d(0) }, { upTo: null, price: d('0.50') }];
    expect(tieredCharge(d(150), tiers, 'graduated').toString()).toBe('25');
    expect(tieredCharge(d(150), tiers, 'volume').toString()).toBe('75');
    expect(tieredCharge(d(100), tiers, 'volume').toString()).toBe('0');
  });

  it('is exact: no rounding to 20 digits', () => {
    const q = dataQuantity(1, 0, 'GiB'); // 9.31322574615478515625e-10
    const charge = tieredCharge(q, [{ upTo: null, price: d('0.123456789') }], 'graduated');
    // 931322574615478515625e-30 * 123456789e-9: the exact product has 30 significant digits
    const exact = (931322574615478515625n * 123456789n).toString();
    expect(exact).toBe('114978094585239887237548828125');
    expect(charge.equals(new Decimal(`${exact}e-39`))).toBe(true);
    expect(charge.toString()).toBe('1.14978094585239887237548828125e-10');
  });

  it('validates the tiers: ascending upTo, only the last unbounded, no negative price', () => {
    expect(tierProblems(THREE)).toEqual([]);
    expect(tierProblems([])).toEqual(['tiers must list at least one tier (the last with upTo: null)']);
    expect(tierProblems([{ upTo: d(50), price: d(1) }, { upTo: d(10), price: d(1) }, { upTo: null, price: d(1) }])).toEqual([
      "tiers[1].upTo 10 must be greater than the previous tier's 50",
    ]);
    expect(tierProblems([{ upTo: null, price: d(1) }, { upTo: d(10), price: d(-1) }])).toEqual([
      'tiers[0].upTo is null but only the last tier may be unbounded',
      'tiers[1].price -1 is negative',
      'tiers[1].upTo must be null: the last tier has no upper bound',
    ]);
    expect(tierProblems([{ upTo: d(0), price: d(1) }, { upTo: null, price: d(1) }])).toEqual(['tiers[0].upTo 0 must be greater than 0']);
    expect(() => tieredCharge(d(1), [{ upTo: d(10), price: d(1) }], 'graduated')).toThrow(/invalid tiers/);
    expect(() => tieredCharge(d(-1), THREE, 'graduated')).toThrow(/non-negative/);
  });

  it('reads tiers as written in a tariff', () => {
    const tiers = tiersFromDefinition([{ upTo: 100, price: '0' }, { upTo: null, price: '0.50' }]);
    expect(Array.isArray(tiers) && tiers.map((t) => [t.upTo?.toString() ?? null, t.price.toString()])).toEqual([['100', '0'], [null, '0.5']]);
    expect(tiersFromDefinition([{ upTo: 100, price: '-1' }, { upTo: null, price: 'x', extra: 1 }])).toEqual({
      problems: ['tiers[0].price "-1" is not a non-negative decimal number', 'tiers[1].extra is not a tier setting (upTo, price)', 'tiers[1].price "x" is not a non-negative decimal number'],
    });
  });
});

describe('RULES 3 data: dataQuantity', () => {
  it('GB = 10^9 bytes of bytes_in + bytes_out; GiB = 2^30, exactly', () => {
    expect(dataQuantity(1_500_000_000, 500_000_000, 'GB').toString()).toBe('2');
    expect(dataQuantity(1_000_000_000, 0, 'GiB').toString()).toBe('0.931322574615478515625');
    expect(dataQuantity(2 ** 30, 0, 'GiB').toString()).toBe('1');
    expect(dataQuantity(0, 2 ** 31, 'GiB').toString()).toBe('2');
    expect(dataQuantity(1, 0, 'GiB').times(2 ** 30).toString()).toBe('1');
    expect(dataQuantity(1, 0, 'MiB').toFixed()).toBe('0.00000095367431640625');
    expect(dataQuantity(123_456_789, 0, 'MB').toString()).toBe('123.456789');
    expect(dataQuantity(10n ** 20n, 1n, 'TB').toFixed()).toBe('100000000.000000000001');
  });

  it('rejects negative or fractional byte counts and unknown units', () => {
    expect(() => dataQuantity(-1, 0, 'GB')).toThrow(/bytes_in/);
    expect(() => dataQuantity(0, 1.5, 'GB')).toThrow(/bytes_out/);
    expect(() => dataQuantity(0, -1n, 'GB')).toThrow(/negative/);
    expect(() => dataQuantity(0, 0, 'KB' as 'GB')).toThrow(/data unit "KB"/);
  });
});
