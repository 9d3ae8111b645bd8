/**
 * RULES.md 4 (allowances): free units per subscription per cycle, for every usage type a tariff
 * may give one on (voice, data, sms, mms, vod), consumed in order of start time; ties are broken
 * by the record's own record id, then its source, compared as strings by code unit (never by
 * locale, never by an internal id). The result depends only on the set of records, never on the
 * order they arrived in (RULES 5): the function sorts its input. This is the one place the rule
 * is applied; a cycle's usage (src/app/usage/cycle-usage.ts) calls it per usage type, for a bill
 * run and for late usage alike.
 */
import { Decimal } from 'decimal.js';
import { voiceChargeUnits } from './voice.ts';
import { tieredCharge, type Tier, type TieringMode } from './tiers.ts';

/** Sums of data quantities: exact (a MiB quantity has up to 20 decimals; the default precision is 20 digits). */
const Exact = Decimal.clone({ precision: 200, rounding: Decimal.ROUND_HALF_UP });

/** What orders a record's consumption: its start, then its own record id, then its source. */
export interface UsageOrderKey {
  startEpochMs: number;
  /** The record's `record_id` as delivered (not an id billstream derived from it). */
  recordId: string;
  source: string;
}

/** Consumption order: start time, then record id, then source (code-unit string order: plain `<`, locale-independent). */
export function compareUsageOrder(a: UsageOrderKey, b: UsageOrderKey): number {
  if (a.startEpochMs !== b.startEpochMs) return a.startEpochMs < b.startEpochMs ? -1 : 1;
  if (a.recordId !== b.recordId) return a.recordId < b.recordId ? -1 : 1;
  return a.source < b.source ? -1 : a.source > b.source ? 1 : 0;
}

export interface VoiceAllowanceRecord extends UsageOrderKey {
  /** RULES 1 billed seconds of the call. */
  billedSeconds: number;
  connectFeeNano: number;
  /** The per-minute price of the call's band. */
  perMinuteNano: number;
}

export interface EventAllowanceRecord extends UsageOrderKey {
  /** Events the record counts (a whole number). */
  quantity: number;
  /** Its rated charge `quantity * price`, in rating units (amount.ts). */
  chargeUnits: bigint;
}

export interface DataAllowanceRecord extends UsageOrderKey {
  /** Units of the tariff (RULES 3 `dataQuantity`). */
  quantity: Decimal;
}

export type EventUsageType = 'sms' | 'mms' | 'vod';

/** A subscription's records of one usage type in one cycle, with what prices them. */
export type VoiceUsage<R extends VoiceAllowanceRecord = VoiceAllowanceRecord> = { type: 'voice'; records: Iterable<R> };
export type EventUsage<R extends EventAllowanceRecord = EventAllowanceRecord> = { type: EventUsageType; records: Iterable<R> };
export type DataUsage<R extends DataAllowanceRecord = DataAllowanceRecord> = { type: 'data'; records: Iterable<R>; tiers: readonly Tier[]; tiering: TieringMode };

/** What one voice or event record pays after the allowance. */
export interface RecordShare<R> {
  record: R;
  /** Units the allowance covers (billed seconds, events). */
  covered: number;
  /** Units charged (the record's units - covered). */
  charged: number;
  /** Charge in rating units (amount.ts). */
  chargeUnits: bigint;
}

export interface UnitAllowanceResult<R> {
  /** Units of the allowance used. */
  used: number;
  /** One share per record, in consumption order. */
  records: RecordShare<R>[];
  /** Sum of the records' charges, rating units. */
  chargeUnits: bigint;
}

export interface DataAllowanceResult {
  /** The cycle's total, in units of the tariff. */
  quantity: Decimal;
  /** Units of the allowance used: the first `used` units of the total. */
  used: Decimal;
  /** What the tiers priced: total - used. */
  charged: Decimal;
  /** Tiered charge of `charged`, counted from zero; exact, unrounded, in the tariff's currency. */
  charge: Decimal;
}

/**
 * RULES 4: consumes `allowance` units (a whole number >= 0, or Infinity for unlimited) over the
 * records of ONE subscription, ONE cycle and ONE usage type, in consumption order
 * (`compareUsageOrder`):
 * - voice (units: billed seconds): a call fully covered pays nothing, no connect fee; a call
 *   partly covered pays the connect fee plus its uncovered seconds pro rata; a call after the
 *   allowance is used up pays its full RULES 1 charge;
 * - sms, mms, vod (units: events): a record costs `quantity * price`; it pays for its units the
 *   allowance does not cover (a record partly covered pays for its uncovered units);
 * - data (units of the tariff): the allowance covers the first units of the cycle's total; the
 *   tiers (RULES 3, graduated or volume) price what remains, counted from zero.
 * Throws on a record given twice (same record id and source; records are deduplicated before
 * rating) or invalid numbers.
 */
export function consumeAllowance<R extends VoiceAllowanceRecord>(usage: VoiceUsage<R>, allowance: number): UnitAllowanceResult<R>;
export function consumeAllowance<R extends EventAllowanceRecord>(usage: EventUsage<R>, allowance: number): UnitAllowanceResult<R>;
export function consumeAllowance<R extends DataAllowanceRecord>(usage: DataUsage<R>, allowance: number): DataAllowanceResult;
export function consumeAllowance(usage: VoiceUsage | EventUsage | DataUsage, allowance: number): UnitAllowanceResult<UsageOrderKey> | DataAllowanceResult {
  if (!(allowance === Infinity || (Number.isSafeInteger(allowance) && allowance >= 0))) {
    throw new RangeError(`allowance ${allowance} is not a whole number of units >= 0`);
  }
  if (usage.type === 'data') {
    // The total does not depend on the order: summed exactly, whatever the unit's decimals.
    let quantity = new Exact(0);
    for (const r of usage.records) {
      if (!Decimal.isDecimal(r.quantity) || !r.quantity.isFinite() || r.quantity.isNegative()) throw new RangeError(`record ${describe(r)}: quantity ${String(r.quantity)} is not a non-negative decimal`);
      quantity = quantity.plus(r.quantity);
    }
    const used = allowance === Infinity || quantity.lessThanOrEqualTo(allowance) ? quantity : new Exact(allowance);
    const charged = quantity.minus(used);
    return { quantity: new Decimal(quantity), used: new Decimal(used), charged: new Decimal(charged), charge: tieredCharge(new Decimal(charged), usage.tiers, usage.tiering) };
  }
  const ordered: (VoiceAllowanceRecord | EventAllowanceRecord)[] = inConsumptionOrder<VoiceAllowanceRecord | EventAllowanceRecord>(usage.records);
  const voice = usage.type === 'voice';
  const records: RecordShare<UsageOrderKey>[] = new Array(ordered.length);
  let remaining = allowance;
  let used = 0;
  let chargeUnits = 0n;
  for (let i = 0; i < ordered.length; i++) {
    const r = ordered[i]!;
    const units = voice ? (r as VoiceAllowanceRecord).billedSeconds : (r as EventAllowanceRecord).quantity;
    if (!Number.isSafeInteger(units) || units < 0) throw new RangeError(`record ${describe(r)}: ${voice ? 'billed seconds' : 'quantity'} ${units} is not a whole number >= 0`);
    const covered = Math.min(remaining, units);
    remaining -= covered;
    used += covered;
    const charged = units - covered;
    let charge = 0n;
    if (charged > 0 && voice) charge = BigInt(voiceChargeUnits(charged, (r as VoiceAllowanceRecord).connectFeeNano, (r as VoiceAllowanceRecord).perMinuteNano));
    else if (charged > 0) charge = eventUnitPrice(r as EventAllowanceRecord) * BigInt(charged);
    chargeUnits += charge;
    records[i] = { record: r, covered, charged, chargeUnits: charge };
  }
  return { used, records, chargeUnits };
}

/** The records sorted by `compareUsageOrder`; throws on one given twice or an invalid start. */
function inConsumptionOrder<R extends UsageOrderKey>(records: Iterable<R>): R[] {
  const ordered = [...records].sort(compareUsageOrder);
  for (let i = 0; i < ordered.length; i++) {
    const r = ordered[i]!;
    if (!Number.isFinite(r.startEpochMs)) throw new RangeError(`record ${describe(r)}: start ${r.startEpochMs} is not valid`);
    if (i > 0 && compareUsageOrder(ordered[i - 1]!, r) === 0) throw new RangeError(`record ${describe(r)} is given twice`);
  }
  return ordered;
}

/** An event record's price per event in rating units: its charge is `quantity * price`. */
function eventUnitPrice(r: EventAllowanceRecord): bigint {
  const quantity = BigInt(r.quantity);
  if (typeof r.chargeUnits !== 'bigint' || r.chargeUnits < 0n || r.chargeUnits % quantity !== 0n) {
    throw new RangeError(`record ${describe(r)}: charge ${String(r.chargeUnits)} rating units is not ${r.quantity} * a price`);
  }
  return r.chargeUnits / quantity;
}

function describe(r: UsageOrderKey): string {
  return `${r.recordId} (source ${r.source})`;
}
