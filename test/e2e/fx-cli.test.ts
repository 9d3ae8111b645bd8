/** `billstream import fx-rates` as users run it: a real process on a real data folder. */
import fs from 'node:fs';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { temporaryDataDir } from '../support/billstream.ts';

const BIN = path.resolve('bin/billstream');

function billstream(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: process.env }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('billstream import fx-rates', () => {
  it('imports the example rates, the same file again changes nothing, and bad rows are reported as file:line:column with exit 1', async () => {
    const dir = temporaryDataDir();
    const data = path.join(dir, 'data');
    const first = await billstream(['--data', data, 'import', 'fx-rates', 'examples/fx-rates.csv']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('examples/fx-rates.csv: 72 created, 0 updated, 0 unchanged, 0 rejected');

    const again = await billstream(['--data', data, 'import', 'fx-rates', 'examples/fx-rates.csv', '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual({ created: 0, updated: 0, unchanged: 72, rejected: 0, errors: [] });

    const file = path.join(dir, 'fx-rates.csv');
    fs.writeFileSync(file, ['date,base,quote,rate', '2026-01-01,EUR,HUF,386.45', '2026-01-01,EUR,USD,1.1745', '2026-07-01,EUR,HUF,0', ''].join('\n'));
    const corrected = await billstream(['--data', data, 'import', 'fx-rates', file]);
    expect(corrected.code).toBe(1);
    expect(corrected.stderr).toContain(`${file}:4:4: rate: "0" is zero: a rate is greater than 0`);
    expect(corrected.stdout).toContain('0 created, 1 updated, 1 unchanged, 1 rejected');
  }, 60_000);
});
