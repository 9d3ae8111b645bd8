/**
 * bench:radius's load generator, seen from the benchmark: `runLoad` starts load processes
 * (load-process.ts, each with its own sockets and share of the slots), waits until every one
 * has encoded its requests, starts them together, and adds up what they counted.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { addHistogram, newHistogram, percentileMs } from './histogram.ts';
import type { LoadProcessConfig, LoadProcessResult } from './load-process.ts';
import type { LoadKind } from './pool.ts';

const LOAD_PROCESS = fileURLToPath(new URL('./load-process.ts', import.meta.url));
const ECHO_SERVER = fileURLToPath(new URL('./echo-server.ts', import.meta.url));

export interface LoadOptions {
  kind: LoadKind;
  address: string;
  port: number;
  secret: string;
  users: number;
  /** Requests in flight at most (closed loop: always), over all load processes. */
  slots: number;
  /** Source ports used at once, over all load processes. */
  sockets: number;
  processes: number;
  warmupSeconds: number;
  seconds: number;
  /** Offered requests per second (open loop) or null (closed loop: as fast as the server answers). */
  rate: number | null;
  /** Distinct requests encoded, over all load processes. */
  poolRequests: number;
  timeoutMs: number;
  verifyEvery: number;
  runId: string;
  eventTime: number;
  classes?: string[];
  /** The server's process, for its CPU time during the measurement. */
  serverPid?: number;
}

export interface LoadResult {
  kind: LoadKind;
  rate: number | null;
  requestsPerSecond: number;
  p50Ms: number | null;
  p99Ms: number | null;
  sent: number;
  /** Requests sent in all, warm-up included. */
  sentAll: number;
  completed: number;
  /** Replies with the expected code (Access-Accept / Accounting-Response) and others. */
  expected: number;
  unexpected: Record<number, number>;
  lost: number;
  late: number;
  unmatched: number;
  notSent: number;
  repeats: number;
  verified: number;
  verifyFailures: number;
  withMessageAuthenticator: number;
  seconds: number;
  encodeSeconds: number;
  poolRequests: number;
  /** CPU time per answered request, µs: the load processes' and the server's (null when its pid is unknown). */
  generatorCpuUs: number;
  serverCpuUs: number | null;
  /** Share of one core the server used during the measurement (1 = one core). */
  serverCores: number | null;
}

/** User + system CPU ms of a process so far (Linux /proc; all its threads), or null. */
export function processCpuMs(pid: number): number | null {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    // After "pid (comm) ": utime and stime are fields 14 and 15 (man 5 proc), in ticks of 10 ms.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/**
 * Waits until a server has finished the work a run left behind (requests queued in its socket,
 * commits in flight): until it uses under 5 % of a core over 250 ms, or `maxMs` passes. So the
 * next run starts on an idle server and the events stored are counted after the last is written.
 */
export async function settle(pid: number, maxMs = 15_000): Promise<void> {
  const until = performance.now() + maxMs;
  let before = processCpuMs(pid);
  while (before !== null && performance.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const after = processCpuMs(pid);
    if (after === null || after - before < 12.5) return;
    before = after;
  }
}

type FromLoadProcess = { type: 'ready'; encodeMs: number } | { type: 'result'; result: LoadProcessResult } | { type: 'failed'; message: string };

function nextMessage<T extends FromLoadProcess['type']>(child: ChildProcess, type: T): Promise<Extract<FromLoadProcess, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: FromLoadProcess) => {
      if (message.type === 'failed') finish(() => reject(new Error(`load process: ${message.message}`)));
      else if (message.type === type) finish(() => resolve(message as Extract<FromLoadProcess, { type: T }>));
    };
    const onExit = (code: number | null) => finish(() => reject(new Error(`load process exited with ${code} before '${type}'`)));
    const finish = (then: () => void) => {
      child.off('message', onMessage);
      child.off('exit', onExit);
      then();
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const processes = Math.max(1, Math.min(options.processes, options.slots));
  const expectedCode = options.kind === 'auth' ? 2 : 5;
  const children: ChildProcess[] = [];
  try {
    let firstSlot = 0;
    const configs: LoadProcessConfig[] = [];
    for (let p = 0; p < processes; p++) {
      const slots = Math.floor(options.slots / processes) + (p < options.slots % processes ? 1 : 0);
      const sockets = Math.max(1, Math.round(options.sockets / processes));
      let perSlot = Math.ceil(options.poolRequests / options.slots);
      if (options.kind === 'acct') perSlot = Math.ceil(perSlot / 3) * 3; // whole sessions
      configs.push({
        pool: { kind: options.kind, secret: options.secret, users: options.users, slots, firstSlot, totalSlots: options.slots, perSlot, runId: options.runId, eventTime: options.eventTime, classes: options.classes },
        address: options.address,
        port: options.port,
        sockets,
        socketSets: 4,
        warmupSeconds: options.warmupSeconds,
        seconds: options.seconds,
        rate: options.rate === null ? null : options.rate / processes,
        timeoutMs: options.timeoutMs,
        verifyEvery: options.verifyEvery,
      });
      firstSlot += slots;
    }
    for (const config of configs) {
      const child = fork(LOAD_PROCESS, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      children.push(child);
      child.send({ type: 'config', config });
    }
    const ready = await Promise.all(children.map((child) => nextMessage(child, 'ready')));
    const results = children.map((child) => nextMessage(child, 'result'));
    const startDelayMs = 300;
    for (const child of children) child.send({ type: 'go', at: startDelayMs });
    // The server's CPU time over the same window as the load processes' measurement.
    let serverCpuMs: number | null = null;
    if (options.serverPid !== undefined) {
      const pid = options.serverPid;
      setTimeout(() => {
        const before = processCpuMs(pid);
        setTimeout(() => {
          const after = processCpuMs(pid);
          serverCpuMs = before === null || after === null ? null : after - before;
        }, options.seconds * 1000);
      }, startDelayMs + options.warmupSeconds * 1000);
    }
    const parts = (await Promise.all(results)).map((message) => message.result);
    const histogram = newHistogram();
    const sum = (pick: (r: LoadProcessResult) => number) => parts.reduce((total, r) => total + pick(r), 0);
    for (const part of parts) addHistogram(histogram, part.histogram);
    const codes: Record<number, number> = {};
    for (const part of parts) for (const [code, count] of Object.entries(part.codes)) codes[Number(code)] = (codes[Number(code)] ?? 0) + count;
    const { [expectedCode]: expected = 0, ...unexpected } = codes;
    const seconds = Math.max(...parts.map((p) => p.measuredMs)) / 1000;
    const completed = sum((r) => r.completed);
    return {
      kind: options.kind,
      rate: options.rate,
      requestsPerSecond: completed / seconds,
      p50Ms: percentileMs(histogram, 0.5),
      p99Ms: percentileMs(histogram, 0.99),
      sent: sum((r) => r.sent),
      sentAll: sum((r) => r.sentAll),
      completed,
      expected,
      unexpected,
      lost: sum((r) => r.lost),
      late: sum((r) => r.late),
      unmatched: sum((r) => r.unmatched),
      notSent: sum((r) => r.notSent),
      repeats: sum((r) => r.repeats),
      verified: sum((r) => r.verified),
      verifyFailures: sum((r) => r.verifyFailures),
      withMessageAuthenticator: sum((r) => r.withMessageAuthenticator),
      seconds,
      encodeSeconds: Math.max(...ready.map((r) => r.encodeMs)) / 1000,
      poolRequests: sum((r) => r.poolRequests),
      generatorCpuUs: completed ? (sum((r) => r.cpuMs) * 1000) / completed : 0,
      serverCpuUs: serverCpuMs === null || !completed ? null : (serverCpuMs * 1000) / completed,
      serverCores: serverCpuMs === null ? null : serverCpuMs / 1000 / seconds,
    };
  } finally {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

export interface EchoServer { port: number; pid: number; stop(): Promise<void> }

/** The trivial server of echo-server.ts in a process of its own. */
export async function startEchoServer(address: string): Promise<EchoServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', ECHO_SERVER, address], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`echo server exited with ${code}: ${out}`)));
  });
  return {
    port,
    pid: child.pid!,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
