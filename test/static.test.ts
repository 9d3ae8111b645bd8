/** Checks that keep the tree honest: it type-checks, and the API types are generated from the current openapi.yaml. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

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
});
