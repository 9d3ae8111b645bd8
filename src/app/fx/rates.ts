/**
 * The exchange rate used for a date (RULES.md 11): the newest published rate on or before it.
 * Never a guess: no rate on or before the date is `null`, and the caller holds the invoice.
 */
import { Decimal } from 'decimal.js';
import { isCurrencyCode } from '../../core/currencies.ts';
import { ValidationError } from '../../core/errors.ts';
import { currencyProblem, dateProblem } from '../../core/validate.ts';
import type { ReadStore } from '../../readstore/port.ts';
import { FX_RATES, type FxRateDocument } from '../../../projections/fx-rates.projection.ts';
import { fxRateKey } from '../../fx/events.ts';

export interface FxRateUsed {
  base: string;
  quote: string;
  /** Units of `quote` per unit of `base`, a decimal string. */
  rate: string;
  /** The date of the rate used (on or before the date asked for): stored on the invoice with the rate. */
  date: string;
  /** True when only the inverse pair (quote to base) had a rate, and `rate` is 1 / that rate. */
  inverted: boolean;
  /** When inverted: the inverse pair's published rate, which amounts are divided by (exact, unlike `rate`). */
  dividedBy?: string;
}

/** 1 / rate for an inverse pair: 18 significant digits, half up (a rate is not money: no minor unit applies). */
const InverseDecimal = Decimal.clone({ precision: 18, rounding: Decimal.ROUND_HALF_UP });

export function invertRate(rate: string): string {
  return new InverseDecimal(1).div(rate).toFixed();
}

/**
 * The rate of `base` in `quote` on `date`: the pair's newest rate on or before the date; else, only
 * when the pair itself has none, 1 / the inverse pair's newest; `1` for a currency to itself. No
 * triangulation through a third currency. Each lookup is one or two index range scans of the
 * fx-rates read model, newest first, one document each: cheap enough per invoice (callers running a
 * whole bill run may still cache by pair and date).
 */
export async function fxRateOn(readStore: ReadStore, base: string, quote: string, date: string): Promise<FxRateUsed | null> {
  const issues = [
    { field: 'base', message: isCurrencyCode(base) ? null : currencyProblem(base) },
    { field: 'quote', message: isCurrencyCode(quote) ? null : currencyProblem(quote) },
    { field: 'date', message: dateProblem(date) },
  ].filter((issue): issue is { field: string; message: string } => issue.message !== null);
  if (issues.length) throw new ValidationError(issues.map((i) => `${i.field}: ${i.message}`).join('; '), issues);

  if (base === quote) return { base, quote, rate: '1', date, inverted: false };
  const direct = await newestOnOrBefore(readStore, base, quote, date);
  if (direct) return { base, quote, rate: direct.rate, date: direct.date, inverted: false };
  const inverse = await newestOnOrBefore(readStore, quote, base, date);
  if (inverse) return { base, quote, rate: invertRate(inverse.rate), date: inverse.date, inverted: true, dividedBy: inverse.rate };
  return null;
}

async function newestOnOrBefore(readStore: ReadStore, base: string, quote: string, date: string): Promise<FxRateDocument | null> {
  // Keys sort by pair then date (fxRateKey), so this is the last key of the pair up to the date.
  const { items } = await readStore.find(
    FX_RATES,
    { id: { $gte: fxRateKey(base, quote, ''), $lte: fxRateKey(base, quote, date) } },
    { sort: { field: 'id', direction: 'desc' }, limit: 1 },
  );
  return (items[0] as FxRateDocument | undefined) ?? null;
}
