/**
 * A discount scheme with all its published versions, and the one rule for which version applies
 * on a date (RULES.md 19, versioned like tariffs): the version with the latest `validFrom` on or
 * before the date, when the date is also before that version's `validTo` (null: open-ended).
 * A later version supersedes an earlier one from its `validFrom` on, whatever the earlier one's
 * `validTo`; setting `validTo` on the last version ends the scheme.
 *
 * The date is the cycle's last day (RULES.md 19): a scheme applies to a cycle whose last day is in
 * `[validFrom, validTo)`.
 */
import type { DiscountScheme } from './definition.ts';

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

/** One version as stored: the scheme without its id, with the hash of its content and when it was published. */
export type DiscountVersion = WithoutId<DiscountScheme> & { contentHash: string; publishedAt: string };

/** A scheme's read model (projections/discounts.projection.ts): every version, oldest validFrom first. */
export interface DiscountSchemeDocument {
  [key: string]: unknown;
  id: string;
  /** The latest version's name and kind. */
  name: DiscountScheme['name'];
  kind: DiscountScheme['kind'];
  /** In validFrom order, oldest first. */
  versions: DiscountVersion[];
  revision: number;
}

/** The version in force on `date` (YYYY-MM-DD), or null: before the first version, or on/after the validTo of the one that would apply. */
export function discountVersionOn<V extends { validFrom: string; validTo: string | null }>(versions: readonly V[], date: string): V | null {
  let found: V | null = null;
  for (const version of versions) if (version.validFrom <= date && (found === null || version.validFrom > found.validFrom)) found = version;
  if (found === null || (found.validTo !== null && date >= found.validTo)) return null;
  return found;
}

/**
 * The schemes in force on `date`, each as the `DiscountScheme` of its version then, in the order
 * they apply (RULES.md 20: ascending priority, ties by id).
 */
export function schemesInForce(schemes: readonly Pick<DiscountSchemeDocument, 'id' | 'versions'>[], date: string): DiscountScheme[] {
  const out: DiscountScheme[] = [];
  for (const scheme of schemes) {
    const version = discountVersionOn(scheme.versions, date);
    if (!version) continue;
    // A stored version has no id of its own; whatever one carries, the scheme's id is the one.
    const { contentHash: _hash, publishedAt: _at, id: _id, ...definition } = version as DiscountVersion & { id?: unknown };
    out.push({ id: scheme.id, ...definition } as DiscountScheme);
  }
  return out.sort((a, b) => a.priority - b.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
