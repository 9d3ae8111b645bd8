/** An invoice's and a credit note's life cycles as specifications: each transition and each refusal (RULES.md 16, 17). */
import { describe, expect, it } from 'vitest';
import { invoiceDecider, invoiceStatus, type InvoiceEvent } from '../../src/domain/invoice/decider.ts';
import { creditNoteDecider, type CreditNote } from '../../src/domain/invoice/credit-note.ts';
import type { InvoiceDraftedData } from '../../src/domain/bill-run/events.ts';
import type { InvoiceLine } from '../../src/domain/invoice/invoice.ts';
import { fold } from '../../src/core/decider.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../src/core/errors.ts';
import { DeciderSpecification } from '../support/decider-spec.ts';

const line = (code: string, net: string): InvoiceLine => ({
  kind: 'recurring', code, description: code, subscriptionId: 'S-1', serviceCategory: 'voip', quantity: '1', unit: 'month', net, vatCategory: 'S', vatRate: '19', period: { start: '2026-10-01', end: '2026-11-01' },
});
const draft = (runId: string, flags: InvoiceDraftedData['flags'] = []): InvoiceDraftedData => ({
  invoiceId: 'I-1', runId, contractId: 'K-1', clientId: 'C-1', legalEntityId: 'DE1', period: { start: '2026-10-01', end: '2026-11-01' }, paymentTermsDays: 14, language: 'de',
  seller: { id: 'DE1', name: 'Beispiel GmbH', country: 'DE', vatId: 'DE123456788', currency: 'EUR' },
  buyer: { id: 'C-1', name: 'Max', type: 'person', country: 'DE', vatId: null, taxableBusiness: false },
  invoice: {
    currency: 'EUR', lines: [line('LINE', '10.00'), line('SETUP', '20.00')], vat: [{ category: 'S', rate: '19', taxable: '30.00', amount: '5.70' }],
    fxRates: [], mentions: [], totalNet: '30.00', totalVat: '5.70', total: '35.70',
  },
  flags, usageCutoff: 7,
});
const drafted = (runId: string): InvoiceEvent => ({ type: 'InvoiceDrafted', data: draft(runId) });
const adopted: InvoiceEvent = { type: 'InvoiceDraftAdopted', data: { invoiceId: 'I-1', runId: 'R-2', fromRunId: 'R-1', usageCutoff: 9 } };
const issue = { invoiceId: 'I-1', runId: 'R-1', number: 'DE1-2026-000001', issueDate: '2026-11-02', dueDate: '2026-11-16' };
const issued: InvoiceEvent = { type: 'InvoiceIssued', data: issue };
const credit = { type: 'CreditInvoice', creditNoteId: 'CN-1', reason: 'goodwill', issueDate: '2026-11-05', creditedLine: (description: string, number: string) => `${description} (credit of ${number})` } as const;

describe('invoice decider', () => {
  const spec = DeciderSpecification.for(invoiceDecider);

  it('drafts an invoice, again while it is not issued, never once it is', () => {
    spec.given([]).when({ type: 'DraftInvoice', draft: draft('R-1') }).then([drafted('R-1')]);
    spec.given([drafted('R-1')]).when({ type: 'DraftInvoice', draft: draft('R-2') }).then([drafted('R-2')]);
    spec.given([drafted('R-1'), issued]).when({ type: 'DraftInvoice', draft: draft('R-2') }).thenThrows(ConflictError);
  });

  it('lets a later run adopt an unissued draft, once', () => {
    spec.given([drafted('R-1')]).when({ type: 'AdoptDraft', invoiceId: 'I-1', runId: 'R-2', usageCutoff: 9 }).then([adopted]);
    spec.given([drafted('R-1'), adopted]).when({ type: 'AdoptDraft', invoiceId: 'I-1', runId: 'R-2', usageCutoff: 9 }).thenNothingHappens();
    spec.given([]).when({ type: 'AdoptDraft', invoiceId: 'I-1', runId: 'R-2', usageCutoff: 9 }).thenThrows(NotFoundError);
    spec.given([drafted('R-1'), issued]).when({ type: 'AdoptDraft', invoiceId: 'I-1', runId: 'R-2', usageCutoff: 9 }).thenThrows(ConflictError);
  });

  it('issues a priced draft once, by the run that owns it', () => {
    spec.given([drafted('R-1')]).when({ type: 'IssueInvoice', issue }).then([issued]);
    spec.given([drafted('R-1'), issued]).when({ type: 'IssueInvoice', issue }).thenNothingHappens();
    spec.given([drafted('R-1'), issued]).when({ type: 'IssueInvoice', issue: { ...issue, number: 'DE1-2026-000002' } }).thenThrows(ConflictError);
    // Adopted by R-2: R-1 no longer issues it, R-2 does.
    spec.given([drafted('R-1'), adopted]).when({ type: 'IssueInvoice', issue }).thenThrows(ConflictError, (error) => expect(error.message).toContain('belongs to run R-2'));
    spec.given([drafted('R-1'), adopted]).when({ type: 'IssueInvoice', issue: { ...issue, runId: 'R-2' } }).then([{ type: 'InvoiceIssued', data: { ...issue, runId: 'R-2' } }]);
    spec.given([{ type: 'InvoiceDrafted', data: { ...draft('R-1'), invoice: null } }]).when({ type: 'IssueInvoice', issue }).thenThrows(ConflictError);
    spec.given([]).when({ type: 'IssueInvoice', issue }).thenThrows(NotFoundError);
  });

  it('credits an issued invoice in part, then the rest, never beyond a line\'s net', () => {
    const partial = fold(invoiceDecider, [drafted('R-1'), issued]);
    const [first] = invoiceDecider.decide({ ...credit, lines: [{ line: 1, amount: '5.00' }] }, partial);
    expect(first).toMatchObject({ type: 'InvoiceCredited', data: { creditNoteId: 'CN-1', invoiceNumber: 'DE1-2026-000001', totalNet: '-5.00', totalVat: '-0.95', total: '-5.95' } });
    const afterFirst = [drafted('R-1'), issued, first!];
    spec.given(afterFirst).when({ ...credit, creditNoteId: 'CN-2', lines: [{ line: 1, amount: '15.01' }] }).thenThrows(ConflictError, (error) => expect(error.message).toContain('only 15.00 EUR of it is left'));
    spec.given(afterFirst).when(credit).thenNothingHappens();
    const [rest] = invoiceDecider.decide({ ...credit, creditNoteId: 'CN-2' }, fold(invoiceDecider, afterFirst));
    expect(rest).toMatchObject({ data: { totalNet: '-25.00', lines: [{ invoiceLine: 0, net: '-10.00' }, { invoiceLine: 1, net: '-15.00' }] } });
    spec.given([...afterFirst, rest!]).when({ ...credit, creditNoteId: 'CN-3' }).thenThrows(ConflictError, (error) => expect(error.message).toContain('nothing left to credit'));
  });

  it('a note that leaves nothing of a VAT group takes what is left of its VAT (and of its VAT in the national currency): the invoice comes back to zero', () => {
    // EUR invoice of a seller keeping books in HUF: VAT 5.70, stated as 2,189.94 HUF at 384.2.
    const withNational = { ...draft('R-1'), invoice: { ...draft('R-1').invoice!, vat: [{ category: 'S' as const, rate: '19', taxable: '30.00', amount: '5.70', national: { currency: 'HUF', amount: '2189.94' } }], fxRates: [{ base: 'EUR', quote: 'HUF', rate: '384.2', date: '2026-10-31' }] } };
    let events: InvoiceEvent[] = [{ type: 'InvoiceDrafted', data: withNational }, issued];
    // Three notes of 0.03 each carry VAT 0.01 (0.0057 rounded), 3.84 HUF each.
    for (const n of [1, 2, 3]) {
      const [note] = invoiceDecider.decide({ ...credit, creditNoteId: `CN-${n}`, lines: [{ line: 1, amount: '0.03' }] }, fold(invoiceDecider, events));
      expect(note).toMatchObject({ data: { totalVat: '-0.01', vat: [{ amount: '-0.01', national: { currency: 'HUF', amount: '-3.84' } }] } });
      events = [...events, note!];
    }
    // The rest: its own rounding would be 29.91 x 19 % = 5.68 (5.71 in all, 0.01 beyond the invoice's VAT);
    // it takes 5.70 - 0.03 = 5.67, and 2,189.94 - 11.52 = 2,178.42 HUF (its own would be 2,178.41).
    const [rest] = invoiceDecider.decide({ ...credit, creditNoteId: 'CN-4' }, fold(invoiceDecider, events));
    expect(rest).toMatchObject({ data: { totalNet: '-29.91', totalVat: '-5.67', total: '-35.58', vat: [{ taxable: '-29.91', amount: '-5.67', national: { currency: 'HUF', amount: '-2178.42' } }] } });
    // Fewer cents the other way: notes of 0.02 carry no VAT (0.0038), the rest 5.70, not its own 5.69.
    let small: InvoiceEvent[] = [drafted('R-1'), issued];
    for (const n of [1, 2, 3]) {
      const [note] = invoiceDecider.decide({ ...credit, creditNoteId: `CS-${n}`, lines: [{ line: 0, amount: '0.02' }] }, fold(invoiceDecider, small));
      small = [...small, note!];
    }
    const [last] = invoiceDecider.decide({ ...credit, creditNoteId: 'CS-4' }, fold(invoiceDecider, small));
    expect(last).toMatchObject({ data: { totalNet: '-29.94', totalVat: '-5.70', total: '-35.64' } });
    // A note that leaves some of the group's lines is rounded on its own (RULES.md 12).
    const [part] = invoiceDecider.decide({ ...credit, creditNoteId: 'CS-5', lines: [{ line: 1 }] }, fold(invoiceDecider, [drafted('R-1'), issued]));
    expect(part).toMatchObject({ data: { totalNet: '-20.00', totalVat: '-3.80' } });
  });

  it('refuses a credit of an invoice not issued, without a reason, on no date, of no line or finer than a cent', () => {
    spec.given([drafted('R-1')]).when(credit).thenThrows(NotFoundError);
    spec.given([drafted('R-1'), issued]).when({ ...credit, reason: '  ' }).thenThrows(ValidationError);
    spec.given([drafted('R-1'), issued]).when({ ...credit, issueDate: '2026-02-30' }).thenThrows(ValidationError);
    spec.given([drafted('R-1'), issued]).when({ ...credit, lines: [{ line: 5 }] }).thenThrows(ValidationError);
    spec.given([drafted('R-1'), issued]).when({ ...credit, lines: [{ line: 0, amount: '1.001' }] }).thenThrows(ValidationError);
  });

  it('refuses a line named twice (each amount within what is left, together beyond it) and a zero amount', () => {
    // Line 1's net is 20.00: 15.00 twice would credit 30.00.
    spec.given([drafted('R-1'), issued]).when({ ...credit, lines: [{ line: 1, amount: '15.00' }, { line: 0 }, { line: 1, amount: '15.00' }] })
      .thenThrows(ValidationError, (error) => expect([error.message, error.issues[0]!.field]).toEqual(['line 1 is named twice (lines[0] and lines[2]): name each line once, with the whole amount to credit on it', 'lines[2].line']));
    spec.given([drafted('R-1'), issued]).when({ ...credit, lines: [{ line: 1 }, { line: 1 }] }).thenThrows(ValidationError);
    spec.given([drafted('R-1'), issued]).when({ ...credit, lines: [{ line: 0, amount: '0.00' }] })
      .thenThrows(ValidationError, (error) => expect(error.issues).toEqual([{ field: 'lines[0].amount', message: 'must be more than zero' }]));
  });

  it('tells drafted, held, issued, partly and wholly credited apart', () => {
    const status = (events: InvoiceEvent[]) => invoiceStatus(fold(invoiceDecider, events));
    const held: InvoiceEvent = { type: 'InvoiceDrafted', data: draft('R-1', [{ code: 'total-changed', message: 'x', blocking: false }]) };
    const [part] = invoiceDecider.decide({ ...credit, lines: [{ line: 0 }] }, fold(invoiceDecider, [drafted('R-1'), issued]));
    const [whole] = invoiceDecider.decide(credit, fold(invoiceDecider, [drafted('R-1'), issued]));
    expect([status([]), status([drafted('R-1')]), status([held]), status([drafted('R-1'), issued]), status([drafted('R-1'), issued, part!]), status([drafted('R-1'), issued, whole!])])
      .toEqual(['none', 'drafted', 'held', 'issued', 'partly-credited', 'credited']);
  });
});

describe('credit note decider', () => {
  const spec = DeciderSpecification.for(creditNoteDecider);
  const note = {
    creditNoteId: 'CN-1', invoiceId: 'I-1', invoiceNumber: 'DE1-2026-000001', issueDate: '2026-11-05', reason: 'goodwill', lines: [{ ...line('SETUP', '-5.00'), invoiceLine: 1 }],
    vat: [], totalNet: '-5.00', totalVat: '-0.95', total: '-5.95', id: 'CN-1', number: 'DE1-2026-000002', typeCode: 381, clientId: 'C-1', contractId: 'K-1', legalEntityId: 'DE1', currency: 'EUR',
  } satisfies CreditNote;

  it('issues a credit note once, and never one that credits nothing', () => {
    spec.given([]).when({ type: 'IssueCreditNote', note }).then([{ type: 'CreditNoteIssued', data: note }]);
    spec.given([{ type: 'CreditNoteIssued', data: note }]).when({ type: 'IssueCreditNote', note }).thenNothingHappens();
    spec.given([]).when({ type: 'IssueCreditNote', note: { ...note, lines: [] } }).thenThrows(ValidationError);
  });
});
