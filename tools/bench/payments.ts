/**
 * `npm run bench:payments`: a fresh data folder with generated clients billed as of 2026-11-01
 * and issued, then 100,000 payments imported from a payments.csv as `billstream import payments`
 * does it (most matched to an issued invoice by number, in full or in part, some over-paid, some
 * with no or an unknown number), then the read models brought up to date. Prints rows/s and the
 * times; asserts nothing (target: the import within 30 s).
 *
 *   npm run bench:payments -- [--clients N] [--payments N] [--dir DIR]
 *
 * With --dir, the billed and issued data folder is kept (DIR/setup-N, N clients) and a later run
 * in the same DIR starts from a copy of it: the import is measured again without billing again.
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
import { FX_RATE_COLUMNS, importFxRates } from '../../src/import/fx-rates.ts';
import { importPayments, PAYMENT_COLUMNS } from '../../src/import/payments.ts';
import { approveBillRun, startBillRun } from '../../src/app/bill-run/issue.ts';
import { findAll } from '../../src/readstore/port.ts';
import { INVOICES, type InvoiceDocument } from '../../projections/invoices.projection.ts';
import { catchUpBillRuns } from '../bill-run-catch-up.ts';
import { generate } from '../generate.ts';
import { Decimal } from 'decimal.js';

const { values } = parseArgs({ options: { clients: { type: 'string', default: '2000' }, payments: { type: 'string', default: '100000' }, dir: { type: 'string' } } });
const clients = Number(values.clients);
const paymentCount = Number(values.payments);
const root = values.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'billstream-bench-payments-'));
const files = path.join(root, 'files');
const data = path.join(root, 'data');
fs.rmSync(data, { recursive: true, force: true });
console.log(`billstream bench:payments on ${os.cpus().length} cores, node ${process.version}, in ${root}\n`);

let t = performance.now();
const snapshot = path.join(root, `setup-${clients}`);
const context = { actor: 'bench' };
let billstream;
const reused = !!values.dir && fs.existsSync(path.join(snapshot, 'done'));
if (reused) {
  fs.cpSync(snapshot, data, { recursive: true, filter: (source) => path.basename(source) !== 'done' });
  billstream = await openBillstream(loadConfig({}, { dataDir: data }));
} else {
  if (!fs.existsSync(path.join(files, 'clients.csv'))) await generate({ clients, out: files, seed: 1, usagePerClient: 0 });
  billstream = await openBillstream(loadConfig({}, { dataDir: data }));
  await importLegalEntities(billstream, fs.readFileSync(path.join(files, 'legal-entities.yaml'), 'utf8'), context);
  await importTariffs(billstream, path.join(files, 'tariffs'), context);
  for (const kind of ['partners', 'clients', 'contracts', 'service-points', 'subscriptions']) {
    const spec = CSV_IMPORTS[kind]!;
    await importCsvEntities(billstream, () => readCsvFile(path.join(files, `${kind}.csv`), spec.columns), spec, context);
  }
  await importFxRates(billstream, () => readCsvFile(path.join(files, 'fx-rates.csv'), FX_RATE_COLUMNS), context);
  await billstream.catchUp();
  const { runId } = await startBillRun(billstream, { asOf: '2026-11-01' }, { commandId: 'bench-run', actor: 'bench' });
  await catchUpBillRuns(billstream);
  await approveBillRun(billstream, runId, { includeHeld: true, issueDate: '2026-11-02' }, { commandId: 'bench-approve', actor: 'bench' });
  await catchUpBillRuns(billstream);
  await billstream.catchUp();
  if (values.dir) {
    await billstream.close();
    fs.rmSync(snapshot, { recursive: true, force: true });
    fs.cpSync(data, snapshot, { recursive: true });
    fs.writeFileSync(path.join(snapshot, 'done'), '');
    billstream = await openBillstream(loadConfig({}, { dataDir: data }));
  }
}
const invoices = (await findAll<InvoiceDocument>(billstream.readStore, INVOICES, { status: 'issued' })).filter((i) => i.total !== null);
console.log(`setup${reused ? ` (a copy of ${snapshot})` : ''}: ${clients.toLocaleString('en-US')} clients, ${invoices.length.toLocaleString('en-US')} issued invoices in ${((performance.now() - t) / 1000).toFixed(1)} s`);

// Payments over the invoices round-robin: a part, the rest, an over-payment, no number, an unknown number.
const csv = path.join(files, 'payments.csv');
const out = fs.createWriteStream(csv);
out.write('payment_id,date,client_id,invoice_number,amount,currency,reference\n');
for (let i = 0; i < paymentCount; i++) {
  const invoice = invoices[i % invoices.length]!;
  const kind = Math.floor(i / invoices.length) % 5;
  const total = new Decimal(invoice.total!);
  const amount = kind === 0 ? total.dividedBy(2).toDecimalPlaces(0) : kind === 2 ? total.plus(10) : new Decimal(1 + (i % 500));
  const number = kind === 3 ? '' : kind === 4 ? `UNKNOWN-${i}` : invoice.number!;
  out.write(`PAY-${i},2026-11-${String(10 + (i % 15)).padStart(2, '0')},${invoice.clientId},${number},${amount.toFixed(2)},${invoice.currency},bench ${i}\n`);
}
await new Promise((resolve) => out.end(resolve));

t = performance.now();
let cpu = process.cpuUsage();
const summary = await importPayments(billstream, () => readCsvFile(csv, PAYMENT_COLUMNS), context);
const importSeconds = (performance.now() - t) / 1000;
// CPU time too (user + system, this process's threads): on a busy machine the wall time says more about the neighbours.
const cpuSeconds = (since: NodeJS.CpuUsage) => (since.user + since.system) / 1e6;
const importCpu = cpuSeconds(process.cpuUsage(cpu));
t = performance.now();
cpu = process.cpuUsage();
await billstream.catchUp();
const readModelSeconds = (performance.now() - t) / 1000;
const readModelCpu = cpuSeconds(process.cpuUsage(cpu));
const rows = summary.created + summary.unchanged + summary.rejected;
console.log(`payments: ${rows.toLocaleString('en-US')} rows (${summary.created} created, ${summary.unchanged} unchanged, ${summary.rejected} rejected${summary.errors[0] ? `: ${summary.errors[0].reason}` : ''})`);
console.log(`import ${importSeconds.toFixed(1)} s (${Math.round(rows / importSeconds).toLocaleString('en-US')} rows/s), read models ${readModelSeconds.toFixed(1)} s, total ${(importSeconds + readModelSeconds).toFixed(1)} s`);
console.log(`cpu: import ${importCpu.toFixed(1)} s, read models ${readModelCpu.toFixed(1)} s; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
await billstream.close();
