/** Contracts: a client's agreement with a legal entity (the seller), with its billing cycle and terms. */
import { entityDecider } from '../../core/entity-decider.ts';
import type { FieldIssue } from '../../core/errors.ts';
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
  issues.length('number', details.number, 64);
  issues.length('externalId', details.externalId, 100);
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
    // A first billed day on or after the end would leave nothing to bill.
    if (!problem && details.endDate !== null && !dateProblem(details.endDate) && compareDates(details.billingStart, details.endDate) >= 0) {
      issues.check('billingStart', `${details.billingStart} is not before the end ${details.endDate} (the end is exclusive)`);
    }
  }
  return issues.list;
}

/** An invoice of one of the contract's cycles, drafted or issued (a voided draft does not count). */
export interface InvoicedCycle {
  period: { start: string; end: string };
  /** Null while drafted. */
  number: string | null;
  runId: string;
}

/**
 * RULES.md 6: usage belongs to exactly one cycle. Once a cycle is invoiced, other cycle
 * boundaries (another anchor day or cycle length) would put invoiced days and usage into a new
 * cycle that overlaps it and bill them again: the change is refused, naming the invoice.
 * `invoiced`: the contract's latest invoiced cycle, or null when none is.
 */
export function cycleChangeIssues(contractId: string, before: ContractDetails, after: ContractDetails, invoiced: InvoicedCycle | null): FieldIssue[] {
  if (!invoiced) return [];
  const which = `cycle ${invoiced.period.start}..${invoiced.period.end} of contract ${contractId} is already invoiced (${invoiced.number ?? `draft of bill run ${invoiced.runId}`})`;
  const issues: FieldIssue[] = [];
  // A new value that is no cycle or anchor day at all is the decider's to name.
  const validAnchor = Number.isInteger(after.cycleAnchorDay) && after.cycleAnchorDay >= 1 && after.cycleAnchorDay <= 28;
  if (before.billingCycle !== after.billingCycle && BILLING_CYCLES.includes(after.billingCycle)) issues.push({ field: 'billingCycle', message: `cannot change from ${before.billingCycle} to ${after.billingCycle}: ${which}` });
  if (before.cycleAnchorDay !== after.cycleAnchorDay && validAnchor) issues.push({ field: 'cycleAnchorDay', message: `cannot change from ${before.cycleAnchorDay} to ${after.cycleAnchorDay}: ${which}` });
  // Days paid in one currency would be credited in another, at another amount.
  if (before.currency !== after.currency && after.currency) issues.push({ field: 'currency', message: `cannot change from ${before.currency} to ${after.currency}: ${which}` });
  return issues;
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
