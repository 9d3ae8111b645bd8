/**
 * RULES.md 19, which schemes apply: the ONE rule the charge computation (percentage, fixed,
 * volume, commitment: apply.ts) and rating (free units, price overrides: rating.ts,
 * src/app/usage/cycle-usage.ts) both decide by, so a scheme applies to a contract's cycle in
 * both places or in neither.
 *
 * A scheme applies to a contract's cycle when the contract is in its scope, the cycle's last day
 * is within `[validFrom, validTo)`, and every condition under `when` holds for that cycle. Pure:
 * the caller reads the CRM and tariffs into a `DiscountContext` once per contract cycle.
 */
import { addDays, daysInMonth } from '../../core/calendar-date.ts';
import { cycleContaining, type CycleTerms } from '../billing-cycle/cycles.ts';
import type { DiscountConditions, DiscountScheme, DiscountScope } from './definition.ts';

export interface DiscountSubscription {
  id: string;
  tariffId: string;
  /** The tariff's service category. */
  category: string;
  startDate: string;
  /** Exclusive; null: open-ended. */
  endDate: string | null;
}

/** What the scope and conditions of a scheme are decided on (RULES.md 19), for one contract's cycle. */
export interface DiscountContext {
  contractId: string;
  clientId: string;
  partnerId: string | null;
  /** The contract's start date: tenure counts from it. */
  contractStart: string;
  /** The contract's subscriptions (any; those active in the cycle are picked here). */
  subscriptions: DiscountSubscription[];
  /** The cycle `[start, end)`. */
  cycle: { start: string; end: string };
  /** How many cycles of the contract billstream billed before this one (firstCycles): 0 for its first. */
  cyclesBilledBefore: number;
}

/** `date` plus `months` calendar months, the day clamped to the month's length (2026-01-31 + 1 = 2026-02-28). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  const day = Math.min(d, daysInMonth(year, month));
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Active on some day of the cycle: from startDate (inclusive) to endDate (exclusive). */
export function activeInCycle(s: Pick<DiscountSubscription, 'startDate' | 'endDate'>, cycle: { start: string; end: string }): boolean {
  return s.startDate < cycle.end && (s.endDate === null || s.endDate > cycle.start);
}

/** Long scope lists as sets, once per list: a bill run asks each of them once per contract. */
const listSets = new WeakMap<readonly string[], Set<string>>();
function listed(list: readonly string[] | undefined | null, id: string): boolean {
  if (!list) return false;
  if (list.length < 16) return list.includes(id);
  let set = listSets.get(list);
  if (!set) listSets.set(list, (set = new Set(list)));
  return set.has(id);
}

/** RULES.md 19, scope: everyone, or the contract in one of the lists (its client, itself, a subscription active in the cycle or its tariff, the client's partner). */
export function inScope(scope: DiscountScope, context: DiscountContext): boolean {
  if (scope.everyone) return true;
  if (listed(scope.clients, context.clientId)) return true;
  if (listed(scope.contracts, context.contractId)) return true;
  if (context.partnerId !== null && listed(scope.partners, context.partnerId)) return true;
  const active = context.subscriptions.filter((s) => activeInCycle(s, context.cycle));
  if (scope.subscriptions && active.some((s) => listed(scope.subscriptions, s.id))) return true;
  if (scope.tariffs && active.some((s) => listed(scope.tariffs, s.tariffId))) return true;
  return false;
}

/** RULES.md 19, validity: the cycle's last day is within `[validFrom, validTo)`. */
export function validForCycle(scheme: Pick<DiscountScheme, 'validFrom' | 'validTo'>, cycle: { end: string }): boolean {
  const last = addDays(cycle.end, -1);
  return scheme.validFrom <= last && (scheme.validTo === null || last < scheme.validTo);
}

/** RULES.md 19, `when`: every condition holds for the cycle. */
export function conditionsHold(when: DiscountConditions, context: DiscountContext): boolean {
  const { cycle } = context;
  if (when.categoriesActive && !when.categoriesActive.every((category) => context.subscriptions.some((s) => s.category === category && activeInCycle(s, cycle)))) return false;
  if (when.tenureMonths !== undefined && when.tenureMonths !== null && !(addMonths(context.contractStart, when.tenureMonths) <= cycle.start)) return false;
  if (when.firstCycles !== undefined && when.firstCycles !== null && !(context.cyclesBilledBefore < when.firstCycles)) return false;
  return true;
}

/**
 * A cycle in which the contract has service: some subscription active on some day of it. Only
 * such a cycle is the contract's cycle for RULES.md 19. An invoice for a cycle without service
 * settles what changed in earlier ones (late usage, credits after an end recorded late, the
 * invoice after a contract's end): no discount acts on it and no commitment's minimum is owed for
 * it, as none would be if nothing late had come (such a cycle is closed without an invoice).
 */
export function hasService(context: Pick<DiscountContext, 'subscriptions' | 'cycle'>): boolean {
  return context.subscriptions.some((s) => activeInCycle(s, context.cycle));
}

/** RULES.md 19: the scheme applies to the contract's cycle (service, scope, validity, conditions), whatever its kind. */
export function schemeApplies(scheme: DiscountScheme, context: DiscountContext): boolean {
  return hasService(context) && inScope(scheme.scope, context) && validForCycle(scheme, context.cycle) && conditionsHold(scheme.when ?? {}, context);
}

/**
 * Rating (RULES.md 22): of a contract a scheme applies to, the subscriptions whose usage it
 * reaches. A scheme in scope through the contract (everyone, its client, itself, its client's
 * partner) reaches every subscription; one in scope only through `subscriptions` or `tariffs`
 * reaches those subscriptions (or those on those tariffs) only.
 */
export function schemeReaches(scope: DiscountScope, context: Pick<DiscountContext, 'contractId' | 'clientId' | 'partnerId'>, subscription: { id: string; tariffId: string }): boolean {
  if (scope.everyone) return true;
  if (listed(scope.clients, context.clientId)) return true;
  if (listed(scope.contracts, context.contractId)) return true;
  if (context.partnerId !== null && listed(scope.partners, context.partnerId)) return true;
  if (listed(scope.subscriptions, subscription.id)) return true;
  if (listed(scope.tariffs, subscription.tariffId)) return true;
  return false;
}

/** RULES.md 20: ascending priority, ties by id (compared by code unit: the same order on every machine). */
export function byOrder(a: Pick<DiscountScheme, 'priority' | 'id'>, b: Pick<DiscountScheme, 'priority' | 'id'>): number {
  return a.priority - b.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * RULES.md 19, `firstCycles`: how many cycles of the contract billstream billed before `cycle`,
 * counted as the bill run counts them (`cyclesDue`) from the first cycle with service: a cycle that
 * ends on or before `billingStart` was billed elsewhere, and one that ends before the contract's
 * first subscription starts (`serviceFrom`; null: none yet) had nothing to bill, so neither counts
 * (a welcome promotion of a contract signed before its line was activated starts with the line).
 * A function of the contract's terms and subscriptions' start dates alone, so every run and every
 * recomputation counts alike.
 */
export function cyclesBilledBefore(contract: CycleTerms & { billingStart: string | null }, cycle: { start: string }, serviceFrom: string | null = contract.startDate): number {
  if (serviceFrom === null) return 0;
  let count = 0;
  let c = cycleContaining(contract.startDate, contract);
  while (c.start < cycle.start) {
    if (!(c.end > c.start)) throw new Error(`contract has no valid billing cycle from ${JSON.stringify(contract.startDate)}`);
    if ((contract.billingStart === null || c.end > contract.billingStart) && c.end > serviceFrom) count += 1;
    c = cycleContaining(c.end, contract);
  }
  return count;
}

/** The first day any of a contract's subscriptions is active (null: none has started): no cycle that ends by then has anything to bill. */
export function firstServiceDay(subscriptions: readonly { startDate: string }[]): string | null {
  return subscriptions.reduce<string | null>((first, s) => (first === null || s.startDate < first ? s.startDate : first), null);
}

/** The earlier of two exclusive ends (null: open). */
function earlierEnd(a: string | null, b: string | null): string | null {
  return a === null ? b : b === null || a < b ? a : b;
}

/** The context of one contract's cycle, from what a bill run has read: the contract, its client's partner, its subscriptions and their tariffs' categories. */
export function discountContext(input: {
  /** `endDate` (exclusive; null or absent: open): no subscription has service after the contract's end. */
  contract: CycleTerms & { id: string; clientId: string; billingStart: string | null; endDate?: string | null };
  partnerId: string | null;
  subscriptions: readonly { id: string; tariffId: string; startDate: string; endDate: string | null }[];
  /** The service category of each tariff (absent: `other`). */
  categoryOf: (tariffId: string) => string | null | undefined;
  cycle: { start: string; end: string };
}): DiscountContext {
  const { contract, cycle } = input;
  return {
    contractId: contract.id,
    clientId: contract.clientId,
    partnerId: input.partnerId,
    contractStart: contract.startDate,
    subscriptions: input.subscriptions.map((s) => ({ id: s.id, tariffId: s.tariffId, category: input.categoryOf(s.tariffId) ?? 'other', startDate: s.startDate, endDate: earlierEnd(s.endDate, contract.endDate ?? null) })),
    cycle: { start: cycle.start, end: cycle.end },
    cyclesBilledBefore: cyclesBilledBefore(contract, cycle, firstServiceDay(input.subscriptions)),
  };
}
