/**
 * The usage pipeline as `billstream import usage` runs it: CSV -> UsageRecorded -> rating saga
 * -> UsageRated -> usage views, on the embedded store, after a CRM of generated clients and the
 * example tariffs. Prints records/s and resident memory; asserts nothing.
 *
 *   node --import tsx tools/bench/pipeline.ts [--records N] [--clients N] [--dir DIR]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
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

const { values } = parseArgs({ options: { records: { type: 'string', default: '200000' }, clients: { type: 'string', default: '20000' }, dir: { type: 'string' } } });
const records = Number(values.records);
const root = values.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'billstream-bench-pipeline-'));
const files = path.join(root, 'files');
fs.rmSync(path.join(root, 'data'), { recursive: true, force: true });
console.log(`billstream usage pipeline on ${os.cpus().length} cores, node ${process.version}, in ${root}\n`);

await generate({ clients: Number(values.clients), out: files, seed: 7 });
const billstream = await openBillstream(loadConfig({}, { dataDir: path.join(root, 'data') }));
await importLegalEntities(billstream, fs.readFileSync(path.join(files, 'legal-entities.yaml'), 'utf8'), { actor: 'bench' });
await importTariffs(billstream, 'examples/tariffs', { actor: 'bench' });
for (const kind of ['clients', 'contracts', 'service-points', 'subscriptions']) {
  const spec = CSV_IMPORTS[kind]!;
  await importCsvEntities(billstream, () => readCsvFile(path.join(files, `${kind}.csv`), spec.columns), spec, { actor: 'bench' });
}
await billstream.catchUp();

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
const usageFile = path.join(files, 'usage.csv');
const out = fs.createWriteStream(usageFile);
out.write('record_id,source,identifier,type,start_time,duration_s,called_number,bytes_in,bytes_out,quantity\n');
for (let i = 0; i < records; i++) {
  const start = new Date(Date.UTC(2026, 9, 1) + ((i * 7919) % (30 * 86_400)) * 1000).toISOString().replace('.000Z', 'Z');
  const row = `cdr-${i},switch-1,${callers[i % callers.length]},voice,${start},${(i * 31) % 900},${destinations[i % destinations.length]},,,\n`;
  if (!out.write(row)) await once(out, 'drain');
}
out.end();
await once(out, 'finish');
console.log(`${records.toLocaleString('en-US')} voice records from ${callers.length.toLocaleString('en-US')} callers written\n`);

let rssPeak = process.memoryUsage().rss;
const sampler = setInterval(() => { rssPeak = Math.max(rssPeak, process.memoryUsage().rss); }, 200);
const rssStart = process.memoryUsage().rss;
const started = performance.now();
const summary = await importUsage(billstream, () => readCsvFile(usageFile, USAGE_COLUMNS), { actor: 'bench' });
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
console.log(`recorded ${summary.created.toLocaleString('en-US')}, unresolved ${summary.unresolved.toLocaleString('en-US')}, rejected ${summary.rejected}, duplicates ${summary.duplicates}`);
console.log(`pipeline CSV -> recorded -> rated -> views: ${seconds.toFixed(1)} s, ${Math.round(records / seconds).toLocaleString('en-US')} records/s (target >= 10,000/s)`);
console.log(`resident memory: ${Math.round(rssStart / 1e6)} MB before, ${Math.round(rssPeak / 1e6)} MB peak (target < 500 MB for 5,000,000 records)`);
await billstream.close();
if (!values.dir) fs.rmSync(root, { recursive: true, force: true });
