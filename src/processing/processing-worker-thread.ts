/** The processing worker's thread (see processing-worker.ts): every consumer, live until told to finish. */
import { parentPort, workerData } from 'node:worker_threads';
import type { BillstreamConfig } from '../config.ts';
import { openBillstream } from '../main.ts';
import type { ProcessingWorkerReport, ProcessingWorkerRequest, WorkerConsumers } from './processing-worker.ts';

const port = parentPort!;
const report = (message: ProcessingWorkerReport) => port.postMessage(message);
const failed = (error: unknown) => report({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });

try {
  const { config, consumers } = workerData as { config: BillstreamConfig; consumers: WorkerConsumers };
  const billstream = await openBillstream(config);
  // New events wake the consumers at once; the poll only covers a missed wake-up.
  for (const consumer of consumers === 'all' ? billstream.consumers : billstream.readModels) consumer.start(50);
  port.on('message', (request: ProcessingWorkerRequest) => {
    (consumers === 'all' ? billstream.catchUp(request.position) : billstream.readModelsReached(request.position))
      .then(() => billstream.close())
      .then(() => report({ kind: 'reached' }), failed);
  });
  report({ kind: 'running' });
} catch (error) {
  failed(error);
}
