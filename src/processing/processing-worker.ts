/**
 * Projections and processors run on the machine's other core while a long import records.
 * Recording (parse, rate, append to the event store) and applying the consumers (read the events
 * back, write the read store) each keep one core busy and write different files, so side by side
 * a usage import takes about as long as the slower of the two instead of their sum.
 *
 * The worker thread opens the same stores with its own connections and runs the consumers as any
 * other process would: under their leases, from their checkpoints. Nothing here is special to
 * threads: if the worker dies, each consumer is where its checkpoint says, and the next catch-up
 * (this process's or another's) goes on from there.
 */
import { Worker } from 'node:worker_threads';
import { once } from 'node:events';
import type { BillstreamConfig } from '../config.ts';
import type { Position } from '../eventstore/port.ts';
import type { Billstream } from '../main.ts';

/**
 * Which consumers the worker runs: `all` (a usage import: the views, and the rating saga's
 * leftovers), or `read-models` (a bill run, whose saga drafts and issues in the caller's thread
 * while the worker keeps the invoice views current).
 */
export type WorkerConsumers = 'all' | 'read-models';

/** Messages from the worker. */
export type ProcessingWorkerReport = { kind: 'running' } | { kind: 'reached' } | { kind: 'failed'; message: string };
/** Messages to the worker. */
export type ProcessingWorkerRequest = { kind: 'finish'; position: Position };

/**
 * The worker's JavaScript heap limit. V8 sizes a heap by the memory the machine has and lets
 * garbage pile up to it; the worker's live data is one page of events and its documents, and
 * without a limit its heap grew past 150 MB of mostly garbage on a 200,000-record import
 * (48 MB: the same speed). 48 MB was exhausted now and then by the read models of a bill run
 * with discount lines (20,000 and 250,000 invoices): 128 MB leaves room for the largest page.
 */
const WORKER_HEAP_MB = 128;

export interface ProcessingWorkerOptions {
  /** The worker's JavaScript heap limit in MB (default WORKER_HEAP_MB, sized for one import or bill run). */
  heapMb?: number;
}

export class ProcessingWorker {
  private failure: Error | null = null;
  /** Set when this side ends the worker: its exit is then no loss. */
  private ending = false;
  /**
   * Settles (rejects) when the worker has exited, whenever that was: a wait that starts after
   * the worker died (its heap exhausted while the caller was busy) must not wait for an 'exit'
   * event that already went by.
   */
  private readonly exited: Promise<never>;

  private constructor(private readonly worker: Worker) {
    worker.on('error', (error) => {
      this.failure = error;
    });
    this.exited = once(worker, 'exit').then(([code]) => {
      throw this.failure ?? new Error(`the processing worker exited (code ${String(code)})`);
    });
    // Nobody may be waiting when it exits: the rejection is read by the next wait.
    this.exited.catch(() => undefined);
  }

  /** Starts the worker and waits until its consumers run. */
  static async start(config: BillstreamConfig, consumers: WorkerConsumers, options: ProcessingWorkerOptions = {}): Promise<ProcessingWorker> {
    // A JavaScript entry point that registers the TypeScript loader: a worker thread does not
    // inherit the loader `bin/billstream` registered in the main thread.
    const worker = new Worker(new URL('./processing-worker-entry.mjs', import.meta.url), {
      workerData: { config, consumers, module: new URL('./processing-worker-thread.ts', import.meta.url).href },
      // A profiled process (node --cpu-prof) profiles its worker too; no other flag is passed on.
      execArgv: process.execArgv.filter((flag) => flag.startsWith('--cpu-prof')),
      resourceLimits: { maxOldGenerationSizeMb: options.heapMb ?? WORKER_HEAP_MB },
    });
    const started = new ProcessingWorker(worker);
    await started.next('running');
    return started;
  }

  /** Resolves with the worker's next report of `kind`; rejects on its failure or exit. */
  private async next(kind: ProcessingWorkerReport['kind']): Promise<void> {
    let listener: (report: ProcessingWorkerReport) => void = () => undefined;
    const reported = new Promise<void>((resolve, reject) => {
      listener = (report) => {
        if (report.kind === 'failed') reject(new Error(`background processing: ${report.message}`));
        else if (report.kind === kind) resolve();
      };
      this.worker.on('message', listener);
    });
    const exited = this.exited.catch((error: unknown) => {
      throw new Error(`${error instanceof Error ? error.message : String(error)}, before it was ${kind}`, { cause: error });
    });
    try {
      await Promise.race([reported, exited]);
    } finally {
      this.worker.off('message', listener);
    }
  }

  /** Waits until every consumer reflects `position`, then stops the worker (it releases its leases). */
  async finish(position: Position): Promise<void> {
    this.ending = true;
    this.worker.postMessage({ kind: 'finish', position } satisfies ProcessingWorkerRequest);
    try {
      await this.next('reached');
    } finally {
      await this.worker.terminate();
    }
  }

  /** Stops the worker at once (the import failed): the consumers go on from their checkpoints next time. */
  async stop(): Promise<void> {
    this.ending = true;
    await this.worker.terminate();
  }

  /** Calls `listener` if the worker stops by itself (a failure, its heap exhausted), not when finish or stop ends it. */
  onLost(listener: (error: Error) => void): void {
    this.exited.catch((error: Error) => {
      if (!this.ending) listener(error);
    });
  }
}

/**
 * Runs `work` (which drafts or issues in this thread) while a worker keeps the read models
 * current; returns once they reflect everything `work` stored. If the worker cannot start, the
 * work runs without it (the caller's catch-up applies the projections then); if it stops on the
 * way, this thread takes its read models over from their checkpoints, with a warning.
 */
export async function withReadModelWorker<T>(billstream: Pick<Billstream, 'config' | 'eventStore' | 'readModelsReached'>, work: () => Promise<T>): Promise<T> {
  const worker = await ProcessingWorker.start(billstream.config, 'read-models').catch((error: unknown) => {
    process.emitWarning(`read models are applied in this process: the processing worker did not start (${error instanceof Error ? error.message : String(error)})`);
    return null;
  });
  if (!worker) return work();
  worker.onLost((error) => process.emitWarning(`read models are applied in this process from now on: the processing worker stopped (${error.message})`));
  try {
    const result = await work();
    const head = await billstream.eventStore.headPosition();
    try {
      await worker.finish(head ?? 0);
    } catch {
      // Lost on the way (warned above) or failed at the end: the read models go on from their checkpoints here.
      await billstream.readModelsReached(head);
    }
    return result;
  } catch (error) {
    await worker.stop();
    throw error;
  }
}
