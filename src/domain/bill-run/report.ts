/**
 * The control report of a bill run (billing process step 7): what would be issued, summed per
 * currency, VAT group, service category and legal entity, and every flagged invoice with its
 * reasons. Sums are exact decimal strings; nothing is summed across currencies.
 */
import { Decimal } from 'decimal.js';
import { formatMoney } from '../../core/money.ts';
import type { BillRunStartedData, ControlReport, InvoiceDraftedData, ReportTotals, UnassignedUsage } from './events.ts';

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

/**
 * Sums a run's drafts one at a time, keeping only the sums and the flagged invoices: a run of
 * 100,000 invoices must not hold 100,000 invoices in memory to report on them.
 */
export class ControlReportBuilder {
  private readonly perCurrency = new Map<string, Totals>();
  private readonly perLegalEntity = new Map<string, Totals>();
  private readonly perVatGroup = new Map<string, { taxable: Decimal; amount: Decimal }>();
  private readonly perCategory = new Map<string, Decimal>();
  private readonly flags: ControlReport['flags'] = [];
  private invoices = 0;
  private held = 0;
  private blocked = 0;
  private deferredCycles = 0;
  private cyclesWithoutCharge = 0;
  private readonly warnings = new Map<string, number>();
  private readonly deferredReasons: string[] = [];
  private readonly inEnglishInstead = new Map<string, number>();
  /** Per scheme and currency: the sum of its lines (RULES.md 21, 22) and the invoices they are on. */
  private readonly perScheme = new Map<string, { amount: Decimal; invoices: number }>();
  private unassigned: UnassignedUsage | null = null;

  /** `translated` tells whether billstream writes a language (src/i18n): an invoice in another is written in English, and the report says so. */
  constructor(
    private readonly run: Pick<BillRunStartedData, 'runId' | 'asOf'>,
    private readonly translated: (language: string) => boolean,
  ) {}

  add(draft: InvoiceDraftedData): void {
    this.invoices += 1;
    if (!this.translated(draft.language)) this.inEnglishInstead.set(draft.language, (this.inEnglishInstead.get(draft.language) ?? 0) + 1);
    if (draft.flags.length > 0) {
      this.held += 1;
      if (draft.flags.some((f) => f.blocking)) this.blocked += 1;
      this.flags.push({ invoiceId: draft.invoiceId, contractId: draft.contractId, clientId: draft.clientId, cycle: draft.period, flags: draft.flags });
    }
    const invoice = draft.invoice;
    if (!invoice) return;
    entry(this.perCurrency, invoice.currency, () => new Totals()).add(invoice);
    entry(this.perLegalEntity, JSON.stringify([draft.legalEntityId ?? '', invoice.currency]), () => new Totals()).add(invoice);
    for (const group of invoice.vat) {
      const sums = entry(this.perVatGroup, JSON.stringify([invoice.currency, group.category, group.rate]), () => ({ taxable: new Decimal(0), amount: new Decimal(0) }));
      sums.taxable = sums.taxable.plus(group.taxable);
      sums.amount = sums.amount.plus(group.amount);
    }
    const schemes = new Set<string>();
    for (const line of invoice.lines) {
      const key = JSON.stringify([invoice.currency, line.serviceCategory]);
      this.perCategory.set(key, (this.perCategory.get(key) ?? new Decimal(0)).plus(line.net));
      if (line.kind === 'discount' || line.kind === 'commitment') {
        const schemeKey = JSON.stringify([line.code, invoice.currency]);
        const sums = entry(this.perScheme, schemeKey, () => ({ amount: new Decimal(0), invoices: 0 }));
        sums.amount = sums.amount.plus(line.net);
        if (!schemes.has(schemeKey)) sums.invoices += 1;
        schemes.add(schemeKey);
      }
    }
  }

  /** Something an invoice's documents will lack that does not hold it (no payment details): counted per message. */
  warn(message: string): void {
    this.warnings.set(message, (this.warnings.get(message) ?? 0) + 1);
  }

  /** Due cycles closed without an invoice: not a single charge in them (no number is spent). */
  nothingToBill(cycles: number): void {
    this.cyclesWithoutCharge += cycles;
  }

  /** Unresolved usage that names no service point, summed by the run (see ControlReport.unassignedUsage). */
  unassignedUsage(usage: UnassignedUsage): void {
    this.unassigned = usage.records > 0 ? usage : null;
  }

  /** Due cycles this run leaves for a later one (a run's bounds), and why. */
  defer(cycles: number, reason: string): void {
    this.deferredCycles += cycles;
    if (!this.deferredReasons.includes(reason)) this.deferredReasons.push(reason);
  }

  build(): ControlReport {
    const sorted = <V>(map: Map<string, V>) => [...map.entries()].sort(([a], [b]) => a.localeCompare(b));
    return {
      runId: this.run.runId,
      asOf: this.run.asOf,
      invoices: this.invoices,
      held: this.held,
      blocked: this.blocked,
      nothingToBill: this.cyclesWithoutCharge,
      perCurrency: sorted(this.perCurrency).map(([currency, totals]) => ({ currency, ...totals.toJSON(currency) })),
      perVatGroup: sorted(this.perVatGroup).map(([key, sums]) => {
        const [currency, category, rate] = JSON.parse(key) as [string, string, string];
        return { currency, category, rate, taxable: formatMoney(sums.taxable, currency), amount: formatMoney(sums.amount, currency) };
      }),
      perServiceCategory: sorted(this.perCategory).map(([key, net]) => {
        const [currency, category] = JSON.parse(key) as [string, string];
        return { currency, category, net: formatMoney(net, currency) };
      }),
      perLegalEntity: sorted(this.perLegalEntity).map(([key, totals]) => {
        const [legalEntityId, currency] = JSON.parse(key) as [string, string];
        return { legalEntityId, currency, ...totals.toJSON(currency) };
      }),
      flags: this.flags,
      ...(this.warnings.size ? { warnings: sorted(this.warnings).map(([message, invoices]) => ({ message, invoices })) } : {}),
      ...(this.deferredReasons.length ? { deferred: { cycles: this.deferredCycles, reasons: this.deferredReasons } } : {}),
      ...(this.inEnglishInstead.size ? { languageFallback: sorted(this.inEnglishInstead).map(([language, invoices]) => ({ language, invoices })) } : {}),
      ...(this.perScheme.size ? {
        discounts: sorted(this.perScheme).map(([key, sums]) => {
          const [schemeId, currency] = JSON.parse(key) as [string, string];
          return { schemeId, currency, amount: formatMoney(sums.amount, currency), invoices: sums.invoices };
        }),
      } : {}),
      ...(this.unassigned ? { unassignedUsage: this.unassigned } : {}),
    };
  }
}
