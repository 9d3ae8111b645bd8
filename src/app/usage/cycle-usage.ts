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
import { consumeAllowance } from '../../rating/allowance.ts';
import { ratingUnitsToDecimal } from '../../rating/amount.ts';
import { tiersFromDefinition } from '../../rating/tiers.ts';
import { subscriptionDay, USAGE_RECORDS, type UsageRecordDocument } from '../../../projections/usage-records.projection.ts';
import { SUBSCRIPTIONS } from '../../../projections/subscriptions.projection.ts';
import { CONTRACTS } from '../../../projections/contracts.projection.ts';
import { TARIFFS, type TariffDocument } from '../../../projections/tariffs.projection.ts';
import { tariffVersionOn } from '../../domain/tariff/versions.ts';
import { cycleContaining, type Cycle } from '../../domain/billing-cycle/cycles.ts';
import type { ContractDetails } from '../../domain/contract/decider.ts';
import type { UsageComponent } from '../../domain/tariff/definition.ts';
import type { CycleUsage, UsageLine } from '../../domain/usage/cycle-usage.ts';

export type { CycleUsage, UsageLine };

async function allRecords(billstream: AppDeps, subscriptionId: string, cycle: Cycle): Promise<UsageRecordDocument[]> {
  const range = { $gte: subscriptionDay(subscriptionId, cycle.start), $lt: subscriptionDay(subscriptionId, cycle.end) };
  // In index order: the range comes straight off the index, no sort (a bill run reads one per subscription).
  const records = await findAll<UsageRecordDocument>(billstream.readStore, USAGE_RECORDS, { subscriptionDay: range }, { sort: { field: 'subscriptionDay' } });
  return records.filter((r) => r.status === 'rated');
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
  return usageOfCycle(billstream, { subscription: { id: subscriptionId, ...subscription }, contract, tariff, cycle: cycleContaining(date, contract) });
}

/** The usage of a subscription in one of its contract's cycles, with the CRM and tariff already read (the bill run reads them once per contract). */
export async function usageOfCycle(
  billstream: AppDeps,
  input: { subscription: { id: string; servicePointId: string; tariffId: string }; contract: Pick<ContractDetails, 'billingStart'>; tariff: TariffDocument | null; cycle: Cycle },
): Promise<CycleUsage> {
  const { subscription, tariff, cycle } = input;
  const subscriptionId = subscription.id;
  // Allowances and tiers of the version in force on the cycle's first day.
  const version = tariff && tariffVersionOn(tariff, cycle.start);
  const components = (version?.usage ?? []) as UsageComponent[];
  // RULES.md 6, migration: usage before billing_start was billed elsewhere; it is not charged and uses no allowance.
  const billingStart = input.contract.billingStart;
  const records = (await allRecords(billstream, subscriptionId, cycle)).filter((r) => billingStart === null || (r.localDate ?? '') >= billingStart);

  const lines = new Map<string, { line: UsageLine; seconds: number; quantity: Decimal | null; units: bigint }>();
  // Voice quantities are whole billed seconds (plain numbers); other quantities may be decimal.
  const lineOf = (type: string, destination: string | null, band: string | null) => {
    const key = `${type}\u0000${destination ?? ''}\u0000${band ?? ''}`;
    let entry = lines.get(key);
    if (!entry) lines.set(key, (entry = { line: { type, destination, band, records: 0, quantity: '0', coveredSeconds: 0, charge: '0' }, seconds: 0, quantity: null, units: 0n }));
    return entry;
  };

  // RULES.md 4: every allowance is applied by consumeAllowance, per usage type, in consumption
  // order (start time, then the record's own record_id, then its source).
  const componentOf = (type: string) => components.find((c) => c.type === type);
  const allowanceOf = (type: string) => componentOf(type)?.allowance?.quantity ?? 0;
  const orderKey = (r: UsageRecordDocument) => ({ recordId: r.recordId, source: r.source, startEpochMs: Date.parse(r.startTime) });

  const voice = records.filter((r) => r.type === 'voice');
  const voiceComponent = componentOf('voice');
  const allowanceSeconds = allowanceOf('voice');
  // Without an allowance every call pays its own RULES 1 charge: nothing to allocate.
  const allocation = allowanceSeconds > 0
    ? new Map(consumeAllowance({
      type: 'voice',
      records: voice.map((r) => ({ ...orderKey(r), id: r.id, billedSeconds: r.billedSeconds ?? 0, connectFeeNano: r.connectFeeNano ?? 0, perMinuteNano: r.perMinuteNano ?? 0 })),
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
  const others = new Map<string, UsageRecordDocument[]>();
  for (const record of records) {
    if (record.type === 'voice') continue;
    const entry = lineOf(record.type, null, null);
    entry.line.records += 1;
    entry.quantity = (entry.quantity ?? new Decimal(0)).plus(record.quantity ?? '0');
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
    } else if (component?.type === 'data') {
      // RULES.md 3, 4: the allowance covers the first units of the cycle's total; the tiers
      // (graduated unless the tariff says volume) price what remains, counted from zero.
      const tiers = tiersFromDefinition(component.tiers);
      charge = 'problems' in tiers
        ? ratingUnitsToDecimal(sumCharges(ofType))
        : consumeAllowance({ type: 'data', records: ofType.map((r) => ({ ...orderKey(r), quantity: new Decimal(r.quantity ?? '0') })), tiers, tiering: component.tiering }, allowanceOf(type)).charge;
    } else if (component && component.type !== 'voice' && allowanceOf(type) > 0) {
      // RULES.md 4, events: the allowance covers the first events in consumption order.
      charge = ratingUnitsToDecimal(consumeAllowance({
        type: component.type,
        records: ofType.map((r) => ({ ...orderKey(r), quantity: Number(r.quantity ?? '0'), chargeUnits: BigInt(r.chargeUnits ?? '0') })),
      }, allowanceOf(type)).chargeUnits);
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
    allowance: voiceComponent?.allowance ? { seconds: allowanceSeconds, used } : null,
    lines: sorted,
    total: total.toString(),
  };
}
