/**
 * A client's ledger as a decider: payments received, their allocation to the client's issued
 * invoices, refunds of unallocated credit and write-offs (stream `ledger-<clientId>`).
 *
 * Invariants, each checked here on the whole stream's state:
 * - a payment is recorded once: the same payment again is "exists" (nothing happens), another
 *   payment under the same id is a conflict (TigerBeetle's idempotency by client-chosen ids);
 * - never more is allocated from a payment, or refunded, than it has left (its unallocated credit);
 * - never more is allocated to, or written off on, an invoice than is open on it.
 *
 * An invoice's own facts (total, credit notes, currency, due date, rates) live in its stream and
 * arrive in the command as `InvoiceFacts`; what the client's ledger did to it (allocations,
 * write-offs) is this stream's state, so "open" = total - credited - allocated - written off.
 * Rates arrive in the command too: the decider reads no rate table and no clock; the operator's
 * today and the horizon arrive in the command (`dates`), since no movement of money is dated
 * beyond it (moneyDateProblem).
 */
import { Decimal } from 'decimal.js';
import type { Decider } from '../../core/decider.ts';
import { ConflictError, NotFoundError, ValidationError, type FieldIssue } from '../../core/errors.ts';
import { isCurrencyCode, minorUnitDigits } from '../../core/currencies.ts';
import { amountSizeProblem, formatMoney, roundToMinorUnit } from '../../core/money.ts';
import { compareDates, currencyProblem, idProblem, Issues, moneyDateProblem, type DateHorizon } from '../../core/validate.ts';
import {
  INVOICE_WRITTEN_OFF, PAYMENT_ALLOCATED, PAYMENT_RECEIVED, PAYMENT_REFUNDED,
  type InvoiceWrittenOffData, type PaymentAllocatedData, type PaymentReceivedData, type PaymentRefundedData, type ReceivablesEvent,
} from './events.ts';

/** Bounds on free text and amounts: a bank file's reference is a line, not a document. */
export const MAX_REFERENCE = 200;
export const MAX_REASON = 500;
export const MAX_INVOICE_NUMBER = 64;

/** What the ledger needs to know of an issued invoice (from its stream, as of the command). */
export interface InvoiceFacts {
  invoiceId: string;
  invoiceNumber: string;
  clientId: string;
  legalEntityId: string;
  currency: string;
  /** The invoice's total (gross). */
  total: string;
  /** What its credit notes took off, as a positive amount. */
  credited: string;
  issueDate: string;
  dueDate: string;
  nationalCurrency: string;
  /** Invoice currency to national currency as booked at issue ("1" when the same). */
  invoiceRate: string;
}

/** The payment as given (payments.csv, POST /payments), before the ledger derives anything. */
export interface PaymentInput {
  paymentId: string;
  clientId: string;
  date: string;
  amount: string;
  currency: string;
  reference: string | null;
  invoiceNumber: string | null;
}

/** A rate of the payment's currency in another currency on the payment's date: units of `to` per unit of the payment's currency. */
export interface Conversion {
  to: string;
  rate: string;
}

export type LedgerCommand =
  | {
    type: 'RecordPayment';
    payment: PaymentInput;
    /** The operator's today and the horizon: the latest date a payment may be dated. */
    dates: DateHorizon;
    legalEntityId: string;
    nationalCurrency: string;
    /** Payment currency to national currency on the payment's date ("1" when the same). */
    rate: string;
    /** The issued invoice the payment's number names, when it names one of this client's. */
    match: InvoiceFacts | null;
    /** When the matched invoice is in another currency: the payment currency's rate in it on the payment's date; null when there is none. */
    conversion: Conversion | null;
  }
  | {
    type: 'AllocatePayment';
    paymentId: string;
    date: string;
    dates: DateHorizon;
    /** In the order to settle them (oldest due first, or as the operator named them). */
    targets: { invoice: InvoiceFacts; amount?: string }[];
    /** The payment currency's rates (on the payment's date) in the targets' other currencies. */
    conversions: Conversion[];
    /** True when the operator named the invoices: one that cannot be settled is refused, not skipped. */
    named: boolean;
    /** A fresh id per allocation, one per target (the decider draws no ids). */
    allocationIds: string[];
  }
  | { type: 'RefundPayment'; paymentId: string; refundId: string; date: string; dates: DateHorizon; amount?: string; reference: string | null }
  /** A credit note was issued on the invoice (its facts count it): what it leaves overpaid goes back to the payments. */
  | { type: 'ReleaseOverCredit'; invoice: InvoiceFacts; creditNoteId: string; date: string }
  | { type: 'WriteOffInvoice'; writeOffId: string; invoice: InvoiceFacts; date: string; dates: DateHorizon; amount?: string; reason: string };

export interface PaymentState {
  data: PaymentReceivedData;
  /** Unallocated credit, in the payment's currency. */
  remaining: Decimal;
}

/** An allocation as it stands: what it took from its payment and gave the invoice, less what was released of it. */
export interface AllocationState {
  allocationId: string;
  paymentId: string;
  amount: Decimal;
  invoiceAmount: Decimal;
}

export interface LedgerState {
  payments: Map<string, PaymentState>;
  /** Per invoice id: what this ledger settled of it (allocations plus write-offs), in the invoice's currency. */
  settled: Map<string, Decimal>;
  /** Per invoice id: its allocations, oldest first. */
  allocations: Map<string, AllocationState[]>;
}

/** What is written off on an invoice now (write-offs less what credit notes took back of them): what the ledger settled that no allocation did. */
function writtenOffOn(state: LedgerState, invoiceId: string): Decimal {
  const allocated = (state.allocations.get(invoiceId) ?? []).reduce((sum, a) => sum.plus(a.invoiceAmount), new Decimal(0));
  return (state.settled.get(invoiceId) ?? new Decimal(0)).minus(allocated);
}

/** Open on an invoice: its total less its credit notes and what the ledger settled; never below zero. */
export function openAmount(invoice: InvoiceFacts, state: LedgerState): Decimal {
  const open = new Decimal(invoice.total).minus(invoice.credited).minus(state.settled.get(invoice.invoiceId) ?? 0);
  return Decimal.max(open, 0);
}

/** Null when `value` is a positive amount in the currency's minor unit within bounds; else why not. */
export function amountProblem(value: string, currency: string): string | null {
  if (typeof value !== 'string' || !/^\d+(\.\d+)?$/.test(value)) return `${JSON.stringify(value)} is not a positive decimal amount (like 120.50)`;
  const amount = new Decimal(value);
  if (amount.isZero()) return 'must be more than zero';
  const tooLarge = amountSizeProblem(value);
  if (tooLarge) return tooLarge;
  if (isCurrencyCode(currency) && amount.decimalPlaces() > minorUnitDigits(currency)) return `${value} has more decimals than ${currency}'s minor unit (${minorUnitDigits(currency)})`;
  return null;
}

/** Every problem of a payment as given, by field (the names of payments.csv's columns, in camelCase); `dates`: the operator's today and the horizon. */
export function paymentProblems(payment: PaymentInput, dates: DateHorizon): FieldIssue[] {
  const issues = new Issues();
  if (issues.require('paymentId', payment.paymentId)) issues.check('paymentId', idProblem(payment.paymentId));
  if (issues.require('clientId', payment.clientId)) issues.check('clientId', idProblem(payment.clientId));
  if (issues.require('date', payment.date)) issues.check('date', moneyDateProblem(payment.date, dates));
  if (issues.require('currency', payment.currency)) issues.check('currency', currencyProblem(payment.currency));
  if (issues.require('amount', payment.amount)) issues.check('amount', amountProblem(payment.amount, payment.currency));
  if (payment.reference !== null && payment.reference.length > MAX_REFERENCE) issues.check('reference', `longer than ${MAX_REFERENCE} characters`);
  if (payment.invoiceNumber !== null && payment.invoiceNumber.length > MAX_INVOICE_NUMBER) issues.check('invoiceNumber', `longer than ${MAX_INVOICE_NUMBER} characters`);
  return issues.list;
}

function refuse(issues: FieldIssue[]): never {
  throw new ValidationError(issues.map((i) => `${i.field}: ${i.message}`).join('; '), issues);
}

/** The same payment: what the payer's bank said is the same (what the ledger derived from it is not compared). */
function samePayment(recorded: PaymentReceivedData, given: PaymentInput): boolean {
  return recorded.clientId === given.clientId && recorded.date === given.date && recorded.currency === given.currency
    && new Decimal(recorded.amount).equals(given.amount) && (recorded.reference ?? null) === (given.reference ?? null)
    && (recorded.invoiceNumber ?? null) === (given.invoiceNumber ?? null);
}

function payment(state: LedgerState, paymentId: string): PaymentState {
  const found = state.payments.get(paymentId);
  if (!found) throw new NotFoundError(`payment ${paymentId} does not exist`);
  return found;
}

/**
 * How much of a payment settles an invoice: at most `wanted` (payment currency) or everything
 * left, at most what is open. Converted at the payment date's rate and rounded half-up to the
 * invoice currency; when the invoice takes less than the whole, the payment gives the open
 * amount converted back, rounded to its own currency (never more than it has left).
 */
function settle(remaining: Decimal, open: Decimal, rate: string, paymentCurrency: string, invoiceCurrency: string, wanted?: Decimal): { amount: Decimal; invoiceAmount: Decimal } {
  const offered = wanted ?? remaining;
  if (paymentCurrency === invoiceCurrency) {
    const amount = Decimal.min(offered, open);
    return { amount, invoiceAmount: amount };
  }
  const converted = roundToMinorUnit(offered.times(rate), invoiceCurrency);
  if (converted.lessThanOrEqualTo(open)) return { amount: offered, invoiceAmount: converted };
  const back = Decimal.min(remaining, roundToMinorUnit(open.dividedBy(rate), paymentCurrency));
  return { amount: back, invoiceAmount: open };
}

/** `releases`: the allocation a release gives back part of (its amounts then negative). */
function allocation(p: PaymentState, invoice: InvoiceFacts, allocationId: string, date: string, amount: Decimal, invoiceAmount: Decimal, releases?: string): ReceivablesEvent {
  const data: PaymentAllocatedData = {
    allocationId, paymentId: p.data.paymentId, clientId: p.data.clientId, legalEntityId: p.data.legalEntityId,
    invoiceId: invoice.invoiceId, invoiceNumber: invoice.invoiceNumber, date,
    amount: formatMoney(amount, p.data.currency), currency: p.data.currency,
    invoiceAmount: formatMoney(invoiceAmount, invoice.currency), invoiceCurrency: invoice.currency,
    nationalCurrency: p.data.nationalCurrency, paymentRate: p.data.rate, invoiceRate: invoice.invoiceRate,
    ...(releases === undefined ? {} : { releases }),
  };
  return { type: PAYMENT_ALLOCATED, data };
}

function rateTo(p: PaymentState, currency: string, conversions: Conversion[]): string | null {
  if (p.data.currency === currency) return '1';
  return conversions.find((c) => c.to === currency)?.rate ?? null;
}

/** Why a payment cannot settle an invoice at all (another client's, another legal entity's, no rate), or null. */
function mismatch(p: PaymentState, invoice: InvoiceFacts, rate: string | null): string | null {
  if (invoice.clientId !== p.data.clientId) return `invoice ${invoice.invoiceNumber} is client ${invoice.clientId}'s, not ${p.data.clientId}'s`;
  if (invoice.legalEntityId !== p.data.legalEntityId) return `invoice ${invoice.invoiceNumber} was issued by ${invoice.legalEntityId}; payment ${p.data.paymentId} was received by ${p.data.legalEntityId}`;
  if (rate === null) return `payment ${p.data.paymentId} is in ${p.data.currency}, invoice ${invoice.invoiceNumber} in ${invoice.currency}, and there is no ${p.data.currency}/${invoice.currency} rate on or before ${p.data.date}`;
  return null;
}

export const ledgerDecider: Decider<LedgerState, LedgerCommand, ReceivablesEvent> = {
  initialState: () => ({ payments: new Map(), settled: new Map(), allocations: new Map() }),

  // Evolves in place: a client's ledger folds thousands of events, and copying its maps per event
  // would make loading it quadratic. Nothing else holds a state while it is folded.
  evolve(state, event) {
    switch (event.type) {
      case PAYMENT_RECEIVED:
        state.payments.set(event.data.paymentId, { data: event.data, remaining: new Decimal(event.data.amount) });
        return state;
      case PAYMENT_ALLOCATED: {
        const p = state.payments.get(event.data.paymentId);
        if (p) p.remaining = p.remaining.minus(event.data.amount);
        state.settled.set(event.data.invoiceId, (state.settled.get(event.data.invoiceId) ?? new Decimal(0)).plus(event.data.invoiceAmount));
        let allocations = state.allocations.get(event.data.invoiceId);
        if (!allocations) state.allocations.set(event.data.invoiceId, (allocations = []));
        const released = event.data.releases === undefined ? undefined : allocations.find((a) => a.allocationId === event.data.releases);
        if (released) {
          released.amount = released.amount.plus(event.data.amount);
          released.invoiceAmount = released.invoiceAmount.plus(event.data.invoiceAmount);
        } else {
          allocations.push({ allocationId: event.data.allocationId, paymentId: event.data.paymentId, amount: new Decimal(event.data.amount), invoiceAmount: new Decimal(event.data.invoiceAmount) });
        }
        return state;
      }
      case PAYMENT_REFUNDED: {
        const p = state.payments.get(event.data.paymentId);
        if (p) p.remaining = p.remaining.minus(event.data.amount);
        return state;
      }
      case INVOICE_WRITTEN_OFF:
        state.settled.set(event.data.invoiceId, (state.settled.get(event.data.invoiceId) ?? new Decimal(0)).plus(event.data.amount));
        return state;
      default: {
        const _exhaustive: never = event;
        return state;
      }
    }
  },

  decide(command, state) {
    switch (command.type) {
      case 'RecordPayment': {
        const given = command.payment;
        const problems = paymentProblems(given, command.dates);
        if (problems.length) refuse(problems);
        const known = state.payments.get(given.paymentId);
        if (known) {
          if (samePayment(known.data, given)) return [];
          throw new ConflictError(`payment ${given.paymentId} is recorded already with other details (${known.data.date}, ${known.data.amount} ${known.data.currency}); a payment id names one payment`);
        }
        const data: PaymentReceivedData = {
          paymentId: given.paymentId, clientId: given.clientId, legalEntityId: command.legalEntityId, date: given.date,
          amount: formatMoney(new Decimal(given.amount), given.currency), currency: given.currency, reference: given.reference, invoiceNumber: given.invoiceNumber,
          nationalCurrency: command.nationalCurrency, rate: command.rate,
        };
        const received: ReceivablesEvent = { type: PAYMENT_RECEIVED, data };
        if (!command.match) return [received];
        const p: PaymentState = { data, remaining: new Decimal(data.amount) };
        const invoice = command.match;
        const rate = rateTo(p, invoice.currency, command.conversion ? [command.conversion] : []);
        const why = mismatch(p, invoice, rate);
        if (why) refuse([{ field: rate === null ? 'currency' : 'invoiceNumber', message: why }]);
        const open = openAmount(invoice, state);
        if (open.isZero()) return [received];
        const { amount, invoiceAmount } = settle(p.remaining, open, rate!, data.currency, invoice.currency);
        if (amount.isZero() || invoiceAmount.isZero()) return [received];
        // A payment made before the invoice was issued (a prepayment naming it) settles it once it
        // exists: on its issue date, never on a day the books had no receivable to clear.
        const settledOn = compareDates(data.date, invoice.issueDate) < 0 ? invoice.issueDate : data.date;
        return [received, allocation(p, invoice, `${given.paymentId}:${invoice.invoiceId}`, settledOn, amount, invoiceAmount)];
      }

      case 'AllocatePayment': {
        const p = payment(state, command.paymentId);
        const issues = new Issues();
        issues.check('date', moneyDateProblem(command.date, command.dates));
        if (!issues.empty) refuse(issues.list);
        if (compareDates(command.date, p.data.date) < 0) refuse([{ field: 'date', message: `${command.date} is before the payment's date ${p.data.date}` }]);
        if (command.allocationIds.length < command.targets.length) throw new Error('AllocatePayment: one allocation id per target');
        let remaining = p.remaining;
        if (remaining.isZero()) throw new ConflictError(`payment ${p.data.paymentId} has no unallocated credit left`);
        const events: ReceivablesEvent[] = [];
        const settledNow = new Map<string, Decimal>();
        const stateNow: LedgerState = { payments: state.payments, settled: new Map(state.settled), allocations: state.allocations };
        for (const [index, target] of command.targets.entries()) {
          const invoice = target.invoice;
          const rate = rateTo(p, invoice.currency, command.conversions);
          // An allocation clears a receivable: not before the invoice exists (as a write-off).
          const why = mismatch(p, invoice, rate) ?? (compareDates(command.date, invoice.issueDate) < 0 ? `${command.date} is before invoice ${invoice.invoiceNumber}'s issue date ${invoice.issueDate}` : null);
          if (why) {
            if (command.named) refuse([{ field: `invoices/${index}`, message: why }]);
            continue;
          }
          if (remaining.isZero()) {
            if (command.named && target.amount !== undefined) refuse([{ field: `invoices/${index}`, message: `payment ${p.data.paymentId} has nothing left for invoice ${target.invoice.invoiceNumber}` }]);
            // Every invoice named is still checked: one of another legal entity is refused wherever it stands in the list.
            if (command.named) continue;
            break;
          }
          const open = openAmount(invoice, stateNow);
          let wanted: Decimal | undefined;
          if (target.amount !== undefined) {
            const problem = amountProblem(target.amount, p.data.currency);
            if (problem) refuse([{ field: `invoices/${index}/amount`, message: problem }]);
            wanted = new Decimal(target.amount);
            if (wanted.greaterThan(remaining)) refuse([{ field: `invoices/${index}/amount`, message: `${target.amount} ${p.data.currency} is more than payment ${p.data.paymentId} has left (${formatMoney(remaining, p.data.currency)})` }]);
            const converted = rate === '1' ? wanted : roundToMinorUnit(wanted.times(rate!), invoice.currency);
            if (converted.greaterThan(open)) refuse([{ field: `invoices/${index}/amount`, message: `${formatMoney(converted, invoice.currency)} ${invoice.currency} is more than is open on invoice ${invoice.invoiceNumber} (${formatMoney(open, invoice.currency)})` }]);
          } else if (open.isZero()) {
            if (command.named) refuse([{ field: `invoices/${index}`, message: `nothing is open on invoice ${invoice.invoiceNumber}` }]);
            continue;
          }
          const { amount, invoiceAmount } = settle(remaining, open, rate!, p.data.currency, invoice.currency, wanted);
          if (amount.isZero() || invoiceAmount.isZero()) continue;
          events.push(allocation(p, invoice, command.allocationIds[index]!, command.date, amount, invoiceAmount));
          remaining = remaining.minus(amount);
          const settled = (settledNow.get(invoice.invoiceId) ?? stateNow.settled.get(invoice.invoiceId) ?? new Decimal(0)).plus(invoiceAmount);
          settledNow.set(invoice.invoiceId, settled);
          stateNow.settled.set(invoice.invoiceId, settled);
        }
        return events;
      }

      case 'RefundPayment': {
        const p = payment(state, command.paymentId);
        const issues = new Issues();
        issues.check('date', moneyDateProblem(command.date, command.dates));
        if (command.amount !== undefined) issues.check('amount', amountProblem(command.amount, p.data.currency));
        if (command.reference !== null && command.reference.length > MAX_REFERENCE) issues.check('reference', `longer than ${MAX_REFERENCE} characters`);
        if (!issues.empty) refuse(issues.list);
        if (compareDates(command.date, p.data.date) < 0) refuse([{ field: 'date', message: `${command.date} is before the payment's date ${p.data.date}` }]);
        if (p.remaining.isZero()) throw new ConflictError(`payment ${p.data.paymentId} has no unallocated credit left to refund`);
        const amount = command.amount === undefined ? p.remaining : new Decimal(command.amount);
        if (amount.greaterThan(p.remaining)) refuse([{ field: 'amount', message: `${command.amount} ${p.data.currency} is more than payment ${p.data.paymentId} has left (${formatMoney(p.remaining, p.data.currency)})` }]);
        const data: PaymentRefundedData = {
          refundId: command.refundId, paymentId: p.data.paymentId, clientId: p.data.clientId, legalEntityId: p.data.legalEntityId, date: command.date,
          amount: formatMoney(amount, p.data.currency), currency: p.data.currency, reference: command.reference, nationalCurrency: p.data.nationalCurrency, rate: p.data.rate,
        };
        return [{ type: PAYMENT_REFUNDED, data }];
      }

      case 'ReleaseOverCredit': {
        const { invoice } = command;
        // Credited and settled beyond the total: the client paid for what the credit notes took back.
        let over = new Decimal(invoice.credited).plus(state.settled.get(invoice.invoiceId) ?? 0).minus(invoice.total);
        const events: ReceivablesEvent[] = [];
        // What was written off goes first: the credit note says that part was never owed, so the
        // write-off shrinks (the bad-debt expense with it) before any of the client's money goes
        // back. A write-off is no money of the client's to give back; what the client paid stays
        // against what it still owes.
        const writtenOff = writtenOffOn(state, invoice.invoiceId);
        if (over.gt(0) && writtenOff.gt(0)) {
          const reduced = Decimal.min(over, writtenOff);
          const data: InvoiceWrittenOffData = {
            writeOffId: `credit:${command.creditNoteId}`, clientId: invoice.clientId, legalEntityId: invoice.legalEntityId, invoiceId: invoice.invoiceId, invoiceNumber: invoice.invoiceNumber,
            date: command.date, amount: formatMoney(reduced.negated(), invoice.currency), currency: invoice.currency, reason: 'reduced by a credit note',
            nationalCurrency: invoice.nationalCurrency, invoiceRate: invoice.invoiceRate, creditNoteId: command.creditNoteId,
          };
          events.push({ type: INVOICE_WRITTEN_OFF, data });
          over = over.minus(reduced);
        }
        // Then the latest allocations go back first.
        for (const held of [...(state.allocations.get(invoice.invoiceId) ?? [])].reverse()) {
          if (!over.gt(0)) break;
          const p = state.payments.get(held.paymentId);
          if (!p || !held.invoiceAmount.gt(0)) continue;
          const invoiceAmount = Decimal.min(over, held.invoiceAmount);
          // Back to the payment in its own currency, in proportion; all of it when the whole allocation goes back.
          const amount = invoiceAmount.equals(held.invoiceAmount) ? held.amount : roundToMinorUnit(invoiceAmount.times(held.amount).dividedBy(held.invoiceAmount), p.data.currency);
          events.push(allocation(p, invoice, `release:${command.creditNoteId}:${held.allocationId}`, command.date, amount.negated(), invoiceAmount.negated(), held.allocationId));
          over = over.minus(invoiceAmount);
        }
        return events;
      }

      case 'WriteOffInvoice': {
        const invoice = command.invoice;
        const issues = new Issues();
        issues.check('date', moneyDateProblem(command.date, command.dates));
        if (issues.require('reason', command.reason?.trim()) && command.reason.length > MAX_REASON) issues.check('reason', `longer than ${MAX_REASON} characters`);
        if (command.amount !== undefined) issues.check('amount', amountProblem(command.amount, invoice.currency));
        if (!issues.empty) refuse(issues.list);
        if (compareDates(command.date, invoice.issueDate) < 0) refuse([{ field: 'date', message: `${command.date} is before the invoice's issue date ${invoice.issueDate}` }]);
        const open = openAmount(invoice, state);
        if (open.isZero()) throw new ConflictError(`nothing is open on invoice ${invoice.invoiceNumber} to write off`);
        const amount = command.amount === undefined ? open : new Decimal(command.amount);
        if (amount.greaterThan(open)) refuse([{ field: 'amount', message: `${command.amount} ${invoice.currency} is more than is open on invoice ${invoice.invoiceNumber} (${formatMoney(open, invoice.currency)})` }]);
        const data: InvoiceWrittenOffData = {
          writeOffId: command.writeOffId, clientId: invoice.clientId, legalEntityId: invoice.legalEntityId, invoiceId: invoice.invoiceId, invoiceNumber: invoice.invoiceNumber,
          date: command.date, amount: formatMoney(amount, invoice.currency), currency: invoice.currency, reason: command.reason.trim(),
          nationalCurrency: invoice.nationalCurrency, invoiceRate: invoice.invoiceRate,
        };
        return [{ type: INVOICE_WRITTEN_OFF, data }];
      }

      default: {
        const _exhaustive: never = command;
        return [];
      }
    }
  },
};
