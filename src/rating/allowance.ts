/**
 * RULES.md 4 (allowances): free billed seconds per subscription per cycle, consumed in order of
 * start time (ties: record id). The result depends only on the set of records, never on the order
 * they arrived in (RULES 5): the function sorts its input.
 */
import { voiceChargeUnits } from './voice.ts';

export interface AllowanceRecord {
  recordId: string;
  startEpochMs: number;
  /** RULES 1 billed seconds of the call. */
  billedSeconds: number;
  connectFeeNano: number;
  /** The per-minute price of the call's band. */
  perMinuteNano: number;
}

export interface AllowanceResult {
  recordId: string;
  /** Billed seconds the allowance covers. */
  coveredSeconds: number;
  /** Billed seconds charged (billed - covered). */
  chargedSeconds: number;
  /** Charge in rating units (amount.ts): 0 when fully covered, else connect fee * 60 + charged * per-minute. */
  chargeUnits: number;
}

/** Consumption order: start time, then record id (code-unit string order, locale-independent). */
export function compareUsageOrder(a: { startEpochMs: number; recordId: string }, b: { startEpochMs: number; recordId: string }): number {
  if (a.startEpochMs !== b.startEpochMs) return a.startEpochMs < b.startEpochMs ? -1 : 1;
  return a.recordId < b.recordId ? -1 : a.recordId > b.recordId ? 1 : 0;
}

/**
 * RULES 4: consumes `allowanceSeconds` (a whole number >= 0, or Infinity for unlimited) over the
 * voice records of ONE subscription and ONE cycle, in start-time order (ties: record id):
 * - a call fully covered pays nothing, no connect fee;
 * - a call partly covered pays the connect fee plus its uncovered seconds pro rata;
 * - a call after the allowance is used up pays its full RULES 1 charge.
 * Returns one result per record, in consumption order. Throws on a repeated record id (records
 * are deduplicated before rating) or invalid numbers.
 */
export function consumeAllowance(records: Iterable<AllowanceRecord>, allowanceSeconds: number): AllowanceResult[] {
  if (!(allowanceSeconds === Infinity || (Number.isSafeInteger(allowanceSeconds) && allowanceSeconds >= 0))) {
    throw new RangeError(`allowance ${allowanceSeconds} is not a whole number of seconds >= 0`);
  }
  const ordered = [...records].sort(compareUsageOrder);
  const results: AllowanceResult[] = new Array(ordered.length);
  let remaining = allowanceSeconds;
  for (let i = 0; i < ordered.length; i++) {
    const r = ordered[i]!;
    if (i > 0 && ordered[i - 1]!.recordId === r.recordId) throw new RangeError(`record ${r.recordId} is given twice`);
    if (!Number.isSafeInteger(r.billedSeconds) || r.billedSeconds < 0 || !Number.isFinite(r.startEpochMs)) {
      throw new RangeError(`record ${r.recordId}: billed seconds ${r.billedSeconds} / start ${r.startEpochMs} are not valid`);
    }
    const covered = Math.min(remaining, r.billedSeconds);
    remaining -= covered;
    const charged = r.billedSeconds - covered;
    results[i] = {
      recordId: r.recordId,
      coveredSeconds: covered,
      chargedSeconds: charged,
      chargeUnits: charged === 0 ? 0 : voiceChargeUnits(charged, r.connectFeeNano, r.perMinuteNano),
    };
  }
  return results;
}
