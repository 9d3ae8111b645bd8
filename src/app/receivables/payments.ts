/**
 * Use cases of the client ledger: record a payment (matched to the invoice it names), allocate
 * credit, refund credit, write off what is open. Each loads what the command needs from the read
 * models (ReceivablesLookups), decides on the client's ledger stream and appends under its
 * revision (src/app/command-handler.ts): two allocations of one payment at once cannot both take
 * its last credit.
 */
import { operatorToday } from '../../core/clock.ts';
import { deterministicId } from '../../core/ids.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../core/errors.ts';
import { fold } from '../../core/decider.ts';
import type { DateHorizon } from '../../core/validate.ts';
import { handleCommand, recordable, type CommandContext } from '../command-handler.ts';
import type { AppDeps } from '../deps.ts';
import { WrongExpectedRevisionError, type EventStore, type NewEvent } from '../../eventstore/port.ts';
import { findAll, type ReadStore } from '../../readstore/port.ts';
import { ledgerDecider, paymentProblems, type InvoiceFacts, type LedgerCommand, type LedgerState, type PaymentInput } from '../../domain/receivables/decider.ts';
import { ledgerStream, type ReceivablesEvent } from '../../domain/receivables/events.ts';
import { amountOpen } from '../../domain/receivables/receivable.ts';
import { PAYMENTS, type PaymentDocument } from '../../../projections/payments.projection.ts';
import { RECEIVABLES, type ReceivableDocument } from '../../../projections/receivables.projection.ts';
import { INVOICES, type InvoiceDocument } from '../../../projections/invoices.projection.ts';
import { ReceivablesLookups } from './lookups.ts';

type RecordPayment = Extract<LedgerCommand, { type: 'RecordPayment' }>;

export type ReceivablesDeps = Pick<AppDeps, 'eventStore' | 'readStore' | 'clock' | 'config'>;

/** The operator's today and the horizon dates of money may lie within (the bill runs'). */
export function moneyDates(deps: Pick<AppDeps, 'clock' | 'config'>): DateHorizon {
  return { today: operatorToday(deps.clock), horizonDays: deps.config.billRunHorizonDays };
}

/** The ledger command for a payment as given: checked (its date within `dates`), matched, its legal entity and rates found. */
export async function paymentCommand(lookups: ReceivablesLookups, payment: PaymentInput, dates: DateHorizon): Promise<RecordPayment> {
  const problems = paymentProblems(payment, dates);
  if (problems.length) throw new ValidationError(problems.map((i) => `${i.field}: ${i.message}`).join('; '), problems);
  const known = await lookups.knownPayment(payment.paymentId);
  if (known && known.clientId !== payment.clientId) throw new ConflictError(`payment ${payment.paymentId} is recorded already, for client ${known.clientId}; a payment id names one payment`);
  const contractEntity = await lookups.clientLegalEntity(payment.clientId);
  // A number that names no issued invoice is kept as given, and the payment as unallocated credit.
  const match = payment.invoiceNumber ? await lookups.invoice(payment.invoiceNumber) : null;
  const legalEntityId = match?.legalEntityId ?? contractEntity;
  if (!legalEntityId) throw ValidationError.field('clientId', `client ${payment.clientId} has no contract, so no legal entity to have received the payment`);
  const nationalCurrency = match?.nationalCurrency ?? (await lookups.legalEntity(legalEntityId)).currency;
  const rate = await lookups.rate(payment.currency, nationalCurrency, payment.date);
  if (rate === null) {
    throw ValidationError.field('currency', `${payment.currency} cannot be booked by ${legalEntityId}: there is no ${payment.currency}/${nationalCurrency} rate on or before ${payment.date}`);
  }
  const conversion = match && match.currency !== payment.currency ? await lookups.conversion(payment.currency, match.currency, payment.date) : null;
  return { type: 'RecordPayment', payment, dates, legalEntityId, nationalCurrency, rate, match, conversion };
}

export interface RecordedPayment {
  payment: PaymentDocument;
  /** False when the same payment was recorded before (exists-ok). */
  created: boolean;
}

/** Records one payment (POST /payments): exists-ok when identical, a conflict when different. */
export async function recordPayment(deps: ReceivablesDeps & Pick<AppDeps, 'catchUp'>, payment: PaymentInput, context: CommandContext): Promise<RecordedPayment> {
  const lookups = new ReceivablesLookups(deps.readStore);
  const command = await paymentCommand(lookups, payment, moneyDates(deps));
  const result = await handleCommand(deps, ledgerDecider, ledgerStream(payment.clientId), command, context);
  await deps.catchUp(result.position);
  return { payment: await paymentDocument(deps.readStore, payment.paymentId), created: result.events.length > 0 };
}

export async function paymentDocument(readStore: ReadStore, paymentId: string): Promise<PaymentDocument> {
  const doc = (await readStore.get(PAYMENTS, paymentId)) as PaymentDocument | null;
  if (!doc) throw new NotFoundError(`payment ${paymentId} does not exist`);
  return doc;
}

export interface AllocationRequest {
  /** ISO date of the allocation; at the earliest the payment's date, at the latest the horizon's end. */
  date: string;
  /** The invoices to settle (numbers or ids) and optionally how much of the payment goes to each; omitted: oldest due first. */
  invoices?: { invoice: string; amount?: string }[];
}

/** The client's open invoices, oldest due first (then by issue date and number): the default order of allocation. */
async function oldestDueFirst(readStore: ReadStore, lookups: ReceivablesLookups, clientId: string): Promise<InvoiceFacts[]> {
  const open = await findAll<ReceivableDocument>(readStore, RECEIVABLES, { clientId, open: true });
  open.sort((a, b) => compare(a.dueDate!, b.dueDate!) || compare(a.issueDate!, b.issueDate!) || compare(a.number!, b.number!));
  const facts: InvoiceFacts[] = [];
  for (const r of open) {
    // A negative invoice is open for the credit the client is owed: nothing a payment can settle.
    if (amountOpen(r).isNegative()) continue;
    const header = (await readStore.get(INVOICES, r.invoiceId)) as InvoiceDocument | null;
    if (header?.status === 'issued') facts.push(await lookups.factsOf(header));
  }
  return facts;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export async function allocatePayment(deps: ReceivablesDeps & Pick<AppDeps, 'catchUp'>, paymentId: string, request: AllocationRequest, context: CommandContext): Promise<PaymentDocument> {
  const lookups = new ReceivablesLookups(deps.readStore);
  const payment = await paymentDocument(deps.readStore, paymentId);
  let targets: { invoice: InvoiceFacts; amount?: string }[];
  if (request.invoices) {
    targets = [];
    for (const [index, named] of request.invoices.entries()) {
      const invoice = await lookups.invoice(named.invoice, true);
      if (!invoice) throw ValidationError.field(`invoices/${index}/invoice`, `no issued invoice ${named.invoice}`);
      targets.push({ invoice, ...(named.amount !== undefined ? { amount: named.amount } : {}) });
    }
  } else {
    targets = (await oldestDueFirst(deps.readStore, lookups, payment.clientId)).map((invoice) => ({ invoice }));
  }
  const conversions = [];
  for (const currency of new Set(targets.map((t) => t.invoice.currency))) {
    if (currency === payment.currency) continue;
    const conversion = await lookups.conversion(payment.currency, currency, payment.date);
    if (conversion) conversions.push(conversion);
  }
  const command: LedgerCommand = {
    type: 'AllocatePayment', paymentId, date: request.date, dates: moneyDates(deps), targets, conversions, named: request.invoices !== undefined,
    allocationIds: targets.map((_, i) => deterministicId(context.commandId, 'allocation', String(i))),
  };
  const result = await handleCommand(deps, ledgerDecider, ledgerStream(payment.clientId), command, context);
  await deps.catchUp(result.position);
  return paymentDocument(deps.readStore, paymentId);
}

export interface RefundRequest {
  date: string;
  /** Omitted: all the unallocated credit. */
  amount?: string;
  reference: string | null;
}

export async function refundPayment(deps: ReceivablesDeps & Pick<AppDeps, 'catchUp'>, paymentId: string, request: RefundRequest, context: CommandContext): Promise<PaymentDocument> {
  const payment = await paymentDocument(deps.readStore, paymentId);
  const command: LedgerCommand = {
    type: 'RefundPayment', paymentId, refundId: deterministicId(context.commandId, 'refund'), date: request.date, dates: moneyDates(deps), reference: request.reference,
    ...(request.amount !== undefined ? { amount: request.amount } : {}),
  };
  const result = await handleCommand(deps, ledgerDecider, ledgerStream(payment.clientId), command, context);
  await deps.catchUp(result.position);
  return paymentDocument(deps.readStore, paymentId);
}

export interface WriteOffRequest {
  /** The invoice's number or id. */
  invoice: string;
  date: string;
  /** Omitted: everything open. */
  amount?: string;
  reason: string;
}

export async function writeOffInvoice(deps: ReceivablesDeps & Pick<AppDeps, 'catchUp'>, request: WriteOffRequest, context: CommandContext): Promise<ReceivableDocument> {
  const lookups = new ReceivablesLookups(deps.readStore);
  const invoice = await lookups.invoice(request.invoice, true);
  if (!invoice) throw new NotFoundError(`no issued invoice ${request.invoice}`);
  const command: LedgerCommand = {
    type: 'WriteOffInvoice', writeOffId: deterministicId(context.commandId, 'write-off'), invoice, date: request.date, dates: moneyDates(deps), reason: request.reason,
    ...(request.amount !== undefined ? { amount: request.amount } : {}),
  };
  const result = await handleCommand(deps, ledgerDecider, ledgerStream(invoice.clientId), command, context);
  await deps.catchUp(result.position);
  return (await deps.readStore.get(RECEIVABLES, invoice.invoiceId)) as ReceivableDocument;
}

/**
 * After a credit note on the invoice: what it leaves the invoice overpaid by goes back to the
 * payments allocated to it, as unallocated credit (nothing when the invoice is not overpaid).
 */
export async function releaseOverCredit(deps: ReceivablesDeps, invoiceId: string, creditNoteId: string, date: string, context: CommandContext): Promise<void> {
  const invoice = await new ReceivablesLookups(deps.readStore).invoice(invoiceId, true);
  if (!invoice) return;
  await handleCommand(deps, ledgerDecider, ledgerStream(invoice.clientId), { type: 'ReleaseOverCredit', invoice, creditNoteId, date }, context);
}

/** A client ledger as an import last left it: its state and revision, valid while no one else writes to it. */
export interface KnownLedger {
  state: LedgerState;
  revision: number | null;
}

/**
 * Many payments at once (the import): each client's ledger is read once per batch (or taken from
 * `ledgers`, where an import keeps the ledgers it wrote, so a client paying in every chunk is not
 * read and folded again and again), its payments decided one after another on the evolving
 * state, and every client's events appended in one go (the appends of a batch share a commit)
 * under the revision the state was decided on. A client whose ledger changed meanwhile is decided
 * again, payment by payment, through the command handler, and forgotten in `ledgers`. Returns per
 * payment: created (true), unchanged (false) or the error that refused it.
 */
export async function recordPaymentBatch(
  deps: ReceivablesDeps,
  commands: { command: RecordPayment; commandId: string }[],
  context: Omit<CommandContext, 'commandId'>,
  ledgers: Map<string, KnownLedger> = new Map(),
): Promise<(boolean | Error)[]> {
  const outcome: (boolean | Error)[] = new Array(commands.length);
  const byClient = new Map<string, number[]>();
  for (const [i, c] of commands.entries()) {
    const list = byClient.get(c.command.payment.clientId);
    if (list) list.push(i);
    else byClient.set(c.command.payment.clientId, [i]);
  }
  const recordedAt = deps.clock.now().toString();
  const plans = await Promise.all([...byClient.entries()].map(async ([clientId, indexes]) => {
    let known = ledgers.get(clientId);
    // Not kept while it is decided on: a failed append leaves a state that is not the stream's.
    ledgers.delete(clientId);
    if (!known) {
      const recorded = await deps.eventStore.readStream(ledgerStream(clientId));
      known = { state: fold(ledgerDecider, recorded as unknown as ReceivablesEvent[]), revision: recorded.length ? recorded[recorded.length - 1]!.revision : null };
    }
    const { state } = known;
    const events: NewEvent[] = [];
    for (const i of indexes) {
      try {
        const decided = ledgerDecider.decide(commands[i]!.command, state);
        for (const e of decided) ledgerDecider.evolve(state, e);
        events.push(...recordable(decided, { ...context, commandId: commands[i]!.commandId }, recordedAt));
        outcome[i] = decided.length > 0;
      } catch (error) {
        outcome[i] = error as Error;
      }
    }
    return { clientId, indexes, events, known };
  }));
  const results = await Promise.allSettled(plans.map((p) => (p.events.length ? append(deps.eventStore, p.clientId, p.events, p.known.revision) : Promise.resolve(null))));
  for (const [k, result] of results.entries()) {
    const plan = plans[k]!;
    if (result.status === 'fulfilled') {
      ledgers.set(plan.clientId, { state: plan.known.state, revision: result.value ? result.value.nextExpectedRevision : plan.known.revision });
      continue;
    }
    if (!(result.reason instanceof WrongExpectedRevisionError)) throw result.reason;
    // Someone wrote to this ledger since it was read: decide each of its payments again on what is stored now.
    for (const i of plan.indexes) {
      try {
        const again = await handleCommand(deps, ledgerDecider, ledgerStream(plan.clientId), commands[i]!.command, { ...context, commandId: commands[i]!.commandId });
        outcome[i] = again.events.length > 0;
      } catch (error) {
        outcome[i] = error as Error;
      }
    }
  }
  return outcome;
}

function append(eventStore: EventStore, clientId: string, events: NewEvent[], revision: number | null) {
  return eventStore.append(ledgerStream(clientId), events, revision ?? 'noStream');
}
