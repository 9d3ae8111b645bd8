/**
 * An invoice as a decider: drafted (held when it carries flags) -> issued -> credited in part or
 * in whole. Invariants: an issued invoice never changes (RULES.md 17: corrections are credit
 * notes); it is issued once, by the run that owns its draft, and only when it could be priced;
 * no line is ever credited beyond its net, and a credit is stated in the invoice currency's minor
 * unit, at the VAT rates and national rate the invoice stated.
 *
 * Bill runs draft and issue tens of thousands of invoices in grouped commits without reading each
 * stream first: they append at the revision they know (the run's own draft), which is the state
 * this decider would be folded from, so the store refuses exactly what `decide` would refuse.
 */
import { Decimal } from 'decimal.js';
import type { Decider } from '../../core/decider.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../core/errors.ts';
import { formatMoney, sumOf } from '../../core/money.ts';
import { minorUnitDigits } from '../../core/currencies.ts';
import { dateProblem } from '../../core/validate.ts';
import { invoiceTotal } from '../../tax/vat.ts';
import {
  INVOICE_CREDITED, INVOICE_DRAFT_ADOPTED, INVOICE_DRAFTED, INVOICE_ISSUED,
  type InvoiceDraftAdoptedData, type InvoiceDraftedData, type InvoiceIssuedData,
} from '../bill-run/events.ts';
import { creditableNets, creditNoteVatGroups, type InvoiceCreditedData } from './credit-note.ts';

export type InvoiceEvent =
  | { type: typeof INVOICE_DRAFTED; data: InvoiceDraftedData }
  | { type: typeof INVOICE_DRAFT_ADOPTED; data: InvoiceDraftAdoptedData }
  | { type: typeof INVOICE_ISSUED; data: InvoiceIssuedData }
  | { type: typeof INVOICE_CREDITED; data: InvoiceCreditedData };

export type InvoiceCommand =
  | { type: 'DraftInvoice'; draft: InvoiceDraftedData }
  | { type: 'AdoptDraft'; invoiceId: string; runId: string; usageCutoff: number }
  | { type: 'IssueInvoice'; issue: InvoiceIssuedData }
  | {
    type: 'CreditInvoice'; creditNoteId: string; reason: string; issueDate: string;
    /** Omitted: everything not credited yet. Else the lines (numbered from 0, as the invoice lists them) and the net (before VAT) to credit on each, at most what is left of it. */
    lines?: { line: number; amount?: string }[];
    /** A credited line's text in the invoice's language, from the line's own text and the invoice's number. */
    creditedLine: (description: string, invoiceNumber: string) => string;
  };

export interface InvoiceState {
  /** The draft in force: the last one before the invoice was issued. */
  draft: InvoiceDraftedData | null;
  /** The run the draft belongs to now (the drafting run, or the one that adopted it). */
  runId: string | null;
  issued: InvoiceIssuedData | null;
  credited: InvoiceCreditedData[];
}

/** Where an invoice is in its life: what the control report, lists and credit notes tell apart. */
export type InvoiceStatus = 'none' | 'drafted' | 'held' | 'issued' | 'partly-credited' | 'credited';

export function invoiceStatus(state: InvoiceState): InvoiceStatus {
  if (!state.draft) return 'none';
  if (!state.issued) return state.draft.flags.length > 0 ? 'held' : 'drafted';
  if (state.credited.length === 0 || !state.draft.invoice) return 'issued';
  return creditableNets(state.draft.invoice.lines, state.credited).every((left) => left.isZero()) ? 'credited' : 'partly-credited';
}

function decide(command: InvoiceCommand, state: InvoiceState): InvoiceEvent[] {
  switch (command.type) {
    case 'DraftInvoice':
      if (state.issued) throw new ConflictError(`invoice ${command.draft.invoiceId} is issued as ${state.issued.number}: its cycle is billed`);
      return [{ type: INVOICE_DRAFTED, data: command.draft }];
    case 'AdoptDraft': {
      if (!state.draft) throw new NotFoundError(`invoice ${command.invoiceId} has no draft to adopt`);
      if (state.issued) throw new ConflictError(`invoice ${command.invoiceId} is issued as ${state.issued.number}: its draft belongs to run ${state.runId}`);
      if (state.runId === command.runId) return [];
      return [{ type: INVOICE_DRAFT_ADOPTED, data: { invoiceId: command.invoiceId, runId: command.runId, fromRunId: state.runId!, usageCutoff: command.usageCutoff } }];
    }
    case 'IssueInvoice': {
      const { issue } = command;
      if (!state.draft) throw new NotFoundError(`invoice ${issue.invoiceId} has no draft`);
      if (state.issued) {
        if (state.issued.number === issue.number && state.issued.runId === issue.runId) return [];
        throw new ConflictError(`invoice ${issue.invoiceId} is issued already as ${state.issued.number}`);
      }
      if (state.runId !== issue.runId) throw new ConflictError(`invoice ${issue.invoiceId} belongs to run ${state.runId} now: run ${issue.runId} no longer issues it`);
      if (!state.draft.invoice) throw new ConflictError(`invoice ${issue.invoiceId} could not be priced (${state.draft.flags.map((f) => f.code).join(', ')}): there is nothing correct to issue`);
      return [{ type: INVOICE_ISSUED, data: issue }];
    }
    case 'CreditInvoice':
      return creditInvoice(command, state);
    default: {
      const exhaustive: never = command;
      throw new Error(`unknown command ${JSON.stringify(exhaustive)}`);
    }
  }
}

/** What a credit request must say whatever the invoice: a real issue date and a reason. */
export function checkCreditRequest(request: { issueDate: string; reason: string }): void {
  const problem = dateProblem(request.issueDate);
  if (problem) throw new ValidationError(`issue date ${problem}`, [{ field: 'issueDate', message: problem }]);
  if (!request.reason.trim()) throw new ValidationError('a credit note needs a reason', [{ field: 'reason', message: 'is required' }]);
}

/** RULES.md 17: a full or partial credit of an issued invoice, line by line, never beyond what is left. */
function creditInvoice(command: Extract<InvoiceCommand, { type: 'CreditInvoice' }>, state: InvoiceState): InvoiceEvent[] {
  checkCreditRequest(command);
  const { draft, issued } = state;
  if (!draft?.invoice || !issued) throw new NotFoundError(`invoice ${draft?.invoiceId ?? ''} is not issued: only an issued invoice is credited`);
  if (state.credited.some((c) => c.creditNoteId === command.creditNoteId)) return [];
  const invoice = draft.invoice;
  const currency = invoice.currency;
  const left = creditableNets(invoice.lines, state.credited);
  const requested = command.lines ?? left.map((_, line) => ({ line }) as { line: number; amount?: string });
  const lines: InvoiceCreditedData['lines'] = [];
  const named = new Map<number, number>();
  for (const [i, item] of requested.entries()) {
    // Each line once: two amounts for one line would each be checked against what is left, and together credit it beyond.
    const first = named.get(item.line);
    if (first !== undefined) throw new ValidationError(`line ${item.line} is named twice (lines[${first}] and lines[${i}]): name each line once, with the whole amount to credit on it`, [{ field: `lines[${i}].line`, message: `line ${item.line} is named twice (first at lines[${first}])` }]);
    named.set(item.line, i);
    const line = invoice.lines[item.line];
    // Lines are numbered by their position in the invoice's `lines`, from 0, wherever they are shown.
    if (!line) throw new ValidationError(`line ${item.line} does not exist on invoice ${issued.number} (its lines are 0 to ${invoice.lines.length - 1})`, [{ field: `lines[${i}].line`, message: `no such line: the invoice's lines are 0 to ${invoice.lines.length - 1}` }]);
    const remaining = left[item.line]!;
    const amount = item.amount === undefined ? remaining : new Decimal(item.amount);
    // A credit is stated in the invoice currency's minor unit, as the line's net was: a finer amount cannot be credited.
    if (item.amount !== undefined && (!/^\d+(\.\d+)?$/.test(item.amount) || amount.decimalPlaces() > minorUnitDigits(currency))) {
      throw new ValidationError(`lines[${i}].amount ${JSON.stringify(item.amount)} is not a positive decimal amount with at most ${minorUnitDigits(currency)} decimal(s) of ${currency}`, [{ field: `lines[${i}].amount`, message: `not a positive decimal with at most ${minorUnitDigits(currency)} decimal(s)` }]);
    }
    if (item.amount !== undefined && amount.isZero()) {
      throw new ValidationError(`lines[${i}].amount is zero: name an amount to credit, or leave line ${item.line} out`, [{ field: `lines[${i}].amount`, message: 'must be more than zero' }]);
    }
    if (amount.abs().gt(remaining.abs()) || (remaining.gte(0) ? amount.lt(0) : amount.gt(0))) {
      throw new ConflictError(`cannot credit ${formatMoney(amount, currency)} ${currency} on line ${item.line} of invoice ${issued.number}: only ${formatMoney(remaining, currency)} ${currency} of it is left to credit`, [
        { field: `lines[${i}].amount`, message: `more than is left to credit on line ${item.line}: at most ${formatMoney(remaining, currency)} ${currency}` },
      ]);
    }
    if (amount.isZero()) continue;
    // What the invoice line was priced at in another currency is not what this credit is: left out.
    const { priced: _priced, ...credited } = line;
    lines.push({ ...credited, net: formatMoney(amount.negated(), currency), invoiceLine: item.line, description: command.creditedLine(line.description, issued.number) });
  }
  if (lines.length === 0) throw new ConflictError(`invoice ${issued.number} has nothing left to credit`);
  // Stated as the invoice stated its VAT: the same national rate and legal mentions.
  const national = invoice.vat.find((g) => g.national)?.national;
  const nationalRate = (national && invoice.fxRates.find((r) => r.base === currency && r.quote === national.currency)) || null;
  const { groups, vat } = creditNoteVatGroups(invoice, state.credited, lines, nationalRate, (category) => {
    const stated = invoice.vat.find((o) => o.category === category);
    return stated?.mention ? { key: stated.mentionKey ?? category, text: stated.mention } : null;
  });
  const nets = lines.map((l) => new Decimal(l.net));
  const totalNet = sumOf(nets);
  const totalVat = sumOf(groups.map((g) => g.amount));
  return [{
    type: INVOICE_CREDITED,
    data: {
      creditNoteId: command.creditNoteId, invoiceId: draft.invoiceId, invoiceNumber: issued.number, issueDate: command.issueDate, reason: command.reason.trim(), lines, vat,
      totalNet: formatMoney(totalNet, currency), totalVat: formatMoney(totalVat, currency), total: formatMoney(invoiceTotal(nets, groups), currency),
    },
  }];
}

function evolve(state: InvoiceState, event: InvoiceEvent): InvoiceState {
  switch (event.type) {
    case INVOICE_DRAFTED:
      return state.issued ? state : { ...state, draft: event.data, runId: event.data.runId };
    case INVOICE_DRAFT_ADOPTED:
      return state.issued ? state : { ...state, runId: event.data.runId };
    case INVOICE_ISSUED:
      return { ...state, issued: event.data };
    case INVOICE_CREDITED:
      return { ...state, credited: [...state.credited, event.data] };
    default:
      return state;
  }
}

export const invoiceDecider: Decider<InvoiceState, InvoiceCommand, InvoiceEvent> = {
  initialState: () => ({ draft: null, runId: null, issued: null, credited: [] }),
  evolve,
  decide,
};
