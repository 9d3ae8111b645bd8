/**
 * `billstream radius [--address A] [--auth-port 1812] [--acct-port 1813]`: the RADIUS server alone
 * (its counters are on /metrics only when it runs inside `serve --radius`), and the part of
 * `serve --radius` that starts it beside the API. SIGINT and SIGTERM stop it cleanly: no new
 * packets are read, accounting in flight is stored and answered, the support log is written.
 */
import { isIP } from 'node:net';
import type { BillstreamConfig } from '../src/config.ts';
import { openBillstream, type Billstream } from '../src/main.ts';
import { startRadiusServer, type RadiusServer } from '../src/radius/server.ts';
import { ProcessingWorker } from '../src/processing/processing-worker.ts';

/**
 * The processing worker's heap in a long-running RADIUS process: its live data is a page of
 * events and their documents, but it runs for months, not for one import.
 */
const RADIUS_WORKER_HEAP_MB = 256;

export interface RadiusListenOptions {
  address: string;
  authPort: number;
  acctPort: number;
}

export const RADIUS_DEFAULTS: RadiusListenOptions = { address: '0.0.0.0', authPort: 1812, acctPort: 1813 };

/** The flags as given, checked; a problem is a message for a usage error. */
export function radiusListenOptions(flags: { address?: string; 'auth-port'?: string; 'acct-port'?: string }): RadiusListenOptions | { problem: string } {
  const address = flags.address ?? RADIUS_DEFAULTS.address;
  if (isIP(address) === 0) return { problem: `--address ${address}: expected an IPv4 or IPv6 address (0.0.0.0 or :: for every interface)` };
  const port = (flag: 'auth-port' | 'acct-port', fallback: number): number | string => {
    const text = flags[flag];
    if (text === undefined) return fallback;
    const value = Number(text);
    return /^\d+$/.test(text) && value <= 65535 ? value : `--${flag} ${text}: expected a port number from 0 to 65535`;
  };
  const authPort = port('auth-port', RADIUS_DEFAULTS.authPort);
  const acctPort = port('acct-port', RADIUS_DEFAULTS.acctPort);
  if (typeof authPort === 'string') return { problem: authPort };
  if (typeof acctPort === 'string') return { problem: acctPort };
  if (authPort !== 0 && authPort === acctPort) return { problem: `--auth-port and --acct-port are both ${authPort}: authentication and accounting need a port each` };
  return { address, authPort, acctPort };
}

/** Starts the RADIUS server on an open billstream and says where it listens. */
export async function startRadius(billstream: Billstream, listen: RadiusListenOptions): Promise<RadiusServer> {
  const server = await startRadiusServer(billstream, listen);
  const host = listen.address.includes(':') ? `[${listen.address}]` : listen.address;
  console.log(`billstream RADIUS listening on ${host}:${server.authPort} (authentication) and ${host}:${server.acctPort} (accounting), ${server.directory.nasClients.length} NAS clients`);
  return server;
}

export function untilSignal(): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

/**
 * The read models the directory is built from, and those of the sessions and usage, keep up in
 * this process too (leases share the work with a serve). They run in a worker thread, on the other
 * core: applying them cost more than half of an Accounting-Request's time on the RADIUS thread. A
 * worker that cannot start or stops is replaced by processing in this thread, with a warning.
 */
async function startRadiusProcessing(billstream: Billstream): Promise<ProcessingWorker | null> {
  const worker = await ProcessingWorker.start(billstream.config, 'all', { heapMb: RADIUS_WORKER_HEAP_MB }).catch((error: unknown) => {
    process.emitWarning(`read models are applied in the RADIUS thread: the processing worker did not start (${error instanceof Error ? error.message : String(error)})`);
    return null;
  });
  if (!worker) {
    billstream.startProcessing();
    return null;
  }
  billstream.startProcessing('background');
  worker.onLost((error) => {
    process.emitWarning(`read models are applied in the RADIUS thread from now on: the processing worker stopped (${error.message})`);
    billstream.startProcessing();
  });
  return worker;
}

export async function radiusCommand(config: BillstreamConfig, listen: RadiusListenOptions): Promise<number> {
  const billstream = await openBillstream(config);
  let server: RadiusServer | null = null;
  let worker: ProcessingWorker | null = null;
  try {
    worker = await startRadiusProcessing(billstream);
    server = await startRadius(billstream, listen);
    await untilSignal();
    console.log('billstream RADIUS stopping: finishing accounting in flight');
    return 0;
  } finally {
    await server?.stop();
    // The worker brings the read models up to what was stored, and releases its leases.
    await worker?.finish((await billstream.eventStore.headPosition()) ?? 0).catch((error: unknown) => {
      process.emitWarning(`the processing worker did not finish (the read models go on from their checkpoints next time): ${error instanceof Error ? error.message : String(error)}`);
    });
    await billstream.close();
  }
}
