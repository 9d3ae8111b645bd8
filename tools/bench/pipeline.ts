/**
 * The usage pipeline as `billstream import usage` runs it: CSV -> UsageRecorded -> rating saga
 * -> UsageRated -> usage views, on the embedded store, after a CRM of generated clients and the
 * example tariffs. Prints records/s and resident memory; asserts nothing.
 *
 *   node --import tsx tools/bench/pipeline.ts [--records N] [--clients N] [--dir DIR] [--breakdown]
 *
 * The CRM, tariffs and usage file are prepared first; the import then runs in a process of its
 * own, as the CLI runs it, so its resident memory is the import's and not what preparing the CRM
 * left behind (`node --cpu-prof` profiles both processes, each into its own file).
 * `--breakdown` also prints the time of each consumer's read-store transactions and event reads.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../src/config.ts';
import { openBillstream } from '../../src/main.ts';
import { importLegalEntities } from '../../src/import/legal-entities.ts';
import { importCsvEntities } from '../../src/import/bulk.ts';
import { CSV_IMPORTS } from '../../src/import/crm-files.ts';
import { readCsvFile } from '../../src/import/csv.ts';
import { importTariffs } from '../../src/import/tariffs.ts';
import { importUsage, USAGE_COLUMNS } from '../../src/import/usage.ts';
import { generate } from '../generate.ts';

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '200000' },
    clients: { type: 'string', default: '20000' },
    dir: { type: 'string' },
    breakdown: { type: 'boolean', default: false },
    /** Internal: the import itself, in the child process. */
    'import-only': { type: 'boolean', default: false },
  },
});
const records = Number(values.records);

if (values['import-only']) await importPhase(values.dir!);
else await prepareAndImport();

async function prepareAndImport(): Promise<void> {
  const root = values.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'billstream-bench-pipeline-'));
  const files = path.join(root, 'files');
  fs.rmSync(path.join(root, 'data'), { recursive: true, force: true });
  console.log(`billstream usage pipeline on ${os.cpus().length} cores, node ${process.version}, in ${root}\n`);

  await generate({ clients: Number(values.clients), out: files, seed: 7 });
  const billstream = await openBillstream(loadConfig({}, { dataDir: path.join(root, 'data') }));
  await importLegalEntities(billstream, fs.readFileSync(path.join(files, 'legal-entities.yaml'), 'utf8'), { actor: 'bench' });
  await importTariffs(billstream, 'examples/tariffs', { actor: 'bench' });
  for (const kind of ['partners', 'clients', 'contracts', 'service-points', 'subscriptions']) {
    const spec = CSV_IMPORTS[kind]!;
    await importCsvEntities(billstream, () => readCsvFile(path.join(files, `${kind}.csv`), spec.columns), spec, { actor: 'bench' });
  }
  await billstream.catchUp();
  await billstream.close();

  // Callers: the E.164 identifiers of service points with a voice tariff active through October 2026.
  const lines = (file: string) => fs.readFileSync(path.join(files, file), 'utf8').trim().split('\n').slice(1);
  const voicePoints = new Set(lines('subscriptions.csv').map((l) => l.split(',')).filter((c) => (c[2] === 'HOME-VOIP' || c[2] === 'BIZ-SIP') && c[3]! <= '2026-10-01' && (!c[4] || c[4] > '2026-11-01')).map((c) => c[1]));
  const callers: string[] = [];
  for (const line of lines('service-points.csv')) {
    const [id, , identifiers] = line.split(',');
    if (!voicePoints.has(id)) continue;
    const number = identifiers!.split(';').find((i) => i.startsWith('+'));
    if (number) callers.push(number);
  }
  const destinations = ['+3612345678', '+36301234567', '+4930123456', '+4915112345678', '+43123456', '+4369912345678', '+12125551234', '+442071234567'];
  const out = fs.createWriteStream(path.join(files, 'usage.csv'));
  out.write('record_id,source,identifier,type,start_time,duration_s,called_number,bytes_in,bytes_out,quantity\n');
  for (let i = 0; i < records; i++) {
    const start = new Date(Date.UTC(2026, 9, 1) + ((i * 7919) % (30 * 86_400)) * 1000).toISOString().replace('.000Z', 'Z');
    const row = `cdr-${i},switch-1,${callers[i % callers.length]},voice,${start},${(i * 31) % 900},${destinations[i % destinations.length]},,,\n`;
    if (!out.write(row)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  console.log(`${records.toLocaleString('en-US')} voice records from ${callers.length.toLocaleString('en-US')} callers written\n`);

  const args = [...process.execArgv, fileURLToPath(import.meta.url), '--import-only', '--dir', root, '--records', String(records), ...(values.breakdown ? ['--breakdown'] : [])];
  const child = spawn(process.execPath, args, { stdio: 'inherit' });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (!values.dir) fs.rmSync(root, { recursive: true, force: true });
  if (code !== 0) throw new Error(`the import process exited with ${code}`);
}

async function importPhase(root: string): Promise<void> {
  const usageFile = path.join(root, 'files', 'usage.csv');
  const billstream = await openBillstream(loadConfig({}, { dataDir: path.join(root, 'data') }));
  let rssPeak = process.memoryUsage().rss;
  let heapAtPeak = 0;
  const sampler = setInterval(() => {
    const { rss, heapTotal } = process.memoryUsage();
    if (rss > rssPeak) [rssPeak, heapAtPeak] = [rss, heapTotal];
  }, 200);
  const rssStart = process.memoryUsage().rss;
  const heapStart = process.memoryUsage().heapUsed;
  // Time spent bringing read models up to date (the import's catch-ups), to tell it from recording.
  let catchUpSeconds = 0;
  const catchUp = billstream.catchUp.bind(billstream);
  billstream.catchUp = async (target) => {
    const t = performance.now();
    try {
      await catchUp(target);
    } finally {
      catchUpSeconds += (performance.now() - t) / 1000;
    }
  };
  /** Bytes this process wrote to storage so far (Linux), to see what the SQLite commits cost in I/O. */
  const writtenBytes = () => {
    try {
      return Number(/^write_bytes: (\d+)$/m.exec(fs.readFileSync('/proc/self/io', 'utf8'))?.[1] ?? NaN);
    } catch {
      return NaN;
    }
  };
  const writtenBefore = writtenBytes();
  // Per consumer: its page reads (by the types it reads) and its unit of work (by the checkpoint it sets).
  const spent = new Map<string, number>();
  if (values.breakdown) {
    const add = (name: string, ms: number) => spent.set(name, (spent.get(name) ?? 0) + ms);
    const { readStore, eventStore } = billstream;
    const transact = readStore.transact.bind(readStore);
    readStore.transact = async (work) => {
      const t = performance.now();
      let name = 'other';
      try {
        return await transact((uow) => work({ ...uow, setCheckpoint: (n, c) => { name = n; uow.setCheckpoint(n, c); } }));
      } finally {
        add(`write ${name}`, performance.now() - t);
      }
    };
    const readAll = eventStore.readAll.bind(eventStore);
    eventStore.readAll = async (options) => {
      const t = performance.now();
      try {
        return await readAll(options);
      } finally {
        add(`read ${options?.filter?.eventTypePrefixes?.join(',') ?? 'all'}`, performance.now() - t);
      }
    };
  }
  const started = performance.now();
  const summary = await importUsage(billstream, () => readCsvFile(usageFile, USAGE_COLUMNS), { actor: 'bench' }, { processInWorker: true });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  console.log(`recorded ${summary.created.toLocaleString('en-US')}, unresolved ${summary.unresolved.toLocaleString('en-US')}, rejected ${summary.rejected}, duplicates ${summary.duplicates}`);
  console.log(`pipeline CSV -> recorded -> rated -> views: ${seconds.toFixed(1)} s, ${Math.round(records / seconds).toLocaleString('en-US')} records/s (target >= 10,000/s); recording ${(seconds - catchUpSeconds).toFixed(1)} s, read models ${catchUpSeconds.toFixed(1)} s`);
  const written = writtenBytes() - writtenBefore;
  const fileMb = (name: string) => Math.round(['', '-wal'].reduce((sum, suffix) => sum + (fs.statSync(path.join(root, 'data', name + suffix), { throwIfNoEntry: false })?.size ?? 0), 0) / 1e6);
  if (!Number.isNaN(written)) console.log(`written to disk: ${Math.round(written / 1e6).toLocaleString('en-US')} MB (${Math.round(written / records).toLocaleString('en-US')} bytes per record); event store ${fileMb('events.db')} MB, read store ${fileMb('read.db')} MB (with their write-ahead logs)`);
  for (const [name, ms] of [...spent].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`  ${(ms / 1000).toFixed(2).padStart(6)} s  ${name}`);
  // The kernel's high-water mark, where there is one: exact, where sampling may miss a short peak.
  const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(fs.existsSync('/proc/self/status') ? fs.readFileSync('/proc/self/status', 'utf8') : '');
  if (hwm) rssPeak = Math.max(rssPeak, Number(hwm[1]) * 1024);
  console.log(`resident memory: ${Math.round(rssStart / 1e6)} MB before (JavaScript heap ${Math.round(heapStart / 1e6)} MB), ${Math.round(rssPeak / 1e6)} MB peak (JavaScript heap then ${Math.round(heapAtPeak / 1e6)} MB; target < 500 MB for 5,000,000 records)`);
  await billstream.close();
}
