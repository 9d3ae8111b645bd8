/**
 * The words billstream writes on invoice lines and legal mentions, in the invoice's language. The
 * domain says what to write; the caller gives the words (the application takes them from the
 * translations, src/i18n/invoice-texts.ts), so invoicing stays pure. Codes stay beside the texts
 * in the invoice: a line's code and usage type, destination and band, a VAT group's mention key.
 */
export interface InvoiceTexts {
  /** A usage line: its type and band in words, the destination as the rate deck names it. */
  usage(usage: { type: string; destination: string | null; band: string | null }): string;
  /** A recurring fee line: the fee's name, its first and last day, and the share of its period when not whole. */
  recurring(line: { name: string; credit: boolean; start: string; last: string; days: number; daysInPeriod: number }): string;
  /** A one-time fee taken back (its trigger withdrawn, or fewer units than were billed): the fee's name. */
  oneTimeReversed(name: string): string;
  /** The legal mention a VAT treatment's mention key asks for (src/tax/vat.ts); throws for an unknown key. */
  vatMention(mentionKey: string): string;
}
