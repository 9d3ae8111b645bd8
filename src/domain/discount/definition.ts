/**
 * Discount schemes (RULES.md 19-22, FORMATS.md discounts/*.yaml) as plain data: what an operator
 * gives, to whom, on which charges, under which conditions. Versioned like tariffs: the same id
 * with a later `validFrom` supersedes from that date.
 *
 * This file is the shared contract of the discount work: the import and REST (definitions,
 * validation, versions), the charge computation (stacking, invoice lines) and rating (free units,
 * price overrides) all read these types. Amounts and percentages are decimal strings.
 */
import type { Names } from '../tariff/definition.ts';

export const DISCOUNT_KINDS = ['percentage', 'fixed', 'volume', 'commitment', 'free-units', 'price-override'] as const;
export type DiscountKind = (typeof DISCOUNT_KINDS)[number];

/** Which charge lines a scheme discounts: a line is selected when it matches every selector given (an empty `on`: every charge line). */
export interface LineSelector {
  charges?: ('recurring' | 'one-time' | 'usage')[];
  usageTypes?: string[];
  categories?: string[];
  codes?: string[];
}

/** Who a scheme applies to: `everyone`, or a contract in any of the lists (its client, itself, one of its subscriptions or their tariffs, its client's partner). */
export interface DiscountScope {
  everyone?: boolean;
  clients?: string[];
  contracts?: string[];
  subscriptions?: string[];
  tariffs?: string[];
  partners?: string[];
}

/** Conditions that must all hold for the cycle (RULES.md 19). */
export interface DiscountConditions {
  /** Each named service category has a subscription active on some day of the cycle (bundles). */
  categoriesActive?: string[];
  /** The contract started at least this many months before the cycle's start (loyalty). */
  tenureMonths?: number;
  /** The cycle is among the contract's first N cycles billed by billstream (promotions). */
  firstCycles?: number;
}

interface SchemeBase {
  id: string;
  name: Names;
  /** Applies to cycles whose last day is on or after this ... */
  validFrom: string;
  /** ... and before this; null: open-ended. */
  validTo: string | null;
  scope: DiscountScope;
  on: LineSelector;
  when: DiscountConditions;
  /** Lower applies first (ties: id). */
  priority: number;
  /** Exclusive group: of the schemes sharing it, only the one giving the largest discount applies. */
  group: string | null;
  /** At most this much per cycle, in the invoice currency; null: no cap. */
  cap: string | null;
}

export type DiscountScheme = SchemeBase & (
  | { kind: 'percentage'; percent: string }
  | { kind: 'fixed'; amount: string; currency: string }
  | { kind: 'volume'; thresholds: { from: string; percent: string }[] }
  | { kind: 'commitment'; minimum: string; currency: string; category: string }
  | { kind: 'free-units'; usageType: string; quantity: string }
  | { kind: 'price-override'; usageType: 'voice'; prefixes: string[]; peak: string; offpeak: string; currency: string }
);
