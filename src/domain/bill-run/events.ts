/**
 * Bill runs (billing process steps 6 to 8): a run closes every cycle ending on or before its
 * as-of date that is not billed yet, drafts one invoice per contract and cycle, shows a control
 * report, and issues only after approval (RULES.md 17). Its stream `billRun-<id>` records what
 * was asked and decided; each invoice has its own stream `invoice-<id>`, whose id follows from
 * contract and cycle, so a cycle is billed once whichever run or process gets to it.
 */
import { deterministicId } from '../../core/ids.ts';
import type { SellerSnapshot } from '../invoice/documents.ts';
import { streamName } from '../../core/streams.ts';
import type { Cycle } from '../billing-cycle/cycles.ts';
import type { PricedInvoice } from '../invoice/invoice.ts';

export const BILL_RUN_STARTED = 'BillRunStarted';
export const BILL_RUN_DRAFTED = 'BillRunDrafted';
export const BILL_RUN_APPROVED = 'BillRunApproved';
export const BILL_RUN_COMPLETED = 'BillRunCompleted';
/** The billing saga began (or began again, after a stop) to draft the run. */
export const BILL_RUN_DRAFTING_ATTEMPTED = 'BillRunDraftingAttempted';
export const BILL_RUN_FAILED = 'BillRunFailed';
/** An operator discarded a run that was not issued: nothing of it is issued, its cycles are free again. */
export const BILL_RUN_VOIDED = 'BillRunVoided';
/** A later run drafted the same cycles before this one was approved: that run is the one to approve. */
export const BILL_RUN_SUPERSEDED = 'BillRunSuperseded';
export const INVOICE_DRAFTED = 'InvoiceDrafted';
/** A later run found an unissued draft of an earlier run unchanged and took it over as its own (no second draft). */
export const INVOICE_DRAFT_ADOPTED = 'InvoiceDraftAdopted';
export const INVOICE_ISSUED = 'InvoiceIssued';
/** A draft whose run was voided or superseded before it was issued: it stays in the history, never issued. */
export const INVOICE_DRAFT_VOIDED = 'InvoiceDraftVoided';
export const INVOICE_CREDITED = 'InvoiceCredited';
export const CREDIT_NOTE_ISSUED = 'CreditNoteIssued';

export interface BillRunStartedData {
  runId: string;
  asOf: string;
  /** Flag an invoice whose total differs from the client's previous one by more than this. */
  changeThresholdPercent: number;
  /** Flag an invoice whose discounts exceed this share of its charges (`discount-share`); absent: 50. */
  discountShareThresholdPercent?: number;
}

/** Every reason an invoice can be held for (docs/billing-rules.md: the flags). */
export const INVOICE_FLAG_CODES = [
  'total-changed', 'zero-or-negative', 'unresolved-usage', 'missing-fx-rate', 'b2b-without-vat-id', 'no-legal-entity', 'invalid-time-zone', 'no-vat-rate',
  'waits-for-earlier-cycle', 'no-holiday-calendar', 'incomplete-document', 'discount-share', 'vat-id-of-seller-country',
] as const;
export type InvoiceFlagCode = (typeof INVOICE_FLAG_CODES)[number];

/**
 * Why an invoice is held. `blocking` ones cannot be issued even with an override: there is
 * nothing correct to issue (no rate, no legal entity, no VAT rate).
 */
export interface InvoiceFlag {
  code: InvoiceFlagCode;
  /** The reason in English, with its figures (what the CLI and the JSON report show). */
  message: string;
  /**
   * The figures `message` is made of, as strings, so that a reader can say the reason in its own
   * language (amounts as decimal strings with their `currency`, percentages as decimal numbers,
   * dates `YYYY-MM-DD`, counts as digits). The keys of each code are listed in openapi.yaml
   * (InvoiceFlag). Absent on flags recorded before they were given.
   */
  params?: Record<string, string>;
  blocking: boolean;
}

/** One drafted invoice as the run's issuing needs it. */
export interface RunEntry {
  invoiceId: string;
  legalEntityId: string | null;
  /** Revision of the invoice stream after this run's draft: issuing expects it (a later draft supersedes). */
  draftRevision: number;
  paymentTermsDays: number;
  held: boolean;
  blocked: boolean;
}

export interface ReportTotals {
  invoices: number;
  totalNet: string;
  totalVat: string;
  total: string;
}

export interface ControlReport {
  runId: string;
  asOf: string;
  invoices: number;
  held: number;
  blocked: number;
  /** Due cycles without a single charge: closed without an invoice. */
  nothingToBill: number;
  perCurrency: ({ currency: string } & ReportTotals)[];
  perVatGroup: { currency: string; category: string; rate: string; taxable: string; amount: string }[];
  perServiceCategory: { currency: string; category: string; net: string }[];
  perLegalEntity: ({ legalEntityId: string; currency: string } & ReportTotals)[];
  flags: { invoiceId: string; contractId: string; clientId: string; cycle: Cycle; flags: InvoiceFlag[] }[];
  /** What some invoices' documents will lack without being held (no payment details), with how many invoices; absent when none. */
  warnings?: { message: string; invoices: number }[];
  /** Unapproved runs this one replaces: they drafted some of the same cycles (status superseded). */
  supersedes?: string[];
  /** Due cycles left for a later run by the run's bounds (oldest cycles go first), and why; absent when none. */
  deferred?: { cycles: number; reasons: string[] };
  /** Clients' languages billstream has no translations for, with the invoices written in English instead; absent when none. */
  languageFallback?: { language: string; invoices: number }[];
  /** Discounts given per scheme and currency (negative sums of its discount lines) and on how many invoices; absent when none. */
  discounts?: { schemeId: string; currency: string; amount: string; invoices: number }[];
  /**
   * Usage no contract can be billed for: unresolved records whose identifier names no service
   * point (reason unknown-identifier) that started before the run's as-of date. Per-contract
   * unresolved records are flags on their invoices; these have no invoice to be flagged on, and
   * would otherwise be revenue nobody sees. Absent when none.
   */
  unassignedUsage?: UnassignedUsage;
}

export interface UnassignedUsage {
  records: number;
  /** Distinct identifiers among them (the numbers, user names or MACs to add to service points). */
  identifiers: number;
  firstStart: string;
  lastStart: string;
}

export interface BillRunDraftedData {
  runId: string;
  entries: RunEntry[];
  report: ControlReport;
}

export interface BillRunApprovedData {
  runId: string;
  includeHeld: boolean;
  issueDate: string;
}

export interface BillRunDraftingAttemptedData {
  runId: string;
  attempt: number;
}

/** Drafting could not finish; the run ends here and issues nothing (a new run can be started). */
export interface BillRunFailedData {
  runId: string;
  reason: string;
}

export interface BillRunVoidedData {
  runId: string;
}

export interface BillRunSupersededData {
  runId: string;
  /** The later run that drafted the same cycles. */
  supersededBy: string;
}

export interface InvoiceDraftVoidedData {
  invoiceId: string;
  /** The voided or superseded run whose draft this was. */
  runId: string;
}

export interface BillRunCompletedData {
  runId: string;
  issued: number;
  held: number;
  superseded: number;
}

export interface InvoiceDraftedData {
  invoiceId: string;
  runId: string;
  contractId: string;
  clientId: string;
  legalEntityId: string | null;
  period: Cycle;
  paymentTermsDays: number;
  language: string;
  seller: { id: string; name: string; country: string; vatId: string | null; currency: string } | null;
  buyer: { id: string; name: string; type: string; country: string; vatId: string | null; taxableBusiness: boolean };
  /** Null when it cannot be priced (a blocking flag says why). */
  invoice: PricedInvoice | null;
  flags: InvoiceFlag[];
  /** Event-store position the usage was read at: records rated after it are late for this cycle. */
  usageCutoff: number;
}

export interface InvoiceDraftAdoptedData {
  invoiceId: string;
  /** The run that takes the draft over: it issues the invoice once approved. */
  runId: string;
  /** The run that drafted it. */
  fromRunId: string;
  /** The adopting run's usage position: the draft is what that position gives too. */
  usageCutoff: number;
}

export interface InvoiceIssuedData {
  invoiceId: string;
  runId: string;
  number: string;
  issueDate: string;
  dueDate: string;
  /** The legal entity as it was at issue, which its documents name; absent on invoices issued before this was recorded. */
  seller?: SellerSnapshot;
}

export function billRunStream(runId: string): string {
  return streamName('billRun', runId);
}

/** A cycle's invoice: one per contract and cycle start. */
export function invoiceIdOf(contractId: string, cycle: Cycle): string {
  return deterministicId('invoice', contractId, cycle.start);
}

export function invoiceStream(invoiceId: string): string {
  return streamName('invoice', invoiceId);
}

export function creditNoteStream(creditNoteId: string): string {
  return streamName('creditNote', creditNoteId);
}
