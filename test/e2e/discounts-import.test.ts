/**
 * `billstream import discounts FILE|DIR` as users run it (real processes, real files): the
 * examples import with nothing rejected and again with everything unchanged; every bad input of
 * issue 15 is reported with the file, its line and column, the scheme's id and the reason, while
 * the file's other schemes are kept (none with --all-or-nothing); versions by validFrom.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileWriter, openTestBillstream, temporaryDataDir } from '../support/billstream.ts';
import { runBillstream } from '../support/processes.ts';
import { importCrmExamples } from '../support/crm-examples.ts';
import { DISCOUNTS, type DiscountDocument } from '../../projections/discounts.projection.ts';
import { discountVersionOn } from '../../src/domain/discount/versions.ts';

const BAD = `# one good scheme among bad ones
- id: GOOD
  name: { en: Good }
  validFrom: 2026-01-01
  scope: { clients: [C-0001] }
  kind: percentage
  percent: "10"
- id: TOO-MUCH
  name: { en: Too much }
  validFrom: 2026-01-01
  scope: { everyone: true }
  kind: percentage
  percent: "120"
- id: NEGATIVE
  name: { en: Negative }
  validFrom: 2026-01-01
  scope: { everyone: true }
  kind: percentage
  percent: -5
- id: NO-CURRENCY
  name: { en: No currency }
  validFrom: 2026-01-01
  scope: { everyone: true }
  kind: fixed
  amount: "500"
- id: GHOSTS
  name: { en: Ghosts }
  validFrom: 2026-01-01
  scope: { clients: [C-0001, C-9999], contracts: [K-9999], tariffs: [NO-SUCH-TARIFF] }
  kind: percentage
  percent: "5"
- id: BOGOF
  name: { en: Buy one get one free }
  validFrom: 2026-01-01
  scope: { everyone: true }
  kind: bogof
- id: BIRTHDAY
  name: { en: Birthday }
  validFrom: 2026-01-01
  scope: { everyone: true }
  kind: percentage
  percent: "5"
  when: { birthday: true }
- id: BACKWARDS
  name: { en: Backwards }
  validFrom: 2026-06-01
  validTo: 2026-01-01
  scope: { everyone: true }
  kind: percentage
  percent: "5"
- id: TYPO
  name: { en: Typo }
  validFrom: 2026-01-01
  scope: { everyone: true }
  kind: percentage
  percnt: "5"
`;

describe('billstream import discounts', () => {
  let dataDir: string;
  let write: (name: string, text: string) => string;
  const cli = (...args: string[]) => runBillstream(['--data', dataDir, ...args], { timeoutMs: 120_000 });

  beforeAll(async () => {
    dataDir = temporaryDataDir('billstream-discounts-');
    write = fileWriter(temporaryDataDir('billstream-discount-files-'));
    const billstream = await openTestBillstream({ dataDir });
    try {
      await importCrmExamples(billstream);
    } finally {
      await billstream.close();
    }
  }, 120_000);
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('imports examples/discounts with nothing rejected, and again with everything unchanged', async () => {
    const first = await cli('import', 'discounts', 'examples/discounts');
    expect(first.stderr).toBe('');
    expect(first.stdout.trim()).toBe('examples/discounts: 6 created, 0 updated, 0 unchanged, 0 rejected');
    expect(first.code).toBe(0);
    const again = await cli('import', 'discounts', 'examples/discounts', '--json');
    expect(JSON.parse(again.stdout)).toEqual({ created: 0, updated: 0, unchanged: 6, rejected: 0, errors: [] });
    expect(again.code).toBe(0);
  }, 240_000);

  it('reports each bad scheme with file, line, column, scheme id and reason, and keeps the good one', async () => {
    const file = write('bad/offers.yaml', BAD);
    const dir = path.dirname(file);
    const run = await cli('import', 'discounts', dir);
    expect(run.code).toBe(1);
    expect(run.stdout.trim()).toBe(`${dir}: 1 created, 0 updated, 0 unchanged, 8 rejected`);
    // Each problem's place is the file it is in (an editor opens it at that line), not the folder.
    expect(run.stderr.trim().split('\n')).toEqual([
      `${file}:13:12: scheme TOO-MUCH: percent: 120 is over 100 (a percentage is from 0 to 100)`,
      `${file}:19:12: scheme NEGATIVE: percent: -5 is below 0 (a percentage is from 0 to 100)`,
      `${file}:20:3: scheme NO-CURRENCY: currency: is required`,
      `${file}:29:30: scheme GHOSTS: scope.clients[1]: client C-9999 does not exist`,
      `${file}:29:51: scheme GHOSTS: scope.contracts[0]: contract K-9999 does not exist`,
      `${file}:29:70: scheme GHOSTS: scope.tariffs[0]: tariff NO-SUCH-TARIFF does not exist`,
      `${file}:36:9: scheme BOGOF: kind: "bogof" is not one of percentage, fixed, volume, commitment, free-units, price-override`,
      // An unknown key is pointed at the key (the typo), not at its value.
      `${file}:43:11: scheme BIRTHDAY: when.birthday: unknown condition (expected one of categoriesActive, tenureMonths, firstCycles)`,
      `${file}:47:12: scheme BACKWARDS: validTo: 2026-01-01 is not after validFrom 2026-06-01 (validTo is the first day it no longer applies)`,
      `${file}:51:3: scheme TYPO: percent: is required (a decimal, like "12.5")`,
      `${file}:56:3: scheme TYPO: percnt: unknown field (expected one of id, name, validFrom, validTo, scope, kind, on, when, priority, group, cap, percent, amount, currency, thresholds, minimum, category, usageType, quantity, prefixes, peak, offpeak)`,
    ]);
    const json = JSON.parse((await cli('import', 'discounts', dir, '--json')).stdout) as { errors: { file?: string; line: number; column: number; reason: string }[] };
    expect(json.errors[0]).toEqual({ file, line: 13, column: 12, reason: 'scheme TOO-MUCH: percent: 120 is over 100 (a percentage is from 0 to 100)' });
  }, 120_000);

  it('warns of a code in on.codes that no tariff has (a typo selects nothing), imports the scheme, and counts usage codes as known', async () => {
    const file = write('codes/codes.yaml', [
      '- { id: CODE-TYPO, name: x, validFrom: 2026-01-01, scope: { contracts: [K-0001] }, kind: percentage, percent: "50", on: { codes: [FIBRE-10, FIBRE-100] } }',
      '- { id: CODE-OK, name: x, validFrom: 2026-01-01, scope: { contracts: [K-0001] }, kind: percentage, percent: "5", on: { codes: [VOIP-SETUP, USAGE-VOICE] } }',
      '',
    ].join('\n'));
    const run = await cli('import', 'discounts', file);
    expect(run.code).toBe(0);
    expect(run.stderr.trim()).toBe(`${file}:1:131: warning: scheme CODE-TYPO: on.codes[0]: no tariff has a fee with code FIBRE-10 (yet)`);
    expect(run.stdout.trim()).toBe(`${file}: 2 created, 0 updated, 0 unchanged, 0 rejected`);
    const json = JSON.parse((await cli('import', 'discounts', file, '--json')).stdout) as Record<string, unknown>;
    expect(json).toEqual({
      created: 0, updated: 0, unchanged: 2, rejected: 0, errors: [],
      warnings: [{ line: 1, column: 131, reason: 'scheme CODE-TYPO: on.codes[0]: no tariff has a fee with code FIBRE-10 (yet)' }],
    });
  }, 120_000);

  it('imports nothing of a file with a bad scheme under --all-or-nothing; a YAML error names its place', async () => {
    const file = write('strict.yaml', `- id: STRICT-GOOD\n  name: Strict good\n  validFrom: 2026-01-01\n  scope: { everyone: true }\n  kind: fixed\n  amount: "5"\n  currency: EUR\n- id: STRICT-BAD\n  name: Strict bad\n  validFrom: 2026-01-01\n  scope: { partners: [P-NOPE] }\n  kind: fixed\n  amount: "5"\n  currency: EUR\n`);
    const strict = await cli('import', 'discounts', file, '--all-or-nothing');
    expect(strict.code).toBe(1);
    expect(strict.stderr.trim()).toBe(`${file}:11:23: scheme STRICT-BAD: scope.partners[0]: partner P-NOPE does not exist`);
    expect(strict.stdout.trim()).toBe(`${file}: 0 created, 0 updated, 0 unchanged, 1 rejected (nothing imported: --all-or-nothing)`);

    const broken = write('broken.yaml', 'id: X\nname: { en: X\nkind: percentage\n');
    const syntax = await cli('import', 'discounts', broken, '--json');
    expect(syntax.code).toBe(1);
    const summary = JSON.parse(syntax.stdout) as { rejected: number; errors: { line: number; reason: string }[] };
    expect(summary.rejected).toBe(1);
    expect(summary.errors[0]!.reason).toMatch(/^YAML syntax: /);
  }, 120_000);

  it('versions a scheme by validFrom: the same date revises, a later one supersedes, validTo ends it', async () => {
    const scheme = (validFrom: string, percent: string, validTo = 'null') =>
      `id: SEASONAL\nname: { en: Seasonal }\nvalidFrom: ${validFrom}\nvalidTo: ${validTo}\nscope: { contracts: [K-0001] }\nkind: percentage\npercent: ${percent}\non: { charges: [recurring] }\n`;
    const run = async (text: string) => JSON.parse((await cli('import', 'discounts', write('seasonal.yaml', text), '--json')).stdout) as Record<string, number>;
    expect(await run(scheme('2026-01-01', '"10"'))).toMatchObject({ created: 1, rejected: 0 });
    expect(await run(scheme('2026-01-01', '"10"'))).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
    expect(await run(scheme('2026-01-01', '12'))).toMatchObject({ updated: 1 });
    expect(await run(scheme('2026-07-01', '"15"', '2027-01-01'))).toMatchObject({ updated: 1 });

    const billstream = await openTestBillstream({ dataDir });
    try {
      await billstream.catchUp();
      const document = (await billstream.readStore.get(DISCOUNTS, 'SEASONAL')) as DiscountDocument;
      expect(document.versions.map((v) => [v.validFrom, v.validTo, 'percent' in v ? v.percent : null])).toEqual([['2026-01-01', null, '12'], ['2026-07-01', '2027-01-01', '15']]);
      expect(document.revision).toBe(2);
      const percentOn = (date: string) => {
        const version = discountVersionOn(document.versions, date);
        return version && 'percent' in version ? version.percent : null;
      };
      expect([percentOn('2025-12-31'), percentOn('2026-06-30'), percentOn('2026-07-31'), percentOn('2027-01-31')]).toEqual([null, '12', '15', null]);
    } finally {
      await billstream.close();
    }
  }, 240_000);

  it('counts a scheme once however many versions a file gives; an unquoted numeric id is the text written', async () => {
    const version = (validFrom: string, percent: string) =>
      `- { id: X1, name: Twice, validFrom: ${validFrom}, scope: { contracts: [K-0001] }, kind: percentage, percent: "${percent}", on: { charges: [recurring] } }\n`;
    const twoVersions = write('two-versions.yaml', version('2027-01-01', '5') + version('2027-02-01', '6'));
    const run = async (file: string) => JSON.parse((await cli('import', 'discounts', file, '--json')).stdout) as Record<string, unknown>;
    expect(await run(twoVersions)).toMatchObject({ created: 1, updated: 0, unchanged: 0, rejected: 0 });
    expect(await run(twoVersions)).toMatchObject({ created: 0, updated: 0, unchanged: 1, rejected: 0 });
    // A third version: the scheme is updated, once.
    expect(await run(write('three-versions.yaml', version('2027-01-01', '5') + version('2027-02-01', '6') + version('2027-03-01', '7')))).toMatchObject({ created: 0, updated: 1, unchanged: 0 });

    // 9.2 prints back as written, so YAML keeps it a number; 007 and 1.50 would not, so they arrive as text: all are ids.
    const ids = ['9.2', '007', '1.50', '42'];
    const numeric = write('numeric-ids.yaml', ids.map((id) => `- { id: ${id}, name: N, validFrom: 2027-01-01, scope: { contracts: [K-0001] }, kind: percentage, percent: "1" }\n`).join(''));
    expect(await run(numeric)).toMatchObject({ created: 4, rejected: 0, errors: [] });
    const billstream = await openTestBillstream({ dataDir });
    try {
      await billstream.catchUp();
      for (const id of ids) expect(((await billstream.readStore.get(DISCOUNTS, id)) as DiscountDocument | null)?.id, id).toBe(id);
    } finally {
      await billstream.close();
    }
  }, 240_000);
});
