/** Subscriptions: a service point takes a tariff package from a start date (inclusive) to an end date (exclusive). */
import { entityDecider } from '../../core/entity-decider.ts';
import { checkPeriod, compareDates, dateProblem, idProblem, Issues } from '../../core/validate.ts';

export interface SubscriptionDetails {
  servicePointId: string;
  contractId: string;
  clientId: string;
  tariffId: string;
  startDate: string;
  /** Exclusive; null: open. */
  endDate: string | null;
  quantity: number;
  externalId: string | null;
}

export const SUBSCRIPTION_REGISTERED = 'SubscriptionStarted';
export const SUBSCRIPTION_CHANGED = 'SubscriptionDetailsChanged';

export function subscriptionIssues(details: SubscriptionDetails, id: string) {
  const issues = new Issues();
  issues.check('id', idProblem(id));
  issues.require('servicePointId', details.servicePointId);
  if (issues.require('tariffId', details.tariffId)) issues.check('tariffId', idProblem(details.tariffId));
  checkPeriod(issues, details.startDate, details.endDate);
  if (!Number.isInteger(details.quantity) || details.quantity < 1 || details.quantity > 1_000_000) {
    issues.check('quantity', `${details.quantity} is not a whole number from 1 to 1,000,000`);
  }
  return issues.list;
}

export const subscriptionDecider = entityDecider<SubscriptionDetails>({
  noun: 'subscription',
  registered: SUBSCRIPTION_REGISTERED,
  changed: SUBSCRIPTION_CHANGED,
  idKey: 'subscriptionId',
  issues: subscriptionIssues,
  immutable: ['servicePointId', 'contractId', 'clientId'],
});
