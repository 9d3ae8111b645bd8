/** Discount schemes with all their versions, oldest validFrom first; the version in force on a date: `discountVersionOn` (src/domain/discount/versions.ts). */
import { documentProjection } from '../src/processing/projection.ts';
import type { DiscountVersionPublished } from '../src/domain/discount/decider.ts';
import type { DiscountSchemeDocument, DiscountVersion } from '../src/domain/discount/versions.ts';

export const DISCOUNTS = 'discounts';

export type DiscountDocument = DiscountSchemeDocument;

export const discountsProjection = documentProjection<DiscountDocument>({
  name: 'discounts',
  version: 1,
  collection: { name: DISCOUNTS, indexes: ['kind'] },
  handles: ['DiscountVersionPublished'],
  documentId: (event) => (event.data as { id: string }).id,
  evolve(document, event) {
    const { id, ...version } = event.data as DiscountVersionPublished['data'];
    const others = (document?.versions ?? []).filter((v) => v.validFrom !== version.validFrom);
    const versions = [...others, { ...version, publishedAt: event.metadata.recordedAt } as DiscountVersion].sort((a, b) => a.validFrom.localeCompare(b.validFrom));
    const latest = versions[versions.length - 1]!;
    return { id, name: latest.name, kind: latest.kind, versions, revision: event.revision };
  },
});
