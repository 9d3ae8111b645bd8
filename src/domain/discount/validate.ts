/**
 * Reads a discount scheme (FORMATS.md discounts/*.yaml, the JSON body of POST /discounts) into
 * the shared `DiscountScheme` (definition.ts), reporting every bad value with its path
 * (`thresholds[1].percent`) so that an import can point at its line and column.
 *
 * Nothing is stored that nothing reads: a key that is not part of the format (or not part of the
 * scheme's kind: `amount` on a percentage) is refused, never kept and ignored.
 *
 * Numbers: amounts and percentages are decimal strings ("12.5", "5000.00"). A number written
 * without quotes (YAML `percent: 12`) is taken as the decimal it prints as, when that is exact
 * (at most 15 significant digits, no exponent); otherwise it is refused with "write it in
 * quotes". Prefixes must be quoted (a YAML number loses its leading zeros). Whole numbers
 * (priority, tenureMonths, firstCycles) are plain integers.
 */
import { Decimal } from 'decimal.js';
import { amountSizeProblem } from '../../core/money.ts';
import { SERVICE_CATEGORIES } from '../catalog/decider.ts';
import { USAGE_TYPES } from '../usage/events.ts';
import { compareDates, currencyProblem, dateProblem, idProblem, languageProblem, textValue } from '../../core/validate.ts';
import { parsePriceNano, PriceFormatError } from '../../rating/amount.ts';
import type { Names } from '../tariff/definition.ts';
import { DISCOUNT_KINDS, type DiscountConditions, type DiscountKind, type DiscountScheme, type DiscountScope, type LineSelector } from './definition.ts';

export interface PathIssue {
  path: string;
  message: string;
}

/** The charge kinds `on.charges` selects (RULES.md 20: a discount line itself is never selected). */
export const SELECTABLE_CHARGES = ['recurring', 'one-time', 'usage'] as const;
/** The lists a scope may name, and the entity each names. */
export const SCOPE_LISTS = ['clients', 'contracts', 'subscriptions', 'tariffs', 'partners'] as const;
export type ScopeList = (typeof SCOPE_LISTS)[number];

const COMMON_FIELDS = ['id', 'name', 'validFrom', 'validTo', 'scope', 'kind', 'on', 'when', 'priority', 'group', 'cap'] as const;
/** The fields each kind adds to the common ones. */
export const KIND_FIELDS: Record<DiscountKind, readonly string[]> = {
  percentage: ['percent'],
  fixed: ['amount', 'currency'],
  volume: ['thresholds'],
  commitment: ['minimum', 'currency', 'category'],
  'free-units': ['usageType', 'quantity'],
  'price-override': ['usageType', 'prefixes', 'peak', 'offpeak', 'currency'],
};
const ALL_KIND_FIELDS = [...new Set(Object.values(KIND_FIELDS).flat())];
const SELECTOR_FIELDS = ['charges', 'usageTypes', 'categories', 'codes'] as const;
const CONDITION_FIELDS = ['categoriesActive', 'tenureMonths', 'firstCycles'] as const;
const THRESHOLD_FIELDS = ['from', 'percent'] as const;
/** Bounds of list sizes: a scheme is configuration, not bulk data. */
const MAX_LIST = 1000;

type Obj = Record<string, unknown>;
const isObject = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);

class Reader {
  readonly issues: PathIssue[] = [];
  add(path: string, message: string): void {
    this.issues.push({ path, message });
  }
  has(path: string): boolean {
    return this.issues.some((issue) => issue.path === path || issue.path.startsWith(`${path}.`) || issue.path.startsWith(`${path}[`));
  }

  unknownFields(value: Obj, known: readonly string[], path: string, what = 'field'): void {
    for (const key of Object.keys(value)) {
      if (!known.includes(key)) this.add(path ? `${path}.${key}` : key, `unknown ${what} (expected one of ${known.join(', ')})`);
    }
  }

  text(value: unknown, path: string): string {
    const written = textValue(value);
    if (written !== null) return written;
    this.add(path, value === undefined || value === null || value === '' ? 'is required' : `${JSON.stringify(value)} is not text`);
    return '';
  }

  id(value: unknown, path: string): string {
    const id = this.text(value, path);
    if (id) {
      const problem = idProblem(id);
      if (problem) this.add(path, problem);
    }
    return id;
  }

  /** A calendar date; YAML's unquoted 2026-01-01 (a Date) is taken back as the date it was written as. */
  date(value: unknown, path: string): string {
    const raw = value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString().slice(0, 10) : value;
    const text = this.text(raw, path);
    if (!text) return '';
    const problem = dateProblem(text);
    if (problem) {
      this.add(path, problem);
      return '';
    }
    return text;
  }

  /** A decimal string; exact YAML/JSON numbers are taken as the decimal they print as. */
  decimal(value: unknown, path: string): Decimal | null {
    let text: string;
    if (typeof value === 'number') {
      text = String(value);
      const digits = text.replace(/^-/, '').replace('.', '').replace(/^0+/, '');
      if (!Number.isFinite(value) || !/^-?\d+(\.\d+)?$/.test(text) || digits.length > 15) {
        this.add(path, `${text} cannot be read exactly as a number: write it in quotes, like "${text}"`);
        return null;
      }
    } else if (typeof value === 'string') {
      text = value.trim();
    } else {
      this.add(path, value === undefined || value === null ? 'is required (a decimal, like "12.5")' : `${JSON.stringify(value)} is not a decimal (like "12.5")`);
      return null;
    }
    if (!/^-?\d{1,20}(\.\d{1,12})?$/.test(text)) {
      this.add(path, `${JSON.stringify(value)} is not a decimal (like "12.5": digits, at most one point)`);
      return null;
    }
    return new Decimal(text);
  }

  /** A percentage from 0 to 100. */
  percent(value: unknown, path: string): string {
    const d = this.decimal(value, path);
    if (!d) return '0';
    if (d.isNegative()) this.add(path, `${d.toString()} is below 0 (a percentage is from 0 to 100)`);
    else if (d.greaterThan(100)) this.add(path, `${d.toString()} is over 100 (a percentage is from 0 to 100)`);
    return asWritten(value, d);
  }

  /** An amount greater than 0 (`positive`) or at least 0. */
  amount(value: unknown, path: string, { positive }: { positive: boolean }): string {
    const d = this.decimal(value, path);
    if (!d) return '0';
    if (d.isNegative()) this.add(path, `${d.toString()} is negative`);
    else if (positive && d.isZero()) this.add(path, `${d.toString()} must be greater than 0`);
    const tooLarge = amountSizeProblem(d.toFixed());
    if (tooLarge) this.add(path, tooLarge);
    return asWritten(value, d);
  }

  /** Any case, stored in capitals, as every import takes currency codes. */
  currency(value: unknown, path: string): string {
    const text = this.text(value, path).toUpperCase();
    if (text) {
      const problem = currencyProblem(text);
      if (problem) this.add(path, problem);
    }
    return text;
  }

  /** A whole number; `min` the smallest allowed. */
  integer(value: unknown, path: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      this.add(path, value === undefined || value === null ? 'is required (a whole number)' : `${JSON.stringify(value)} is not a whole number`);
      return min;
    }
    if (value < min || value > max) this.add(path, `${value} is not from ${min} to ${max}`);
    return value;
  }

  oneOf<T extends string>(value: unknown, allowed: readonly T[], path: string): T | null {
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    this.add(path, value === undefined || value === null ? `is required (one of ${allowed.join(', ')})` : `${JSON.stringify(value)} is not one of ${allowed.join(', ')}`);
    return null;
  }

  /** A non-empty list (absent: null); each item read by `item`, duplicates refused. */
  list<T>(value: unknown, path: string, item: (raw: unknown, at: string) => T | null): T[] | null {
    if (value === undefined || value === null) return null;
    if (!Array.isArray(value)) {
      this.add(path, `expected a list, like [${JSON.stringify(value)}]`);
      return [];
    }
    if (value.length === 0) {
      this.add(path, 'is an empty list: it would match nothing (leave it out instead)');
      return [];
    }
    if (value.length > MAX_LIST) {
      this.add(path, `has ${value.length} items, more than the ${MAX_LIST} a list may have`);
      return [];
    }
    const out: T[] = [];
    const seen = new Map<string, number>();
    value.forEach((raw, i) => {
      const at = `${path}[${i}]`;
      const read = item(raw, at);
      if (read === null) return;
      const key = JSON.stringify(read);
      if (seen.has(key)) this.add(at, `${JSON.stringify(read)} is listed twice (also ${path}[${seen.get(key)}])`);
      else {
        seen.set(key, i);
        out.push(read);
      }
    });
    return out;
  }

  names(value: unknown, path: string): Names {
    if (typeof value === 'string' && value.trim()) return { en: value.trim() };
    if (!isObject(value) || Object.keys(value).length === 0) {
      this.add(path, value === undefined || value === null ? 'is required: names by language, like { en: Triple play bundle, hu: Triple play csomag }' : 'expected names by language, like { en: Triple play bundle, hu: Triple play csomag }');
      return {};
    }
    const out: Names = {};
    for (const [language, text] of Object.entries(value)) {
      const problem = languageProblem(language);
      if (problem) this.add(`${path}.${language}`, problem);
      else if (typeof text !== 'string' || !text.trim()) this.add(`${path}.${language}`, 'is empty');
      else if (text.trim().length > 200) this.add(`${path}.${language}`, 'is longer than 200 characters');
      else out[language] = text.trim();
    }
    return out;
  }
}

/** A decimal as the user wrote it (trimmed); a number as the decimal it prints as. */
function asWritten(value: unknown, d: Decimal): string {
  return typeof value === 'string' ? value.trim() : d.toFixed();
}

function scope(r: Reader, value: unknown): DiscountScope {
  if (!isObject(value)) {
    r.add('scope', value === undefined || value === null ? 'is required: { everyone: true } or lists of ids (clients, contracts, subscriptions, tariffs, partners)' : 'expected { everyone: true } or lists of ids (clients, contracts, subscriptions, tariffs, partners)');
    return {};
  }
  r.unknownFields(value, ['everyone', ...SCOPE_LISTS], 'scope');
  const out: DiscountScope = {};
  const lists = SCOPE_LISTS.filter((key) => value[key] !== undefined && value[key] !== null);
  if (value.everyone !== undefined && value.everyone !== null) {
    if (value.everyone !== true) r.add('scope.everyone', `${JSON.stringify(value.everyone)}: everyone is true or left out (then name the ids: clients, contracts, subscriptions, tariffs, partners)`);
    else if (lists.length) r.add('scope.everyone', `everyone: true applies to every contract: leave out ${lists.join(', ')} (or everyone)`);
    else out.everyone = true;
    return out;
  }
  if (lists.length === 0 && !Object.keys(value).some((key) => !SCOPE_LISTS.includes(key as ScopeList))) {
    r.add('scope', 'names no one: { everyone: true } or one or more lists of ids (clients, contracts, subscriptions, tariffs, partners)');
  }
  for (const key of lists) {
    const ids = r.list(value[key], `scope.${key}`, (raw, at) => r.id(raw, at) || null);
    if (ids) out[key] = ids;
  }
  return out;
}

function selector(r: Reader, value: unknown): LineSelector {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) {
    r.add('on', 'expected a mapping of selectors, like { charges: [recurring], categories: [internet] }');
    return {};
  }
  r.unknownFields(value, SELECTOR_FIELDS, 'on', 'selector');
  const out: LineSelector = {};
  const charges = r.list(value.charges, 'on.charges', (raw, at) => r.oneOf(raw, SELECTABLE_CHARGES, at));
  if (charges) out.charges = charges;
  const usageTypes = r.list(value.usageTypes, 'on.usageTypes', (raw, at) => r.oneOf(raw, USAGE_TYPES, at));
  if (usageTypes) out.usageTypes = usageTypes;
  const categories = r.list(value.categories, 'on.categories', (raw, at) => r.oneOf(raw, SERVICE_CATEGORIES, at));
  if (categories) out.categories = categories;
  const codes = r.list(value.codes, 'on.codes', (raw, at) => {
    const code = r.text(raw, at);
    if (code.length > 64) r.add(at, 'is longer than 64 characters');
    return code || null;
  });
  if (codes) out.codes = codes;
  return out;
}

function conditions(r: Reader, value: unknown): DiscountConditions {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) {
    r.add('when', 'expected a mapping of conditions, like { categoriesActive: [internet, voip, catv] }');
    return {};
  }
  r.unknownFields(value, CONDITION_FIELDS, 'when', 'condition');
  const out: DiscountConditions = {};
  const categories = r.list(value.categoriesActive, 'when.categoriesActive', (raw, at) => r.oneOf(raw, SERVICE_CATEGORIES, at));
  if (categories) out.categoriesActive = categories;
  if (value.tenureMonths !== undefined && value.tenureMonths !== null) out.tenureMonths = r.integer(value.tenureMonths, 'when.tenureMonths', 1, 1200);
  if (value.firstCycles !== undefined && value.firstCycles !== null) out.firstCycles = r.integer(value.firstCycles, 'when.firstCycles', 1, 1200);
  return out;
}

/** A price per minute: at least 0, and one rating can hold (src/rating/amount.ts, nano-units). */
function price(r: Reader, value: unknown, path: string): string {
  const text = r.amount(value, path, { positive: false });
  if (r.has(path)) return text;
  try {
    parsePriceNano(text);
  } catch (error) {
    if (!(error instanceof PriceFormatError)) throw error;
    r.add(path, error.message);
  }
  return text;
}

function kindFields(r: Reader, kind: DiscountKind, doc: Obj): Record<string, unknown> {
  switch (kind) {
    case 'percentage':
      return { percent: r.percent(doc.percent, 'percent') };
    case 'fixed':
      return { amount: r.amount(doc.amount, 'amount', { positive: true }), currency: r.currency(doc.currency, 'currency') };
    case 'volume': {
      const raw = doc.thresholds;
      if (!Array.isArray(raw) || raw.length === 0) {
        r.add('thresholds', 'needs at least one threshold, like [{ from: "10000", percent: "5" }]');
        return { thresholds: [] };
      }
      if (raw.length > 100) r.add('thresholds', `has ${raw.length} thresholds, more than 100`);
      const thresholds = raw.slice(0, 100).map((item: unknown, i) => {
        const at = `thresholds[${i}]`;
        if (!isObject(item)) {
          r.add(at, `a threshold is a mapping { from, percent }, not ${JSON.stringify(item)}`);
          return { from: '0', percent: '0' };
        }
        r.unknownFields(item, THRESHOLD_FIELDS, at);
        return { from: r.amount(item.from, `${at}.from`, { positive: false }), percent: r.percent(item.percent, `${at}.percent`) };
      });
      thresholds.forEach((threshold, i) => {
        const previous = thresholds[i - 1];
        if (!previous || r.has(`thresholds[${i}].from`) || r.has(`thresholds[${i - 1}].from`) || !isObject(raw[i]) || !isObject(raw[i - 1])) return;
        if (new Decimal(threshold.from).lessThanOrEqualTo(previous.from)) r.add(`thresholds[${i}].from`, `${threshold.from} is not above the previous threshold's ${previous.from} (thresholds go up)`);
      });
      return { thresholds };
    }
    case 'commitment':
      return {
        minimum: r.amount(doc.minimum, 'minimum', { positive: true }),
        currency: r.currency(doc.currency, 'currency'),
        category: r.oneOf(doc.category, SERVICE_CATEGORIES, 'category') ?? '',
      };
    case 'free-units': {
      const usageType = r.oneOf(doc.usageType, USAGE_TYPES, 'usageType') ?? '';
      const d = r.decimal(doc.quantity, 'quantity');
      let quantity = '0';
      if (d) {
        if (!d.isInteger() || !d.isPositive() || d.isZero()) r.add('quantity', `${d.toString()} is not a whole number above 0 (units per cycle, as a tariff's allowance)`);
        quantity = d.toFixed();
      }
      return { usageType, quantity };
    }
    case 'price-override': {
      if (doc.usageType !== 'voice') r.add('usageType', doc.usageType === undefined || doc.usageType === null ? 'is required: voice (price overrides replace per-minute voice prices)' : `${JSON.stringify(doc.usageType)}: only voice prices are overridden (per-minute prices of a deck)`);
      const prefixes = r.list(doc.prefixes, 'prefixes', (raw, at) => {
        if (typeof raw !== 'string') {
          r.add(at, typeof raw === 'number' ? `${raw}: write prefixes in quotes ("${raw}"), a number loses its leading zeros` : `${JSON.stringify(raw)} is not a prefix (digits, like "3630")`);
          return null;
        }
        if (!/^\d{1,15}$/.test(raw.trim())) {
          r.add(at, `${JSON.stringify(raw)} is not a prefix: digits only (no + or spaces), at most 15`);
          return null;
        }
        return raw.trim();
      });
      if (prefixes === null) r.add('prefixes', 'needs at least one prefix, like ["3630"]');
      return {
        usageType: 'voice',
        prefixes: prefixes ?? [],
        peak: price(r, doc.peak, 'peak'),
        offpeak: price(r, doc.offpeak, 'offpeak'),
        currency: r.currency(doc.currency, 'currency'),
      };
    }
  }
}

/**
 * Reads one scheme: the scheme as stored (every field, canonical order, defaults filled in) and
 * every problem with its path. The scheme is meaningful only when there are no issues.
 *
 * Defaults: `validTo`, `group`, `cap` null; `on` and `when` empty (every charge line, no
 * condition); `priority` 0.
 */
export function readDiscountScheme(value: unknown): { scheme: DiscountScheme; issues: PathIssue[] } {
  const r = new Reader();
  const doc: Obj = isObject(value) ? value : {};
  if (!isObject(value)) r.add('', 'a discount scheme is a mapping: id, name, validFrom, validTo, scope, kind, its fields, on, when, priority, group, cap');

  const kind = r.oneOf(doc.kind, DISCOUNT_KINDS, 'kind');
  const known = kind ? [...COMMON_FIELDS, ...KIND_FIELDS[kind]] : [...COMMON_FIELDS, ...ALL_KIND_FIELDS];
  for (const key of Object.keys(doc)) {
    if (known.includes(key)) continue;
    if (kind && ALL_KIND_FIELDS.includes(key)) r.add(key, `is not a field of a ${kind} scheme (its fields: ${KIND_FIELDS[kind].join(', ')})`);
    else r.add(key, `unknown field (expected one of ${[...COMMON_FIELDS, ...ALL_KIND_FIELDS].join(', ')})`);
  }

  const id = r.id(doc.id, 'id');
  const name = r.names(doc.name, 'name');
  const validFrom = r.date(doc.validFrom, 'validFrom');
  const validTo = doc.validTo === undefined || doc.validTo === null ? null : r.date(doc.validTo, 'validTo') || null;
  if (validFrom && validTo && compareDates(validTo, validFrom) <= 0) r.add('validTo', `${validTo} is not after validFrom ${validFrom} (validTo is the first day it no longer applies)`);
  const scopeValue = scope(r, doc.scope);
  const fields = kind ? kindFields(r, kind, doc) : {};
  const on = selector(r, doc.on);
  const when = conditions(r, doc.when);
  const priority = doc.priority === undefined || doc.priority === null ? 0 : r.integer(doc.priority, 'priority', -1_000_000, 1_000_000);
  const group = doc.group === undefined || doc.group === null ? null : r.id(doc.group, 'group') || null;
  const cap = doc.cap === undefined || doc.cap === null ? null : r.amount(doc.cap, 'cap', { positive: true });
  // Free units and price overrides act in rating (RULES 22), on usage, not on charge lines: a line
  // selection, an exclusive group or a cap would be stored and never applied, so none is taken.
  if (kind === 'free-units' || kind === 'price-override') {
    if (isObject(doc.on) && Object.keys(doc.on).length > 0) r.add('on', `a ${kind} scheme acts in rating, not on charge lines: leave out on`);
    if (group !== null) r.add('group', `a ${kind} scheme acts in rating: exclusive groups are for charge discounts; leave out group`);
    if (cap !== null) r.add('cap', `a ${kind} scheme acts in rating: a cap is for charge discounts; leave out cap`);
  }

  const scheme = {
    id,
    name,
    validFrom,
    validTo,
    scope: scopeValue,
    kind: kind ?? 'percentage',
    ...fields,
    on,
    when,
    priority,
    group,
    cap,
  } as DiscountScheme;
  return { scheme, issues: r.issues };
}

/** Every id the scope names, with the path it stands at (`scope.clients[0]`): the import checks they exist. */
export function scopeReferences(scheme: Pick<DiscountScheme, 'scope'>): { path: string; list: ScopeList; id: string }[] {
  return SCOPE_LISTS.flatMap((list) => (scheme.scope[list] ?? []).map((id, i) => ({ path: `scope.${list}[${i}]`, list, id })));
}
