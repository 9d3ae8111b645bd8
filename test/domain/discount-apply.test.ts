/**
 * RULES.md 19-22, the charge computation of discount schemes (src/domain/discount/apply.ts), with
 * every amount computed by hand in the test.
 */
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { applyDiscountSchemes, spread, type DiscountableLine } from '../../src/domain/discount/apply.ts';
import type { DiscountContext } from '../../src/domain/discount/applicability.ts';
import type { DiscountScheme } from '../../src/domain/discount/definition.ts';
import { pairKey, priceInvoice, type ChargeLine } from '../../src/domain/invoice/invoice.ts';
import { invoiceTexts } from '../../src/i18n/invoice-texts.ts';
import { translatorFor } from '../../src/i18n/translator.ts';

const BASE = {
  name: { en: 'Bundle', hu: 'Csomag' }, validFrom: '2026-01-01', validTo: null, scope: { everyone: true }, on: {}, when: {}, priority: 10, group: null, cap: null,
};
type Extra = Record<string, unknown>;
const percentage = (id: string, percent: string, extra: Extra = {}) => ({ ...BASE, id, kind: 'percentage', percent, ...extra }) as DiscountScheme;
const fixed = (id: string, amount: string, extra: Extra = {}) => ({ ...BASE, id, kind: 'fixed', amount, currency: 'EUR', ...extra }) as DiscountScheme;
const volume = (id: string, thresholds: { from: string; percent: string }[], extra: Extra = {}) => ({ ...BASE, id, kind: 'volume', thresholds, ...extra }) as DiscountScheme;
const commitment = (id: string, minimum: string, category: string, extra: Extra = {}) => ({ ...BASE, id, kind: 'commitment', minimum, currency: 'EUR', category, ...extra }) as DiscountScheme;

const CONTEXT: DiscountContext = {
  contractId: 'C1', clientId: 'K1', partnerId: 'P1', contractStart: '2025-01-15',
  subscriptions: [
    { id: 'S-NET', tariffId: 'T-NET', category: 'internet', startDate: '2025-01-15', endDate: null },
    { id: 'S-VOIP', tariffId: 'T-VOIP', category: 'voip', startDate: '2025-01-15', endDate: null },
    { id: 'S-OLD', tariffId: 'T-OLD', category: 'catv', startDate: '2025-01-15', endDate: '2026-03-01' },
  ],
  cycle: { start: '2026-10-01', end: '2026-11-01' },
  cyclesBilledBefore: 20,
};

const line = (kind: string, code: string, serviceCategory: string, net: string, vatRate = '27', usageType?: string): DiscountableLine => ({
  kind, code, serviceCategory, net, vatCategory: 'S', vatRate, ...(usageType ? { usage: { type: usageType } } : {}),
});
/** 0: internet fee 100.00, 1: voip fee 33.33, 2: voice usage 12.35 (all S 27 %). */
const LINES = [line('recurring', 'NET-100', 'internet', '100.00'), line('recurring', 'VOIP-BASE', 'voip', '33.33'), line('usage', 'USAGE-VOICE', 'voip', '12.35', '27', 'voice')];

const apply = (schemes: DiscountScheme[], lines: DiscountableLine[] = LINES, context: DiscountContext = CONTEXT, language = 'en') => applyDiscountSchemes({
  lines, schemes, context, currency: 'EUR', language,
  convert: (amount, currency) => (currency === 'USD' ? amount.times('0.8') : amount),
  vatOf: (category) => (category === 'catv' ? { vatCategory: 'S', vatRate: '5' } : { vatCategory: 'S', vatRate: '27' }),
});
const nets = (outcome: ReturnType<typeof apply>) => outcome.lines.map((l) => [l.schemeId, l.net.toFixed(2), l.discounted]);

describe('RULES.md 20, 21: percentage', () => {
  it('takes its share of each selected line, the VAT group\'s sum rounded once: one line per scheme and group', () => {
    // 10 % of the recurring lines: 10.00 + 3.333 = 13.333 -> -13.33 (the usage line is not selected).
    const outcome = apply([percentage('TEN', '10', { on: { charges: ['recurring'] } })]);
    expect(nets(outcome)).toEqual([['TEN', '-13.33', [0, 1]]]);
    expect(outcome.taken.map((t) => t.toFixed(2))).toEqual(['10.00', '3.33', '0.00']);
    expect(outcome.lines[0]).toMatchObject({ kind: 'discount', name: 'Bundle', vatCategory: 'S', vatRate: '27', serviceCategory: 'internet' });
  });

  it('names the line in the client\'s language', () => {
    expect(apply([percentage('TEN', '10')], LINES, CONTEXT, 'hu').lines[0]!.name).toBe('Csomag');
  });

  it('adds one line per VAT group it touched, each in that group', () => {
    const lines = [line('recurring', 'NET', 'internet', '20.00'), line('recurring', 'TV', 'catv', '10.01', '5'), line('recurring', 'NET2', 'internet', '0.05')];
    // 27 %: 10 % of 20.00 + 10 % of 0.05 = 2.005 -> 2.01 (2.00 + 0.01); 5 %: 1.001 -> 1.00.
    const outcome = apply([percentage('TEN', '10')], lines);
    expect(nets(outcome)).toEqual([['TEN', '-2.01', [0, 2]], ['TEN', '-1.00', [1]]]);
    expect(outcome.lines.map((l) => l.vatRate)).toEqual(['27', '5']);
  });

  it('selects by usage type, category and code, and every selector given must match', () => {
    expect(nets(apply([percentage('P', '10', { on: { usageTypes: ['voice'] } })]))).toEqual([['P', '-1.24', [2]]]); // 1.235 -> 1.24
    expect(nets(apply([percentage('P', '10', { on: { categories: ['voip'] } })]))).toEqual([['P', '-4.57', [1, 2]]]); // 3.333 + 1.235 = 4.568
    expect(nets(apply([percentage('P', '10', { on: { codes: ['NET-100'] } })]))).toEqual([['P', '-10.00', [0]]]);
    expect(nets(apply([percentage('P', '10', { on: { charges: ['usage'], categories: ['internet'] } })]))).toEqual([]);
  });

  it('never applies to a discount line or a line with nothing left (a credit)', () => {
    const lines = [line('recurring', 'NET', 'internet', '50.00'), line('recurring', 'NET', 'internet', '-20.00'), line('discount', 'OLD', 'internet', '-5.00')];
    const outcome = apply([percentage('P', '10')], lines);
    expect(nets(outcome)).toEqual([['P', '-5.00', [0]]]);
    expect(outcome.taken.map((t) => t.toFixed(2))).toEqual(['5.00', '0.00', '0.00']);
  });

  it('takes its share of each charge however large a credit on the same invoice: the invoice may end below zero', () => {
    // The days paid in advance for a subscription that ended are credited (-1000.00) beside this
    // cycle's fee (1000.01): 10 % of the fee is 100.001 -> 100.00, and the net is 1000.01 - 1000.00 - 100.00 = -99.99.
    const lines = [line('recurring', 'NET-FEE', 'internet', '1000.01'), line('recurring', 'ADV', 'internet', '-1000.00')];
    expect(nets(apply([percentage('PCT10', '10')], lines))).toEqual([['PCT10', '-100.00', [0]]]);
    expect(nets(apply([fixed('F', '150')], lines))).toEqual([['F', '-150.00', [0]]]);
  });
});

describe('RULES.md 20: fixed amounts', () => {
  it('spreads 10.00 over three equal lines: 3.33, 3.33 and the last line what rounding leaves, 3.34', () => {
    const lines = [line('recurring', 'A', 'internet', '10.00'), line('recurring', 'B', 'internet', '10.00'), line('recurring', 'C', 'internet', '10.00')];
    const outcome = apply([fixed('F', '10')], lines);
    expect(outcome.taken.map((t) => t.toFixed(2))).toEqual(['3.33', '3.33', '3.34']);
    expect(nets(outcome)).toEqual([['F', '-10.00', [0, 1, 2]]]);
  });

  it('spreads in proportion to the remainders: 10.00 over 20, 10 and 5 is 5.71, 2.86 and 1.43', () => {
    // 10 * 20/35 = 5.714 -> 5.71; 10 * 10/35 = 2.857 -> 2.86; last: 10 - 5.71 - 2.86 = 1.43.
    const lines = [line('recurring', 'A', 'internet', '20.00'), line('recurring', 'B', 'internet', '10.00'), line('recurring', 'C', 'internet', '5.00')];
    expect(apply([fixed('F', '10')], lines).taken.map((t) => t.toFixed(2))).toEqual(['5.71', '2.86', '1.43']);
  });

  it('never takes more than the lines have left', () => {
    const lines = [line('recurring', 'A', 'internet', '20.00'), line('recurring', 'B', 'internet', '10.00')];
    const outcome = apply([fixed('F', '50')], lines);
    expect(outcome.taken.map((t) => t.toFixed(2))).toEqual(['20.00', '10.00']);
    expect(nets(outcome)).toEqual([['F', '-30.00', [0, 1]]]);
  });

  it('converts its currency to the invoice currency first (RULES.md 21): 10 USD at 0.8 is 8.00 EUR', () => {
    expect(nets(apply([fixed('F', '10', { currency: 'USD', on: { codes: ['NET-100'] } })]))).toEqual([['F', '-8.00', [0]]]);
  });

  it('the last line takes what rounding leaves but never more than it has left: the rest goes to the line before it', () => {
    // Weights 5 and 5, room 10.00 and 0.01: shares round(10.01 * 1/2) = 5.01 (room 10.00), last 5.00 > 0.01 -> 0.01, 4.99 back to the first.
    const shares = spread(new Decimal('10.01'), [0, 1], [new Decimal(5), new Decimal(5)], [new Decimal('10.00'), new Decimal('0.01')], 'EUR');
    expect([shares.get(0)!.toFixed(2), shares.get(1)!.toFixed(2)]).toEqual(['10.00', '0.01']);
  });
});

describe('RULES.md 22: volume', () => {
  const schemes = [volume('VOL', [{ from: '100', percent: '5' }, { from: '200', percent: '10' }], { on: { charges: ['recurring'] } })];
  it('the highest threshold the selected lines\' total reaches gives its percentage to all of them', () => {
    // 100.00 + 33.33 = 133.33 >= 100: 5 % -> 5.00 + 1.6665 = 6.6665 -> 6.67.
    expect(nets(apply(schemes))).toEqual([['VOL', '-6.67', [0, 1]]]);
    // 150.00 + 60.00 = 210.00 >= 200: 10 % -> 21.00.
    expect(nets(apply(schemes, [line('recurring', 'A', 'internet', '150.00'), line('recurring', 'B', 'voip', '60.00')]))).toEqual([['VOL', '-21.00', [0, 1]]]);
  });
  it('gives nothing below the first threshold', () => {
    expect(nets(apply(schemes, [line('recurring', 'A', 'internet', '99.99')]))).toEqual([]);
  });
});

describe('RULES.md 22: commitment', () => {
  it('charges the shortfall of the selected charges after discounts, in the VAT group of its category', () => {
    // voip: 33.33 + 12.35 = 45.68 below 60.00: shortfall 14.32.
    const outcome = apply([commitment('MIN', '60', 'voip', { on: { categories: ['voip'] } })]);
    expect(outcome.lines).toMatchObject([{ kind: 'commitment', schemeId: 'MIN', serviceCategory: 'voip', vatRate: '27', discounted: [] }]);
    expect(outcome.lines[0]!.net.toFixed(2)).toBe('14.32');
    // After a 10 % on the voip fee (3.333 -> 3.33): 42.35, shortfall 17.65, whatever the commitment's priority.
    const after = apply([commitment('MIN', '60', 'catv', { on: { categories: ['voip'] }, priority: 1 }), percentage('TEN', '10', { on: { codes: ['VOIP-BASE'] } })]);
    expect(nets(after)).toEqual([['TEN', '-3.33', [1]], ['MIN', '17.65', []]]);
    expect(after.lines[1]!.vatRate).toBe('5');
  });
  it('adds nothing when the minimum is reached', () => {
    expect(apply([commitment('MIN', '45.68', 'voip', { on: { categories: ['voip'] } })]).lines).toEqual([]);
  });
});

describe('RULES.md 19: conditions and validity', () => {
  const ten = (extra: Extra) => apply([percentage('P', '10', { on: { codes: ['NET-100'] }, ...extra })]).lines.length;
  it('categoriesActive: each category has a subscription active on some day of the cycle', () => {
    expect(ten({ when: { categoriesActive: ['internet', 'voip'] } })).toBe(1);
    // catv's only subscription ended on 2026-03-01.
    expect(ten({ when: { categoriesActive: ['internet', 'voip', 'catv'] } })).toBe(0);
  });
  it('tenureMonths: the contract started at least that many months before the cycle\'s start', () => {
    // 2025-01-15 + 20 months = 2026-09-15 <= 2026-10-01; + 21 months = 2026-10-15 > 2026-10-01.
    expect(ten({ when: { tenureMonths: 20 } })).toBe(1);
    expect(ten({ when: { tenureMonths: 21 } })).toBe(0);
  });
  it('firstCycles: the cycle is among the first N billed (20 billed before: the 21st)', () => {
    expect(ten({ when: { firstCycles: 21 } })).toBe(1);
    expect(ten({ when: { firstCycles: 20 } })).toBe(0);
  });
  it('validity: the cycle\'s last day (2026-10-31) within [validFrom, validTo)', () => {
    expect(ten({ validFrom: '2026-10-31' })).toBe(1);
    expect(ten({ validFrom: '2026-11-01' })).toBe(0);
    expect(ten({ validTo: '2026-11-01' })).toBe(1);
    expect(ten({ validTo: '2026-10-31' })).toBe(0);
  });
  it('a cycle without service (every subscription ended before it: the invoice after a contract\'s end, late lines only) gets no discount and owes no commitment', () => {
    const ended = { ...CONTEXT, subscriptions: CONTEXT.subscriptions.map((s) => ({ ...s, endDate: '2026-09-15' })) };
    const late = [line('late-usage', 'USAGE-VOICE', 'voip', '0.20', '27', 'voice')];
    const schemes = [fixed('FIX', '5'), percentage('P', '10'), commitment('MIN', '25', 'voip', { on: { categories: ['voip'] } })];
    expect(apply(schemes, late, ended).lines).toEqual([]);
    // The same late line in a cycle with service: the schemes act.
    expect(nets(apply(schemes, late, CONTEXT)).map(([id]) => id)).toEqual(['FIX', 'MIN']);
    // Active on one day of the cycle is enough (the end is exclusive: the 1st is its last day).
    expect(apply(schemes, late, { ...CONTEXT, subscriptions: CONTEXT.subscriptions.map((s) => ({ ...s, endDate: '2026-10-02' })) }).lines).not.toEqual([]);
  });
  it('free units and price overrides act in rating, not here', () => {
    expect(apply([{ ...BASE, id: 'FREE', kind: 'free-units', usageType: 'voice', quantity: '100' } as DiscountScheme]).lines).toEqual([]);
  });
});

describe('RULES.md 19: scope', () => {
  const ten = (scope: object) => apply([percentage('P', '10', { scope, on: { codes: ['NET-100'] } })]).lines.length;
  it('everyone, or the contract through its client, itself, a subscription, a tariff or its client\'s partner', () => {
    expect([ten({ everyone: true }), ten({ clients: ['K1'] }), ten({ contracts: ['C1'] }), ten({ subscriptions: ['S-NET'] }), ten({ tariffs: ['T-VOIP'] }), ten({ partners: ['P1'] })]).toEqual([1, 1, 1, 1, 1, 1]);
  });
  it('not another client, contract, subscription, tariff or partner, nor a subscription that ended before the cycle', () => {
    expect([ten({ clients: ['K2'] }), ten({ contracts: ['C2'] }), ten({ subscriptions: ['S-X'] }), ten({ tariffs: ['T-X'] }), ten({ partners: ['P2'] }), ten({ subscriptions: ['S-OLD'] }), ten({})]).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });
});

describe('RULES.md 20: order and stacking', () => {
  const one = [line('recurring', 'NET', 'internet', '100.00')];
  it('each scheme on what the ones before it left, in ascending priority', () => {
    // 10 % of 100.00 = 10.00, then 5.00 fixed: 85.00 left.
    expect(nets(apply([fixed('F', '5', { priority: 20 }), percentage('P', '10', { priority: 10 })], one))).toEqual([['P', '-10.00', [0]], ['F', '-5.00', [0]]]);
    // 5.00 first, then 10 % of 95.00 = 9.50.
    expect(nets(apply([fixed('F', '5', { priority: 5 }), percentage('P', '10', { priority: 10 })], one))).toEqual([['F', '-5.00', [0]], ['P', '-9.50', [0]]]);
  });
  it('ties in priority go by id', () => {
    expect(nets(apply([percentage('B', '10'), fixed('A', '5')], one))).toEqual([['A', '-5.00', [0]], ['B', '-9.50', [0]]]);
  });
  it('never below zero: 60 % then 60 % of what is left, then a fixed 50.00 takes the 16.00 left', () => {
    expect(nets(apply([percentage('A', '60', { priority: 1 }), percentage('B', '60', { priority: 2 }), fixed('C', '50', { priority: 3 })], one)))
      .toEqual([['A', '-60.00', [0]], ['B', '-24.00', [0]], ['C', '-16.00', [0]]]);
  });
  it('cap bounds a scheme\'s total per cycle, spread over the groups in proportion', () => {
    expect(nets(apply([percentage('P', '50', { cap: '20' })], one))).toEqual([['P', '-20.00', [0]]]);
    // 50 % of 30.00 (27 %) and 10.00 (5 %) = 15 + 5 = 20 > 10: 10 * 15/20 = 7.50, the last 2.50.
    const lines = [line('recurring', 'NET', 'internet', '30.00'), line('recurring', 'TV', 'catv', '10.00', '5')];
    expect(nets(apply([percentage('P', '50', { cap: '10' })], lines))).toEqual([['P', '-7.50', [0]], ['P', '-2.50', [1]]]);
    expect(nets(apply([fixed('F', '30', { cap: '12.5' })], one))).toEqual([['F', '-12.50', [0]]]);
  });
});

describe('RULES.md 20: exclusive groups', () => {
  const one = [line('recurring', 'NET', 'internet', '100.00')];
  it('only the scheme giving the largest discount applies', () => {
    // 10 % = 10.00 against 15.00 fixed: the fixed one.
    expect(nets(apply([percentage('A', '10', { group: 'G' }), fixed('B', '15', { group: 'G', priority: 20 })], one))).toEqual([['B', '-15.00', [0]]]);
    // 20 % = 20.00 against 15.00.
    expect(nets(apply([percentage('A', '20', { group: 'G' }), fixed('B', '15', { group: 'G', priority: 20 })], one))).toEqual([['A', '-20.00', [0]]]);
  });
  it('is decided on what the schemes outside the group leave', () => {
    // X takes 50 % first: A's 20 % gives 10.00, B's fixed 15.00 wins.
    expect(nets(apply([percentage('X', '50', { priority: 1 }), percentage('A', '20', { group: 'G' }), fixed('B', '15', { group: 'G', priority: 20 })], one)))
      .toEqual([['X', '-50.00', [0]], ['B', '-15.00', [0]]]);
  });
  it('ties: the lower priority, then the lower id', () => {
    expect(nets(apply([fixed('A', '15', { group: 'G', priority: 20 }), percentage('B', '15', { group: 'G', priority: 10 })], one))).toEqual([['B', '-15.00', [0]]]);
    expect(nets(apply([fixed('B', '15', { group: 'G' }), percentage('A', '15', { group: 'G' })], one))).toEqual([['A', '-15.00', [0]]]);
  });
  it('schemes of other groups and of none still apply', () => {
    expect(nets(apply([percentage('A', '10', { group: 'G' }), percentage('B', '5', { group: 'H', priority: 20 }), fixed('C', '1', { priority: 30 })], one)))
      .toEqual([['A', '-10.00', [0]], ['B', '-4.50', [0]], ['C', '-1.00', [0]]]);
  });
});

describe('RULES.md 21 in the invoice: after conversion, VAT on the discounted sums', () => {
  const texts = invoiceTexts(translatorFor('en'));
  const charge = (amount: string, currency: string, serviceCategory: string, code: string): ChargeLine => ({
    kind: 'recurring', code, description: code, subscriptionId: 'S', serviceCategory, quantity: '1', unit: 'MON', currency, amount: new Decimal(amount), period: { start: '2026-10-01', end: '2026-11-01' },
  });
  it('discounts HUF lines converted from EUR, a fixed EUR amount converted at the cycle\'s rate, and taxes the groups after', () => {
    const rates = new Map([[pairKey('EUR', 'HUF'), { base: 'EUR', quote: 'HUF', rate: '400', date: '2026-10-31' }]]);
    const invoice = priceInvoice({
      lines: [charge('25', 'EUR', 'internet', 'NET'), charge('5000', 'HUF', 'voip', 'VOIP')],
      currency: 'HUF', seller: { country: 'HU', vatId: 'HU12345676', currency: 'HUF' }, buyer: { country: 'HU', vatId: null, taxableBusiness: false },
      taxDate: '2026-10-31', texts, rates,
      discounts: { schemes: [percentage('TEN', '10', { on: { codes: ['NET'] } }), fixed('F', '2.5', { priority: 20 })], context: CONTEXT, language: 'en' },
    });
    // NET: 25 EUR * 400 = 10000.00 HUF; 10 % = 1000.00. F: 2.5 EUR = 1000.00 HUF over 9000 and 5000: 642.86 and 357.14.
    expect(invoice.lines.map((l) => [l.kind, l.code, l.net, l.discounted ?? null])).toEqual([
      ['recurring', 'NET', '10000.00', null], ['recurring', 'VOIP', '5000.00', null], ['discount', 'TEN', '-1000.00', [0]], ['discount', 'F', '-1000.00', [0, 1]],
    ]);
    // One group (S 27 %): 13000.00 taxable, VAT 3510.00.
    expect(invoice.vat.map((g) => [g.category, g.rate, g.taxable, g.amount])).toEqual([['S', '27', '13000.00', '3510.00']]);
    expect([invoice.totalNet, invoice.totalVat, invoice.total]).toEqual(['13000.00', '3510.00', '16510.00']);
  });
  it('changes nothing without schemes', () => {
    const input = {
      lines: [charge('25', 'EUR', 'internet', 'NET')], currency: 'EUR', seller: { country: 'HU', vatId: 'HU12345676', currency: 'HUF' },
      buyer: { country: 'HU', vatId: null, taxableBusiness: false }, taxDate: '2026-10-31', texts,
      rates: new Map([[pairKey('EUR', 'HUF'), { base: 'EUR', quote: 'HUF', rate: '400', date: '2026-10-31' }]]),
    };
    expect(priceInvoice({ ...input, discounts: { schemes: [], context: CONTEXT, language: 'en' } })).toEqual(priceInvoice(input));
  });
});

describe('scope lists of any length (a bill run reads long ones as sets)', () => {
  const many = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
  it.each([
    ['clients', 'K1'], ['contracts', 'C1'], ['partners', 'P1'], ['subscriptions', 'S-VOIP'], ['tariffs', 'T-NET'],
  ])('a list of %s reaches the contract whether short or long, and not when it is left out', (list, id) => {
    for (const length of [3, 40]) {
      const scope = { [list]: [...many('X', length - 1), id] };
      expect(nets(apply([fixed('F', '1.00', { scope })]))).toHaveLength(1);
      expect(nets(apply([fixed('F', '1.00', { scope: { [list]: many('X', length) } })]))).toEqual([]);
    }
  });
  it('a subscription or tariff listed that ended before the cycle does not bring the contract in', () => {
    expect(nets(apply([fixed('F', '1.00', { scope: { subscriptions: [...many('X', 30), 'S-OLD'] } })]))).toEqual([]);
    expect(nets(apply([fixed('F', '1.00', { scope: { tariffs: [...many('X', 30), 'T-OLD'] } })]))).toEqual([]);
  });
});
