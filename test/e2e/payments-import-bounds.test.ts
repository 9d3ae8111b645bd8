/**
 * A payments.csv of many rejected rows against real processes: `serve` keeps answering other
 * requests while it reads the file (100,000 rows naming unknown clients once held /health for
 * 2.75 s, the rejected rows being read in microtasks alone), and the answer lists the first 1,000
 * errors by line with the count of the others (a million bad rows once answered 83 MB).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { temporaryDataDir } from '../support/billstream.ts';
import { runBillstream, startServer, type ServerProcess } from '../support/processes.ts';

const HEADER = 'payment_id,date,client_id,invoice_number,amount,currency,reference\n';

/** `rows` payments of clients that do not exist: every row is rejected. */
function unknownClients(rows: number): string {
  const lines = [HEADER];
  for (let i = 0; i < rows; i++) lines.push(`PM-${i},2026-11-10,NOPE-${i},,1.00,HUF,r\n`);
  return lines.join('');
}

interface Summary {
  created: number;
  rejected: number;
  errors: { line: number; column: number; reason: string }[];
  errorsOmitted?: number;
}

describe('a payments import with many rejected rows', () => {
  const dir = temporaryDataDir('billstream-payments-bounds-');
  let server: ServerProcess;

  beforeAll(async () => {
    server = await startServer(path.join(dir, 'served'));
    // The first request of a fresh server is slow on its own (read models opened, routes compiled).
    expect((await server.request('/health', { timeoutMs: 30_000 })).status).toBe(200);
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps /health answering while it reads 100,000 rejected rows over REST, and lists the first 1,000 errors', async () => {
    const rows = 100_000;
    let done = false;
    const imported = server.request('/payments/import', { method: 'POST', body: unknownClients(rows), headers: { 'Content-Type': 'text/csv' }, timeoutMs: 120_000 })
      .finally(() => { done = true; });
    const latencies: number[] = [];
    while (!done) {
      const started = performance.now();
      const health = await server.request('/health', { timeoutMs: 60_000 });
      expect(health.status).toBe(200);
      if (!done) latencies.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const response = await imported;
    const text = await response.text();
    expect(response.status).toBe(422);
    // Before: one synchronous stretch as long as the whole import (2.75 s here); now at most a chunk of rows at a time.
    expect(latencies.length, 'health answered while the import ran').toBeGreaterThanOrEqual(3);
    expect(Math.max(...latencies), `health latencies ${latencies.map(Math.round).join(' ')} ms`).toBeLessThan(1_000);

    const summary = JSON.parse(text) as Summary;
    expect(summary).toMatchObject({ created: 0, rejected: rows, errorsOmitted: rows - 1_000 });
    expect(summary.errors).toHaveLength(1_000);
    expect(summary.errors[0]).toEqual({ line: 2, column: 3, reason: 'client_id: client NOPE-0 does not exist' });
    expect(summary.errors.map((e) => e.line)).toEqual(Array.from({ length: 1_000 }, (_, i) => i + 2));
    expect(text.length).toBeLessThan(100_000);
  }, 180_000);

  it('lists every error when there are 1,000 or fewer (no errorsOmitted)', async () => {
    const response = await server.request('/payments/import', { method: 'POST', body: unknownClients(1_000), headers: { 'Content-Type': 'text/csv' }, timeoutMs: 60_000 });
    const summary = (await response.json()) as Summary;
    expect(response.status).toBe(422);
    expect(summary.rejected).toBe(1_000);
    expect(summary.errors).toHaveLength(1_000);
    expect(summary).not.toHaveProperty('errorsOmitted');
  }, 60_000);

  it('prints the first 1,000 errors in the CLI and says how many there were', async () => {
    const file = path.join(dir, 'bank.csv');
    fs.writeFileSync(file, unknownClients(2_500));
    const run = await runBillstream(['--data', path.join(dir, 'cli'), 'import', 'payments', file], { timeoutMs: 120_000 });
    expect(run.code, run.stderr).toBe(1);
    const errors = run.stderr.split('\n').filter((line) => line.startsWith(`${file}:`));
    expect(errors).toHaveLength(1_000);
    expect(errors[0]).toBe(`${file}:2:3: client_id: client NOPE-0 does not exist`);
    expect(run.stdout).toContain(`bank.csv: 0 created, 0 updated, 0 unchanged, 2500 rejected (the first 1000 of 2500 errors are listed)`);
    const json = await runBillstream(['--data', path.join(dir, 'cli'), 'import', 'payments', file, '--json'], { timeoutMs: 120_000 });
    expect(JSON.parse(json.stdout)).toMatchObject({ rejected: 2_500, errorsOmitted: 1_500, errors: expect.any(Array) });
  }, 240_000);
});
