/** Contracts: a client's agreement with a legal entity (the seller), with its billing cycle and terms. */
import { entityDecider } from '../../core/entity-decider.ts';
import { checkPeriod, compareDates, invoiceCurrencyProblem, dateProblem, idProblem, Issues } from '../../core/validate.ts';

export const BILLING_CYCLES = ['monthly', 'quarterly', 'yearly'] as const;
export type BillingCycle = (typeof BILLING_CYCLES)[number];

export interface ContractDetails {
  clientId: string;
  legalEntityId: string;
  number: string;
  startDate: string;
  /** Exclusive, as subscriptions' end dates; null: open-ended. */
  endDate: string | null;
  billingCycle: BillingCycle;
  /** Day of month (1 to 28) the cycles start on. */
  cycleAnchorDay: number;
  /** Invoice currency: the contract's own, else the client's at signature. */
  currency: string;
  paymentTermsDays: number;
  /** Migration: the first day billstream bills; everything before was billed elsewhere. */
  billingStart: string | null;
  agentId: string | null;
  externalId: string | null;
}

export const CONTRACT_REGISTERED = 'ContractConcluded';
export const CONTRACT_CHANGED = 'ContractDetailsChanged';

export function contractIssues(details: ContractDetails, id: string) {
  const issues = new Issues();
  issues.check('id', idProblem(id));
  issues.require('clientId', details.clientId);
  issues.require('legalEntityId', details.legalEntityId);
  issues.require('number', details.number);
  checkPeriod(issues, details.startDate, details.endDate);
  if (!BILLING_CYCLES.includes(details.billingCycle)) issues.check('billingCycle', `${JSON.stringify(details.billingCycle)} is not one of ${BILLING_CYCLES.join(', ')}`);
  if (!Number.isInteger(details.cycleAnchorDay) || details.cycleAnchorDay < 1 || details.cycleAnchorDay > 28) {
    issues.check('cycleAnchorDay', `${details.cycleAnchorDay} is not a day from 1 to 28`);
  }
  issues.check('currency', invoiceCurrencyProblem(details.currency));
  if (!Number.isInteger(details.paymentTermsDays) || details.paymentTermsDays < 0 || details.paymentTermsDays > 365) {
    issues.check('paymentTermsDays', `${details.paymentTermsDays} is not a whole number of days from 0 to 365`);
  }
  if (details.billingStart !== null) {
    const problem = dateProblem(details.billingStart);
    issues.check('billingStart', problem);
    if (!problem && !dateProblem(details.startDate) && compareDates(details.billingStart, details.startDate) < 0) {
      issues.check('billingStart', `${details.billingStart} is before the start ${details.startDate}`);
    }
  }
  return issues.list;
}

export const contractDecider = entityDecider<ContractDetails>({
  noun: 'contract',
  registered: CONTRACT_REGISTERED,
  changed: CONTRACT_CHANGED,
  idKey: 'contractId',
  issues: contractIssues,
  // A contract belongs to one client and one seller for its life: invoices and their series depend on it.
  immutable: ['clientId', 'legalEntityId'],
});
