/**
 * The charge lines of one contract's invoice for one cycle (RULES.md 6-10): usage aggregated per
 * subscription, type, destination and band; recurring fees reconciled against what earlier
 * invoices billed; one-time fees not billed yet; late usage as the difference between a past
 * cycle recomputed and what was invoiced for it. Pure: the caller reads the CRM, tariffs, usage
 * and issued lines first.
 */
import { Decimal } from 'decimal.js';
import { tariffVersionOn, type TariffPackage } from '../tariff/versions.ts';
import type { CycleUsage } from '../usage/cycle-usage.ts';
import { billedSpans, oneTimeFeeLines, prorate, recurringFeeLines, type FeeStretch, type RecurringLine } from '../billing-cycle/recurring.ts';
import { addDays, daysBetween } from '../../core/calendar-date.ts';
import { roundToMinorUnit } from '../../core/money.ts';
import type { Cycle, CycleTerms } from '../billing-cycle/cycles.ts';
import { localName, type OneTimeFee } from '../tariff/definition.ts';
import type { ChargeLine, InvoiceLine } from './invoice.ts';
import type { InvoiceTexts } from './texts.ts';
import { activePeriod } from '../subscription/contract-period.ts';

export interface SubscriptionTerms {
  id: string;
  tariffId: string;
  startDate: string;
  endDate: string | null;
  quantity: number;
}

export interface ContractTerms extends CycleTerms {
  endDate: string | null;
  billingStart: string | null;
  /** The invoice currency: what earlier invoices' nets are in (fixed once a cycle is invoiced). */
  currency?: string;
}

/** The key a usage line is aggregated under (RULES.md 10), also how late usage finds what was invoiced. */
export function usageKey(subscriptionId: string, cycle: Cycle, usage: { type: string; destination: string | null; band: string | null }): string {
  return JSON.stringify([subscriptionId, cycle.start, usage.type, usage.destination, usage.band]);
}

function usageLines(usage: CycleUsage, tariff: TariffPackage | undefined, serviceCategory: string, kind: 'usage' | 'late-usage', texts: InvoiceTexts): ChargeLine[] {
  return usage.lines.map((line) => ({
    kind,
    code: `USAGE-${line.type.toUpperCase()}`,
    description: texts.usage(line),
    subscriptionId: usage.subscriptionId,
    serviceCategory,
    quantity: line.quantity,
    // The cycle's usage says which entry priced each type (a type only a later version prices included).
    unit: line.unit,
    currency: usage.currency ?? tariff?.currency ?? 'EUR',
    amount: new Decimal(line.charge),
    period: usage.cycle,
    usage: { type: line.type, destination: line.destination, band: line.band },
  }));
}

/** The version that defines a day's fees: the one in force, or, before the tariff's first version, that first version. */
function versionOfDay(tariff: TariffPackage, day: string): TariffPackage['versions'][number] | null {
  return tariffVersionOn(tariff, day) ?? tariff.versions[0] ?? null;
}

/** Every recurring fee code any version of the tariff has, in the order the versions name them. */
function feeCodes(tariff: TariffPackage): string[] {
  return [...new Set(tariff.versions.flatMap((version) => version.recurring.map((fee) => fee.code)))];
}

/** A fee code's history over the tariff's versions (the first version reaches back before its date). */
function feeSchedule(tariff: TariffPackage, code: string): FeeStretch[] {
  return tariff.versions.map((version, i) => ({ from: i === 0 ? '' : version.validFrom, fee: version.recurring.find((fee) => fee.code === code) ?? null }));
}

/** UN/ECE Recommendation 20 unit codes, as EN 16931 invoices state quantities. */
const FEE_UNITS = { monthly: 'MON', quarterly: 'QAN', yearly: 'ANN' } as const;

/** "Line rental 2026-03-10–2026-03-31 (22/31 days)": what a prorated or credited line covers. */
function recurringDescription(name: string, line: RecurringLine, texts: InvoiceTexts): string {
  return texts.recurring({
    name, credit: line.kind === 'credit', start: line.span.start, last: addDays(line.span.end, -1), days: line.days, daysInPeriod: line.daysInPeriod,
  });
}

export interface ContractChargesInput {
  contract: ContractTerms;
  cycle: Cycle;
  /** The client's language: tariffs name their fees in it when they can. */
  language: string;
  /** The words of the lines, in the client's language. */
  texts: InvoiceTexts;
  subscriptions: SubscriptionTerms[];
  tariffs: Map<string, TariffPackage>;
  /** This cycle's usage per subscription (from `cycleUsage`). */
  usage: CycleUsage[];
  /**
   * Lines of the contract's earlier cycles: issued, or drafted earlier in the same run (priced or
   * not: a cycle that cannot be priced yet still keeps its own fees, RULES.md 8, 9).
   */
  issued: BilledLine[];
}

/** What a later invoice needs to know of an earlier one's line: which fees it billed, and at what net (issued lines; not a draft of the same run). */
export type BilledLine = Pick<ChargeLine, 'kind' | 'code' | 'subscriptionId' | 'recurring' | 'quantity' | 'period'> & { net?: string };

const feePeriodKey = (subscriptionId: string, code: string, feePeriod: Cycle) => JSON.stringify([subscriptionId, code, feePeriod.start, feePeriod.end]);

/** A net over the unit-days it bought: a price per unit and day, kept as the two so it is applied with one division. */
interface BilledPrice {
  net: Decimal;
  unitDays: number;
}

/**
 * RULES.md 8, credits: what earlier invoices billed per unit and day of a subscription's fee, in
 * the invoice currency. Days taken back are credited at it: the price they were charged, not the
 * price of a tariff version published since, nor the exchange rate of the crediting cycle. The
 * price of days is that of the last charge line that billed all of them (a fee period split by a
 * price change has a line per price), else the fee period's average (its nets, charges less
 * credits, over its unit-days). Undefined where a net is not known (a line drafted earlier in the
 * same run) or nothing of the period is left.
 */
function billedDayPrices(issued: readonly BilledLine[]): (subscriptionId: string, code: string, feePeriod: Cycle, span: Cycle) => (BilledPrice & Partial<Cycle>) | undefined {
  const periods = new Map<string, BilledPrice & { known: boolean; charges: (BilledPrice & Cycle)[] }>();
  for (const line of issued) {
    if (line.kind !== 'recurring' || !line.recurring || !line.subscriptionId) continue;
    const key = feePeriodKey(line.subscriptionId, line.code, line.recurring.feePeriod);
    const period = periods.get(key) ?? { net: new Decimal(0), unitDays: 0, known: true, charges: [] };
    const unitDays = daysBetween(line.recurring.span.start, line.recurring.span.end) * line.recurring.quantity;
    period.unitDays += line.recurring.credit ? -unitDays : unitDays;
    if (line.net === undefined) period.known = false;
    else {
      period.net = period.net.plus(line.net);
      if (!line.recurring.credit && unitDays > 0) period.charges.push({ net: new Decimal(line.net), unitDays, ...line.recurring.span });
    }
    periods.set(key, period);
  }
  return (subscriptionId, code, feePeriod, span) => {
    const period = periods.get(feePeriodKey(subscriptionId, code, feePeriod));
    if (!period?.known || period.unitDays <= 0) return undefined;
    return period.charges.findLast((charge) => charge.start <= span.start && span.end <= charge.end) ?? period;
  };
}

/** Whether a charge line's net is what `line`'s fee charges for its days today: the price it was billed at has not changed since. */
function chargedAlike(charge: BilledPrice & Partial<Cycle>, line: RecurringLine, currency: string): boolean {
  if (charge.start === undefined || charge.end === undefined) return false;
  const days = daysBetween(charge.start, charge.end);
  const quantity = charge.unitDays / days;
  const today = prorate(new Decimal(line.fee.amount).times(quantity), days, daysBetween(line.feePeriod.start, line.feePeriod.end));
  return roundToMinorUnit(today, currency).equals(charge.net);
}

/** Multiplied first, divided once: a whole span taken back is exactly its net. */
const Exact = Decimal.clone({ precision: 100, rounding: Decimal.ROUND_HALF_UP });

/** `units` (negative: taken back) at the price a billed net paid for `of` units: `net * units / of`, unrounded. */
function atBilledPrice(net: Decimal, units: number, of: number): Decimal {
  return new Decimal(new Exact(net.toString()).times(units).dividedBy(of).toString());
}

/** Usage, recurring and one-time lines of the invoice closing `cycle`, in tariff currencies, unrounded. */
export function contractChargeLines(input: ContractChargesInput): ChargeLine[] {
  const { contract, cycle, language, texts } = input;
  const lines: ChargeLine[] = [];
  const bySubscription = new Map(input.subscriptions.map((s) => [s.id, s]));
  for (const usage of input.usage) {
    const subscription = bySubscription.get(usage.subscriptionId);
    const tariff = subscription ? input.tariffs.get(subscription.tariffId) : undefined;
    lines.push(...usageLines(usage, tariff, tariff?.category ?? 'other', 'usage', texts));
  }
  const recurringIssued = input.issued.filter((l) => l.kind === 'recurring' && l.recurring).map((l) => ({
    code: l.code, subscriptionId: l.subscriptionId!, kind: l.recurring!.credit ? ('credit' as const) : ('charge' as const),
    feePeriod: l.recurring!.feePeriod, span: l.recurring!.span, quantity: l.recurring!.quantity,
  }));
  const priceBilled = contract.currency ? billedDayPrices(input.issued) : () => undefined;
  for (const subscription of input.subscriptions) {
    const tariff = input.tariffs.get(subscription.tariffId);
    if (!tariff) continue;
    // A contract's end ends its subscriptions' fees too.
    const { startDate, endDate } = activePeriod(subscription, contract);
    const subject = { subscriptionId: subscription.id, startDate, endDate, quantity: subscription.quantity };
    // Every version shares the currency (tariffDecider); the fees follow each version from its validFrom.
    const currency = versionOfDay(tariff, cycle.end)?.currency ?? tariff.currency;
    for (const code of feeCodes(tariff)) {
      const feeLines = recurringFeeLines({
        schedule: feeSchedule(tariff, code), subject, terms: contract, billingStart: contract.billingStart, closing: cycle, billed: billedSpans(recurringIssued, subscription.id, code),
      });
      for (const line of feeLines) {
        // Days taken back at what they were billed, in the invoice currency (RULES.md 8), unless
        // that is what the fee prices them at today (the same currency, no version since): then by
        // rule 7's proration itself, unrounded, as they were charged.
        const found = line.kind === 'credit' ? priceBilled(subscription.id, code, line.feePeriod, line.span) : undefined;
        const billedPrice = found && !(currency === contract.currency && chargedAlike(found, line, currency)) ? found : undefined;
        const priced = billedPrice
          ? { currency: contract.currency!, amount: atBilledPrice(billedPrice.net, -line.days * line.quantity, billedPrice.unitDays) }
          : { currency, amount: line.amount };
        lines.push({
          kind: 'recurring',
          code,
          description: recurringDescription(localName(line.fee.name, language), line, texts),
          subscriptionId: subscription.id,
          serviceCategory: tariff.category,
          quantity: String(line.quantity),
          unit: FEE_UNITS[line.fee.period],
          ...priced,
          period: line.span,
          recurring: { feePeriod: line.feePeriod, span: line.span, quantity: line.quantity, credit: line.kind === 'credit' },
        });
      }
    }
    // RULES.md 9: a one-time fee is the one the version in force on its trigger day defines; one
    // billed for a trigger that is gone since (an end withdrawn) is the one it was billed as.
    const oneTimeIssued = input.issued.filter((l) => l.kind === 'one-time' && l.subscriptionId === subscription.id);
    for (const [on, day] of [['activation', subject.startDate], ['termination', subject.endDate]] as const) {
      const fees = new Map<string, OneTimeFee>();
      for (const fee of day === null ? [] : (versionOfDay(tariff, day)?.oneTime.filter((f) => f.on === on) ?? [])) fees.set(fee.code, fee);
      for (const line of oneTimeIssued) {
        const fee = fees.has(line.code) ? undefined : versionOfDay(tariff, line.period.start)?.oneTime.find((f) => f.on === on && f.code === line.code);
        if (fee) fees.set(fee.code, fee);
      }
      for (const fee of fees.values()) {
        const billedLines = oneTimeIssued.filter((l) => l.code === fee.code);
        const billed = billedLines.reduce((units, l) => units + Number(l.quantity), 0);
        // Units taken back at what they were billed, in the invoice currency, as recurring days are.
        const billedNet = contract.currency && billed > 0 && billedLines.every((l) => l.net !== undefined) ? billedLines.reduce((sum, l) => sum.plus(l.net!), new Decimal(0)) : null;
        for (const line of oneTimeFeeLines({
          fee, subject, billingStart: contract.billingStart, closing: cycle, billed, billedOn: billedLines.at(-1)?.period.start ?? null,
        })) {
          const priced = line.quantity < 0 && billedNet
            ? { currency: contract.currency!, amount: atBilledPrice(billedNet, line.quantity, billed) }
            : { currency, amount: line.amount };
          lines.push({
            kind: 'one-time', code: fee.code, description: line.quantity < 0 ? texts.oneTimeReversed(localName(fee.name, language)) : localName(fee.name, language), subscriptionId: subscription.id, serviceCategory: tariff.category,
            quantity: String(line.quantity), unit: 'pcs', ...priced, period: { start: line.date, end: line.date },
          });
        }
      }
    }
  }
  return lines;
}

/**
 * RULES.md 6, late usage: for a past cycle recomputed with the records that arrived after it was
 * invoiced, one line per usage key for the difference between the recomputed net and what the
 * earlier invoices charged for it, marked with its original cycle. `net` converts and rounds an
 * amount of the recomputed cycle the way its own invoice did (its cycle's rate).
 */
export function lateUsageLines(input: {
  recomputed: CycleUsage;
  tariff: TariffPackage | undefined;
  issued: InvoiceLine[];
  currency: string;
  period: Cycle;
  net: (amount: Decimal, currency: string) => Decimal;
  texts: InvoiceTexts;
}): ChargeLine[] {
  const { recomputed } = input;
  // What the earlier invoices charged per usage key: net and quantity.
  const invoiced = new Map<string, { net: Decimal; quantity: Decimal; unit: string }>();
  for (const line of input.issued) {
    if ((line.kind !== 'usage' && line.kind !== 'late-usage') || !line.usage || line.subscriptionId !== recomputed.subscriptionId) continue;
    const cycle = line.originalPeriod ?? line.period;
    if (cycle.start !== recomputed.cycle.start) continue;
    const key = usageKey(line.subscriptionId, cycle, line.usage);
    const before = invoiced.get(key);
    invoiced.set(key, { net: (before?.net ?? new Decimal(0)).plus(line.net), quantity: (before?.quantity ?? new Decimal(0)).plus(line.quantity), unit: line.unit });
  }
  const lines: ChargeLine[] = [];
  const seen = new Set<string>();
  for (const line of usageLines(recomputed, input.tariff, input.tariff?.category ?? 'other', 'late-usage', input.texts)) {
    const key = usageKey(recomputed.subscriptionId, recomputed.cycle, line.usage!);
    seen.add(key);
    const before = invoiced.get(key);
    const difference = input.net(line.amount, line.currency).minus(before?.net ?? 0);
    // The line states what the late records added (or took away), not the cycle's whole quantity again.
    const quantity = new Decimal(line.quantity).minus(before?.quantity ?? 0).toFixed();
    // A late record the allowance covers adds no charge, yet shows on the invoice like any covered usage.
    if (!difference.isZero() || !new Decimal(quantity).isZero()) lines.push({ ...line, quantity, currency: input.currency, amount: difference, period: input.period, originalPeriod: recomputed.cycle });
  }
  // A key invoiced before and gone now (a record re-rated elsewhere) is credited in full.
  for (const [key, { net, quantity, unit }] of invoiced) {
    if (seen.has(key) || net.isZero()) continue;
    const [, , type, destination, band] = JSON.parse(key) as [string, string, string, string | null, string | null];
    lines.push({
      kind: 'late-usage', code: `USAGE-${type.toUpperCase()}`, description: input.texts.usage({ type, destination, band }), subscriptionId: recomputed.subscriptionId,
      serviceCategory: input.tariff?.category ?? 'other', quantity: quantity.negated().toFixed(), unit, currency: input.currency, amount: net.negated(),
      period: input.period, originalPeriod: recomputed.cycle, usage: { type, destination, band },
    });
  }
  return lines;
}
