/**
 * RULES.md 6 to 9: the recurring and one-time fees of a subscription on the invoice that closes a
 * cycle.
 *
 * Recurring fees are a reconciliation, not an append: for one subscription and one fee the
 * invoice charges the days that should have been billed by now and were not, and credits the days
 * that were billed and are no longer active. So a billing run that crashed half-way, a run done
 * twice, or a CRM change that arrives after a period was paid (an end date, a corrected start, a
 * corrected quantity) all come out right on the next invoice, and nothing is ever billed twice.
 * What was billed is read back from the issued lines (`billedSpans`), so the caller keeps no other
 * state.
 *
 * Units: a day of a fee period times a quantity. The price of a day is `amount / days_in_period`
 * of the fee period it belongs to (RULES 7); a credit is priced on the fee period of the charge it
 * takes back, so it mirrors that charge.
 */
import { Decimal } from 'decimal.js';
import { Temporal } from 'temporal-polyfill';
import { dateProblem } from '../../core/validate.ts';
import type { OneTimeFee, RecurringFee } from '../tariff/definition.ts';
import { addDays, daysBetween } from '../../core/calendar-date.ts';
import { cycleContaining, type Cycle, type CycleTerms } from './cycles.ts';

/**
 * A division by 28 to 366 days has no finite decimal: keep 200 significant digits so the only
 * rounding of a line is the one of RULES 10 (once, on the invoice line's sum).
 */
const Exact = Decimal.clone({ precision: 200, rounding: Decimal.ROUND_HALF_UP });

/** One subscription as its fees see it. */
export interface FeeSubject {
  subscriptionId: string;
  /** First active day (FORMATS.md subscriptions.csv `start_date`). */
  startDate: string;
  /** First day no longer active (exclusive); null = open. */
  endDate: string | null;
  /** Whole units, at least 1. */
  quantity: number;
}

/**
 * Days of one fee period already invoiced for one subscription and fee: `quantity` units on every
 * day of `[start, end)`. Read them from the issued lines with `billedSpans`, which nets credits
 * against charges; spans with a negative quantity (a credit not netted) are also understood.
 */
export interface BilledSpan {
  start: string;
  /** Exclusive. */
  end: string;
  /** The fee period the days were priced in. */
  feePeriod: Cycle;
  quantity: number;
}

/**
 * One stretch of a fee code's history: from `from` (inclusive; the first stretch reaches back
 * before its date) until the next stretch's `from`, the fee as the tariff version in force then
 * defines it, or null when that version has no fee of the code. A new version adds, changes or
 * drops a fee from its `validFrom` on (FORMATS.md: a version supersedes from that date).
 */
export interface FeeStretch {
  from: string;
  fee: RecurringFee | null;
}

export interface RecurringLine {
  code: string;
  /** The fee as the version that prices these days defines it (name, amount, period). */
  fee: RecurringFee;
  subscriptionId: string;
  kind: 'charge' | 'credit';
  /** The fee period the days are priced in (RULES 7 `days_in_period`). */
  feePeriod: Cycle;
  /** The days charged or credited, `[start, end)`, inside `feePeriod`. */
  span: Cycle;
  days: number;
  daysInPeriod: number;
  /** Units charged or credited (positive for both kinds). */
  quantity: number;
  /** Unrounded (RULES 10 rounds the invoice line); negative for credits. */
  amount: Decimal;
}

export interface RecurringFeeInput {
  /** One fee for every day (a tariff with one version), or its history over the tariff's versions. */
  fee?: RecurringFee;
  schedule?: readonly FeeStretch[];
  subject: FeeSubject;
  /** The contract's cycle terms: fee periods are laid on its grid. */
  terms: CycleTerms;
  /** The contract's `billing_start` (FORMATS.md contracts.csv), null when not migrated. */
  billingStart: string | null;
  /** The cycle the invoice closes. */
  closing: Cycle;
  /** Everything already invoiced for this subscription and fee (any earlier invoice). */
  billed: readonly BilledSpan[];
}

/** RULES.md 7: proration by calendar days, `amount * active_days / days_in_period`, unrounded. */
export function prorate(amount: Decimal, activeDays: number, daysInPeriod: number): Decimal {
  if (!Number.isSafeInteger(daysInPeriod) || daysInPeriod <= 0) throw new RangeError(`days in period ${daysInPeriod} is not a positive whole number`);
  if (!Number.isSafeInteger(activeDays) || activeDays < 0 || activeDays > daysInPeriod) {
    throw new RangeError(`active days ${activeDays} is not a whole number from 0 to ${daysInPeriod}`);
  }
  // Multiply first: the only inexact step is the one division.
  return new Exact(amount).times(activeDays).dividedBy(daysInPeriod);
}

/**
 * The lines for one recurring fee of one subscription on the invoice closing `closing` (RULES 8).
 *
 * Due by this invoice: `arrears` fees, the fee periods that end on or before `closing.end`;
 * `advance` fees, the fee periods that start before the end of the next cycle (the next cycle in
 * advance, and with it the first period, from activation to the end of its cycle, that no earlier
 * invoice billed in advance); nothing for a subscription activated after the closing cycle. Within them the active days are `[max(startDate, billingStart),
 * endDate)` (RULES 6: for recurring fees billing_start is the activation day). Charged: active
 * days not yet billed. Credited: billed days no longer active (RULES 8, a subscription ending in a
 * paid period), never more than was billed. Consecutive days of one fee period, kind and quantity
 * make one line. Days after the due fee periods are left for later invoices, even when billed.
 */
export function recurringFeeLines(input: RecurringFeeInput): RecurringLine[] {
  const { subject, terms } = input;
  checkSubject(subject);
  const closing = checkCycle(input.closing, 'closing cycle');
  const contractCycle = cycleContaining(closing.start, terms);
  if (contractCycle.start !== closing.start || contractCycle.end !== closing.end) {
    throw new RangeError(`${closing.start}..${closing.end} is not a billing cycle of the contract (the cycle of ${closing.start} is ${contractCycle.start}..${contractCycle.end})`);
  }
  const schedule = checkSchedule(input.schedule ?? (input.fee ? [{ from: '', fee: input.fee }] : []));
  if (schedule.length === 0) return [];
  const code = schedule.find((stretch) => stretch.fee)!.fee!.code;
  /** The stretch of a day: the last one from on or before it (the first reaches back before its date). */
  const stretchAt = (day: string): FeeStretch => schedule.findLast((stretch) => stretch.from <= day) ?? schedule[0]!;
  /**
   * The fee that prices a day: its stretch's, or, on days no version has the fee (dropped, or not
   * added yet), the one last in force before them (first after them): what such days were billed at.
   */
  const feeAt = (day: string): RecurringFee => schedule.findLast((stretch) => stretch.from <= day && stretch.fee)?.fee ?? schedule.find((stretch) => stretch.fee)!.fee!;
  const feePeriodOf = (day: string): Cycle => cycleContaining(day, { ...terms, billingCycle: feeAt(day).period });
  const dueOf = (fee: RecurringFee): string => {
    let due = dueUntil(fee, terms, { ...terms, billingCycle: fee.period }, closing);
    // Arrears of a fee period the service leaves early are due on the invoice of the cycle it ends
    // in (RULES 8, "the invoice of the cycle they cover"), not on one after the contract has ended.
    if (fee.billed === 'arrears' && subject.endDate !== null && subject.endDate <= closing.end && subject.endDate > due) due = subject.endDate;
    return due;
  };
  const dueEnd = schedule.map((stretch) => dueOf(stretch.fee ?? feeAt(stretch.from))).reduce((a, b) => (a > b ? a : b));

  const billingStart = input.billingStart === null ? null : checkDate(input.billingStart, 'billing start');
  const activeStart = billingStart !== null && billingStart > subject.startDate ? billingStart : subject.startDate;
  const activeEnd = subject.endDate === null || subject.endDate > dueEnd ? dueEnd : subject.endDate;
  // A subscription activated in a later cycle is not billed in advance before it starts: its first
  // period is charged on the invoice closing the cycle it falls in, beside the next in advance (RULES 8).
  const activatesLater = feeAt(activeStart).billed === 'advance' && activeStart >= closing.end;
  const activeDays = activeStart < activeEnd;
  const active = !activatesLater && activeDays;
  const billed = input.billed.map(checkSpan).filter((span) => span.start < dueEnd);

  const starts = [...(active ? [activeStart] : []), ...billed.map((span) => span.start)];
  if (starts.length === 0) return [];
  const from = starts.reduce((a, b) => (a < b ? a : b));

  // Between two neighbouring points nothing changes: the same fee period, activity and billing.
  const points = new Set([from, dueEnd]);
  if (activeDays) points.add(activeStart).add(activeEnd);
  for (const span of billed) points.add(span.start).add(span.end);
  for (const stretch of schedule) if (stretch.from > from) points.add(stretch.from);
  // A stretch with another fee period lays its own grid (the period containing a day always ends after it).
  for (let period = feePeriodOf(from); period.start < dueEnd; period = feePeriodOf(period.end)) points.add(period.start).add(period.end);
  const sorted = [...points].filter((point) => point >= from && point <= dueEnd).sort();

  const pieces: Piece[] = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const start = sorted[i]!;
    const end = sorted[i + 1]!;
    // Each stretch's fee decides how far ahead this invoice bills it (arrears, advance, period).
    const fee = feeAt(start);
    if (end > dueOf(fee)) continue;
    const activeHere = activeDays && activeStart <= start && end <= activeEnd;
    // Days no version has the fee on are not charged; what was billed for them is taken back.
    const target = active && activeHere && stretchAt(start).fee !== null ? subject.quantity : 0;
    const byPeriod = new Map<string, { feePeriod: Cycle; quantity: number }>();
    for (const span of billed) {
      if (span.start > start || span.end < end) continue;
      const key = periodKey(span.feePeriod);
      const entry = byPeriod.get(key) ?? { feePeriod: span.feePeriod, quantity: 0 };
      entry.quantity += span.quantity;
      byPeriod.set(key, entry);
    }
    const billedHere = [...byPeriod.values()].reduce((sum, entry) => sum + entry.quantity, 0);
    // Days of a subscription activated after this cycle are active, only not this invoice's to
    // charge: an earlier cycle drafted after the invoice that charged them (a cycle that had
    // nothing to bill until then) leaves them as billed, and takes back only units beyond the
    // subscription's quantity.
    let delta = activatesLater && activeHere ? Math.min(0, subject.quantity - billedHere) : target - billedHere;
    if (delta > 0) pieces.push({ kind: 'charge', fee, feePeriod: feePeriodOf(start), start, end, quantity: delta });
    // A credit takes back what was billed, in the fee period it was billed in, never more.
    const credited = [...byPeriod.values()].filter((entry) => entry.quantity > 0).sort((a, b) => comparePeriods(a.feePeriod, b.feePeriod));
    for (const entry of credited) {
      if (delta >= 0) break;
      const quantity = Math.min(-delta, entry.quantity);
      pieces.push({ kind: 'credit', fee, feePeriod: entry.feePeriod, start, end, quantity });
      delta += quantity;
    }
  }

  return mergePieces(pieces).map((piece) => {
    const days = daysBetween(piece.start, piece.end);
    const daysInPeriod = daysBetween(piece.feePeriod.start, piece.feePeriod.end);
    const charge = prorate(new Exact(piece.fee.amount).times(piece.quantity), days, daysInPeriod);
    return {
      code,
      fee: piece.fee,
      subscriptionId: subject.subscriptionId,
      kind: piece.kind,
      feePeriod: piece.feePeriod,
      span: { start: piece.start, end: piece.end },
      days,
      daysInPeriod,
      quantity: piece.quantity,
      amount: piece.kind === 'charge' ? charge : charge.negated(),
    };
  });
}

/** What an issued line must still say to be read back: its amount is not needed. */
export type IssuedRecurringLine = Pick<RecurringLine, 'code' | 'subscriptionId' | 'kind' | 'feePeriod' | 'span' | 'quantity'>;

/**
 * The days billed for one subscription and fee, from the recurring lines of the invoices issued
 * so far (lines of other subscriptions and fees are skipped): charges minus credits, per fee
 * period, as the fewest spans. Feed the result to `recurringFeeLines` as `billed`.
 */
export function billedSpans(lines: readonly IssuedRecurringLine[], subscriptionId: string, code: string): BilledSpan[] {
  const byPeriod = new Map<string, { feePeriod: Cycle; deltas: Map<string, number> }>();
  for (const line of lines) {
    if (line.subscriptionId !== subscriptionId || line.code !== code) continue;
    const span = checkSpan({ ...line.span, feePeriod: line.feePeriod, quantity: line.quantity });
    const key = periodKey(span.feePeriod);
    const entry = byPeriod.get(key) ?? { feePeriod: span.feePeriod, deltas: new Map<string, number>() };
    const signed = line.kind === 'charge' ? span.quantity : -span.quantity;
    entry.deltas.set(span.start, (entry.deltas.get(span.start) ?? 0) + signed);
    entry.deltas.set(span.end, (entry.deltas.get(span.end) ?? 0) - signed);
    byPeriod.set(key, entry);
  }
  const spans: BilledSpan[] = [];
  for (const { feePeriod, deltas } of [...byPeriod.values()].sort((a, b) => comparePeriods(a.feePeriod, b.feePeriod))) {
    const points = [...deltas.keys()].sort();
    let quantity = 0;
    for (let i = 0; i + 1 < points.length; i++) {
      quantity += deltas.get(points[i]!)!;
      if (quantity === 0) continue;
      const last = spans.at(-1);
      if (last && periodKey(last.feePeriod) === periodKey(feePeriod) && last.end === points[i] && last.quantity === quantity) last.end = points[i + 1]!;
      else spans.push({ start: points[i]!, end: points[i + 1]!, feePeriod: { ...feePeriod }, quantity });
    }
  }
  return spans;
}

export interface OneTimeLine {
  code: string;
  subscriptionId: string;
  on: OneTimeFee['on'];
  /** The trigger: the subscription's start (activation) or end (termination) date. */
  date: string;
  quantity: number;
  /** `amount * quantity`. */
  amount: Decimal;
}

export interface OneTimeFeeInput {
  fee: OneTimeFee;
  subject: FeeSubject;
  billingStart: string | null;
  closing: Cycle;
  /** Units of this fee earlier invoices charged for this subscription, less those taken back. */
  billed: number;
  /** The trigger day the billed units were charged for: the date of a reversal when the trigger is gone. */
  billedOn?: string | null;
}

/**
 * RULES.md 9: a one-time fee is charged on the first invoice after its trigger (activation: the
 * start date; termination: the end date), i.e. the first invoice whose cycle ends after it that
 * has not charged it yet. RULES.md 6: a trigger before billing_start was billed by the previous
 * system (the rule names activations; a termination before it cannot be billstream's either).
 */
export function oneTimeFeeLines(input: OneTimeFeeInput): OneTimeLine[] {
  const { fee, subject } = input;
  checkSubject(subject);
  const closing = checkCycle(input.closing, 'closing cycle');
  const trigger = fee.on === 'activation' ? subject.startDate : subject.endDate;
  const { billed } = input;
  // An activation on the cycle's end day is the next cycle's; an end on it (exclusive: the service's
  // last day is the cycle's last) terminates this cycle's service, billed on the invoice closing it.
  const triggered = trigger !== null && (fee.on === 'activation' ? trigger < closing.end : trigger <= closing.end)
    && !(input.billingStart !== null && trigger < checkDate(input.billingStart, 'billing start'));
  // Reconciled like the recurring fees: what is due (the quantity, once triggered) less what was
  // billed. A corrected quantity charges the difference; an end withdrawn takes its fee back.
  const delta = (triggered ? subject.quantity : 0) - billed;
  const date = triggered ? trigger : (input.billedOn ?? trigger);
  if (delta === 0 || date === null) return [];
  return [{ code: fee.code, subscriptionId: subject.subscriptionId, on: fee.on, date, quantity: delta, amount: new Exact(fee.amount).times(delta) }];
}

interface Piece {
  kind: RecurringLine['kind'];
  fee: RecurringFee;
  feePeriod: Cycle;
  start: string;
  end: string;
  quantity: number;
}

/** The end of the last fee period this invoice bills (RULES 8): every day before it is due. */
function dueUntil(fee: RecurringFee, terms: CycleTerms, feeTerms: CycleTerms, closing: Cycle): string {
  if (fee.billed === 'arrears') {
    const last = cycleContaining(addDays(closing.end, -1), feeTerms);
    return last.end <= closing.end ? last.end : last.start;
  }
  const next = cycleContaining(closing.end, terms);
  return cycleContaining(addDays(next.end, -1), feeTerms).end;
}

function mergePieces(pieces: Piece[]): Piece[] {
  const groups = new Map<string, Piece[]>();
  // Days priced by different fees (two versions' amounts in one fee period) stay apart; the same
  // fee in two versions (a version that changed something else) is one fee.
  for (const piece of pieces) {
    const key = `${piece.kind}|${periodKey(piece.feePeriod)}|${piece.quantity}|${JSON.stringify(piece.fee)}`;
    const group = groups.get(key) ?? [];
    const last = group.at(-1);
    if (last && last.end === piece.start) last.end = piece.end;
    else group.push({ ...piece });
    groups.set(key, group);
  }
  return [...groups.values()]
    .flat()
    .sort((a, b) => comparePeriods(a.feePeriod, b.feePeriod) || (a.start < b.start ? -1 : a.start > b.start ? 1 : 0) || (a.kind === b.kind ? 0 : a.kind === 'credit' ? -1 : 1));
}

const periodKey = (period: Cycle): string => `${period.start}/${period.end}`;

function comparePeriods(a: Cycle, b: Cycle): number {
  return a.start < b.start ? -1 : a.start > b.start ? 1 : a.end < b.end ? -1 : a.end > b.end ? 1 : 0;
}

// Dates are compared as strings below: only canonical YYYY-MM-DD keeps that order right.
function checkDate(value: string, what: string): string {
  const problem = dateProblem(value);
  if (problem) throw new RangeError(`${what}: ${problem}`);
  return value;
}

function checkCycle(cycle: Cycle, what: string): Cycle {
  const start = checkDate(cycle.start, `${what} start`);
  const end = checkDate(cycle.end, `${what} end`);
  if (start >= end) throw new RangeError(`${what} ${start}..${end} is empty`);
  return { start, end };
}

/** Stretches in date order, each from a date (the first may be '' for "from the beginning"), at least one with a fee, all of one code. */
function checkSchedule(schedule: readonly FeeStretch[]): FeeStretch[] {
  const stretches = [...schedule];
  if (!stretches.some((stretch) => stretch.fee)) return [];
  const codes = new Set(stretches.flatMap((stretch) => (stretch.fee ? [stretch.fee.code] : [])));
  if (codes.size > 1) throw new RangeError(`a fee schedule is of one fee code, not ${[...codes].join(', ')}`);
  stretches.forEach((stretch, i) => {
    if (i > 0 || stretch.from !== '') checkDate(stretch.from, 'fee stretch start');
    if (i > 0 && !(stretch.from > stretches[i - 1]!.from)) throw new RangeError(`fee stretches are not in date order at ${stretch.from}`);
  });
  return stretches;
}

function checkSubject(subject: FeeSubject): void {
  checkDate(subject.startDate, `subscription ${subject.subscriptionId} start`);
  if (subject.endDate !== null) checkDate(subject.endDate, `subscription ${subject.subscriptionId} end`);
  if (!Number.isSafeInteger(subject.quantity) || subject.quantity < 1) {
    throw new RangeError(`subscription ${subject.subscriptionId}: quantity ${subject.quantity} is not a whole number of at least 1`);
  }
}

function checkSpan(span: BilledSpan): BilledSpan {
  const feePeriod = checkCycle(span.feePeriod, 'billed fee period');
  const { start, end } = checkCycle(span, 'billed span');
  if (start < feePeriod.start || end > feePeriod.end) throw new RangeError(`billed span ${start}..${end} is outside its fee period ${feePeriod.start}..${feePeriod.end}`);
  if (!Number.isSafeInteger(span.quantity) || span.quantity === 0) throw new RangeError(`billed span ${start}..${end}: quantity ${span.quantity} is not a non-zero whole number`);
  return { start, end, feePeriod, quantity: span.quantity };
}
