/**
 * `npm run bench:import`: 100,000 clients with one contract, one service point and two
 * subscriptions each (500,000 rows in four files) imported into a fresh embedded store, as
 * `billstream import` does it, with the read models brought up to date. Prints figures; asserts
 * nothing (see README, Performance).
 *
 *   npm run bench:import -- [--clients N] [--dir DIR]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../src/config.ts';
import { openBillstream } from '../../src/main.ts';
import { importLegalEntities } from '../../src/import/legal-entities.ts';
import { importTariffs } from '../../src/import/tariffs.ts';
import { importCsvEntities } from '../../src/import/bulk.ts';
import { CSV_IMPORTS } from '../../src/import/crm-files.ts';
import { readCsvFile } from '../../src/import/csv.ts';
import { generate } from '../generate.ts';

const { values } = parseArgs({ options: { clients: { type: 'string', default: '100000' }, dir: { type: 'string' } } });
const clients = Number(values.clients);
const root = values.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'billstream-bench-import-'));
const files = path.join(root, 'files');
const data = path.join(root, 'data');
fs.rmSync(data, { recursive: true, force: true });

console.log(`billstream bench:import on ${os.cpus().length} cores, node ${process.version}, in ${root}\n`);
if (!fs.existsSync(path.join(files, 'partners.csv'))) {
  const started = performance.now();
  await generate({ clients, out: files, seed: 1 });
  console.log(`generated ${clients.toLocaleString('en-US')} clients' files in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}

const billstream = await openBillstream(loadConfig({}, { dataDir: data }));
let rssPeak = process.memoryUsage().rss;
const sampler = setInterval(() => { rssPeak = Math.max(rssPeak, process.memoryUsage().rss); }, 200);
const rssStart = process.memoryUsage().rss;

await importLegalEntities(billstream, fs.readFileSync(path.join(files, 'legal-entities.yaml'), 'utf8'), { actor: 'bench' });
// The subscriptions name the tariffs: published before, outside the measured import.
await importTariffs(billstream, path.join(files, 'tariffs'), { actor: 'bench' });
const started = performance.now();
let rows = 0;
for (const kind of ['partners', 'clients', 'contracts', 'service-points', 'subscriptions']) {
  const spec = CSV_IMPORTS[kind]!;
  const file = path.join(files, `${kind}.csv`);
  const t = performance.now();
  const summary = await importCsvEntities(billstream, () => readCsvFile(file, spec.columns), spec, { actor: 'bench' });
  const importSeconds = (performance.now() - t) / 1000;
  const c = performance.now();
  await billstream.catchUp();
  const projectionSeconds = (performance.now() - c) / 1000;
  const n = summary.created + summary.updated + summary.unchanged;
  rows += n + summary.rejected;
  console.log(
    `${kind.padEnd(15)} ${n.toLocaleString('en-US').padStart(9)} rows (${summary.rejected} rejected)  import ${importSeconds.toFixed(1)} s (${Math.round(n / importSeconds).toLocaleString('en-US')}/s)  read models ${projectionSeconds.toFixed(1)} s  RSS ${Math.round(process.memoryUsage().rss / 1e6)} MB`,
  );
}
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
console.log(`\ntotal: ${rows.toLocaleString('en-US')} rows in ${seconds.toFixed(1)} s (${Math.round(rows / seconds).toLocaleString('en-US')} rows/s), target <= 60 s`);
console.log(`resident memory: ${Math.round(rssStart / 1e6)} MB at start, ${Math.round(rssPeak / 1e6)} MB peak`);
const head = await billstream.eventStore.headPosition();
console.log(`events stored: ${head?.toLocaleString('en-US')}`);
await billstream.close();
if (!values.dir) fs.rmSync(root, { recursive: true, force: true });
