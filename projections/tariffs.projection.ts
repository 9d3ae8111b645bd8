/** Tariff packages with all their versions, newest validFrom last; the version valid at a date is the last one on or before it. */
import { documentProjection } from '../src/processing/projection.ts';
import type { TariffDefinition } from '../src/domain/tariff/definition.ts';

export const TARIFFS = 'tariffs';

export interface TariffDocument {
  [key: string]: unknown;
  id: string;
  name: TariffDefinition['name'];
  category: string;
  currency: string;
  versions: (Omit<TariffDefinition, 'id'> & { contentHash: string; publishedAt: string })[];
  revision: number;
}

export const tariffsProjection = documentProjection<TariffDocument>({
  name: 'tariffs',
  version: 1,
  collection: { name: TARIFFS, indexes: ['category'] },
  handles: ['TariffVersionPublished'],
  documentId: (event) => (event.data as { id: string }).id,
  evolve(document, event) {
    const { id, ...version } = event.data as TariffDefinition & { contentHash: string };
    const others = (document?.versions ?? []).filter((v) => v.validFrom !== version.validFrom);
    const versions = [...others, { ...version, publishedAt: event.metadata.recordedAt }].sort((a, b) => a.validFrom.localeCompare(b.validFrom));
    const latest = versions[versions.length - 1]!;
    return { id, name: latest.name, category: latest.category, currency: latest.currency, versions, revision: event.revision };
  },
});

/** The version of a tariff in force on a date: the last whose validFrom is on or before it (else the first). */
export function tariffVersionOn(tariff: TariffDocument, date: string): TariffDocument['versions'][number] {
  return [...tariff.versions].reverse().find((v) => v.validFrom <= date) ?? tariff.versions[0]!;
}
