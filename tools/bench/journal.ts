/**
 * Journal export throughput (issue 14): a data folder with N journal entries (default 1,000,000),
 * exported over REST by cursor pages of 1000 from a real `billstream serve` in a process of its
 * own, as accounting software would poll it.
 *
 *   node --import tsx tools/bench/journal.ts [--entries 1000000] [--data DIR] [--rebuild]
 *
 * The entries are written cheaply but through billstream's own path: payments (PaymentReceived,
 * one journal entry each) appended in bulk to the clients' ledger streams, then the journal
 * projection builds the entries as it would live. A folder from an earlier run with as many
 * entries is reused (`--data`; `--rebuild` times a rebuild of its journal). Prints the build
 * (the journal apart from the other read models) and export figures; asserts that every entry
 * came once, in order.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../src/config.ts';
import { openBillstream } from '../../src/main.ts';
import { importLegalEntities } from '../../src/import/legal-entities.ts';
import { ledgerStream, PAYMENT_RECEIVED, type PaymentReceivedData } from '../../src/domain/receivables/events.ts';
import { deterministicId } from '../../src/core/ids.ts';
import type { NewEvent } from '../../src/eventstore/port.ts';
import { JOURNAL } from '../../projections/journal.projection.ts';

const { values } = parseArgs({ options: { entries: { type: 'string', default: '1000000' }, data: { type: 'string' }, rebuild: { type: 'boolean', default: false } } });
const entries = Number(values.entries);
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(repo, 'bin/billstream');
const dataDir = values.data ? path.resolve(values.data) : fs.mkdtempSync(path.join(os.tmpdir(), 'billstream-bench-journal-'));
const ADMIN_KEY = 'bench-journal-admin-key-0123456789';
const PER_CLIENT = 1000;

/**
 * Brings every read model up to the log, timing the journal apart from the others (payments and
 * receivables read the same events). A reused folder whose journal projection changed version is
 * rebuilt here, and `--rebuild` rebuilds it anyway: the build figure of the current code.
 */
async function catchUpTimed(billstream: Awaited<ReturnType<typeof openBillstream>>): Promise<void> {
  let others = 0;
  for (const consumer of billstream.readModels) {
    const started = performance.now();
    if (consumer.name === 'projection:billing-views') {
      const cpu = process.cpuUsage();
      if (values.rebuild) await consumer.rebuild();
      else await consumer.waitFor();
      const seconds = (performance.now() - started) / 1000;
      // The CPU time too: on a busy machine the wall time measures the neighbours.
      const used = process.cpuUsage(cpu);
      if (seconds > 1) console.log(`setup: billing views (the journal among them) built ${entries.toLocaleString('en-US')} entries in ${seconds.toFixed(1)} s (${Math.round(entries / seconds).toLocaleString('en-US')} entries/s; ${((used.user + used.system) / 1e6).toFixed(1)} s of CPU)`);
    } else {
      await consumer.waitFor();
      others += performance.now() - started;
    }
  }
  const started = performance.now();
  await billstream.catchUp();
  others += performance.now() - started;
  if (others > 1000) console.log(`setup: the other read models and consumers caught up in ${(others / 1000).toFixed(1)} s`);
}

async function build(): Promise<void> {
  const billstream = await openBillstream({ ...loadConfig(process.env, { dataDir }), adminKey: ADMIN_KEY });
  try {
    const have = (await billstream.readStore.getCheckpoint('projection:billing-views'))?.position ?? null;
    if (have !== null && (await billstream.readStore.find(JOURNAL, {}, { limit: 1, after: undefined })).items.length > 0 && fs.existsSync(path.join(dataDir, `.journal-${entries}`))) {
      console.log(`setup: reusing ${dataDir} (${entries.toLocaleString('en-US')} entries)`);
      await catchUpTimed(billstream);
      return;
    }
    await importLegalEntities(billstream, fs.readFileSync(path.join(repo, 'examples/legal-entities.yaml'), 'utf8'), { actor: 'bench' });
    const started = performance.now();
    for (let client = 0; client * PER_CLIENT < entries; client++) {
      const clientId = `BENCH-${client}`;
      const events: NewEvent[] = [];
      for (let i = 0; i < PER_CLIENT && client * PER_CLIENT + i < entries; i++) {
        const paymentId = `PAY-${client}-${i}`;
        const data: PaymentReceivedData = {
          paymentId, clientId, legalEntityId: 'HU1', date: `2026-${String(1 + (i % 12)).padStart(2, '0')}-15`, amount: `${(i % 997) + 1}.50`, currency: i % 3 === 0 ? 'EUR' : 'HUF',
          reference: `transfer ${i}`, invoiceNumber: null, nationalCurrency: 'HUF', rate: i % 3 === 0 ? '395.37' : '1',
        };
        events.push({ id: deterministicId('bench-payment', paymentId), type: PAYMENT_RECEIVED, data, metadata: { correlationId: paymentId, causationId: null, tenantId: null, actor: 'bench', recordedAt: '2026-06-01T00:00:00Z', schemaVersion: 1 } });
      }
      await billstream.eventStore.append(ledgerStream(clientId), events, 'any');
    }
    const appended = performance.now();
    console.log(`setup: ${entries.toLocaleString('en-US')} payments appended in ${((appended - started) / 1000).toFixed(1)} s`);
    await catchUpTimed(billstream);
    console.log(`setup: every read model built in ${((performance.now() - appended) / 1000).toFixed(1)} s`);
    fs.writeFileSync(path.join(dataDir, `.journal-${entries}`), '');
  } finally {
    await billstream.close();
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function startServer(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [bin, '--data', dataDir, 'serve', '--port', String(port)], {
    cwd: repo, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, BILLSTREAM_ADMIN_KEY: ADMIN_KEY, BILLSTREAM_BILL_RUNS: 'off' },
  });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('listening on')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`billstream serve exited with ${code} before listening:\n${output}`)));
  });
  child.stdout!.resume();
  return child;
}

async function exportAll(port: number, accept: 'application/json' | 'text/csv'): Promise<{ count: number; seconds: number; bytes: number }> {
  const started = performance.now();
  let after: string | null = null;
  let count = 0;
  let bytes = 0;
  let previous = '';
  for (;;) {
    const url = `http://127.0.0.1:${port}/accounting/journal?limit=1000${after ? `&after=${after}` : ''}`;
    const res = await fetch(url, { headers: { Authorization: `Bearer ${ADMIN_KEY}`, Accept: accept } });
    if (res.status !== 200) throw new Error(`${url}: ${res.status} ${await res.text()}`);
    const text = await res.text();
    bytes += text.length;
    if (accept === 'application/json') {
      const page = JSON.parse(text) as { items: { cursor: string }[]; next: string | null };
      count += page.items.length;
      // In order and once: each page starts after the cursor that asked for it.
      if (page.items.length && page.items[0]!.cursor === previous) throw new Error('an entry came twice');
      previous = page.items.at(-1)?.cursor ?? previous;
      after = page.next;
    } else {
      count += new Set(text.split('\r\n').slice(1, -1).map((row) => row.slice(0, 36))).size;
      after = res.headers.get('next-cursor');
    }
    if (!after) break;
  }
  return { count, seconds: (performance.now() - started) / 1000, bytes };
}

await build();
const port = await freePort();
const server = await startServer(port);
try {
  // Warm up: the server's first request compiles its routes and the validator's lookups.
  await fetch(`http://127.0.0.1:${port}/accounting/journal?limit=1000`, { headers: { Authorization: `Bearer ${ADMIN_KEY}` } }).then((r) => r.text());
  for (const accept of ['application/json', 'text/csv'] as const) {
    const { count, seconds, bytes } = await exportAll(port, accept);
    if (count !== entries) throw new Error(`exported ${count} entries of ${entries}`);
    console.log(`GET /accounting/journal (${accept}, limit 1000): ${count.toLocaleString('en-US')} entries in ${seconds.toFixed(1)} s = ${Math.round(count / seconds).toLocaleString('en-US')} entries/s (${(bytes / 1e6).toFixed(0)} MB; target >= 50,000/s)`);
  }
} finally {
  server.kill('SIGTERM');
}
console.log(`data: ${dataDir}`);
