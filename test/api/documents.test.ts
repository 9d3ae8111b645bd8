/**
 * What the API sends is typed by the OpenAPI schemas (src/api/documents.ts): the read models and
 * domain types sent as they are must be valid documents of their schemas. tsc checks the types
 * (test/static.test.ts); this test checks that the documents sent really are what the types say.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { components } from '../../src/api/openapi.d.ts';
import { SENT_AS_SCHEMA, type Communication, type CycleUsageDocument, type Invoice, type Page, type Problem } from '../../src/api/documents.ts';
import { problem } from '../../src/api/problems.ts';

describe('API documents', () => {
  it('are the generated schema types', () => {
    expectTypeOf<Problem>().toEqualTypeOf<components['schemas']['Problem']>();
    expectTypeOf<Communication>().toEqualTypeOf<components['schemas']['Communication']>();
    expectTypeOf<CycleUsageDocument>().toEqualTypeOf<components['schemas']['CycleUsage']>();
    expectTypeOf<Invoice>().toEqualTypeOf<components['schemas']['Invoice']>();
    expectTypeOf<Page<Communication>['next']>().toEqualTypeOf<components['schemas']['NextCursor']>();
    expectTypeOf(problem).returns.toEqualTypeOf<components['schemas']['Problem']>();
  });

  it('agree with the read models and domain types sent as they are', () => {
    expect(Object.values(SENT_AS_SCHEMA).every((sameShape) => sameShape === true)).toBe(true);
  });
});
