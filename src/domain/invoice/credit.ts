/**
 * Credit notes (RULES.md 17; UBL type 381): an issued invoice never changes; a correction is a
 * credit note that references it, numbered in the same series (RULES 16).
 *
 * Invariant: the credited amount of each line never exceeds its net, so an invoice is never
 * credited beyond what it charged. The invoice stream is the consistency boundary: the credit is
 * recorded there first (InvoiceCredited, at the revision the check was made on), then numbered and
 * issued as its own document; a crash in between is finished by the billing saga.
 */
import { Decimal } from 'decimal.js';
import { deterministicId } from '../../core/ids.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../core/errors.ts';
import { formatMoney } from '../../core/money.ts';
import { minorUnitDigits } from '../../core/currencies.ts';
import { dateProblem } from '../../core/validate.ts';
import type { CommandContext } from '../../core/command-handler.ts';
import type { Billstream } from '../../main.ts';
import { WrongExpectedRevisionError } from '../../eventstore/port.ts';
import { invoiceTotal } from '../../tax/vat.ts';
import { INVOICES, type InvoiceDocument } from '../../../projections/billing.projection.ts';
import { LEGAL_ENTITIES } from '../../../projections/legal-entities.projection.ts';
import { CREDIT_NOTE_ISSUED, creditNoteStream, INVOICE_CREDITED, INVOICE_DRAFTED, INVOICE_ISSUED, invoiceStream, type InvoiceDraftedData, type InvoiceIssuedData } from '../bill-run/events.ts';
import { NumberAllocator } from '../invoice-series/series.ts';
import { invoiceVatGroups, type InvoiceLine, type InvoiceVatGroup } from './invoice.ts';
import { Temporal } from 'temporal-polyfill';

export interface CreditRequest {
  /** The invoice's number (or its id). */
  invoice: string;
  /** Omitted: everything not credited yet. Else the lines (0-based index) and the net to credit on each, at most what is left of it. */
  lines?: { line: number; amount?: string }[];
  reason: string;
  issueDate: string;
}

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

interface InvoiceState {
  drafted: InvoiceDraftedData;
  issued: InvoiceIssuedData;
  credited: InvoiceCreditedData[];
  revision: number;
}

async function loadIssuedInvoice(billstream: Billstream, reference: string): Promise<InvoiceState> {
  const byNumber = await billstream.readStore.find(INVOICES, { number: reference }, { limit: 1 });
  const invoiceId = (byNumber.items[0] as InvoiceDocument | undefined)?.id ?? reference;
  const events = await billstream.eventStore.readStream(invoiceStream(invoiceId));
  let drafted: InvoiceDraftedData | null = null;
  let issued: InvoiceIssuedData | null = null;
  const credited: InvoiceCreditedData[] = [];
  for (const event of events) {
    if (event.type === INVOICE_DRAFTED && !issued) drafted = event.data as InvoiceDraftedData;
    else if (event.type === INVOICE_ISSUED) issued = event.data as InvoiceIssuedData;
    else if (event.type === INVOICE_CREDITED) credited.push(event.data as InvoiceCreditedData);
  }
  if (!drafted || !issued || !drafted.invoice) throw new NotFoundError(`no issued invoice ${reference}`);
  return { drafted, issued, credited, revision: events.at(-1)!.revision };
}

/** What is left to credit on each line of an invoice: its net minus the credits already recorded. */
export function creditableNets(lines: InvoiceLine[], credited: InvoiceCreditedData[]): Decimal[] {
  const left = lines.map((l) => new Decimal(l.net));
  for (const note of credited) for (const line of note.lines) left[line.invoiceLine] = left[line.invoiceLine]!.plus(line.net);
  return left;
}

/** Records a full or partial credit of an issued invoice, then numbers and issues the credit note. */
export async function creditInvoice(billstream: Billstream, request: CreditRequest, context: CommandContext): Promise<CreditNote> {
  const problem = dateProblem(request.issueDate);
  if (problem) throw new ValidationError(`issue date ${problem}`, [{ field: 'issueDate', message: problem }]);
  if (!request.reason?.trim()) throw new ValidationError('a credit note needs a reason', [{ field: 'reason', message: 'is required' }]);
  const creditNoteId = deterministicId('creditNote', context.commandId);
  for (let attempt = 1; ; attempt++) {
    const state = await loadIssuedInvoice(billstream, request.invoice);
    const already = state.credited.find((c) => c.creditNoteId === creditNoteId);
    if (already) return issueCreditNote(billstream, state.drafted.invoiceId, creditNoteId, context.actor);
    const invoice = state.drafted.invoice!;
    const currency = invoice.currency;
    const left = creditableNets(invoice.lines, state.credited);
    const requested: { line: number; amount?: string }[] = request.lines ?? left.map((_, line) => ({ line }));
    const lines: InvoiceCreditedData['lines'] = [];
    for (const [i, item] of requested.entries()) {
      const line = invoice.lines[item.line];
      if (!line) throw new ValidationError(`line ${item.line} does not exist on invoice ${state.issued.number} (it has ${invoice.lines.length})`, [{ field: `lines[${i}].line`, message: 'no such line' }]);
      const remaining = left[item.line]!;
      const amount = item.amount === undefined ? remaining : new Decimal(item.amount);
      // A credit is stated in the invoice currency's minor unit, as the line's net was: a finer amount cannot be credited.
      if (item.amount !== undefined && (!/^\d+(\.\d+)?$/.test(item.amount) || amount.decimalPlaces() > minorUnitDigits(currency))) {
        throw new ValidationError(`lines[${i}].amount ${JSON.stringify(item.amount)} is not a positive decimal amount with at most ${minorUnitDigits(currency)} decimal(s) of ${currency}`, [{ field: `lines[${i}].amount`, message: `not a positive decimal with at most ${minorUnitDigits(currency)} decimal(s)` }]);
      }
      if (amount.abs().gt(remaining.abs()) || (remaining.gte(0) ? amount.lt(0) : amount.gt(0))) {
        throw new ConflictError(`cannot credit ${amount.toString()} ${currency} on line ${item.line} of invoice ${state.issued.number}: only ${remaining.toString()} ${currency} of it is left to credit`);
      }
      if (amount.isZero()) continue;
      // What the invoice line was priced at in another currency is not what this credit is: left out.
      const { priced: _priced, ...credited } = line;
      lines.push({ ...credited, net: formatMoney(amount.negated(), currency), invoiceLine: item.line, description: `${line.description} (credit of ${state.issued.number})` });
    }
    if (lines.length === 0) throw new ConflictError(`invoice ${state.issued.number} has nothing left to credit`);
    // Stated as the invoice stated its VAT: the same national rate and legal mentions.
    const national = invoice.vat.find((g) => g.national)?.national;
    const nationalRate = (national && invoice.fxRates.find((r) => r.base === currency && r.quote === national.currency)) || null;
    const { groups, vat } = invoiceVatGroups(lines, currency, nationalRate, (category) => invoice.vat.find((o) => o.category === category)?.mention ?? null);
    const nets = lines.map((l) => new Decimal(l.net));
    const totalNet = nets.reduce((a, b) => a.plus(b), new Decimal(0));
    const totalVat = groups.reduce((a, g) => a.plus(g.amount), new Decimal(0));
    const data: InvoiceCreditedData = {
      creditNoteId, invoiceId: state.drafted.invoiceId, invoiceNumber: state.issued.number, issueDate: request.issueDate, reason: request.reason.trim(), lines, vat,
      totalNet: formatMoney(totalNet, currency), totalVat: formatMoney(totalVat, currency), total: formatMoney(invoiceTotal(nets, groups), currency),
    };
    try {
      await billstream.eventStore.append(invoiceStream(state.drafted.invoiceId), [{
        id: deterministicId('credited', creditNoteId), type: INVOICE_CREDITED, data,
        metadata: { correlationId: context.correlationId ?? context.commandId, causationId: context.commandId, tenantId: context.tenantId ?? null, actor: context.actor, recordedAt: billstream.clock.now().toString(), schemaVersion: 1 },
      }], state.revision);
    } catch (error) {
      // Another credit of the same invoice got in first: check again against what it left.
      if (error instanceof WrongExpectedRevisionError && attempt < 20) continue;
      throw error;
    }
    return issueCreditNote(billstream, state.drafted.invoiceId, creditNoteId, context.actor);
  }
}

/** Numbers and issues a recorded credit; idempotent, so the billing saga can finish it after a crash. */
export async function issueCreditNote(billstream: Billstream, invoiceId: string, creditNoteId: string, actor: string): Promise<CreditNote> {
  const stream = creditNoteStream(creditNoteId);
  const [existing] = await billstream.eventStore.readStream(stream);
  if (existing) return existing.data as CreditNote;
  const state = await loadIssuedInvoice(billstream, invoiceId);
  const credit = state.credited.find((c) => c.creditNoteId === creditNoteId);
  if (!credit) throw new NotFoundError(`credit ${creditNoteId} of invoice ${invoiceId} is not recorded`);
  const legalEntityId = state.drafted.legalEntityId!;
  const entity = (await billstream.readStore.get(LEGAL_ENTITIES, legalEntityId)) as { invoicePrefix: string } | null;
  if (!entity) throw new NotFoundError(`legal entity ${legalEntityId} does not exist`);
  const year = Temporal.PlainDate.from(credit.issueDate).year;
  const metadata = { correlationId: creditNoteId, causationId: creditNoteId, tenantId: null, actor, recordedAt: billstream.clock.now().toString(), schemaVersion: 1 };
  const numbers = await new NumberAllocator(billstream.eventStore).assign({ legalEntityId, year, prefix: entity.invoicePrefix, documentIds: [creditNoteId] }, metadata);
  const note: CreditNote = {
    ...credit, id: creditNoteId, number: numbers.get(creditNoteId)!, typeCode: 381, clientId: state.drafted.clientId, contractId: state.drafted.contractId,
    legalEntityId, currency: state.drafted.invoice!.currency,
  };
  await billstream.eventStore.append(stream, [{ id: deterministicId('credit-note-issued', creditNoteId), type: CREDIT_NOTE_ISSUED, data: note, metadata }], 'any');
  return note;
}
