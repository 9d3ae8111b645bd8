/**
 * REST read throughput (issue 10): a real `billstream serve` in a process of its own, loaded by
 * autocannon from this process (so load generator and server run on separate cores, as a user
 * would run them), on a generated CRM billed by a real bill run.
 *
 *   node --import tsx tools/bench/api.ts [--clients 2000] [--connections 50] [--duration 10]
 *                                        [--warmup 2] [--dir DIR] [--cpu-prof DIR] [--only TEXT,...]
 *
 * Setup, through the CLI as a user would do it: `tools/generate.ts --clients N` (one contract,
 * one service point and two subscriptions per client), the example tariffs and exchange rates,
 * and `bill-run --as-of 2026-11-01 --approve --include-held` (2,000 clients: about 17,000 issued
 * invoices, one per contract and monthly cycle since 2025). With `--dir`, the prepared data
 * folder is kept in DIR and reused by later runs with the same `--clients`.
 *
 * Then, for each route, a warm-up of `--warmup` seconds and `--connections` connections for
 * `--duration` seconds, with the admin key (`BILLSTREAM_ADMIN_KEY`). The single-document routes
 * cycle through 200 different ids. Prints req/s, p50 and p99 per route beside the targets, and
 * the server's CPU time (all its threads) per completed request with its load (100 % = one
 * core): on a shared machine that figure moves less with other processes' load than req/s.
 * Asserts nothing. `--only /health,/clients/` measures only the routes whose names contain
 * one of the texts; `--cpu-prof DIR` runs the server under `node --cpu-prof` (the profile is
 * written to DIR when the server stops at the end).
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

interface Histogram { average: number; mean: number; p50: number; p99: number; max: number; total: number }
interface AutocannonResult {
  requests: Histogram;
  latency: Histogram;
  non2xx: number;
  errors: number;
  timeouts: number;

  duration: number;
}
interface AutocannonOptions {
  url: string;
  connections: number;
  duration: number;
  headers?: Record<string, string>;
  requests?: { method?: string; path: string }[];
}
// autocannon ships no types: the part of its programmatic API used here.
const autocannon = createRequire(import.meta.url)('autocannon') as (options: AutocannonOptions) => Promise<AutocannonResult>;

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '2000' },
    connections: { type: 'string', default: '50' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    dir: { type: 'string' },
    'cpu-prof': { type: 'string' },
    only: { type: 'string' },
  },
});
const clients = Number(values.clients);
const connections = Number(values.connections);
const duration = Number(values.duration);
const warmup = Number(values.warmup);
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(repo, 'bin/billstream');
const root = values.dir ? path.resolve(values.dir) : fs.mkdtempSync(path.join(os.tmpdir(), 'billstream-bench-api-'));
const dataDir = path.join(root, `data-${clients}`);
const marker = path.join(dataDir, 'prepared');
const ADMIN_KEY = 'bench-admin-key-0123456789abcdef';

console.log(`billstream REST reads on ${os.cpus().length} cores, node ${process.version}, in ${root}`);
console.log(`autocannon: ${connections} connections, ${duration} s per route (after ${warmup} s of warm-up)\n`);

function cli(args: string[]): void {
  execFileSync(process.execPath, [bin, '--data', dataDir, ...args], { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, BILLSTREAM_ADMIN_KEY: ADMIN_KEY } });
}

if (fs.existsSync(marker)) {
  console.log(`setup: reusing ${dataDir}\n`);
} else {
  fs.rmSync(dataDir, { recursive: true, force: true });
  const generated = path.join(root, `generated-${clients}`);
  const started = performance.now();
  execFileSync(process.execPath, ['--import', 'tsx', path.join(repo, 'tools/generate.ts'), '--clients', String(clients), '--out', generated], { cwd: repo, stdio: 'ignore' });
  cli(['import', 'legal-entities', path.join(generated, 'legal-entities.yaml')]);
  cli(['import', 'tariffs', path.join(repo, 'examples/tariffs')]);
  cli(['import', 'fx-rates', path.join(repo, 'examples/fx-rates.csv')]);
  for (const kind of ['partners', 'clients', 'contracts', 'service-points', 'subscriptions']) cli(['import', kind, path.join(generated, `${kind}.csv`)]);
  const imported = performance.now();
  cli(['bill-run', '--as-of', '2026-11-01', '--approve', '--include-held', '--json']);
  fs.writeFileSync(marker, '');
  console.log(`setup: ${clients.toLocaleString('en-US')} generated clients imported in ${((imported - started) / 1000).toFixed(1)} s, billed in ${((performance.now() - imported) / 1000).toFixed(1)} s\n`);
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
  const profile = values['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(values['cpu-prof'])] : [];
  const child = spawn(process.execPath, [...profile, bin, '--data', dataDir, 'serve', '--port', String(port)], {
    cwd: repo,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, BILLSTREAM_ADMIN_KEY: ADMIN_KEY, BILLSTREAM_BILL_RUNS: 'off' },
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

/** User + system CPU seconds of a process so far (Linux /proc), or null elsewhere. */
function cpuSeconds(pid: number): number | null {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    // After "pid (comm) ": state is field 3, utime and stime fields 14 and 15 (man 5 proc), in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

const port = await freePort();
const server = await startServer(port);
const url = `http://127.0.0.1:${port}`;
const headers = { authorization: `Bearer ${ADMIN_KEY}` };

async function getJson(route: string): Promise<{ items: Record<string, unknown>[] }> {
  const res = await fetch(`${url}${route}`, { headers });
  if (!res.ok) throw new Error(`GET ${route}: ${res.status} ${await res.text()}`);
  return (await res.json()) as { items: Record<string, unknown>[] };
}

try {
  // 200 different documents for the single-document routes, spread over the collection.
  const clientIds: string[] = [];
  const invoiceNumbers: string[] = [];
  let after = '';
  for (let page = 0; clientIds.length < 200; page++) {
    const body = (await getJson(`/clients?limit=${Math.max(1, Math.floor(clients / 200))}${after}`)) as { items: { id: string }[]; next: string | null };
    if (!body.items.length) break;
    clientIds.push(body.items[0]!.id);
    if (!body.next) break;
    after = `&after=${body.next}`;
  }
  after = '';
  for (let page = 0; invoiceNumbers.length < 200; page++) {
    const body = (await getJson(`/invoices?status=issued&limit=50${after}`)) as { items: { number: string }[]; next: string | null };
    if (!body.items.length) break;
    invoiceNumbers.push(...body.items.filter((_, i) => i % 10 === 0).map((i) => i.number));
    if (!body.next) break;
    after = `&after=${body.next}`;
  }
  const issued = invoiceNumbers.length;
  console.log(`server: ${url} (pid ${server.pid}); ${clientIds.length} client ids and ${issued} invoice numbers for the single-document routes\n`);

  const routes: { name: string; target: string; minRps: number; maxP99?: number; requests: { path: string }[] }[] = [
    { name: 'GET /health', target: '', minRps: 0, requests: [{ path: '/health' }] },
    { name: 'GET /clients?limit=50', target: '>= 2,500 req/s, p99 < 30 ms', minRps: 2500, maxP99: 30, requests: [{ path: '/clients?limit=50' }] },
    { name: 'GET /invoices?limit=50', target: '>= 2,500 req/s, p99 < 30 ms', minRps: 2500, maxP99: 30, requests: [{ path: '/invoices?limit=50' }] },
    { name: 'GET /clients/{id}', target: '>= 4,000 req/s', minRps: 4000, requests: clientIds.map((id) => ({ path: `/clients/${encodeURIComponent(id)}` })) },
    { name: 'GET /invoices/{number}', target: '>= 4,000 req/s', minRps: 4000, requests: invoiceNumbers.map((n) => ({ path: `/invoices/${encodeURIComponent(n)}` })) },
  ];
  const rows: string[][] = [];
  const only = values.only?.split(',');
  for (const route of routes.filter((r) => !only || only.some((o) => r.name.includes(o)))) {
    const options = { url, connections, headers, requests: route.requests.map((r) => ({ method: 'GET', path: r.path })) };
    if (warmup > 0) await autocannon({ ...options, duration: warmup });
    const cpuBefore = cpuSeconds(server.pid!);
    const result = await autocannon({ ...options, duration });
    const cpuAfter = cpuSeconds(server.pid!);
    const rps = result.requests.average;
    const met = route.minRps === 0 ? '' : rps >= route.minRps && (route.maxP99 === undefined || result.latency.p99 < route.maxP99) ? 'met' : 'not met';
    // The server's CPU time (all its threads) per completed request: what a request costs, whatever the machine's noise.
    const cpu = cpuBefore === null || cpuAfter === null ? '' : `${Math.round(((cpuAfter - cpuBefore) / result.requests.total) * 1e6)} µs (${Math.round(((cpuAfter - cpuBefore) / duration) * 100)} %)`;
    rows.push([
      route.name,
      Math.round(rps).toLocaleString('en-US'),
      `${result.latency.p50} ms`,
      `${result.latency.p99} ms`,
      route.target,
      met,
      cpu,
      String(result.non2xx + result.errors + result.timeouts),
    ]);
    console.log(`  ${route.name}: ${Math.round(rps).toLocaleString('en-US')} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms`);
  }
  const head = ['route', 'req/s', 'p50', 'p99', 'target', 'met', 'server CPU per request (load)', 'non-2xx/errors'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i >= 1 && i <= 3 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ')} |`;
  console.log(`\n${line(head)}\n| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |\n${rows.map(line).join('\n')}`);
} finally {
  // Requests autocannon left in flight finish before the server closes its stores.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGTERM');
  await exited;
  if (!values.dir) fs.rmSync(root, { recursive: true, force: true });
}
