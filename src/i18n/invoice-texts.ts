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

export function invoiceTexts(translator: Translator): InvoiceTexts & { creditedLine(description: string, invoiceNumber: string): string } {
  const { t } = translator;
  return {
    usage: ({ type, destination, band }) =>
      [t('invoice-usage-type', { type }), destination, band ? t('invoice-usage-band', { band }) : null].filter(Boolean).join(' · '),
    recurring({ name, credit, start, last, days, daysInPeriod }) {
      const span = { name, start: translator.date(start, 'numeric'), end: translator.date(last, 'numeric') };
      const text = t(credit ? 'invoice-recurring-credit' : 'invoice-recurring-charge', span);
      return days === daysInPeriod ? text : t('invoice-recurring-part', { text, days, daysInPeriod });
    },
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
