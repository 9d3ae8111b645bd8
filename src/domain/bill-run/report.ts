/**
 * The control report of a bill run (billing process step 7): what would be issued, summed per
 * currency, VAT group, service category and legal entity, and every flagged invoice with its
 * reasons. Sums are exact decimal strings; nothing is summed across currencies.
 */
import { Decimal } from 'decimal.js';
import { formatMoney } from '../../core/money.ts';
import type { BillRunStartedData, ControlReport, InvoiceDraftedData, ReportTotals } from './events.ts';

class Totals {
  invoices = 0;
  net = new Decimal(0);
  vat = new Decimal(0);
  total = new Decimal(0);

  add(invoice: { totalNet: string; totalVat: string; total: string }): void {
    this.invoices += 1;
    this.net = this.net.plus(invoice.totalNet);
    this.vat = this.vat.plus(invoice.totalVat);
    this.total = this.total.plus(invoice.total);
  }

  toJSON(currency: string): ReportTotals {
    return { invoices: this.invoices, totalNet: formatMoney(this.net, currency), totalVat: formatMoney(this.vat, currency), total: formatMoney(this.total, currency) };
  }
}

function entry<V>(map: Map<string, V>, key: string, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = create()));
  return value;
}

export function buildControlReport(run: Pick<BillRunStartedData, 'runId' | 'asOf'>, drafts: InvoiceDraftedData[]): ControlReport {
  const perCurrency = new Map<string, Totals>();
  const perLegalEntity = new Map<string, Totals>();
  const perVatGroup = new Map<string, { taxable: Decimal; amount: Decimal }>();
  const perCategory = new Map<string, Decimal>();
  for (const draft of drafts) {
    const invoice = draft.invoice;
    if (!invoice) continue;
    entry(perCurrency, invoice.currency, () => new Totals()).add(invoice);
    entry(perLegalEntity, JSON.stringify([draft.legalEntityId ?? '', invoice.currency]), () => new Totals()).add(invoice);
    for (const group of invoice.vat) {
      const sums = entry(perVatGroup, JSON.stringify([invoice.currency, group.category, group.rate]), () => ({ taxable: new Decimal(0), amount: new Decimal(0) }));
      sums.taxable = sums.taxable.plus(group.taxable);
      sums.amount = sums.amount.plus(group.amount);
    }
    for (const line of invoice.lines) {
      const key = JSON.stringify([invoice.currency, line.serviceCategory]);
      perCategory.set(key, (perCategory.get(key) ?? new Decimal(0)).plus(line.net));
    }
  }
  const sorted = <V>(map: Map<string, V>) => [...map.entries()].sort(([a], [b]) => a.localeCompare(b));
  return {
    runId: run.runId,
    asOf: run.asOf,
    invoices: drafts.length,
    held: drafts.filter((d) => d.flags.length > 0).length,
    blocked: drafts.filter((d) => d.flags.some((f) => f.blocking)).length,
    perCurrency: sorted(perCurrency).map(([currency, totals]) => ({ currency, ...totals.toJSON(currency) })),
    perVatGroup: sorted(perVatGroup).map(([key, sums]) => {
      const [currency, category, rate] = JSON.parse(key) as [string, string, string];
      return { currency, category, rate, taxable: formatMoney(sums.taxable, currency), amount: formatMoney(sums.amount, currency) };
    }),
    perServiceCategory: sorted(perCategory).map(([key, net]) => {
      const [currency, category] = JSON.parse(key) as [string, string];
      return { currency, category, net: formatMoney(net, currency) };
    }),
    perLegalEntity: sorted(perLegalEntity).map(([key, totals]) => {
      const [legalEntityId, currency] = JSON.parse(key) as [string, string];
      return { legalEntityId, currency, ...totals.toJSON(currency) };
    }),
    flags: drafts.filter((d) => d.flags.length > 0).map((d) => ({ invoiceId: d.invoiceId, contractId: d.contractId, clientId: d.clientId, cycle: d.period, flags: d.flags })),
  };
}
