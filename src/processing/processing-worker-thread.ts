/** The processing worker's thread (see processing-worker.ts): every consumer, live until told to finish. */
import { parentPort, workerData } from 'node:worker_threads';
import type { BillstreamConfig } from '../config.ts';
import { openBillstream } from '../main.ts';
import type { ProcessingWorkerReport, ProcessingWorkerRequest } from './processing-worker.ts';

const port = parentPort!;
const report = (message: ProcessingWorkerReport) => port.postMessage(message);
const failed = (error: unknown) => report({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });

try {
  const billstream = await openBillstream((workerData as { config: BillstreamConfig }).config);
  // New events wake the consumers at once; the poll only covers a missed wake-up.
  for (const consumer of billstream.consumers) consumer.start(50);
  port.on('message', (request: ProcessingWorkerRequest) => {
    billstream.catchUp(request.position)
      .then(() => billstream.close())
      .then(() => report({ kind: 'reached' }), failed);
  });
  report({ kind: 'running' });
} catch (error) {
  failed(error);
}
