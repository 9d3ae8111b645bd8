/**
 * The invoice texts of one language (what `InvoiceTexts` asks the domain's callers for), from the
 * messages of `locales/<language>/invoice.ftl`: usage types and bands in words, recurring fee
 * periods with dates for the locale, credited lines and the VAT legal mentions.
 */
import type { InvoiceTexts } from '../domain/invoice/texts.ts';
import { translatorFor, type Translator } from './translator.ts';

/** Mention keys are message ids after `vat-mention-`: letters, digits, `-` and `_`. */
const MENTION_KEY = /^[a-zA-Z][\w-]*$/;

function mentionId(key: string): string {
  if (!MENTION_KEY.test(key)) throw new RangeError(`no VAT mention for ${JSON.stringify(key)}`);
  return `vat-mention-${key}`;
}

type Texts = InvoiceTexts & { creditedLine(description: string, invoiceNumber: string): string };

/** Line texts kept per language: a bill run writes the same few hundred on thousands of invoices. */
const MAX_REMEMBERED_TEXTS = 10_000;
const textsOf = new WeakMap<Translator, Texts>();

/** Remembers what `make` gives for a key, up to MAX_REMEMBERED_TEXTS keys (then starts over). */
function remembered<A>(keyOf: (args: A) => string, make: (args: A) => string): (args: A) => string {
  const texts = new Map<string, string>();
  return (args) => {
    const key = keyOf(args);
    let text = texts.get(key);
    if (text === undefined) {
      if (texts.size >= MAX_REMEMBERED_TEXTS) texts.clear();
      texts.set(key, (text = make(args)));
    }
    return text;
  };
}

/** The texts of the translator's language (one object per translator, remembering the line texts it wrote). */
export function invoiceTexts(translator: Translator): Texts {
  let texts = textsOf.get(translator);
  if (!texts) textsOf.set(translator, (texts = makeInvoiceTexts(translator)));
  return texts;
}

function makeInvoiceTexts(translator: Translator): Texts {
  const { t } = translator;
  return {
    usage: remembered(
      ({ type, destination, band }) => `${type}\u0000${destination ?? ''}\u0000${band ?? ''}\u0000${destination === null ? 0 : 1}${band === null ? 0 : 1}`,
      ({ type, destination, band }) => [t('invoice-usage-type', { type }), destination, band ? t('invoice-usage-band', { band }) : null].filter(Boolean).join(' · '),
    ),
    recurring: remembered(
      ({ name, credit, start, last, days, daysInPeriod }) => JSON.stringify([name, credit, start, last, days, daysInPeriod]),
      ({ name, credit, start, last, days, daysInPeriod }) => {
        const span = { name, start: translator.date(start, 'numeric'), end: translator.date(last, 'numeric') };
        const text = t(credit ? 'invoice-recurring-credit' : 'invoice-recurring-charge', span);
        return days === daysInPeriod ? text : t('invoice-recurring-part', { text, days, daysInPeriod });
      },
    ),
    oneTimeReversed: (name) => t('invoice-one-time-reversed', { name }),
    vatMention(key) {
      const id = mentionId(key);
      if (!translator.has(id)) throw new RangeError(`no VAT mention for ${JSON.stringify(key)}`);
      return t(id);
    },
    creditedLine: (description, number) => t('invoice-credited-line', { description, number }),
  };
}

/**
 * The legal mention for a VAT category or mention key in a language (a BCP 47 tag: `de-AT` reads
 * `de`), English when the language has none; null for S, which needs none. Throws for an unknown
 * key: an invoice missing its legal mention must not be issued.
 */
export function vatMention(categoryOrMentionKey: string, language: string): string | null {
  if (categoryOrMentionKey === 'S') return null;
  return invoiceTexts(translatorFor(language)).vatMention(categoryOrMentionKey);
}
