/**
 * The processing worker thread (projections on the other core during an import, a bill run or
 * the RADIUS server): a worker that dies on the way (its heap exhausted) is reported, and a
 * wait that starts after its death fails at once instead of waiting for ever for an exit that
 * already went by (a 20,000-contract bill run sat idle at 0 % CPU that way).
 */
import type { Worker } from 'node:worker_threads';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { ProcessingWorker } from '../../src/processing/processing-worker.ts';
import type { Billstream } from '../../src/main.ts';
import { openTestBillstream, temporaryDataDir } from '../support/billstream.ts';

describe('processing worker', () => {
  const dataDir = path.join(temporaryDataDir('billstream-worker-'), 'data');
  let billstream: Billstream | null = null;

  afterAll(async () => {
    await billstream?.close();
  });

  it('reports a worker that died by itself, and a later finish fails at once rather than waiting', async () => {
    billstream = await openTestBillstream({ dataDir });
    const worker = await ProcessingWorker.start(loadConfig({}, { dataDir }), 'read-models');
    const lost = new Promise<Error>((resolve) => worker.onLost(resolve));
    // Killed from outside, as an exhausted heap kills it: not through stop or finish.
    await (worker as unknown as { worker: Worker }).worker.terminate();
    expect((await lost).message).toMatch(/exited/);
    const started = Date.now();
    await expect(worker.finish(0)).rejects.toThrow(/exited.*before it was reached/);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('does not report a worker that finish ended', async () => {
    billstream ??= await openTestBillstream({ dataDir });
    const worker = await ProcessingWorker.start(loadConfig({}, { dataDir }), 'read-models');
    let lost: Error | null = null;
    worker.onLost((error) => (lost = error));
    await worker.finish((await billstream.eventStore.headPosition()) ?? 0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(lost).toBeNull();
  });
});
