/**
 * Runs import readers in a worker thread with a deadline. A synchronous infinite loop blocks the
 * thread it runs on, so no timer of that thread (nor vitest's timeout) can stop it: the host
 * thread terminates the worker instead, reports the input as a hang, and starts a new worker on a
 * fresh copy of the seeded store.
 */
import { Worker } from 'node:worker_threads';
import { copyStore, removeDir } from './support.ts';

interface CsvText {
  /** A string (sent as UTF-8) or bytes (invalid UTF-8 on purpose). */
  text: string | Uint8Array;
  /** Byte offsets where the stream is cut into chunks. */
  splits?: number[];
}

export type ReaderInput =
  | { reader: 'legal-entities'; text: string; allOrNothing?: boolean }
  | { reader: 'tariffs'; text: string; decks: Record<string, string>; label?: string }
  | ({ reader: 'deck' } & CsvText)
  | ({ reader: 'clients' | 'contracts' | 'service-points' | 'subscriptions' | 'usage' | 'fx-rates'; allOrNothing?: boolean } & CsvText)
  | ({ reader: 'csv'; columns: { required: string[]; optional: string[] }; maxRecordBytes?: number } & CsvText);

export interface ReaderRequest {
  id: number;
  input: ReaderInput;
}

export interface ReaderReply {
  id: number;
  ms: number;
  ok: boolean;
  result?: unknown;
  error?: { name: string; message: string; stack: string; status: number | null };
}

export type ReaderOutcome =
  | { kind: 'done'; ms: number; result: unknown }
  | { kind: 'threw'; ms: number; error: NonNullable<ReaderReply['error']> }
  | { kind: 'hang'; ms: number }
  | { kind: 'crash'; ms: number; message: string };

const READY_TIMEOUT_MS = 60_000;

export class ReaderHost {
  private worker: Worker | null = null;
  private dataDir: string | null = null;
  private nextId = 0;
  /** Settles when the previous input is done (inputs run one at a time). */
  private idle: Promise<unknown> = Promise.resolve();
  private readonly dirs: string[] = [];
  /** What the current worker wrote to stderr lately. */
  private stderr = '';

  constructor(
    private readonly template: string,
    /** Valid inputs a new worker runs before it takes any (loads every module the readers use). */
    private readonly warmup: ReaderInput[] = [],
    /** The deadline of one input. */
    readonly deadlineMs = 1000,
  ) {}

  private async start(): Promise<Worker> {
    this.dataDir = copyStore(this.template, 'billstream-fuzz-reader-');
    this.dirs.push(this.dataDir);
    const worker = new Worker(new URL('./worker-entry.mjs', import.meta.url), {
      workerData: { module: new URL('./reader-worker.ts', import.meta.url).href, dataDir: this.dataDir, warmup: this.warmup },
      // A memory bomb ends this worker with ERR_WORKER_OUT_OF_MEMORY instead of the test process.
      // The stack of a main thread (984 KB), not a worker's 4 MB: a recursion that overflows in
      // `billstream import` or `serve` must overflow here too.
      resourceLimits: { maxOldGenerationSizeMb: 768, stackSizeMb: 0.96 },
      // Kept, not printed: library warnings about odd inputs are expected; a crash report shows them.
      stdout: true,
      stderr: true,
    });
    this.stderr = '';
    worker.stdout.resume();
    worker.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-4000);
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the reader worker did not start in time')), READY_TIMEOUT_MS);
      worker.once('message', () => {
        clearTimeout(timer);
        resolve();
      });
      worker.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
    this.worker = worker;
    return worker;
  }

  /** Runs one input; never rejects. */
  run(input: ReaderInput, deadlineMs = this.deadlineMs): Promise<ReaderOutcome> {
    const outcome = this.idle.then(() => this.runNow(input, deadlineMs));
    this.idle = outcome;
    return outcome;
  }

  private async runNow(input: ReaderInput, deadlineMs: number): Promise<ReaderOutcome> {
    const worker = this.worker ?? (await this.start());
    const id = ++this.nextId;
    const started = performance.now();
    return new Promise<ReaderOutcome>((resolve) => {
      const done = (outcome: ReaderOutcome) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        resolve(outcome);
      };
      const onMessage = (reply: ReaderReply) => {
        if (reply.id !== id) return;
        done(reply.ok ? { kind: 'done', ms: reply.ms, result: reply.result } : { kind: 'threw', ms: reply.ms, error: reply.error! });
      };
      const onError = (error: Error) => {
        this.worker = null;
        done({ kind: 'crash', ms: performance.now() - started, message: `${error.name}: ${error.message}\n${this.stderr}` });
      };
      const onExit = (code: number) => {
        this.worker = null;
        done({ kind: 'crash', ms: performance.now() - started, message: `the worker exited with code ${code}\n${this.stderr}` });
      };
      const timer = setTimeout(() => {
        this.worker = null;
        void worker.terminate();
        done({ kind: 'hang', ms: performance.now() - started });
      }, deadlineMs);
      worker.on('message', onMessage);
      worker.once('error', onError);
      worker.once('exit', onExit);
      worker.postMessage({ id, input } satisfies ReaderRequest);
    });
  }

  /** Starts the worker now (its start is not part of any input's deadline). */
  async ready(): Promise<void> {
    await this.idle;
    if (!this.worker) await this.start();
  }

  async close(): Promise<void> {
    await this.idle.catch(() => undefined);
    await this.worker?.terminate();
    this.worker = null;
    for (const dir of this.dirs) removeDir(dir);
  }
}
