/** A discount scheme's versions by validFrom (like tariffs): given past versions, when a command, then these events or this error. */
import { describe, expect, it } from 'vitest';
import { DeciderSpecification } from '../support/decider-spec.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../src/core/errors.ts';
import { discountDecider, type DiscountVersionPublished } from '../../src/domain/discount/decider.ts';
import { contentHash } from '../../src/domain/tariff/decider.ts';
import type { DiscountScheme } from '../../src/domain/discount/definition.ts';

const spec = DeciderSpecification.for(discountDecider);

const V1: DiscountScheme = {
  id: 'LOYALTY-12',
  name: { en: 'Loyalty discount', hu: 'Hűségkedvezmény' },
  validFrom: '2026-01-01',
  validTo: null,
  scope: { everyone: true },
  kind: 'percentage',
  percent: '5',
  on: { charges: ['recurring'] },
  when: { tenureMonths: 12 },
  priority: 20,
  group: 'household',
  cap: null,
};
const published = (scheme: DiscountScheme): DiscountVersionPublished => ({ type: 'DiscountVersionPublished', data: { ...scheme, contentHash: contentHash(scheme) } });

describe('discount scheme decider', () => {
  it('publishes the first version of a scheme', () => {
    spec.given([]).when({ type: 'DefineDiscountScheme', scheme: V1 }).then([published(V1)]);
    spec.given([]).when({ type: 'CreateDiscountScheme', scheme: V1 }).then([published(V1)]);
  });

  it('changes nothing when the same version comes again (an import run twice)', () => {
    spec.given([published(V1)]).when({ type: 'DefineDiscountScheme', scheme: V1 }).thenNothingHappens();
    spec.given([published(V1)]).when({ type: 'ChangeDiscountScheme', scheme: { ...V1 } }).thenNothingHappens();
  });

  it('revises the version of the same validFrom when its content differs', () => {
    const revised = { ...V1, percent: '6' } as DiscountScheme;
    spec.given([published(V1)]).when({ type: 'DefineDiscountScheme', scheme: revised }).then([published(revised)]);
  });

  it('adds a version that supersedes from a later validFrom, and the earlier one stays unchanged', () => {
    const v2 = { ...V1, validFrom: '2026-07-01', percent: '7' } as DiscountScheme;
    spec.given([published(V1)]).when({ type: 'ChangeDiscountScheme', scheme: v2 }).then([published(v2)]);
    // V1 again after v2: still the same as stored for its date, nothing happens.
    spec.given([published(V1), published(v2)]).when({ type: 'DefineDiscountScheme', scheme: V1 }).thenNothingHappens();
  });

  it('ends a scheme by a revision of its version with validTo', () => {
    const ended = { ...V1, validTo: '2026-12-01' };
    spec.given([published(V1)]).when({ type: 'ChangeDiscountScheme', scheme: ended }).then([published(ended)]);
  });

  it('refuses to create a scheme that exists, and to change one that does not', () => {
    spec.given([published(V1)]).when({ type: 'CreateDiscountScheme', scheme: V1 }).thenThrows(ConflictError, (e) => expect(e.message).toBe('discount scheme LOYALTY-12 exists: change it with PUT /discounts/LOYALTY-12'));
    spec.given([]).when({ type: 'ChangeDiscountScheme', scheme: V1 }).thenThrows(NotFoundError, (e) => expect(e.message).toBe('discount scheme LOYALTY-12 does not exist'));
  });

  it('refuses an invalid scheme whatever the way in, naming each field', () => {
    const bad = { ...V1, percent: '120', validTo: '2025-06-01' } as DiscountScheme;
    spec.given([]).when({ type: 'DefineDiscountScheme', scheme: bad }).thenThrows(ValidationError, (e) => {
      expect(e.issues).toEqual([
        { field: 'validTo', message: '2025-06-01 is not after validFrom 2026-01-01 (validTo is the first day it no longer applies)' },
        { field: 'percent', message: '120 is over 100 (a percentage is from 0 to 100)' },
      ]);
    });
  });
});
