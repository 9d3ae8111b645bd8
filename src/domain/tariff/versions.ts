/**
 * A tariff package with all its published versions, and the one rule for which version applies
 * on a date (RULES.md 2): the last version valid from that date or earlier; none before the
 * first version (a record then stays unresolved with `no-rate`, and no fee is charged).
 */
import type { TariffDefinition } from './definition.ts';

export type TariffVersion = Omit<TariffDefinition, 'id'> & { contentHash: string; publishedAt: string };

export interface TariffPackage {
  [key: string]: unknown;
  id: string;
  name: TariffDefinition['name'];
  category: string;
  currency: string;
  /** In validFrom order, oldest first. */
  versions: TariffVersion[];
  revision: number;
}

export function tariffVersionOn<V extends { validFrom: string } = TariffVersion>(tariff: { versions: readonly V[] }, date: string): V | null {
  for (let i = tariff.versions.length - 1; i >= 0; i--) if (tariff.versions[i]!.validFrom <= date) return tariff.versions[i]!;
  return null;
}
