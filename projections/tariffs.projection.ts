/** Tariff packages with all their versions, newest validFrom last; the version valid at a date is the last one on or before it. */
import { documentProjection } from '../src/processing/projection.ts';
import type { TariffDefinition } from '../src/domain/tariff/definition.ts';
import type { TariffPackage } from '../src/domain/tariff/versions.ts';

export const TARIFFS = 'tariffs';

/** A tariff package as stored: the domain's `TariffPackage`. */
export type TariffDocument = TariffPackage;

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
