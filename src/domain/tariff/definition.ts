/**
 * Tariff packages (FORMATS.md tariffs/*.yaml) as plain, validated data: what the operator charges
 * for a service category, from a date (`validFrom`; a new version supersedes from its date).
 * Checks report the path of each bad value (`usage[0].tiers[1].price`) so imports can point at
 * its line and column.
 */
import { Decimal } from 'decimal.js';
import { amountSizeProblem } from '../../core/money.ts';
import { SERVICE_CATEGORIES, type ServiceCategory } from '../catalog/decider.ts';
import { currencyProblem, dateProblem, idProblem, languageProblem, textValue } from '../../core/validate.ts';
import { EVENT_USAGE_TYPES } from '../usage/events.ts';

export const PERIODS = ['monthly', 'quarterly', 'yearly'] as const;
import { DATA_UNITS, tiersFromDefinition } from '../../rating/tiers.ts';
import { parsePriceNano, PriceFormatError } from '../../rating/amount.ts';
export { DATA_UNITS };

export type Names = Record<string, string>;

/** A name in a language: the language tag, its primary language, English, or whichever name there is. */
export function localName(names: Names, language: string): string {
  return names[language] ?? names[language.split('-')[0]!] ?? names.en ?? Object.values(names)[0] ?? '';
}

export interface RecurringFee {
  code: string;
  name: Names;
  amount: string;
  period: (typeof PERIODS)[number];
  billed: 'advance' | 'arrears';
}

export interface OneTimeFee {
  code: string;
  name: Names;
  amount: string;
  on: 'activation' | 'termination';
}

export interface BandWindow {
  days: string[];
  from: string;
  to: string;
}

export interface Allowance {
  quantity: number;
}

export type UsageComponent =
  | { type: 'voice'; deck: string; bands: { peak: BandWindow | BandWindow[] } | null; allowance: Allowance | null }
  | { type: 'data'; unit: (typeof DATA_UNITS)[number]; tiering: 'graduated' | 'volume'; tiers: { upTo: string | null; price: string }[]; allowance: Allowance | null }
  | { type: (typeof EVENT_USAGE_TYPES)[number]; price: string; allowance: Allowance | null };

export interface TariffDefinition {
  id: string;
  name: Names;
  currency: string;
  validFrom: string;
  category: ServiceCategory;
  recurring: RecurringFee[];
  oneTime: OneTimeFee[];
  usage: UsageComponent[];
  /** Network access over RADIUS (docs/radius.md); absent: the tariff gives no network access. Absent rather than null so tariffs without it keep their content hash. */
  radius?: RadiusAuthorization;
}

/**
 * What a NAS is told for a subscription of the tariff (the tariff's `radius:` section). Rates in
 * bit/s; each is sent as the Mikrotik, WISPr and ChilliSpot attribute (a NAS ignores vendors it
 * does not know). `attributes` are further reply attributes by dictionary name, checked against
 * the bundled dictionary when the tariff is imported.
 */
export interface RadiusAuthorization {
  rateLimit: { upBitsPerSecond: number; downBitsPerSecond: number } | null;
  sessionTimeout: number | null;
  interimInterval: number;
  framedPool: string | null;
  attributes: Record<string, string | number>;
}

/** Acct-Interim-Interval when the section does not say: five minutes. */
export const DEFAULT_INTERIM_INTERVAL = 300;
/** The largest rate: WISPr's bandwidth attributes are 32-bit integers of bit/s. */
export const MAX_RATE_BITS_PER_SECOND = 4_294_967_295;
export const MAX_SESSION_TIMEOUT = 31_536_000;
export const MAX_EXTRA_RADIUS_ATTRIBUTES = 32;
/**
 * Attributes the server sets itself (from this section, for the protocol or for accounting): an
 * extra attribute may not replace them, or two different values would reach the NAS.
 */
export const RADIUS_ATTRIBUTES_SET_BY_BILLSTREAM = [
  'Session-Timeout', 'Acct-Interim-Interval', 'Framed-Pool', 'Class', 'Message-Authenticator', 'Proxy-State', 'State', 'EAP-Message',
  'User-Name', 'User-Password', 'CHAP-Password', 'Reply-Message',
  'Mikrotik-Rate-Limit', 'WISPr-Bandwidth-Max-Up', 'WISPr-Bandwidth-Max-Down', 'ChilliSpot-Bandwidth-Max-Up', 'ChilliSpot-Bandwidth-Max-Down',
] as const;

const RADIUS_FIELDS = ['rateLimit', 'sessionTimeout', 'interimInterval', 'framedPool', 'attributes'] as const;
const RATE_LIMIT_FIELDS = ['up', 'down'] as const;
const RATE_UNITS: Record<string, number> = { '': 1, k: 1_000, K: 1_000, M: 1_000_000, G: 1_000_000_000 };

/** A rate as written (`10M`, `512k`, `1G`, or bit/s as a whole number) in bit/s, or a problem. */
export function parseRate(value: unknown): number | string {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : null;
  const match = text === null ? null : /^(\d{1,10})([kKMG]?)$/.exec(text);
  if (!match) return `${JSON.stringify(value)} is not a rate (bit/s as a whole number, or with k, M or G: 512k, 10M, 1G)`;
  const bits = Number(match[1]) * RATE_UNITS[match[2]!]!;
  if (bits < 1 || bits > MAX_RATE_BITS_PER_SECOND) return `${text} is not from 1 bit/s to ${MAX_RATE_BITS_PER_SECOND} bit/s (a 32-bit attribute)`;
  return bits;
}

function wholeNumber(value: unknown, min: number, max: number, path: string, issues: PathIssue[]): number | null {
  if (Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max) return value as number;
  issues.push({ path, message: `${JSON.stringify(value)} is not a whole number of seconds from ${min} to ${max}` });
  return null;
}

function radiusAuthorization(value: unknown, issues: PathIssue[]): RadiusAuthorization | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value)) {
    issues.push({ path: 'radius', message: 'the radius section is a mapping: rateLimit, sessionTimeout, interimInterval, framedPool, attributes' });
    return undefined;
  }
  unknownFields(value, RADIUS_FIELDS, 'radius', issues);
  let rateLimit: RadiusAuthorization['rateLimit'] = null;
  if (value.rateLimit !== undefined && value.rateLimit !== null) {
    if (!isObject(value.rateLimit)) issues.push({ path: 'radius.rateLimit', message: 'a rate limit is { up: 10M, down: 50M }' });
    else {
      unknownFields(value.rateLimit, RATE_LIMIT_FIELDS, 'radius.rateLimit', issues);
      const rates = RATE_LIMIT_FIELDS.map((direction) => {
        const raw = (value.rateLimit as Obj)[direction];
        const rate = raw === undefined || raw === null ? `is required (like ${direction === 'up' ? '10M' : '50M'})` : parseRate(raw);
        if (typeof rate === 'string') issues.push({ path: `radius.rateLimit.${direction}`, message: rate });
        return typeof rate === 'number' ? rate : 0;
      });
      rateLimit = { upBitsPerSecond: rates[0]!, downBitsPerSecond: rates[1]! };
    }
  }
  const sessionTimeout = value.sessionTimeout === undefined || value.sessionTimeout === null ? null : wholeNumber(value.sessionTimeout, 1, MAX_SESSION_TIMEOUT, 'radius.sessionTimeout', issues);
  // RFC 2869 s5.16: an interim interval under 60 seconds loads the network for nothing.
  const interimInterval = value.interimInterval === undefined || value.interimInterval === null ? DEFAULT_INTERIM_INTERVAL : wholeNumber(value.interimInterval, 60, 86_400, 'radius.interimInterval', issues) ?? DEFAULT_INTERIM_INTERVAL;
  let framedPool: string | null = null;
  if (value.framedPool !== undefined && value.framedPool !== null) {
    if (typeof value.framedPool !== 'string' || !/^[\x21-\x7e]{1,253}$/.test(value.framedPool)) issues.push({ path: 'radius.framedPool', message: `${JSON.stringify(value.framedPool)} is not a pool name (1 to 253 printable ASCII characters, no spaces)` });
    else framedPool = value.framedPool;
  }
  const attributes: Record<string, string | number> = {};
  if (value.attributes !== undefined && value.attributes !== null) {
    if (!isObject(value.attributes)) issues.push({ path: 'radius.attributes', message: 'extra attributes are a mapping of dictionary names to values, like { Cisco-AVPair: "ip:addr-pool=x" }' });
    else {
      const entries = Object.entries(value.attributes);
      if (entries.length > MAX_EXTRA_RADIUS_ATTRIBUTES) issues.push({ path: 'radius.attributes', message: `${entries.length} attributes; at most ${MAX_EXTRA_RADIUS_ATTRIBUTES}` });
      for (const [name, attributeValue] of entries.slice(0, MAX_EXTRA_RADIUS_ATTRIBUTES)) {
        const path = `radius.attributes.${name}`;
        if ((RADIUS_ATTRIBUTES_SET_BY_BILLSTREAM as readonly string[]).includes(name)) issues.push({ path, message: `${name} is set by billstream itself (from the radius section or the protocol); it cannot be an extra attribute` });
        else if (typeof attributeValue === 'string' && attributeValue.length <= 253) attributes[name] = attributeValue;
        else if (Number.isSafeInteger(attributeValue)) attributes[name] = attributeValue as number;
        else issues.push({ path, message: `${JSON.stringify(attributeValue)} is not an attribute value (text up to 253 characters, or a whole number)` });
      }
    }
  }
  return { rateLimit, sessionTimeout, interimInterval, framedPool, attributes };
}

export interface PathIssue {
  path: string;
  message: string;
}

type Obj = Record<string, unknown>;
const isObject = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Decimal amounts as strings (never floats): "5.00". Numbers written without quotes are accepted when exact. */
function amount(value: unknown, path: string, issues: PathIssue[], { allowNegative = false, money = true } = {}): string {
  // Trimmed before anything reads it: Decimal refuses surrounding whitespace (a tab: "\t5.00") with an exception.
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : value;
  if (typeof text !== 'string' || !/^-?\d+(\.\d+)?$/.test(text)) {
    issues.push({ path, message: `${JSON.stringify(value)} is not a decimal amount (like "5.00")` });
    return '0';
  }
  if (!allowNegative && new Decimal(text).isNegative()) issues.push({ path, message: `${text} is negative` });
  const tooLarge = money ? amountSizeProblem(text) : null;
  if (tooLarge) issues.push({ path, message: tooLarge });
  return text;
}

function names(value: unknown, path: string, issues: PathIssue[]): Names {
  if (typeof value === 'string' && value.trim()) return { en: value.trim() };
  if (!isObject(value) || Object.keys(value).length === 0) {
    issues.push({ path, message: 'expected names by language, like { en: Home VoIP, hu: Otthoni VoIP }' });
    return {};
  }
  const out: Names = {};
  for (const [language, text] of Object.entries(value)) {
    const problem = languageProblem(language);
    if (problem) issues.push({ path: `${path}.${language}`, message: problem });
    else if (typeof text !== 'string' || !text.trim()) issues.push({ path: `${path}.${language}`, message: 'is empty' });
    else out[language] = text.trim();
  }
  return out;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], path: string, issues: PathIssue[], fallback?: T): T {
  if ((value === undefined || value === null) && fallback !== undefined) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  issues.push({ path, message: `${JSON.stringify(value)} is not one of ${allowed.join(', ')}` });
  return allowed[0]!;
}

function allowance(value: unknown, path: string, issues: PathIssue[]): Allowance | null {
  if (value === undefined || value === null) return null;
  if (!isObject(value) || !Number.isSafeInteger(value.quantity) || (value.quantity as number) < 0) {
    issues.push({ path: `${path}.quantity`, message: 'an allowance is { quantity: <whole number of units per cycle> }' });
    return null;
  }
  // The quantity is in the usage's own unit (seconds, the tariff's data unit, events): a `unit`, `perCall` or `rollover` would be ignored.
  unknownFields(value, ALLOWANCE_FIELDS, path, issues);
  return { quantity: value.quantity as number };
}

function list(value: unknown, path: string, issues: PathIssue[]): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    issues.push({ path, message: 'expected a list' });
    return [];
  }
  return value;
}

/** A setting nothing reads is refused rather than ignored (a misspelt `tiering` would price graduated). */
function unknownFields(value: Obj, known: readonly string[], path: string, issues: PathIssue[]): void {
  for (const key of Object.keys(value)) if (!known.includes(key)) issues.push({ path: `${path}.${key}`, message: `unknown field (expected one of ${known.join(', ')})` });
}

const RECURRING_FIELDS = ['code', 'name', 'amount', 'period', 'billed'] as const;
const ONE_TIME_FIELDS = ['code', 'name', 'amount', 'on'] as const;
const VOICE_FIELDS = ['type', 'deck', 'bands', 'allowance'] as const;
const DATA_FIELDS = ['type', 'unit', 'tiering', 'tiers', 'allowance'] as const;
const TIER_FIELDS = ['upTo', 'price'] as const;
const ALLOWANCE_FIELDS = ['quantity'] as const;
const EVENT_FIELDS = ['type', 'price', 'allowance'] as const;

function text(value: unknown, path: string, issues: PathIssue[]): string {
  const written = textValue(value);
  if (written !== null) return written;
  issues.push({ path, message: value === undefined || value === null ? 'is required' : `${JSON.stringify(value)} is not text` });
  return '';
}

const KNOWN_KEYS = new Set(['id', 'name', 'currency', 'validFrom', 'category', 'recurring', 'oneTime', 'usage', 'radius']);

export function readTariff(value: unknown): { tariff: TariffDefinition; issues: PathIssue[] } {
  const issues: PathIssue[] = [];
  const doc: Obj = isObject(value) ? value : {};
  if (!isObject(value)) issues.push({ path: '', message: 'a tariff file holds one mapping: id, name, currency, validFrom, category, recurring, oneTime, usage, radius' });
  for (const key of Object.keys(doc)) if (!KNOWN_KEYS.has(key)) issues.push({ path: key, message: `unknown field (expected one of ${[...KNOWN_KEYS].join(', ')})` });
  const id = text(doc.id, 'id', issues);
  if (id) {
    const problem = idProblem(id);
    if (problem) issues.push({ path: 'id', message: problem });
  }
  // Any case, stored in capitals, as every import takes currency codes.
  const currency = text(doc.currency, 'currency', issues).toUpperCase();
  if (currency) {
    const problem = currencyProblem(currency);
    if (problem) issues.push({ path: 'currency', message: problem });
  }
  // YAML reads an unquoted 2026-01-01 as a date: take it back as the calendar date it was written as.
  const validFromRaw = doc.validFrom instanceof Date ? doc.validFrom.toISOString().slice(0, 10) : doc.validFrom;
  const validFrom = text(validFromRaw, 'validFrom', issues);
  if (validFrom) {
    const problem = dateProblem(validFrom);
    if (problem) issues.push({ path: 'validFrom', message: problem });
  }
  const tariff: TariffDefinition = {
    id,
    name: names(doc.name, 'name', issues),
    currency,
    validFrom,
    category: oneOf(doc.category, SERVICE_CATEGORIES, 'category', issues),
    recurring: list(doc.recurring, 'recurring', issues).map((raw, i) => {
      const path = `recurring[${i}]`;
      const fee: Obj = isObject(raw) ? raw : {};
      unknownFields(fee, RECURRING_FIELDS, path, issues);
      return {
        code: text(fee.code, `${path}.code`, issues),
        name: names(fee.name, `${path}.name`, issues),
        amount: amount(fee.amount, `${path}.amount`, issues),
        period: oneOf(fee.period, PERIODS, `${path}.period`, issues, 'monthly'),
        billed: oneOf(fee.billed, ['advance', 'arrears'] as const, `${path}.billed`, issues, 'advance'),
      };
    }),
    oneTime: list(doc.oneTime, 'oneTime', issues).map((raw, i) => {
      const path = `oneTime[${i}]`;
      const fee: Obj = isObject(raw) ? raw : {};
      unknownFields(fee, ONE_TIME_FIELDS, path, issues);
      return {
        code: text(fee.code, `${path}.code`, issues),
        name: names(fee.name, `${path}.name`, issues),
        amount: amount(fee.amount, `${path}.amount`, issues),
        on: oneOf(fee.on, ['activation', 'termination'] as const, `${path}.on`, issues, 'activation'),
      };
    }),
    usage: list(doc.usage, 'usage', issues).map((raw, i) => usageComponent(raw, `usage[${i}]`, issues)),
  };
  const radius = radiusAuthorization(doc.radius, issues);
  if (radius) tariff.radius = radius;
  const codes = new Map<string, string>();
  [...tariff.recurring.map((f, i) => [f.code, `recurring[${i}].code`]), ...tariff.oneTime.map((f, i) => [f.code, `oneTime[${i}].code`])].forEach(([code, path]) => {
    if (!code) return;
    if (codes.has(code!)) issues.push({ path: path!, message: `code ${code} is used twice (also at ${codes.get(code!)})` });
    else codes.set(code!, path!);
  });
  const types = new Map<string, number>();
  tariff.usage.forEach((component, i) => {
    if (withoutType.has(component)) return;
    if (types.has(component.type)) issues.push({ path: `usage[${i}].type`, message: `${component.type} is rated twice (also by usage[${types.get(component.type)}])` });
    else types.set(component.type, i);
  });
  return { tariff, issues };
}

function usageComponent(raw: unknown, path: string, issues: PathIssue[]): UsageComponent {
  const component: Obj = isObject(raw) ? raw : {};
  const type = component.type;
  const allowed = ['voice', 'data', ...EVENT_USAGE_TYPES];
  if (type === 'voice') {
    unknownFields(component, VOICE_FIELDS, path, issues);
    const bands = component.bands;
    if (bands !== undefined && bands !== null && (!isObject(bands) || Object.keys(bands).some((k) => k !== 'peak'))) {
      issues.push({ path: `${path}.bands`, message: 'bands are { peak: { days: [Mon, …], from: "08:00", to: "18:00" } } (or a list of such windows); the rest is offpeak' });
    }
    return {
      type: 'voice',
      deck: text(component.deck, `${path}.deck`, issues),
      bands: isObject(bands) && bands.peak !== undefined ? { peak: bands.peak as BandWindow | BandWindow[] } : null,
      allowance: allowance(component.allowance, `${path}.allowance`, issues),
    };
  }
  if (type === 'data') {
    unknownFields(component, DATA_FIELDS, path, issues);
    const tiers = list(component.tiers, `${path}.tiers`, issues).map((rawTier, t) => {
      const at = `${path}.tiers[${t}]`;
      if (!isObject(rawTier)) {
        issues.push({ path: at, message: `a tier is a mapping { upTo, price }, not ${JSON.stringify(rawTier)}` });
        return { upTo: null, price: '0', bad: true };
      }
      unknownFields(rawTier, TIER_FIELDS, at, issues);
      const upTo = rawTier.upTo === null || rawTier.upTo === undefined ? null : amount(rawTier.upTo, `${at}.upTo`, issues, { money: false });
      if (upTo !== null && /^\d+(\.\d+)?$/.test(upTo) && new Decimal(upTo).isZero()) issues.push({ path: `${at}.upTo`, message: `${upTo} must be greater than 0` });
      if (rawTier.price === undefined || rawTier.price === null) {
        issues.push({ path: `${at}.price`, message: 'is required (a decimal amount per unit, like "0.50")' });
        return { upTo, price: '0', bad: true };
      }
      return { upTo, price: amount(rawTier.price, `${at}.price`, issues), bad: false };
    });
    if (tiers.length === 0) issues.push({ path: `${path}.tiers`, message: 'data usage needs at least one tier (the last with upTo: null)' });
    tiers.forEach((tier, t) => {
      if (tier.bad) return;
      const last = t === tiers.length - 1;
      if (last && tier.upTo !== null) issues.push({ path: `${path}.tiers[${t}].upTo`, message: 'the last tier has upTo: null (no upper limit)' });
      if (!last && tier.upTo === null) issues.push({ path: `${path}.tiers[${t}].upTo`, message: 'only the last tier may be open-ended' });
      const previous = tiers[t - 1]?.upTo;
      if (tier.upTo !== null && previous !== undefined && previous !== null && new Decimal(tier.upTo).lessThanOrEqualTo(previous)) {
        issues.push({ path: `${path}.tiers[${t}].upTo`, message: `${tier.upTo} is not above the previous tier's ${previous}` });
      }
    });
    const clean = tiers.map(({ upTo, price }) => ({ upTo, price }));
    // The rule rating prices the cycle with (src/rating/tiers.ts): whatever it would refuse is refused
    // here, so no stored tier table can fail to price later (the checks above name the exact value).
    if (tiers.length > 0 && !tiers.some((tier) => tier.bad) && !issues.some((issue) => issue.path.startsWith(`${path}.tiers`))) {
      const rated = tiersFromDefinition(clean);
      if ('problems' in rated) for (const problem of rated.problems) issues.push({ path: `${path}.tiers`, message: problem });
    }
    return {
      type: 'data',
      unit: oneOf(component.unit, DATA_UNITS, `${path}.unit`, issues, 'GB'),
      tiering: oneOf(component.tiering, ['graduated', 'volume'] as const, `${path}.tiering`, issues, 'graduated'),
      tiers: clean,
      allowance: allowance(component.allowance, `${path}.allowance`, issues),
    };
  }
  if (typeof type === 'string' && (EVENT_USAGE_TYPES as readonly string[]).includes(type)) {
    unknownFields(component, EVENT_FIELDS, path, issues);
    const price = amount(component.price, `${path}.price`, issues);
    // Each record is priced in nano-units (src/rating/amount.ts): a price it cannot hold is refused now, not when rating.
    try {
      parsePriceNano(price);
    } catch (error) {
      if (!(error instanceof PriceFormatError)) throw error;
      if (!issues.some((issue) => issue.path === `${path}.price`)) issues.push({ path: `${path}.price`, message: error.message });
    }
    return { type: type as (typeof EVENT_USAGE_TYPES)[number], price, allowance: allowance(component.allowance, `${path}.allowance`, issues) };
  }
  issues.push({ path: `${path}.type`, message: `${JSON.stringify(type)} is not a usage type (${allowed.join(', ')})` });
  const placeholder: UsageComponent = { type: 'sms', price: '0', allowance: null };
  withoutType.add(placeholder);
  return placeholder;
}

/** Components whose type was refused: they stand in the list so paths keep their numbers, and rate nothing (no "rated twice" after the type's own error). */
const withoutType = new WeakSet<UsageComponent>();
