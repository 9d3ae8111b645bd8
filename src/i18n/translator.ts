/**
 * The texts billstream writes, in a client's language: Fluent messages from
 * `src/i18n/locales/<language>/*.ftl` (every file of the folder, read once and kept; folders are
 * named by primary language: `hu`, not `hu-HU`), and numbers,
 * amounts and dates formatted for the locale with `Intl`. A language tag reads its primary
 * language's resources (`hu-HU` reads `hu`); a language without resources reads English and says
 * so (`fallback`); a message missing in a language reads the English one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FluentBundle, FluentResource } from '@fluent/bundle';
import { Decimal } from 'decimal.js';
import { isCurrencyCode, minorUnitDigits } from '../core/currencies.ts';

export type MessageArgs = Record<string, string | number | Date>;

export interface Translator {
  /** The language whose resources answer: `hu` for `hu-HU`, `en` for a language without resources. */
  readonly language: string;
  /** The tag asked for, as given. */
  readonly requested: string;
  /** The locale numbers and dates are formatted for (the tag asked for, or `en` on fallback). */
  readonly locale: string;
  /** True when the language asked for has no resources and English answers instead. */
  readonly fallback: boolean;
  /** The message `id` formatted with `args`; the English one when this language lacks it. Throws for an unknown id or a missing argument. */
  t(id: string, args?: MessageArgs): string;
  /** Whether `id` exists in this language or in English. */
  has(id: string): boolean;
  /** A decimal number (a decimal.js string or a number), every decimal it is written with kept ("37.30" too) unless `options` say otherwise. */
  number(value: string | number, options?: Intl.NumberFormatOptions): string;
  /** An amount (a decimal string) in `currency`, with at least the currency's minor unit digits and never fewer than it has. */
  money(amount: string, currency: string): string;
  /**
   * A calendar date 'YYYY-MM-DD' (or the date part of an ISO timestamp) for the locale: `long`
   * writes the month's name ("31 mars 2026"), `numeric` digits only ("31.03.2026"; English, with
   * no one national order of day and month, keeps ISO 8601 "2026-03-31").
   */
  date(isoDate: string, style?: 'long' | 'numeric'): string;
}

export const DEFAULT_LANGUAGE = 'en';

const LOCALES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'locales');

/** The primary language subtag of a BCP 47 tag, lower case: `hu` for `hu-HU`, `de` for `DE_at`. */
export function primaryLanguage(tag: string): string {
  return tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
}

function canonicalLocale(tag: string, language: string): string {
  try {
    return Intl.getCanonicalLocales(tag.replace(/_/g, '-'))[0] ?? language;
  } catch {
    return language;
  }
}

function plain(value: string | number): Decimal {
  const decimal = new Decimal(value);
  if (!decimal.isFinite()) throw new RangeError(`${String(value)} is not a finite number`);
  return decimal;
}

export interface Translations {
  /** The languages that have resources (the folders holding .ftl files), sorted. */
  languages(): string[];
  /** The message ids of each .ftl file of a language, by file name. */
  messageIds(language: string): Map<string, string[]>;
  /** The translator for a client's language tag (cached per tag). */
  translatorFor(requested: string): Translator;
}

/** The translations of a folder of `<language>/*.ftl` (billstream's own: `src/i18n/locales`). */
export function translationsIn(dir: string): Translations {
  let languages: string[] | undefined;
  const bundles = new Map<string, FluentBundle>();
  const ids = new Map<string, Map<string, string[]>>();
  const translators = new Map<string, Translator>();
  const shown = (language: string, file: string) => path.relative(process.cwd(), path.join(dir, language, file));

  const available = (): string[] =>
    (languages ??= fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && fs.readdirSync(path.join(dir, entry.name)).some((f) => f.endsWith('.ftl')))
      .map((entry) => entry.name)
      .sort());

  /** The bundle of one language, every .ftl file of its folder in name order; a file that does not parse, or an id defined twice, throws. */
  function bundleOf(language: string): FluentBundle {
    let bundle = bundles.get(language);
    if (bundle) return bundle;
    // No Unicode isolation marks: the texts go into invoices, documents and JSON as they read.
    bundle = new FluentBundle(language, { useIsolating: false });
    const byFile = new Map<string, string[]>();
    for (const file of fs.readdirSync(path.join(dir, language)).filter((f) => f.endsWith('.ftl')).sort()) {
      const source = fs.readFileSync(path.join(dir, language, file), 'utf8');
      const resource = new FluentResource(source);
      // FluentResource drops an entry it cannot parse without a word: count the entries the file starts.
      const starts = source.split('\n').filter((line) => /^-?[a-zA-Z][\w-]*\s*=/.test(line)).length;
      if (resource.body.length !== starts) throw new Error(`${shown(language, file)}: ${starts - resource.body.length} message(s) do not parse`);
      const problems = bundle.addResource(resource);
      if (problems.length) throw new Error(`${shown(language, file)}: ${problems.map((p) => p.message).join('; ')}`);
      byFile.set(file, resource.body.filter((entry) => !entry.id.startsWith('-')).map((entry) => entry.id));
    }
    bundles.set(language, bundle);
    ids.set(language, byFile);
    return bundle;
  }

  return {
    languages: available,
    messageIds(language) {
      bundleOf(language);
      return ids.get(language)!;
    },
    translatorFor(requested) {
      let translator = translators.get(requested);
      if (!translator) translators.set(requested, (translator = makeTranslator(requested, available(), bundleOf)));
      return translator;
    },
  };
}

const billstream = translationsIn(LOCALES_DIR);

/** The languages billstream writes (the folders of `src/i18n/locales`), sorted. */
export const availableLanguages = (): string[] => billstream.languages();

/** The translator for a client's language tag (cached per tag). */
export const translatorFor = (requested: string): Translator => billstream.translatorFor(requested);

function makeTranslator(requested: string, languages: string[], bundleOf: (language: string) => FluentBundle): Translator {
  const primary = primaryLanguage(requested);
  const fallback = !languages.includes(primary);
  const language = fallback ? DEFAULT_LANGUAGE : primary;
  const locale = fallback ? DEFAULT_LANGUAGE : canonicalLocale(requested, language);
  const own = bundleOf(language);
  const english = bundleOf(DEFAULT_LANGUAGE);

  const format = (bundle: FluentBundle, id: string, args?: MessageArgs): string => {
    const message = bundle.getMessage(id)!;
    if (!message.value) throw new Error(`message ${id} (${language}) has no value`);
    const errors: Error[] = [];
    const text = bundle.formatPattern(message.value, args ?? null, errors);
    if (errors.length) throw new Error(`message ${id} (${bundle.locales[0]}): ${errors.map((e) => e.message).join('; ')}`);
    return text;
  };

  // Intl formatters are slow to make (a DateTimeFormat about half a millisecond) and a bill run
  // writes dates and amounts on every invoice line: one per locale and options, kept.
  const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
  const numberFormat = (options: Intl.NumberFormatOptions): Intl.NumberFormat => {
    const key = `n${JSON.stringify(options)}`;
    let formatter = formatters.get(key) as Intl.NumberFormat | undefined;
    if (!formatter) formatters.set(key, (formatter = new Intl.NumberFormat(locale, options)));
    return formatter;
  };

  /** Dates as written, by style and ISO date (bounded: a run's dates are a handful). */
  const formattedDates = new Map<string, string>();

  const translator: Translator = {
    language,
    requested,
    locale,
    fallback,
    t(id, args) {
      if (own.hasMessage(id)) return format(own, id, args);
      if (english.hasMessage(id)) return format(english, id, args);
      throw new Error(`no message ${id} in ${language} or ${DEFAULT_LANGUAGE}`);
    },
    has: (id) => own.hasMessage(id) || english.hasMessage(id),
    number(value, options) {
      const decimal = plain(value);
      // The digits the value is written with: "37.30" keeps its 0.
      const written = typeof value === 'string' ? /^[-+]?\d*\.(\d+)$/.exec(value.trim())?.[1]?.length : undefined;
      const digits = Math.min(written ?? decimal.decimalPlaces(), 100);
      return numberFormat({ minimumFractionDigits: digits, maximumFractionDigits: digits, ...options }).format(decimal.toFixed() as Intl.StringNumericLiteral);
    },
    money(amount, currency) {
      const decimal = plain(amount);
      // The ISO 4217 minor unit, never Intl's own default (hu writes HUF with no decimals, and
      // an invoice's HUF amounts have two); more digits when the amount has them (unit prices).
      const minor = isCurrencyCode(currency) ? minorUnitDigits(currency) : 2;
      const digits = Math.min(Math.max(minor, decimal.decimalPlaces()), 100);
      return numberFormat({ style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(
        decimal.toFixed() as Intl.StringNumericLiteral,
      );
    },
    date(isoDate, style = 'long') {
      // A bill run writes the same few cycle dates on every invoice: Intl's formatting once per date.
      const memoKey = `${style}|${isoDate}`;
      const memo = formattedDates.get(memoKey);
      if (memo !== undefined) return memo;
      const formatted = formatDate(isoDate, style);
      if (formattedDates.size >= 1000) formattedDates.clear();
      formattedDates.set(memoKey, formatted);
      return formatted;
    },
  };

  function formatDate(isoDate: string, style: 'long' | 'numeric'): string {
    const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
    if (!match) throw new RangeError(`${JSON.stringify(isoDate)} is not an ISO date`);
    if (style === 'numeric' && language === DEFAULT_LANGUAGE) return `${match[1]}-${match[2]}-${match[3]}`;
    const day = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
    const key = `d${style}`;
    let formatter = formatters.get(key) as Intl.DateTimeFormat | undefined;
    if (!formatter) {
      const options: Intl.DateTimeFormatOptions = style === 'long' ? { dateStyle: 'long' } : { year: 'numeric', month: '2-digit', day: '2-digit' };
      formatters.set(key, (formatter = new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' })));
    }
    return formatter.format(day);
  }
  return translator;
}
