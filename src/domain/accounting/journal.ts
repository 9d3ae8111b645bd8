/**
 * Journal entries: balanced double entries in the legal entity's national currency, each line
 * keeping the transaction currency, its amount and the rate that converted it. What the books and
 * the accounting software receive; what `journalFindings` checks.
 */
import { Decimal } from 'decimal.js';
import { formatMoney, roundToMinorUnit } from '../../core/money.ts';

export const JOURNAL_KINDS = ['invoice', 'credit-note', 'payment', 'allocation', 'refund', 'write-off'] as const;
export type JournalKind = (typeof JOURNAL_KINDS)[number];

export interface JournalLine {
  account: string;
  /** National currency, with its minor-unit digits; one of debit and credit is zero. */
  debit: string;
  credit: string;
  /** The transaction currency, the line's amount in it (positive) and its rate to the national currency. */
  currency: string;
  amount: string;
  rate: string;
}

export interface JournalEntry {
  id: string;
  date: string;
  legalEntityId: string;
  kind: JournalKind;
  /** What caused it: the invoice or credit note number, the payment id, payment/invoice for an allocation. */
  ref: string;
  /** The national currency every debit and credit is in. */
  currency: string;
  lines: JournalLine[];
}

/** A line before it is written: a signed national amount (positive debits) and a signed transaction amount. */
export interface Posting {
  account: string;
  national: Decimal;
  currency: string;
  amount: Decimal;
  rate: string;
}

/** The line of a posting: a positive amount debits the account, a negative one credits it. */
export function lineOf(posting: Posting, nationalCurrency: string): JournalLine {
  const zero = formatMoney(new Decimal(0), nationalCurrency);
  const national = formatMoney(posting.national.abs(), nationalCurrency);
  const debit = posting.national.isPositive() && !posting.national.isZero();
  return {
    account: posting.account,
    debit: debit ? national : zero,
    credit: debit ? zero : national,
    currency: posting.currency,
    amount: posting.amount.abs().toFixed(),
    rate: posting.rate,
  };
}

/** An amount of `currency` converted at `rate` to the national currency, rounded half-up to its minor unit (the one conversion of the journal). */
export function toNational(amount: Decimal.Value, rate: Decimal.Value, nationalCurrency: string): Decimal {
  return roundToMinorUnit(new Decimal(amount).times(rate), nationalCurrency);
}

export function entryTotals(entry: Pick<JournalEntry, 'lines'>): { debit: Decimal; credit: Decimal } {
  let debit = new Decimal(0);
  let credit = new Decimal(0);
  for (const line of entry.lines) {
    debit = debit.plus(line.debit);
    credit = credit.plus(line.credit);
  }
  return { debit, credit };
}

export function isBalanced(entry: Pick<JournalEntry, 'lines'>): boolean {
  const { debit, credit } = entryTotals(entry);
  return debit.equals(credit);
}

/** The journal as CSV: one row per line of an entry, the entry's fields repeated on each. */
export const JOURNAL_CSV_COLUMNS = ['entryId', 'date', 'legalEntityId', 'kind', 'ref', 'line', 'account', 'debit', 'credit', 'nationalCurrency', 'currency', 'amount', 'rate', 'cursor'] as const;

export const JOURNAL_CSV_HEADER = JOURNAL_CSV_COLUMNS.join(',') + '\r\n';

const NEEDS_QUOTES = /[",\r\n]/;

function csvField(value: string | number): string {
  const text = String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * An entry's CSV rows (JOURNAL_CSV_COLUMNS), CRLF-terminated as RFC 4180 says. The journal
 * projection keeps them beside each entry (the CSV export sends them as stored), so a change here
 * is a change of the projection's documents: bump its version.
 */
export function journalCsvRowsOf(entry: JournalEntry & { cursor: string }): string {
  const head = `${csvField(entry.id)},${csvField(entry.date)},${csvField(entry.legalEntityId)},${csvField(entry.kind)},${csvField(entry.ref)},`;
  const nationalCurrency = csvField(entry.currency);
  const cursor = csvField(entry.cursor);
  let out = '';
  entry.lines.forEach((line, i) => {
    out += `${head}${i + 1},${csvField(line.account)},${csvField(line.debit)},${csvField(line.credit)},${nationalCurrency},${csvField(line.currency)},${csvField(line.amount)},${csvField(line.rate)},${cursor}\r\n`;
  });
  return out;
}
