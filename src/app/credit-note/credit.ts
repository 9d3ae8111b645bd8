/**
 * Credit notes (RULES.md 17; UBL type 381): an issued invoice never changes; a correction is a
 * credit note that references it, numbered in the same series (RULES 16).
 *
 * Invariant: the credited amount of each line never exceeds its net, so an invoice is never
 * credited beyond what it charged. The invoice stream is the consistency boundary: the credit is
 * recorded there first (InvoiceCredited, at the revision the check was made on), then numbered and
 * issued as its own document; a crash in between is finished by the billing saga.
 */
import { Temporal } from 'temporal-polyfill';
import { deterministicId } from '../../core/ids.ts';
import { NotFoundError, ValidationError } from '../../core/errors.ts';
import { fold } from '../../core/decider.ts';
import type { CommandContext } from '../command-handler.ts';
import type { AppDeps } from '../deps.ts';
import { WrongExpectedRevisionError } from '../../eventstore/port.ts';
import { INVOICES, type InvoiceDocument } from '../../../projections/invoices.projection.ts';
import { LEGAL_ENTITIES } from '../../../projections/legal-entities.projection.ts';
import { creditNoteStream, invoiceStream, type InvoiceDraftedData, type InvoiceIssuedData } from '../../domain/bill-run/events.ts';
import { NumberAllocator } from '../invoice-series/allocator.ts';
import { checkCreditRequest, invoiceDecider, type InvoiceEvent, type InvoiceState } from '../../domain/invoice/decider.ts';
import { creditNoteDecider, type CreditNote, type CreditNoteEvent, type InvoiceCreditedData } from '../../domain/invoice/credit-note.ts';
import { invoiceTexts } from '../../i18n/invoice-texts.ts';
import { translatorFor } from '../../i18n/translator.ts';

export type { CreditNote, InvoiceCreditedData };

export interface CreditRequest {
  /** The invoice's number (or its id). */
  invoice: string;
  /** Omitted: everything not credited yet. Else the lines (numbered from 0, their position in the invoice's `lines`) and the net (before VAT) to credit on each, at most what is left of it. */
  lines?: { line: number; amount?: string }[];
  reason: string;
  issueDate: string;
}


interface IssuedInvoice {
  state: InvoiceState & { draft: InvoiceDraftedData; issued: InvoiceIssuedData };
  revision: number;
}

async function loadIssuedInvoice(deps: AppDeps, reference: string): Promise<IssuedInvoice> {
  const byNumber = await deps.readStore.find(INVOICES, { number: reference }, { limit: 1 });
  const invoiceId = (byNumber.items[0] as InvoiceDocument | undefined)?.id ?? reference;
  const events = await deps.eventStore.readStream(invoiceStream(invoiceId));
  const state = fold(invoiceDecider, events as unknown as InvoiceEvent[]);
  if (!state.draft?.invoice || !state.issued) throw new NotFoundError(`no issued invoice ${reference}`);
  return { state: state as IssuedInvoice['state'], revision: events.at(-1)!.revision };
}

/**
 * A credit note is dated on or after the invoice it corrects, and takes the next number of its
 * seller's series: its date may not go before that series' last document (the rule bill runs
 * follow too, `NumberAllocator.issueDateProblem`).
 */
async function checkCreditNoteDate(deps: AppDeps, state: IssuedInvoice['state'], issueDate: string): Promise<void> {
  if (issueDate < state.issued.issueDate) {
    const message = `${issueDate} is before ${state.issued.issueDate}, the issue date of invoice ${state.issued.number} it credits`;
    throw new ValidationError(`issue date ${message}`, [{ field: 'issueDate', message }]);
  }
  const problem = state.draft.legalEntityId ? await new NumberAllocator(deps.eventStore).issueDateProblem(state.draft.legalEntityId, issueDate) : null;
  if (problem) throw new ValidationError(`issue date ${problem}`, [{ field: 'issueDate', message: problem }]);
}

/** Records a full or partial credit of an issued invoice, then numbers and issues the credit note. */
export async function creditInvoice(deps: AppDeps, request: CreditRequest, context: CommandContext): Promise<CreditNote> {
  checkCreditRequest({ issueDate: request.issueDate, reason: request.reason ?? '' });
  const creditNoteId = deterministicId('creditNote', context.commandId);
  for (let attempt = 1; ; attempt++) {
    const { state, revision } = await loadIssuedInvoice(deps, request.invoice);
    if (!state.credited.some((c) => c.creditNoteId === creditNoteId)) await checkCreditNoteDate(deps, state, request.issueDate);
    const { creditedLine } = invoiceTexts(translatorFor(state.draft.language));
    const events = invoiceDecider.decide({ type: 'CreditInvoice', creditNoteId, reason: request.reason ?? '', issueDate: request.issueDate, ...(request.lines ? { lines: request.lines } : {}), creditedLine }, state);
    try {
      if (events.length > 0) {
        await deps.eventStore.append(invoiceStream(state.draft.invoiceId), events.map((event) => ({
          id: deterministicId('credited', creditNoteId), type: event.type, data: event.data,
          metadata: { correlationId: context.correlationId ?? context.commandId, causationId: context.commandId, tenantId: context.tenantId ?? null, actor: context.actor, recordedAt: deps.clock.now().toString(), schemaVersion: 1 },
        })), revision);
      }
    } catch (error) {
      // Another credit of the same invoice got in first: check again against what it left.
      if (error instanceof WrongExpectedRevisionError && attempt < 20) continue;
      throw error;
    }
    return issueCreditNote(deps, state.draft.invoiceId, creditNoteId, context.actor);
  }
}

/** Numbers and issues a recorded credit; idempotent, so the billing saga can finish it after a crash. */
export async function issueCreditNote(billstream: AppDeps, invoiceId: string, creditNoteId: string, actor: string): Promise<CreditNote> {
  const stream = creditNoteStream(creditNoteId);
  const existing = fold(creditNoteDecider, (await billstream.eventStore.readStream(stream)) as unknown as CreditNoteEvent[]);
  if (existing.issued) return existing.issued;
  const { state } = await loadIssuedInvoice(billstream, invoiceId);
  const credit = state.credited.find((c) => c.creditNoteId === creditNoteId);
  if (!credit) throw new NotFoundError(`credit ${creditNoteId} of invoice ${invoiceId} is not recorded`);
  const legalEntityId = state.draft.legalEntityId!;
  const entity = (await billstream.readStore.get(LEGAL_ENTITIES, legalEntityId)) as { invoicePrefix: string } | null;
  if (!entity) throw new NotFoundError(`legal entity ${legalEntityId} does not exist`);
  const year = Temporal.PlainDate.from(credit.issueDate).year;
  const metadata = { correlationId: creditNoteId, causationId: creditNoteId, tenantId: null, actor, recordedAt: billstream.clock.now().toString(), schemaVersion: 1 };
  const numbers = await new NumberAllocator(billstream.eventStore).assign({ legalEntityId, year, prefix: entity.invoicePrefix, documentIds: [creditNoteId], issueDate: credit.issueDate }, metadata);
  const note: CreditNote = {
    ...credit, id: creditNoteId, number: numbers.get(creditNoteId)!, typeCode: 381, clientId: state.draft.clientId, contractId: state.draft.contractId,
    legalEntityId, currency: state.draft.invoice!.currency,
  };
  const events = creditNoteDecider.decide({ type: 'IssueCreditNote', note }, existing);
  // Stored once whichever process gets there first: the id follows from the credit note.
  await billstream.eventStore.append(stream, events.map((event) => ({ id: deterministicId('credit-note-issued', creditNoteId), type: event.type, data: event.data, metadata })), 'any');
  return note;
}
