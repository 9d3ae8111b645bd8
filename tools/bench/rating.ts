/**
 * `npm run bench:rating`: throughput of the pure voice rating function (RULES.md 1-2) on one core.
 * Builds a deck of 50,000 random prefixes and 1,000,000 synthetic voice records (seeded: the same
 * every run), then times, each as the median of several passes:
 *   - trie lookups (Deck.match) alone,
 *   - bandAt (zone offset, weekday/minute, holiday) alone,
 *   - rateVoice, the whole per-record function.
 * Prints figures; asserts nothing (target: rateVoice >= 500,000 records/s).
 *
 *   npm run bench:rating -- [--prefixes N] [--records N] [--passes N] [--seed N]
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { sumRatingUnits } from '../../src/rating/amount.ts';
import { bandAt, compileBands, isBandsProblems } from '../../src/rating/bands.ts';
import { Deck, type DeckRowInput } from '../../src/rating/deck.ts';
import { libraryCalendar } from '../../src/app/usage/holiday-calendar.ts';
import { rateVoice, type VoiceRecord } from '../../src/rating/rate-voice.ts';
import { zoneIndex } from '../../src/rating/zone.ts';

const { values } = parseArgs({
  options: {
    prefixes: { type: 'string', default: '50000' },
    records: { type: 'string', default: '1000000' },
    passes: { type: 'string', default: '5' },
    seed: { type: 'string', default: '1' },
  },
});
const PREFIXES = Number(values.prefixes);
const RECORDS = Number(values.records);
const PASSES = Number(values.passes);

/** mulberry32 */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = seeded(Number(values.seed));
const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
const digits = (n: number) => {
  let s = '';
  for (let i = 0; i < n; i++) s += String(int(0, 9));
  return s;
};
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

console.log(`billstream bench:rating on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), node ${process.version}\n`);

// A deck shaped like a real one: 1-3 digit country codes, then area and mobile prefixes below them.
let started = performance.now();
const countryCodes: string[] = [];
while (countryCodes.length < 220) {
  const cc = String(int(1, 9)) + digits(int(0, 2));
  if (!countryCodes.includes(cc)) countryCodes.push(cc);
}
const prefixSet = new Set<string>(countryCodes);
while (prefixSet.size < PREFIXES) prefixSet.add(countryCodes[int(0, countryCodes.length - 1)]! + digits(int(1, 6)));
const prefixes = [...prefixSet];
const increments = [[60, 60], [30, 6], [1, 1]] as const;
const rows: DeckRowInput[] = prefixes.map((prefix, i) => {
  const [first, next] = increments[i % 3]!;
  return {
    prefix,
    destination: `Destination ${prefix}`,
    peakPerMinute: `0.${String(int(1, 999_999)).padStart(6, '0')}`,
    offpeakPerMinute: `0.${String(int(1, 999_999)).padStart(6, '0')}`,
    connectFee: int(0, 3) === 0 ? '0.05' : '0',
    minSeconds: int(0, 4) === 0 ? 30 : 0,
    firstIncrement: first,
    nextIncrement: next,
  };
});
const deck = Deck.fromRows(rows, 'bench');
const deckMs = performance.now() - started;

const compiled = compileBands({
  peak: [
    { days: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'], from: '08:00', to: '12:00' },
    { days: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'], from: '13:00', to: '18:00' },
  ],
});
if (isBandsProblems(compiled)) throw new Error(compiled.problems.join('; '));
const tariff = { deck, bands: compiled };
const zone = zoneIndex('Europe/Budapest', 2024, 2028);
const holidays = await libraryCalendar('HU');

// Records: a deck prefix plus digits up to 11-13 digits, written as +…, 00… or bare; ~2 % match nothing.
started = performance.now();
const records: VoiceRecord[] = new Array(RECORDS);
const from = Date.UTC(2026, 0, 1);
const span = Date.UTC(2027, 0, 1) - from;
for (let i = 0; i < RECORDS; i++) {
  let number: string;
  if (int(0, 49) === 0) number = '0' + digits(10); // national format: no country code, no match
  else {
    const prefix = prefixes[int(0, prefixes.length - 1)]!;
    number = prefix + digits(Math.max(0, int(11, 13) - prefix.length));
  }
  const style = int(0, 2);
  const text = style === 0 ? '+' + number : style === 1 ? '00' + number : number;
  records[i] = {
    // Flat strings, as the CSV reader yields them (a concatenation is a rope V8 walks more slowly).
    dialled: Buffer.from(text, 'latin1').toString('latin1'),
    startEpochMs: from + Math.floor(random() * span),
    durationSeconds: int(0, 9) === 0 ? 0 : int(1, 1800),
  };
}
const recordsMs = performance.now() - started;
const dialled = records.map((r) => r.dialled);
const starts = Float64Array.from(records, (r) => r.startEpochMs);

console.log(`deck: ${fmt(deck.size)} prefixes, ${fmt(deck.trieNodes)} trie nodes (${(deck.trieNodes * 44 / 1048576).toFixed(1)} MiB), built in ${deckMs.toFixed(0)} ms`);
console.log(`records: ${fmt(RECORDS)} synthetic voice records over 2026 (Europe/Budapest, HU holidays), made in ${recordsMs.toFixed(0)} ms\n`);

function measure(name: string, run: () => number): number {
  const rates: number[] = [];
  let check = 0;
  run(); // warm-up: let the JIT optimize
  for (let p = 0; p < PASSES; p++) {
    const t0 = performance.now();
    check += run();
    const seconds = (performance.now() - t0) / 1000;
    rates.push(RECORDS / seconds);
  }
  rates.sort((a, b) => a - b);
  const median = rates[Math.floor(rates.length / 2)]!;
  console.log(`${name.padEnd(22)} ${fmt(median).padStart(12)} /s   (median of ${PASSES}; min ${fmt(rates[0]!)}, max ${fmt(rates[rates.length - 1]!)})   [check ${check}]`);
  return median;
}

measure('trie lookups', () => {
  let matched = 0;
  for (let i = 0; i < RECORDS; i++) if (deck.match(dialled[i]!) >= 0) matched++;
  return matched;
});

// The same lookups over a working set of 1,000 numbers (cache-hot, as STACK.md's trie figure).
const hot = dialled.slice(0, 1000);
measure('trie lookups (hot)', () => {
  let matched = 0;
  for (let i = 0; i < RECORDS; i++) if (deck.match(hot[i % 1000]!) >= 0) matched++;
  return matched;
});

measure('bandAt', () => {
  let peak = 0;
  for (let i = 0; i < RECORDS; i++) if (bandAt(compiled, starts[i]!, zone, holidays) === 'peak') peak++;
  return peak;
});

let unresolved = 0;
let totalUnits = 0n;
const rated = measure('rateVoice (records)', () => {
  let count = 0;
  const units: number[] = [];
  unresolved = 0;
  for (let i = 0; i < RECORDS; i++) {
    const result = rateVoice(records[i]!, tariff, zone, holidays);
    if (result.kind === 'rated') {
      count++;
      units.push(result.chargeUnits);
    } else unresolved++;
  }
  totalUnits = sumRatingUnits(units);
  return count;
});

console.log(`\nunresolved (no-rate): ${fmt(unresolved)} of ${fmt(RECORDS)}; total charge ${(Number(totalUnits / 60_000_000n) / 1000).toFixed(3)} (currency units)`);
console.log(`rateVoice: ${fmt(rated)} records/s on one core (target >= 500,000): ${rated >= 500_000 ? 'met' : 'NOT met'}`);
