/**
 * Reader inputs that failed once (or that the fuzzers reach only by luck), replayed on every run
 * with the same checks as the fuzz targets, plus what each must answer. Inputs the fuzzers find
 * later are saved as files in ./found/ and replayed too.
 */
import type { ReaderInput } from '../reader-host.ts';
import { example, tariffExamples, USAGE_EXAMPLE } from '../support.ts';

export interface ReaderRegression {
  name: string;
  input: ReaderInput;
  /** The summary must reject the input (with a reason naming this, when a pattern). */
  rejected?: true | RegExp;
  /** The summary must reject nothing. */
  accepted?: true;
  /** Found by the fuzz suite in issue 10; fixed by the lead in the named file. */
  note?: string;
}

const homeVoip = tariffExamples().find((t) => t.file === 'home-voip.yaml')!;
const aliasBomb = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...'bcdefghi'.split('').map((c, i) => `${c}: &${c} [${new Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`),
].join('\n');

export const READER_REGRESSIONS: ReaderRegression[] = [
  {
    name: 'tariff without a top-level id (positionOf looped forever at 100 % CPU)',
    note: 'known defect 1: src/import/yaml.ts positionOf',
    input: { reader: 'tariffs', text: homeVoip.text.replace(/^id: .*\n/m, ''), decks: homeVoip.decks },
    rejected: /\bid\b/,
  },
  {
    name: 'empty tariff file (the fuzzer\'s shrunk form of the same loop)',
    note: 'known defect 1',
    input: { reader: 'tariffs', text: '', decks: {}, label: 'fibre-100.yaml' },
    rejected: true,
  },
  {
    name: 'tariff with an issue under a key holding a dot (positionOf path without a parent)',
    note: 'same loop as known defect 1',
    input: { reader: 'tariffs', text: `${homeVoip.text.replace(/^currency: .*\n/m, '')}"a.b": 1\n`, decks: homeVoip.decks },
    rejected: true,
  },
  {
    name: 'tariff that is a YAML alias bomb (threw "Excessive alias count": a 500 over REST)',
    note: 'known defect 3: src/import/yaml.ts / tariffs.ts',
    input: { reader: 'tariffs', text: `${aliasBomb}\n${homeVoip.text}`, decks: homeVoip.decks },
    rejected: true,
  },
  {
    name: 'legal entities file starting with a BOM is read like without it (the yaml library rejects every token after it)',
    note: 'found by reader:legal-entities; src/import/legal-entities.ts (and yaml.ts) should drop a leading U+FEFF before parsing',
    input: { reader: 'legal-entities', text: `\uFEFF${example('legal-entities.yaml').replace(/^#.*\n/, '')}` },
    accepted: true,
  },
  {
    name: 'legal entities file with a BOM and a 20,000-item list (40,000 syntax errors: 3.5 s)',
    note: 'found by reader:legal-entities (seed 7), minimized: the BOM makes every later token an error, and the yaml library takes ~90 µs per error',
    input: { reader: 'legal-entities', text: `\uFEFF- id: X1\n  city: [${new Array(20_000).fill('0').join(',')}]\n` },
    rejected: true,
  },
  {
    name: 'legal entities file with 2,000 implicit keys on one line (the yaml parser overflowed the stack: RangeError)',
    note: 'found by api:legal-entities (seed 9), minimized; src/import/legal-entities.ts',
    input: { reader: 'legal-entities', text: `- ${'a: '.repeat(3000)}\n- x\n` },
    rejected: true,
  },
  {
    name: 'tariff with 3,000 implicit keys on one line (the yaml parser overflowed the stack: RangeError)',
    note: 'as above; src/import/yaml.ts',
    input: { reader: 'tariffs', text: `id: X\nusage:\n  - ${'a: '.repeat(3000)}\n  - x\n`, decks: {} },
    rejected: true,
  },
  {
    name: 'legal entities file with a block sequence nested 2,000 levels, then a line (RangeError in the yaml parser)',
    note: 'found by api:legal-entities (seed 11) and reader:legal-entities (seed 12), minimized; src/import/legal-entities.ts',
    input: { reader: 'legal-entities', text: `${'- '.repeat(2000)}x\n- y\n` },
    rejected: true,
  },
  {
    name: 'tariff with a block sequence nested 2,000 levels, then a line (RangeError in the yaml parser)',
    note: 'as above; src/import/yaml.ts',
    input: { reader: 'tariffs', text: `id: X\nusage:\n  ${'- '.repeat(2000)}x\n  - y\n`, decks: {} },
    rejected: true,
  },
  {
    name: 'legal entities file that is a YAML alias bomb',
    input: { reader: 'legal-entities', text: `- ${aliasBomb.split('\n').join('\n  ')}\n  id: X1\n` },
    rejected: true,
  },
  {
    name: 'tariff nested 10,000 levels deep',
    input: { reader: 'tariffs', text: `id: DEEP\nname: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`, decks: {} },
    rejected: true,
  },
  {
    name: 'legal entities nested 10,000 levels deep',
    input: { reader: 'legal-entities', text: `${'- '.repeat(10_000)}x\n` },
    rejected: true,
  },
  {
    name: 'legal entity with a 100,000-character name and a lone surrogate',
    // Accepted today: the file readers have no length limits (REST allows 200 characters).
    input: { reader: 'legal-entities', text: example('legal-entities.yaml').replace('Példa Telekom Kft.', `"${'x'.repeat(100_000)}\\uD800"`) },
  },
  {
    name: 'clients.csv with a stray quote that swallows the rest of the file',
    input: { reader: 'clients', text: example('clients.csv').replace('Kovács Anna', 'Kovács "Anna') },
    rejected: true,
  },
  {
    name: 'contracts.csv with start date 2026-02-30 and an anchor day of 1e308',
    input: { reader: 'contracts', text: example('contracts.csv').replace('K-0001,C-0001,HU1,2025-03-01,,monthly,1,', 'K-0001,C-0001,HU1,2026-02-30,,monthly,1e308,') },
    rejected: true,
  },
  {
    name: 'usage.csv with invalid UTF-8 split across chunks',
    input: { reader: 'usage', text: new Uint8Array([...Buffer.from(USAGE_EXAMPLE.slice(0, 120)), 0xe2, 0x82, 0x28, ...Buffer.from(USAGE_EXAMPLE.slice(120))]), splits: [121, 122] },
    rejected: /UTF-8/,
  },
  {
    name: 'fx-rates.csv with rates NaN, -0, 1e309 and a date 9999-12-31',
    input: { reader: 'fx-rates', text: 'date,base,quote,rate\n2026-01-01,EUR,HUF,NaN\n2026-01-02,EUR,HUF,-0\n2026-01-03,EUR,HUF,1e309\n9999-12-31,EUR,HUF,1\n2026-02-30,EUR,HUF,1\n' },
    rejected: /rate|date/,
  },
];
