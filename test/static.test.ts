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
  const cruise = (cwd: string) => run(bin('depcruise'), ['src', 'projections', 'sagas', 'tools', 'bin', '--config', path.resolve('.dependency-cruiser.cjs'), '--output-type', 'err'], { cwd })
    .then(({ stdout }) => ({ ok: true, stdout }), (error: { stdout: string }) => ({ ok: false, stdout: error.stdout }));

  it('keeps every import in its layer, with no circle and no orphan (dependency-cruiser, .dependency-cruiser.cjs)', async () => {
    const result = await cruise(process.cwd());
    // On failure the output names each violating import and the rule it breaks.
    expect(result.stdout.replace(/\x1b\[[0-9;]*m/g, '')).toContain('no dependency violations found');
    expect(result.ok).toBe(true);
  }, 120_000);

  it('would refuse a domain module that imports a use case, the composition root or the file system, and an import circle', async () => {
    const tree = fs.mkdtempSync(path.join(os.tmpdir(), 'billstream-layers-'));
    const write = (file: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(tree, file)), { recursive: true });
      fs.writeFileSync(path.join(tree, file), text);
    };
    write('tsconfig.json', JSON.stringify({ compilerOptions: { module: 'nodenext', allowImportingTsExtensions: true, noEmit: true } }));
    for (const dir of ['projections', 'sagas', 'tools', 'bin']) write(`${dir}/.keep`, '');
    write('src/main.ts', "import { rule } from './domain/rule.ts';\nexport const main = rule;\n");
    write('src/app/use-case.ts', "import { main } from '../main.ts';\nexport const useCase = main;\n");
    write('src/domain/rule.ts', "import fs from 'node:fs';\nimport type { useCase } from '../app/use-case.ts';\nexport const rule: typeof useCase | typeof fs | null = null;\n");
    const result = await cruise(tree);
    const report = result.stdout.replace(/\x1b\[[0-9;]*m/g, '');
    expect(result.ok).toBe(false);
    expect(report).toContain('domain-is-pure: src/domain/rule.ts → src/app/use-case.ts');
    expect(report).toContain('domain-does-no-io: src/domain/rule.ts → fs');
    expect(report).toContain('app-takes-narrow-dependencies: src/app/use-case.ts → src/main.ts');
    expect(report).toContain('no-circular');
  }, 120_000);

  it('type-checks under strict TypeScript', async () => {
    const result = await run(bin('tsc'), ['--noEmit', '-p', '.']).catch((error: { stdout: string }) => error);
    expect('stdout' in result ? result.stdout : '').toBe('');
  }, 120_000);

  it('type-checks the console under strict TypeScript with the DOM (console/tsconfig.json)', async () => {
    const result = await run(bin('tsc'), ['--noEmit', '-p', 'console']).catch((error: { stdout: string }) => error);
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
