/**
 * RULES.md 6: a contract's cycles are `[start, end)` between local midnights on its anchor day,
 * one, three or twelve months long, counted from the anchor day on or before the contract's
 * start. Dates here are the client's local calendar dates; usage belongs to the cycle that
 * contains its start (the local date of its start instant).
 */
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

/*
 * Months on ISO dates as plain integers (days are counted in src/core/calendar-date.ts): a bill
 * run computes cycles for every fee of every contract, and Temporal objects cost ~1 ms per
 * contract there. Anchor days are 1 to 28, so adding months never meets a short month.
 */

/** Months since year 0 of the anchor-day date in the month of index `month`. */
function anchoredDate(month: number, day: number): string {
  const year = Math.floor(month / 12);
  return `${String(year).padStart(4, '0')}-${String((month % 12) + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function monthIndex(date: string): number {
  return Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;
}

function firstCycleMonth(terms: CycleTerms): number {
  const month = monthIndex(terms.startDate);
  return Number(terms.startDate.slice(8, 10)) >= terms.cycleAnchorDay ? month : month - 1;
}

/** The cycle of a contract that contains a local date (RULES.md 6). */
export function cycleContaining(date: string, terms: CycleTerms): Cycle {
  const first = firstCycleMonth(terms);
  const length = MONTHS[terms.billingCycle];
  const month = monthIndex(date) - (Number(date.slice(8, 10)) < terms.cycleAnchorDay ? 1 : 0);
  const start = first + Math.floor((month - first) / length) * length;
  return { start: anchoredDate(start, terms.cycleAnchorDay), end: anchoredDate(start + length, terms.cycleAnchorDay) };
}
