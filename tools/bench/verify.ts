/**
 * `npm run bench:verify`: `billstream verify` over a large log (target: 1,000,000 events in
 * <= 60 s), and the whole command on a realistic folder (the examples imported and billed).
 * Prints figures; asserts nothing.
 *
 *   npm run bench:verify -- [--events N] [--dir DIR] [--skip-folder]
 *
 * The large log is synthetic usage-sized events (the chain walk reads and hashes every event
 * whatever its type); the realistic folder adds what only real data has: invoices recomputed,
 * number series, documents rendered again.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { systemClock } from '../../src/core/clock.ts';
import { uuidv7 } from '../../src/core/ids.ts';
import { loadConfig } from '../../src/config.ts';
import { openBillstream } from '../../src/main.ts';
import type { NewEvent } from '../../src/eventstore/port.ts';
import { verifyStore } from '../../src/app/audit/verify.ts';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    dir: { type: 'string' },
    'skip-folder': { type: 'boolean', default: false },
  },
});
const EVENTS = Number(values.events);
const STREAMS = Math.max(1, Math.floor(EVENTS / 100));
const root = values.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'billstream-bench-verify-'));
fs.mkdirSync(root, { recursive: true });
const rate = (n: number, ms: number) => `${Math.round(n / (ms / 1000)).toLocaleString('en-US')}/s`;

/** A usage-record-sized event, as in bench:store. */
function event(i: number): NewEvent {
  return {
    id: uuidv7(systemClock),
    type: 'UsageRecorded',
    data: {
      source: 'switch-budapest-01', recordId: `cdr-${i}`, identifier: `+36123${String(i % 100000).padStart(5, '0')}`, type: 'voice',
      startTime: '2026-10-11T08:15:00Z', durationSeconds: 60 + (i % 600), calledNumber: `+4930${String(i).padStart(8, '0')}`,
      bytesIn: 0, bytesOut: 0, servicePointId: `sp-${i % 100000}`, subscriptionId: `sub-${i % 100000}`,
    },
    metadata: { correlationId: uuidv7(systemClock), causationId: null, tenantId: null, actor: 'cli:import', recordedAt: '2026-11-25T10:00:00.000Z', schemaVersion: 1 },
  };
}

console.log(`billstream bench:verify on ${os.cpus().length} cores, node ${process.version}, files in ${root}\n`);

const dataDir = path.join(root, 'large');
const billstream = await openBillstream(loadConfig({}, { dataDir }));
try {
  let started = performance.now();
  // 100 events per append, 100 appends per grouped commit: how an import writes.
  const perAppend = 100;
  const appendsPerTurn = 100;
  let written = 0;
  while (written < EVENTS) {
    const appends: Promise<unknown>[] = [];
    for (let a = 0; a < appendsPerTurn && written < EVENTS; a++) {
      const count = Math.min(perAppend, EVENTS - written);
      const stream = `usage-${(written / perAppend) % STREAMS}`;
      appends.push(billstream.eventStore.append(stream, Array.from({ length: count }, (_, k) => event(written + k)), 'any'));
      written += count;
    }
    await Promise.all(appends);
  }
  const writeMs = performance.now() - started;
  console.log(`appended ${EVENTS.toLocaleString('en-US')} chained events over ${STREAMS.toLocaleString('en-US')} streams in ${(writeMs / 1000).toFixed(1)} s (${rate(EVENTS, writeMs)})`);

  started = performance.now();
  const report = await verifyStore({ eventStore: billstream.eventStore, readStore: billstream.readStore });
  const verifyMs = performance.now() - started;
  if (!report.ok) console.log(`unexpected findings: ${JSON.stringify(report.findings.slice(0, 3))}`);
  console.log(`verify (chain walk, invoices, series) over ${report.checked.events!.toLocaleString('en-US')} events: ${(verifyMs / 1000).toFixed(1)} s (${rate(report.checked.events!, verifyMs)})   target <= 60 s`);
  console.log(`  resident memory after: ${Math.round(process.memoryUsage().rss / 1024 / 1024)} MB`);
} finally {
  await billstream.close();
}

if (!values['skip-folder']) {
  const folder = path.join(root, 'examples');
  const bin = path.resolve('bin/billstream');
  const run = (args: string[]) => execFileSync(process.execPath, [bin, '--data', folder, ...args], { env: { ...process.env, BILLSTREAM_TIME_ZONE: 'Europe/Budapest' }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  for (const [kind, file] of [['legal-entities', 'legal-entities.yaml'], ['partners', 'partners.csv'], ['clients', 'clients.csv'], ['contracts', 'contracts.csv'], ['service-points', 'service-points.csv'], ['tariffs', 'tariffs'], ['subscriptions', 'subscriptions.csv'], ['fx-rates', 'fx-rates.csv']]) {
    run(['import', kind!, path.join('examples', file!), '--json']);
  }
  run(['bill-run', '--as-of', '2026-11-01', '--approve', '--issue-date', '2026-11-02', '--json']);
  // Documents are rendered in the background: a first verify renders what is left, the timed one checks.
  run(['verify', '--json']);
  const started = performance.now();
  const report = JSON.parse(run(['verify', '--json'])) as { ok: boolean; checked: Record<string, number> };
  const ms = performance.now() - started;
  const c = report.checked;
  console.log(`\nbillstream verify on the examples billed (${c.events} events, ${c.invoices} invoices, ${c.documents} documents): ${(ms / 1000).toFixed(1)} s for the whole command, ${report.ok ? 'all holds' : 'FINDINGS'}`);
  const replay = performance.now();
  run(['replay', '--check', '--json']);
  console.log(`billstream replay --check on the same folder: ${((performance.now() - replay) / 1000).toFixed(1)} s`);
}

if (!values.dir) fs.rmSync(root, { recursive: true, force: true });
