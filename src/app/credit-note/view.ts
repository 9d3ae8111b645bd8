/**
 * The credit note as users see it (REST and `--json` alike): each line's net, its share of the
 * VAT and its gross beside the totals, so nobody has to guess whether an amount includes VAT.
 * Computed when read, from the note as issued, so notes issued before this view show it too.
 */
import { Decimal } from 'decimal.js';
import { formatMoney } from '../../core/money.ts';
import { lineVatShares, type CreditNote, type InvoiceCreditedData } from '../../domain/invoice/credit-note.ts';

export interface CreditNoteView extends Omit<InvoiceCreditedData, 'lines'>, Pick<CreditNote, 'id' | 'number' | 'typeCode' | 'clientId' | 'contractId' | 'legalEntityId' | 'currency'> {
  [key: string]: unknown;
  lines: (InvoiceCreditedData['lines'][number] & { vat: string; gross: string })[];
}

export function creditNoteView(note: CreditNote): CreditNoteView {
  const shares = lineVatShares(note.lines, note.vat, note.currency);
  return {
    ...note,
    lines: note.lines.map((line, i) => ({ ...line, vat: formatMoney(shares[i]!, note.currency), gross: formatMoney(new Decimal(line.net).plus(shares[i]!), note.currency) })),
  };
}
