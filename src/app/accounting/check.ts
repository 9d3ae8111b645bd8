/**
 * The journal's invariants as findings, for `billstream verify`: every entry balances (debits =
 * credits in the national currency), every line is one-sided and non-negative, and each legal
 * entity's journal balances in total (TigerBeetle's "debits posted = credits posted").
 */
import { Decimal } from 'decimal.js';
import { forEachDocument, type ReadStore } from '../../readstore/port.ts';
import { entryTotals } from '../../domain/accounting/journal.ts';
import { JOURNAL, JOURNAL_STATE, type InvoiceBook, type JournalDocument } from '../../../projections/journal.projection.ts';
import { RECEIVABLES, type ReceivableDocument } from '../../../projections/receivables.projection.ts';
import { PAYMENTS, type PaymentDocument } from '../../../projections/payments.projection.ts';
import type { OpenItem } from '../../domain/accounting/posting.ts';
import { amountOpen } from '../../domain/receivables/receivable.ts';
import { formatMoney } from '../../core/money.ts';

export interface JournalFinding {
  kind: 'unbalanced-entry' | 'malformed-line' | 'unbalanced-total' | 'receivable-differs' | 'customer-credit-differs';
  /** The entry's id and cursor (absent for a total). */
  entryId?: string;
  cursor?: string;
  legalEntityId: string;
  message: string;
}

export async function journalFindings(readStore: ReadStore): Promise<JournalFinding[]> {
  const findings: JournalFinding[] = [];
  const totals = new Map<string, { currency: string; debit: Decimal; credit: Decimal; entries: number }>();
  await forEachDocument<JournalDocument>(readStore, JOURNAL, {}, (entry) => {
    const at = { entryId: entry.id, cursor: entry.cursor, legalEntityId: entry.legalEntityId };
    entry.lines.forEach((line, i) => {
      const debit = new Decimal(line.debit);
      const credit = new Decimal(line.credit);
      if (debit.isNegative() || credit.isNegative() || (!debit.isZero() && !credit.isZero())) {
        findings.push({ kind: 'malformed-line', ...at, message: `journal entry ${entry.id} (${entry.kind} ${entry.ref}) line ${i + 1}: debit ${line.debit} and credit ${line.credit} (one side, not negative)` });
      }
    });
    const { debit, credit } = entryTotals(entry);
    if (!debit.equals(credit)) {
      findings.push({ kind: 'unbalanced-entry', ...at, message: `journal entry ${entry.id} (${entry.kind} ${entry.ref}, ${entry.date}): debits ${debit.toFixed()} ≠ credits ${credit.toFixed()} ${entry.currency}` });
    }
    const total = totals.get(entry.legalEntityId) ?? { currency: entry.currency, debit: new Decimal(0), credit: new Decimal(0), entries: 0 };
    totals.set(entry.legalEntityId, { ...total, debit: total.debit.plus(debit), credit: total.credit.plus(credit), entries: total.entries + 1 });
  });
  for (const [legalEntityId, total] of [...totals].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!total.debit.equals(total.credit)) {
      findings.push({ kind: 'unbalanced-total', legalEntityId, message: `journal of ${legalEntityId}: ${total.entries} entries, debits ${total.debit.toFixed()} ≠ credits ${total.credit.toFixed()} ${total.currency}` });
    }
  }
  return findings;
}

/**
 * The subledgers against the books: what the journal keeps open on each issued invoice's
 * receivable must be what the receivables views say is open on it (`amountDue`: its total less
 * credit notes, allocations and write-offs), and each payment's customer credit what the payments
 * view says is left of it. A difference means the books and what the client is told disagree.
 * Invoices and payments the journal does not book (no rate to the national currency) are skipped.
 */
export async function subledgerFindings(readStore: ReadStore): Promise<JournalFinding[]> {
  const findings: JournalFinding[] = [];
  await forEachDocument<ReceivableDocument>(readStore, RECEIVABLES, {}, async (doc) => {
    if (doc.status !== 'issued') return;
    const book = ((await readStore.get(JOURNAL_STATE, `invoice:${doc.id}`))?.book ?? null) as InvoiceBook | null;
    if (!book?.open) return;
    const open = amountOpen(doc);
    if (!open.equals(book.open.open)) {
      findings.push({ kind: 'receivable-differs', legalEntityId: doc.legalEntityId ?? book.legalEntityId, message: `invoice ${doc.number}: the journal keeps ${formatMoney(new Decimal(book.open.open), book.currency)} ${book.currency} open on its receivable, the receivables views ${formatMoney(open, book.currency)}` });
    }
  });
  await forEachDocument<PaymentDocument>(readStore, PAYMENTS, {}, async (payment) => {
    const credit = ((await readStore.get(JOURNAL_STATE, `payment:${payment.paymentId}`))?.open ?? null) as OpenItem | null;
    if (credit && !new Decimal(credit.open).equals(payment.remaining)) {
      findings.push({ kind: 'customer-credit-differs', legalEntityId: payment.legalEntityId, message: `payment ${payment.paymentId}: the journal keeps ${formatMoney(new Decimal(credit.open), payment.currency)} ${payment.currency} of it on customer credit, the payments view ${payment.remaining}` });
    }
  });
  return findings;
}

