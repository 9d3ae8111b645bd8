/** The usage of one subscription in one cycle as invoicing takes it: lines per type, destination and band (RULES.md 3, 4, 10). */
import type { Cycle } from '../billing-cycle/cycles.ts';

export interface UsageLine {
  type: string;
  destination: string | null;
  band: string | null;
  records: number;
  /** Billed seconds (voice), units of the tariff (data), count (events). */
  quantity: string;
  /** Voice seconds the allowance covered. */
  coveredSeconds: number;
  /** Unrounded, in the tariff's currency. */
  charge: string;
}

export interface CycleUsage {
  subscriptionId: string;
  servicePointId: string;
  tariffId: string;
  currency: string | null;
  cycle: Cycle;
  allowance: { seconds: number; used: number } | null;
  lines: UsageLine[];
  total: string;
}
