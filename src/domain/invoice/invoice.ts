/**
 * An invoice as billstream computes it for one contract and cycle: charge lines (usage, recurring
 * and one-time fees, late usage) priced in their tariff's currency, then, in this order and each
 * step in one named function, conversion and rounding (RULES.md 10, 11), discounts in the invoice
 * currency (19-22), VAT per group on the discounted sums (12, 13), VAT in the national currency
 * (14) and the total (15). Pure: the caller fetches the rates and everything else first.
 */
import { Decimal } from 'decimal.js';
import { convertAt, formatMoney, roundToMinorUnit, sumOf, type AppliedRate } from '../../core/money.ts';
import { addDays } from '../../core/calendar-date.ts';
import { invoiceTotal, placeOfSupply, vatInNationalCurrency, vatPerGroup, type Buyer, type VatCategory, type VatGroup, type VatTreatment } from '../../tax/vat.ts';
import type { Cycle } from '../billing-cycle/cycles.ts';
import type { InvoiceTexts } from './texts.ts';
import { applyDiscountSchemes, hasAmountInCurrency, schemeCurrencies, schemesThatApply, type DiscountContext } from '../discount/apply.ts';
import type { DiscountScheme } from '../discount/definition.ts';

/** `discount` and `commitment` (a commitment's shortfall) are added by discount schemes (RULES.md 21, 22), never charged by a tariff. */
export type ChargeKind = 'usage' | 'late-usage' | 'recurring' | 'one-time' | 'discount' | 'commitment';

/** What a line charges, before currency and VAT: an unrounded amount in `currency`. */
export interface ChargeLine {
  kind: ChargeKind;
  code: string;
  description: string;
  subscriptionId: string | null;
  /** The tariff's service category: decides the VAT treatment (RULES.md 13) and the revenue account. */
  serviceCategory: string;
  quantity: string;
  unit: string;
  currency: string;
  amount: Decimal;
  /** The days the line covers. */
  period: Cycle;
  /** Late usage: the cycle the usage belongs to (RULES.md 6). */
  originalPeriod?: Cycle;
  /** Late usage priced in another currency: the rate of its original cycle its difference was converted at (RULES.md 6, 11), stored on the invoice with its date. */
  convertedAt?: FxRate;
  usage?: { type: string; destination: string | null; band: string | null };
  /** Recurring fees: what `billedSpans` needs to know later invoices billed these days. */
  recurring?: { feePeriod: Cycle; span: Cycle; quantity: number; credit: boolean };
}

/** A line as issued: the charge without its source amount, priced in the invoice currency (decimal strings). */
export interface InvoiceLine extends Omit<ChargeLine, 'currency' | 'amount'> {
  net: string;
  vatCategory: VatCategory;
  vatRate: string;
  /** Set when the line was priced in another currency (RULES.md 11). */
  priced?: { currency: string; amount: string };
  /** A discount line (RULES.md 21): the indexes, in the invoice's `lines`, of the lines it discounted. */
  discounted?: number[];
}

export interface FxRate extends AppliedRate {
  base: string;
  quote: string;
  rate: string;
  /** The date of the rate: the newest on or before the cycle's last day (RULES.md 11). */
  date: string;
}

export interface InvoiceVatGroup {
  category: VatCategory;
  rate: string;
  taxable: string;
  amount: string;
  /** RULES.md 14: the group's VAT in the seller's national currency. */
  national?: { currency: string; amount: string };
  mention?: string;
  /** The key of the mention (src/tax/vat.ts): the mention's code beside its text. */
  mentionKey?: string;
}

export interface PricedInvoice {
  currency: string;
  lines: InvoiceLine[];
  vat: InvoiceVatGroup[];
  /** The rate used to convert lines, or else to state VAT in the national currency. */
  fx?: FxRate;
  /** Every rate used, when there are several. */
  fxRates: FxRate[];
  mentions: string[];
  totalNet: string;
  totalVat: string;
  total: string;
}

export interface PricingInput {
  lines: ChargeLine[];
  currency: string;
  seller: { country: string; vatId: string | null; currency: string };
  buyer: Buyer;
  /** The date the VAT rates are taken at: the cycle's last day. */
  taxDate: string;
  /** The invoice's words in its language (the legal mentions). */
  texts: Pick<InvoiceTexts, 'vatMention'>;
  /** Rates found for the pairs `ratesNeeded` named; a missing one holds the invoice. */
  rates: Map<string, FxRate>;
  /** The discount schemes in force and what they are decided on (RULES.md 19-22); none: no discount. */
  discounts?: InvoiceDiscounts;
}

export interface InvoiceDiscounts {
  schemes: readonly DiscountScheme[];
  context: DiscountContext;
  /** The client's language: the scheme's name on its lines. */
  language: string;
}

/** The currencies of the schemes that apply (fixed amounts, minimums): `ratesNeeded` converts them too. */
export function discountCurrencies(discounts: InvoiceDiscounts | undefined): string[] {
  if (!discounts || discounts.schemes.length === 0) return [];
  // Only the schemes with an amount in a currency can need a rate: the others are not decided here.
  const withCurrency = discounts.schemes.filter(hasAmountInCurrency);
  return withCurrency.length === 0 ? [] : schemeCurrencies(schemesThatApply(withCurrency, discounts.context));
}

export const pairKey = (base: string, quote: string) => `${base}/${quote}`;

/** The currency pairs an invoice needs rates for: line currencies to the invoice's, and the invoice's to the seller's national one (RULES.md 11, 14). */
export function ratesNeeded(lines: readonly ChargeLine[], currency: string, nationalCurrency: string, schemeCurrencies: readonly string[] = []): { base: string; quote: string }[] {
  const pairs = new Map<string, { base: string; quote: string }>();
  for (const line of lines) if (line.currency !== currency) pairs.set(pairKey(line.currency, currency), { base: line.currency, quote: currency });
  for (const other of schemeCurrencies) if (other !== currency) pairs.set(pairKey(other, currency), { base: other, quote: currency });
  if (currency !== nationalCurrency) pairs.set(pairKey(currency, nationalCurrency), { base: currency, quote: nationalCurrency });
  return [...pairs.values()];
}

/**
 * RULES.md 19-22: the lines the discount schemes add to the priced charge lines, in the invoice
 * currency after conversion (RULES.md 21) and before VAT, so VAT is computed per group on the
 * discounted sums and a discount is taxed like the charges it reduces. The engine is
 * `applyDiscountSchemes` (src/domain/discount/apply.ts).
 */
export function applyDiscounts(
  priced: readonly InvoiceLine[],
  discounts: InvoiceDiscounts | undefined,
  currency: string,
  convert: (amount: Decimal, from: string) => Decimal,
  vatOf: (serviceCategory: string) => { vatCategory: VatCategory; vatRate: string },
): InvoiceLine[] {
  if (!discounts || discounts.schemes.length === 0 || priced.length === 0) return [];
  const outcome = applyDiscountSchemes({ lines: priced, schemes: discounts.schemes, context: discounts.context, currency, language: discounts.language, convert, vatOf });
  return outcome.lines.map((line): InvoiceLine => ({
    kind: line.kind,
    code: line.schemeId,
    description: line.name,
    subscriptionId: null,
    serviceCategory: line.serviceCategory,
    quantity: '1',
    unit: 'pcs',
    net: formatMoney(line.net, currency),
    vatCategory: line.vatCategory as VatCategory,
    vatRate: line.vatRate,
    period: discounts.context.cycle,
    ...(line.kind === 'discount' ? { discounted: line.discounted } : {}),
  }));
}

/** RULES.md 10 and 11: a line's unrounded amount, converted at the cycle's rate, rounded once. */
export function lineNet(amount: Decimal, rate: AppliedRate | null, currency: string): Decimal {
  return roundToMinorUnit(rate === null ? amount : convertAt(amount, rate), currency);
}

export class MissingFxRateError extends Error {
  override readonly name = 'MissingFxRateError';
  constructor(readonly pairs: string[], readonly date: string) {
    super(`no exchange rate on or before ${date} for ${pairs.join(', ')}`);
  }
}

/**
 * RULES.md 12 and 14 as an invoice (or credit note) states them: the groups of its priced lines,
 * each with its VAT in the seller's national currency when `national` (the invoice currency to the
 * national one) is given, and the legal mention of its category.
 */
export function invoiceVatGroups(
  lines: readonly InvoiceLine[],
  currency: string,
  national: FxRate | null,
  mentionOf: (category: VatCategory) => { key: string; text: string } | null,
): { groups: VatGroup[]; vat: InvoiceVatGroup[] } {
  const groups = vatPerGroup(lines.map((l) => ({ net: new Decimal(l.net), category: l.vatCategory, rate: new Decimal(l.vatRate) })), currency);
  const vat = groups.map((g): InvoiceVatGroup => {
    const mention = mentionOf(g.category);
    return {
      category: g.category,
      rate: g.rate.toString(),
      taxable: formatMoney(g.taxable, currency),
      amount: formatMoney(g.amount, currency),
      ...(national ? { national: { currency: national.quote, amount: formatMoney(vatInNationalCurrency(g.amount, national, national.quote), national.quote) } } : {}),
      ...(mention ? { mention: mention.text, mentionKey: mention.key } : {}),
    };
  });
  return { groups, vat };
}

export function priceInvoice(input: PricingInput): PricedInvoice {
  const { currency } = input;
  const lines = input.lines;
  const needed = ratesNeeded(lines, currency, input.seller.currency, discountCurrencies(input.discounts));
  const missing = needed.map((p) => pairKey(p.base, p.quote)).filter((k) => !input.rates.has(k));
  if (missing.length > 0) throw new MissingFxRateError(missing, input.taxDate);
  const rateOf = (from: string): FxRate | null => (from === currency ? null : input.rates.get(pairKey(from, currency))!);

  // One treatment per service category and tax date: the lines of a cycle's category are taxed
  // alike (RULES.md 13). Late usage is a supply of its original cycle, completed at that cycle's
  // end (VAT Directive art. 64(1)): taxed at the rate in force then (art. 93), in a group of its own
  // when the rate has changed since.
  const treatments = new Map<string, VatTreatment>();
  const treatmentOf = (serviceCategory: string, taxDate = input.taxDate) => {
    const key = `${serviceCategory}|${taxDate}`;
    let treatment = treatments.get(key);
    if (!treatment) treatments.set(key, (treatment = placeOfSupply({ country: input.seller.country, vatId: input.seller.vatId }, input.buyer, serviceCategory, taxDate)));
    return treatment;
  };
  const priced: InvoiceLine[] = lines.map((line) => {
    const net = lineNet(line.amount, rateOf(line.currency), currency);
    const treatment = treatmentOf(line.serviceCategory, line.originalPeriod ? addDays(line.originalPeriod.end, -1) : input.taxDate);
    return {
      kind: line.kind,
      code: line.code,
      description: line.description,
      subscriptionId: line.subscriptionId,
      serviceCategory: line.serviceCategory,
      quantity: line.quantity,
      unit: line.unit,
      net: formatMoney(net, currency),
      vatCategory: treatment.category,
      vatRate: treatment.rate.toString(),
      period: line.period,
      ...(line.originalPeriod ? { originalPeriod: line.originalPeriod } : {}),
      ...(line.convertedAt ? { convertedAt: line.convertedAt } : {}),
      ...(line.usage ? { usage: line.usage } : {}),
      ...(line.recurring ? { recurring: line.recurring } : {}),
      ...(line.currency !== currency ? { priced: { currency: line.currency, amount: line.amount.toString() } } : {}),
    };
  });
  priced.push(...applyDiscounts(priced, input.discounts, currency, (amount, from) => {
    const rate = rateOf(from);
    return rate === null ? amount : convertAt(amount, rate);
  }, (serviceCategory) => {
    const treatment = treatmentOf(serviceCategory);
    return { vatCategory: treatment.category, vatRate: treatment.rate.toString() };
  }));

  const mentionKeys = new Map<string, string>();
  for (const treatment of treatments.values()) if (treatment.mentionKey) mentionKeys.set(treatment.category, treatment.mentionKey);
  const national = currency === input.seller.currency ? null : input.rates.get(pairKey(currency, input.seller.currency))!;
  const { groups, vat } = invoiceVatGroups(priced, currency, national, (category) => {
    const key = mentionKeys.get(category);
    return key ? { key, text: input.texts.vatMention(key) } : null;
  });
  const nets = priced.map((l) => new Decimal(l.net));
  const totalNet = sumOf(nets);
  const totalVat = sumOf(groups.map((g) => g.amount));
  const fxRates = needed.map((p) => input.rates.get(pairKey(p.base, p.quote))!);
  return {
    currency,
    lines: priced,
    vat,
    ...(fxRates.length > 0 ? { fx: fxRates[0]! } : {}),
    fxRates,
    mentions: vat.flatMap((g) => (g.mention ? [g.mention] : [])),
    totalNet: formatMoney(totalNet, currency),
    totalVat: formatMoney(totalVat, currency),
    total: formatMoney(invoiceTotal(nets, groups), currency),
  };
}
