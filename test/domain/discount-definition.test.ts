/** Discount schemes as data (FORMATS.md discounts/*.yaml): every bad value refused with its path, versions by validFrom. */
import { describe, expect, it } from 'vitest';
import { readDiscountScheme, scopeReferences } from '../../src/domain/discount/validate.ts';
import { discountVersionOn, schemesInForce, type DiscountVersion } from '../../src/domain/discount/versions.ts';

const BASE = {
  id: 'TRIPLE-PLAY',
  name: { en: 'Triple play bundle', hu: 'Triple play csomag' },
  validFrom: '2026-01-01',
  validTo: null,
  scope: { everyone: true },
  kind: 'percentage',
  percent: '12',
  on: { charges: ['recurring'] },
  when: { categoriesActive: ['internet', 'voip', 'catv'] },
  priority: 10,
  group: null,
  cap: null,
};

const issuesOf = (value: unknown) => readDiscountScheme(value).issues;

describe('reading a discount scheme', () => {
  it('reads a valid scheme of every kind, fields in a fixed order, defaults filled in', () => {
    expect(readDiscountScheme(BASE)).toEqual({ scheme: BASE, issues: [] });
    const minimal = readDiscountScheme({ id: 'G', name: 'Goodwill', validFrom: new Date('2026-03-01T00:00:00Z'), scope: { clients: ['C-1'] }, kind: 'fixed', amount: 2000, currency: 'HUF' });
    expect(minimal.issues).toEqual([]);
    expect(minimal.scheme).toEqual({ id: 'G', name: { en: 'Goodwill' }, validFrom: '2026-03-01', validTo: null, scope: { clients: ['C-1'] }, kind: 'fixed', amount: '2000', currency: 'HUF', on: {}, when: {}, priority: 0, group: null, cap: null });
    const kinds = [
      { kind: 'volume', thresholds: [{ from: '10000', percent: '5' }, { from: 50000, percent: 10 }] },
      { kind: 'commitment', minimum: '50.00', currency: 'EUR', category: 'voip' },
      { kind: 'free-units', usageType: 'voice', quantity: '100' },
      { kind: 'price-override', usageType: 'voice', prefixes: ['3630', '3620'], peak: '0.05', offpeak: '0', currency: 'EUR' },
    ];
    for (const fields of kinds) {
      const { percent: _p, kind: _k, on, ...rest } = BASE;
      // Free units and price overrides act in rating: they select no charge lines.
      const rating = fields.kind === 'free-units' || fields.kind === 'price-override';
      expect(issuesOf({ ...rest, ...(rating ? {} : { on }), ...fields }), fields.kind).toEqual([]);
    }
    const { percent: _without, ...noPercent } = BASE;
    expect(readDiscountScheme(noPercent).issues).toEqual([{ path: 'percent', message: 'is required (a decimal, like "12.5")' }]);
  });

  // Every bad input of issue 15 and of the format, with the path it is reported at.
  const { percent: _percent, kind: _kind, ...common } = BASE;
  const CASES: [what: string, scheme: Record<string, unknown>, path: string, message: RegExp][] = [
    ['a percentage over 100', { ...BASE, percent: '100.01' }, 'percent', /100.01 is over 100/],
    ['a percentage below 0', { ...BASE, percent: '-5' }, 'percent', /-5 is below 0/],
    ['a percentage that is not a decimal', { ...BASE, percent: '12%' }, 'percent', /is not a decimal/],
    ['a fixed amount without currency', { ...common, kind: 'fixed', amount: '500' }, 'currency', /is required/],
    ['a fixed amount of 0', { ...common, kind: 'fixed', amount: '0', currency: 'HUF' }, 'amount', /must be greater than 0/],
    ['a fixed amount in no currency', { ...common, kind: 'fixed', amount: '5', currency: 'EURO' }, 'currency', /not an ISO 4217 currency code/],
    ['an unknown kind', { ...common, kind: 'bogof' }, 'kind', /"bogof" is not one of percentage, fixed, volume, commitment, free-units, price-override/],
    ['no kind', { ...common }, 'kind', /is required/],
    ['an unknown condition', { ...BASE, when: { birthday: true } }, 'when.birthday', /unknown condition \(expected one of categoriesActive, tenureMonths, firstCycles\)/],
    ['validTo before validFrom', { ...BASE, validTo: '2025-12-31' }, 'validTo', /2025-12-31 is not after validFrom 2026-01-01/],
    ['validTo on validFrom', { ...BASE, validTo: '2026-01-01' }, 'validTo', /is not after validFrom/],
    ['a date the calendar does not have', { ...BASE, validFrom: '2026-02-30' }, 'validFrom', /not a calendar date/],
    ['no validFrom', { ...BASE, validFrom: undefined }, 'validFrom', /is required/],
    ['a bad id', { ...BASE, id: 'no spaces please' }, 'id', /not a valid id/],
    ['no name', { ...BASE, name: undefined }, 'name', /is required/],
    ['a name in no language', { ...BASE, name: { 'x y': 'Bundle' } }, 'name.x y', /BCP 47/],
    ['an unknown field', { ...BASE, discount: '12' }, 'discount', /unknown field/],
    ['a field of another kind', { ...BASE, amount: '5' }, 'amount', /is not a field of a percentage scheme/],
    ['no scope', { ...BASE, scope: undefined }, 'scope', /is required/],
    ['an empty scope', { ...BASE, scope: {} }, 'scope', /names no one/],
    ['everyone: false', { ...BASE, scope: { everyone: false } }, 'scope.everyone', /everyone is true or left out/],
    ['everyone and a list', { ...BASE, scope: { everyone: true, clients: ['C-1'] } }, 'scope.everyone', /leave out clients/],
    ['an unknown scope list', { ...BASE, scope: { regions: ['HU'] } }, 'scope.regions', /unknown field/],
    ['an empty scope list', { ...BASE, scope: { clients: [] } }, 'scope.clients', /empty list/],
    ['a bad id in a scope', { ...BASE, scope: { contracts: ['K 1'] } }, 'scope.contracts[0]', /not a valid id/],
    ['an unknown charge kind', { ...BASE, on: { charges: ['discount'] } }, 'on.charges[0]', /"discount" is not one of recurring, one-time, usage/],
    ['an unknown usage type', { ...BASE, on: { usageTypes: ['fax'] } }, 'on.usageTypes[0]', /"fax" is not one of voice, data, sms, mms, vod/],
    ['an unknown service category', { ...BASE, on: { categories: ['satellite'] } }, 'on.categories[0]', /"satellite" is not one of voip, internet/],
    ['an unknown selector', { ...BASE, on: { products: ['x'] } }, 'on.products', /unknown selector/],
    ['an unknown category in a bundle', { ...BASE, when: { categoriesActive: ['internet', 'iptv'] } }, 'when.categoriesActive[1]', /"iptv" is not one of/],
    ['tenure that is not a whole number', { ...BASE, when: { tenureMonths: 1.5 } }, 'when.tenureMonths', /1.5 is not a whole number/],
    ['firstCycles 0', { ...BASE, when: { firstCycles: 0 } }, 'when.firstCycles', /0 is not from 1 to 1200/],
    ['a priority that is not a whole number', { ...BASE, priority: '10' }, 'priority', /"10" is not a whole number/],
    ['a bad group', { ...BASE, group: 'two words' }, 'group', /not a valid id/],
    ['a cap of 0', { ...BASE, cap: '0' }, 'cap', /must be greater than 0/],
    ['a negative cap', { ...BASE, cap: '-1' }, 'cap', /-1 is negative/],
    ['a cap of 16 digits', { ...BASE, cap: '1000000000000000.00' }, 'cap', /1000000000000000 has more than 15 digits before the decimal point/],
    ['volume without thresholds', { ...common, kind: 'volume' }, 'thresholds', /needs at least one threshold/],
    ['volume thresholds not ascending', { ...common, kind: 'volume', thresholds: [{ from: '50000', percent: '10' }, { from: '10000', percent: '5' }] }, 'thresholds[1].from', /10000 is not above the previous threshold's 50000/],
    ['a volume threshold over 100 %', { ...common, kind: 'volume', thresholds: [{ from: '0', percent: '5' }, { from: '100', percent: '101' }] }, 'thresholds[1].percent', /101 is over 100/],
    ['an unknown threshold field', { ...common, kind: 'volume', thresholds: [{ from: '0', percent: '5', to: '10' }] }, 'thresholds[0].to', /unknown field/],
    ['a commitment without a category', { ...common, kind: 'commitment', minimum: '50', currency: 'EUR' }, 'category', /is required/],
    ['a commitment of 0', { ...common, kind: 'commitment', minimum: '0', currency: 'EUR', category: 'voip' }, 'minimum', /greater than 0/],
    ['free units of an unknown type', { ...common, kind: 'free-units', usageType: 'fax', quantity: '10' }, 'usageType', /"fax" is not one of/],
    ['free units of 0', { ...common, kind: 'free-units', usageType: 'voice', quantity: '0' }, 'quantity', /not a whole number above 0/],
    ['free units in fractions', { ...common, kind: 'free-units', usageType: 'sms', quantity: '2.5' }, 'quantity', /not a whole number above 0/],
    ['a price override of data', { ...common, kind: 'price-override', usageType: 'data', prefixes: ['36'], peak: '1', offpeak: '1', currency: 'EUR' }, 'usageType', /only voice/],
    ['a prefix with a plus', { ...common, kind: 'price-override', usageType: 'voice', prefixes: ['+3630'], peak: '1', offpeak: '1', currency: 'EUR' }, 'prefixes[0]', /digits only/],
    ['a prefix as a number', { ...common, kind: 'price-override', usageType: 'voice', prefixes: [3630], peak: '1', offpeak: '1', currency: 'EUR' }, 'prefixes[0]', /write prefixes in quotes/],
    ['free units on charge lines', { ...common, kind: 'free-units', usageType: 'voice', quantity: '60' }, 'on', /acts in rating, not on charge lines: leave out on/],
    ['a price override in an exclusive group', { ...common, on: {}, group: 'household', kind: 'price-override', usageType: 'voice', prefixes: ['36'], peak: '1', offpeak: '1', currency: 'EUR' }, 'group', /exclusive groups are for charge discounts/],
    ['free units with a cap', { ...common, on: {}, cap: '10', kind: 'free-units', usageType: 'voice', quantity: '60' }, 'cap', /a cap is for charge discounts/],
    ['a prefix twice', { ...common, kind: 'price-override', usageType: 'voice', prefixes: ['3630', '3630'], peak: '1', offpeak: '1', currency: 'EUR' }, 'prefixes[1]', /listed twice/],
    ['a negative peak price', { ...common, kind: 'price-override', usageType: 'voice', prefixes: ['36'], peak: '-0.01', offpeak: '0', currency: 'EUR' }, 'peak', /negative/],
    ['a price override without currency', { ...common, kind: 'price-override', usageType: 'voice', prefixes: ['36'], peak: '0.1', offpeak: '0' }, 'currency', /is required/],
    ['a number too long to be read exactly', { ...BASE, kind: 'fixed', percent: undefined, amount: 12345678901234567890, currency: 'HUF' }, 'amount', /write it in quotes/],
  ];

  it.each(CASES)('refuses %s, naming the field', (_what, scheme, path, message) => {
    const issues = issuesOf(JSON.parse(JSON.stringify(scheme)) as unknown);
    const found = issues.find((issue) => issue.path === path);
    expect(found, JSON.stringify(issues)).toBeDefined();
    expect(found!.message).toMatch(message);
  });

  it('takes a currency in any case and stores it in capitals', () => {
    const read = readDiscountScheme({ id: 'L', name: 'Lower case', validFrom: '2026-03-01', scope: { everyone: true }, kind: 'fixed', amount: '20', currency: 'huf' });
    expect(read.issues).toEqual([]);
    expect(read.scheme).toMatchObject({ currency: 'HUF' });
  });

  it('reports every problem of a scheme at once, and a document that is not a mapping', () => {
    expect(issuesOf({ ...BASE, percent: '120', validTo: '2025-01-01', when: { birthday: 1 } }).map((i) => i.path)).toEqual(['validTo', 'percent', 'when.birthday']);
    expect(issuesOf(['not', 'a', 'scheme'])[0]).toEqual({ path: '', message: expect.stringContaining('a discount scheme is a mapping') });
  });

  it('lists the ids a scope names, with their paths', () => {
    expect(scopeReferences({ scope: { clients: ['C-1', 'C-2'], tariffs: ['FIBRE-100'] } })).toEqual([
      { path: 'scope.clients[0]', list: 'clients', id: 'C-1' },
      { path: 'scope.clients[1]', list: 'clients', id: 'C-2' },
      { path: 'scope.tariffs[0]', list: 'tariffs', id: 'FIBRE-100' },
    ]);
  });
});

describe('the version of a scheme on a date', () => {
  const version = (validFrom: string, validTo: string | null, percent: string, priority = 10): DiscountVersion =>
    ({ ...BASE, id: undefined, validFrom, validTo, percent, priority, contentHash: validFrom, publishedAt: '2026-01-01T00:00:00Z' }) as unknown as DiscountVersion;

  const percentOf = (v: DiscountVersion | null) => (v && 'percent' in v ? v.percent : null);

  it('is the last version from that date or before, until its validTo (exclusive)', () => {
    const versions = [version('2026-01-01', null, '10'), version('2026-06-01', '2026-09-01', '15')];
    expect(discountVersionOn(versions, '2025-12-31')).toBeNull();
    expect(percentOf(discountVersionOn(versions, '2026-01-01'))).toBe('10');
    expect(percentOf(discountVersionOn(versions, '2026-05-31'))).toBe('10');
    expect(percentOf(discountVersionOn(versions, '2026-06-01'))).toBe('15');
    expect(percentOf(discountVersionOn(versions, '2026-08-31'))).toBe('15');
    expect(discountVersionOn(versions, '2026-09-01')).toBeNull();
    // A later version supersedes an earlier one whatever the earlier one's validTo.
    expect(percentOf(discountVersionOn([version('2026-01-01', '2026-12-31', '5'), version('2026-03-01', null, '7')], '2027-02-01'))).toBe('7');
    // Order of the list does not matter.
    expect(percentOf(discountVersionOn([...versions].reverse(), '2026-07-01'))).toBe('15');
  });

  it('gives the schemes in force as DiscountSchemes, in priority order (ties by id)', () => {
    const schemes = [
      { id: 'B', versions: [version('2026-01-01', null, '3', 20)] },
      { id: 'A', versions: [version('2026-01-01', null, '4', 20)] },
      { id: 'ENDED', versions: [version('2026-01-01', '2026-02-01', '9', 1)] },
      { id: 'FIRST', versions: [version('2026-01-01', null, '1', 5)] },
    ];
    const inForce = schemesInForce(schemes, '2026-03-31');
    expect(inForce.map((s) => s.id)).toEqual(['FIRST', 'A', 'B']);
    expect(inForce[0]).toEqual({ ...BASE, id: 'FIRST', percent: '1', priority: 5 });
  });
});
