/** Tariff packages and their rate decks (FORMATS.md): versions, idempotency, and every bad-input case of the issue. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Billstream } from '../../src/main.ts';
import { importTariffs } from '../../src/import/tariffs.ts';
import { errorLine } from '../../src/import/summary.ts';
import { tariffStream } from '../../src/domain/tariff/decider.ts';
import { TARIFFS, type TariffDocument } from '../../projections/tariffs.projection.ts';
import { openTestBillstream, temporaryDataDir } from '../support/billstream.ts';

const DECK_HEADER = 'prefix,destination,peak_per_minute,offpeak_per_minute,connect_fee,min_seconds,first_increment,next_increment';

describe('tariff import', () => {
  let billstream: Billstream;
  const dir = temporaryDataDir('billstream-tariffs-');
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return file;
  };
  const load = (target: string) => importTariffs(billstream, target, { actor: 'test' });

  beforeAll(async () => {
    billstream = await openTestBillstream();
  });
  afterAll(async () => {
    await billstream.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('imports the example tariffs from a folder, and again as all unchanged', async () => {
    expect(await load('examples/tariffs')).toEqual({ created: 7, updated: 0, unchanged: 0, rejected: 0, errors: [] });
    expect(await load('examples/tariffs')).toEqual({ created: 0, updated: 0, unchanged: 7, rejected: 0, errors: [] });
    await billstream.catchUp();
    const voip = (await billstream.readStore.get(TARIFFS, 'HOME-VOIP')) as TariffDocument;
    expect(voip).toMatchObject({ id: 'HOME-VOIP', category: 'voip', currency: 'EUR', name: { en: 'Home VoIP', hu: 'Otthoni VoIP', de: 'Heim-VoIP' } });
    expect(voip.versions.map((v) => v.validFrom)).toEqual(['2025-01-01']);
  });

  it('keeps versions by validFrom: a new date adds one, the same date with other content revises it', async () => {
    const base = fs.readFileSync('examples/tariffs/home-voip.yaml', 'utf8');
    fs.cpSync('examples/tariffs/decks', path.join(dir, 'decks'), { recursive: true });
    const newer = write('home-voip-2026.yaml', base.replace('validFrom: 2025-01-01', 'validFrom: 2026-07-01').replace('"5.00"', '"5.50"'));
    expect(await load(newer)).toMatchObject({ updated: 1 });
    const revised = write('home-voip-2026b.yaml', base.replace('validFrom: 2025-01-01', 'validFrom: 2026-07-01').replace('"5.00"', '"5.90"'));
    expect(await load(revised)).toMatchObject({ updated: 1 });
    await billstream.catchUp();
    const voip = (await billstream.readStore.get(TARIFFS, 'HOME-VOIP')) as TariffDocument;
    expect(voip.versions.map((v) => [v.validFrom, v.recurring[0]!.amount])).toEqual([['2025-01-01', '5.00'], ['2026-07-01', '5.90']]);
    expect((await billstream.eventStore.readStream(tariffStream('HOME-VOIP'))).length).toBe(3);
  });

  it('rejects a deck with duplicate or non-digit prefixes, naming the deck line', async () => {
    write('bad/decks/dup.csv', [DECK_HEADER, '36,Hungary,0.02,0.01,0,0,60,60', '3620,Mobile,0.08,0.05,0,0,30,6', '36,Hungary again,0.03,0.01,0,0,60,60', '49A,Germany,0.03,0.02,0,0,60,60', ''].join('\n'));
    const file = write('bad/dup.yaml', 'id: DUP\nname: { en: Dup }\ncurrency: EUR\nvalidFrom: 2026-01-01\ncategory: voip\nusage:\n  - type: voice\n    deck: decks/dup.csv\n');
    const summary = await load(file);
    expect(summary).toMatchObject({ created: 0, rejected: 1 });
    expect(summary.errors.map((e) => [e.line, e.column])).toEqual([[8, 11], [8, 11]]);
    expect(summary.errors[0]!.reason).toMatch(/usage\[0\]\.deck: decks\/dup\.csv:4:1: duplicate prefix 36 \(first on line 2\)/);
    expect(summary.errors[1]!.reason).toMatch(/decks\/dup\.csv:5:1: .*49A/);
  });

  it('rejects a tariff referencing a missing deck, overlapping bands, and unknown fields or types, each where it stands', async () => {
    const file = write('bad/many.yaml', [
      'id: MANY',
      'name: { en: Many problems }',
      'currency: EURO',
      'validFrom: 2026-13-01',
      'category: voip',
      'colour: red',
      'usage:',
      '  - type: voice',
      '    deck: decks/missing.csv',
      '    bands:',
      '      peak:',
      '        - { days: [Mon, Tue], from: "08:00", to: "12:00" }',
      '        - { days: [Tue], from: "11:00", to: "14:00" }',
      '  - { type: fax, price: "1" }',
      '  - type: data',
      '    tiers: [{ upTo: 100, price: "0" }, { upTo: 50, price: "1" }, { upTo: null, price: "-1" }]',
      '',
    ].join('\n'));
    const summary = await load(file);
    expect(summary.rejected).toBe(1);
    const reasons = summary.errors.map((e) => `${e.line}:${e.column} ${e.reason}`);
    expect(reasons).toEqual(expect.arrayContaining([
      expect.stringMatching(/^3:11 currency: "EURO" is not an ISO 4217 currency code/),
      expect.stringMatching(/^4:12 validFrom: .*not a (calendar )?date/),
      expect.stringMatching(/^6:1 colour: unknown field/), // the key, the misspelt or stray part
      expect.stringMatching(/^9:11 usage\[0\]\.deck: decks\/missing\.csv does not exist/),
      expect.stringMatching(/^11:7 usage\[0\]\.bands: .*overlap/),
      expect.stringMatching(/^14:13 usage\[1\]\.type: "fax" is not a usage type/),
      expect.stringMatching(/^16:48 usage\[2\]\.tiers\[1\]\.upTo: 50 is not above the previous tier's 100/),
      expect.stringMatching(/usage\[2\]\.tiers\[2\]\.price: -1 is negative/),
    ]));
  });

  it('refuses an unknown usage type once, without a second, false "rated twice" beside a real sms entry', async () => {
    const summary = await load(write('fax.yaml', ['id: FAX', 'name: Fax', 'currency: EUR', 'validFrom: 2026-01-01', 'category: voip', 'usage:', '  - { type: sms, price: "0.10" }', '  - { type: fax, price: "3" }', ''].join('\n')));
    expect(summary.errors.map((e) => e.reason)).toEqual(['usage[1].type: "fax" is not a usage type (voice, data, sms, mms, vod)']);
  });

  it('refuses an allowance setting it would not apply (unit, perCall, rollover), at its line and column', async () => {
    const file = write('bad/allowance.yaml', [
      'id: ALLOW',
      'name: { en: Allowances }',
      'currency: EUR',
      'validFrom: 2026-01-01',
      'category: internet',
      'usage:',
      '  - type: data',
      '    unit: GB',
      '    allowance: { quantity: 5, unit: MB }',
      '    tiers: [{ upTo: null, price: "1" }]',
      '  - { type: sms, price: "0.10", allowance: { quantity: 50, rollover: true } }',
      '',
    ].join('\n'));
    const summary = await load(file);
    expect(summary).toMatchObject({ created: 0, rejected: 1 });
    expect(summary.errors.map((e) => `${e.line}:${e.column} ${e.reason}`)).toEqual([
      '9:31 usage[0].allowance.unit: unknown field (expected one of quantity)',
      '11:60 usage[1].allowance.rollover: unknown field (expected one of quantity)',
    ]);
  });

  it('stores unquoted numbers and ids exactly as written, refuses exponents, and takes the currency in any case', async () => {
    fs.cpSync('examples/tariffs/decks', path.join(dir, 'decks'), { recursive: true });
    const tariff = (amount: string, price: string) => [
      'id: 0100',
      'name: { en: Written as is }',
      'currency: eur',
      'validFrom: 2026-01-01',
      'category: internet',
      `recurring: [{ code: 0200, name: { en: Line }, amount: ${amount} }]`,
      'usage:',
      '  - type: data',
      `    tiers: [{ upTo: 12345678901234567, price: ${price} }, { upTo: null, price: "0" }]`,
      '',
    ].join('\n');
    expect(await load(write('exact/written.yaml', tariff('99999999999999.99', '0.50')))).toMatchObject({ created: 1, rejected: 0 });
    await billstream.catchUp();
    const stored = (await billstream.readStore.get(TARIFFS, '0100')) as TariffDocument;
    expect(stored.currency).toBe('EUR');
    const version = stored.versions[0]!;
    expect(version.recurring[0]).toMatchObject({ code: '0200', amount: '99999999999999.99' });
    expect(version.usage[0]).toMatchObject({ tiers: [{ upTo: '12345678901234567', price: '0.50' }, { upTo: null, price: '0' }] });

    // Beyond 15 digits before the point an amount is a typo (as for payments), refused at its key.
    const huge = await load(write('exact/huge.yaml', tariff('"999999999999999999.99"', '"1000000000000000"')));
    expect(huge.errors.map((e) => e.reason)).toEqual([
      'recurring[0].amount: 999999999999999999.99 has more than 15 digits before the decimal point',
      'usage[0].tiers[0].price: 1000000000000000 has more than 15 digits before the decimal point',
    ]);

    const exponent = await load(write('exact/exponent.yaml', tariff('1e3', '2.5E-1')));
    expect(exponent).toMatchObject({ rejected: 1 });
    expect(exponent.errors.map((e) => e.reason)).toEqual([
      'recurring[0].amount: "1e3" is not a decimal amount (like "5.00")',
      'usage[0].tiers[0].price: "2.5E-1" is not a decimal amount (like "5.00")',
    ]);
  });

  describe('a tier table that does not parse is refused at import, never priced at 0 (issue 12)', () => {
    const dataTariff = (id: string, lines: string[]) => write(`tiers/${id}.yaml`, [
      `id: ${id}`, 'name: { en: Tiers }', 'currency: EUR', 'validFrom: 2026-01-01', 'category: internet', 'usage:', '  - type: data', ...lines, '',
    ].join('\n'));
    const problems = async (file: string) => {
      const summary = await load(file);
      expect(summary).toMatchObject({ created: 0, updated: 0, unchanged: 0, rejected: 1 });
      return summary.errors.map((e) => `${e.line}:${e.column} ${e.reason}`);
    };

    it('refuses a bound of 0 (rating refuses it and priced the cycle at 0)', async () => {
      expect(await problems(dataTariff('ZERO-BOUND', ['    tiers: [{ upTo: 0, price: "1" }, { upTo: null, price: "0.5" }]']))).toEqual([
        expect.stringMatching(/^8:21 usage\[0\]\.tiers\[0\]\.upTo: 0 must be greater than 0$/),
      ]);
    });

    it('refuses a setting of a tier or of the data usage that nothing reads (a misspelt mode, a bound under another name)', async () => {
      expect(await problems(dataTariff('UNKNOWN-KEYS', [
        '    mode: volume',
        '    tiers:',
        '      - { upTo: 100, price: "0", per: GB }',
        '      - { to: 500, price: "0.5" }',
      ]))).toEqual([
        expect.stringMatching(/^8:5 usage\[0\]\.mode: unknown field \(expected one of type, unit, tiering, tiers, allowance\)$/),
        expect.stringMatching(/^10:34 usage\[0\]\.tiers\[0\]\.per: unknown field \(expected one of upTo, price\)$/),
        expect.stringMatching(/^11:11 usage\[0\]\.tiers\[1\]\.to: unknown field \(expected one of upTo, price\)$/),
      ]);
    });

    it('refuses a tier that is not a mapping, a missing price, and an unknown tiering mode, each where it stands', async () => {
      const reasons = await problems(dataTariff('SHAPES', [
        '    tiering: flat',
        '    tiers:',
        '      - 100',
        '      - { upTo: 200 }',
        '      - { upTo: null, price: "0.5" }',
      ]));
      expect(reasons).toEqual(expect.arrayContaining([
        expect.stringMatching(/^8:14 usage\[0\]\.tiering: "flat" is not one of graduated, volume$/),
        expect.stringMatching(/^10:9 usage\[0\]\.tiers\[0\]: a tier is a mapping \{ upTo, price \}/),
        expect.stringMatching(/^11:9 usage\[0\]\.tiers\[1\]\.price: is required/),
      ]));
    });

    it('refuses an event price rating cannot represent (more than 9 decimals)', async () => {
      const file = write('tiers/sms.yaml', ['id: SMS-NANO', 'name: { en: Sms }', 'currency: EUR', 'validFrom: 2026-01-01', 'category: voip', 'usage:', '  - { type: sms, price: "0.0000000001" }', ''].join('\n'));
      expect(await problems(file)).toEqual([expect.stringMatching(/^7:25 usage\[0\]\.price: .*10 decimals; at most 9/)]);
    });

    it('names the file of a folder a problem is in as the place itself (FOLDER/file.yaml:line:column), in the CLI line and in JSON', async () => {
      const folder = path.join(dir, 'folder');
      write('folder/events2.yaml', ['id: SMS-NANO2', 'name: { en: Sms }', 'currency: EUR', 'validFrom: 2026-01-01', 'category: voip', 'usage:', '  - { type: sms, price: "0.0000000001" }', ''].join('\n'));
      const summary = await load(folder);
      expect(summary).toMatchObject({ created: 0, rejected: 1 });
      expect(summary.errors).toEqual([{ file: path.join(folder, 'events2.yaml'), line: 7, column: 25, reason: expect.stringMatching(/^usage\[0\]\.price: .*10 decimals; at most 9/) }]);
      expect(errorLine(folder, summary.errors[0]!)).toMatch(new RegExp(`^${folder}/events2\\.yaml:7:25: usage\\[0\\]\\.price: `));
    });

    it('still imports every valid shape: upTo as number or string, one open tier, volume', async () => {
      const summary = await load(dataTariff('GOOD-TIERS', ['    tiering: volume', '    tiers: [{ upTo: 0.5, price: "2" }, { upTo: "100", price: 1 }, { upTo: null, price: "0.25" }]']));
      expect(summary).toMatchObject({ created: 1, rejected: 0 });
    });
  });
});
