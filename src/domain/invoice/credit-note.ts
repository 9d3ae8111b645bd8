/** Credit notes (RULES.md 17; UBL 381): what a credit of an issued invoice records, and what is left to credit. */
import { Decimal } from 'decimal.js';
import type { Decider } from '../../core/decider.ts';
import { ValidationError } from '../../core/errors.ts';
import type { InvoiceLine, InvoiceVatGroup } from './invoice.ts';

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
export function creditableNets(lines: InvoiceLine[], credited: InvoiceCreditedData[]): Decimal[] {
  const left = lines.map((l) => new Decimal(l.net));
  for (const note of credited) for (const line of note.lines) left[line.invoiceLine] = left[line.invoiceLine]!.plus(line.net);
  return left;
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
