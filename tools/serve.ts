/** `billstream serve`: the API on the configured store, with projections and sagas running. */
import type { AddressInfo } from 'node:net';
import type { BillstreamConfig } from '../src/config.ts';
import { openBillstream } from '../src/main.ts';
import { createApp } from '../src/api/app.ts';
import { answerClientError } from '../src/api/problems.ts';
import { bootstrapAdminKey } from '../src/app/api-keys/service.ts';
import { scheduleBillRuns } from '../src/app/bill-run/scheduler.ts';
import { operatorToday } from '../src/core/clock.ts';

export async function serve(config: BillstreamConfig, options: { port: number }): Promise<void> {
  const billstream = await openBillstream(config);
  const admin = await bootstrapAdminKey(billstream);
  if (admin?.generated) {
    console.log(`\nNew installation: an admin API key was created. It is shown only this once; store it now:\n\n  ${admin.key}\n\nUse it as "Authorization: Bearer <key>"; create more keys with POST /api-keys or "billstream keys create".\n`);
  }
  const app = await createApp(billstream);
  const server = app.listen(options.port);
  server.on('clientError', answerClientError);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  // Listening first: resuming saved work (a bill run) happens behind a server that already answers.
  billstream.startProcessing();
  // Daily bill runs as of the local date (BILLSTREAM_TIME_ZONE, else this machine's zone); BILLSTREAM_BILL_RUNS=off disables them.
  const scheduler = config.billRuns ? scheduleBillRuns(billstream, () => operatorToday(billstream.clock)) : null;
  const { port } = server.address() as AddressInfo;
  const where = config.eventStoreUrl ? `EventStoreDB + ${config.readStoreUrl ? 'MongoDB' : 'SQLite read store'}` : `embedded store in ${config.dataDir}`;
  console.log(`billstream listening on http://localhost:${port} (${where})`);
  console.log(`API docs: http://localhost:${port}/docs`);

  await new Promise<void>((resolve) => {
    const shutdown = () => {
      server.close(() => resolve());
      server.closeAllConnections();
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });
  scheduler?.stop();
  await billstream.close();
}
