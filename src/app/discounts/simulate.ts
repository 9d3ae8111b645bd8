/**
 * Discount simulation (issue 15 item 4, docs/discounts.md#simulation): what the schemes of a file
 * would change, added to those in force (a scheme of the file with the id of a stored one replaces
 * it, all its versions), on each client's last closed cycle: per contract, the cycle ending last
 * on or before the as-of date. Each cycle is priced twice by the bill run's own code path
 * (`draftContract` in src/app/bill-run/draft.ts: usage with its free units and price overrides,
 * charge lines, late usage, conversion, discounts, VAT), once with the stored schemes and once
 * with the file's added, exactly as a bill run as of that date would draft it if the cycle were
 * not invoiced yet. Nothing is recorded: no event is appended and no read model written.
 */
import { ValidationError, NotFoundError } from '../../core/errors.ts';
import type { AppDeps } from '../deps.ts';
import { findAll, type Document } from '../../readstore/port.ts';
import { CLIENTS } from '../../../projections/clients.projection.ts';
import { CONTRACTS } from '../../../projections/contracts.projection.ts';
import { DISCOUNTS, type DiscountDocument } from '../../../projections/discounts.projection.ts';
import { contentHash } from '../../domain/tariff/decider.ts';
import type { DiscountScheme } from '../../domain/discount/definition.ts';
import type { DiscountVersion } from '../../domain/discount/versions.ts';
import type { Cycle } from '../../domain/billing-cycle/cycles.ts';
import type { InvoiceLine, PricedInvoice } from '../../domain/invoice/invoice.ts';
import { checkDiscountTexts } from '../../import/discounts.ts';
import type { RowError } from '../../import/summary.ts';
import { cyclesDue, draftContract, readRelated, RunContext, RUN_BOUNDS, type Contract, type Related } from '../bill-run/draft.ts';

/** The most clients one simulation looks at (a REST request, a CLI call): name more in several calls. */
export const SIMULATION_MAX_CLIENTS = 10_000;

/** Clients read and priced together: their related documents with one query per collection, as a bill run's page. */
const PAGE = 200;

export interface SimulationTotals { totalNet: string; totalVat: string; total: string }

export interface SimulatedContract {
  contractId: string;
  /** The last cycle ending on or before asOf; null: the contract has none (too young, or billed elsewhere until then). */
  cycle: Cycle | null;
  currency: string;
  /** The cycle's invoice with the schemes in force, and with the file's added; null when there is none (see `note`). */
  before: SimulationTotals | null;
  after: SimulationTotals | null;
  /** The discount and commitment lines of `after` that `before` does not have (the same code, net and VAT group); `discounted` indexes are `after`'s lines. */
  lines: InvoiceLine[];
  /** The discount and commitment lines of `before` that `after` no longer has (another member of an exclusive group won, a scheme was replaced). */
  removed: InvoiceLine[];
  /** Why there is no invoice to compare: no closed cycle, nothing to bill, or what holds it (a missing exchange rate, …). */
  note?: string;
}

export interface SimulationResult {
  asOf: string;
  clients: { clientId: string; contracts: SimulatedContract[] }[];
}

/** The schemes of a file as read models: one document per id with its versions (a later validFrom supersedes, as stored ones). */
export function schemeDocuments(schemes: readonly DiscountScheme[]): DiscountDocument[] {
  const byId = new Map<string, DiscountScheme[]>();
  for (const scheme of schemes) byId.set(scheme.id, [...(byId.get(scheme.id) ?? []), scheme]);
  return [...byId].map(([id, versions]) => {
    const sorted = [...new Map(versions.map((v) => [v.validFrom, v])).values()].sort((a, b) => a.validFrom.localeCompare(b.validFrom));
    const latest = sorted[sorted.length - 1]!;
    return {
      id, name: latest.name, kind: latest.kind, revision: -1,
      versions: sorted.map(({ id: _id, ...version }) => ({ ...version, contentHash: contentHash(version), publishedAt: '' }) as DiscountVersion),
    };
  });
}

/** The clients a simulation looks at: the ids named (each must exist: a 404 naming the unknown ones) or every client, at most SIMULATION_MAX_CLIENTS. */
async function clientIds(deps: AppDeps, clients: readonly string[] | 'all'): Promise<string[]> {
  if (clients === 'all') {
    const ids: string[] = [];
    let after: string | undefined;
    do {
      const page = await deps.readStore.find(CLIENTS, {}, { limit: 1000, ...(after ? { after } : {}) });
      ids.push(...page.items.map((c) => String(c.id)));
      if (ids.length > SIMULATION_MAX_CLIENTS) {
        throw ValidationError.field('clients', `there are more than ${SIMULATION_MAX_CLIENTS} clients: a simulation looks at ${SIMULATION_MAX_CLIENTS} at most, name them in batches`);
      }
      after = page.next ?? undefined;
    } while (after);
    return ids;
  }
  const ids = [...new Set(clients)];
  if (ids.length === 0) throw ValidationError.field('clients', 'names no client: give client ids, or every client');
  if (ids.length > SIMULATION_MAX_CLIENTS) throw ValidationError.field('clients', `names ${ids.length} clients, more than the ${SIMULATION_MAX_CLIENTS} a simulation looks at: split them`);
  const found = new Set<string>();
  for (let i = 0; i < ids.length; i += 1000) {
    for (const c of await findAll<Document>(deps.readStore, CLIENTS, { id: { $in: ids.slice(i, i + 1000) } })) found.add(String(c.id));
  }
  const unknown = ids.filter((id) => !found.has(id));
  if (unknown.length > 0) {
    const shown = unknown.slice(0, 20);
    throw new NotFoundError(`client${unknown.length > 1 ? 's' : ''} ${shown.join(', ')}${unknown.length > shown.length ? ` and ${unknown.length - shown.length} more` : ''} do${unknown.length > 1 ? '' : 'es'} not exist`);
  }
  return ids;
}

const totalsOf = (invoice: PricedInvoice): SimulationTotals => ({ totalNet: invoice.totalNet, totalVat: invoice.totalVat, total: invoice.total });

const lineKey = (line: InvoiceLine) => JSON.stringify([line.kind, line.code, line.net, line.vatCategory, line.vatRate]);

/** The lines of `of` (discount and commitment lines) that `against` does not have, each matched once. */
function linesNotIn(of: readonly InvoiceLine[], against: readonly InvoiceLine[]): InvoiceLine[] {
  const left = new Map<string, number>();
  for (const line of against) if (line.kind === 'discount' || line.kind === 'commitment') left.set(lineKey(line), (left.get(lineKey(line)) ?? 0) + 1);
  const out: InvoiceLine[] = [];
  for (const line of of) {
    if (line.kind !== 'discount' && line.kind !== 'commitment') continue;
    const count = left.get(lineKey(line)) ?? 0;
    if (count > 0) left.set(lineKey(line), count - 1);
    else out.push(line);
  }
  return out;
}

/**
 * What `schemes` would change on the last closed cycle of each client's contracts as of `asOf`.
 * The schemes are checked already (the import's reader and checks: src/import/discounts.ts
 * `checkDiscountTexts`). Reads only.
 */
export async function simulateDiscounts(
  deps: AppDeps,
  input: { schemes: readonly DiscountScheme[]; clients: readonly string[] | 'all'; asOf: string },
): Promise<SimulationResult> {
  const { readStore } = deps;
  const ids = await clientIds(deps, input.clients);
  const stored = await findAll<DiscountDocument>(readStore, DISCOUNTS, {});
  const added = schemeDocuments(input.schemes);
  const replaced = new Set(added.map((d) => d.id));
  const before = new RunContext(readStore, stored);
  const after = new RunContext(readStore, [...stored.filter((d) => !replaced.has(d.id)), ...added]);
  const position = (await deps.eventStore.headPosition()) ?? -1;
  // A run as of the simulation's date; its id and thresholds only name and flag the drafts, which are never stored.
  const run = { runId: 'simulation', asOf: input.asOf, changeThresholdPercent: 100, position };
  const result: SimulationResult = { asOf: input.asOf, clients: [] };
  for (let i = 0; i < ids.length; i += PAGE) {
    const page = ids.slice(i, i + PAGE);
    const contracts = (await findAll<Document>(readStore, CONTRACTS, { clientId: { $in: page } })) as unknown as Contract[];
    const related = await readRelated(readStore, contracts);
    const byClient = new Map<string, Contract[]>();
    for (const contract of contracts) byClient.set(contract.clientId, [...(byClient.get(contract.clientId) ?? []), contract]);
    for (const clientId of page) {
      const simulated: SimulatedContract[] = [];
      for (const contract of (byClient.get(clientId) ?? []).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
        simulated.push(await simulateContract(deps, { before, after }, contract, related, run));
      }
      result.clients.push({ clientId, contracts: simulated });
    }
  }
  return result;
}

async function simulateContract(
  deps: AppDeps,
  contexts: { before: RunContext; after: RunContext },
  contract: Contract,
  related: Related,
  run: { runId: string; asOf: string; changeThresholdPercent: number; position: number },
): Promise<SimulatedContract> {
  const cycle = cyclesDue(contract, run.asOf).at(-1) ?? null;
  const base = { contractId: contract.id, cycle, currency: contract.currency, before: null, after: null, lines: [], removed: [] };
  if (!cycle) return { ...base, note: `no cycle of the contract ends on or before ${run.asOf}` };
  // The cycle as a bill run would draft it were it not invoiced yet: the contract's invoices from
  // it on are left out (those before it stay: what they billed in advance is not billed again).
  const invoices = (related.invoices.get(contract.clientId) ?? []).filter((i) => i.contractId !== contract.id || i.period.start < cycle.start);
  const view: Related = { ...related, invoices: new Map([[contract.clientId, invoices]]) };
  const priced = async (context: RunContext) => {
    const { drafts } = await draftContract(deps, context, contract, view, run, RUN_BOUNDS.cyclesPerContract);
    return drafts.find((d) => d.data.period.start === cycle.start)?.data ?? null;
  };
  const was = await priced(contexts.before);
  const will = await priced(contexts.after);
  if (!was?.invoice || !will?.invoice) {
    const data = will ?? was;
    const held = data?.flags.filter((f) => f.blocking).map((f) => f.message) ?? [];
    return {
      ...base,
      ...(was?.invoice ? { before: totalsOf(was.invoice) } : {}),
      ...(will?.invoice ? { after: totalsOf(will.invoice) } : {}),
      note: data === null
        ? 'nothing to bill in the cycle (no charge), or more unbilled cycles before it than a run drafts'
        : `the cycle cannot be priced: ${held.join('; ') || 'no invoice'}`,
    };
  }
  return {
    ...base,
    before: totalsOf(was.invoice),
    after: totalsOf(will.invoice),
    lines: linesNotIn(will.invoice.lines, was.invoice.lines),
    removed: linesNotIn(was.invoice.lines, will.invoice.lines),
  };
}

/** A file's schemes refused by the import's checks: nothing is simulated. `errors` as the import reports them (line, column, file, scheme id, field). */
export class SimulationSchemesError extends ValidationError {
  constructor(readonly errors: RowError[]) {
    super(`the schemes to simulate have ${errors.length} problem(s): ${errors.slice(0, 5).map((e) => `${e.line}:${e.column}: ${e.reason}`).join('; ')}${errors.length > 5 ? '; …' : ''}`,
      errors.map((e) => ({ field: `${e.line}:${e.column}`, message: e.reason })));
  }
}

/**
 * The simulation of YAML texts (files, or a REST body): read and checked exactly as the import
 * reads them (`checkDiscountTexts`), every scheme good or nothing simulated.
 */
export async function simulateDiscountTexts(
  deps: AppDeps,
  texts: { text: string; label: string | null }[],
  options: { clients: readonly string[] | 'all'; asOf: string },
): Promise<SimulationResult> {
  const checked = await checkDiscountTexts(deps, texts);
  if (checked.errors.length > 0 || checked.rejected > 0) throw new SimulationSchemesError(checked.errors);
  return simulateDiscounts(deps, { schemes: checked.valid.map((e) => e.scheme), ...options });
}
