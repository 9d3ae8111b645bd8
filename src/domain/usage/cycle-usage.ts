/** The usage of one subscription in one cycle as invoicing takes it: lines per type, destination and band (RULES.md 3, 4, 10). */
import type { Cycle } from '../billing-cycle/cycles.ts';

export interface UsageLine {
  type: string;
  destination: string | null;
  band: string | null;
  records: number;
  /** Billed seconds (voice), units of the tariff (data), count (events). */
  quantity: string;
  /** Voice seconds the allowance covered (0 for other types: see `covered`). */
  coveredSeconds: number;
  /** What the allowance covered, in the line's unit: billed seconds (voice), units of the tariff (data), events (sms, mms, vod). */
  covered: string;
  /** Unrounded, in the tariff's currency. */
  charge: string;
  /** What `quantity` counts: `s` (voice), the data entry's unit (`GB`, `MB`, ...), `pcs` (events). */
  unit: string;
}

/** The unit a usage line is counted in: seconds for voice, the data entry's unit, pieces for events. */
export function usageUnit(type: string, entry: { type: string; unit?: string } | undefined): string {
  if (type === 'voice') return 's';
  if (entry?.type === 'data' && entry.unit) return entry.unit;
  return 'pcs';
}

export interface UsageAllowance {
  type: string;
  quantity: number;
  used: string;
}

export interface CycleUsage {
  subscriptionId: string;
  servicePointId: string;
  tariffId: string;
  currency: string | null;
  cycle: Cycle;
  /** The voice allowance (kept for clients written against it; `allowances` has every type). */
  allowance: { seconds: number; used: number } | null;
  /** Every usage type with an allowance this cycle (the tariff's plus free units, RULES.md 4, 22): its size and what the cycle used, in the type's unit. */
  allowances: UsageAllowance[];
  lines: UsageLine[];
  total: string;
}
