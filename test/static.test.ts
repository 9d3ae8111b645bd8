/** Checks that keep the tree honest: it type-checks, and the API types are generated from the current openapi.yaml. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const run = promisify(execFile);
const bin = (name: string) => path.resolve('node_modules/.bin', name);

describe('source tree', () => {
  it('type-checks under strict TypeScript', async () => {
    const result = await run(bin('tsc'), ['--noEmit', '-p', '.']).catch((error: { stdout: string }) => error);
    expect('stdout' in result ? result.stdout : '').toBe('');
  }, 120_000);

  it('has API types generated from the current openapi.yaml (npm run api:types)', async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'billstream-types-')), 'openapi.d.ts');
    await run(bin('openapi-typescript'), ['openapi.yaml', '-o', out]);
    expect(fs.readFileSync(out, 'utf8')).toBe(fs.readFileSync('src/api/openapi.d.ts', 'utf8'));
  }, 60_000);

  it('has an openapi.yaml that parses strictly, with no value left empty by a stray comma in a flow map', () => {
    // `{ description: ISO code, not the base. }` parses as a second key `not the base.` with a
    // null value; a contract holds no null anywhere, so every null is such a slip.
    const spec: unknown = parse(fs.readFileSync('openapi.yaml', 'utf8'), { uniqueKeys: true, strict: true, prettyErrors: false });
    const nulls: string[] = [];
    const stack: { value: unknown; path: string }[] = [{ value: spec, path: '' }];
    while (stack.length) {
      const { value, path: at } = stack.pop()!;
      if (value === null) nulls.push(at);
      else if (typeof value === 'object') for (const [key, child] of Object.entries(value)) stack.push({ value: child, path: `${at}/${key}` });
    }
    expect(nulls).toEqual([]);
  });
});
