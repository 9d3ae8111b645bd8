import { describe, expect, it } from 'vitest';
import { Decimal } from 'decimal.js';
import { sameJson } from '../../src/core/same-json.ts';

describe('sameJson: equal as JSON, apart from key order', () => {
  it('agrees with JSON.stringify on what is written', () => {
    const fresh = { net: new Decimal('1.50'), lines: [{ a: 1, b: undefined, c: [1, 'x', null] }], fx: undefined };
    const stored = JSON.parse(JSON.stringify(fresh)) as unknown;
    expect(sameJson(fresh, stored)).toBe(true);
    expect(sameJson({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true);
    expect(sameJson([undefined], [null])).toBe(true);
  });

  it('finds every difference: a value, a type, a missing or extra key, an array length, nesting', () => {
    expect(sameJson({ a: '1' }, { a: 1 })).toBe(false);
    expect(sameJson({ a: 1 }, { a: 1, b: 0 })).toBe(false);
    expect(sameJson({ a: 1, b: 0 }, { a: 1 })).toBe(false);
    expect(sameJson({ a: [1, 2] }, { a: [1, 2, 3] })).toBe(false);
    expect(sameJson({ a: [{ b: { c: 'x' } }] }, { a: [{ b: { c: 'y' } }] })).toBe(false);
    expect(sameJson({ a: [] }, { a: {} })).toBe(false);
    expect(sameJson({ a: null }, { a: {} })).toBe(false);
    expect(sameJson(new Decimal('1.5'), '1.50')).toBe(false);
  });
});
