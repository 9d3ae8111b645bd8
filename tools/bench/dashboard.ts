/**
 * GET /dashboard on a large installation (issue 16): a real `billstream serve` in a process of
 * its own, on a generated CRM with its usage, billed by a real bill run, timed request by request.
 *
 *   npm run bench:dashboard -- [--clients 100000] [--usage 10] [--requests 200] [--dir DIR]
 *
 * Setup, through the CLI as a user would do it (as tools/bench/api.ts): `tools/generate.ts
 * --clients N --usage U` (one contract, one service point and two subscriptions per client, U
 * usage records per client), the example tariffs, the generated exchange rates and usage file,
 * and a bill run a month as an operator would run them, `bill-run --as-of YYYY-MM-01 --approve
 * --include-held --issue-date YYYY-MM-05` from February 2025 to November 2026 (one invoice per
 * contract and monthly cycle since the contract began: over a million invoices for 100,000
 * clients; one run for every cycle at once would pass a run's 250,000 invoices). With `--dir`,
 * the prepared data folder is kept in DIR and reused by later runs with the same options.
 *
 * Then `billstream replay dashboard usage-views` rebuilds the read models the dashboard reads
 * (timed: what a first start after an upgrade costs), `serve` starts, and GET /dashboard is asked
 * `--requests` times one after another (after 10 unmeasured), with the default 12 months and
 * with 36: prints p50, p95, p99 and max of the response times, and what the answer holds.
 * Asserts nothing; the target is "well under a second".
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Temporal } from 'temporal-polyfill';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '100000' },
    usage: { type: 'string', default: '10' },
    requests: { type: 'string', default: '200' },
    dir: { type: 'string' },
  },
});
const clients = Number(values.clients);
const usagePerClient = Number(values.usage);
const requests = Number(values.requests);
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(repo, 'bin/billstream');
const root = values.dir ? path.resolve(values.dir) : fs.mkdtempSync(path.join(os.tmpdir(), 'billstream-bench-dashboard-'));
const dataDir = path.join(root, `data-${clients}x${usagePerClient}`);
const marker = path.join(dataDir, 'prepared');
const ADMIN_KEY = 'bench-admin-key-0123456789abcdef';
/** One run a month, as an operator bills: the first generated contracts start in January 2025, the usage ends in October 2026. */
const FIRST_RUN = '2025-02-01';
const LAST_RUN = '2026-11-01';

console.log(`billstream GET /dashboard on ${os.cpus().length} cores, node ${process.version}, in ${root}\n`);

function cli(args: string[], stdout: 'ignore' | 'pipe' = 'ignore'): string {
  const out = execFileSync(process.execPath, [bin, '--data', dataDir, ...args], {
    cwd: repo, stdio: ['ignore', stdout, 'inherit'], env: { ...process.env, BILLSTREAM_ADMIN_KEY: ADMIN_KEY }, maxBuffer: 64 * 1024 * 1024,
  });
  return out ? out.toString() : '';
}

function seconds(from: number): string {
  return `${((performance.now() - from) / 1000).toFixed(1)} s`;
}

if (fs.existsSync(marker)) {
  console.log(`setup: reusing ${dataDir}\n`);
} else {
  fs.rmSync(dataDir, { recursive: true, force: true });
  const generated = path.join(root, `generated-${clients}x${usagePerClient}`);
  let step = performance.now();
  execFileSync(process.execPath, ['--import', 'tsx', path.join(repo, 'tools/generate.ts'), '--clients', String(clients), '--usage', String(usagePerClient), '--out', generated], { cwd: repo, stdio: 'ignore' });
  console.log(`setup: generated in ${seconds(step)}`);
  step = performance.now();
  cli(['import', 'legal-entities', path.join(generated, 'legal-entities.yaml')]);
  cli(['import', 'tariffs', path.join(repo, 'examples/tariffs')]);
  cli(['import', 'fx-rates', path.join(generated, 'fx-rates.csv')]);
  for (const kind of ['partners', 'clients', 'contracts', 'service-points', 'subscriptions']) cli(['import', kind, path.join(generated, `${kind}.csv`)]);
  console.log(`setup: ${clients.toLocaleString('en-US')} clients imported in ${seconds(step)}`);
  step = performance.now();
  cli(['import', 'usage', path.join(generated, 'usage.csv')]);
  console.log(`setup: usage imported in ${seconds(step)}`);
  step = performance.now();
  let invoices = 0;
  for (let month = Temporal.PlainDate.from(FIRST_RUN); Temporal.PlainDate.compare(month, LAST_RUN) <= 0; month = month.add({ months: 1 })) {
    const started = performance.now();
    const run = JSON.parse(cli(['bill-run', '--as-of', month.toString(), '--approve', '--include-held', '--issue-date', month.add({ days: 4 }).toString(), '--json'], 'pipe')) as { result: { issued: number } | null };
    invoices += run.result?.issued ?? 0;
    console.log(`setup: run as of ${month.toString()}: ${(run.result?.issued ?? 0).toLocaleString('en-US')} issued in ${seconds(started)}`);
  }
  console.log(`setup: ${invoices.toLocaleString('en-US')} invoices billed and issued by monthly runs in ${seconds(step)}`);
  fs.writeFileSync(marker, '');
  console.log('');
}

const rebuildStarted = performance.now();
const rebuilt = cli(['replay', 'dashboard', 'usage-views'], 'pipe');
console.log(`${rebuilt.trim()}\n(replay of both: ${seconds(rebuildStarted)})\n`);

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

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

interface Dashboard {
  asOf: string;
  revenue: { month: string; invoices: number }[];
  invoicesIssued: { month: string; count: number }[];
  receivables: { currency: string; open: string; overdue: string; invoicesOverdue: number }[];
  usagePerDay: { date: string; records: number }[];
  unresolvedUsage: { count: number };
  lastBillRuns: unknown[];
}

const port = await freePort();
const server = await startServer(port);
const url = `http://127.0.0.1:${port}`;
const headers = { authorization: `Bearer ${ADMIN_KEY}` };

try {
  for (const months of [12, 36]) {
    const route = `/dashboard?months=${months}`;
    let body: Dashboard | null = null;
    const times: number[] = [];
    for (let i = 0; i < 10 + requests; i++) {
      const started = performance.now();
      const res = await fetch(`${url}${route}`, { headers });
      const text = await res.text();
      const elapsed = performance.now() - started;
      if (!res.ok) throw new Error(`GET ${route}: ${res.status} ${text}`);
      if (i >= 10) times.push(elapsed);
      body = JSON.parse(text) as Dashboard;
    }
    times.sort((a, b) => a - b);
    const ms = (v: number) => `${v.toFixed(1)} ms`;
    console.log(`GET ${route}: ${requests} requests one after another: p50 ${ms(percentile(times, 50))}, p95 ${ms(percentile(times, 95))}, p99 ${ms(percentile(times, 99))}, max ${ms(times.at(-1)!)}`);
    const d = body!;
    const invoices = d.invoicesIssued.reduce((sum, m) => sum + m.count, 0);
    console.log(`  as of ${d.asOf}: ${d.revenue.length} revenue rows, ${invoices.toLocaleString('en-US')} invoices issued in ${d.invoicesIssued.length} months, `
      + `receivables ${d.receivables.map((r) => `${r.currency} open ${r.open} overdue ${r.overdue} (${r.invoicesOverdue.toLocaleString('en-US')} invoices)`).join(', ')}, `
      + `${d.usagePerDay.length} usage rows (${d.usagePerDay.reduce((s, u) => s + u.records, 0).toLocaleString('en-US')} records), ${d.unresolvedUsage.count} unresolved, ${d.lastBillRuns.length} bill runs\n`);
  }
} finally {
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGTERM');
  await exited;
  if (!values.dir) fs.rmSync(root, { recursive: true, force: true });
}
