/**
 * `billstream radius [--address A] [--auth-port 1812] [--acct-port 1813] [--metrics-port N
 * [--metrics-address 127.0.0.1]]`: the RADIUS server alone (its per-NAS counters on
 * http://ADDRESS:N/metrics when asked for), and the part of `serve --radius` that starts it
 * beside the API (whose /metrics has them). SIGINT and SIGTERM stop it cleanly: no new
 * packets are read, accounting in flight is stored and answered, the support log is written.
 */
import http from 'node:http';
import { isIP, type AddressInfo } from 'node:net';
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

/** Where `billstream radius` serves its counters (Prometheus text), when asked to. */
export interface MetricsListenOptions {
  address: string;
  port: number;
}

/** Loopback by default: the counters name every NAS, which is not for everyone on the network. */
export const METRICS_DEFAULT_ADDRESS = '127.0.0.1';

/** `--metrics-port` and `--metrics-address` as given, checked; null when no port was asked for. */
export function metricsListenOptions(flags: { 'metrics-address'?: string; 'metrics-port'?: string }): MetricsListenOptions | null | { problem: string } {
  const text = flags['metrics-port'];
  if (text === undefined) {
    return flags['metrics-address'] === undefined ? null : { problem: '--metrics-address goes with --metrics-port' };
  }
  if (!/^\d+$/.test(text) || Number(text) > 65535) return { problem: `--metrics-port ${text}: expected a port number from 0 to 65535` };
  const address = flags['metrics-address'] ?? METRICS_DEFAULT_ADDRESS;
  if (isIP(address) === 0) return { problem: `--metrics-address ${address}: expected an IPv4 or IPv6 address` };
  return { address, port: Number(text) };
}

/**
 * GET /metrics with the RADIUS server's per-NAS counters, and nothing else: no request body is
 * read, other paths are 404 and other methods 405, and a client gets 10 s for its request.
 */
export async function startMetricsEndpoint(server: RadiusServer, listen: MetricsListenOptions): Promise<{ port: number; close(): Promise<void> }> {
  const endpoint = http.createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found: the RADIUS process serves /metrics only\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('method not allowed\n');
      return;
    }
    const body = server.counters.render();
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  endpoint.requestTimeout = 10_000;
  endpoint.headersTimeout = 10_000;
  endpoint.maxHeadersCount = 100;
  await new Promise<void>((resolve, reject) => {
    endpoint.once('error', reject);
    endpoint.listen(listen.port, listen.address, () => {
      endpoint.off('error', reject);
      resolve();
    });
  });
  const port = (endpoint.address() as AddressInfo).port;
  const host = listen.address.includes(':') ? `[${listen.address}]` : listen.address;
  console.log(`billstream RADIUS metrics on http://${host}:${port}/metrics`);
  return {
    port,
    close: () => new Promise<void>((resolve) => {
      endpoint.closeAllConnections();
      endpoint.close(() => resolve());
    }),
  };
}

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
  console.log(`billstream RADIUS listening on ${host}:${server.authPort} (authentication) and ${host}:${server.acctPort} (accounting), ${server.directory.nasClients.length} NAS client${server.directory.nasClients.length === 1 ? '' : 's'}`);
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

export async function radiusCommand(config: BillstreamConfig, listen: RadiusListenOptions, metrics: MetricsListenOptions | null = null): Promise<number> {
  const billstream = await openBillstream(config);
  let server: RadiusServer | null = null;
  let worker: ProcessingWorker | null = null;
  let endpoint: { close(): Promise<void> } | null = null;
  try {
    worker = await startRadiusProcessing(billstream);
    server = await startRadius(billstream, listen);
    if (metrics) endpoint = await startMetricsEndpoint(server, metrics);
    await untilSignal();
    console.log('billstream RADIUS stopping: finishing accounting in flight');
    return 0;
  } finally {
    await endpoint?.close();
    await server?.stop();
    // The worker brings the read models up to what was stored, and releases its leases.
    await worker?.finish((await billstream.eventStore.headPosition()) ?? 0).catch((error: unknown) => {
      process.emitWarning(`the processing worker did not finish (the read models go on from their checkpoints next time): ${error instanceof Error ? error.message : String(error)}`);
    });
    await billstream.close();
  }
}
