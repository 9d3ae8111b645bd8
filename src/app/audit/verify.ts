/**
 * `billstream verify`: what an auditor re-does from the event log alone, in one pass over it.
 *
 * - The hash chain (verify-chain.ts): the first event changed, removed or reordered behind
 *   billstream's back, and every other break.
 * - Every issued invoice and credit note recomputed from its events with the domain's own rules:
 *   converted lines (RULES.md 10, 11) -> VAT groups (12, 14) -> totals (15), against what it states.
 * - Every invoice series: each number used exactly once, 1..n with no gap, each assigned number
 *   issued on the document it was assigned to, and no document issued with a number not assigned.
 * - The accounting journal's invariants (src/app/accounting/check.ts): every entry balances, and
 *   each legal entity's journal in total; and the subledgers agree with it: what it keeps open on
 *   each invoice's receivable and each payment's customer credit is what the receivables and
 *   payments views show.
 */
import { Decimal } from 'decimal.js';
import type { EventStore, Position, RecordedEvent } from '../../eventstore/port.ts';
import { formatMoney, sumOf } from '../../core/money.ts';
import { invoiceTotal } from '../../tax/vat.ts';
import { invoiceDecider, type InvoiceEvent, type InvoiceState } from '../../domain/invoice/decider.ts';
import { invoiceVatGroups, lineNet, type FxRate, type InvoiceLine, type InvoiceVatGroup, type PricedInvoice } from '../../domain/invoice/invoice.ts';
import { creditNoteVatGroups, type CreditNote, type InvoiceCreditedData } from '../../domain/invoice/credit-note.ts';
import { CREDIT_NOTE_ISSUED, INVOICE_CREDITED, INVOICE_DRAFT_ADOPTED, INVOICE_DRAFTED, INVOICE_ISSUED, type InvoiceIssuedData } from '../../domain/bill-run/events.ts';
import { invoiceNumber, NUMBERS_ASSIGNED, type NumbersAssigned } from '../../domain/invoice-series/series.ts';
import { ChainWalk, type Finding } from './verify-chain.ts';
import { journalFindings, subledgerFindings } from '../accounting/check.ts';
import { forEachDocument, type ReadStore } from '../../readstore/port.ts';
import { JOURNAL } from '../../../projections/journal.projection.ts';

export type { Finding } from './verify-chain.ts';

export interface VerifyDeps {
  eventStore: EventStore;
  /**
   * Holds the journal (a projection) whose balances are checked, and the checkpoints of the read
   * models and sagas: one past the log's end means the newest events were removed, which the
   * chain alone cannot see (a shorter chain is still a valid one).
   */
  readStore: ReadStore;
}

export interface VerifyReport {
  ok: boolean;
  checked: Record<string, number>;
  findings: Finding[];
}

const PAGE = 5000;
const INVOICE_EVENTS = new Set<string>([INVOICE_DRAFTED, INVOICE_DRAFT_ADOPTED, INVOICE_ISSUED, INVOICE_CREDITED]);

export async function verifyStore(deps: VerifyDeps, onProgress?: (events: number) => void): Promise<VerifyReport> {
  const chain = new ChainWalk();
  const invoices = new InvoiceCheck();
  const series = new SeriesCheck();
  let after: number | undefined;
  for (;;) {
    const page = await deps.eventStore.readAll({ ...(after === undefined ? {} : { after }), limit: PAGE });
    if (page.length === 0) break;
    for (const event of page) {
      chain.visit(event);
      if (event.type === INVOICE_CREDITED) await invoices.visitCredit(event, (streamId) => deps.eventStore.readStream(streamId));
      else if (INVOICE_EVENTS.has(event.type)) invoices.visit(event);
      else if (event.type === CREDIT_NOTE_ISSUED) series.issued(event, (event.data as CreditNote).id, (event.data as CreditNote).number);
      else if (event.type === NUMBERS_ASSIGNED) series.assigned(event);
      if (event.type === INVOICE_ISSUED) series.issued(event, (event.data as InvoiceIssuedData).invoiceId, (event.data as InvoiceIssuedData).number);
    }
    after = page[page.length - 1]!.position;
    onProgress?.(chain.counts.events);
  }
  const findings = [...chain.findings, ...invoices.findings, ...series.finish()];
  const end = after ?? null;
  const reflected = await newestCheckpoint(deps.readStore);
  if (reflected && (end === null || reflected.position > end)) {
    findings.push({ check: 'chain', kind: 'truncated', position: reflected.position, consumer: reflected.consumer, message: `${reflected.consumer} reflects events up to position ${reflected.position}, ${end === null ? 'but the log holds no events: it was lost or emptied' : `but the log ends at ${end}: the newest events were removed`}` });
  }
  const checked: Record<string, number> = {
    events: chain.counts.events,
    chainedEvents: chain.counts.chained,
    eventsBeforeChain: chain.counts.beforeChain,
    invoices: invoices.invoices,
    creditNotes: invoices.credits,
    series: series.seriesCount,
    numbers: series.numberCount,
  };
  let journalEntries = 0;
  await forEachDocument(deps.readStore, JOURNAL, {}, () => {
    journalEntries += 1;
  });
  checked.journalEntries = journalEntries;
  for (const finding of await journalFindings(deps.readStore)) findings.push({ ...finding, check: 'journal' });
  for (const finding of await subledgerFindings(deps.readStore)) findings.push({ ...finding, check: 'subledger' });
  return { ok: findings.length === 0, checked, findings };
}

/**
 * The furthest position any consumer (read model, saga) reflects, by its checkpoint. Past the
 * log's end it means the log lost its newest events (or all of them) after they were applied:
 * `verify` reports it, and opening an installation refuses to run on such a log.
 */
export async function newestCheckpoint(readStore: ReadStore): Promise<{ consumer: string; position: Position } | null> {
  let newest: { consumer: string; position: Position } | null = null;
  for (const { name, checkpoint } of await readStore.listCheckpoints()) {
    if (checkpoint.position !== null && (newest === null || checkpoint.position > newest.position)) newest = { consumer: name, position: checkpoint.position };
  }
  return newest;
}

function where(event: RecordedEvent): Pick<Finding, 'position' | 'streamId' | 'revision' | 'eventId'> {
  return { position: event.position, streamId: event.streamId, revision: event.revision, eventId: event.id };
}

/** Folds each invoice stream with the invoice decider's own `evolve`; recomputes at issue and at each credit. */
class InvoiceCheck {
  readonly findings: Finding[] = [];
  invoices = 0;
  credits = 0;
  /** Invoices not issued yet: issued ones are checked and dropped (a store holds millions). */
  private readonly open = new Map<string, InvoiceState>();
  /** What a credit of an issued invoice is stated in: its currency and national rate. */
  private readonly issuedTerms = new Map<string, { currency: string; nationalRate: FxRate | null }>();

  visit(event: RecordedEvent): void {
    const state = this.open.get(event.streamId) ?? invoiceDecider.initialState();
    const next = invoiceDecider.evolve(state, event as unknown as InvoiceEvent);
    if (event.type === INVOICE_ISSUED) {
      this.invoices += 1;
      this.open.delete(event.streamId);
      const issued = event.data as InvoiceIssuedData;
      const priced = next.draft?.invoice;
      if (!priced) this.findings.push({ check: 'invoice', ...where(event), number: issued.number, message: `invoice ${issued.number} was issued without a priced draft before it` });
      else {
        this.issuedTerms.set(event.streamId, { currency: priced.currency, nationalRate: nationalRateOf(priced) });
        this.compareInvoice(event, issued.number, priced);
      }
      return;
    }
    this.open.set(event.streamId, next);
  }

  /**
   * A credit note, recomputed against its invoice as it stood before it: the invoice's stream is
   * read again (credit notes are few), since the VAT of a note that closes a group is what the
   * invoice and the earlier notes left of it (`creditNoteVatGroups`).
   */
  async visitCredit(event: RecordedEvent, readStream: (streamId: string) => Promise<RecordedEvent[]>): Promise<void> {
    this.credits += 1;
    let before = invoiceDecider.initialState();
    for (const earlier of await readStream(event.streamId)) {
      if (earlier.revision >= event.revision) break;
      before = invoiceDecider.evolve(before, earlier as unknown as InvoiceEvent);
    }
    this.compareCredit(event, event.data as InvoiceCreditedData, before);
  }

  private compareInvoice(event: RecordedEvent, number: string, invoice: PricedInvoice): void {
    const differences: string[] = [];
    const { currency } = invoice;
    try {
      invoice.lines.forEach((line, i) => {
        if (!line.priced) return;
        const rate = invoice.fxRates.find((r) => r.base === line.priced!.currency && r.quote === currency);
        if (!rate) differences.push(`line ${i}: priced in ${line.priced.currency} but the invoice states no ${line.priced.currency}/${currency} rate`);
        else compare(differences, `line ${i} net`, formatMoney(lineNet(new Decimal(line.priced.amount), rate, currency), currency), line.net);
      });
      const national = invoice.vat.find((g) => g.national)?.national;
      const nationalRate = nationalRateOf(invoice);
      if (national && !nationalRate) differences.push(`VAT is stated in ${national.currency} but the invoice states no ${currency}/${national.currency} rate`);
      this.compareAmounts(differences, invoice.lines, invoice.vat, invoice, currency, nationalRate);
    } catch (error) {
      differences.push(`cannot be recomputed: ${(error as Error).message}`);
    }
    if (differences.length) this.findings.push({ check: 'invoice', ...where(event), number, differences, message: `invoice ${number} does not add up from its lines: ${differences.join('; ')}` });
  }

  private compareCredit(event: RecordedEvent, credit: InvoiceCreditedData, before: InvoiceState): void {
    const differences: string[] = [];
    const terms = this.issuedTerms.get(event.streamId);
    const invoice = before.draft?.invoice;
    try {
      // Stated as the invoice stated its VAT (the invoice decider): in its currency, at its national rate.
      if (!terms || !before.issued || !invoice) differences.push(`credits invoice ${credit.invoiceNumber}, which was not issued before it`);
      else this.compareAmounts(differences, credit.lines, credit.vat, credit, terms.currency, terms.nationalRate, { invoice, earlier: before.credited });
    } catch (error) {
      differences.push(`cannot be recomputed: ${(error as Error).message}`);
    }
    if (differences.length) this.findings.push({ check: 'invoice', ...where(event), creditNoteId: credit.creditNoteId, invoiceNumber: credit.invoiceNumber, differences, message: `the credit note ${credit.creditNoteId} of invoice ${credit.invoiceNumber} does not add up from its lines: ${differences.join('; ')}` });
  }

  /** RULES.md 12 to 15 with the domain's functions: the groups and totals the lines make, against the stated ones. */
  private compareAmounts(
    differences: string[],
    lines: readonly InvoiceLine[],
    stated: readonly InvoiceVatGroup[],
    totals: { totalNet: string; totalVat: string; total: string },
    currency: string,
    nationalRate: FxRate | null,
    /** For a credit note: the invoice it credits and the notes before it. */
    credits?: { invoice: PricedInvoice; earlier: InvoiceCreditedData[] },
  ): void {
    const { groups, vat } = credits
      ? creditNoteVatGroups(credits.invoice, credits.earlier, lines as (InvoiceLine & { invoiceLine: number })[], nationalRate, () => null)
      : invoiceVatGroups(lines, currency, nationalRate, () => null);
    if (vat.length !== stated.length) differences.push(`${vat.length} VAT group(s) from the lines, ${stated.length} stated`);
    vat.forEach((group, i) => {
      const s = stated[i];
      if (!s) return;
      const label = `VAT group ${group.category} ${group.rate}%`;
      if (s.category !== group.category || new Decimal(s.rate).comparedTo(group.rate) !== 0) differences.push(`VAT group ${i}: ${group.category} ${group.rate}% from the lines, ${s.category} ${s.rate}% stated`);
      compare(differences, `${label} taxable`, group.taxable, s.taxable);
      compare(differences, `${label} VAT`, group.amount, s.amount);
      if (group.national && s.national) compare(differences, `${label} VAT in ${group.national.currency}`, group.national.amount, s.national.amount);
    });
    const nets = lines.map((l) => new Decimal(l.net));
    compare(differences, 'total net', formatMoney(sumOf(nets), currency), totals.totalNet);
    compare(differences, 'total VAT', formatMoney(sumOf(groups.map((g) => g.amount)), currency), totals.totalVat);
    compare(differences, 'total', formatMoney(invoiceTotal(nets, groups), currency), totals.total);
  }
}

/** The rate the invoice's VAT is stated in the national currency at (RULES.md 14), as the invoice decider finds it. */
function nationalRateOf(invoice: PricedInvoice): FxRate | null {
  const national = invoice.vat.find((g) => g.national)?.national;
  return (national && invoice.fxRates.find((r) => r.base === invoice.currency && r.quote === national.currency)) || null;
}

function compare(differences: string[], what: string, recomputed: string, stated: string): void {
  if (new Decimal(recomputed).comparedTo(new Decimal(stated)) !== 0) differences.push(`${what} ${recomputed} recomputed, ${stated} stated`);
}

/** RULES.md 16, checked from both sides: the series' assignments and the documents issued. */
class SeriesCheck {
  seriesCount = 0;
  numberCount = 0;
  private readonly series = new Map<string, { prefix: string; year: number; sequences: Map<number, { number: string; documentId: string; event: RecordedEvent }[]> }>();
  private readonly assignedTo = new Map<string, { number: string; streamId: string }>();
  private readonly issuedNumbers = new Map<string, { documentId: string; event: RecordedEvent }[]>();
  private readonly findings: Finding[] = [];

  assigned(event: RecordedEvent): void {
    const { prefix, year, assignments } = (event.data as NumbersAssigned['data']);
    let series = this.series.get(event.streamId);
    if (!series) this.series.set(event.streamId, (series = { prefix, year, sequences: new Map() }));
    for (const a of assignments) {
      const uses = series.sequences.get(a.sequence) ?? [];
      uses.push({ number: a.number, documentId: a.documentId, event });
      series.sequences.set(a.sequence, uses);
      const expected = invoiceNumber(prefix, year, a.sequence);
      if (a.number !== expected) this.findings.push({ check: 'series', ...where(event), number: a.number, message: `series ${event.streamId}: sequence ${a.sequence} is numbered ${a.number}, the series' format gives ${expected}` });
      const earlier = this.assignedTo.get(a.documentId);
      if (earlier && earlier.number !== a.number) this.findings.push({ check: 'series', ...where(event), documentId: a.documentId, message: `document ${a.documentId} was assigned two numbers: ${earlier.number} and ${a.number}` });
      this.assignedTo.set(a.documentId, { number: a.number, streamId: event.streamId });
    }
  }

  issued(event: RecordedEvent, documentId: string, number: string): void {
    const uses = this.issuedNumbers.get(number) ?? [];
    uses.push({ documentId, event });
    this.issuedNumbers.set(number, uses);
  }

  finish(): Finding[] {
    const findings = this.findings;
    for (const [streamId, series] of this.series) {
      this.seriesCount += 1;
      const sequences = [...series.sequences.keys()].sort((a, b) => a - b);
      const last = sequences[sequences.length - 1] ?? 0;
      this.numberCount += sequences.length;
      for (let sequence = 1; sequence <= last; sequence++) {
        const uses = series.sequences.get(sequence);
        const number = invoiceNumber(series.prefix, series.year, sequence);
        if (!uses) {
          findings.push({ check: 'series', streamId, number, message: `series ${streamId}: number ${number} is missing (a gap between ${invoiceNumber(series.prefix, series.year, sequence - 1 || 1)} and the next number used)` });
          continue;
        }
        const documents = new Set(uses.map((u) => u.documentId));
        if (documents.size > 1) findings.push({ check: 'series', ...where(uses[1]!.event), number, documents: [...documents], message: `series ${streamId}: number ${number} was assigned to ${documents.size} documents (${[...documents].join(', ')})` });
      }
    }
    for (const [number, uses] of this.issuedNumbers) {
      const documents = [...new Set(uses.map((u) => u.documentId))];
      if (documents.length > 1) findings.push({ check: 'series', ...where(uses[1]!.event), number, documents, message: `number ${number} was issued on ${documents.length} documents (${documents.join(', ')})` });
      for (const use of uses) {
        const assignment = this.assignedTo.get(use.documentId);
        if (!assignment) findings.push({ check: 'series', ...where(use.event), number, documentId: use.documentId, message: `document ${use.documentId} was issued as ${number}, a number no series assigned to it` });
        else if (assignment.number !== number) findings.push({ check: 'series', ...where(use.event), number, documentId: use.documentId, message: `document ${use.documentId} was issued as ${number}, but series ${assignment.streamId} assigned it ${assignment.number}` });
      }
    }
    for (const [documentId, assignment] of this.assignedTo) {
      if (!this.issuedNumbers.has(assignment.number)) findings.push({ check: 'series', streamId: assignment.streamId, number: assignment.number, documentId, message: `number ${assignment.number} was assigned to document ${documentId}, which was never issued with it` });
    }
    return findings;
  }
}
