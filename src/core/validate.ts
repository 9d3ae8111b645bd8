/**
 * Field checks shared by deciders and imports. Each returns null when the value is fine, else
 * the reason, so a caller can collect every problem of a row at once.
 */
import { Temporal } from 'temporal-polyfill';
import { addDays, calendarDateProblem, epochDayOf } from './calendar-date.ts';
import { isCountryCode } from './countries.ts';
import { isCurrencyCode, minorUnitDigits } from './currencies.ts';
import { InvalidParameterError, type FieldIssue } from './errors.ts';

export type Check = string | null;

export function countryProblem(value: string): Check {
  return isCountryCode(value) ? null : `${JSON.stringify(value)} is not an ISO 3166-1 alpha-2 country code`;
}

export function currencyProblem(value: string): Check {
  return isCurrencyCode(value) ? null : `${JSON.stringify(value)} is not an ISO 4217 currency code`;
}

/**
 * A currency invoices can be issued in: EN 16931 states every invoice amount (and the VAT in the
 * seller's national currency) with at most two decimals (BR-DEC-*), so a three-decimal currency
 * such as KWD would issue invoices that no e-invoice can carry. Prices, rates and payments may
 * still be in it.
 */
export function invoiceCurrencyProblem(value: string): Check {
  const problem = currencyProblem(value);
  if (problem) return problem;
  const digits = minorUnitDigits(value);
  return digits > 2 ? `${value} has ${digits} decimals: EN 16931 e-invoices state amounts with at most 2, so invoices cannot be in ${value}` : null;
}

/** IANA time zone names only (`Europe/Budapest`); offsets like `+01:00` cannot follow daylight saving time. */
export function timeZoneProblem(value: string): Check {
  if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+\-]+)+$/.test(value) && value !== 'UTC') return `${JSON.stringify(value)} is not an IANA time zone name (like Europe/Budapest)`;
  try {
    Temporal.Now.instant().toZonedDateTimeISO(value);
    return null;
  } catch {
    return `${JSON.stringify(value)} is not a known IANA time zone`;
  }
}

/** BCP 47 language tags (`hu`, `de-AT`): invoices are written in this language. */
export function languageProblem(value: string): Check {
  try {
    const [canonical] = Intl.getCanonicalLocales(value);
    return canonical ? null : `${JSON.stringify(value)} is not a BCP 47 language tag`;
  } catch {
    return `${JSON.stringify(value)} is not a BCP 47 language tag (like hu, de, en)`;
  }
}

export function emailProblem(value: string): Check {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) ? null : `${JSON.stringify(value)} is not an e-mail address`;
}

/** Strict ISO 8601 calendar dates (`2026-10-11`). */
export function dateProblem(value: string): Check {
  const problem = calendarDateProblem(value);
  if (problem) return problem;
  if (value < EARLIEST_DATE || value > LATEST_DATE) return `${value} is outside the dates billstream takes (${EARLIEST_DATE} to ${LATEST_DATE}): a typo of the year?`;
  return null;
}

/**
 * The dates billstream takes, anywhere (a contract's start, a tariff's validFrom, a query's
 * bound): 1900 to 2199. A year like 0026 or 9999 is a typo, and billing cycles, public holidays
 * and time zones are not computed that far: one such date would stop every bill run.
 */
export const EARLIEST_DATE = '1900-01-01';
export const LATEST_DATE = '2199-12-31';

/**
 * A date given as a request parameter: the spec's date format is a pattern only, and a date the
 * calendar does not have (2026-02-30) would select from the next month on. Refused with a 400.
 */
export function requireDateParameter(field: string, value: string): void {
  const problem = dateProblem(value);
  if (problem) throw InvalidParameterError.field(field, problem);
}

/** Strict ISO 8601 instants with an offset or `Z`. */
export function instantProblem(value: string): Check {
  try {
    Temporal.Instant.from(value);
    return null;
  } catch {
    return `${JSON.stringify(value)} is not an instant with an offset (like 2026-10-11T08:15:00Z)`;
  }
}

/**
 * An instant given as a request parameter (`asOf`): the spec's date-time format does not check
 * the calendar, and `Date.parse` reads 2026-02-30 as March 2nd. Refused with a 400.
 */
export function requireInstantParameter(field: string, value: string): void {
  const problem = instantProblem(value);
  if (problem) throw InvalidParameterError.field(field, problem);
}

/** -1, 0 or 1 as date `a` is before, on or after `b` (both valid: check them with dateProblem first). */
export function compareDates(a: string, b: string): number {
  return Math.sign(epochDayOf(a) - epochDayOf(b));
}

/** The earliest date money may have moved on: before it, a date is a typo (0026 for 2026), not a bank's record. */
export const EARLIEST_MONEY_DATE = '2000-01-01';

/**
 * The days after today billstream takes a date that may lie ahead (a bill run's as-of date, a
 * payment's), and where they end: today plus the horizon (BILLSTREAM_BILL_RUN_HORIZON_DAYS).
 */
export interface DateHorizon {
  today: string;
  horizonDays: number;
}

/** The latest date within the horizon. */
export function horizonEnd(horizon: DateHorizon): string {
  return addDays(horizon.today, horizon.horizonDays);
}

/**
 * The date of a movement of money (a payment received, allocated, refunded, written off): a
 * calendar date from 2000 on and within the horizon. A payment may be entered ahead of its value
 * date (a transfer ordered for a later day), but a date further ahead than a bill run may go is a
 * typo of the year (2099), not a bank's record.
 */
export function moneyDateProblem(value: string, horizon: DateHorizon): Check {
  // Money's own bounds (2000 to the horizon) lie within every date's, and say more.
  const problem = calendarDateProblem(value);
  if (problem) return problem;
  if (compareDates(value, EARLIEST_MONEY_DATE) < 0) return `${value} is before ${EARLIEST_MONEY_DATE}, the earliest date billstream takes for money`;
  const latest = horizonEnd(horizon);
  if (compareDates(value, latest) > 0) return `${value} is more than ${horizon.horizonDays} days after today (${horizon.today}): the latest date taken is ${latest} (BILLSTREAM_BILL_RUN_HORIZON_DAYS sets the horizon)`;
  return null;
}

/**
 * A text field's value in a YAML file: a non-blank string, trimmed, or a number as written. The
 * YAML reader (src/import/yaml.ts) keeps an unquoted number that would not print back as written
 * (`007`, `1.50`) as its text, so a number that reaches here prints as written (`9.2`, `42`).
 * Null when the value is neither.
 */
export function textValue(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() || null;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/** Ids used in stream names and URLs: letters, digits and `_ . : -`, at most 64. */
export function idProblem(value: string): Check {
  return /^[A-Za-z0-9][A-Za-z0-9_.:\-]{0,63}$/.test(value) ? null : `${JSON.stringify(value)} is not a valid id (letters, digits, _ . : -, at most 64)`;
}

/** A start date (required) and an exclusive end date (optional) that must come after it. */
export function checkPeriod(issues: Issues, startDate: string, endDate: string | null): void {
  const startOk = issues.require('startDate', startDate) && !dateProblem(startDate);
  if (startDate) issues.check('startDate', dateProblem(startDate));
  if (endDate === null) return;
  const problem = dateProblem(endDate);
  issues.check('endDate', problem);
  if (!problem && startOk && compareDates(endDate, startDate) <= 0) issues.check('endDate', `${endDate} is not after the start ${startDate} (the end is exclusive)`);
}

/** Collects issues: `issues.check('country', countryProblem(x))`. */
export class Issues {
  readonly list: FieldIssue[] = [];
  check(field: string, problem: Check): void {
    if (problem) this.list.push({ field, message: problem });
  }
  require(field: string, value: unknown): boolean {
    if (value === null || value === undefined || value === '') {
      this.list.push({ field, message: 'is required' });
      return false;
    }
    return true;
  }
  /** At most `max` characters (the API's maxLength: a file import takes what the API takes); null or absent passes. */
  length(field: string, value: string | null | undefined, max: number): void {
    if (typeof value === 'string' && value.length > max) this.list.push({ field, message: `is ${value.length} characters long: at most ${max}` });
  }
  /** A postal address's parts within the API's bounds (PostalAddress: line1 and line2 200, city 100, postal code 20 characters). */
  address(field: string, address: { line1?: string; line2?: string; city?: string; postalCode?: string } | null | undefined): void {
    if (!address) return;
    this.length(`${field}.line1`, address.line1, 200);
    this.length(`${field}.line2`, address.line2, 200);
    this.length(`${field}.city`, address.city, 100);
    this.length(`${field}.postalCode`, address.postalCode, 20);
  }
  get empty(): boolean {
    return this.list.length === 0;
  }
}
