/**
 * A bill run on the embedded store (issue 5): N contracts, each with one subscription whose
 * tariff has two recurring fees, and ~20 rated usage records of distinct destinations and bands
 * (20 usage lines per invoice). Measures cycle close -> drafted -> approved -> issued, and the
 * resident memory. Setup writes the usage events directly (the pipeline has its own benchmark).
 *
 *   node --import tsx tools/bench/billrun.ts [--contracts N] [--records 20] [--dir DIR] [--months 1] [--rerun]
 *
 * `--months M` starts the contracts M monthly cycles before the as-of date (M invoices each).
 *
 * With `--rerun`, a first run is drafted and left unapproved, then a second run for the same
 * as-of date is started (what an operator does after a killed `bill-run --approve`): its drafting
 * time is printed beside the first's, and the second run is the one approved and issued.
 *
 * With `--dir`, the prepared CRM and usage are kept in DIR/setup (about 12 minutes to write for
 * 100,000 contracts) and copied for each later run with the same options, which then measures
 * the bill run alone.
 *
 * With `--discounts`, the same run is measured twice on copies of the same prepared data: without
 * discount schemes, then with five in force (issue 15: a percentage on recurring fees for everyone,
 * a bundle with categoriesActive, a loyalty tenureMonths, a volume on recurring and usage charges,
 * a fixed amount for one client in ten, at most 1,000 clients), printed side by side with the ratio
 * (target: within 10 %). Each measurement runs in a process of its own (a second run in the same
 * process starts with the first one's heap, and was up to a fifth slower for that alone), the two
 * alternating `--repeat` times (default 2: without, with, with, without), and the medians compared.
 * `--phase with|without` runs one of them alone (to profile it with `node --cpu-prof`).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Temporal } from 'temporal-polyfill';
import { loadConfig } from '../../src/config.ts';
import { openBillstream } from '../../src/main.ts';
import { importLegalEntities } from '../../src/import/legal-entities.ts';
import { importCsvEntities } from '../../src/import/bulk.ts';
import { CSV_IMPORTS } from '../../src/import/crm-files.ts';
import { readCsvFile } from '../../src/import/csv.ts';
import { importTariffs } from '../../src/import/tariffs.ts';
import { firstRatingId, USAGE_RATED, USAGE_RECORDED, usageRecordedEventId, usageStream } from '../../src/domain/usage/events.ts';
import { approveBillRun, startBillRun } from '../../src/app/bill-run/issue.ts';
import { catchUpBillRuns } from '../bill-run-catch-up.ts';
import { billRunProgress } from '../../src/app/bill-run/draft.ts';
import { BILL_RUNS, type BillRunDocument } from '../../projections/bill-runs.projection.ts';
import { importDiscountText } from '../../src/import/discounts.ts';

const { values } = parseArgs({ options: { contracts: { type: 'string', default: '100000' }, records: { type: 'string', default: '20' }, dir: { type: 'string' }, rerun: { type: 'boolean', default: false }, months: { type: 'string', default: '1' }, discounts: { type: 'boolean', default: false }, repeat: { type: 'string', default: '2' }, phase: { type: 'string' } } });
const contracts = Number(values.contracts);
const perContract = Number(values.records);
const months = Number(values.months);
const contractStart = Temporal.PlainDate.from('2026-11-01').subtract({ months }).toString();
const root = values.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'billstream-bench-billrun-'));
const dataDir = path.join(root, 'data');
const setupDir = path.join(root, 'setup');
const setupMarker = path.join(setupDir, `prepared-${contracts}x${perContract}x${months}`);
/** The prepared data are kept for a second run (--dir, or --discounts: both runs start from the same data). */
const keepSetup = values.dir !== undefined || values.discounts || values.phase !== undefined;
console.log(`billstream bill run on ${os.cpus().length} cores, node ${process.version}, in ${root}\n`);

/** A fresh data folder: the prepared setup copied, or prepared now. */
async function freshData(): Promise<void> {
fs.rmSync(dataDir, { recursive: true, force: true });
if (fs.existsSync(setupMarker)) {
  fs.cpSync(setupDir, dataDir, { recursive: true });
  // Written through to disk before the clock starts: gigabytes of a fresh copy still being
  // written back by the kernel slowed the run itself by up to a fifth.
  for (const name of fs.readdirSync(dataDir)) {
    const fd = fs.openSync(path.join(dataDir, name), 'r+');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
  }
  console.log(`setup: copied from ${setupDir}\n`);
} else {
  await prepare();
}
}

async function prepare(): Promise<void> {
  const write = (name: string, lines: string[]) => {
    const file = path.join(root, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    return file;
  };
  const billstream = await openBillstream(loadConfig({}, { dataDir }));
  await importLegalEntities(billstream, '- { id: DE1, name: Beispiel GmbH, country: DE, vatId: DE123456788, address: { line1: "Hauptstr. 1", city: Berlin, postalCode: "10115" }, currency: EUR, invoicePrefix: DE1 }', { actor: 'bench' });
  write('tariffs/voip.yaml', [
    'id: T-VOIP', 'name: { en: VoIP }', 'currency: EUR', 'validFrom: 2026-01-01', 'category: voip',
    'recurring:',
    '  - { code: LINE, name: { en: Line rental }, amount: "10.00", period: monthly, billed: advance }',
    '  - { code: SUPPORT, name: { en: Support }, amount: "2.50", period: monthly, billed: arrears }',
    'usage:', '  - { type: voice, deck: decks/de.csv, bands: { peak: { days: [Mon, Tue, Wed, Thu, Fri], from: "08:00", to: "18:00" } } }',
  ]);
  const prefixes = Array.from({ length: 10 }, (_, i) => `49${30 + i}`);
  write('tariffs/decks/de.csv', ['prefix,destination,peak_per_minute,offpeak_per_minute,connect_fee,min_seconds,first_increment,next_increment', ...prefixes.map((p, i) => `${p},Germany ${i},0.10,0.05,0.01,0,60,60`)]);
  await importTariffs(billstream, path.join(root, 'tariffs'), { actor: 'bench' });
  const ids = Array.from({ length: contracts }, (_, i) => String(i).padStart(7, '0'));
  const files: Record<string, string[]> = {
    clients: ['client_id,type,name,country,language,currency,vat_id,time_zone,email,address_line1,city,postal_code,partner_id', ...ids.map((i) => `C${i},person,Person ${i},DE,de,EUR,,Europe/Berlin,p${i}@example.de,Str. 1,Berlin,10115,`)],
    contracts: ['contract_id,client_id,legal_entity_id,start_date,end_date,billing_cycle,cycle_anchor_day,currency,payment_terms_days', ...ids.map((i) => `K${i},C${i},DE1,${contractStart},,monthly,1,EUR,15`)],
    'service-points': ['service_point_id,contract_id,identifiers,address_line1,city,postal_code,country', ...ids.map((i) => `SP${i},K${i},+4930${i},Str. 1,Berlin,10115,DE`)],
    subscriptions: ['subscription_id,service_point_id,tariff_id,start_date,end_date,quantity', ...ids.map((i) => `S${i},SP${i},T-VOIP,${contractStart},,1`)],
  };
  let setup = performance.now();
  for (const [kind, lines] of Object.entries(files)) {
    const spec = CSV_IMPORTS[kind]!;
    await importCsvEntities(billstream, () => readCsvFile(write(`${kind}.csv`, lines), spec.columns), spec, { actor: 'bench' });
  }
  // Rated usage as the importer stores it: each record and its rating in one append.
  const metadata = { correlationId: 'bench', causationId: null, tenantId: null, actor: 'bench', recordedAt: '2026-11-01T00:00:00Z', schemaVersion: 1 };
  for (let c = 0; c < contracts; c += 500) {
    const appends: Promise<unknown>[] = [];
    for (const i of ids.slice(c, c + 500)) {
      for (let r = 0; r < perContract; r++) {
        const recordId = `r${i}-${r}`;
        const startTime = `2026-10-${String(5 + (r % 20)).padStart(2, '0')}T${r % 2 ? '07' : '19'}:00:00Z`;
        const record = { source: 'sw', recordId, identifier: `+4930${i}`, type: 'voice', startTime, durationSeconds: 60 + r, calledNumber: `+${prefixes[r % 10]}123`, bytesIn: null, bytesOut: null, quantity: null };
        const recordedId = usageRecordedEventId('sw', recordId);
        const billedSeconds = 120;
        const rated = {
          source: 'sw', recordId, identifier: record.identifier, servicePointId: `SP${i}`, subscriptionId: `S${i}`, clientId: `C${i}`, tariffId: 'T-VOIP', tariffValidFrom: '2026-01-01', currency: 'EUR',
          type: 'voice', startTime, localDate: startTime.slice(0, 10), band: r % 2 ? 'peak' : 'offpeak', deckRow: { prefix: prefixes[r % 10], destination: `Germany ${r % 10}` }, billedSeconds,
          quantity: String(billedSeconds), chargeUnits: String(10_000_000 * 60 + billedSeconds * (r % 2 ? 100_000_000 : 50_000_000)), connectFeeNano: 10_000_000, perMinuteNano: r % 2 ? 100_000_000 : 50_000_000,
        };
        appends.push(billstream.eventStore.append(usageStream('sw', recordId), [
          { id: recordedId, type: USAGE_RECORDED, data: record, metadata },
          { id: firstRatingId(recordedId), type: USAGE_RATED, data: rated, metadata: { ...metadata, causationId: recordedId } },
        ], 'any'));
      }
    }
    await Promise.all(appends);
  }
  await billstream.catchUp();
  console.log(`setup: ${contracts.toLocaleString('en-US')} contracts, ${(contracts * perContract).toLocaleString('en-US')} rated records in ${((performance.now() - setup) / 1000).toFixed(0)} s\n`);
  await billstream.close();
  if (keepSetup) {
    fs.rmSync(setupDir, { recursive: true, force: true });
    fs.cpSync(dataDir, setupDir, { recursive: true });
    fs.writeFileSync(setupMarker, '');
  }
}

/** Five schemes of every charge kind's common shapes (issue 15, Performance). */
function benchSchemes(): string {
  const some = Array.from({ length: Math.min(1000, Math.ceil(contracts / 10)) }, (_, i) => `C${String(i * 10).padStart(7, '0')}`);
  const common = 'validFrom: 2026-01-01\n  validTo: null\n  group: null\n  cap: null';
  return `- id: EVERYONE-5
  name: { en: Everyone 5 % }
  ${common}
  scope: { everyone: true }
  kind: percentage
  percent: "5"
  on: { charges: [recurring] }
  priority: 10
- id: BUNDLE
  name: { en: Bundle }
  ${common}
  scope: { everyone: true }
  kind: percentage
  percent: "10"
  on: { charges: [recurring] }
  when: { categoriesActive: [voip] }
  priority: 20
- id: LOYALTY
  name: { en: Loyalty }
  ${common}
  scope: { everyone: true }
  kind: percentage
  percent: "3"
  when: { tenureMonths: 1 }
  priority: 30
- id: VOLUME
  name: { en: Volume }
  ${common}
  scope: { everyone: true }
  kind: volume
  thresholds: [{ from: "10", percent: "2" }, { from: "30", percent: "4" }]
  on: { charges: [recurring, usage] }
  priority: 40
- id: FIXED-SOME
  name: { en: Goodwill }
  ${common}
  scope: { clients: [${some.join(', ')}] }
  kind: fixed
  amount: "1.00"
  currency: EUR
  priority: 50
`;
}

interface Measured { drafting: number; issuing: number; total: number; invoices: string; total$: string }

async function measure(label: string, withDiscounts: boolean): Promise<Measured> {
await freshData();
const billstream = await openBillstream(loadConfig({}, { dataDir }));
if (withDiscounts) {
  const summary = await importDiscountText(billstream, benchSchemes(), { actor: 'bench' });
  if (summary.rejected) throw new Error(`bench schemes rejected: ${JSON.stringify(summary.errors)}`);
}
// Every read model at the head before the clock starts, in both phases alike: a read model added
// since the setup was prepared catches up over all of it here, not inside one phase's run.
await billstream.catchUp();
console.log(`-- ${label}`);

let rssPeak = process.memoryUsage().rss;
const sampler = setInterval(() => { rssPeak = Math.max(rssPeak, process.memoryUsage().rss); }, 200);
const rssStart = process.memoryUsage().rss;
const started = performance.now();
// When this thread finished its part of each phase (the rest is waiting for the read models).
let lastDrafting = 0;
let lastIssuing = 0;
billRunProgress.on('drafting', () => { lastDrafting = performance.now(); }).on('issuing', () => { lastIssuing = performance.now(); });
let { runId } = await startBillRun(billstream, { asOf: '2026-11-01' }, { commandId: 'bench-run', actor: 'bench' });
await catchUpBillRuns(billstream);
let drafted = performance.now();
if (values.rerun) {
  const first = drafted - started;
  const rerun = await startBillRun(billstream, { asOf: '2026-11-01' }, { commandId: 'bench-rerun', actor: 'bench' });
  await catchUpBillRuns(billstream);
  const second = performance.now() - drafted;
  runId = rerun.runId;
  console.log(`first run drafted in ${(first / 1000).toFixed(1)} s, the run started again over it in ${(second / 1000).toFixed(1)} s (${Math.round((second / first) * 100)} % of the first)`);
  drafted = performance.now();
}
await approveBillRun(billstream, runId, { includeHeld: false, issueDate: '2026-11-02' }, { commandId: 'bench-approve', actor: 'bench' });
await catchUpBillRuns(billstream);
const issued = performance.now();
clearInterval(sampler);
const run = (await billstream.readStore.get(BILL_RUNS, runId)) as BillRunDocument;
console.log(`invoices ${run.report?.invoices.toLocaleString('en-US')}, issued ${run.result?.issued.toLocaleString('en-US')}, held ${run.result?.held}`);
console.log(`total ${run.report?.perCurrency.map((c) => `${c.total} ${c.currency}`).join(', ')}`);
console.log(`cycle close -> drafted + control report: ${((drafted - started) / 1000).toFixed(1)} s (contracts drafted after ${((lastDrafting - started) / 1000).toFixed(1)} s)`);
console.log(`approval -> issued: ${((issued - drafted) / 1000).toFixed(1)} s (invoices issued after ${((lastIssuing - drafted) / 1000).toFixed(1)} s)`);
console.log(`bill run total: ${((issued - started) / 1000).toFixed(1)} s, ${Math.round(contracts / ((issued - started) / 1000)).toLocaleString('en-US')} contracts/s (target: 100,000 in <= 60 s)`);
console.log(`resident memory: ${Math.round(rssStart / 1e6)} MB before, ${Math.round(rssPeak / 1e6)} MB peak`);
if (withDiscounts) console.log(`discounts: ${run.report?.discounts?.map((d) => `${d.schemeId} ${d.amount} ${d.currency} on ${d.invoices}`).join(', ') ?? 'none'}`);
console.log('');
await billstream.close();
return { drafting: drafted - started, issuing: issued - drafted, total: issued - started, invoices: String(run.report?.invoices), total$: run.report?.perCurrency.map((c) => `${c.total} ${c.currency}`).join(', ') ?? '' };
}

const RESULT_PREFIX = 'bench-result ';

/** `--discounts`: each phase in a fresh process, alternating, the medians side by side. */
async function compareWithAndWithoutSchemes(): Promise<void> {
  const repeat = Math.max(1, Number(values.repeat));
  const runs: Record<'with' | 'without', Measured[]> = { with: [], without: [] };
  const order: ('with' | 'without')[] = [];
  for (let i = 0; i < repeat; i += 1) order.push(...(i % 2 === 0 ? ['without', 'with'] as const : ['with', 'without'] as const));
  for (const phase of order) {
    const args = [...process.execArgv, fileURLToPath(import.meta.url), '--contracts', String(contracts), '--records', String(perContract), '--months', String(months), '--dir', root, '--phase', phase];
    const output = await runChild(process.execPath, args);
    const line = output.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
    if (!line) throw new Error(`the ${phase} run printed no result`);
    runs[phase].push(JSON.parse(line.slice(RESULT_PREFIX.length)) as Measured);
  }
  const median = (values: number[]) => { const sorted = [...values].sort((a, b) => a - b); const mid = Math.floor(sorted.length / 2); return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2; };
  const summary = (phase: 'with' | 'without', key: 'drafting' | 'issuing' | 'total') => median(runs[phase].map((r) => r[key]));
  const pct = (a: number, b: number) => `${b >= a ? '+' : ''}${(((b - a) / a) * 100).toFixed(1)} %`;
  const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  console.log(`medians of ${repeat} runs each, every run in its own process (order: ${order.join(', ')})`);
  console.log('                       without    with five schemes   change');
  for (const [label, key] of [['drafted + report    ', 'drafting'], ['approval -> issued  ', 'issuing'], ['bill run total      ', 'total']] as const) {
    console.log(`${label}   ${sec(summary('without', key)).padStart(8)}   ${sec(summary('with', key)).padStart(8)}            ${pct(summary('without', key), summary('with', key))}${key === 'total' ? ' (target: within 10 %)' : ''}`);
  }
  console.log(`each run, total: without ${runs.without.map((r) => sec(r.total)).join(', ')}; with ${runs.with.map((r) => sec(r.total)).join(', ')}`);
  console.log(`invoices ${runs.without[0]!.invoices} / ${runs.with[0]!.invoices}; totals ${runs.without[0]!.total$} / ${runs.with[0]!.total$}`);
}

/** Runs a child process, its output passed through as it comes and returned. */
function runChild(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      output += text;
      process.stdout.write(text.split('\n').filter((l) => !l.startsWith(RESULT_PREFIX)).join('\n'));
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`${args.join(' ')} exited with ${code}`))));
  });
}

if (values.phase) {
  // A child of `--discounts`: one measurement, its figures on the last line for the parent.
  const measured = await measure(values.phase === 'with' ? 'with five discount schemes in force' : 'without discount schemes', values.phase === 'with');
  console.log(`${RESULT_PREFIX}${JSON.stringify(measured)}`);
} else if (values.discounts) {
  await compareWithAndWithoutSchemes();
} else {
  await measure('bill run', false);
}
if (!values.dir && !values.phase) fs.rmSync(root, { recursive: true, force: true });
