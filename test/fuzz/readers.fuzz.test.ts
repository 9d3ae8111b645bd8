/**
 * Fuzzing of every import reader (issue 10): random and mutated legal entities, tariffs with their
 * decks, and each CSV kind, read into a store seeded with the examples. Each input must be answered
 * within one second with a summary (rejected rows named with line, column and reason) or a 4xx
 * domain error; never a hang, a crash or another exception (a 500 over REST). Readers run in a
 * worker thread, so that a reader looping forever fails its input instead of hanging the run.
 * Budget and replay: see support.ts.
 */
import fc from 'fast-check';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSV_IMPORTS } from '../../src/import/crm-files.ts';
import { FX_RATE_COLUMNS } from '../../src/import/fx-rates.ts';
import { USAGE_COLUMNS } from '../../src/import/usage.ts';
import { DECK_COLUMNS } from '../../src/rating/deck.ts';
import type { CsvColumns } from '../../src/import/csv.ts';
import { mutatedCsv, mutatedYaml } from './mutate.ts';
import { ReaderHost, type ReaderInput, type ReaderOutcome } from './reader-host.ts';
import { READER_REGRESSIONS } from './regressions/readers.ts';
import { example, foundCases, fuzz, fuzzTimeout, removeDir, seededTemplate, statsReport, tariffExamples, USAGE_EXAMPLE } from './support.ts';

const DEADLINE_MS = 1000;

const tariffs = tariffExamples();
const deck = Object.values(tariffs.find((t) => Object.keys(t.decks).length)!.decks)[0]!;

type CsvReader = 'clients' | 'contracts' | 'service-points' | 'subscriptions' | 'usage' | 'fx-rates';
const CSV_EXAMPLES: Record<CsvReader, { text: string; columns: CsvColumns }> = {
  clients: { text: example('clients.csv'), columns: CSV_IMPORTS.clients!.columns },
  contracts: { text: example('contracts.csv'), columns: CSV_IMPORTS.contracts!.columns },
  'service-points': { text: example('service-points.csv'), columns: CSV_IMPORTS['service-points']!.columns },
  subscriptions: { text: example('subscriptions.csv'), columns: CSV_IMPORTS.subscriptions!.columns },
  usage: { text: USAGE_EXAMPLE, columns: USAGE_COLUMNS },
  'fx-rates': { text: example('fx-rates.csv'), columns: FX_RATE_COLUMNS },
};

/** Where a byte stream is cut into chunks. */
const splits = fc.array(fc.nat(), { maxLength: 4 });
/** Bytes that are not UTF-8 on their own (continuations, overlongs, surrogates, beyond U+10FFFF). */
const badBytes = fc.array(fc.record({ at: fc.nat(), bytes: fc.constantFrom([0x80], [0xff], [0xc3], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0xef, 0xbb]) }), { maxLength: 2 });

function withBadBytes(text: string, inserts: { at: number; bytes: readonly number[] }[]): string | Uint8Array {
  if (inserts.length === 0) return text;
  let bytes = [...Buffer.from(text, 'utf8')];
  for (const { at, bytes: inserted } of inserts) {
    const i = at % (bytes.length + 1);
    bytes = [...bytes.slice(0, i), ...inserted, ...bytes.slice(i)];
  }
  return new Uint8Array(bytes);
}

const csvText = (text: string) => fc.tuple(mutatedCsv(text), badBytes).map(([t, bad]) => withBadBytes(t, bad));

/** Problems with what a reader answered, or [] when it answered as it must. */
function outcomeProblems(outcome: ReaderOutcome): string[] {
  switch (outcome.kind) {
    case 'hang':
      return [`no answer within ${DEADLINE_MS} ms: the reader hangs (the worker was terminated)`];
    case 'crash':
      return [`the worker crashed: ${outcome.message}`];
    case 'threw':
      if (outcome.error.status !== null && outcome.error.status < 500) return [];
      return [`threw ${outcome.error.name}: ${outcome.error.message} (a 500 over REST)\n${outcome.error.stack}`];
    case 'done':
      return summaryProblems(outcome.result);
  }
}

interface Summary {
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  errors: { line: number; column: number; reason: string }[];
}

function summaryProblems(value: unknown): string[] {
  const summary = value as Summary;
  const problems: string[] = [];
  for (const count of ['created', 'updated', 'unchanged', 'rejected'] as const) {
    if (!Number.isInteger(summary?.[count]) || summary[count] < 0) problems.push(`summary.${count} is ${String(summary?.[count])}`);
  }
  if (!Array.isArray(summary?.errors)) return [...problems, 'summary.errors is not a list'];
  for (const error of summary.errors) {
    if (!Number.isInteger(error.line) || error.line < 0 || !Number.isInteger(error.column) || error.column < 0 || typeof error.reason !== 'string' || error.reason.trim() === '') {
      problems.push(`malformed error ${JSON.stringify(error).slice(0, 300)}`);
    }
  }
  if ((summary.rejected > 0) !== (summary.errors.length > 0)) problems.push(`${summary.rejected} rejected but ${summary.errors.length} errors given`);
  return problems;
}

function assertAnswered(input: ReaderInput, outcome: ReaderOutcome): void {
  const problems = outcomeProblems(outcome);
  if (problems.length) throw new Error(`${input.reader} reader: ${problems.join('; ')}`);
}

/** The CSV reader target answers both readings; they must agree. */
function assertSameReadings(outcome: ReaderOutcome): void {
  if (outcome.kind !== 'done') return;
  const { whole, pieces } = outcome.result as { whole: unknown[]; pieces: unknown[] };
  expect(pieces).toEqual(whole);
}

describe('fuzz: import readers', () => {
  let template: string;
  let host: ReaderHost;

  beforeAll(async () => {
    template = await seededTemplate();
    const warmup: ReaderInput[] = [
      { reader: 'legal-entities', text: example('legal-entities.yaml') },
      ...tariffs.map((t): ReaderInput => ({ reader: 'tariffs', text: t.text, decks: t.decks })),
      ...Object.entries(CSV_EXAMPLES).map(([reader, { text }]) => ({ reader, text }) as ReaderInput),
    ];
    host = new ReaderHost(template, warmup, DEADLINE_MS);
    await host.ready();
  });
  afterAll(async () => {
    await host?.close();
    if (template) removeDir(template);
    console.log(`reader fuzz targets:\n${statsReport()}`);
  });

  const check = async (input: ReaderInput) => {
    const outcome = await host.run(input);
    if (input.reader === 'csv' && outcome.kind === 'done') return assertSameReadings(outcome);
    assertAnswered(input, outcome);
  };

  describe('regression cases', () => {
    for (const regression of READER_REGRESSIONS) {
      it(regression.name, async () => {
        const outcome = await host.run(regression.input);
        expect(outcomeProblems(outcome)).toEqual([]);
        if (regression.accepted) expect((outcome as { result: Summary }).result).toMatchObject({ rejected: 0, errors: [] });
        if (regression.rejected) {
          const summary = (outcome as { result: Summary }).result;
          expect(summary.rejected).toBeGreaterThan(0);
          if (regression.rejected instanceof RegExp) expect(summary.errors.map((e) => e.reason).join('\n')).toMatch(regression.rejected);
        }
      });
    }
    for (const found of foundCases('reader:')) {
      it(`${found.target}: ${found.file} (${found.failure.slice(0, 80)})`, async () => {
        await check(found.input as ReaderInput);
      });
    }
  });

  it('reader:legal-entities', async () => {
    const text = example('legal-entities.yaml');
    const input = fc.record({ text: mutatedYaml(YAML.parse(text), text), allOrNothing: fc.boolean() }).map((r): ReaderInput => ({ reader: 'legal-entities', ...r }));
    await fuzz('reader:legal-entities', input, check, (i) => i);
  }, fuzzTimeout());

  it('reader:tariffs', async () => {
    const input = fc.constantFrom(...tariffs).chain((t) => fc.record({
      text: fc.oneof({ weight: 4, arbitrary: mutatedYaml(YAML.parse(t.text), t.text) }, { weight: 1, arbitrary: fc.constant(t.text) }),
      decks: Object.keys(t.decks).length
        ? fc.oneof(fc.constant(t.decks), fc.record(Object.fromEntries(Object.entries(t.decks).map(([name, csv]) => [name, mutatedCsv(csv)]))), fc.constant({}))
        : fc.constant({}),
      label: fc.constantFrom(undefined, t.file),
    })).map((r): ReaderInput => ({ reader: 'tariffs', text: r.text, decks: r.decks as Record<string, string>, ...(r.label ? { label: r.label } : {}) }));
    await fuzz('reader:tariffs', input, check, (i) => i);
  }, fuzzTimeout());

  it('reader:deck', async () => {
    const input = fc.record({ text: csvText(deck), splits }).map((r): ReaderInput => ({ reader: 'deck', ...r }));
    await fuzz('reader:deck', input, check, (i) => i);
  }, fuzzTimeout());

  for (const reader of Object.keys(CSV_EXAMPLES) as CsvReader[]) {
    it(`reader:${reader}`, async () => {
      const input = fc.record({ text: csvText(CSV_EXAMPLES[reader].text), splits, allOrNothing: fc.boolean() }).map((r): ReaderInput => ({ reader, ...r }));
      await fuzz(`reader:${reader}`, input, check, (i) => i);
    }, fuzzTimeout());
  }

  it('reader:csv read whole or in chunks gives the same rows and errors', async () => {
    const kinds = [...Object.values(CSV_EXAMPLES), { text: deck, columns: { required: [...DECK_COLUMNS], optional: [] } }];
    const input = fc.constantFrom(...kinds).chain(({ text, columns }) => fc.record({
      text: csvText(text),
      splits: fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
      maxRecordBytes: fc.constantFrom(undefined, 16, 100, 1 << 20),
    }).map((r): ReaderInput => ({ reader: 'csv', columns, text: r.text, splits: r.splits, ...(r.maxRecordBytes ? { maxRecordBytes: r.maxRecordBytes } : {}) })));
    await fuzz('reader:csv-chunks', input, check, (i) => i);
  }, fuzzTimeout());
});
