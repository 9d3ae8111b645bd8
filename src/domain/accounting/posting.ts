/**
 * Posting rules: one function per kind of journal entry, each turning what happened into a
 * balanced entry in the legal entity's national currency (docs/accounting.md has them as tables).
 *
 * Rounding: every national amount is the transaction amount times its rate, rounded half-up to
 * the national currency's minor unit, with three exceptions that keep the books exact:
 * - a VAT line takes the VAT the invoice itself states in the national currency (RULES.md 14);
 * - a line clearing the whole open amount of an invoice or a payment takes exactly what is left
 *   of it in the national currency, so a settled invoice leaves no residue on the receivable;
 * - on an invoice or credit note the revenue line with the largest amount takes the difference
 *   rounding leaves between the receivable and the other lines, so the entry balances exactly.
 * Realised exchange differences arise only where a payment settles an invoice: the receivable
 * is cleared at the invoice's rate and the customer credit at the payment's.
 */
import { Decimal } from 'decimal.js';
import { deterministicId } from '../../core/ids.ts';
import type { InvoiceVatGroup } from '../invoice/invoice.ts';
import type { InvoiceWrittenOffData, PaymentAllocatedData, PaymentReceivedData, PaymentRefundedData } from '../receivables/events.ts';
import { accountFor, revenueRole, vatRole, type Account } from './chart.ts';
import { lineOf, toNational, type JournalEntry, type JournalKind, type Posting } from './journal.ts';

export type Chart = Readonly<Record<string, Account>>;

/** What is still open of an invoice (receivable) or a payment (customer credit), in its currency and in the national one. */
export interface OpenItem {
  currency: string;
  rate: string;
  open: string;
  openNational: string;
}

/** An issued invoice or a credit note as the journal posts it (a credit note's amounts are negative). */
export interface Billed {
  legalEntityId: string;
  date: string;
  ref: string;
  currency: string;
  nationalCurrency: string;
  /** One unit of `currency` in the national currency ("1" when the same). */
  rate: string;
  /** Each line's service category and net (or per-category sums). */
  nets: { serviceCategory: string; net: string }[];
  vat: Pick<InvoiceVatGroup, 'category' | 'rate' | 'taxable' | 'amount' | 'national'>[];
  total: string;
}

/** The stable id of the `index`th entry an event causes: the same event always gives the same ids, through any rebuild. */
export function journalEntryId(eventId: string, index: number): string {
  return deterministicId('journal-entry', eventId, String(index));
}

type Draft = Omit<JournalEntry, 'id'>;

function entryOf(kind: JournalKind, head: { legalEntityId: string; date: string; ref: string; nationalCurrency: string }, postings: Posting[]): Draft {
  return {
    date: head.date,
    legalEntityId: head.legalEntityId,
    kind,
    ref: head.ref,
    currency: head.nationalCurrency,
    lines: postings.filter((p) => !(p.national.isZero() && p.amount.isZero())).map((p) => lineOf(p, head.nationalCurrency)),
  };
}

/** The national amount that clears `amount` of an open item: what is left when it clears it all, else `amount` at `rate`. */
export function clearedNational(open: OpenItem | undefined, amount: Decimal.Value, rate: string, nationalCurrency: string): Decimal {
  if (open && new Decimal(open.open).equals(amount)) return new Decimal(open.openNational);
  return toNational(amount, rate, nationalCurrency);
}

export function afterClearing(open: OpenItem | undefined, amount: Decimal.Value, national: Decimal, fallback: Omit<OpenItem, 'open' | 'openNational'>): OpenItem {
  const base = open ?? { ...fallback, open: '0', openNational: '0' };
  return { ...base, open: new Decimal(base.open).minus(amount).toFixed(), openNational: new Decimal(base.openNational).minus(national).toFixed() };
}

/** The reverse-charged VAT groups of an invoice or credit note that have supplies: what the memo pair records. */
function reverseChargedGroups(vat: Billed['vat']): Billed['vat'] {
  return vat.filter((g) => g.category === 'AE' && !new Decimal(g.taxable).isZero());
}

/** The reverse-charge supplies of an invoice or credit note (its AE groups' taxable amounts), and their memo amount in the national currency. */
export function reverseChargeMemo(billed: Pick<Billed, 'vat' | 'rate' | 'nationalCurrency'>): { taxable: Decimal; national: Decimal } {
  const groups = reverseChargedGroups(billed.vat);
  return {
    taxable: groups.reduce((sum, g) => sum.plus(g.taxable), new Decimal(0)),
    national: groups.reduce((sum, g) => sum.plus(toNational(new Decimal(g.taxable), billed.rate, billed.nationalCurrency)), new Decimal(0)),
  };
}

/**
 * Invoice (and, with negative amounts, credit note): debit the receivable with the total, credit
 * revenue per service category and VAT per group; reverse-charged groups also post their taxable
 * amount to the memo account and its contra. `receivable` overrides the receivable's national
 * amount (a credit note clearing all that is open of its invoice); `memoNational`, the memo
 * pair's (a credit note taking back the rest of the invoice's reverse-charge supplies: what is
 * left of the invoice's memo, not its own rounding).
 */
export function postBilled(kind: 'invoice' | 'credit-note', billed: Billed, chart: Chart, receivable?: Decimal, memoNational?: Decimal): { entry: Draft; receivableNational: Decimal } {
  const { currency, rate, nationalCurrency: national } = billed;
  const revenue = new Map<string, Decimal>();
  for (const { serviceCategory, net } of billed.nets) revenue.set(serviceCategory, (revenue.get(serviceCategory) ?? new Decimal(0)).plus(net));
  const revenuePostings: Posting[] = [...revenue].map(([category, net]) => ({
    account: accountFor(chart, revenueRole(category)).number, national: toNational(net, rate, national).negated(), currency, amount: net.negated(), rate,
  }));
  const vatPostings: Posting[] = billed.vat.filter((g) => !new Decimal(g.amount).isZero()).map((g) => ({
    account: accountFor(chart, vatRole(g.category, g.rate)).number,
    national: (g.national && g.national.currency === national ? new Decimal(g.national.amount) : toNational(g.amount, rate, national)).negated(),
    currency, amount: new Decimal(g.amount).negated(), rate,
  }));
  const aeGroups = reverseChargedGroups(billed.vat);
  const memo: Posting[] = aeGroups.flatMap((g) => {
    const taxable = new Decimal(g.taxable);
    // One AE group (its rate is 0 %): the override, when given, is that group's.
    const amount = memoNational !== undefined && aeGroups.length === 1 ? memoNational : toNational(taxable, rate, national);
    return [
      { account: accountFor(chart, 'reverse-charge-memo').number, national: amount, currency, amount: taxable, rate },
      { account: accountFor(chart, 'reverse-charge-memo-contra').number, national: amount.negated(), currency, amount: taxable.negated(), rate },
    ];
  });
  const credits = [...revenuePostings, ...vatPostings].reduce((sum, p) => sum.plus(p.national), new Decimal(0));
  let receivableNational = receivable ?? toNational(billed.total, rate, national);
  const difference = receivableNational.plus(credits);
  if (!difference.isZero()) {
    // The largest revenue line absorbs what rounding leaves; with none, the receivable does.
    const largest = revenuePostings.reduce<Posting | null>((best, p) => (best === null || p.national.abs().greaterThan(best.national.abs()) ? p : best), null);
    if (largest) largest.national = largest.national.minus(difference);
    else receivableNational = receivableNational.minus(difference);
  }
  const receivablePosting: Posting = { account: accountFor(chart, 'receivables').number, national: receivableNational, currency, amount: new Decimal(billed.total), rate };
  return {
    entry: entryOf(kind, { legalEntityId: billed.legalEntityId, date: billed.date, ref: billed.ref, nationalCurrency: national }, [receivablePosting, ...revenuePostings, ...vatPostings, ...memo]),
    receivableNational,
  };
}

/** Payment received: debit the bank, credit the client's unallocated credit, at the payment's rate. */
export function postPayment(data: PaymentReceivedData, chart: Chart): { entry: Draft; national: Decimal } {
  const national = toNational(data.amount, data.rate, data.nationalCurrency);
  const amount = new Decimal(data.amount);
  const entry = entryOf('payment', { legalEntityId: data.legalEntityId, date: data.date, ref: data.paymentId, nationalCurrency: data.nationalCurrency }, [
    { account: accountFor(chart, 'bank').number, national, currency: data.currency, amount, rate: data.rate },
    { account: accountFor(chart, 'customer-credit').number, national: national.negated(), currency: data.currency, amount: amount.negated(), rate: data.rate },
  ]);
  return { entry, national };
}

/**
 * Allocation: debit customer credit at the payment's rate, credit the receivable at the
 * invoice's; the difference is the realised exchange gain (credit) or loss (debit).
 */
export function postAllocation(data: PaymentAllocatedData, chart: Chart, payment?: OpenItem, invoice?: OpenItem, released?: AllocationBook): { entry: Draft; creditNational: Decimal; receivableNational: Decimal } {
  const national = data.nationalCurrency;
  // A release of all that is left of an allocation reverses exactly what it booked (its exchange
  // difference too), not the amounts converted again, which can differ by a minor unit.
  const reversesAll = released !== undefined && new Decimal(data.amount).negated().equals(released.amount) && new Decimal(data.invoiceAmount).negated().equals(released.invoiceAmount);
  const creditNational = reversesAll ? new Decimal(released.creditNational).negated() : clearedNational(payment, data.amount, data.paymentRate, national);
  const receivableNational = reversesAll ? new Decimal(released.receivableNational).negated() : clearedNational(invoice, data.invoiceAmount, data.invoiceRate, national);
  const difference = creditNational.minus(receivableNational);
  const postings: Posting[] = [
    { account: accountFor(chart, 'customer-credit').number, national: creditNational, currency: data.currency, amount: new Decimal(data.amount), rate: data.paymentRate },
    { account: accountFor(chart, 'receivables').number, national: receivableNational.negated(), currency: data.invoiceCurrency, amount: new Decimal(data.invoiceAmount).negated(), rate: data.invoiceRate },
  ];
  if (!difference.isZero()) {
    // A release reverses its allocation's difference on the same account: a loss is credited back to fx-loss, not booked as a gain.
    const role = difference.isPositive() === (data.releases === undefined) ? 'fx-gain' : 'fx-loss';
    postings.push({ account: accountFor(chart, role).number, national: difference.negated(), currency: national, amount: difference.negated(), rate: '1' });
  }
  const entry = entryOf('allocation', { legalEntityId: data.legalEntityId, date: data.date, ref: `${data.paymentId}/${data.invoiceNumber}`, nationalCurrency: national }, postings);
  return { entry, creditNational, receivableNational };
}

/** What an allocation booked (in the payment's and the invoice's currency and nationally), less what releases reversed of it. */
export interface AllocationBook {
  amount: string;
  invoiceAmount: string;
  creditNational: string;
  receivableNational: string;
}

/** An allocation's book after `data` (the allocation itself, or a release of it with negative amounts). */
export function afterAllocation(before: AllocationBook | undefined, data: PaymentAllocatedData, creditNational: Decimal, receivableNational: Decimal): AllocationBook {
  const plus = (a: string | undefined, b: Decimal.Value) => new Decimal(a ?? 0).plus(b).toFixed();
  return {
    amount: plus(before?.amount, data.amount), invoiceAmount: plus(before?.invoiceAmount, data.invoiceAmount),
    creditNational: plus(before?.creditNational, creditNational), receivableNational: plus(before?.receivableNational, receivableNational),
  };
}

/** Refund: debit customer credit, credit the bank, at the rate the payment was booked at. */
export function postRefund(data: PaymentRefundedData, chart: Chart, payment?: OpenItem): { entry: Draft; national: Decimal } {
  const national = clearedNational(payment, data.amount, data.rate, data.nationalCurrency);
  const amount = new Decimal(data.amount);
  const entry = entryOf('refund', { legalEntityId: data.legalEntityId, date: data.date, ref: data.paymentId, nationalCurrency: data.nationalCurrency }, [
    { account: accountFor(chart, 'customer-credit').number, national, currency: data.currency, amount, rate: data.rate },
    { account: accountFor(chart, 'bank').number, national: national.negated(), currency: data.currency, amount: amount.negated(), rate: data.rate },
  ]);
  return { entry, national };
}

/** Write-off: debit bad debts, credit the receivable, at the invoice's rate (VAT relief on bad debts is not claimed here). */
export function postWriteOff(data: InvoiceWrittenOffData, chart: Chart, invoice?: OpenItem): { entry: Draft; national: Decimal } {
  const national = clearedNational(invoice, data.amount, data.invoiceRate, data.nationalCurrency);
  const amount = new Decimal(data.amount);
  const entry = entryOf('write-off', { legalEntityId: data.legalEntityId, date: data.date, ref: data.invoiceNumber, nationalCurrency: data.nationalCurrency }, [
    { account: accountFor(chart, 'write-off').number, national, currency: data.currency, amount, rate: data.invoiceRate },
    { account: accountFor(chart, 'receivables').number, national: national.negated(), currency: data.currency, amount: amount.negated(), rate: data.invoiceRate },
  ]);
  return { entry, national };
}
