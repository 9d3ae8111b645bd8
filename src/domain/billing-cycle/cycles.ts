/**
 * RULES.md 6: a contract's cycles are `[start, end)` between local midnights on its anchor day,
 * one, three or twelve months long, counted from the anchor day on or before the contract's
 * start. Dates here are the client's local calendar dates; usage belongs to the cycle that
 * contains its start (the local date of its start instant).
 */
import { Temporal } from 'temporal-polyfill';
import type { BillingCycle } from '../contract/decider.ts';

export interface CycleTerms {
  billingCycle: BillingCycle;
  /** 1 to 28, so every month has the day. */
  cycleAnchorDay: number;
  /** The contract's start date. */
  startDate: string;
}

export interface Cycle {
  /** Inclusive local date. */
  start: string;
  /** Exclusive local date. */
  end: string;
}

const MONTHS: Record<BillingCycle, number> = { monthly: 1, quarterly: 3, yearly: 12 };

/** The first cycle starts on the anchor day on or before the contract's start. */
export function firstCycleStart(terms: CycleTerms): Temporal.PlainDate {
  const start = Temporal.PlainDate.from(terms.startDate);
  const anchored = start.with({ day: terms.cycleAnchorDay });
  return Temporal.PlainDate.compare(anchored, start) <= 0 ? anchored : anchored.subtract({ months: 1 });
}

/** The cycle of a contract that contains a local date (RULES.md 6). */
export function cycleContaining(date: string, terms: CycleTerms): Cycle {
  const day = Temporal.PlainDate.from(date);
  const first = firstCycleStart(terms);
  const length = MONTHS[terms.billingCycle];
  const monthsSinceFirst = (day.year - first.year) * 12 + (day.month - first.month) - (day.day < terms.cycleAnchorDay ? 1 : 0);
  const index = Math.floor(monthsSinceFirst / length);
  const start = first.add({ months: index * length });
  return { start: start.toString(), end: start.add({ months: length }).toString() };
}
