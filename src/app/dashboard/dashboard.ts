/**
 * The dashboard (GET /dashboard, issue 16): revenue per month and legal entity, invoices issued,
 * receivables and what is overdue, usage per day and type, unresolved usage and the last bill
 * runs, as of the operator's today. Everything comes from what the dashboard projection keeps
 * (projections/dashboard.projection.ts): a few dozen small documents read, whatever the number
 * of invoices or usage records.
 */
import { Decimal } from 'decimal.js';
import { Temporal } from 'temporal-polyfill';
import { operatorToday } from '../../core/clock.ts';
import { formatMoney } from '../../core/money.ts';
import { findAll, type ReadStore } from '../../readstore/port.ts';
import type { AppDeps } from '../deps.ts';
import {
  DASHBOARD_BILL_RUNS, DASHBOARD_OPEN, DASHBOARD_RECEIVABLES, DASHBOARD_REVENUE, DASHBOARD_UNRESOLVED, DASHBOARD_USAGE_DAYS,
  type BillRunLineDocument, type OpenDocument, type RevenueDocument, type UnresolvedCountDocument, type UsageDayCountDocument,
} from '../../../projections/dashboard.projection.ts';
import type { BillRunDocument } from '../../../projections/bill-runs.projection.ts';

export const DASHBOARD_MONTHS = { min: 1, max: 36, default: 12 } as const;
/** Days with usage shown (the most recent ones up to today). */
export const USAGE_DAYS_SHOWN = 31;
export const BILL_RUNS_SHOWN = 5;

export interface Dashboard {
  asOf: string;
  revenue: { month: string; legalEntityId: string; currency: string; net: string; vat: string; gross: string; invoices: number }[];
  invoicesIssued: { month: string; count: number }[];
  receivables: { currency: string; open: string; overdue: string; invoicesOverdue: number }[];
  usagePerDay: { date: string; type: string; records: number }[];
  unresolvedUsage: { count: number; byReason: { reason: string; count: number }[] };
  lastBillRuns: { runId: string; asOf: string; status: BillRunDocument['status']; invoices: number; held: number; startedAt: string }[];
}

/** The dashboard as of the operator's today (billstream's clock, in BILLSTREAM_TIME_ZONE). */
export async function dashboardNow(deps: Pick<AppDeps, 'readStore' | 'clock'>, months: number = DASHBOARD_MONTHS.default): Promise<Dashboard> {
  return dashboardAsOf(deps.readStore, operatorToday(deps.clock), months);
}

export async function dashboardAsOf(readStore: ReadStore, asOf: string, months: number): Promise<Dashboard> {
  const lastMonth = Temporal.PlainDate.from(asOf).toPlainYearMonth();
  const firstMonth = lastMonth.subtract({ months: months - 1 });
  const [revenue, receivables, usagePerDay, unresolvedUsage, lastBillRuns] = await Promise.all([
    revenueOf(readStore, firstMonth.toString(), lastMonth.toString()),
    receivablesOf(readStore, asOf),
    usagePerDayOf(readStore, asOf),
    unresolvedUsageOf(readStore),
    lastBillRunsOf(readStore),
  ]);
  const issued = new Map<string, number>();
  for (const row of revenue) issued.set(row.month, (issued.get(row.month) ?? 0) + row.invoices);
  const invoicesIssued: Dashboard['invoicesIssued'] = [];
  for (let month = firstMonth; Temporal.PlainYearMonth.compare(month, lastMonth) <= 0; month = month.add({ months: 1 })) {
    invoicesIssued.push({ month: month.toString(), count: issued.get(month.toString()) ?? 0 });
  }
  return { asOf, revenue, invoicesIssued, receivables, usagePerDay, unresolvedUsage, lastBillRuns };
}

async function revenueOf(readStore: ReadStore, from: string, to: string): Promise<Dashboard['revenue']> {
  const rows = await findAll<RevenueDocument>(readStore, DASHBOARD_REVENUE, { month: { $gte: from, $lte: to } });
  rows.sort((a, b) => compare(a.month, b.month) || compare(a.legalEntityId, b.legalEntityId) || compare(a.currency, b.currency));
  return rows.map(({ month, legalEntityId, currency, net, vat, gross, invoices }) => ({ month, legalEntityId, currency, net, vat, gross, invoices }));
}

/**
 * Open: what is due on every issued invoice now (its total less its credit notes, allocated
 * payments and write-offs, as the invoice's payment status counts it); overdue: the part due
 * before `asOf`. The projection keeps each currency's total and the sums per due date; only the
 * due dates from `asOf` on are read (a few weeks of payment terms) and taken off the total.
 */
async function receivablesOf(readStore: ReadStore, asOf: string): Promise<Dashboard['receivables']> {
  const totals = await findAll<OpenDocument>(readStore, DASHBOARD_OPEN, {});
  const notYetDue = new Map<string, { open: Decimal; invoices: number }>();
  for (const row of await findAll<OpenDocument>(readStore, DASHBOARD_RECEIVABLES, { dueDate: { $gte: asOf } })) {
    const sum = notYetDue.get(row.currency) ?? { open: new Decimal(0), invoices: 0 };
    notYetDue.set(row.currency, { open: sum.open.plus(row.open), invoices: sum.invoices + row.invoices });
  }
  totals.sort((a, b) => compare(a.currency, b.currency));
  return totals.map(({ currency, open, invoices }) => {
    const later = notYetDue.get(currency) ?? { open: new Decimal(0), invoices: 0 };
    return { currency, open, overdue: formatMoney(new Decimal(open).minus(later.open), currency), invoicesOverdue: invoices - later.invoices };
  });
}

/** The most recent days with usage up to `asOf` (at most USAGE_DAYS_SHOWN), oldest first, each day's types in order. */
async function usagePerDayOf(readStore: ReadStore, asOf: string): Promise<Dashboard['usagePerDay']> {
  const rows: UsageDayCountDocument[] = [];
  const dates = new Set<string>();
  let after: string | undefined;
  pages: do {
    const page = await readStore.find(DASHBOARD_USAGE_DAYS, { date: { $lte: asOf } }, { sort: { field: 'date', direction: 'desc' }, limit: 200, ...(after ? { after } : {}) });
    for (const row of page.items as UsageDayCountDocument[]) {
      if (!dates.has(row.date) && dates.size === USAGE_DAYS_SHOWN) break pages;
      dates.add(row.date);
      rows.push(row);
    }
    after = page.next ?? undefined;
  } while (after);
  rows.sort((a, b) => compare(a.date, b.date) || compare(a.type, b.type));
  return rows.map(({ date, type, records }) => ({ date, type, records }));
}

async function unresolvedUsageOf(readStore: ReadStore): Promise<Dashboard['unresolvedUsage']> {
  const reasons = await findAll<UnresolvedCountDocument>(readStore, DASHBOARD_UNRESOLVED, {});
  reasons.sort((a, b) => compare(a.reason, b.reason));
  return { count: reasons.reduce((sum, r) => sum + r.count, 0), byReason: reasons.map(({ reason, count }) => ({ reason, count })) };
}

/**
 * The last runs started, newest first. Invoices and held: what issuing did once the run is
 * completed (issued, and left unissued); before that, what its control report drafted and held;
 * 0 while it drafts (or when drafting failed).
 */
async function lastBillRunsOf(readStore: ReadStore): Promise<Dashboard['lastBillRuns']> {
  const page = await readStore.find(DASHBOARD_BILL_RUNS, {}, { sort: { field: 'order', direction: 'desc' }, limit: BILL_RUNS_SHOWN });
  return (page.items as BillRunLineDocument[]).map(({ id, asOf, status, invoices, held, startedAt }) => ({ runId: id, asOf, status, invoices, held, startedAt }));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
