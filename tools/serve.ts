/** `billstream serve`: the API on the configured store, with projections and sagas running. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BillstreamConfig } from '../src/config.ts';
import { openBillstream, type Billstream } from '../src/main.ts';
import { createApp } from '../src/api/app.ts';
import { consoleBuild } from '../src/api/console.ts';
import { answerClientError, problem } from '../src/api/problems.ts';
import { bootstrapAdminKey } from '../src/app/api-keys/service.ts';
import { scheduleBillRuns } from '../src/app/bill-run/scheduler.ts';
import { operatorToday } from '../src/core/clock.ts';
import type { RadiusServer } from '../src/radius/server.ts';
import { startRadius, type RadiusListenOptions } from './radius-commands.ts';

/** The port is taken by another program (exit status 5): nothing was opened or written. */
export class PortInUseError extends Error {
  readonly code = 'EADDRINUSE';
  constructor(readonly port: number) {
    super(`port ${port} is in use by another program: choose another with --port N (or PORT); nothing was started`);
  }
}

/** Binds the port, or refuses before anything else happens. */
function listen(server: http.Server, port: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new PortInUseError(port) : error);
    server.once('error', failed);
    server.listen(port, () => {
      server.off('error', failed);
      resolve();
    });
  });
}

export async function serve(config: BillstreamConfig, options: { port: number; radius?: RadiusListenOptions | null }): Promise<void> {
  // The port first: a port in use must stop `serve` before it opens the data folder, or a
  // mistyped port would create an installation (and print its admin key) nobody asked for.
  let handle: http.RequestListener = (_req, res) => {
    res.writeHead(503, { 'Content-Type': 'application/problem+json', 'Retry-After': '1' });
    res.end(JSON.stringify(problem(503, 'starting', 'billstream is starting: try again in a moment')));
  };
  const server = http.createServer((req, res) => handle(req, res));
  server.on('clientError', answerClientError);
  await listen(server, options.port);

  let billstream: Billstream;
  let radius: RadiusServer | null = null;
  try {
    billstream = await openBillstream(config);
  } catch (error) {
    server.close();
    throw error;
  }
  try {
    const admin = await bootstrapAdminKey(billstream);
    if (admin?.generated) {
      console.log(`\nNew installation: an admin API key was created. It is shown only this once; store it now:\n\n  ${admin.key}\n\nUse it as "Authorization: Bearer <key>"; create more keys with POST /api-keys or "billstream keys create".\n`);
    }
    handle = await createApp(billstream, { moreMetrics: () => radius?.counters.render() ?? '' });
  } catch (error) {
    server.close();
    await billstream.close();
    throw error;
  }
  // Listening first: resuming saved work (a bill run) happens behind a server that already answers.
  billstream.startProcessing();
  if (options.radius) {
    try {
      radius = await startRadius(billstream, options.radius);
    } catch (error) {
      server.close();
      await billstream.close();
      throw error;
    }
  }
  // Daily bill runs as of the local date (BILLSTREAM_TIME_ZONE, else this machine's zone); BILLSTREAM_BILL_RUNS=off disables them.
  const scheduler = config.billRuns ? scheduleBillRuns(billstream, () => operatorToday(billstream.clock)) : null;
  const { port } = server.address() as AddressInfo;
  const where = config.eventStoreUrl ? `EventStoreDB + ${config.readStoreUrl ? 'MongoDB' : 'SQLite read store'}` : `embedded store in ${config.dataDir}`;
  console.log(`billstream listening on http://localhost:${port} (${where})`);
  console.log(`API docs: http://localhost:${port}/docs`);
  console.log(`Console: http://localhost:${port}/console`);
  // Bundled now rather than on the first visit, so the first page opens at once; a failed build
  // is reported here and tried again when the page is asked for.
  consoleBuild().catch((error: unknown) => console.error(`the console did not build: ${error instanceof Error ? error.message : String(error)}`));

  await new Promise<void>((resolve) => {
    const shutdown = () => {
      server.close(() => resolve());
      server.closeAllConnections();
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });
  scheduler?.stop();
  // Accounting in flight is stored and answered before the store closes.
  await radius?.stop();
  await billstream.close();
}
