/**
 * The fuzz suite's runner, budget, seeding and regression store.
 *
 * Budget and reproducibility (environment):
 * - BILLSTREAM_FUZZ_SECONDS  seconds of fuzzing per target (default 1; a target with several routes gets a
 *                            multiple; e.g. 60 for a long local run)
 * - BILLSTREAM_FUZZ_RUNS     a fixed number of runs per target instead of a time budget (exactly reproducible)
 * - BILLSTREAM_FUZZ_SEED     the seed (default 20261011); each target derives its own from it and its name
 * - BILLSTREAM_FUZZ_PATH     with -t "<target>": replay the counterexample path a failure printed
 * - BILLSTREAM_FUZZ_SAVE=0   do not save failing inputs under regressions/found/
 *
 * A failing input is saved as regressions/found/<target>-<hash>.json (commit it): every run replays
 * every saved case before fuzzing, so an input that once failed keeps being tested.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { loadConfig } from '../../src/config.ts';
import { openBillstream } from '../../src/main.ts';
import { importLegalEntities } from '../../src/import/legal-entities.ts';
import { importCsvEntities } from '../../src/import/bulk.ts';
import { CSV_IMPORTS } from '../../src/import/crm-files.ts';
import { readCsv, textSource } from '../../src/import/csv.ts';
import { importTariffs } from '../../src/import/tariffs.ts';
import { FX_RATE_COLUMNS, importFxRates } from '../../src/import/fx-rates.ts';
import { importUsage, USAGE_COLUMNS } from '../../src/import/usage.ts';
import type { ImportSummary } from '../../src/import/summary.ts';
import { Temporal } from 'temporal-polyfill';
import { RadiusAccounting } from '../../src/app/radius/accounting.ts';
import { radiusSessionId } from '../../src/domain/radius-session/events.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const EXAMPLES = path.join(ROOT, 'examples');
export const FOUND_DIR = path.join(ROOT, 'test/fuzz/regressions/found');

function positiveNumber(name: string, fallback: number | null): number | null {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, not ${text}`);
  return value;
}

export const FUZZ = {
  seconds: positiveNumber('BILLSTREAM_FUZZ_SECONDS', 1)!,
  runs: positiveNumber('BILLSTREAM_FUZZ_RUNS', null),
  seed: Math.trunc(positiveNumber('BILLSTREAM_FUZZ_SEED', 20261011)!),
  path: process.env.BILLSTREAM_FUZZ_PATH || undefined,
  save: process.env.BILLSTREAM_FUZZ_SAVE !== '0',
};

/** The test timeout a target needs: its budget, plus the runs in flight when it ends and some shrinking. */
export function fuzzTimeout(extraMs = 30_000, budget = 1): number {
  return (FUZZ.runs ? 60_000 : FUZZ.seconds * 1000) * budget + extraMs;
}

function hash32(text: string): number {
  return createHash('sha256').update(text).digest().readInt32LE(0);
}

/**
 * Starts no new run once the budget is spent, but never cuts a run short (fast-check's
 * interruptAfterTimeLimit races the run in flight: a hang found in the last second would be lost).
 */
function stopStartingAfter(ms: number): fc.UniversalPlugin {
  return () => {
    const end = performance.now() + ms;
    return { decorateRun: (next) => (value) => (performance.now() >= end ? new fc.PreconditionFailure(true) : next(value)) };
  };
}

export interface FuzzStats {
  target: string;
  runs: number;
  ms: number;
}
export const stats: FuzzStats[] = [];

/** One line per target: how many inputs each got in how long. */
export function statsReport(): string {
  return stats.map((s) => `${s.target}: ${s.runs} inputs in ${(s.ms / 1000).toFixed(1)} s`).join('\n');
}

/**
 * Runs `predicate` on inputs from `arbitrary` for the target's budget (BILLSTREAM_FUZZ_SECONDS
 * times `budget`); it throws (or rejects) to fail. A failure names the seed and path to replay it
 * and saves the shrunk input (as `save` makes it) under regressions/found/.
 */
export async function fuzz<T>(target: string, arbitrary: fc.Arbitrary<T>, predicate: (input: T) => Promise<void>, save: (input: T) => unknown, budget = 1): Promise<void> {
  const seed = (FUZZ.seed + hash32(target)) | 0;
  const started = performance.now();
  const details = await fc.check(fc.asyncProperty(arbitrary, predicate), {
    seed,
    numRuns: FUZZ.runs ?? 100_000,
    plugins: FUZZ.runs ? [] : [stopStartingAfter(FUZZ.seconds * 1000 * budget)],
    ...(FUZZ.path ? { path: FUZZ.path } : {}),
    includeErrorInReport: true,
  });
  stats.push({ target, runs: details.numRuns, ms: performance.now() - started });
  if (!details.failed) return;
  const lines = [`fuzz target "${target}" failed after ${details.numRuns} inputs (seed ${FUZZ.seed}; target seed ${seed}, path ${details.counterexamplePath})`];
  if (details.counterexample) {
    const input = (details.counterexample as unknown as [T])[0];
    const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance ?? 'interrupted');
    lines.push(abbreviate(cause, 4000), `input: ${abbreviate(JSON.stringify(input, shortStrings) ?? String(input), 2000)}`);
    const file = saveFound(target, save(input), details.errorInstance);
    if (file) lines.push(`The whole input is saved as ${path.relative(ROOT, file)}: commit it to keep it as a regression case.`);
  } else {
    lines.push(abbreviate(fc.defaultReportMessage(details) ?? '', 4000));
  }
  lines.push(`Replay: BILLSTREAM_FUZZ_SEED=${FUZZ.seed} BILLSTREAM_FUZZ_PATH='${details.counterexamplePath}' npx vitest run test/fuzz -t '${target}'`);
  throw new Error(lines.join('\n'));
}

/** Long strings in a failure message: their start and length. */
function shortStrings(_key: string, value: unknown): unknown {
  if (value instanceof Uint8Array) return `<${value.length} bytes: ${shortStrings('', Buffer.from(value).toString('utf8')) as string}>`;
  if (typeof value === 'string' && value.length > 200) return `${value.slice(0, 120)}…(${value.length} characters)`;
  if (value instanceof Map) return Object.fromEntries(value);
  return value;
}

function abbreviate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text;
}

// ---------------------------------------------------------------------------------------------
// Regression cases found by fuzzing

/** JSON with byte arrays as base64 (inputs may hold invalid UTF-8). */
export function encodeCase(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v instanceof Uint8Array ? { $bytes: Buffer.from(v).toString('base64') } : v), 2);
}

export function decodeCase(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => (v && typeof v === 'object' && '$bytes' in v ? new Uint8Array(Buffer.from(String((v as { $bytes: string }).$bytes), 'base64')) : v));
}

export interface FoundCase {
  target: string;
  /** The reader input or API request, as the target's `save` made it. */
  input: unknown;
  failure: string;
  seed: number;
  savedAt: string;
}

function saveFound(target: string, input: unknown, error: unknown): string | null {
  if (!FUZZ.save) return null;
  const body = encodeCase(input);
  const file = path.join(FOUND_DIR, `${target.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '')}-${createHash('sha256').update(body).digest('hex').slice(0, 10)}.json`);
  const failure = error instanceof Error ? error.message.split('\n')[0]!.slice(0, 500) : String(error);
  const found = { target, input: JSON.parse(body), failure, seed: FUZZ.seed, savedAt: new Date().toISOString() };
  fs.mkdirSync(FOUND_DIR, { recursive: true });
  if (!fs.existsSync(file)) fs.writeFileSync(file, `${encodeCase(found)}\n`);
  return file;
}

/** The saved cases whose target starts with `prefix` (`reader:` or `api:`). */
export function foundCases(prefix: string): (FoundCase & { file: string })[] {
  if (!fs.existsSync(FOUND_DIR)) return [];
  return fs.readdirSync(FOUND_DIR).filter((name) => name.endsWith('.json')).sort().flatMap((name) => {
    const found = decodeCase(fs.readFileSync(path.join(FOUND_DIR, name), 'utf8')) as FoundCase;
    return found.target.startsWith(prefix) ? [{ ...found, file: name }] : [];
  });
}

// ---------------------------------------------------------------------------------------------
// Example data and the seeded store

export const example = (file: string) => fs.readFileSync(path.join(EXAMPLES, file), 'utf8');

/** usage.csv records of the example service points (FORMATS.md has no example file for it). */
export const USAGE_EXAMPLE = [
  'record_id,source,identifier,type,start_time,duration_s,called_number,bytes_in,bytes_out,quantity',
  'fz-1,sw1,+3612345678,voice,2026-03-11T08:15:00Z,125,+3630123456,,,',
  'fz-2,sw1,+3612345678,voice,2026-03-11T19:15:00+01:00,61,06201234567,,,',
  'fz-3,radius,anna.kovacs@isp.example,data,2026-03-11T10:00:00Z,3600,,1000000,5000000,',
  'fz-4,vod,00:1A:2B:3C:4D:5E,vod,2026-03-11T20:00:00Z,,,,,1',
  'fz-5,sms,+3612345678,sms,2026-03-12T09:00:00Z,,,,,3',
  '',
].join('\n');

export function temporaryDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * A store holding every example file (what `billstream import` of each would write), so that
 * mutations of valid inputs reach the deciders and rating, not just the parsers. Made once per
 * test file; workers and servers run on copies of it.
 */
/** The RADIUS session the seeded store has (its id: fuzzRadiusSessionId). */
export const FUZZ_RADIUS_SESSION = { nasId: 'FZ-NAS0', acctSessionId: 'FZ-ACCT-1', userName: 'anna.kovacs@isp.example' };
export const fuzzRadiusSessionId = radiusSessionId(FUZZ_RADIUS_SESSION.nasId, FUZZ_RADIUS_SESSION.acctSessionId, FUZZ_RADIUS_SESSION.userName);

export async function seededTemplate(): Promise<string> {
  const dataDir = temporaryDir('billstream-fuzz-seed-');
  const billstream = await openBillstream(loadConfig({}, { dataDir }));
  try {
    const context = { actor: 'fuzz-seed' };
    const summaries: [string, ImportSummary][] = [];
    summaries.push(['legal-entities', await importLegalEntities(billstream, example('legal-entities.yaml'), context)]);
    // In dependency order: clients name partners, subscriptions name tariffs.
    summaries.push(['tariffs', await importTariffs(billstream, path.join(EXAMPLES, 'tariffs'), context)]);
    for (const kind of ['partners', 'clients', 'contracts', 'service-points', 'subscriptions']) {
      const spec = CSV_IMPORTS[kind]!;
      summaries.push([kind, await importCsvEntities(billstream, () => readCsv(textSource(example(`${kind}.csv`)), spec.columns), spec, context)]);
    }
    summaries.push(['fx-rates', await importFxRates(billstream, () => readCsv(textSource(example('fx-rates.csv')), FX_RATE_COLUMNS), context)]);
    summaries.push(['usage', await importUsage(billstream, () => readCsv(textSource(USAGE_EXAMPLE), USAGE_COLUMNS), context)]);
    for (const [kind, summary] of summaries) {
      if (summary.rejected || summary.created === 0) throw new Error(`seeding the fuzz store: ${kind} ${JSON.stringify(summary).slice(0, 500)}`);
    }
    // A RADIUS session, so /radius/sessions/{sessionId} routes have one to find.
    const { nasId, acctSessionId, userName } = FUZZ_RADIUS_SESSION;
    await new RadiusAccounting(billstream).record({
      nasId, nasAddress: null, statusType: 'Start', userName, acctSessionId, eventTimestamp: null, sessionTime: 0, delaySeconds: 0, inputOctets: 0n, outputOctets: 0n, gigawords: true,
      classValue: null, owner: { servicePointId: 'SP-0001', subscriptionId: 'S-0001' }, calledStationId: null, callingStationId: null, framedIp: null, terminateCause: null, interimInterval: 300,
    }, Temporal.Now.instant());
    await billstream.catchUp();
  } finally {
    await billstream.close();
  }
  return dataDir;
}

/** A private copy of a (closed) store. */
export function copyStore(template: string, prefix = 'billstream-fuzz-'): string {
  const dir = temporaryDir(prefix);
  fs.cpSync(template, dir, { recursive: true });
  return dir;
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

export interface TariffExample {
  file: string;
  text: string;
  /** The decks it names, by the name it uses. */
  decks: Record<string, string>;
}

/** examples/tariffs/*.yaml with the decks each names. */
export function tariffExamples(): TariffExample[] {
  const dir = path.join(EXAMPLES, 'tariffs');
  return fs.readdirSync(dir).filter((name) => name.endsWith('.yaml')).sort().map((name) => {
    const text = fs.readFileSync(path.join(dir, name), 'utf8');
    const decks: Record<string, string> = {};
    for (const [, deck] of text.matchAll(/deck:\s*(\S+)/g)) decks[deck!] = fs.readFileSync(path.join(dir, deck!), 'utf8');
    return { file: name, text, decks };
  });
}
