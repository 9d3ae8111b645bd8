/**
 * RULES.md 3 (data): quantities in the tariff's unit and tiered prices. These run once per
 * subscription and cycle (on the cycle's total), not per record, so they use Decimal, exactly:
 * computations run at 200 significant digits, more than any realistic quantity times price needs,
 * so nothing is rounded here (rounding happens once per invoice line, RULES 10).
 */
import { Decimal } from 'decimal.js';

export type TieringMode = 'graduated' | 'volume';

/** A tier: the quantity up to which (inclusive) its price applies; null = no upper bound (the last tier). */
export interface Tier {
  upTo: Decimal | null;
  price: Decimal;
}

export type DataUnit = 'GB' | 'GiB' | 'MB' | 'MiB' | 'TB';
/** The units a tariff may price data in. */
export const DATA_UNITS = ['MB', 'MiB', 'GB', 'GiB', 'TB'] as const satisfies readonly DataUnit[];

/** Bytes per unit, as powers: `base ** exponent`. */
const UNITS: Record<DataUnit, { base: 2 | 10; exponent: number }> = {
  MB: { base: 10, exponent: 6 },
  GB: { base: 10, exponent: 9 },
  TB: { base: 10, exponent: 12 },
  MiB: { base: 2, exponent: 20 },
  GiB: { base: 2, exponent: 30 },
};

export function isDataUnit(unit: string): unit is DataUnit {
  return Object.hasOwn(UNITS, unit);
}

const Exact = Decimal.clone({ precision: 200, rounding: Decimal.ROUND_HALF_UP });

function bytes(value: number | bigint, what: string): bigint {
  if (typeof value === 'bigint') {
    if (value < 0n) throw new RangeError(`${what} ${value} is negative`);
    return value;
  }
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${what} ${value} is not a non-negative whole number of bytes`);
  return BigInt(value);
}

/**
 * RULES 3: the data quantity `(bytesIn + bytesOut) / bytes per unit`, exact: GB = 10^9 bytes,
 * MB = 10^6, TB = 10^12, GiB = 2^30, MiB = 2^20 (x / 2^k is written as x * 5^k / 10^k).
 */
export function dataQuantity(bytesIn: number | bigint, bytesOut: number | bigint, unit: DataUnit): Decimal {
  if (!isDataUnit(unit)) throw new RangeError(`data unit ${JSON.stringify(unit)} is not one of ${Object.keys(UNITS).join(', ')}`);
  const total = bytes(bytesIn, 'bytes_in') + bytes(bytesOut, 'bytes_out');
  const { base, exponent } = UNITS[unit];
  const scaled = base === 10 ? total : total * 5n ** BigInt(exponent);
  return new Decimal(`${scaled.toString()}e-${exponent}`); // an exponent shift: exact
}

/** Problems of a tier list (empty = valid): at least one tier, `upTo` positive and ascending, only the last one null, prices not negative. */
export function tierProblems(tiers: readonly Tier[]): string[] {
  const problems: string[] = [];
  if (!Array.isArray(tiers) || tiers.length === 0) return ['tiers must list at least one tier (the last with upTo: null)'];
  let previous: Decimal | null = null;
  tiers.forEach((tier, i) => {
    const last = i === tiers.length - 1;
    if (!Decimal.isDecimal(tier.price) || !tier.price.isFinite()) problems.push(`tiers[${i}].price is not a decimal amount`);
    else if (tier.price.isNegative()) problems.push(`tiers[${i}].price ${tier.price.toString()} is negative`);
    if (tier.upTo === null) {
      if (!last) problems.push(`tiers[${i}].upTo is null but only the last tier may be unbounded`);
      return;
    }
    if (!Decimal.isDecimal(tier.upTo) || !tier.upTo.isFinite()) {
      problems.push(`tiers[${i}].upTo is not a decimal quantity`);
      return;
    }
    if (last) problems.push(`tiers[${i}].upTo must be null: the last tier has no upper bound`);
    if (!tier.upTo.isPositive() || tier.upTo.isZero()) problems.push(`tiers[${i}].upTo ${tier.upTo.toString()} must be greater than 0`);
    else if (previous !== null && !tier.upTo.greaterThan(previous)) problems.push(`tiers[${i}].upTo ${tier.upTo.toString()} must be greater than the previous tier's ${previous.toString()}`);
    previous = tier.upTo;
  });
  return problems;
}

/**
 * RULES 3: the charge of `quantity` (a cycle's total per subscription) under `tiers`.
 * - graduated: each tier prices the part of the quantity inside it (0-100 at the first price,
 *   100-250 at the second, …);
 * - volume: the tier the total falls in (`quantity <= upTo`, the first such) prices every unit.
 * Exact and unrounded. Throws on invalid tiers or a negative quantity.
 */
export function tieredCharge(quantity: Decimal, tiers: readonly Tier[], mode: TieringMode): Decimal {
  const problems = tierProblems(tiers);
  if (problems.length > 0) throw new RangeError(`invalid tiers: ${problems.join('; ')}`);
  if (!Decimal.isDecimal(quantity) || !quantity.isFinite() || quantity.isNegative()) throw new RangeError(`quantity ${String(quantity)} is not a non-negative decimal`);
  const q = new Exact(quantity);
  if (mode === 'volume') {
    const tier = tiers.find((t) => t.upTo === null || q.lessThanOrEqualTo(t.upTo))!;
    return new Decimal(q.times(tier.price));
  }
  if (mode !== 'graduated') throw new RangeError(`tiering ${JSON.stringify(mode)} is not graduated or volume`);
  let total = new Exact(0);
  let lower = new Exact(0);
  for (const tier of tiers) {
    if (q.lessThanOrEqualTo(lower)) break;
    const upper = tier.upTo === null || q.lessThan(tier.upTo) ? q : new Exact(tier.upTo);
    total = total.plus(upper.minus(lower).times(tier.price));
    lower = upper;
  }
  return new Decimal(total);
}

/**
 * Tiers as written in a tariff (`{ upTo: 100, price: "0" }`, `upTo` a number, a decimal string or
 * null; `price` a decimal string) to Tier values, or the problems.
 */
export function tiersFromDefinition(raw: unknown): Tier[] | { problems: string[] } {
  if (!Array.isArray(raw)) return { problems: ['tiers must be a list of { upTo, price }'] };
  const problems: string[] = [];
  const decimal = (value: unknown, path: string): Decimal | null => {
    if ((typeof value !== 'string' || !/^\d+(\.\d+)?$/.test(value)) && !(typeof value === 'number' && Number.isFinite(value) && value >= 0)) {
      problems.push(`${path} ${JSON.stringify(value)} is not a non-negative decimal number`);
      return null;
    }
    return new Decimal(value);
  };
  const tiers = raw.map((item: unknown, i): Tier => {
    if (typeof item !== 'object' || item === null) {
      problems.push(`tiers[${i}] must be { upTo, price }`);
      return { upTo: null, price: new Decimal(0) };
    }
    const { upTo, price, ...rest } = item as Record<string, unknown>;
    for (const key of Object.keys(rest)) problems.push(`tiers[${i}].${key} is not a tier setting (upTo, price)`);
    return {
      upTo: upTo === null || upTo === undefined ? null : decimal(upTo, `tiers[${i}].upTo`) ?? new Decimal(1),
      price: decimal(price, `tiers[${i}].price`) ?? new Decimal(0),
    };
  });
  if (problems.length > 0) return { problems };
  const structural = tierProblems(tiers);
  return structural.length > 0 ? { problems: structural } : tiers;
}
