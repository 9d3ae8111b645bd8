/**
 * RULES.md 22 in rating, the pure part (src/domain/discount/rating.ts): which free units and
 * price overrides reach a subscription's cycle (RULES 19 via schemeApplies, then schemeReaches),
 * and how an override matches a dialled number (longest prefix, the deck's way). Amounts: nano
 * units per minute (amount.ts), checked by hand.
 */
import { describe, expect, it } from 'vitest';
import type { DiscountScheme } from '../../src/domain/discount/definition.ts';
import { cyclesBilledBefore, discountContext, schemeApplies, type DiscountContext } from '../../src/domain/discount/applicability.ts';
import { freeQuantity, PriceOverrides, ratingDiscounts, type PriceOverrideScheme } from '../../src/domain/discount/rating.ts';

const base = {
  name: { en: 'x' }, validFrom: '2026-01-01', validTo: null, scope: { everyone: true }, on: {}, when: {}, priority: 10, group: null, cap: null,
};
const free = (id: string, quantity: string, extra: Partial<DiscountScheme> = {}): DiscountScheme => ({ ...base, id, kind: 'free-units', usageType: 'voice', quantity, ...extra }) as DiscountScheme;
const override = (id: string, prefixes: string[], peak: string, offpeak: string, extra: Partial<DiscountScheme> = {}): PriceOverrideScheme =>
  ({ ...base, id, kind: 'price-override', usageType: 'voice', prefixes, peak, offpeak, currency: 'EUR', ...extra }) as PriceOverrideScheme;

const contract = { id: 'K-1', clientId: 'C-1', startDate: '2026-10-01', billingCycle: 'monthly' as const, cycleAnchorDay: 1, billingStart: null };
const subscriptions = [
  { id: 'S-1', tariffId: 'T-MOB', startDate: '2026-10-01', endDate: null },
  { id: 'S-2', tariffId: 'T-VOIP', startDate: '2026-10-01', endDate: null },
];
const contextOf = (cycle: { start: string; end: string }, partnerId: string | null = null): DiscountContext =>
  discountContext({ contract, partnerId, subscriptions, categoryOf: () => 'voip', cycle });
const OCTOBER = { start: '2026-10-01', end: '2026-11-01' };
const NOVEMBER = { start: '2026-11-01', end: '2026-12-01' };
const S1 = { id: 'S-1', tariffId: 'T-MOB' };
const S2 = { id: 'S-2', tariffId: 'T-VOIP' };

describe('free units (RULES.md 22, 4)', () => {
  it('add up per usage type, only in the cycles where the scheme applies', () => {
    const schemes = [
      free('A', '120', { when: { firstCycles: 1 } }),
      free('B', '30'),
      free('DATA', '5', { usageType: 'data' } as Partial<DiscountScheme>),
      // Valid for cycles whose last day is on or after 2026-11-30: November's, not October's.
      free('LATER', '600', { validFrom: '2026-11-30' }),
    ];
    const october = ratingDiscounts(schemes, contextOf(OCTOBER), S1, 'EUR')!;
    expect(Object.fromEntries(october.freeUnits)).toEqual({ voice: 150, data: 5 });
    expect(october.freeUnitSchemes).toEqual(['A', 'B', 'DATA']);
    // November: the contract's second cycle (firstCycles 1 no longer holds); LATER now applies.
    const november = ratingDiscounts(schemes, contextOf(NOVEMBER), S1, 'EUR')!;
    expect(Object.fromEntries(november.freeUnits)).toEqual({ voice: 630, data: 5 });
  });

  it('validTo ends them: the cycle whose last day is on validTo has none', () => {
    const schemes = [free('A', '120', { validTo: '2026-10-31' })];
    // September, with the lines active then (a scheme acts only on a cycle with service).
    const september = contextOf({ start: '2026-09-01', end: '2026-10-01' });
    expect(ratingDiscounts(schemes, { ...september, subscriptions: september.subscriptions.map((s) => ({ ...s, startDate: '2026-09-01' })) }, S1, 'EUR')).not.toBeNull();
    expect(ratingDiscounts(schemes, contextOf(OCTOBER), S1, 'EUR')).toBeNull();
  });

  it('reach every subscription of a contract in scope, or only those the scope names', () => {
    const byContract = [free('A', '60', { scope: { contracts: ['K-1'] } })];
    expect(ratingDiscounts(byContract, contextOf(OCTOBER), S2, 'EUR')?.freeUnits.get('voice')).toBe(60);
    const bySubscription = [free('A', '60', { scope: { subscriptions: ['S-1'] } })];
    expect(ratingDiscounts(bySubscription, contextOf(OCTOBER), S1, 'EUR')?.freeUnits.get('voice')).toBe(60);
    expect(ratingDiscounts(bySubscription, contextOf(OCTOBER), S2, 'EUR')).toBeNull();
    const byTariff = [free('A', '60', { scope: { tariffs: ['T-VOIP'] } })];
    expect(ratingDiscounts(byTariff, contextOf(OCTOBER), S1, 'EUR')).toBeNull();
    expect(ratingDiscounts(byTariff, contextOf(OCTOBER), S2, 'EUR')?.freeUnits.get('voice')).toBe(60);
    const byPartner = [free('A', '60', { scope: { partners: ['P-1'] } })];
    expect(ratingDiscounts(byPartner, contextOf(OCTOBER), S2, 'EUR')).toBeNull();
    expect(ratingDiscounts(byPartner, contextOf(OCTOBER, 'P-1'), S2, 'EUR')?.freeUnits.get('voice')).toBe(60);
    const otherContract = [free('A', '60', { scope: { contracts: ['K-2'] } })];
    expect(ratingDiscounts(otherContract, contextOf(OCTOBER), S1, 'EUR')).toBeNull();
  });

  it('conditions decide for the contract: a bundle of categories, tenure', () => {
    const bundle = [free('A', '60', { when: { categoriesActive: ['voip', 'internet'] } })];
    expect(ratingDiscounts(bundle, contextOf(OCTOBER), S1, 'EUR')).toBeNull();
    const withInternet = discountContext({ contract, partnerId: null, subscriptions, categoryOf: (t) => (t === 'T-VOIP' ? 'internet' : 'voip'), cycle: OCTOBER });
    expect(ratingDiscounts(bundle, withInternet, S1, 'EUR')?.freeUnits.get('voice')).toBe(60);
    const loyal = [free('A', '60', { when: { tenureMonths: 1 } })];
    expect(ratingDiscounts(loyal, contextOf(OCTOBER), S1, 'EUR')).toBeNull();
    expect(ratingDiscounts(loyal, contextOf(NOVEMBER), S1, 'EUR')).not.toBeNull();
  });

  it('a quantity is a whole number of units', () => {
    expect(freeQuantity({ id: 'A', quantity: '6000' })).toBe(6000);
    expect(() => freeQuantity({ id: 'A', quantity: '1.5' })).toThrow(/scheme A/);
    expect(() => freeQuantity({ id: 'A', quantity: '-1' })).toThrow(/whole number/);
  });

  it('the other kinds give nothing here', () => {
    const percentage = { ...base, id: 'P', kind: 'percentage', percent: '10' } as DiscountScheme;
    expect(ratingDiscounts([percentage], contextOf(OCTOBER), S1, 'EUR')).toBeNull();
  });
});

describe('firstCycles counts the cycles billstream bills (RULES.md 19)', () => {
  it('from the contract start, skipping cycles billed elsewhere', () => {
    expect(cyclesBilledBefore(contract, OCTOBER)).toBe(0);
    expect(cyclesBilledBefore(contract, NOVEMBER)).toBe(1);
    // Migrated on 2026-11-15: the cycles ending on or before it were billed elsewhere.
    const migrated = { ...contract, startDate: '2026-01-10', billingStart: '2026-11-15' };
    expect(cyclesBilledBefore(migrated, NOVEMBER)).toBe(0);
    expect(cyclesBilledBefore(migrated, { start: '2026-12-01' })).toBe(1);
    expect(schemeApplies(free('A', '1', { when: { firstCycles: 1 } }), contextOf(OCTOBER))).toBe(true);
    expect(schemeApplies(free('A', '1', { when: { firstCycles: 1 } }), contextOf(NOVEMBER))).toBe(false);
  });

  it('from the first cycle with service: cycles before the first line starts had nothing to bill', () => {
    // Signed for October, the line starts on November 10th: November is the first cycle billed.
    expect(cyclesBilledBefore(contract, NOVEMBER, '2026-11-10')).toBe(0);
    expect(cyclesBilledBefore(contract, { start: '2026-12-01' }, '2026-11-10')).toBe(1);
    // A line from October 31st makes October a cycle with service.
    expect(cyclesBilledBefore(contract, NOVEMBER, '2026-10-31')).toBe(1);
    expect(cyclesBilledBefore(contract, NOVEMBER, null)).toBe(0);
  });
});

describe('price overrides (RULES.md 22)', () => {
  it('match the dialled number by the longest prefix of any scheme, as the deck does', () => {
    const overrides = PriceOverrides.compile([override('AT', ['43'], '0.20', '0.10'), override('AT-MOBILE', ['4369', '43699'], '0.15', '0.05')], 'EUR')!;
    // 0.20 EUR = 200,000,000 nano.
    expect(overrides.match('+43123456')).toEqual({ schemeId: 'AT', prefix: '43', peakPerMinuteNano: 200_000_000, offpeakPerMinuteNano: 100_000_000 });
    expect(overrides.match('0043 69 1234')).toEqual({ schemeId: 'AT-MOBILE', prefix: '4369', peakPerMinuteNano: 150_000_000, offpeakPerMinuteNano: 50_000_000 });
    expect(overrides.match('4369912')?.prefix).toBe('43699');
    expect(overrides.match('+4930123')).toBeNull();
    expect(overrides.match('4')).toBeNull();
    expect(overrides.match('+43abc')).toBeNull();
  });

  it('a prefix two schemes name goes to the first in order (priority, then id)', () => {
    const a = override('B-SECOND', ['43'], '0.30', '0.30', { priority: 5 });
    const b = override('A-FIRST', ['43'], '0.40', '0.40', { priority: 5 });
    const c = override('C-LOW', ['43'], '0.01', '0.01', { priority: 50 });
    expect(PriceOverrides.compile([c, a, b], 'EUR')!.match('43')?.schemeId).toBe('A-FIRST');
  });

  it('price only calls in their own currency', () => {
    const huf = override('HU', ['36'], '10', '5', { currency: 'HUF' } as Partial<DiscountScheme>);
    expect(PriceOverrides.compile([huf], 'EUR')).toBeNull();
    expect(ratingDiscounts([huf], contextOf(OCTOBER), S1, 'EUR')).toEqual({ freeUnits: new Map(), freeUnitSchemes: [], overrides: null });
    expect(ratingDiscounts([huf], contextOf(OCTOBER), S1, 'HUF')?.overrides?.match('3630')?.peakPerMinuteNano).toBe(10_000_000_000);
  });
});
