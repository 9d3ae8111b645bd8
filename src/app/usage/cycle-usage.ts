/**
 * The usage of one subscription in one cycle, priced with its allowance and tiers (RULES.md 3,
 * 4): computed from the set of rated records, consumed in start-time order (ties: the record's
 * own record id, then its source), never in the order they arrived in. A record that arrives late
 * for an open cycle therefore changes the cycle's charges exactly as if it had come in order, and
 * no stored event needs rewriting.
 */
import { Decimal } from 'decimal.js';
import type { AppDeps } from '../deps.ts';
import { NotFoundError } from '../../core/errors.ts';
import { requireDateParameter } from '../../core/validate.ts';
import { findAll } from '../../readstore/port.ts';
import { compareUsageOrder, consumeAllowance, type UsageOrderKey } from '../../rating/allowance.ts';
import { ratingUnitsToDecimal } from '../../rating/amount.ts';
import { dataQuantity, tiersFromDefinition } from '../../rating/tiers.ts';
import { subscriptionDay, USAGE_RECORDS, type UsageRecordDocument } from '../../../projections/usage-records.projection.ts';
import { SUBSCRIPTIONS } from '../../../projections/subscriptions.projection.ts';
import { CONTRACTS } from '../../../projections/contracts.projection.ts';
import { TARIFFS, type TariffDocument } from '../../../projections/tariffs.projection.ts';
import { tariffVersionOn } from '../../domain/tariff/versions.ts';
import { cycleContaining, type Cycle } from '../../domain/billing-cycle/cycles.ts';
import type { ContractDetails } from '../../domain/contract/decider.ts';
import type { UsageComponent } from '../../domain/tariff/definition.ts';
import { usageUnit, type CycleUsage, type UsageAllowance, type UsageLine } from '../../domain/usage/cycle-usage.ts';
import type { DiscountScheme } from '../../domain/discount/definition.ts';
import { discountContext, type DiscountContext } from '../../domain/discount/applicability.ts';
import { schemesInForce, type DiscountSchemeDocument } from '../../domain/discount/versions.ts';
import { DISCOUNTS } from '../../../projections/discounts.projection.ts';
import { CLIENTS } from '../../../projections/clients.projection.ts';
import { addDays } from '../../core/calendar-date.ts';
import { ratingDiscounts, type RatingDiscounts } from '../../domain/discount/rating.ts';
import { voiceChargeUnits } from '../../rating/voice.ts';
import { USAGE_RECORDED, usageStream, type UsageRecord } from '../../domain/usage/events.ts';

export type { CycleUsage, UsageLine };

async function allRecords(billstream: AppDeps, subscriptionId: string, cycle: Cycle): Promise<UsageRecordDocument[]> {
  const range = { $gte: subscriptionDay(subscriptionId, cycle.start), $lt: subscriptionDay(subscriptionId, cycle.end) };
  // In index order: the range comes straight off the index, no sort (a bill run reads one per subscription).
  const records = await findAll<UsageRecordDocument>(billstream.readStore, USAGE_RECORDS, { subscriptionDay: range }, { sort: { field: 'subscriptionDay' } });
  return records.filter((r) => r.status === 'rated');
}

/** Each usage type's allowance this cycle (types without one left out) and what the lines of that type say it covered. */
function allowancesOf(types: Set<string>, allowanceOf: (type: string) => number, lines: readonly UsageLine[]): UsageAllowance[] {
  return [...types].sort().flatMap((type) => {
    const quantity = allowanceOf(type);
    if (!(quantity > 0)) return [];
    const used = lines.filter((line) => line.type === type).reduce((sum, line) => sum.plus(line.covered), new Decimal(0));
    return [{ type, quantity, used: used.toString() }];
  });
}

/**
 * The tariff's usage entries that price a cycle: those of the version in force on the cycle's
 * first day, and, for a type that version does not price (a version from later in the cycle, or
 * a tariff's first version, added it), the entry of the version in force at the type's first
 * record of the cycle, so no record is left unpriced by a version change.
 */
function usageEntriesOfCycle(tariff: TariffDocument | null, version: TariffDocument['versions'][number] | null, records: readonly UsageRecordDocument[]): UsageComponent[] {
  const entries = [...((version?.usage ?? []) as UsageComponent[])];
  // Nearly always every type is priced on the first day: no sort on the bill run's path then.
  const unpriced = records.filter((record) => !entries.some((entry) => entry.type === record.type));
  if (!tariff || unpriced.length === 0) return entries;
  // The first record of a type in consumption order (RULES.md 4), not in the view's subscription-day order.
  const ordered = unpriced.map((record) => ({ record, key: usageOrderKey(record) })).sort((a, b) => compareUsageOrder(a.key, b.key));
  for (const { record } of ordered) {
    if (entries.some((entry) => entry.type === record.type)) continue;
    const entry = (tariffVersionOn(tariff, record.localDate ?? '')?.usage as UsageComponent[] | undefined)?.find((e) => e.type === record.type);
    if (entry) entries.push(entry);
  }
  return entries;
}

/** A record's place in consumption order (RULES.md 4). */
function usageOrderKey(r: UsageRecordDocument): UsageOrderKey {
  return { recordId: r.recordId, source: r.source, startEpochMs: Date.parse(r.startTime) };
}

/** The records' own charges, without allowance or tiers. */
function sumCharges(records: readonly UsageRecordDocument[]): bigint {
  let units = 0n;
  for (const r of records) units += BigInt(r.chargeUnits ?? '0');
  return units;
}

export async function cycleUsage(billstream: AppDeps, subscriptionId: string, date: string): Promise<CycleUsage> {
  requireDateParameter('date', date);
  const subscription = (await billstream.readStore.get(SUBSCRIPTIONS, subscriptionId)) as { servicePointId: string; contractId: string; tariffId: string } | null;
  if (!subscription) throw new NotFoundError(`subscription ${subscriptionId} does not exist`);
  const contract = (await billstream.readStore.get(CONTRACTS, subscription.contractId)) as ContractDetails | null;
  if (!contract) throw new NotFoundError(`contract ${subscription.contractId} does not exist`);
  const tariff = (await billstream.readStore.get(TARIFFS, subscription.tariffId)) as TariffDocument | null;
  const cycle = cycleContaining(date, contract);
  const discounts = await readCycleDiscounts(billstream, { ...contract, id: subscription.contractId }, cycle);
  return usageOfCycle(billstream, { subscription: { id: subscriptionId, ...subscription }, contract, tariff, cycle, discounts });
}

/** The kinds of discount scheme that act on a cycle's usage (RULES.md 22). */
const isRatingKind = (kind: string) => kind === 'free-units' || kind === 'price-override';

/**
 * RULES.md 22: what `usageOfCycle` needs for a contract's cycle, from every scheme's document
 * (the bill run reads them once per run): the free-units and price-override schemes in force on
 * the cycle's last day (RULES 19, `schemesInForce`) and the cycle's context (`discountContext`,
 * as the charge computation decides). Null when no such scheme is in force then: the cycle's
 * usage is read exactly as without discount schemes.
 */
export function cycleUsageDiscounts(documents: readonly DiscountSchemeDocument[], input: Parameters<typeof discountContext>[0]): CycleDiscounts | null {
  if (!documents.some((d) => d.versions.some((v) => isRatingKind(v.kind)))) return null;
  const schemes = schemesInForce(documents, addDays(input.cycle.end, -1)).filter((s) => isRatingKind(s.kind));
  return schemes.length === 0 ? null : { schemes, context: discountContext(input) };
}

/** `cycleUsageDiscounts` for one contract's cycle, reading what it needs (the usage routes; a bill run has it read already). */
async function readCycleDiscounts(billstream: AppDeps, contract: ContractDetails & { id: string }, cycle: Cycle): Promise<CycleDiscounts | null> {
  const { readStore } = billstream;
  const documents = (await findAll<DiscountSchemeDocument>(readStore, DISCOUNTS, {})).filter((d) => d.versions.some((v) => isRatingKind(v.kind)));
  if (documents.length === 0) return null;
  const client = (await readStore.get(CLIENTS, contract.clientId)) as { partnerId?: string | null } | null;
  const subscriptions = await findAll<{ id: string; tariffId: string; startDate: string; endDate: string | null }>(readStore, SUBSCRIPTIONS, { contractId: contract.id });
  const categories = new Map<string, string | null>();
  for (const tariffId of new Set(subscriptions.map((s) => s.tariffId))) {
    categories.set(tariffId, ((await readStore.get(TARIFFS, tariffId)) as TariffDocument | null)?.category ?? null);
  }
  return cycleUsageDiscounts(documents, { contract, partnerId: client?.partnerId ?? null, subscriptions, categoryOf: (tariffId) => categories.get(tariffId), cycle });
}

/** The usage of a subscription in one of its contract's cycles, with the CRM and tariff already read (the bill run reads them once per contract). */
/**
 * The discount schemes of a contract's cycle, for the kinds that act in rating (RULES.md 22):
 * the schemes in force (any kinds; those that apply to the cycle and reach the subscription are
 * picked by `ratingDiscounts`), and the cycle's context (`discountContext`, the same the charge
 * computation decides by).
 */
export interface CycleDiscounts {
  schemes: readonly DiscountScheme[];
  context: DiscountContext;
}

/**
 * The usage of a subscription in one of its contract's cycles, with the CRM and tariff already
 * read (the bill run reads them once per contract). `discounts`: the free units and price
 * overrides of RULES.md 22 act here; without it (or when none applies) the cycle is read as
 * without discount schemes.
 */
export async function usageOfCycle(
  billstream: AppDeps,
  input: {
    subscription: { id: string; servicePointId: string; tariffId: string }; contract: Pick<ContractDetails, 'billingStart'>; tariff: TariffDocument | null; cycle: Cycle;
    discounts?: CycleDiscounts | null;
  },
): Promise<CycleUsage> {
  const { subscription, tariff, cycle } = input;
  const subscriptionId = subscription.id;
  // Allowances and tiers of the version in force on the cycle's first day.
  const version = tariff && tariffVersionOn(tariff, cycle.start);
  // RULES.md 6, migration: usage before billing_start was billed elsewhere; it is not charged and uses no allowance.
  const billingStart = input.contract.billingStart;
  let records = (await allRecords(billstream, subscriptionId, cycle)).filter((r) => billingStart === null || (r.localDate ?? '') >= billingStart);
  // RULES.md 22: the free units and price overrides that apply to this cycle and reach this subscription (null: none).
  const discounts = input.discounts && input.discounts.schemes.length > 0
    ? ratingDiscounts(input.discounts.schemes, input.discounts.context, subscription, version?.currency ?? null)
    : null;
  if (discounts?.overrides) records = await overridePrices(billstream, records, discounts);
  const components = usageEntriesOfCycle(tariff, version, records);

  const lines = new Map<string, { line: UsageLine; seconds: number; quantity: Decimal | null; units: bigint }>();
  // Voice quantities are whole billed seconds (plain numbers); other quantities may be decimal.
  const lineOf = (type: string, destination: string | null, band: string | null) => {
    const key = `${type}\u0000${destination ?? ''}\u0000${band ?? ''}`;
    let entry = lines.get(key);
    if (!entry) lines.set(key, (entry = { line: { type, destination, band, records: 0, quantity: '0', coveredSeconds: 0, covered: '0', charge: '0', unit: usageUnit(type, componentOf(type)) }, seconds: 0, quantity: null, units: 0n }));
    return entry;
  };

  // RULES.md 4: every allowance is applied by consumeAllowance, per usage type, in consumption
  // order (start time, then the record's own record_id, then its source).
  const componentOf = (type: string) => components.find((c) => c.type === type);
  // RULES.md 22: free units add to the tariff's allowance of their type (or make one).
  const allowanceOf = (type: string) => (componentOf(type)?.allowance?.quantity ?? 0) + (discounts?.freeUnits.get(type) ?? 0);

  const voice = records.filter((r) => r.type === 'voice');
  const voiceComponent = componentOf('voice');
  const allowanceSeconds = allowanceOf('voice');
  // Without an allowance every call pays its own RULES 1 charge: nothing to allocate.
  const allocation = allowanceSeconds > 0
    ? new Map(consumeAllowance({
      type: 'voice',
      records: voice.map((r) => ({ ...usageOrderKey(r), id: r.id, billedSeconds: r.billedSeconds ?? 0, connectFeeNano: r.connectFeeNano ?? 0, perMinuteNano: r.perMinuteNano ?? 0 })),
    }, allowanceSeconds).records.map((share) => [share.record.id, share]))
    : null;
  let used = 0;
  for (const record of voice) {
    const entry = lineOf('voice', record.destination, record.band);
    entry.line.records += 1;
    entry.seconds += record.billedSeconds ?? 0;
    const share = allocation?.get(record.id);
    if (share) {
      entry.line.coveredSeconds += share.covered;
      used += share.covered;
      entry.units += share.chargeUnits;
    } else entry.units += BigInt(record.chargeUnits ?? '0');
  }
  // RULES.md 3: a cycle's data is one total in the unit of the entry that prices it, whatever
  // unit the version in force at each record's start measured it in (GB one day, MB the next).
  const quantityOf = (record: UsageRecordDocument): Decimal => {
    const component = componentOf(record.type);
    const counted = record.bytesIn !== undefined || record.bytesOut !== undefined;
    return component?.type === 'data' && counted ? dataQuantity(record.bytesIn ?? 0, record.bytesOut ?? 0, component.unit) : new Decimal(record.quantity ?? '0');
  };
  const others = new Map<string, UsageRecordDocument[]>();
  for (const record of records) {
    if (record.type === 'voice') continue;
    const entry = lineOf(record.type, null, null);
    entry.line.records += 1;
    entry.quantity = (entry.quantity ?? new Decimal(0)).plus(quantityOf(record));
    let ofType = others.get(record.type);
    if (!ofType) others.set(record.type, (ofType = []));
    ofType.push(record);
  }
  let total = new Decimal(0);
  for (const entry of lines.values()) {
    const { type } = entry.line;
    const ofType = others.get(type) ?? [];
    const component = componentOf(type);
    let charge: Decimal;
    if (type === 'voice') {
      charge = ratingUnitsToDecimal(entry.units);
      entry.line.covered = String(entry.line.coveredSeconds);
    } else if (component?.type === 'data') {
      // RULES.md 3, 4: the allowance covers the first units of the cycle's total; the tiers
      // (graduated unless the tariff says volume) price what remains, counted from zero.
      const tiers = tiersFromDefinition(component.tiers);
      if ('problems' in tiers) charge = ratingUnitsToDecimal(sumCharges(ofType));
      else {
        const consumed = consumeAllowance({ type: 'data', records: ofType.map((r) => ({ ...usageOrderKey(r), quantity: quantityOf(r) })), tiers, tiering: component.tiering }, allowanceOf(type));
        charge = consumed.charge;
        entry.line.covered = consumed.used.toString();
      }
    } else if (component && component.type !== 'voice' && allowanceOf(type) > 0) {
      // RULES.md 4, events: the allowance covers the first events in consumption order.
      const consumed = consumeAllowance({
        type: component.type,
        records: ofType.map((r) => ({ ...usageOrderKey(r), quantity: Number(r.quantity ?? '0'), chargeUnits: BigInt(r.chargeUnits ?? '0') })),
      }, allowanceOf(type));
      charge = ratingUnitsToDecimal(consumed.chargeUnits);
      entry.line.covered = String(consumed.used);
    } else {
      charge = ratingUnitsToDecimal(sumCharges(ofType));
    }
    entry.line.quantity = entry.quantity === null ? String(entry.seconds) : entry.quantity.toString();
    entry.line.charge = charge.toString();
    total = total.plus(charge);
  }
  const sorted = [...lines.values()].map((e) => e.line).sort((a, b) => JSON.stringify([a.type, a.destination, a.band]).localeCompare(JSON.stringify([b.type, b.destination, b.band])));
  return {
    subscriptionId,
    servicePointId: subscription.servicePointId,
    tariffId: subscription.tariffId,
    currency: version?.currency ?? null,
    cycle,
    allowance: voiceComponent?.allowance || allowanceSeconds > 0 ? { seconds: allowanceSeconds, used } : null,
    allowances: allowancesOf(new Set([...components.map((c) => c.type), ...(discounts?.freeUnits.keys() ?? [])]), allowanceOf, sorted),
    lines: sorted,
    total: total.toString(),
  };
}

/**
 * RULES.md 22, price overrides: each voice call whose dialled number matches a prefix of an
 * override in force (the longest, as the deck matches) is priced at the override's per-minute
 * price of its band instead of the deck's, connect fee and increments unchanged; its line names
 * the scheme (`Hungary mobile (FRIENDS)`), so the invoice shows what it cost apart from the calls
 * at the deck's price. Returns the records with those calls repriced (copies: the read model's
 * documents are left alone).
 */
async function overridePrices(billstream: AppDeps, records: UsageRecordDocument[], discounts: RatingDiscounts): Promise<UsageRecordDocument[]> {
  const overrides = discounts.overrides!;
  const candidate = (r: UsageRecordDocument) => r.type === 'voice' && r.currency === overrides.currency;
  // Ratings stored before the called number was kept on them: read it from the record itself.
  const called = new Map<string, string>();
  await Promise.all(records.filter((r) => candidate(r) && typeof r.calledNumber !== 'string').map(async (r) => {
    const events = await billstream.eventStore.readStream(usageStream(r.source, r.recordId));
    called.set(r.id, (events.find((e) => e.type === USAGE_RECORDED)?.data as UsageRecord | undefined)?.calledNumber ?? '');
  }));
  return records.map((record) => {
    if (!candidate(record)) return record;
    const override = overrides.match(record.calledNumber ?? called.get(record.id) ?? '');
    if (override === null) return record;
    const perMinuteNano = record.band === 'offpeak' ? override.offpeakPerMinuteNano : override.peakPerMinuteNano;
    return {
      ...record,
      perMinuteNano,
      chargeUnits: String(voiceChargeUnits(record.billedSeconds ?? 0, record.connectFeeNano ?? 0, perMinuteNano)),
      destination: `${record.destination ?? ''} (${override.schemeId})`,
    };
  });
}
