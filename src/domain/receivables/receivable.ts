/**
 * An issued invoice as a receivable: its total and every dated movement that reduced it (credit
 * notes, allocated payments, write-offs). What is open, its payment status and its aging bucket
 * are computed from these when asked, as of a date the caller gives: "overdue" depends on the
 * day it is read, so it is never stored (a rebuild on another day would otherwise differ).
 */
import { Decimal } from 'decimal.js';
import { daysBetween } from '../../core/calendar-date.ts';
import { formatMoney } from '../../core/money.ts';

export interface ReceivableMovement {
  kind: 'credit-note' | 'payment' | 'write-off';
  /** The credit note's, allocation's or write-off's id. */
  id: string;
  date: string;
  /**
   * What it takes off the invoice's open amount, in the invoice's currency: positive, except a
   * credit note of a negative invoice (`creditNoteReduction`), which takes the credit back.
   */
  amount: string;
  /** The payment an allocation came from. */
  paymentId?: string;
}

export interface Receivable {
  invoiceId: string;
  clientId: string;
  legalEntityId: string | null;
  number: string | null;
  currency: string | null;
  total: string | null;
  issueDate: string | null;
  dueDate: string | null;
  movements: ReceivableMovement[];
}

export type PaymentStatus = 'open' | 'partly-paid' | 'paid' | 'overdue';

/**
 * What a credit note takes off the open amount of the invoice it corrects: its total negated. A
 * credit note of an ordinary invoice has a negative total and reduces what the client owes; one
 * of a negative invoice (RULES.md 8, a credit for an ended subscription) has a positive total and
 * takes back the credit the client was owed.
 */
export function creditNoteReduction(creditNoteTotal: string): string {
  return new Decimal(creditNoteTotal).negated().toFixed();
}

/**
 * What is open on an issued invoice counting the movements dated on or before `asOf` (all of them
 * when null), between zero and the invoice's total: what the client owes, or for a negative
 * invoice what billstream owes the client (negative) until it is credited.
 */
export function amountOpen(receivable: Receivable, asOf: string | null = null): Decimal {
  const total = new Decimal(receivable.total ?? 0);
  let open = total;
  for (const m of receivable.movements) if (asOf === null || m.date <= asOf) open = open.minus(m.amount);
  return total.isNegative() ? Decimal.min(Decimal.max(open, total), 0) : Decimal.max(open, 0);
}

/**
 * paid: nothing is due (paid, credited or written off in full); overdue: something is due and the
 * due date is before `today`; partly-paid: a payment settled part of it; open: nothing paid yet,
 * or a negative invoice's credit that the client has not had back (never overdue).
 */
export function paymentStatus(receivable: Receivable, today: string): PaymentStatus {
  const due = amountOpen(receivable);
  if (due.isZero()) return 'paid';
  if (due.isNegative()) return 'open';
  if (receivable.dueDate !== null && receivable.dueDate < today) return 'overdue';
  return receivable.movements.some((m) => m.kind === 'payment') ? 'partly-paid' : 'open';
}

export function amountDue(receivable: Receivable): string {
  return formatMoney(amountOpen(receivable), receivable.currency!);
}

export const AGING_BUCKETS = ['current', '1-30', '31-60', '61-90', '90+'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

/** The bucket of an amount due on `dueDate`, as of `asOf`: days past the due date (not yet due: current). */
export function agingBucket(dueDate: string, asOf: string): AgingBucket {
  const late = daysBetween(dueDate, asOf);
  if (late <= 0) return 'current';
  if (late <= 30) return '1-30';
  if (late <= 60) return '31-60';
  if (late <= 90) return '61-90';
  return '90+';
}

export type AgingRow = { currency: string } & Record<AgingBucket | 'total', string>;

/** Sums of open amounts per bucket, kept exact until formatted. */
export class AgingSums {
  private readonly sums = new Map<string, Map<AgingBucket, Decimal>>();

  add(currency: string, bucket: AgingBucket, amount: Decimal): void {
    let row = this.sums.get(currency);
    if (!row) this.sums.set(currency, (row = new Map()));
    row.set(bucket, (row.get(bucket) ?? new Decimal(0)).plus(amount));
  }

  rows(): AgingRow[] {
    return [...this.sums.keys()].sort().map((currency) => {
      const row = this.sums.get(currency)!;
      const out = { currency } as AgingRow;
      let total = new Decimal(0);
      for (const bucket of AGING_BUCKETS) {
        const amount = row.get(bucket) ?? new Decimal(0);
        out[bucket] = formatMoney(amount, currency);
        total = total.plus(amount);
      }
      out.total = formatMoney(total, currency);
      return out;
    });
  }
}

/** One receivable's open amount as of `asOf` in its bucket; nothing when it was not issued by then or nothing is open. */
export function ageReceivable(receivable: Receivable, asOf: string, sums: AgingSums[]): void {
  if (!receivable.issueDate || receivable.issueDate > asOf || !receivable.dueDate || !receivable.currency) return;
  const open = amountOpen(receivable, asOf);
  if (open.isZero()) return;
  // A credit owed to the client (a negative invoice) is not late: it nets in the current bucket.
  const bucket = open.isNegative() ? 'current' : agingBucket(receivable.dueDate, asOf);
  for (const s of sums) s.add(receivable.currency, bucket, open);
}
