/**
 * The one YAML reader every YAML input goes through (tariffs, legal entities, charts of
 * accounts): its limits keep the parser's work small whatever the text, and every broken limit is
 * a row error with a line and column, never a throw.
 */
import { describe, expect, it } from 'vitest';
import { readYaml, YAML_LIMITS } from '../../src/import/yaml.ts';

describe('readYaml', () => {
  it('refuses more lines and flow items than the limit before parsing, at the first one too many', () => {
    // The newline of line 1 is the first; the comma after the (limit - 1)th zero goes past the limit.
    const flow = `id: HU1\npayment: [${Array.from({ length: 40_000 }, () => '0').join(',')}]\n`;
    const started = performance.now();
    const read = readYaml(flow);
    expect(performance.now() - started).toBeLessThan(100);
    expect(read.value).toBeNull();
    expect(read.errors).toEqual([{ line: 2, column: 12 + 2 * (YAML_LIMITS.maxValues - 1), reason: `YAML: more than ${YAML_LIMITS.maxValues} lines and flow items; split the file` }]);
    const lines = Array.from({ length: YAML_LIMITS.maxValues + 5 }, (_, i) => `k${i}: ${i}`).join('\n');
    expect(readYaml(lines).errors[0]).toMatchObject({ line: YAML_LIMITS.maxValues + 1, reason: expect.stringMatching(/more than/) });
  });

  it('reads a file just within the limit', () => {
    const lines = Array.from({ length: YAML_LIMITS.maxValues }, (_, i) => `k${i}: ${i}`).join('\n');
    const read = readYaml(lines);
    expect(read.errors).toEqual([]);
    expect((read.value as Record<string, number>)[`k${YAML_LIMITS.maxValues - 1}`]).toBe(YAML_LIMITS.maxValues - 1);
  });

  it('keeps an unquoted number that does not print back as written as the text written (leading zeros, long decimals, trailing zeros, exponents, hex, infinity); others stay numbers', () => {
    const read = readYaml('postalCode: 01067\nprefix: 007\namount: 99999999999999.99\nupTo: 12345678901234567\nprice: 5.10\nexp: 1e3\nhex: 0x1F\ninf: .inf\nquantity: 6000\nrate: 12.5\nnegative: -3\nquoted: "0042"\n');
    expect(read.errors).toEqual([]);
    expect(read.value).toEqual({
      postalCode: '01067', prefix: '007', amount: '99999999999999.99', upTo: '12345678901234567', price: '5.10', exp: '1e3', hex: '0x1F', inf: '.inf',
      quantity: 6000, rate: 12.5, negative: -3, quoted: '0042',
    });
  });

  it('refuses a second document in one file in words of the file, not of the parser', () => {
    expect(readYaml('a: 1\n---\nb: 2\n').errors).toEqual([{ line: 2, column: 1, reason: 'YAML: a second document (after ---) in one file; put each in a file of its own, or make them one list' }]);
  });

  it('names a duplicate key where it appears the second time, in nested maps too', () => {
    expect(readYaml('a: 1\nb: 2\na: 3\n').errors).toEqual([{ line: 3, column: 1, reason: 'YAML syntax: Map keys must be unique (a appears twice)' }]);
    expect(readYaml('usage:\n  - type: voice\n    type: data\n').errors).toEqual([{ line: 3, column: 5, reason: 'YAML syntax: Map keys must be unique (type appears twice)' }]);
    // The same key in two maps is no duplicate.
    expect(readYaml('- type: voice\n- type: data\n').errors).toEqual([]);
  });
});
