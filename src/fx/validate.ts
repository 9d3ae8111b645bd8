/** The checks an exchange rate must pass, with a reason per field (an import row or a REST batch item). */
import { Decimal } from 'decimal.js';
import { isCurrencyCode } from '../core/currencies.ts';
import type { FieldIssue } from '../core/errors.ts';
import { currencyProblem, dateProblem } from '../core/validate.ts';
import type { FxRate } from './events.ts';

export interface RawFxRate {
  date: string | null;
  base: string | null;
  quote: string | null;
  rate: string | null;
}

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;
/** More than enough for any published rate (ECB: at most 6 significant digits); bounds what a typo can store. */
const MAX_DECIMALS = 18;
const MAX_WHOLE_DIGITS = 12;

/** Null when the rate is a usable decimal string, else the reason. */
export function rateProblem(text: string): string | null {
  const match = DECIMAL.exec(text);
  if (!match) {
    if (/^-\d+(\.\d+)?$/.test(text)) return `${JSON.stringify(text)} is negative: a rate is greater than 0`;
    return `${JSON.stringify(text)} is not a decimal number (like 385.12, with a . separator)`;
  }
  if ((match[2] ?? '').length > MAX_DECIMALS) return `${JSON.stringify(text)} has ${match[2]!.length} decimals; at most ${MAX_DECIMALS}`;
  if (match[1]!.replace(/^0+(?=\d)/, '').length > MAX_WHOLE_DIGITS) return `${JSON.stringify(text)} is too large (at most ${MAX_WHOLE_DIGITS} digits before the .)`;
  if (new Decimal(text).isZero()) return `${JSON.stringify(text)} is zero: a rate is greater than 0`;
  return null;
}

/** Every problem of the rate at once. Currency codes are taken in either case and stored in capitals. */
export function validateFxRate(raw: RawFxRate): { rate: FxRate } | { issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const check = (field: keyof RawFxRate, problem: string | null) => {
    if (problem) issues.push({ field, message: problem });
  };
  const date = raw.date?.trim() ?? '';
  const rate = raw.rate?.trim() ?? '';
  check('date', date ? dateProblem(date) : 'is required');
  const currency = (field: 'base' | 'quote') => {
    const written = raw[field]?.trim() ?? '';
    const problem = !written ? 'is required' : isCurrencyCode(written.toUpperCase()) ? null : currencyProblem(written);
    check(field, problem);
    return problem ? null : written.toUpperCase();
  };
  const base = currency('base');
  const quote = currency('quote');
  if (base !== null && base === quote) check('quote', `is the base currency ${base} again: a currency's rate to itself is always 1`);
  check('rate', rate ? rateProblem(rate) : 'is required');
  if (issues.length || base === null || quote === null) return { issues };
  return { rate: { date, base, quote, rate } };
}
