/**
 * A subscription lies within its contract: it starts on or after the contract's start, before the
 * contract's (exclusive) end, and does not end after it. A subscription without an end under a
 * contract with one is fine: its fees end with the contract. Otherwise the bill run would charge
 * days before the contract existed or after it ended. Checked from both sides: a subscription
 * against its contract, and a contract whose dates change against its subscriptions. Pure: the
 * application layer looks up the other side and passes its period in.
 */
import type { FieldIssue } from '../../core/errors.ts';
import { compareDates, dateProblem } from '../../core/validate.ts';

/** A start date (inclusive) and an end date (exclusive; null: open-ended). */
export interface Period {
  startDate: string;
  endDate: string | null;
}

const valid = (period: Period) => !dateProblem(period.startDate) && (period.endDate === null || !dateProblem(period.endDate));

/** What is wrong with a subscription's period against its contract's, as issues of the subscription's fields. */
export function subscriptionWithinContractIssues(subscription: Period, contractId: string, contract: Period): FieldIssue[] {
  if (!valid(subscription) || !valid(contract)) return [];
  const issues: FieldIssue[] = [];
  const { startDate, endDate } = subscription;
  if (compareDates(startDate, contract.startDate) < 0) {
    issues.push({ field: 'startDate', message: `${startDate} is before the start of contract ${contractId} (${contract.startDate})` });
  }
  if (contract.endDate !== null) {
    if (compareDates(startDate, contract.endDate) >= 0) {
      issues.push({ field: 'startDate', message: `${startDate} is not before the end of contract ${contractId} (${contract.endDate}, exclusive)` });
    } else if (endDate !== null && compareDates(endDate, contract.endDate) > 0) {
      issues.push({ field: 'endDate', message: `${endDate} is after the end of contract ${contractId} (${contract.endDate})` });
    }
  }
  return issues;
}

/**
 * What is wrong with a contract's (new) period against its subscriptions, as issues of the
 * contract's fields, each naming the first subscription it would leave outside (and how many more).
 */
export function contractCoversSubscriptionsIssues(contract: Period, subscriptions: (Period & { id: string })[]): FieldIssue[] {
  if (!valid(contract)) return [];
  const startsBefore: (Period & { id: string })[] = [];
  const startsAfterEnd: (Period & { id: string })[] = [];
  const endsAfterEnd: (Period & { id: string })[] = [];
  for (const subscription of subscriptions) {
    if (!valid(subscription)) continue;
    if (compareDates(subscription.startDate, contract.startDate) < 0) startsBefore.push(subscription);
    if (contract.endDate === null) continue;
    if (compareDates(subscription.startDate, contract.endDate) >= 0) startsAfterEnd.push(subscription);
    else if (subscription.endDate !== null && compareDates(subscription.endDate, contract.endDate) > 0) endsAfterEnd.push(subscription);
  }
  const more = (list: unknown[]) => (list.length > 1 ? `, and ${list.length - 1} more subscription${list.length > 2 ? 's' : ''}` : '');
  const issues: FieldIssue[] = [];
  const first = startsBefore[0];
  if (first) {
    issues.push({ field: 'startDate', message: `${contract.startDate} is after the start of subscription ${first.id} (${first.startDate})${more(startsBefore)}` });
  }
  const late = startsAfterEnd[0];
  if (late) {
    issues.push({ field: 'endDate', message: `${contract.endDate} is not after the start of subscription ${late.id} (${late.startDate})${more(startsAfterEnd)}` });
  }
  const long = endsAfterEnd[0];
  if (long) {
    issues.push({ field: 'endDate', message: `${contract.endDate} is before the end of subscription ${long.id} (${long.endDate})${more(endsAfterEnd)}` });
  }
  return issues;
}

/**
 * The days a subscription is active on: its own period within its contract's (the later start,
 * the earlier end). A subscription without an end under a contract that ends is active until the
 * contract's end, for rating and for access (RADIUS) as for its fees in the bill run.
 */
export function activePeriod(subscription: Period, contract: Period | null): Period {
  if (!contract) return { startDate: subscription.startDate, endDate: subscription.endDate };
  const startDate = compareDates(contract.startDate, subscription.startDate) > 0 ? contract.startDate : subscription.startDate;
  const ends = [subscription.endDate, contract.endDate].filter((end): end is string => end !== null);
  return { startDate, endDate: ends.length ? ends.reduce((a, b) => (compareDates(a, b) <= 0 ? a : b)) : null };
}
