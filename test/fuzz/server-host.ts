/**
 * A real `billstream serve` child process on a copy of the seeded store, spoken to over HTTP with a
 * deadline per request. When the server stops answering (a request that never ends, or a crash),
 * it is killed and a fresh one started, so that one bad input fails its own case and not every
 * case after it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { copyStore, removeDir, ROOT } from './support.ts';

export const ADMIN_KEY = 'fuzz-admin-key-0123456789abcdef';

export interface ApiRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  /** Path and query, already encoded as they go on the wire. */
  path: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Which key to present: the admin key (default), none, or an unknown one. */
  auth?: 'admin' | 'none' | 'unknown';
}

export type ApiResponse =
  | { kind: 'response'; status: number; contentType: string; text: string; ms: number }
  | { kind: 'timeout'; ms: number }
  | { kind: 'failed'; ms: number; message: string };

const START_TIMEOUT_MS = 60_000;
/** The server's heap: a memory bomb ends it quickly instead of swapping the machine. */
const HEAP_MB = 1024;

export class ServerHost {
  private child: ChildProcess | null = null;
  private url = '';
  /** The store the running server uses (a copy of the template). */
  dataDir: string | null = null;
  private stderr = '';
  private readonly dirs: string[] = [];
  restarts = 0;
  /** Run after every restart before any fuzz input: a cold server would pay its compilation within an input's deadline. */
  warmup: (() => Promise<void>) | null = null;

  /** The store every (re)start copies; the test may move it on once its setup is done. */
  constructor(public template: string) {}

  async start(): Promise<void> {
    const dataDir = copyStore(this.template, 'billstream-fuzz-api-');
    this.dirs.push(dataDir);
    this.dataDir = dataDir;
    this.stderr = '';
    const child = spawn(process.execPath, [`--max-old-space-size=${HEAP_MB}`, path.join(ROOT, 'bin/billstream'), '--data', dataDir, 'serve', '--port', '0'], {
      cwd: ROOT,
      env: { ...process.env, BILLSTREAM_ADMIN_KEY: ADMIN_KEY, BILLSTREAM_BILL_RUNS: 'off', BILLSTREAM_DATA: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-20_000);
    });
    this.url = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`billstream serve did not start: ${out}${this.stderr}`)), START_TIMEOUT_MS);
      child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
        out += chunk;
        const match = /listening on (http:\/\/\S+?) /.exec(out);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`billstream serve exited with ${code}: ${out}${this.stderr}`));
      });
    });
  }

  /** What the server wrote to stderr lately (the stack of a 500, an out-of-memory report). */
  stderrTail(chars = 3000): string {
    return this.stderr.slice(-chars);
  }

  clearStderr(): void {
    this.stderr = '';
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  async request(request: ApiRequest, deadlineMs: number): Promise<ApiResponse> {
    const headers: Record<string, string> = { ...(request.headers ?? {}) };
    if ((request.auth ?? 'admin') === 'admin') headers.authorization ??= `Bearer ${ADMIN_KEY}`;
    if (request.auth === 'unknown') headers.authorization = 'Bearer bsk_unknown';
    const started = performance.now();
    try {
      const response = await fetch(this.url + request.path, {
        method: request.method,
        headers,
        ...(request.body !== undefined ? { body: request.body } : {}),
        signal: AbortSignal.timeout(deadlineMs),
      });
      const text = await response.text();
      return { kind: 'response', status: response.status, contentType: response.headers.get('content-type') ?? '', text, ms: performance.now() - started };
    } catch (error) {
      const ms = performance.now() - started;
      const e = error as Error & { cause?: Error };
      if (e.name === 'TimeoutError' || e.name === 'AbortError') return { kind: 'timeout', ms };
      return { kind: 'failed', ms, message: `${e.message}${e.cause ? `: ${e.cause.message}` : ''}` };
    }
  }

  /** GET /health answers 200 within a second. */
  async healthy(): Promise<boolean> {
    if (!this.running) return false;
    const response = await this.request({ method: 'GET', path: '/health', auth: 'none' }, 1000);
    return response.kind === 'response' && response.status === 200;
  }

  /** Kills a server that stopped answering and starts a fresh one on a new copy of the store. */
  async restart(): Promise<void> {
    await this.stop();
    this.restarts += 1;
    await this.start();
    await this.warmup?.();
  }

  /** Stops the server: `graceful` lets it close its store (SIGTERM), else it is killed. */
  async stop(graceful = false): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(graceful ? 'SIGTERM' : 'SIGKILL');
    const timer = graceful ? setTimeout(() => child.kill('SIGKILL'), 10_000) : null;
    await exited;
    if (timer) clearTimeout(timer);
  }

  async close(): Promise<void> {
    await this.stop();
    for (const dir of this.dirs) removeDir(dir);
  }
}
