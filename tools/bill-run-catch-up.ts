/**
 * How a command waits for a bill run: the billing saga drafts (or issues) in this thread during
 * catch-up. In a large run, the read models the drafts and issues feed (invoice headers and
 * bodies, the run) are applied meanwhile by a worker on the other core; they were a third of a
 * run's time in this thread.
 */
import type { Billstream } from '../src/main.ts';
import { withReadModelWorker } from '../src/processing/processing-worker.ts';
import { CONTRACTS } from '../projections/contracts.projection.ts';

/** Below this many contracts a worker's start (about half a second) costs more than it saves. */
const WORKER_FROM_CONTRACTS = 1000;

export async function catchUpBillRuns(billstream: Billstream): Promise<void> {
  const large = (await billstream.readStore.find(CONTRACTS, {}, { limit: WORKER_FROM_CONTRACTS })).next !== null;
  if (large) await withReadModelWorker(billstream, () => billstream.catchUp());
  else await billstream.catchUp();
}
