/**
 * RULES.md 22, the discount kinds that act in rating: `free-units` adds to a subscription's
 * allowance of a usage type for the cycle (RULES 4); `price-override` replaces the deck's
 * per-minute prices (peak, offpeak) of the calls to the prefixes it names.
 *
 * Both act when a subscription's cycle is read (src/app/usage/cycle-usage.ts, `usageOfCycle`),
 * not when a record is rated: which schemes apply is a property of the contract's cycle (scope,
 * validity on the cycle's last day, conditions: `schemeApplies`, the rule the charge computation
 * uses too), so the cycle's usage stays a function of its records and the schemes in force,
 * whatever order records, schemes and CRM changes arrived in, and no rating needs redoing when a
 * scheme is imported or changed.
 *
 * Of several price overrides, the longest prefix matching the dialled number wins (the same
 * match as the deck's: `Deck.match`); the same prefix in two schemes: the first in RULES 20 order
 * (priority, then id). An override prices only calls rated in its own currency (the tariff's);
 * connect fee, minimum and increments stay the deck's. Free units of several schemes add up.
 * `on`, `group` and `cap` are charge-line notions (RULES 20): they do not act here.
 */
import { Deck } from '../../rating/deck.ts';
import type { DiscountScheme } from './definition.ts';
import { byOrder, schemeApplies, schemeReaches, type DiscountContext } from './applicability.ts';

export type FreeUnitsScheme = Extract<DiscountScheme, { kind: 'free-units' }>;
export type PriceOverrideScheme = Extract<DiscountScheme, { kind: 'price-override' }>;

/** The kinds rating applies (the charge computation applies the others). */
export const RATING_DISCOUNT_KINDS = ['free-units', 'price-override'] as const;

/** What a price override gives one call. */
export interface OverridePrice {
  schemeId: string;
  /** The prefix of the scheme that matched. */
  prefix: string;
  peakPerMinuteNano: number;
  offpeakPerMinuteNano: number;
}

/**
 * The price overrides of one subscription's cycle, compiled: a prefix trie like a deck's (one
 * row per prefix, the first scheme in order keeping a prefix two schemes name).
 */
export class PriceOverrides {
  private constructor(
    /** The currency every override here is priced in. */
    readonly currency: string,
    private readonly deck: Deck,
    private readonly schemeOf: readonly string[],
  ) {}

  /**
   * The overrides of `schemes` (price-override schemes, any order) priced in `currency`; null when
   * none is. A bill run asks once per subscription and cycle, nearly always for the same few
   * schemes: the compiled tries are kept by content (a bounded cache), not built again each time.
   */
  static compile(schemes: readonly PriceOverrideScheme[], currency: string): PriceOverrides | null {
    const key = JSON.stringify([currency, [...schemes].sort(byOrder).map((s) => [s.id, s.priority, s.kind, s.usageType, s.currency, s.peak, s.offpeak, s.prefixes])]);
    const cached = COMPILED.get(key);
    if (cached !== undefined) return cached;
    const compiled = PriceOverrides.build(schemes, currency);
    if (COMPILED.size >= COMPILED_MAX) COMPILED.delete(COMPILED.keys().next().value!);
    COMPILED.set(key, compiled);
    return compiled;
  }

  private static build(schemes: readonly PriceOverrideScheme[], currency: string): PriceOverrides | null {
    const rows: { prefix: string; destination: string; peakPerMinute: string; offpeakPerMinute: string; firstIncrement: number; nextIncrement: number }[] = [];
    const schemeOf: string[] = [];
    const taken = new Set<string>();
    for (const scheme of [...schemes].sort(byOrder)) {
      if (scheme.kind !== 'price-override' || scheme.usageType !== 'voice' || scheme.currency !== currency) continue;
      for (const prefix of scheme.prefixes) {
        if (taken.has(prefix)) continue;
        taken.add(prefix);
        rows.push({ prefix, destination: scheme.id, peakPerMinute: scheme.peak, offpeakPerMinute: scheme.offpeak, firstIncrement: 1, nextIncrement: 1 });
        schemeOf.push(scheme.id);
      }
    }
    if (rows.length === 0) return null;
    // The deck's own checks: digit-only prefixes, prices >= 0 with at most 9 decimals (DeckError otherwise).
    return new PriceOverrides(currency, Deck.fromRows(rows, 'price overrides'), schemeOf);
  }

  /** The override of a call to `dialled` (longest matching prefix), or null: the deck's price stays. */
  match(dialled: string): OverridePrice | null {
    const row = this.deck.match(dialled);
    if (row < 0) return null;
    return { schemeId: this.schemeOf[row]!, prefix: this.deck.prefix(row), peakPerMinuteNano: this.deck.peakPerMinuteNano(row), offpeakPerMinuteNano: this.deck.offpeakPerMinuteNano(row) };
  }
}

/** Compiled overrides by content (immutable, so shared safely); the oldest entry goes first. */
const COMPILED = new Map<string, PriceOverrides | null>();
const COMPILED_MAX = 256;

/** The rating discounts of one subscription in one cycle. */
export interface RatingDiscounts {
  /** Units added to the allowance per usage type, in the unit of the tariff's allowance (voice: billed seconds; data: the tariff's unit; events: events). */
  freeUnits: Map<string, number>;
  /** The free-units schemes that gave them, in order. */
  freeUnitSchemes: string[];
  /** Voice price overrides in the tariff's currency, or null. */
  overrides: PriceOverrides | null;
}

/**
 * RULES.md 22: the free units and price overrides of `schemes` (the schemes in force, any kinds)
 * that apply to the contract's cycle (`schemeApplies`) and reach the subscription
 * (`schemeReaches`); `currency` is the currency of the subscription's tariff. Null when none does:
 * the cycle is read exactly as without discounts.
 */
export function ratingDiscounts(
  schemes: readonly DiscountScheme[],
  context: DiscountContext,
  subscription: { id: string; tariffId: string },
  currency: string | null,
): RatingDiscounts | null {
  let free: FreeUnitsScheme[] | null = null;
  let overrides: PriceOverrideScheme[] | null = null;
  for (const scheme of schemes) {
    if (scheme.kind !== 'free-units' && scheme.kind !== 'price-override') continue;
    if (!schemeApplies(scheme, context) || !schemeReaches(scheme.scope, context, subscription)) continue;
    if (scheme.kind === 'free-units') (free ??= []).push(scheme);
    else (overrides ??= []).push(scheme);
  }
  if (free === null && overrides === null) return null;
  const freeUnits = new Map<string, number>();
  for (const scheme of free ?? []) freeUnits.set(scheme.usageType, (freeUnits.get(scheme.usageType) ?? 0) + freeQuantity(scheme));
  return {
    freeUnits,
    freeUnitSchemes: (free ?? []).sort(byOrder).map((s) => s.id),
    overrides: overrides && currency !== null ? PriceOverrides.compile(overrides, currency) : null,
  };
}

/**
 * The price overrides that apply to the cycle and reach the subscription but are priced in another
 * currency than its tariff, so `ratingDiscounts` leaves them out: the bill run reports them rather
 * than let a scheme the operator imported do nothing unseen.
 */
export function overridesInOtherCurrency(
  schemes: readonly DiscountScheme[],
  context: DiscountContext,
  subscription: { id: string; tariffId: string },
  currency: string,
): PriceOverrideScheme[] {
  return schemes.filter((scheme): scheme is PriceOverrideScheme => scheme.kind === 'price-override' && scheme.currency !== currency
    && schemeApplies(scheme, context) && schemeReaches(scheme.scope, context, subscription));
}

/** A free-units quantity: a whole number of units >= 0 (what an allowance is, RULES 4). */
export function freeQuantity(scheme: Pick<FreeUnitsScheme, 'id' | 'quantity'>): number {
  const text = String(scheme.quantity).trim();
  const value = /^[0-9]+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value)) throw new RangeError(`free-units scheme ${scheme.id}: quantity ${JSON.stringify(scheme.quantity)} is not a whole number of units >= 0`);
  return value;
}
