/**
 * The journal's invariants as findings, for `billstream verify`: every entry balances (debits =
 * credits in the national currency), every line is one-sided and non-negative, and each legal
 * entity's journal balances in total (TigerBeetle's "debits posted = credits posted").
 */
import { Decimal } from 'decimal.js';
import { forEachDocument, type ReadStore } from '../../readstore/port.ts';
import { entryTotals } from '../../domain/accounting/journal.ts';
import { JOURNAL, type JournalDocument } from '../../../projections/journal.projection.ts';

export interface JournalFinding {
  kind: 'unbalanced-entry' | 'malformed-line' | 'unbalanced-total';
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
