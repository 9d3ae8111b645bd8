/**
 * The console's texts: Fluent messages from `/console/locales/<lang>.ftl` (served from
 * src/i18n/locales/<lang>/console.ftl, the same folders as the documents' texts), English
 * answering any message a language lacks; numbers, amounts and dates formatted with Intl for
 * the language. Every message id starts with `console-`.
 */
import { FluentBundle, FluentResource, type FluentVariable } from '@fluent/bundle';
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

export const LANGUAGES = ['en', 'hu', 'de', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];
/** Each language named in itself, for the switcher. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', hu: 'Magyar', de: 'Deutsch', fr: 'Français' };

export type Args = Record<string, FluentVariable>;

export interface I18n {
  language: Language;
  /** The message, or its id when no language has it (visible, never blank). */
  t(id: string, args?: Args): string;
  number(value: number | string, options?: Intl.NumberFormatOptions): string;
  /** A decimal amount string in a currency, to its minor unit at least. */
  money(amount: string | null | undefined, currency: string): string;
  /** A calendar date `YYYY-MM-DD` (or the date of an instant). */
  date(value: string | null | undefined): string;
  /** An instant, to the minute, in the browser's time zone. */
  dateTime(value: string | null | undefined): string;
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The language to show: the one chosen in this browser, else the user's, else the browser's, else English. */
export function pickLanguage(chosen: string | null, user: string | null | undefined): Language {
  if (isLanguage(chosen)) return chosen;
  const primary = (tag: string) => tag.toLowerCase().split(/[-_]/)[0];
  if (user && isLanguage(primary(user))) return primary(user) as Language;
  for (const tag of navigator.languages ?? [navigator.language]) {
    const language = primary(tag);
    if (isLanguage(language)) return language;
  }
  return 'en';
}

const CHOSEN_KEY = 'billstream.console.language';
export function chosenLanguage(): string | null {
  try {
    return localStorage.getItem(CHOSEN_KEY);
  } catch {
    return null;
  }
}
export function chooseLanguage(language: Language): void {
  try {
    localStorage.setItem(CHOSEN_KEY, language);
  } catch {
    // Private windows may refuse storage: the choice then lasts as long as the page.
  }
}

const resources = new Map<Language, Promise<FluentResource>>();
function resourceOf(language: Language): Promise<FluentResource> {
  let resource = resources.get(language);
  if (!resource) {
    resource = fetch(`/console/locales/${language}.ftl`, { credentials: 'same-origin' }).then(async (response) => {
      if (!response.ok) throw new Error(`the ${language} texts did not load (HTTP ${response.status})`);
      return new FluentResource(await response.text());
    });
    resource.catch(() => resources.delete(language));
    resources.set(language, resource);
  }
  return resource;
}

function bundleOf(language: Language, resource: FluentResource): FluentBundle {
  const bundle = new FluentBundle(language, { useIsolating: false });
  bundle.addResource(resource);
  return bundle;
}

export async function loadI18n(language: Language): Promise<I18n> {
  const [own, english] = await Promise.all([resourceOf(language), language === 'en' ? null : resourceOf('en')]);
  const bundles = [bundleOf(language, own), ...(english ? [bundleOf('en', english)] : [])];
  return makeI18n(language, bundles);
}

/** The texts and formats of a language from its loaded bundles (the first that has a message says it). */
export function makeI18n(language: Language, bundles: FluentBundle[]): I18n {
  const numberFormats = new Map<string, Intl.NumberFormat>();
  const numberFormat = (options: Intl.NumberFormatOptions) => {
    const key = JSON.stringify(options);
    let format = numberFormats.get(key);
    if (!format) numberFormats.set(key, (format = new Intl.NumberFormat(language, options)));
    return format;
  };
  const dateFormat = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: 'UTC' });
  const dateTimeFormat = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });
  return {
    language,
    t(id, args) {
      for (const bundle of bundles) {
        const message = bundle.getMessage(id);
        if (message?.value) return bundle.formatPattern(message.value, args);
      }
      return id;
    },
    number(value, options = {}) {
      // A decimal string is formatted as written (Intl reads strings exactly), keeping its decimals.
      const decimals = typeof value === 'string' ? (value.split('.')[1]?.length ?? 0) : undefined;
      const format = numberFormat({ minimumFractionDigits: decimals, maximumFractionDigits: Math.max(decimals ?? 3, 3), ...options });
      return format.format(value as Intl.StringNumericLiteral);
    },
    money(amount, currency) {
      if (amount === null || amount === undefined || amount === '') return '';
      try {
        const minor = numberFormat({ style: 'currency', currency }).resolvedOptions().minimumFractionDigits ?? 2;
        const decimals = Math.max(minor, amount.split('.')[1]?.length ?? 0);
        return numberFormat({ style: 'currency', currency, minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(amount as Intl.StringNumericLiteral);
      } catch {
        return `${amount} ${currency}`;
      }
    },
    date(value) {
      if (!value) return '';
      const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
      if (!match) return value;
      return dateFormat.format(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
    },
    dateTime(value) {
      if (!value) return '';
      const time = Date.parse(value);
      return Number.isNaN(time) ? value : dateTimeFormat.format(time);
    },
  };
}

/** Before any text has loaded: ids stand for themselves. */
const NONE = makeI18n('en', []);

export const I18nContext = createContext<I18n>(NONE);
export function useI18n(): I18n {
  return useContext(I18nContext);
}
