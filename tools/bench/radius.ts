/**
 * `npm run bench:radius` (issue 17): billstream's RADIUS server beside FreeRADIUS 3.2 (Debian's
 * `freeradius`), the same users, the same requests, the same load generator, on loopback.
 *
 *   node --import tsx tools/bench/radius.ts [--users 10000] [--seconds 10] [--warmup 2]
 *     [--slots 128] [--rate-slots 1024] [--sockets 16] [--processes 1] [--acct-rate 10000] [--timeout-ms 1000]
 *     [--only ceiling,freeradius,billstream] [--freeradius-accounting detail|none] [--dir DIR]
 *
 * Load generator (tools/bench/radius-load/): its own process(es); every request encoded before
 * the clock starts and distinct (own Identifier per source port and random Request Authenticator
 * for Access-Request; a new Acct-Session-Id per session for accounting), sent from `--sockets`
 * source ports with `--slots` requests in flight (closed loop: the next request of a slot leaves
 * when its reply arrives; at a fixed rate up to `--rate-slots`), replies matched by port and Identifier, latency from send to reply,
 * requests unanswered after `--timeout-ms` counted as lost, one reply in 64 verified (Response
 * Authenticator, Message-Authenticator). Its ceiling is measured first against a trivial echo
 * server (a Node process answering each request with its header): a server figure near it
 * means the generator, not the server, was the limit.
 *
 * Runs, each `--warmup` s unmeasured then `--seconds` s measured, per server:
 *   1. Access-Request, PAP (User-Name, User-Password, NAS-IP-Address, Message-Authenticator),
 *      users in turn, closed loop;
 *   2. Accounting-Request, closed loop: sessions of Start, Interim-Update (5 min, octets),
 *      Stop (10 min), each with the Class billstream's Access-Accept gives;
 *   3. the same accounting offered at a fixed `--acct-rate` (open loop), for p99 at that load.
 * FreeRADIUS (config generated in a temp folder, see radius-load/freeradius.ts): `files` module
 * with the same users and the same reply attributes billstream's tariff gives, PAP/CHAP, and
 * accounting appended to a `detail` file (write(2), no fsync). billstream: `billstream radius`
 * on a data folder prepared with the import commands; accounting answered once its events are
 * committed to SQLite with synchronous=FULL (fsync). The events each server run stored are
 * counted and printed.
 *
 * `--dir DIR` keeps the prepared billstream data folder in DIR for later runs (same --users).
 * Prints what was measured and the targets; asserts nothing.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runLoad, settle, startEchoServer, type LoadOptions, type LoadResult } from './radius-load/load.ts';
import { freeRadiusBinary, startFreeRadius } from './radius-load/freeradius.ts';
import { benchClassHex, benchReply, eventsAdded, prepareBillstreamData, startBillstreamRadius, storedEvents } from './radius-load/billstream.ts';
import { benchUserName, benchUserPassword } from './radius-load/users.ts';
import { measureStoreFloor, type StoreFloorResult } from './radius-load/store-floor.ts';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '10000' },
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    slots: { type: 'string', default: '128' },
    'rate-slots': { type: 'string', default: '1024' },
    sockets: { type: 'string', default: '16' },
    processes: { type: 'string', default: '1' },
    'acct-rate': { type: 'string', default: '10000' },
    'timeout-ms': { type: 'string', default: '1000' },
    only: { type: 'string', default: 'ceiling,freeradius,billstream' },
    'freeradius-accounting': { type: 'string', default: 'detail' },
    dir: { type: 'string' },
  },
});

function positive(name: string, text: string | undefined, max: number): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || value > max) throw new Error(`--${name} ${text}: expected a number above 0 and at most ${max}`);
  return value;
}
const users = Math.floor(positive('users', values.users, 1_000_000));
const seconds = positive('seconds', values.seconds, 600);
const warmup = Number(values.warmup);
if (!(warmup >= 0 && warmup <= 60)) throw new Error(`--warmup ${values.warmup}: expected 0 to 60 seconds`);
const slots = Math.floor(positive('slots', values.slots, 4096));
const rateSlots = Math.floor(positive('rate-slots', values['rate-slots'], 4096));
const sockets = Math.floor(positive('sockets', values.sockets, 256));
const processes = Math.floor(positive('processes', values.processes, 16));
const acctRate = positive('acct-rate', values['acct-rate'], 1_000_000);
const timeoutMs = positive('timeout-ms', values['timeout-ms'], 30_000);
const only = new Set(values.only!.split(','));
for (const part of only) if (!['ceiling', 'freeradius', 'billstream'].includes(part)) throw new Error(`--only ${part}: expected ceiling, freeradius or billstream`);
const freeRadiusAccounting = values['freeradius-accounting'];
if (freeRadiusAccounting !== 'detail' && freeRadiusAccounting !== 'none') throw new Error(`--freeradius-accounting ${freeRadiusAccounting}: expected detail or none`);
for (const [flag, n] of [['slots', slots], ['rate-slots', rateSlots]] as const) {
  if (n > sockets * 256) throw new Error(`--${flag} ${n} over --sockets ${sockets}: at most 256 requests in flight per source port (one Identifier each)`);
}

const SECRET = 'bench-radius-secret-7f3a';
const runId = randomBytes(4).toString('hex');
const root = values.dir ? path.resolve(values.dir) : fs.mkdtempSync(path.join(os.tmpdir(), 'billstream-bench-radius-'));
fs.mkdirSync(root, { recursive: true });
const classes = Array.from({ length: users }, (_, i) => benchClassHex(i));
const nf = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

console.log(`bench:radius on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}, node ${process.version}, in ${root}`);
console.log(`${nf(users)} users; per run ${warmup} s warm-up + ${seconds} s measured; ${slots} requests in flight (at a fixed rate up to ${rateSlots}) from ${sockets} source ports in ${processes} load process(es); lost after ${timeoutMs} ms\n`);

/**
 * Requests each run encodes in advance: closed-loop runs as many as a fast server answers in the
 * run (beyond that a slot starts over from other source ports, still new to the server's
 * duplicate detection; repeats are printed), fixed-rate runs exactly what the rate sends.
 */
function poolFor(kind: 'auth' | 'acct', rate: number | null): number {
  // A slot answered quickly is taken again sooner than others when the server falls behind: half as much again.
  if (rate !== null) return Math.ceil(rate * (warmup + seconds) * 1.5) + rateSlots * 6;
  return Math.min(kind === 'auth' ? 300_000 : 600_000, Math.ceil(40_000 * (warmup + seconds)));
}

/** A run's load; replies of a real server are verified one in 64 (the echo server's have no authenticators to check). */
function load(kind: 'auth' | 'acct', port: number, rate: number | null, tag: string, serverPid: number | undefined, verify = true): LoadOptions {
  return {
    kind, address: '127.0.0.1', port, secret: SECRET, users, slots: rate === null ? slots : rateSlots, sockets, processes, warmupSeconds: warmup, seconds, rate,
    poolRequests: poolFor(kind, rate), timeoutMs, verifyEvery: verify ? 64 : 0, runId: `${runId}${tag}`, eventTime: Math.floor(Date.now() / 1000), classes: kind === 'acct' ? classes : undefined, serverPid,
  };
}

interface Row { server: string; run: string; result: LoadResult; stored?: string }
const rows: Row[] = [];
let storeFloor: StoreFloorResult | null = null;

function verification(result: LoadResult): string {
  const checked = result.verified + result.verifyFailures;
  if (checked === 0) return 'replies not verified';
  return `${nf(result.verified)} of ${nf(checked)} replies checked verified${result.kind === 'auth' ? ` (${nf(result.withMessageAuthenticator)} with Message-Authenticator)` : ''}`;
}

function describe(result: LoadResult): string {
  const problems = [
    result.lost ? `${nf(result.lost)} lost (${nf((result.lost / Math.max(1, result.sent)) * 100, 2)} %)` : '',
    Object.keys(result.unexpected).length ? `unexpected reply codes ${JSON.stringify(result.unexpected)}` : '',
    result.notSent ? `${nf(result.notSent)} not sent (all ${rateSlots} slots waiting: the server fell behind the rate)` : '',
    result.late ? `${nf(result.late)} late replies` : '',
    result.unmatched ? `${nf(result.unmatched)} unmatched replies` : '',
    result.repeats ? `${nf(result.repeats)} requests repeated from other source ports (pool of ${nf(result.poolRequests)} used up)` : '',
    result.verifyFailures ? `${nf(result.verifyFailures)} replies failed verification` : '',
  ].filter(Boolean);
  const server = result.serverCpuUs === null ? '' : `, server ${nf(result.serverCpuUs, 1)} µs CPU/request (${nf((result.serverCores ?? 0) * 100)} % of a core)`;
  return `${nf(result.requestsPerSecond)} req/s, p50 ${result.p50Ms ?? '-'} ms, p99 ${result.p99Ms ?? '-'} ms; ${nf(result.completed)} answered of ${nf(result.sent)} sent in ${nf(result.seconds, 1)} s; `
    + `${verification(result)}; generator ${nf(result.generatorCpuUs, 1)} µs CPU/request${server}`
    + (problems.length ? `\n      ! ${problems.join('; ')}` : '');
}

async function measure(server: string, run: string, options: LoadOptions): Promise<LoadResult> {
  const result = await runLoad(options);
  if (options.serverPid !== undefined) await settle(options.serverPid);
  rows.push({ server, run, result });
  console.log(`  ${run}: ${describe(result)}`);
  return result;
}

const runs = [
  { run: 'Access-Request PAP', kind: 'auth', rate: null, tag: 'a' },
  { run: 'Accounting-Request', kind: 'acct', rate: null, tag: 'c' },
  { run: `Accounting at ${nf(acctRate)}/s`, kind: 'acct', rate: acctRate, tag: 'r' },
] as const;

const ceiling = new Map<string, number>();
if (only.has('ceiling')) {
  console.log('load generator ceiling, against a trivial echo server (a Node process answering each request with its header):');
  const echo = await startEchoServer('127.0.0.1');
  try {
    ceiling.set('auth', (await measure('echo', 'Access-Request', load('auth', echo.port, null, 'e', echo.pid, false))).requestsPerSecond);
    ceiling.set('acct', (await measure('echo', 'Accounting-Request', load('acct', echo.port, null, 'f', echo.pid, false))).requestsPerSecond);
  } finally {
    await echo.stop();
  }
  console.log('');
}

if (only.has('freeradius')) {
  if (!freeRadiusBinary()) console.log('FreeRADIUS: not installed (Debian package freeradius): skipped\n');
  else {
    const dir = fs.mkdtempSync(path.join(root, 'freeradius-'));
    const userList = Array.from({ length: users }, (_, i) => ({ name: benchUserName(i), password: benchUserPassword(i), reply: benchReply(i) }));
    const server = await startFreeRadius({ dir, users: userList, secret: SECRET, accounting: freeRadiusAccounting });
    console.log(`FreeRADIUS ${server.version} (pid ${server.child.pid}, ${dir}): files + pap, ${freeRadiusAccounting === 'detail' ? 'accounting appended to a detail file (no fsync)' : 'accounting answered without storing'}, up to 32 threads`);
    try {
      for (const { run, kind, rate, tag } of runs) {
        const before = server.detailFile && fs.existsSync(server.detailFile) ? fs.statSync(server.detailFile).size : 0;
        const result = await measure('FreeRADIUS', run, load(kind, kind === 'auth' ? server.authPort : server.acctPort, rate, tag, server.child.pid));
        if (kind === 'acct' && server.detailFile) {
          const text = fs.readFileSync(server.detailFile, 'utf8').slice(before);
          const stored = (text.match(/\n\tAcct-Status-Type = /g) ?? []).length;
          rows[rows.length - 1]!.stored = `${nf(stored)} detail records`;
          console.log(`      stored: ${nf(stored)} detail records for ${nf(result.sentAll)} requests sent (warm-up included)`);
        }
      }
    } finally {
      await server.stop();
    }
    console.log('');
  }
}

if (only.has('billstream')) {
  const dataDir = path.join(root, `billstream-${users}`);
  const marker = path.join(dataDir, 'bench-prepared');
  if (fs.existsSync(marker)) console.log(`billstream: reusing ${dataDir}`);
  else {
    fs.rmSync(dataDir, { recursive: true, force: true });
    const started = performance.now();
    prepareBillstreamData(dataDir, path.join(root, `input-${users}`), users, SECRET);
    fs.writeFileSync(marker, '');
    console.log(`billstream: ${nf(users)} service points with passwords and subscriptions imported in ${nf((performance.now() - started) / 1000, 1)} s`);
  }
  const server = await startBillstreamRadius(dataDir);
  console.log(`billstream radius (pid ${server.child.pid}, ${dataDir}): accounting answered after its events are committed (SQLite, synchronous=FULL)`);
  try {
    for (const { run, kind, rate, tag } of runs) {
      const before = storedEvents(dataDir);
      const result = await measure('billstream', run, load(kind, kind === 'auth' ? server.authPort : server.acctPort, rate, tag, server.child.pid));
      const added = eventsAdded(before, storedEvents(dataDir));
      rows[rows.length - 1]!.stored = `${nf(added.total)} events`;
      console.log(`      stored: ${nf(added.total)} events for ${nf(result.sentAll)} requests sent (warm-up included)${added.byType.length ? `: ${added.byType.slice(0, 5).map(([type, n]) => `${type} ${nf(n)}`).join(', ')}` : ''}`);
    }
  } finally {
    await server.stop();
  }
  // After the server stopped, on the same machine: the store's share of the accounting runs alone.
  const floor = await measureStoreFloor({ dataDir, dir: path.join(root, 'store-floor'), sessions: users, perCommit: 50, seconds, warmupSeconds: warmup });
  storeFloor = floor;
  console.log(`billstream's event store alone, committing what an Accounting-Request stores (its session's event and its usage record's two, ${nf(floor.bytesPerReport)} bytes of data; 50 reports per commit, synchronous=FULL; no UDP, decoding or rating): `
    + `${nf(floor.reportsPerSecond)} reports/s, ${nf(floor.cpuUsPerReport, 1)} µs CPU/report`);
  console.log('');
}

// The summary: one line per server and run, the ratios and the targets.
const head = ['server', 'run', 'req/s', 'p50 ms', 'p99 ms', 'lost', 'stored'];
const table = rows.filter((r) => r.server !== 'echo').map((r) => [r.server, r.run, nf(r.result.requestsPerSecond), String(r.result.p50Ms ?? '-'), String(r.result.p99Ms ?? '-'), nf(r.result.lost + r.result.notSent), r.stored ?? '']);
if (table.length) {
  const widths = head.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i >= 2 && i <= 5 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ')} |`;
  console.log(`${line(head)}\n| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |\n${table.map(line).join('\n')}\n`);
}
const find = (server: string, run: string) => rows.find((r) => r.server === server && r.run === run)?.result;
if (ceiling.size) console.log(`load generator ceiling against the echo server: ${nf(ceiling.get('auth') ?? 0)} Access-Request/s, ${nf(ceiling.get('acct') ?? 0)} Accounting-Request/s`);
for (const { run, kind } of runs.slice(0, 2)) {
  const ours = find('billstream', run);
  const theirs = find('FreeRADIUS', run);
  if (ours && theirs) console.log(`${run}: billstream/FreeRADIUS = ${nf(ours.requestsPerSecond / theirs.requestsPerSecond, 2)}`);
  const limit = ceiling.get(kind);
  for (const r of [ours, theirs]) if (r && limit !== undefined && r.requestsPerSecond > 0.7 * limit) console.log(`  (${nf(r.requestsPerSecond)} req/s is over 70 % of the generator's ceiling: that figure may be the generator's limit)`);
}
const auth = { ours: find('billstream', runs[0].run), theirs: find('FreeRADIUS', runs[0].run) };
if (auth.ours && auth.theirs) console.log(`target billstream >= FreeRADIUS on PAP authentication: ${auth.ours.requestsPerSecond >= auth.theirs.requestsPerSecond ? 'met' : 'not met'}`);
const acct = find('billstream', runs[2].run);
if (acct) {
  const lossless = acct.lost === 0 && acct.notSent === 0;
  const met = acct.requestsPerSecond >= 0.99 * acctRate && lossless && acct.p99Ms !== null && acct.p99Ms < 5;
  console.log(`target >= 10,000 accounting requests/s stored, p99 < 5 ms at that load: offered ${nf(acctRate)}/s, answered ${nf(acct.requestsPerSecond)}/s, p99 ${acct.p99Ms} ms, ${nf(acct.lost + acct.notSent)} lost or not sent: ${met && acctRate >= 10_000 ? 'met' : 'not met'}`);
}
if (storeFloor) {
  console.log(`the event store alone: ${nf(storeFloor.reportsPerSecond)} accounting reports/s on one thread, ${nf(storeFloor.cpuUsPerReport, 1)} µs CPU each, so ${nf((storeFloor.cpuUsPerReport * acctRate) / 10_000)} % of a core at ${nf(acctRate)}/s before any UDP, decoding, rating or read model`);
}
if (!values.dir) fs.rmSync(root, { recursive: true, force: true });
