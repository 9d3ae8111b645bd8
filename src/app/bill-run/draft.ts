/**
 * Drafting a bill run (billing process step 6): for every contract, every cycle ending on or
 * before the run's as-of date that no issued invoice covers gets a draft invoice, computed from
 * the read models at the run's position. Drafting is idempotent (event ids follow from run and
 * invoice), so a crash in the middle and a restart simply draft again what was not stored.
 */
import { EventEmitter } from 'node:events';
import { Decimal } from 'decimal.js';
import { formatMoney } from '../../core/money.ts';
import { Temporal } from 'temporal-polyfill';
import { deterministicId } from '../../core/ids.ts';
import { sameJson } from '../../core/same-json.ts';
import { isVatIdOf, vatIdProblem } from '../../core/vat-id.ts';
import { timeZoneProblem } from '../../core/validate.ts';
import type { AppDeps } from '../deps.ts';
import { WrongExpectedRevisionError, type EventMetadata } from '../../eventstore/port.ts';
import { findAll, forEachDocument, type Document, type ReadStore } from '../../readstore/port.ts';
import { SUBSCRIPTIONS } from '../../../projections/subscriptions.projection.ts';
import { CONTRACTS } from '../../../projections/contracts.projection.ts';
import { CLIENTS } from '../../../projections/clients.projection.ts';
import { SERVICE_POINTS } from '../../../projections/service-points.projection.ts';
import { LEGAL_ENTITIES } from '../../../projections/legal-entities.projection.ts';
import { TARIFFS, type TariffDocument } from '../../../projections/tariffs.projection.ts';
import { UNRESOLVED_USAGE } from '../../../projections/unresolved-usage.projection.ts';
import { USAGE_DAYS, usageChangeKey, type UsageDayDocument } from '../../../projections/usage-days.projection.ts';
import { BILL_RUNS, type BillRunDocument } from '../../../projections/bill-runs.projection.ts';
import { INVOICES, type InvoiceDocument } from '../../../projections/invoices.projection.ts';
import { withBodies, type FullInvoice } from '../invoice/view.ts';
import { fxRateOn } from '../fx/rates.ts';
import { UnknownVatRateError, vatIdDecidesTreatment } from '../../tax/vat.ts';
import { addDays } from '../../core/calendar-date.ts';
import { cycleContaining, type Cycle } from '../../domain/billing-cycle/cycles.ts';
import type { ContractDetails } from '../../domain/contract/decider.ts';
import { cycleUsageDiscounts, usageOfCycle, type CycleUsage } from '../usage/cycle-usage.ts';
import { noHolidayCalendarFlag, usageWithoutHolidays } from '../usage/holiday-calendar.ts';
import type { UsageWithoutHolidaysDocument } from '../../../projections/usage-without-holidays.projection.ts';
import { contractChargeLines, lateUsageLines, type BilledLine, type SubscriptionTerms } from '../../domain/invoice/charges.ts';
import { discountCurrencies, lineNet, MissingFxRateError, pairKey, priceInvoice, ratesNeeded, type ChargeLine, type FxRate, type InvoiceDiscounts, type InvoiceLine, type PricedInvoice } from '../../domain/invoice/invoice.ts';
import { DISCOUNTS, type DiscountDocument } from '../../../projections/discounts.projection.ts';
import { schemesInForce } from '../../domain/discount/versions.ts';
import type { DiscountScheme } from '../../domain/discount/definition.ts';
import { discountContext, firstServiceDay } from '../../domain/discount/applicability.ts';
import { overridesInOtherCurrency } from '../../domain/discount/rating.ts';
import { ControlReportBuilder } from '../../domain/bill-run/report.ts';
import type { UsageUnresolvedData } from '../../domain/usage/events.ts';
import { DOCUMENT_HOLDS, missingDocumentItems, type DocumentSeller } from '../../documents/parties.ts';
import type { PostalAddress } from '../../domain/legal-entity/events.ts';
import type { InvoiceTexts } from '../../domain/invoice/texts.ts';
import { invoiceTexts } from '../../i18n/invoice-texts.ts';
import { translatorFor } from '../../i18n/translator.ts';
import {
  INVOICE_DRAFT_ADOPTED, INVOICE_DRAFTED, invoiceIdOf, invoiceStream,
  type InvoiceDraftAdoptedData, type BillRunDraftedData, type BillRunStartedData, type InvoiceDraftedData, type InvoiceFlag, type RunEntry, type UnassignedUsage,
} from '../../domain/bill-run/events.ts';

export type Contract = ContractDetails & { id: string };
export interface Client { id: string; name: string; type: string; country: string; vatId: string | null; taxableBusiness: boolean; language: string; timeZone: string; address?: PostalAddress | null; partnerId?: string | null }
interface LegalEntity extends DocumentSeller { id: string; invoicePrefix: string }
interface Subscription extends SubscriptionTerms { servicePointId: string }

const dayBefore = (date: string) => addDays(date, -1);

/**
 * RULES.md 6: the cycles of a contract that end on or before `asOf`, from its first cycle; cycles
 * that end on or before billing_start (billed elsewhere) or start on or after the contract's end
 * are not billed here.
 */
export function cyclesDue(contract: Pick<ContractDetails, 'billingCycle' | 'cycleAnchorDay' | 'startDate' | 'endDate' | 'billingStart'>, asOf: string): Cycle[] {
  const cycles: Cycle[] = [];
  let cycle = cycleContaining(contract.startDate, contract);
  while (cycle.end <= asOf) {
    // A cycle that does not move forward (a start date that is no date) would loop for ever.
    if (!(cycle.end > cycle.start)) throw new Error(`contract has no valid billing cycle from ${JSON.stringify(contract.startDate)}`);
    if (contract.endDate !== null && cycle.start >= contract.endDate) break;
    if (contract.billingStart === null || cycle.end > contract.billingStart) cycles.push(cycle);
    cycle = cycleContaining(cycle.end, contract);
  }
  return cycles;
}

/**
 * An ended contract whose cycles are all invoiced still gets late usage charged (RULES.md 6) and
 * unused paid days credited (RULES.md 8) on "the next invoice": the latest of its cycles after its
 * end that ends on or before `asOf` settles them, and is invoiced only when it has a charge.
 */
export function settlementCycle(contract: Pick<ContractDetails, 'billingCycle' | 'cycleAnchorDay' | 'startDate' | 'endDate'>, asOf: string): Cycle | null {
  if (contract.endDate === null) return null;
  let cycle = cycleContaining(dayBefore(asOf), contract);
  if (cycle.end > asOf) cycle = cycleContaining(dayBefore(cycle.start), contract);
  return cycle.start >= contract.endDate ? cycle : null;
}

interface RunStart { id: string; asOf: string; status: BillRunDocument['status']; startedAt: string }

/** The runs that close the cycles they bill: approved ones, issuing or issued. */
const CLOSING: ReadonlySet<BillRunDocument['status']> = new Set(['approved', 'completed']);

/** Caches what a run reads for many contracts: legal entities, tariffs, exchange rates. */
export class RunContext {
  private readonly legalEntities = new Map<string, Promise<LegalEntity | null>>();
  private readonly tariffs = new Map<string, Promise<TariffDocument | null>>();
  private readonly rateCache = new Map<string, Promise<FxRate | null>>();

  private readonly timeZones = new Map<string, boolean>();
  private readonly runStatuses = new Map<string, Promise<BillRunDocument['status'] | null>>();
  private runStarts: Promise<Map<string, RunStart>> | null = null;
  private discountSchemes: Promise<DiscountDocument[]> | null = null;

  /** `schemes`: the discount schemes to bill with instead of the stored ones (a simulation, src/app/discounts/simulate.ts). */
  constructor(private readonly readStore: ReadStore, schemes?: DiscountDocument[]) {
    if (schemes) this.discountSchemes = Promise.resolve(schemes);
  }

  /** Every discount scheme with its versions (RULES.md 19), read once per run: a run bills with the schemes of its position. */
  discounts(): Promise<DiscountDocument[]> {
    return (this.discountSchemes ??= findAll<DiscountDocument>(this.readStore, DISCOUNTS, {}));
  }

  private readonly inForceOn = new Map<string, DiscountScheme[]>();

  /** The schemes in force on a date (`schemesInForce`), once per date of the run: most contracts share their cycle's last day. */
  async discountsInForce(date: string): Promise<DiscountScheme[]> {
    let inForce = this.inForceOn.get(date);
    if (!inForce) {
      inForce = schemesInForce(await this.discounts(), date);
      if (this.inForceOn.size >= 1000) this.inForceOn.clear();
      this.inForceOn.set(date, inForce);
    }
    return inForce;
  }

  knownTimeZone(timeZone: string): boolean {
    let known = this.timeZones.get(timeZone);
    if (known === undefined) {
      known = timeZoneProblem(timeZone) === null;
      this.timeZones.set(timeZone, known);
    }
    return known;
  }

  legalEntity(id: string): Promise<LegalEntity | null> {
    let found = this.legalEntities.get(id);
    if (!found) this.legalEntities.set(id, (found = this.readStore.get(LEGAL_ENTITIES, id) as Promise<LegalEntity | null>));
    return found;
  }

  /** The status of another run, read once per run (its document holds a whole control report). */
  runStatus(runId: string): Promise<BillRunDocument['status'] | null> {
    let found = this.runStatuses.get(runId);
    if (!found) this.runStatuses.set(runId, (found = this.readStore.get(BILL_RUNS, runId).then((run) => (run as BillRunDocument | null)?.status ?? null)));
    return found;
  }

  /** Every run's as-of date, status and start (not its report), read once per run and only when a cycle has nothing to bill. */
  private runs(): Promise<Map<string, RunStart>> {
    return (this.runStarts ??= (async () => {
      const runs = new Map<string, RunStart>();
      await forEachDocument<BillRunDocument>(this.readStore, BILL_RUNS, {}, (run) => runs.set(run.id, { id: run.id, asOf: run.asOf, status: run.status, startedAt: run.startedAt }));
      return runs;
    })());
  }

  /**
   * Whether another run closed a cycle without an invoice already: an approved run (issuing or
   * issued) whose as-of date covers the cycle, started once the contract was registered, and
   * that drafted no invoice of the cycle (`stored`: the cycle's invoice document, if any run
   * drafted one; that run started before it). Such a cycle is counted as nothing to bill once,
   * by the run that closed it, not again by every later run.
   */
  async closedWithoutInvoice(runId: string, contract: Contract, cycle: Cycle, stored: Pick<FullInvoice, 'runId'> | undefined): Promise<boolean> {
    const runs = await this.runs();
    const registered = (contract as { createdAt?: string }).createdAt;
    const drafter = stored ? runs.get(stored.runId) : undefined;
    for (const other of runs.values()) {
      if (other.id === runId || !CLOSING.has(other.status) || other.asOf < cycle.end) continue;
      if (registered && Temporal.Instant.compare(other.startedAt, registered) < 0) continue;
      if (stored && (stored.runId === other.id || !drafter || Temporal.Instant.compare(other.startedAt, drafter.startedAt) < 0)) continue;
      return true;
    }
    return false;
  }

  tariff(id: string): Promise<TariffDocument | null> {
    let found = this.tariffs.get(id);
    if (!found) this.tariffs.set(id, (found = this.readStore.get(TARIFFS, id) as Promise<TariffDocument | null>));
    return found;
  }

  /** RULES.md 11: the newest rate on or before the date; null when there is none (never a guess). */
  rate(base: string, quote: string, date: string): Promise<FxRate | null> {
    const key = `${base}/${quote}@${date}`;
    let found = this.rateCache.get(key);
    if (!found) {
      found = fxRateOn(this.readStore, base, quote, date).then((r) => (r ? { base, quote, rate: r.rate, date: r.date, ...(r.dividedBy !== undefined ? { dividedBy: r.dividedBy } : {}) } : null));
      this.rateCache.set(key, found);
    }
    return found;
  }

  async rates(pairs: { base: string; quote: string }[], date: string): Promise<Map<string, FxRate>> {
    const found = new Map<string, FxRate>();
    for (const { base, quote } of pairs) {
      const rate = await this.rate(base, quote, date);
      if (rate) found.set(pairKey(base, quote), rate);
    }
    return found;
  }
}

/**
 * Contracts drafted per page: their related documents are read with one query per collection,
 * and their drafts appended in one grouped commit (one fsync).
 */
const DRAFT_PAGE = 200;

/**
 * A run's bounds, so that no run can hold more than a known amount in memory (its entries, its
 * drafts, its report) whatever the data: the oldest due cycles of a contract go first, the rest
 * wait for the next run, and the control report says how many were left and why.
 */
export const RUN_BOUNDS = {
  cyclesPerContract: 120,
  invoicesPerRun: 250_000,
};

/** Progress of the runs this process drafts or issues (contracts looked at, invoices issued), for a CLI progress bar. */
export const billRunProgress = new EventEmitter<{ drafting: [runId: string, contracts: number]; issuing: [runId: string, issued: number, total: number] }>();

export interface DraftedInvoice {
  entry: RunEntry;
  data: InvoiceDraftedData;
  /** The unissued draft already stored for this cycle when it says the same (this run's own, after a restart, or an earlier run's). */
  unchanged: { runId: string; streamRevision: number } | null;
}

/** Drafts every due cycle of every contract; returns the run's entries and control report for the run's stream. */
export async function draftRun(billstream: AppDeps, run: BillRunStartedData & { position: number }, actor: string): Promise<BillRunDraftedData> {
  const { readStore, eventStore } = billstream;
  // Every read model must reflect at least the run's own position: usage recorded before the run
  // is in its invoices, usage after it is late usage for the next run.
  await billstream.readModelsReached(run.position);
  const context = new RunContext(readStore);
  const recordedAt = billstream.clock.now().toString();
  const metadata = { correlationId: run.runId, causationId: null, tenantId: null, actor, recordedAt, schemaVersion: 1 };
  const entries: RunEntry[] = [];
  const report = new ControlReportBuilder(run, (language) => !translatorFor(language).fallback);
  let looked = 0;
  let after: string | undefined;
  do {
    const page = await readStore.find(CONTRACTS, {}, { limit: DRAFT_PAGE, ...(after ? { after } : {}) });
    after = page.next ?? undefined;
    const pageDrafts: { draft: DraftedInvoice; append: Promise<number> }[] = [];
    const contracts = page.items as unknown as Contract[];
    const related = await readRelated(readStore, contracts);
    for (const [index, contract] of contracts.entries()) {
      const room = RUN_BOUNDS.invoicesPerRun - entries.length - pageDrafts.length;
      if (room <= 0) {
        report.defer(0, `the run drafted its limit of ${RUN_BOUNDS.invoicesPerRun} invoices: contracts from ${contract.id} on wait for the next run`);
        after = undefined;
        contracts.length = index;
        break;
      }
      const { drafts, deferred, nothingToBill, documentWarnings } = await draftContract(billstream, context, contract, related, run, Math.min(room, RUN_BOUNDS.cyclesPerContract));
      report.nothingToBill(nothingToBill);
      for (const warning of documentWarnings) report.warn(warning);
      if (deferred > 0) report.defer(deferred, `a run drafts at most ${RUN_BOUNDS.cyclesPerContract} invoices of a contract (the oldest cycles first): the later cycles wait for the next run`);
      // One grouped commit per page: the appends are issued together and awaited together.
      for (const draft of drafts) pageDrafts.push({ draft, append: storeDraft(billstream, run, draft, metadata) });
    }
    for (const { draft, append } of pageDrafts) {
      const revision = await append;
      draft.entry.draftRevision = revision >= 0 ? revision : await currentRevision(billstream, draft.data.invoiceId, run.runId);
      entries.push(draft.entry);
      report.add(draft.data);
    }
    looked += contracts.length;
    billRunProgress.emit('drafting', run.runId, looked);
  } while (after);
  report.unassignedUsage(await unassignedUsage(readStore, run.asOf));
  return { runId: run.runId, entries, report: report.build() };
}

/**
 * Sums the unresolved records that name no service point and started before the as-of date
 * (UTC: such a record has no client, so no time zone of its own). Start times are stored as
 * normalized instants, so a string bound selects them; one at the bound's own second with a
 * fraction sorts before it and is left out by hand.
 */
async function unassignedUsage(readStore: ReadStore, asOf: string): Promise<UnassignedUsage> {
  const bound = `${asOf}T00:00:00Z`;
  const identifiers = new Set<string>();
  const usage: UnassignedUsage = { records: 0, identifiers: 0, firstStart: '', lastStart: '' };
  const isBefore = (a: string, b: string) => Temporal.Instant.compare(a, b) < 0;
  await forEachDocument<UsageUnresolvedData & Document>(readStore, UNRESOLVED_USAGE, { reason: 'unknown-identifier', startTime: { $lt: bound } }, (record) => {
    if (record.startTime.startsWith(`${asOf}T00:00:00.`)) return;
    usage.records += 1;
    identifiers.add(record.identifier);
    if (usage.firstStart === '' || isBefore(record.startTime, usage.firstStart)) usage.firstStart = record.startTime;
    if (usage.lastStart === '' || isBefore(usage.lastStart, record.startTime)) usage.lastStart = record.startTime;
  });
  usage.identifiers = identifiers.size;
  return usage;
}

/**
 * Stores a draft; resolves to the invoice stream's revision after it, or -1 when this run had
 * stored it already (a restart). A draft that says what the stored unissued draft says is not
 * drafted again (issue 10: a run started over a killed one redrafted every invoice): this run's
 * own needs nothing, an earlier run's is adopted with a small event at the revision the read
 * model showed; when the stream moved on since, it is drafted in full after all.
 */
async function storeDraft(billstream: AppDeps, run: BillRunStartedData, draft: DraftedInvoice, metadata: EventMetadata): Promise<number> {
  const { eventStore } = billstream;
  const stream = invoiceStream(draft.data.invoiceId);
  const { unchanged } = draft;
  if (unchanged?.runId === run.runId) return unchanged.streamRevision;
  if (unchanged) {
    const data: InvoiceDraftAdoptedData = { invoiceId: draft.data.invoiceId, runId: run.runId, fromRunId: unchanged.runId, usageCutoff: draft.data.usageCutoff };
    try {
      const result = await eventStore.append(stream, [{ id: deterministicId('adopted', run.runId, data.invoiceId), type: INVOICE_DRAFT_ADOPTED, data, metadata }], unchanged.streamRevision);
      return result.alreadyStored ? -1 : result.nextExpectedRevision;
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
    }
  }
  const result = await eventStore.append(stream, [{ id: deterministicId('drafted', run.runId, draft.data.invoiceId), type: INVOICE_DRAFTED, data: draft.data, metadata }], 'any');
  return result.alreadyStored ? -1 : result.nextExpectedRevision;
}

/** The revision of this run's draft or adoption in an invoice stream (after a restart found it stored). */
async function currentRevision(billstream: AppDeps, invoiceId: string, runId: string): Promise<number> {
  const events = await billstream.eventStore.readStream(invoiceStream(invoiceId));
  const own = events.filter((e) => (e.type === INVOICE_DRAFTED || e.type === INVOICE_DRAFT_ADOPTED) && (e.data as { runId: string }).runId === runId).at(-1);
  return own?.revision ?? -1;
}

/** What the contracts of one page need, read with one query per collection rather than per contract. */
export interface Related {
  clients: Map<string, Client>;
  /** The clients' invoices; the issued ones with their lines (what later invoices reconcile against). */
  invoices: Map<string, FullInvoice[]>;
  subscriptions: Map<string, Subscription[]>;
  identifiers: Map<string, string[]>;
  unresolved: Map<string, string[]>;
  /** Voice records of the page's subscriptions rated without a public holiday calendar. */
  withoutHolidays: UsageWithoutHolidaysDocument[];
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

export async function readRelated(readStore: ReadStore, contracts: Contract[]): Promise<Related> {
  const contractIds = contracts.map((c) => c.id);
  const clientIds = [...new Set(contracts.map((c) => c.clientId))];
  const clients = await findAll<Client & Document>(readStore, CLIENTS, { id: { $in: clientIds } });
  const headers = await findAll<InvoiceDocument>(readStore, INVOICES, { clientId: { $in: clientIds } });
  // Drafts with their bodies too: a run compares what it computes with a stored draft (only a
  // run started over another finds any, apart from a few held ones).
  const invoices = await withBodies(readStore, headers);
  const subscriptions = await findAll<Subscription & Document & { contractId: string }>(readStore, SUBSCRIPTIONS, { contractId: { $in: contractIds } });
  const points = await findAll<{ contractId: string; identifiers?: string[] } & Document>(readStore, SERVICE_POINTS, { contractId: { $in: contractIds } });
  const identifiers = new Map<string, string[]>();
  for (const point of points) identifiers.set(point.contractId, [...(identifiers.get(point.contractId) ?? []), ...(point.identifiers ?? [])]);
  const all = points.flatMap((p) => p.identifiers ?? []);
  const unresolved = all.length === 0 ? [] : await findAll<{ identifier: string; startTime: string } & Document>(readStore, UNRESOLVED_USAGE, { identifier: { $in: all } });
  return {
    clients: new Map(clients.map((c) => [c.id, c])),
    invoices: groupBy(invoices, (i) => i.clientId),
    subscriptions: groupBy(subscriptions as Subscription[], (s) => (s as unknown as { contractId: string }).contractId),
    identifiers,
    unresolved: new Map([...groupBy(unresolved, (r) => r.identifier)].map(([k, v]) => [k, v.map((r) => r.startTime)])),
    withoutHolidays: await usageWithoutHolidays({ readStore }, subscriptions.map((s) => s.id)),
  };
}

/** The drafts of one contract's due cycles, computed and not stored (draftRun stores them; a discount simulation only reads them). */
export async function draftContract(
  billstream: AppDeps, context: RunContext, contract: Contract, related: Related, run: BillRunStartedData & { position: number }, maxCycles: number,
): Promise<{ drafts: DraftedInvoice[]; deferred: number; nothingToBill: number; documentWarnings: string[] }> {
  const none = { drafts: [], deferred: 0, nothingToBill: 0, documentWarnings: [] };
  const due = cyclesDue(contract, run.asOf);
  if (due.length === 0) return none;
  const invoices = related.invoices.get(contract.clientId) ?? [];
  const own = invoices.filter((i) => i.contractId === contract.id);
  const issued = own.filter((i) => i.status === 'issued');
  const issuedCycles = new Set(issued.map((i) => i.period.start));
  // A draft of an approved run that is still issuing belongs to that run: leave it alone. (A
  // draft a completed run held back is drafted again: it is billed once someone approves it.)
  const approvedDrafts = new Set<string>();
  for (const draft of own.filter((i) => i.status === 'draft' && i.runId !== run.runId)) {
    if ((await context.runStatus(draft.runId)) === 'approved') approvedDrafts.add(draft.period.start);
  }
  const open = due.filter((c) => !issuedCycles.has(c.start) && !approvedDrafts.has(c.start));
  const client = related.clients.get(contract.clientId);
  if (!client) return none;
  const subscriptions = related.subscriptions.get(contract.id) ?? [];
  // A cycle that ends before any of the contract's subscriptions starts has no fee, no usage and
  // no credit to bill: it is closed without being priced, and without counting against the run's
  // bound, so that a contract signed years before its first line is billed from that line on.
  const serviceFrom = firstServiceDay(subscriptions);
  const beforeService = (c: Cycle) => serviceFrom === null || c.end <= serviceFrom;
  // The newest cycle invoiced: an open cycle before it had nothing to bill when its turn came. What
  // it has now (a corrected start date, a late record) is settled on the next invoice (RULES.md 6,
  // 8, 9), never on an invoice for that old cycle numbered after the newer ones: it is not drafted.
  const newestIssued = issued.reduce((max, i) => (i.period.start > max ? i.period.start : max), '');
  const passedOver = (c: Cycle) => c.start < newestIssued;
  const pending = open.filter((c) => !beforeService(c) && !passedOver(c));
  let nothingToBill = 0;
  for (const cycle of open.filter((c) => beforeService(c) || passedOver(c))) {
    if (!(await context.closedWithoutInvoice(run.runId, contract, cycle, own.find((i) => i.period.start === cycle.start)))) nothingToBill += 1;
  }
  const lastCutoff = issued.reduce((max, i) => Math.max(max, i.usageCutoff), -1);
  // Settling an ended contract: its cycles are all invoiced (or had nothing to bill: see the loop),
  // what changed since is billed after its end.
  const settlement = lastCutoff >= 0 ? settlementCycle(contract, run.asOf) : null;
  const canSettle = settlement !== null && !issuedCycles.has(settlement.start) && !approvedDrafts.has(settlement.start);
  let settling = false;
  if (pending.length === 0 && canSettle) {
    pending.push(settlement);
    settling = true;
  }
  if (pending.length === 0) return { ...none, nothingToBill };
  // The words billstream writes on the invoice, in the client's language (English when it has no translations).
  const texts = invoiceTexts(translatorFor(client.language));
  const legalEntity = contract.legalEntityId ? await context.legalEntity(contract.legalEntityId) : null;
  const tariffs = new Map<string, TariffDocument>();
  for (const s of subscriptions) {
    const tariff = await context.tariff(s.tariffId);
    if (tariff) tariffs.set(s.tariffId, tariff);
  }
  const issuedLines: InvoiceLine[] = issued.flatMap((i) => i.lines);

  const drafts: DraftedInvoice[] = [];
  // The lines of this run's earlier cycles, priced or not: each cycle bills its own fees only,
  // even when an earlier one cannot be priced yet (RULES.md 8, 9).
  const earlierLines: BilledLine[] = [];
  // Cycles are issued in order: once a cycle is held, the contract's later cycles wait for it.
  let waitingFor: { cycle: Cycle; blocked: boolean } | null = null;
  let lateChecked = false;
  let deferred = 0;
  const documentWarnings: string[] = [];
  for (const [index, cycle] of pending.entries()) {
    // The run's bound is on what it holds: drafts. Cycles with nothing to bill cost no memory.
    if (drafts.length >= maxCycles) {
      deferred = pending.length - index;
      break;
    }
    const flags: InvoiceFlag[] = [];
    const taxDate = dayBefore(cycle.end);
    let invoice: PricedInvoice | null = null;
    if (!legalEntity) {
      flags.push({
        code: 'no-legal-entity', message: `contract ${contract.id} has no legal entity that could issue it (${contract.legalEntityId ?? 'none'})`,
        params: { contractId: contract.id, ...(contract.legalEntityId ? { legalEntityId: contract.legalEntityId } : {}) }, blocking: true,
      });
    }
    const timeZoneOk = context.knownTimeZone(client.timeZone);
    if (!timeZoneOk) {
      flags.push({ code: 'invalid-time-zone', message: `client ${client.id} has an invalid time zone ${JSON.stringify(client.timeZone)}`, params: { clientId: client.id, timeZone: client.timeZone }, blocking: true });
    }
    if (legalEntity && timeZoneOk) {
      // Usage of the days the contract covers: after its end a subscription has none to bill.
      const active = subscriptions.filter((s) => s.startDate < cycle.end && (s.endDate === null || s.endDate > cycle.start) && (contract.endDate === null || contract.endDate > cycle.start));
      const usage: CycleUsage[] = [];
      // RULES.md 22: free units and price overrides in force act on the cycle's usage (null: none is).
      const usageDiscounts = cycleUsageDiscounts(await context.discounts(), { contract, partnerId: client.partnerId ?? null, subscriptions, categoryOf: (tariffId) => tariffs.get(tariffId)?.category, cycle });
      for (const s of active) {
        const tariff = tariffs.get(s.tariffId);
        for (const scheme of usageDiscounts && tariff ? overridesInOtherCurrency(usageDiscounts.schemes, usageDiscounts.context, s, tariff.currency) : []) {
          documentWarnings.push(`price-override ${scheme.id} is priced in ${scheme.currency} and does not apply to tariff ${tariff!.id}, priced in ${tariff!.currency}: publish the override in ${tariff!.currency} for it`);
        }
        usage.push(await usageOfCycle(billstream, { subscription: s, contract, tariff: tariff ?? null, cycle, discounts: usageDiscounts }));
      }
      const lines: ChargeLine[] = contractChargeLines({
        contract, cycle, language: client.language, texts, subscriptions, tariffs, usage, issued: [...issuedLines, ...earlierLines],
      });
      // Late usage goes on the first invoice after it arrived (RULES.md 6), after the cycles it
      // belongs to: those invoiced, and those passed over (the late records are their first charges).
      // That invoice is the first of this run with charges of its own, or its newest cycle: a
      // cycle with nothing of its own (a line ended, a quiet month) is not invoiced for the late
      // records of another, under a period that has nothing to do with them.
      if (!lateChecked && lastCutoff >= 0 && (lines.length > 0 || index === pending.length - 1)) {
        lateChecked = true;
        const settled = (c: Cycle) => issuedCycles.has(c.start) || (passedOver(c) && !approvedDrafts.has(c.start));
        try {
          lines.push(...(await lateLines(billstream, context, { contract, partnerId: client.partnerId ?? null, subscriptions, tariffs, issuedLines, settled, before: cycle, lastCutoff, currency: contract.currency, period: cycle, texts })));
        } catch (error) {
          if (!(error instanceof MissingFxRateError)) throw error;
          flags.push(missingFxRateFlag(error));
        }
      }
      // A cycle without a single charge is closed without an invoice: no number is spent on it.
      // (A late record the allowance covers is shown beside charges, but is none itself.)
      if (lines.every((line) => line.kind === 'late-usage' && line.amount.isZero()) && flags.length === 0) {
        // An ended contract with nothing to settle is not a cycle the report needs to count, nor
        // one an approved run closed already.
        if (!settling && !(await context.closedWithoutInvoice(run.runId, contract, cycle, own.find((i) => i.period.start === cycle.start)))) nothingToBill += 1;
        // An ended contract whose open cycles all had nothing to bill (the first one of a contract
        // signed before its line was activated stays open for good) is settled as if they were invoiced.
        if (canSettle && !settling && drafts.length === 0 && cycle === pending[pending.length - 1]) {
          pending.push(settlement);
          settling = true;
        }
        continue;
      }
      earlierLines.push(...lines);
      // The schemes in force on the cycle's last day (RULES.md 19), decided on the contract's cycle.
      const inForce = await context.discountsInForce(taxDate);
      const discounts: InvoiceDiscounts | undefined = inForce.length === 0 ? undefined : {
        schemes: inForce,
        language: client.language,
        context: discountContext({ contract, partnerId: client.partnerId ?? null, subscriptions, categoryOf: (tariffId) => tariffs.get(tariffId)?.category, cycle }),
      };
      const rates = await context.rates(ratesNeeded(lines, contract.currency, legalEntity.currency, discountCurrencies(discounts)), taxDate);
      try {
        invoice = priceInvoice({
          lines, currency: contract.currency, seller: { country: legalEntity.country, vatId: legalEntity.vatId, currency: legalEntity.currency },
          buyer: { country: client.country, vatId: client.vatId, taxableBusiness: client.taxableBusiness }, taxDate, texts, rates, ...(discounts ? { discounts } : {}),
        });
      } catch (error) {
        if (error instanceof MissingFxRateError) flags.push(missingFxRateFlag(error));
        else if (error instanceof UnknownVatRateError) flags.push({ code: 'no-vat-rate', message: error.message, params: { country: error.country, date: error.date }, blocking: true });
        else throw error;
      }
    }
    if (flags.some((f) => f.code === 'missing-fx-rate')) invoice = null;
    if (invoice) {
      const total = new Decimal(invoice.total);
      if (total.lte(0)) flags.push({ code: 'zero-or-negative', message: `total ${invoice.total} ${invoice.currency}`, params: { total: invoice.total, currency: invoice.currency }, blocking: false });
      // A settlement holds only what changed after the end: no regular cycle to compare it with.
      const changed = settling ? null : totalChanged(invoice, previousInvoiceOf(cycle, own, drafts), run.changeThresholdPercent);
      if (changed) flags.push(changed);
      const discounted = discountShare(invoice, run.discountShareThresholdPercent ?? DEFAULT_DISCOUNT_SHARE_PERCENT);
      if (discounted) flags.push(discounted);
    }
    const unresolved = unresolvedInCycle(related, contract, client.timeZone, cycle);
    if (unresolved > 0) flags.push({ code: 'unresolved-usage', message: `${unresolved} unresolved usage record(s) of this contract's service points in the period`, params: { records: String(unresolved) }, blocking: false });
    // What the invoice's documents would miss (VAT Directive art. 226): held, never issued so.
    if (legalEntity) {
      const { holds, warnings } = missingDocumentItems(legalEntity, { name: client.name, country: client.country, vatId: client.vatId, address: client.address ?? null }, invoice?.vat ?? []);
      for (const item of holds) {
        flags.push({ code: 'incomplete-document', message: `the invoice's documents would lack an item the law requires: ${DOCUMENT_HOLDS[item]}`, params: { item }, blocking: true });
      }
      for (const warning of warnings) documentWarnings.push(`${legalEntity.id}: ${warning}`);
    }
    const withoutHolidays = noHolidayCalendarFlag(related.withoutHolidays, subscriptions.map((s) => s.id), cycle);
    if (withoutHolidays) flags.push(withoutHolidays);
    // The VAT id decides the treatment only for a business in another EU member state (reverse
    // charge or the buyer's rate, RULES.md 13): a company at home or outside the EU is not held for it.
    if (client.type === 'company' && legalEntity && vatIdDecidesTreatment(legalEntity.country, client.country, taxDate)
      && (!client.vatId || vatIdProblem(client.vatId, client.country) !== null)) {
      flags.push({
        code: 'b2b-without-vat-id',
        message: `company ${client.id} in ${client.country} has ${client.vatId ? `an invalid VAT id ${client.vatId}` : 'no VAT id'}: without one it pays ${client.country} VAT as a consumer would, with one it would be reverse charged`,
        params: { clientId: client.id, country: client.country, ...(client.vatId ? { vatId: client.vatId } : {}) },
        blocking: false,
      });
    }
    // Reverse charged on a VAT id of the seller's own country: such an id suggests the buyer is
    // established there (Regulation 282/2011 art. 22), where the supply is taxed at home.
    if (legalEntity && client.vatId && invoice?.vat.some((g) => g.category === 'AE') && isVatIdOf(client.vatId, legalEntity.country)) {
      flags.push({
        code: 'vat-id-of-seller-country',
        message: `company ${client.id} in ${client.country} is reverse charged on ${client.vatId}, a VAT id of ${legalEntity.country}, the seller's own country: an establishment there is taxed there at home`,
        params: { clientId: client.id, country: client.country, vatId: client.vatId, sellerCountry: legalEntity.country },
        blocking: false,
      });
    }
    if (waitingFor) {
      flags.push({
        code: 'waits-for-earlier-cycle',
        message: `waits for the contract's cycle ${waitingFor.cycle.start} to ${dayBefore(waitingFor.cycle.end)}, which is ${waitingFor.blocked ? 'blocked' : 'held'}: a contract's cycles are issued in order`,
        params: { cycleStart: waitingFor.cycle.start, cycleLastDay: dayBefore(waitingFor.cycle.end), status: waitingFor.blocked ? 'blocked' : 'held' },
        blocking: waitingFor.blocked,
      });
    }
    if (flags.length > 0 && !waitingFor) waitingFor = { cycle, blocked: false };
    if (waitingFor && flags.some((f) => f.blocking)) waitingFor.blocked = true;
    const invoiceId = invoiceIdOf(contract.id, cycle);
    const data: InvoiceDraftedData = {
      invoiceId, runId: run.runId, contractId: contract.id, clientId: client.id, legalEntityId: legalEntity?.id ?? null, period: cycle,
      paymentTermsDays: contract.paymentTermsDays, language: client.language,
      seller: legalEntity ? { id: legalEntity.id, name: legalEntity.name, country: legalEntity.country, vatId: legalEntity.vatId, currency: legalEntity.currency } : null,
      buyer: { id: client.id, name: client.name, type: client.type, country: client.country, vatId: client.vatId, taxableBusiness: client.taxableBusiness },
      invoice, flags, usageCutoff: run.position,
    };
    const stored = own.find((i) => i.id === invoiceId && i.status === 'draft');
    drafts.push({
      data,
      unchanged: stored && sameDraft(stored, data) ? { runId: stored.runId, streamRevision: stored.streamRevision } : null,
      entry: { invoiceId, legalEntityId: data.legalEntityId, draftRevision: -1, paymentTermsDays: contract.paymentTermsDays, held: flags.length > 0, blocked: flags.some((f) => f.blocking) },
    });
  }
  return { drafts, deferred, nothingToBill, documentWarnings };
}

/**
 * The invoice a cycle's total is compared with: the contract's invoice for the cycle just before
 * (issued, or drafted earlier in this run, which issues first), whichever run looks. Not the
 * contract's first invoice: it bills the first period and the next one in advance (RULES.md 8)
 * and the one-time fees, so comparing the second with it would hold nearly every new contract
 * for a change that is none. The first invoice, not the first cycle: a contract signed before its
 * line was activated has a first cycle with nothing to bill.
 */
function previousInvoiceOf(cycle: Cycle, own: FullInvoice[], drafts: DraftedInvoice[]): { total: string; currency: string } | null {
  const drafted = drafts.find((d) => d.data.period.end === cycle.start && d.data.invoice !== null)?.data;
  const issued = own.find((i) => i.status === 'issued' && i.period.end === cycle.start && i.total !== null && i.currency !== null);
  const previous = drafted ? { period: drafted.period, total: drafted.invoice!.total, currency: drafted.invoice!.currency } : issued ? { period: issued.period, total: issued.total!, currency: issued.currency! } : null;
  if (!previous) return null;
  const invoicedBefore = own.some((i) => i.status === 'issued' && i.period.start < previous.period.start) || drafts.some((d) => d.data.period.start < previous.period.start);
  return invoicedBefore ? previous : null;
}

/** `total-changed`: the total moved by more than the run's threshold against the previous cycle's invoice. */
function totalChanged(invoice: PricedInvoice, previous: { total: string; currency: string } | null, thresholdPercent: number): InvoiceFlag | null {
  if (!previous || previous.currency !== invoice.currency || new Decimal(previous.total).isZero()) return null;
  const change = new Decimal(invoice.total).minus(previous.total).abs().dividedBy(new Decimal(previous.total).abs()).times(100);
  if (!change.gt(thresholdPercent)) return null;
  const changePercent = change.toDecimalPlaces(1).toString();
  return {
    code: 'total-changed',
    message: `total ${invoice.total} differs from the previous cycle's ${previous.total} by ${changePercent} % (threshold ${thresholdPercent} %)`,
    params: { total: invoice.total, previousTotal: previous.total, currency: invoice.currency, changePercent, thresholdPercent: String(thresholdPercent) },
    blocking: false,
  };
}

/** `missing-fx-rate`, from the pricing's error: the pairs (`BASE/QUOTE`, comma separated) and the date no rate was found on or before. */
function missingFxRateFlag(error: MissingFxRateError): InvoiceFlag {
  return { code: 'missing-fx-rate', message: error.message, params: { pairs: error.pairs.join(', '), date: error.date }, blocking: true };
}

/** The share of its charges an invoice's discounts may reach before it is held, when the run does not say (`discountShareThresholdPercent`). */
export const DEFAULT_DISCOUNT_SHARE_PERCENT = 50;

/**
 * `discount-share`: the invoice's discount lines (RULES.md 21) take more than the run's share of
 * its charge lines' nets (before discounts; a commitment's shortfall is no charge). Not blocking.
 */
export function discountShare(invoice: Pick<PricedInvoice, 'lines' | 'currency'>, thresholdPercent: number): InvoiceFlag | null {
  let discounts = new Decimal(0);
  let charges = new Decimal(0);
  for (const line of invoice.lines) {
    if (line.kind === 'discount') discounts = discounts.minus(line.net);
    else if (line.kind !== 'commitment') charges = charges.plus(line.net);
  }
  if (!discounts.gt(0)) return null;
  const share = charges.gt(0) ? discounts.dividedBy(charges).times(100) : null;
  if (share !== null && !share.gt(thresholdPercent)) return null;
  const sharePercent = share === null ? null : share.toDecimalPlaces(1).toString();
  return {
    code: 'discount-share',
    message: `discounts ${formatMoney(discounts, invoice.currency)} ${invoice.currency} are ${sharePercent === null ? 'more than the charges' : `${sharePercent} % of the charges`} ${formatMoney(charges, invoice.currency)} ${invoice.currency} (threshold ${thresholdPercent} %)`,
    params: {
      discounts: formatMoney(discounts, invoice.currency), charges: formatMoney(charges, invoice.currency), currency: invoice.currency,
      ...(sharePercent === null ? {} : { sharePercent }), thresholdPercent: String(thresholdPercent),
    },
    blocking: false,
  };
}

/**
 * Whether a stored draft (header and body) says what a new draft says, apart from the run that
 * drafted it and the position it read usage at: then a later run adopts it instead of drafting
 * it again.
 */
function sameDraft(stored: FullInvoice, data: InvoiceDraftedData): boolean {
  const invoice = data.invoice;
  return stored.contractId === data.contractId && stored.clientId === data.clientId && stored.legalEntityId === data.legalEntityId
    && stored.paymentTermsDays === data.paymentTermsDays && stored.language === data.language
    && stored.currency === (invoice?.currency ?? null) && stored.totalNet === (invoice?.totalNet ?? null)
    && stored.totalVat === (invoice?.totalVat ?? null) && stored.total === (invoice?.total ?? null)
    && sameJson(
      [stored.period, stored.seller, stored.buyer, stored.flags, stored.lines, stored.vat, stored.fx ?? null, stored.fxRates, stored.mentions],
      [data.period, data.seller, data.buyer, data.flags, invoice?.lines ?? [], invoice?.vat ?? [], invoice?.fx ?? null, invoice?.fxRates ?? [], invoice?.mentions ?? []],
    );
}

/** Unresolved records of the contract's service points that started inside the cycle (local dates). */
function unresolvedInCycle(related: Related, contract: Contract, timeZone: string, cycle: Cycle): number {
  let count = 0;
  for (const identifier of related.identifiers.get(contract.id) ?? []) {
    for (const startTime of related.unresolved.get(identifier) ?? []) {
      const day = Temporal.Instant.from(startTime).toZonedDateTimeISO(timeZone).toPlainDate().toString();
      if (day >= cycle.start && day < cycle.end) count += 1;
    }
  }
  return count;
}

/**
 * RULES.md 6, late usage: the days before this invoice's cycle whose usage changed after the
 * last invoice's usage cutoff, grouped into the invoiced cycles they belong to; each such cycle
 * is recomputed whole (tiers and allowances included) and charged for its difference.
 */
async function lateLines(
  billstream: AppDeps,
  context: RunContext,
  input: {
    contract: Contract; partnerId: string | null; subscriptions: Subscription[]; tariffs: Map<string, TariffDocument>; issuedLines: InvoiceLine[];
    /** The cycles whose changes are late usage: invoiced, or passed over. */
    settled: (cycle: Cycle) => boolean;
    before: Cycle; lastCutoff: number; currency: string; period: Cycle; texts: InvoiceTexts;
  },
): Promise<ChargeLine[]> {
  const lines: ChargeLine[] = [];
  for (const subscription of input.subscriptions) {
    const changed = await findAll<UsageDayDocument>(billstream.readStore, USAGE_DAYS, {
      changedAt: { $gt: usageChangeKey(subscription.id, input.lastCutoff), $lt: `${subscription.id}|~` },
    });
    const cycles = new Map<string, Cycle>();
    for (const day of changed) {
      if (day.localDate >= input.before.start) continue;
      const cycle = cycleContaining(day.localDate, input.contract);
      if (input.settled(cycle)) cycles.set(cycle.start, cycle);
    }
    for (const cycle of [...cycles.values()].sort((a, b) => a.start.localeCompare(b.start))) {
      const tariff = input.tariffs.get(subscription.tariffId);
      // That cycle's free units and price overrides (RULES.md 22): the schemes in force for it now.
      const discounts = cycleUsageDiscounts(await context.discounts(), {
        contract: input.contract, partnerId: input.partnerId, subscriptions: input.subscriptions, categoryOf: (tariffId) => input.tariffs.get(tariffId)?.category, cycle,
      });
      const recomputed = await usageOfCycle(billstream, { subscription, contract: input.contract, tariff: tariff ?? null, cycle, discounts });
      const taxDate = dayBefore(cycle.end);
      const needed = recomputed.currency && recomputed.currency !== input.currency ? [{ base: recomputed.currency, quote: input.currency }] : [];
      const rates = await context.rates(needed, taxDate);
      const missing = needed.filter((p) => !rates.has(pairKey(p.base, p.quote)));
      if (missing.length > 0) throw new MissingFxRateError(missing.map((p) => pairKey(p.base, p.quote)), taxDate);
      const originalRate = recomputed.currency && recomputed.currency !== input.currency ? rates.get(pairKey(recomputed.currency, input.currency))! : null;
      const late = lateUsageLines({
        recomputed, tariff, issued: input.issuedLines, currency: input.currency, period: input.period, texts: input.texts,
        // Converted at the original cycle's rate and rounded as its invoice did (RULES.md 10, 11).
        net: (amount, currency) => lineNet(amount, currency === input.currency ? null : rates.get(pairKey(currency, input.currency))!, input.currency),
      });
      // The rate is stored on the invoice with the line it converted (RULES.md 11): an auditor rebuilds the line from it.
      lines.push(...(originalRate ? late.map((line) => ({ ...line, convertedAt: originalRate })) : late));
    }
  }
  return lines;
}
