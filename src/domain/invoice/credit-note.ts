/** Credit notes (RULES.md 17; UBL 381): what a credit of an issued invoice records, and what is left to credit. */
import { Decimal } from 'decimal.js';
import type { Decider } from '../../core/decider.ts';
import { ValidationError } from '../../core/errors.ts';
import { formatMoney, roundToMinorUnit } from '../../core/money.ts';
import type { VatGroup } from '../../tax/vat.ts';
import { invoiceVatGroups, type FxRate, type InvoiceLine, type InvoiceVatGroup } from './invoice.ts';

export interface InvoiceCreditedData {
  creditNoteId: string;
  invoiceId: string;
  invoiceNumber: string;
  issueDate: string;
  reason: string;
  /** Negative nets, with the index of the invoice line each credits. */
  lines: (InvoiceLine & { invoiceLine: number })[];
  vat: InvoiceVatGroup[];
  totalNet: string;
  totalVat: string;
  total: string;
}

export interface CreditNote extends InvoiceCreditedData {
  [key: string]: unknown;
  id: string;
  number: string;
  typeCode: 381;
  clientId: string;
  contractId: string;
  legalEntityId: string;
  currency: string;
}

/** What is left to credit on each line of an invoice: its net minus the credits already recorded. */
export function creditableNets(lines: readonly Pick<InvoiceLine, 'net'>[], credited: readonly Pick<InvoiceCreditedData, 'lines'>[]): Decimal[] {
  const left = lines.map((l) => new Decimal(l.net));
  for (const note of credited) for (const line of note.lines) left[line.invoiceLine] = left[line.invoiceLine]!.plus(line.net);
  return left;
}

/**
 * Each credited line's share of its VAT group's amount, so that a credit note can show net, VAT
 * and gross per line and its lines add up to its totals. The VAT itself is the group's (RULES.md
 * 12, never a sum of per-line VAT): a line's share is its net at the group's rate rounded
 * half-up, and the group's last line takes what that rounding leaves.
 */
export function lineVatShares(lines: readonly Pick<InvoiceLine, 'net' | 'vatCategory' | 'vatRate'>[], groups: readonly InvoiceVatGroup[], currency: string): Decimal[] {
  const shares = lines.map((l) => roundToMinorUnit(new Decimal(l.net).times(l.vatRate).dividedBy(100), currency));
  for (const group of groups) {
    const members = lines.flatMap((l, i) => (l.vatCategory === group.category && new Decimal(l.vatRate).equals(group.rate) ? [i] : []));
    if (members.length === 0) continue;
    const last = members.at(-1)!;
    const others = members.slice(0, -1).reduce((sum, i) => sum.plus(shares[i]!), new Decimal(0));
    shares[last] = new Decimal(group.amount).minus(others);
  }
  return shares;
}

const sameGroup = (a: { category: string; rate: Decimal.Value }, b: { category: string; rate: Decimal.Value }) => a.category === b.category && new Decimal(a.rate).equals(b.rate);

/**
 * A credit note's VAT groups (RULES.md 12 on its own lines, stated in the national currency at the
 * invoice's rate as RULES.md 14 has it), with one exception that keeps the invoice whole: a note
 * after which nothing is left of a VAT group's lines takes what is left of the group's VAT, and of
 * its VAT in the national currency, rather than its own rounding. Each note rounding its own
 * share, an invoice credited in parts would come back a cent off: three notes of 0.02 at 27 %
 * credit 0.01 of VAT each, and "the rest" would then credit 0.03 more VAT than the invoice had.
 * The invoice decider (credits) and `verify` (recomputing them) both decide by this function.
 */
export function creditNoteVatGroups(
  invoice: { currency: string; lines: readonly InvoiceLine[]; vat: readonly InvoiceVatGroup[] },
  earlier: readonly Pick<InvoiceCreditedData, 'lines' | 'vat'>[],
  lines: readonly (InvoiceLine & { invoiceLine: number })[],
  national: FxRate | null,
  mentionOf: Parameters<typeof invoiceVatGroups>[3],
): { groups: VatGroup[]; vat: InvoiceVatGroup[] } {
  const { currency } = invoice;
  const { groups, vat } = invoiceVatGroups(lines, currency, national, mentionOf);
  const left = creditableNets(invoice.lines, [...earlier, { lines: [...lines] }]);
  vat.forEach((group, i) => {
    const members = invoice.lines.flatMap((line, n) => (sameGroup({ category: line.vatCategory, rate: line.vatRate }, group) ? [n] : []));
    if (members.length === 0 || !members.every((n) => left[n]!.isZero())) return;
    const invoiced = invoice.vat.find((g) => sameGroup(g, group));
    if (!invoiced) return;
    const before = earlier.flatMap((note) => note.vat.filter((g) => sameGroup(g, group)));
    const remaining = before.reduce((sum, g) => sum.plus(g.amount), new Decimal(invoiced.amount));
    groups[i]!.amount = remaining.negated();
    group.amount = formatMoney(remaining.negated(), currency);
    if (group.national && invoiced.national && invoiced.national.currency === group.national.currency) {
      const nationalCurrency = group.national.currency;
      const nationalLeft = before.reduce((sum, g) => (g.national ? sum.plus(g.national.amount) : sum), new Decimal(invoiced.national.amount));
      group.national = { currency: nationalCurrency, amount: formatMoney(nationalLeft.negated(), nationalCurrency) };
    }
  });
  return { groups, vat };
}

/** A credit note's own stream: numbered and issued once (the number comes from the series, RULES.md 16). */
export type CreditNoteEvent = { type: 'CreditNoteIssued'; data: CreditNote };
export type CreditNoteCommand = { type: 'IssueCreditNote'; note: CreditNote };
export interface CreditNoteState { issued: CreditNote | null }

export const creditNoteDecider: Decider<CreditNoteState, CreditNoteCommand, CreditNoteEvent> = {
  initialState: () => ({ issued: null }),
  evolve: (state, event) => (event.type === 'CreditNoteIssued' ? { issued: event.data } : state),
  decide(command, state) {
    // Issued once: asking again (the billing saga after a crash) changes nothing.
    if (state.issued) return [];
    if (command.note.lines.length === 0) throw new ValidationError(`credit note ${command.note.id} credits nothing`);
    return [{ type: 'CreditNoteIssued', data: command.note }];
  },
};
