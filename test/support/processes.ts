/**
 * The `billstream` command as users run it: real processes on a real data folder. A process that
 * hangs is killed at its deadline and reported as such, so a hang fails a test instead of
 * stalling the suite (a synchronous loop cannot be interrupted from inside its own thread).
 */
import path from 'node:path';
import { execFile, spawn, type ChildProcess } from 'node:child_process';

export const BIN = path.resolve('bin/billstream');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Killed at the deadline. */
  timedOut: boolean;
  ms: number;
}

export function runBillstream(args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<Run> {
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, ...options.env }, timeout: options.timeoutMs ?? 30_000, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const failure = error as (Error & { code?: number | string; killed?: boolean; signal?: string }) | null;
      resolve({
        code: failure ? (typeof failure.code === 'number' ? failure.code : null) : 0,
        stdout, stderr,
        timedOut: Boolean(failure?.killed && failure.signal === 'SIGKILL'),
        ms: performance.now() - started,
      });
    });
  });
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Everything the server printed so far. */
  output(): string;
  request(route: string, init?: RequestInit & { timeoutMs?: number }): Promise<Response>;
  stop(): Promise<void>;
}

export const TEST_ADMIN_KEY = 'test-admin-key-0123456789';

/** `billstream serve` on a free port; resolves once it listens (rejects when it exits first or takes longer than `startTimeoutMs`). */
export async function startServer(dataDir: string, options: { env?: NodeJS.ProcessEnv; startTimeoutMs?: number } = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, [BIN, '--data', dataDir, 'serve', '--port', '0'], {
    env: { ...process.env, BILLSTREAM_ADMIN_KEY: TEST_ADMIN_KEY, BILLSTREAM_BILL_RUNS: 'off', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => { out += chunk.toString(); });
  child.stderr!.on('data', (chunk: Buffer) => { out += chunk.toString(); });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not listen within ${options.startTimeoutMs ?? 30_000} ms:\n${out}`));
    }, options.startTimeoutMs ?? 30_000);
    const onData = () => {
      const match = /listening on (http:\/\/localhost:\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${out}`));
    });
  });
  return {
    url,
    child,
    output: () => out,
    request(route, init = {}) {
      const { timeoutMs, headers, ...rest } = init;
      return fetch(`${url}${route}`, {
        ...rest,
        headers: { Authorization: `Bearer ${TEST_ADMIN_KEY}`, ...(rest.body ? { 'Content-Type': 'application/json' } : {}), ...(headers as Record<string, string> | undefined) },
        signal: AbortSignal.timeout(timeoutMs ?? 10_000),
      });
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
