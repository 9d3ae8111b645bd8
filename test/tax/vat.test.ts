import { describe, expect, it } from 'vitest';
import { Decimal } from 'decimal.js';
import { EU_MEMBER_STATES } from '../../src/core/countries.ts';
import { formatMoney, roundToMinorUnit } from '../../src/core/money.ts';
import { SERVICE_CATEGORIES } from '../../src/domain/catalog/decider.ts';
import {
  EU_VAT_AREA,
  SERVICE_VAT_OVERRIDES,
  STANDARD_VAT_RATES,
  VAT_DATA_FROM,
} from '../../src/tax/vat-rates.ts';
import {
  invoiceTotal,
  isEuMember,
  placeOfSupply,
  placeOfSupply as placeOfSupplyWithDefaults,
  UnknownVatRateError,
  vatIdDecidesTreatment,
  vatInNationalCurrency,
  vatPerGroup,
  vatRateOn,
  type Buyer,
  type Seller,
  type VatCategory,
  type VatLine,
} from '../../src/tax/vat.ts';
// The mentions' texts are translations (src/i18n/locales/<language>/invoice.ftl).
import { vatMention } from '../../src/i18n/invoice-texts.ts';

const d = (value: string) => new Decimal(value);
const line = (net: string, category: VatCategory, rate: string): VatLine => ({ net: d(net), category, rate: d(rate) });
/** Decimals as strings, so a failing expectation prints the figures. */
const plain = (treatment: { category: string; rate: Decimal; country: string | null; scheme: string; mentionKey: string | null }) => ({
  ...treatment,
  rate: treatment.rate.toString(),
});
const groupsAsText = (groups: ReturnType<typeof vatPerGroup>) =>
  groups.map((g) => ({ category: g.category, rate: g.rate.toString(), taxable: g.taxable.toFixed(2), amount: g.amount.toFixed(2) }));

const HU_SELLER: Seller = { country: 'HU', vatId: 'HU12345676' };
const consumerIn = (country: string): Buyer => ({ country, vatId: null, taxableBusiness: false });
const businessIn = (country: string, vatId: string): Buyer => ({ country, vatId, taxableBusiness: true });

describe('RULES.md 10, 12, 14: amounts are rounded once, half-up, to the currency minor unit', () => {
  it('rounds a tie away from zero, both signs', () => {
    // 0.125 is exactly halfway between 0.12 and 0.13: half-up gives 0.13, and -0.13 for -0.125.
    expect(roundToMinorUnit(d('0.125'), 'EUR').toFixed()).toBe('0.13');
    expect(roundToMinorUnit(d('-0.125'), 'EUR').toFixed()).toBe('-0.13');
    // 0.124999 is below the tie: 0.12.
    expect(roundToMinorUnit(d('0.124999'), 'EUR').toFixed()).toBe('0.12');
  });

  it('uses each currency its own minor unit: JPY none, HUF two, KWD three', () => {
    // JPY has 0 decimals: 0.5 -> 1, -0.5 -> -1, 1234.4 -> 1234.
    expect(roundToMinorUnit(d('0.5'), 'JPY').toFixed()).toBe('1');
    expect(roundToMinorUnit(d('-0.5'), 'JPY').toFixed()).toBe('-1');
    expect(roundToMinorUnit(d('1234.4'), 'JPY').toFixed()).toBe('1234');
    // HUF has 2 decimals in ISO 4217: 1234.565 -> 1234.57.
    expect(roundToMinorUnit(d('1234.565'), 'HUF').toFixed()).toBe('1234.57');
    // KWD has 3: 1.0005 -> 1.001.
    expect(roundToMinorUnit(d('1.0005'), 'KWD').toFixed()).toBe('1.001');
  });

  it('never returns negative zero', () => {
    // -0.001 EUR rounds to 0.00; it must not print or store as "-0".
    const zero = roundToMinorUnit(d('-0.001'), 'EUR');
    expect(zero.isZero()).toBe(true);
    expect(zero.isNegative()).toBe(false);
  });

  it('refuses an unknown currency', () => {
    expect(() => roundToMinorUnit(d('1'), 'XYZ')).toThrow(/XYZ/);
  });

  it('formats with exactly the minor-unit digits, and refuses to round while printing', () => {
    expect(formatMoney(d('12.3'), 'EUR')).toBe('12.30');
    expect(formatMoney(d('1234'), 'HUF')).toBe('1234.00');
    expect(formatMoney(d('1234'), 'JPY')).toBe('1234');
    expect(formatMoney(d('-5'), 'EUR')).toBe('-5.00');
    expect(formatMoney(d('1.5'), 'KWD')).toBe('1.500');
    expect(formatMoney(d('-0'), 'EUR')).toBe('0.00');
    // No exponent notation for large amounts.
    expect(formatMoney(d('12345678901234567890.12'), 'EUR')).toBe('12345678901234567890.12');
    expect(() => formatMoney(d('0.125'), 'EUR')).toThrow(/round it first/);
    expect(() => formatMoney(d('1234.5'), 'JPY')).toThrow(/JPY/);
  });
});

describe('RULES.md 12: VAT per group, not per line', () => {
  it('rounds the group sum once: three lines of 0.05 at 27 % carry 0.04, not 0.03', () => {
    // Per line: 0.05 * 27 / 100 = 0.0135 -> 0.01, three times = 0.03 (what BR-CO-17 forbids).
    // Per group: (0.05 + 0.05 + 0.05) * 27 / 100 = 0.15 * 0.27 = 0.0405 -> 0.04.
    const groups = vatPerGroup([line('0.05', 'S', '27'), line('0.05', 'S', '27'), line('0.05', 'S', '27')], 'EUR');
    expect(groupsAsText(groups)).toEqual([{ category: 'S', rate: '27', taxable: '0.15', amount: '0.04' }]);
  });

  it('rounds per group in a zero-decimal currency too (JPY)', () => {
    // Per line: 5 * 10 / 100 = 0.5 -> 1, three times = 3. Per group: 15 * 0.10 = 1.5 -> 2.
    const [group] = vatPerGroup([line('5', 'S', '10'), line('5', 'S', '10'), line('5', 'S', '10')], 'JPY');
    expect(group?.amount.toFixed()).toBe('2');
  });

  it('groups by category and rate, in a fixed order: S by rate descending, then AE, E, O, Z', () => {
    // S 27: 100.00 + 30.00 = 130.00, VAT 130.00 * 0.27 = 35.10.
    // S 5: 50.00, VAT 50.00 * 0.05 = 2.50.
    // AE 0: 20.00, VAT 0. O 0: 10.00, VAT 0. Z 0: 5.00, VAT 0. E 0: 1.00, VAT 0.
    const groups = vatPerGroup(
      [
        line('10.00', 'O', '0'),
        line('5.00', 'Z', '0'),
        line('50.00', 'S', '5'),
        line('100.00', 'S', '27'),
        line('1.00', 'E', '0'),
        line('20.00', 'AE', '0'),
        line('30.00', 'S', '27.0'),
      ],
      'EUR',
    );
    expect(groupsAsText(groups)).toEqual([
      { category: 'S', rate: '27', taxable: '130.00', amount: '35.10' },
      { category: 'S', rate: '5', taxable: '50.00', amount: '2.50' },
      { category: 'AE', rate: '0', taxable: '20.00', amount: '0.00' },
      { category: 'E', rate: '0', taxable: '1.00', amount: '0.00' },
      { category: 'O', rate: '0', taxable: '10.00', amount: '0.00' },
      { category: 'Z', rate: '0', taxable: '5.00', amount: '0.00' },
    ]);
  });

  it('keeps every digit until the one rounding, however large the amount', () => {
    // 100000000000000000.35 * 27 = 2700000000000000009.45 (21 significant digits); / 100 =
    // 27000000000000000.0945 -> 27000000000000000.09. Rounding first to decimal.js's default 20
    // digits would give 2700000000000000009.5 -> 27000000000000000.095 -> .10, a cent too much.
    const [group] = vatPerGroup([line('100000000000000000.35', 'S', '27')], 'EUR');
    expect(group?.amount.toFixed()).toBe('27000000000000000.09');
  });

  it('nets credit lines within their group', () => {
    // 10.00 - 4.00 = 6.00 at 27 %: 6.00 * 0.27 = 1.62.
    const [group] = vatPerGroup([line('10.00', 'S', '27'), line('-4.00', 'S', '27')], 'EUR');
    expect(group?.amount.toFixed(2)).toBe('1.62');
  });

  it('has no groups for no lines', () => {
    expect(vatPerGroup([], 'EUR')).toEqual([]);
  });

  it('refuses unrounded nets and rates that contradict the category', () => {
    expect(() => vatPerGroup([line('0.125', 'S', '27')], 'EUR')).toThrow(/not rounded/);
    expect(() => vatPerGroup([line('1.5', 'S', '10')], 'JPY')).toThrow(/not rounded/);
    expect(() => vatPerGroup([line('1.00', 'S', '0')], 'EUR')).toThrow(/category S/);
    expect(() => vatPerGroup([line('1.00', 'AE', '27')], 'EUR')).toThrow(/category AE/);
  });
});

describe('RULES.md 13: place of supply of telecom, broadcasting and electronic services', () => {
  it('same country: that country\'s rate (HU -> HU, 27 %)', () => {
    expect(plain(placeOfSupply(HU_SELLER, consumerIn('HU'), 'voip', '2025-03-01'))).toEqual({
      category: 'S', rate: '27', country: 'HU', scheme: 'domestic', mentionKey: null,
    });
    // A Hungarian business buyer is taxed at home as well: reverse charge is for other EU countries.
    expect(placeOfSupply(HU_SELLER, businessIn('HU', 'HU11111111'), 'voip', '2025-03-01').category).toBe('S');
  });

  it('business with a VAT id in another EU country: reverse charge, AE 0 %, "Reverse charge"', () => {
    const treatment = placeOfSupply(HU_SELLER, businessIn('DE', 'DE123456788'), 'voip', '2025-03-01');
    expect(plain(treatment)).toEqual({ category: 'AE', rate: '0', country: null, scheme: 'reverse-charge', mentionKey: 'AE' });
    expect(vatMention(treatment.mentionKey!, 'en')).toBe('Reverse charge');
    // The English words stay on invoices in other languages too.
    expect(vatMention('AE', 'hu')).toBe('Fordított adózás / Reverse charge');
    expect(vatMention('AE', 'de')).toContain('Steuerschuldnerschaft des Leistungsempfängers');
    expect(vatMention('AE', 'de')).toContain('Reverse charge');
  });

  it('consumer in another EU country: the buyer\'s country\'s rate (OSS; HU -> DE, 19 %)', () => {
    expect(plain(placeOfSupply(HU_SELLER, consumerIn('DE'), 'voip', '2025-03-01'))).toEqual({
      category: 'S', rate: '19', country: 'DE', scheme: 'oss', mentionKey: null,
    });
  });

  it('a business without a VAT id is taxed like a consumer (Regulation 282/2011 art. 18(2))', () => {
    const treatment = placeOfSupply(HU_SELLER, { country: 'DE', vatId: null, taxableBusiness: true }, 'voip', '2025-03-01');
    expect([treatment.scheme, treatment.rate.toString()]).toEqual(['oss', '19']);
    const blankId = placeOfSupply(HU_SELLER, { country: 'DE', vatId: ' ', taxableBusiness: true }, 'voip', '2025-03-01');
    expect(blankId.scheme).toBe('oss');
  });

  it('buyer outside the EU: outside the scope of EU VAT (HU -> US), consumer or business', () => {
    const expected = { category: 'O', rate: '0', country: null, scheme: 'outside-scope', mentionKey: 'O' };
    expect(plain(placeOfSupply(HU_SELLER, consumerIn('US'), 'voip', '2025-03-01'))).toEqual(expected);
    expect(plain(placeOfSupply(HU_SELLER, businessIn('CH', 'CHE123456789'), 'internet', '2025-03-01'))).toEqual(expected);
    expect(vatMention('O', 'en')).toBe('Outside the scope of EU VAT');
  });

  it('Monaco counts as France and the Isle of Man as the UK (VAT Directive art. 7)', () => {
    // A consumer in Monaco pays the French rate (OSS); a Monaco business with a French VAT id is reverse charged.
    expect(plain(placeOfSupply(HU_SELLER, consumerIn('MC'), 'voip', '2025-03-01'))).toEqual({
      category: 'S', rate: '20', country: 'FR', scheme: 'oss', mentionKey: null,
    });
    expect(placeOfSupply(HU_SELLER, businessIn('MC', 'FR60412758393'), 'voip', '2025-03-01').category).toBe('AE');
    // A French seller supplies Monaco at home.
    expect(plain(placeOfSupply({ country: 'FR', vatId: 'FR60412758393' }, businessIn('MC', 'FR60412758393'), 'voip', '2025-03-01'))).toEqual({
      category: 'S', rate: '20', country: 'FR', scheme: 'domestic', mentionKey: null,
    });
    expect(vatIdDecidesTreatment('HU', 'MC', '2025-03-01')).toBe(true);
    expect(vatIdDecidesTreatment('FR', 'MC', '2025-03-01')).toBe(false);
    // The Isle of Man left the EU VAT area with the UK.
    expect(placeOfSupply(HU_SELLER, consumerIn('IM'), 'voip', '2020-12-31').country).toBe('GB');
    expect(placeOfSupply(HU_SELLER, consumerIn('IM'), 'voip', '2021-01-01').category).toBe('O');
  });

  it('GB is outside the EU VAT area from 2021-01-01, inside before (Brexit transition period)', () => {
    // 2021-01-01: O, whoever the buyer is.
    expect(placeOfSupply(HU_SELLER, consumerIn('GB'), 'voip', '2021-01-01').category).toBe('O');
    expect(placeOfSupply(HU_SELLER, businessIn('GB', 'GB123456789'), 'voip', '2021-01-01').category).toBe('O');
    // 2020-12-31: still EU VAT law, so the UK rate for a consumer, reverse charge for a business.
    expect(plain(placeOfSupply(HU_SELLER, consumerIn('GB'), 'voip', '2020-12-31'))).toEqual({
      category: 'S', rate: '20', country: 'GB', scheme: 'oss', mentionKey: null,
    });
    expect(placeOfSupply(HU_SELLER, businessIn('GB', 'GB123456789'), 'voip', '2020-12-31').category).toBe('AE');
  });

  it('a seller outside the EU at home: its own rate if it has VAT (GB 20 %), none if not (US)', () => {
    const gbSeller: Seller = { country: 'GB', vatId: 'GB123456789' };
    expect(plain(placeOfSupply(gbSeller, consumerIn('GB'), 'voip', '2025-03-01'))).toEqual({
      category: 'S', rate: '20', country: 'GB', scheme: 'domestic', mentionKey: null,
    });
    const usSeller: Seller = { country: 'US', vatId: null };
    const treatment = placeOfSupply(usSeller, consumerIn('US'), 'voip', '2025-03-01');
    expect(plain(treatment)).toEqual({ category: 'O', rate: '0', country: null, scheme: 'outside-scope', mentionKey: 'no-vat' });
    expect(vatMention(treatment.mentionKey!, 'en')).toBe('Not subject to VAT');
  });

  it('rates have effective dates: DE 16 % in the second half of 2020', () => {
    const deRate = (date: string) => placeOfSupply(HU_SELLER, consumerIn('DE'), 'voip', date).rate.toString();
    expect(deRate('2020-06-30')).toBe('19');
    expect(deRate('2020-07-01')).toBe('16');
    expect(deRate('2020-08-01')).toBe('16');
    expect(deRate('2020-12-31')).toBe('16');
    expect(deRate('2021-01-01')).toBe('19');
  });

  it('rates have effective dates: RO 21 % from 2025-08-01, SK 23 % from 2025-01-01', () => {
    const rate = (country: string, date: string) => placeOfSupply(HU_SELLER, consumerIn(country), 'voip', date).rate.toString();
    expect(rate('RO', '2025-07-31')).toBe('19');
    expect(rate('RO', '2025-08-01')).toBe('21');
    expect(rate('SK', '2024-12-31')).toBe('20');
    expect(rate('SK', '2025-01-01')).toBe('23');
    expect(rate('SK', '2025-06-15')).toBe('23');
  });

  it('charges the standard rate to every service unless an exception is configured (RULES.md 13: "that country\'s rate")', () => {
    expect(placeOfSupply(HU_SELLER, consumerIn('HU'), 'internet', '2025-03-01').rate.toString()).toBe('27');
  });

  it('a configured service exception of the country whose rate applies: HU internet access at 5 %, at home and under OSS', () => {
    const HU_INTERNET = { HU: { internet: [{ from: '2018-01-01', treatment: { kind: 'reduced' as const, rate: '5' }, basis: 'Áfa tv. 3. számú melléklet I. rész' }] } };
    const placeOfSupply = (seller: Seller, buyer: Parameters<typeof placeOfSupplyWithDefaults>[1], category: string, date: string) => placeOfSupplyWithDefaults(seller, buyer, category, date, HU_INTERNET);
    expect(plain(placeOfSupply(HU_SELLER, consumerIn('HU'), 'internet', '2025-03-01'))).toEqual({
      category: 'S', rate: '5', country: 'HU', scheme: 'domestic', mentionKey: null,
    });
    // A German seller's Hungarian consumer pays the Hungarian rate for that service, 5 %.
    const deSeller: Seller = { country: 'DE', vatId: 'DE123456788' };
    expect(placeOfSupply(deSeller, consumerIn('HU'), 'internet', '2025-03-01').rate.toString()).toBe('5');
    // Other services in Hungary and internet access elsewhere keep the standard rate.
    expect(placeOfSupply(HU_SELLER, consumerIn('HU'), 'catv', '2025-03-01').rate.toString()).toBe('27');
    expect(placeOfSupply(HU_SELLER, consumerIn('DE'), 'internet', '2025-03-01').rate.toString()).toBe('19');
    // The exception does not touch reverse charge.
    expect(placeOfSupply(deSeller, businessIn('HU', 'HU12345676'), 'internet', '2025-03-01').category).toBe('AE');
  });

  it('refuses to guess: no data for the country or the date names both', () => {
    const jpSeller: Seller = { country: 'JP', vatId: null };
    expect(() => placeOfSupply(jpSeller, consumerIn('JP'), 'voip', '2025-03-01')).toThrow(UnknownVatRateError);
    expect(() => placeOfSupply(jpSeller, consumerIn('JP'), 'voip', '2025-03-01')).toThrow(/JP on 2025-03-01/);
    expect(() => vatRateOn('DE', '2019-12-31')).toThrow(/DE on 2019-12-31/);
  });

  it('refuses malformed input rather than returning a treatment', () => {
    expect(() => placeOfSupply(HU_SELLER, consumerIn('DE'), 'sms', '2025-03-01')).toThrow(/service category "sms"/);
    expect(() => placeOfSupply(HU_SELLER, consumerIn('DE'), 'voip', '2025-02-30')).toThrow(/calendar date/);
    expect(() => placeOfSupply(HU_SELLER, consumerIn('XX'), 'voip', '2025-03-01')).toThrow(/buyer country/);
  });

  it('vatRateOn: the standard rate on a date, null without VAT', () => {
    expect(vatRateOn('HU', '2025-03-01')?.toString()).toBe('27');
    expect(vatRateOn('FI', '2024-08-31')?.toString()).toBe('24');
    expect(vatRateOn('FI', '2024-09-01')?.toString()).toBe('25.5');
    expect(vatRateOn('EE', '2025-07-01')?.toString()).toBe('24');
    expect(vatRateOn('US', '2025-03-01')).toBeNull();
  });

  it('isEuMember follows the EU VAT area by date', () => {
    expect(isEuMember('HU', '2025-03-01')).toBe(true);
    expect(isEuMember('GB', '2020-12-31')).toBe(true);
    expect(isEuMember('GB', '2021-01-01')).toBe(false);
    expect(isEuMember('HR', '2013-06-30')).toBe(false);
    expect(isEuMember('HR', '2013-07-01')).toBe(true);
    expect(isEuMember('US', '2025-03-01')).toBe(false);
    expect(isEuMember('constructor', '2025-03-01')).toBe(false);
  });
});

describe('VAT mentions printed on the invoice (RULES.md 13, VAT Directive art. 226)', () => {
  it('has none for standard-rated supplies', () => {
    expect(vatMention('S', 'hu')).toBeNull();
  });

  it('has every mention in en, hu, de and fr; other languages fall back to English', () => {
    for (const key of ['AE', 'O', 'E', 'Z', 'no-vat']) {
      const texts = ['en', 'hu', 'de', 'fr'].map((language) => vatMention(key, language));
      expect(texts.every((text) => typeof text === 'string' && text.length > 0)).toBe(true);
    }
    expect(vatMention('E', 'en')).toBe('Exempt from VAT (Directive 2006/112/EC, Title IX)');
    expect(vatMention('Z', 'en')).toBe('Zero-rated');
    expect(vatMention('O', 'it')).toBe('Outside the scope of EU VAT');
    expect(vatMention('O', 'de-AT')).toBe(vatMention('O', 'de'));
    expect(vatMention('AE', 'FR')).toBe('Autoliquidation / Reverse charge');
  });

  it('refuses an unknown mention key', () => {
    expect(() => vatMention('K', 'en')).toThrow(/"K"/);
  });
});

describe('RULES.md 14: VAT in the national currency', () => {
  it('converts the rounded group VAT at the invoice rate, then rounds to the national minor unit', () => {
    // EUR invoice from a HU seller: 27.00 EUR * 390.12 HUF/EUR = 10533.2400 -> 10533.24 HUF.
    expect(vatInNationalCurrency(d('27.00'), { rate: '390.12' }, 'HUF').toFixed(2)).toBe('10533.24');
    // 0.05 EUR * 390.12 = 19.5060 -> 19.51 HUF.
    expect(vatInNationalCurrency(d('0.05'), { rate: '390.12' }, 'HUF').toFixed(2)).toBe('19.51');
    // Zero-decimal national currency: 1.23 EUR * 161.5 JPY/EUR = 198.645 -> 199 JPY.
    expect(vatInNationalCurrency(d('1.23'), { rate: '161.5' }, 'JPY').toFixed()).toBe('199');
    // A credit note's negative VAT: -27.00 * 390.12 = -10533.24.
    expect(vatInNationalCurrency(d('-27.00'), { rate: '390.12' }, 'HUF').toFixed(2)).toBe('-10533.24');
  });

  it('divides by the published inverse rate, not by its rounded inverse (a tie at half a minor unit still rounds up)', () => {
    // A DE seller invoicing in USD with only EUR/USD 1.2 published: 0.03 USD VAT / 1.2 = 0.025 EUR -> 0.03.
    // Multiplying by 0.833333333333333333 would give 0.02499... -> 0.02.
    expect(vatInNationalCurrency(d('0.03'), { rate: '0.833333333333333333', dividedBy: '1.2' }, 'EUR').toFixed(2)).toBe('0.03');
    expect(() => vatInNationalCurrency(d('0.03'), { rate: '1', dividedBy: '0' }, 'EUR')).toThrow(/not positive/);
  });

  it('refuses a rate that is not positive', () => {
    expect(() => vatInNationalCurrency(d('27.00'), { rate: '0' }, 'HUF')).toThrow(/not positive/);
  });
});

describe('RULES.md 15: invoice total = sum of line nets + sum of group VAT', () => {
  it('adds the rounded group VAT, not per-line VAT', () => {
    // Nets 0.05 * 3 = 0.15; group VAT 0.04 (RULES.md 12); total 0.19 (per-line VAT would give 0.18).
    const lines = [line('0.05', 'S', '27'), line('0.05', 'S', '27'), line('0.05', 'S', '27')];
    const total = invoiceTotal(lines.map((l) => l.net), vatPerGroup(lines, 'EUR'));
    expect(total.toFixed(2)).toBe('0.19');
  });

  it('adds every group', () => {
    // Nets 100.00 + 50.00 + 20.00 = 170.00; VAT 27.00 (27 % of 100.00) + 2.50 (5 % of 50.00) + 0
    // (AE) = 29.50; total 199.50.
    const lines = [line('100.00', 'S', '27'), line('50.00', 'S', '5'), line('20.00', 'AE', '0')];
    expect(invoiceTotal(lines.map((l) => l.net), vatPerGroup(lines, 'EUR')).toFixed(2)).toBe('199.50');
  });

  it('refuses groups that were not made from these lines', () => {
    const groups = vatPerGroup([line('100.00', 'S', '27')], 'EUR');
    expect(() => invoiceTotal([d('100.00'), d('1.00')], groups)).toThrow(/add up/);
  });
});

describe('VAT data (src/tax/vat-rates.ts)', () => {
  it('lists the 27 member states of src/core/countries.ts as today\'s EU VAT area', () => {
    const today = Object.keys(EU_VAT_AREA).filter((country) => isEuMember(country, '2025-03-01')).sort();
    expect(today).toEqual([...EU_MEMBER_STATES].sort());
    expect(today).toHaveLength(27);
  });

  it('has a standard rate for every EU VAT area member on every date since VAT_DATA_FROM, so OSS never lacks one', () => {
    for (const [country, membership] of Object.entries(EU_VAT_AREA)) {
      if (membership.until !== null && membership.until < VAT_DATA_FROM) continue;
      expect(vatRateOn(country, VAT_DATA_FROM), country).toBeInstanceOf(Decimal);
    }
  });

  it('starts every rate list on VAT_DATA_FROM, in date order, with positive decimal rates', () => {
    for (const [country, rows] of Object.entries(STANDARD_VAT_RATES)) {
      expect(rows[0]?.from, country).toBe(VAT_DATA_FROM);
      const dates = rows.map((row) => row.from);
      expect(dates, country).toEqual([...dates].sort());
      expect(new Set(dates).size, country).toBe(dates.length);
      for (const row of rows) expect(/^\d+(\.\d+)?$/.test(row.rate) && new Decimal(row.rate).greaterThan(0), `${country} ${row.from}`).toBe(true);
    }
  });

  it('keeps service exceptions in date order, for known categories, with a legal basis and a mention that exists', () => {
    for (const [country, byCategory] of Object.entries(SERVICE_VAT_OVERRIDES)) {
      for (const [category, rows] of Object.entries(byCategory)) {
        expect((SERVICE_CATEGORIES as readonly string[]).includes(category), `${country} ${category}`).toBe(true);
        const dates = (rows ?? []).map((row) => row.from);
        expect(dates, `${country} ${category}`).toEqual([...dates].sort());
        for (const row of rows ?? []) {
          expect(row.basis.trim().length, `${country} ${category} ${row.from}`).toBeGreaterThan(0);
          if (row.treatment.kind === 'exempt') expect(vatMention(row.treatment.mentionKey, 'en')).toBeTruthy();
          if (row.treatment.kind === 'reduced') expect(new Decimal(row.treatment.rate).greaterThan(0)).toBe(true);
        }
      }
    }
  });
});
