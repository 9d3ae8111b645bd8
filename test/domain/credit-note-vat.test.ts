/** A credit note's per-line VAT: each line's share of its group's VAT, adding up to the group (RULES.md 12). */
import { describe, expect, it } from 'vitest';
import { lineVatShares } from '../../src/domain/invoice/credit-note.ts';
import type { InvoiceVatGroup } from '../../src/domain/invoice/invoice.ts';

const line = (net: string, vatCategory: 'S' | 'AE', vatRate: string) => ({ net, vatCategory, vatRate });

describe('lineVatShares', () => {
  it('gives each line its net at the rate, rounded, and the group its exact VAT: the last line takes what rounding leaves', () => {
    // Three lines of -0.05 EUR at 27 %: -0.0135 each rounds to -0.01, but the group's VAT is
    // round(-0.15 * 27 %) = round(-0.0405) = -0.04, so the last line carries -0.02.
    const lines = [line('-0.05', 'S', '27'), line('-0.05', 'S', '27'), line('-10.00', 'AE', '0'), line('-0.05', 'S', '27')];
    const groups: InvoiceVatGroup[] = [
      { category: 'S', rate: '27', taxable: '-0.15', amount: '-0.04' },
      { category: 'AE', rate: '0', taxable: '-10.00', amount: '0.00', mention: 'Reverse charge' },
    ];
    const shares = lineVatShares(lines, groups, 'EUR').map((d) => d.toFixed(2));
    expect(shares).toEqual(['-0.01', '-0.01', '0.00', '-0.02']);
  });

  it('tells groups of the same category apart by rate', () => {
    const shares = lineVatShares([line('-100.00', 'S', '5'), line('-100.00', 'S', '18')], [
      { category: 'S', rate: '5', taxable: '-100.00', amount: '-5.00' },
      { category: 'S', rate: '18', taxable: '-100.00', amount: '-18.00' },
    ], 'EUR');
    expect(shares.map((d) => d.toFixed(2))).toEqual(['-5.00', '-18.00']);
  });
});
