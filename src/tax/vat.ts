/**
 * VAT rules (RULES.md 12 to 15): which rate applies, how much VAT an invoice carries, how it is
 * stated in the seller's national currency, and the invoice total. Pure functions over the data
 * in `vat-rates.ts`; dates are the supply's date as 'YYYY-MM-DD'.
 */
import { Decimal } from 'decimal.js';
import { countryProblem, dateProblem } from '../core/validate.ts';
import { minorUnitDigits } from '../core/currencies.ts';
import { convertAt, roundToMinorUnit, type AppliedRate } from '../core/money.ts';
import { SERVICE_CATEGORIES, type ServiceCategory } from '../domain/catalog/decider.ts';
import {
  COUNTRIES_WITHOUT_VAT,
  EU_VAT_AREA,
  SERVICE_VAT_OVERRIDES,
  STANDARD_VAT_RATES,
  type ServiceVatTreatment,
} from './vat-rates.ts';

/**
 * EN 16931 VAT category codes (UNCL5305) that billstream issues: S standard (any positive rate,
 * reduced ones included), AE reverse charge, O outside the scope, Z zero-rated, E exempt.
 */
export type VatCategory = 'S' | 'AE' | 'O' | 'Z' | 'E';

export type VatScheme = 'domestic' | 'reverse-charge' | 'oss' | 'outside-scope' | 'exempt' | 'zero-rated';

export interface VatTreatment {
  category: VatCategory;
  /** Percent: 27 means 27 %. */
  rate: Decimal;
  /** The country whose VAT law sets the rate (or the exemption); null when no country's rate is charged. */
  country: string | null;
  scheme: VatScheme;
  /** Key of the legal mention the invoice must print (`vatMention`); null when none is required. */
  mentionKey: string | null;
}

export interface Seller {
  country: string;
  vatId: string | null;
}

export interface Buyer {
  country: string;
  vatId: string | null;
  /** A company acting as a business (FORMATS.md: a company with a VAT id), not a consumer. */
  taxableBusiness: boolean;
}

export interface VatLine {
  /** The line's net amount, already rounded to the invoice currency's minor unit (RULES.md 10). */
  net: Decimal;
  category: VatCategory;
  rate: Decimal;
}

export interface VatGroup {
  category: VatCategory;
  rate: Decimal;
  /** Sum of the group's line nets. */
  taxable: Decimal;
  /** The group's VAT, rounded once (RULES.md 12). */
  amount: Decimal;
}

/** No rate is recorded for the country on that date: billing stops rather than guessing a rate. */
export class UnknownVatRateError extends Error {
  override readonly name = 'UnknownVatRateError';
  constructor(
    readonly country: string,
    readonly date: string,
    detail: string,
  ) {
    super(`no VAT rate known for ${country} on ${date}: ${detail}; add it to src/tax/vat-rates.ts`);
  }
}

/**
 * Money arithmetic before the one rounding: the default Decimal keeps 20 significant digits, so
 * a large taxable amount times a rate could be rounded once before `roundToMinorUnit` rounds it
 * again. 100 digits hold any product of an amount, a rate and an exchange rate exactly.
 */
const Exact = Decimal.clone({ precision: 100, rounding: Decimal.ROUND_HALF_UP });

const ZERO = new Decimal(0);

function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

function checkDate(date: string): void {
  const problem = dateProblem(date);
  if (problem !== null) throw new RangeError(`VAT date ${problem}`);
}

function checkCountry(country: string, who: string): void {
  const problem = countryProblem(country);
  if (problem !== null) throw new RangeError(`${who} country ${problem}`);
}

/** The row in force on `date`: the last whose `from` is on or before it (ISO dates sort as strings). */
function inForce<T extends { from: string }>(rows: readonly T[], date: string): T | undefined {
  let found: T | undefined;
  for (const row of rows) if (row.from <= date) found = row;
  return found;
}

/** Membership of the EU VAT area on `date` (the UK counts until 2020-12-31, the end of the Brexit transition). */
export function isEuMember(country: string, date: string): boolean {
  checkDate(date);
  const membership = own(EU_VAT_AREA, country);
  return membership !== undefined && membership.from <= date && (membership.until === null || date <= membership.until);
}

/**
 * Territories whose supplies the VAT Directive treats as supplies of another country (art. 7(1)):
 * Monaco as France, the Isle of Man as the United Kingdom (so in the EU VAT area until 2020).
 */
const TREATED_AS: Readonly<Record<string, string>> = { MC: 'FR', IM: 'GB' };

/** The country whose VAT rules apply to a party in `country` (RULES.md 13). */
export function vatCountryOf(country: string): string {
  return own(TREATED_AS, country) ?? country;
}

/** The standard rate in force in `country` on `date`, in percent; null when the country levies no VAT. */
export function vatRateOn(country: string, date: string): Decimal | null {
  checkDate(date);
  if (COUNTRIES_WITHOUT_VAT.has(country)) return null;
  const rows = own(STANDARD_VAT_RATES, country);
  if (rows === undefined) throw new UnknownVatRateError(country, date, 'the country has no rate data');
  const row = inForce(rows, date);
  if (row === undefined) throw new UnknownVatRateError(country, date, `the data starts on ${rows[0]?.from ?? '(no rows)'}`);
  return new Decimal(row.rate);
}

export type ServiceVatOverrides = typeof SERVICE_VAT_OVERRIDES;

function serviceTreatmentOn(country: string, serviceCategory: ServiceCategory, date: string, overrides: ServiceVatOverrides): ServiceVatTreatment {
  const rows = own(overrides, country)?.[serviceCategory];
  return (rows && inForce(rows, date)?.treatment) ?? { kind: 'standard' };
}

/** The VAT law of `country` applies: its standard rate, unless it treats this service otherwise. */
function taxedIn(country: string, serviceCategory: ServiceCategory, date: string, scheme: 'domestic' | 'oss', overrides: ServiceVatOverrides): VatTreatment {
  const standard = vatRateOn(country, date);
  if (standard === null) return { category: 'O', rate: ZERO, country: null, scheme: 'outside-scope', mentionKey: 'no-vat' };
  const treatment = serviceTreatmentOn(country, serviceCategory, date, overrides);
  switch (treatment.kind) {
    case 'standard':
      return { category: 'S', rate: standard, country, scheme, mentionKey: null };
    case 'reduced':
      return { category: 'S', rate: new Decimal(treatment.rate), country, scheme, mentionKey: null };
    case 'zero-rated':
      return { category: 'Z', rate: ZERO, country, scheme: 'zero-rated', mentionKey: 'Z' };
    case 'exempt':
      return { category: 'E', rate: ZERO, country, scheme: 'exempt', mentionKey: treatment.mentionKey };
    default: {
      const _exhaustive: never = treatment;
      return _exhaustive;
    }
  }
}

/**
 * A business customer that can self-account for the VAT. Without a VAT id the supplier may treat
 * the customer as a consumer (Implementing Regulation 282/2011 art. 18(2)), so it pays OSS VAT.
 */
function accountsForVatItself(buyer: Buyer): boolean {
  return buyer.taxableBusiness && buyer.vatId !== null && buyer.vatId.trim() !== '';
}

/**
 * Whether a business buyer's VAT id decides its treatment (RULES.md 13): only in another EU
 * member state than the seller's, where it makes the difference between reverse charge and the
 * buyer's country's rate. At home, or outside the EU, the treatment is the same with or without.
 */
export function vatIdDecidesTreatment(sellerCountry: string, buyerCountry: string, date: string): boolean {
  return vatCountryOf(sellerCountry) !== vatCountryOf(buyerCountry) && isEuMember(vatCountryOf(buyerCountry), date);
}

/**
 * RULES.md 13: the VAT treatment of a telecom, broadcasting or electronic service (VAT Directive
 * art. 44, 58, 196):
 * - seller and buyer in the same country: that country's rate (or its exception for the service);
 *   a country without VAT (US) charges none (O);
 * - buyer outside the EU VAT area: outside the scope of EU VAT (O, 0 %);
 * - buyer in another EU country, a business with a VAT id: reverse charge (AE, 0 %);
 * - buyer in another EU country, a consumer: the buyer's country's rate (OSS).
 * A party in Monaco counts as one in France, one in the Isle of Man as one in the UK (art. 7).
 * The buyer's side decides for a seller outside the EU too (non-Union OSS, reverse charge by the
 * EU customer); a non-EU seller's own law on supplies abroad is not modelled (O).
 * Not modelled either: the EUR 10,000 threshold below which a small EU seller may charge its own
 * rate to consumers abroad (art. 59c), and use-and-enjoyment rules (art. 59a).
 */
export function placeOfSupply(seller: Seller, buyer: Buyer, serviceCategory: string, date: string, overrides: ServiceVatOverrides = SERVICE_VAT_OVERRIDES): VatTreatment {
  checkDate(date);
  checkCountry(seller.country, 'seller');
  checkCountry(buyer.country, 'buyer');
  if (!(SERVICE_CATEGORIES as readonly string[]).includes(serviceCategory)) {
    throw new RangeError(`service category ${JSON.stringify(serviceCategory)} is not one of ${SERVICE_CATEGORIES.join(', ')}`);
  }
  const category = serviceCategory as ServiceCategory;
  const sellerCountry = vatCountryOf(seller.country);
  const buyerCountry = vatCountryOf(buyer.country);
  if (sellerCountry === buyerCountry) return taxedIn(sellerCountry, category, date, 'domestic', overrides);
  if (!vatIdDecidesTreatment(sellerCountry, buyerCountry, date)) return { category: 'O', rate: ZERO, country: null, scheme: 'outside-scope', mentionKey: 'O' };
  if (accountsForVatItself(buyer)) return { category: 'AE', rate: ZERO, country: null, scheme: 'reverse-charge', mentionKey: 'AE' };
  return taxedIn(buyerCountry, category, date, 'oss', overrides);
}

/**
 * The mention keys `placeOfSupply` gives besides those of SERVICE_VAT_OVERRIDES' exemptions. The
 * texts are translations (src/i18n/locales/<language>/invoice.ftl, `vat-mention-<key>`), in every
 * language billstream writes; test/i18n checks that each key has one.
 */
export const VAT_MENTION_KEYS = ['AE', 'O', 'E', 'Z', 'no-vat'] as const;

const CATEGORY_ORDER: Readonly<Record<VatCategory, number>> = { S: 0, AE: 1, E: 2, O: 3, Z: 4 };

/** EN 16931 BR-S-05 and BR-AE/E/O/Z-05: a standard-rated line has a positive rate, the others 0 %. */
function checkRate(line: VatLine): void {
  const ok = line.category === 'S' ? line.rate.greaterThan(0) : line.rate.isZero();
  if (!ok) throw new RangeError(`VAT category ${line.category} cannot have rate ${line.rate.toString()} %`);
}

/**
 * RULES.md 12: VAT per group of lines with the same category and rate, rounded once per group:
 * `round_half_up(sum of the group's nets * rate / 100)`. Never the sum of per-line VAT (EN 16931
 * BR-CO-17): three lines of 0.05 at 27 % carry 0.04 of VAT, not 3 * 0.01.
 * Groups come in a fixed order so invoices and their replays are identical: S by rate, highest
 * first, then AE, E, O, Z.
 */
export function vatPerGroup(lines: readonly VatLine[], currency: string): VatGroup[] {
  const digits = minorUnitDigits(currency);
  const groups = new Map<string, { category: VatCategory; rate: Decimal; taxable: Decimal }>();
  for (const line of lines) {
    checkRate(line);
    // An unrounded net would make the group's VAT depend on digits no invoice shows (RULES.md 10).
    if (line.net.decimalPlaces() > digits) throw new RangeError(`line net ${line.net.toFixed()} is not rounded to the ${digits} decimal(s) of ${currency}`);
    const key = `${line.category} ${line.rate.toString()}`;
    const group = groups.get(key);
    if (group) group.taxable = group.taxable.plus(line.net);
    else groups.set(key, { category: line.category, rate: line.rate, taxable: new Exact(line.net) });
  }
  return [...groups.values()]
    .sort((a, b) => CATEGORY_ORDER[a.category] - CATEGORY_ORDER[b.category] || b.rate.comparedTo(a.rate))
    .map(({ category, rate, taxable }) => ({
      category,
      rate: new Decimal(rate),
      taxable: new Decimal(taxable),
      amount: roundToMinorUnit(taxable.times(rate).dividedBy(100), currency),
    }));
}

/**
 * RULES.md 14 (VAT Directive art. 230): a group's VAT, already rounded in the invoice currency,
 * stated in the seller's national currency at the invoice's rate (1 invoice-currency unit =
 * `fxRate` national units), rounded half-up to the national minor unit. Converting the rounded
 * amount, not the taxable base, is what the rule says and what the auditor re-does.
 */
export function vatInNationalCurrency(groupAmount: Decimal, fxRate: AppliedRate, nationalCurrency: string): Decimal {
  const rate = new Decimal(fxRate.rate);
  if (!rate.isFinite() || !rate.greaterThan(0)) throw new RangeError(`exchange rate ${fxRate.rate} is not positive`);
  return roundToMinorUnit(convertAt(groupAmount, fxRate), nationalCurrency);
}

/**
 * RULES.md 15: invoice total = sum of line nets + sum of the groups' VAT. Throws when the groups
 * were not made from these lines (their taxable amounts must add up to the nets, EN 16931 BR-S-08
 * and its AE/E/O/Z counterparts), since the total would then charge VAT on something else.
 */
export function invoiceTotal(lineNets: readonly Decimal[], groups: readonly VatGroup[]): Decimal {
  const nets = lineNets.reduce((sum, net) => sum.plus(net), new Exact(0));
  const taxable = groups.reduce((sum, group) => sum.plus(group.taxable), new Exact(0));
  if (!nets.equals(taxable)) {
    throw new RangeError(`the VAT groups' taxable amounts add up to ${taxable.toFixed()}, the line nets to ${nets.toFixed()}`);
  }
  const vat = groups.reduce((sum, group) => sum.plus(group.amount), new Exact(0));
  return new Decimal(nets.plus(vat));
}
