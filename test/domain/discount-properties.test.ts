/**
 * RULES.md 20, 21: the invariants of discount stacking over random schemes and invoices
 * (src/domain/discount/apply.ts).
 */
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyDiscountSchemes, type DiscountableLine, type DiscountOutcome } from '../../src/domain/discount/apply.ts';
import type { DiscountContext } from '../../src/domain/discount/applicability.ts';
import type { DiscountScheme } from '../../src/domain/discount/definition.ts';

const CONTEXT: DiscountContext = {
  contractId: 'C1', clientId: 'K1', partnerId: null, contractStart: '2025-01-01',
  subscriptions: [{ id: 'S1', tariffId: 'T1', category: 'internet', startDate: '2025-01-01', endDate: null }],
  cycle: { start: '2026-10-01', end: '2026-11-01' }, cyclesBilledBefore: 3,
};
const CATEGORIES = ['internet', 'voip', 'catv'] as const;
const RATES: Record<string, string> = { internet: '27', voip: '27', catv: '5' };
const cents = (min: number, max: number) => fc.integer({ min, max }).map((n) => new Decimal(n).dividedBy(100).toFixed(2));

const lineArb: fc.Arbitrary<DiscountableLine> = fc.record({
  kind: fc.constantFrom('recurring', 'one-time', 'usage', 'late-usage', 'recurring', 'usage', 'discount'),
  code: fc.constantFrom('A', 'B', 'C'),
  serviceCategory: fc.constantFrom(...CATEGORIES),
  net: fc.oneof({ weight: 5, arbitrary: cents(0, 50_000) }, { weight: 1, arbitrary: cents(-5_000, 0) }),
  usageType: fc.constantFrom('voice', 'data', 'sms'),
}).map(({ kind, code, serviceCategory, net, usageType }) => ({
  kind, code, serviceCategory, vatCategory: 'S', vatRate: RATES[serviceCategory]!,
  net: kind === 'discount' ? new Decimal(net).abs().negated().toFixed(2) : net,
  ...(kind === 'usage' || kind === 'late-usage' ? { usage: { type: usageType } } : {}),
}));

const selectorArb = fc.record({
  charges: fc.subarray(['recurring', 'one-time', 'usage'] as ('recurring' | 'one-time' | 'usage')[], { minLength: 1 }),
  categories: fc.subarray([...CATEGORIES], { minLength: 1 }),
  codes: fc.subarray(['A', 'B', 'C'], { minLength: 1 }),
}, { requiredKeys: [] });

const kindArb = (withCommitment: boolean) => fc.oneof(
  fc.record({ kind: fc.constant('percentage' as const), percent: fc.integer({ min: 0, max: 10_000 }).map((n) => new Decimal(n).dividedBy(100).toString()) }),
  fc.record({ kind: fc.constant('fixed' as const), amount: cents(0, 100_000), currency: fc.constantFrom('EUR', 'USD') }),
  fc.record({
    kind: fc.constant('volume' as const),
    thresholds: fc.array(fc.record({ from: cents(0, 100_000), percent: fc.integer({ min: 0, max: 50 }).map(String) }), { minLength: 1, maxLength: 3 }),
  }),
  ...(withCommitment ? [fc.record({ kind: fc.constant('commitment' as const), minimum: cents(0, 100_000), currency: fc.constant('EUR'), category: fc.constantFrom(...CATEGORIES) })] : []),
);

const schemesArb = (withCommitment: boolean): fc.Arbitrary<DiscountScheme[]> => fc.uniqueArray(fc.record({
  id: fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'),
  priority: fc.integer({ min: 0, max: 3 }),
  group: fc.constantFrom(null, null, 'X', 'Y'),
  cap: fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: cents(0, 20_000) }),
  on: selectorArb,
  body: kindArb(withCommitment),
}), { selector: (s) => s.id, maxLength: 6 }).map((schemes) => schemes.map(({ body, ...s }) => ({
  ...s, ...body, name: { en: s.id }, validFrom: '2026-01-01', validTo: null, scope: { everyone: true }, when: {},
}) as DiscountScheme));

const apply = (lines: DiscountableLine[], schemes: DiscountScheme[]): DiscountOutcome => applyDiscountSchemes({
  lines, schemes, context: CONTEXT, currency: 'EUR', language: 'en',
  convert: (amount, currency) => (currency === 'USD' ? amount.times('0.9') : amount),
  vatOf: (category) => ({ vatCategory: 'S', vatRate: RATES[category] ?? '27' }),
});
const sum = (values: Decimal[]) => values.reduce((a, b) => a.plus(b), new Decimal(0));
const totalNet = (lines: DiscountableLine[], outcome: DiscountOutcome) => sum([...lines.map((l) => new Decimal(l.net)), ...outcome.lines.map((l) => l.net)]);
const linesArb = fc.array(lineArb, { maxLength: 8 });
const RUNS = { numRuns: 1000 };

describe('RULES.md 20, 21: discount invariants over random schemes and invoices', () => {
  it('a discount never takes a line\'s remainder below zero and never applies to a discount line', () => {
    fc.assert(fc.property(linesArb, schemesArb(true), (lines, schemes) => {
      const outcome = apply(lines, schemes);
      lines.forEach((line, i) => {
        const taken = outcome.taken[i]!;
        expect(taken.gte(0)).toBe(true);
        if (line.kind === 'discount' || new Decimal(line.net).lte(0)) expect(taken.isZero()).toBe(true);
        else expect(taken.lte(line.net)).toBe(true);
      });
      for (const l of outcome.lines) for (const i of l.discounted) expect(lines[i]!.kind).not.toBe('discount');
    }), RUNS);
  });

  it('discounts take at most what the charges have: an invoice without credits is never negative because of them', () => {
    fc.assert(fc.property(linesArb, schemesArb(false), (lines, schemes) => {
      const before = sum(lines.map((l) => new Decimal(l.net)));
      const charges = sum(lines.filter((l) => l.kind !== 'discount' && new Decimal(l.net).gt(0)).map((l) => new Decimal(l.net)));
      const after = totalNet(lines, apply(lines, schemes));
      expect(after.lte(before)).toBe(true);
      expect(before.minus(after).lte(charges)).toBe(true);
      if (lines.every((l) => new Decimal(l.net).gte(0))) expect(after.gte(0)).toBe(true);
    }), RUNS);
  });

  it('removing a scheme never lowers a total, beyond a cent of rounding per proportional scheme', () => {
    fc.assert(fc.property(linesArb, schemesArb(true), fc.nat(), (lines, schemes, pick) => {
      fc.pre(schemes.length > 0);
      const without = schemes.filter((_, i) => i !== pick % schemes.length);
      const removed = schemes[pick % schemes.length]!;
      // A commitment's shortfall is a charge: removing one lowers the total by it, as it should. Two
      // commitments each charge their own shortfall (a discount before them then raises both).
      fc.pre(removed.kind !== 'commitment' && schemes.filter((s) => s.kind === 'commitment').length <= 1);
      // With credits, a discount that moves a commitment's lines under its minimum adds a
      // shortfall that is itself a charge other discounts then take from.
      fc.pre(!schemes.some((s) => s.kind === 'commitment') || lines.every((l) => new Decimal(l.net).gte(0)));
      // A percentage's (or volume's) discount is rounded to the cent on its base: removing a scheme
      // before it moves that base, which may cross a half cent and raise its discount by one cent
      // (0.67 % of 339.55 is 2.27, of 339.56 2.28), while a fixed discount after it that takes a
      // line whole (RULES.md 20: bounded by the selected charges only) takes the removed cent back.
      const proportional = without.filter((s) => s.kind === 'percentage' || s.kind === 'volume').length;
      const rounding = new Decimal('0.01').times(proportional);
      expect(totalNet(lines, apply(lines, without)).plus(rounding).gte(totalNet(lines, apply(lines, schemes)))).toBe(true);
    }), RUNS);
  });

  it('the result does not depend on the order in which the schemes were imported', () => {
    fc.assert(fc.property(linesArb, schemesArb(true).chain((s) => fc.tuple(fc.constant(s), fc.shuffledSubarray(s, { minLength: s.length, maxLength: s.length }))), (lines, [schemes, shuffled]) => {
      const a = apply(lines, schemes);
      const b = apply(lines, shuffled);
      expect(b.lines.map((l) => ({ ...l, net: l.net.toFixed(2) }))).toEqual(a.lines.map((l) => ({ ...l, net: l.net.toFixed(2) })));
      expect(b.taken.map(String)).toEqual(a.taken.map(String));
    }), RUNS);
  });

  it('the sum of an invoice\'s discount lines equals the sum of what was taken from the lines they touched', () => {
    fc.assert(fc.property(linesArb, schemesArb(true), (lines, schemes) => {
      const outcome = apply(lines, schemes);
      const discounts = outcome.lines.filter((l) => l.kind === 'discount');
      const touched = new Set(discounts.flatMap((l) => l.discounted));
      expect(sum(discounts.map((l) => l.net)).negated().toFixed(2)).toBe(sum([...touched].map((i) => outcome.taken[i]!)).toFixed(2));
      // Nothing was taken from a line no discount line names, each line is at the minor unit and in its lines' VAT group.
      outcome.taken.forEach((t, i) => { if (!t.isZero()) expect(touched.has(i)).toBe(true); });
      for (const l of discounts) {
        expect(l.net.lt(0)).toBe(true);
        expect(l.net.decimalPlaces()).toBeLessThanOrEqual(2);
        for (const i of l.discounted) expect([lines[i]!.vatCategory, lines[i]!.vatRate]).toEqual([l.vatCategory, l.vatRate]);
      }
    }), RUNS);
  });
});
