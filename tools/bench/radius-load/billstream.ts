/**
 * billstream's side of bench:radius, prepared the way an operator would: the import commands
 * on a fresh data folder (a legal entity, one client with one contract, a service point per
 * benchmark user with its RADIUS password, a subscription each on a tariff with a `radius:`
 * section, the load generator's address as a NAS), then `billstream radius` on free loopback
 * ports in a process of its own.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { encodeClass } from '../../../src/radius/class.ts';
import { freeUdpPort } from './freeradius.ts';
import { benchUserName, benchUserPassword } from './users.ts';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const BIN = path.join(REPO, 'bin/billstream');

/** The benchmark tariff's radius section and the reply it gives, which FreeRADIUS is configured to give too. */
export const BENCH_TARIFF = `id: BENCH-NET
name: { en: Benchmark network access }
currency: EUR
validFrom: 2025-01-01
category: internet
recurring:
  - { code: BENCH-NET, name: { en: Network access }, amount: "10.00", period: monthly, billed: advance }
usage:
  - type: data
    unit: GB
    tiering: graduated
    tiers:
      - { upTo: null, price: "0" }
radius:
  rateLimit: { up: 10M, down: 50M }
  sessionTimeout: 86400
  interimInterval: 300
  framedPool: pool-a
`;

/** What billstream's Access-Accept for a BENCH-NET subscriber carries (docs/radius.md), for FreeRADIUS's users file. */
export function benchReply(index: number): Record<string, string> {
  return {
    'Mikrotik-Rate-Limit': '10M/50M',
    'WISPr-Bandwidth-Max-Up': '10000000',
    'WISPr-Bandwidth-Max-Down': '50000000',
    'ChilliSpot-Bandwidth-Max-Up': '10000',
    'ChilliSpot-Bandwidth-Max-Down': '50000',
    'Session-Timeout': '86400',
    'Acct-Interim-Interval': '300',
    'Framed-Pool': 'pool-a',
    Class: `0x${benchClassHex(index)}`,
  };
}

export function benchServicePointId(index: number): string {
  return `BSP-${index}`;
}

export function benchSubscriptionId(index: number): string {
  return `BS-${index}`;
}

/** The Class billstream gives the user's sessions, which a NAS sends back in accounting. */
export function benchClassHex(index: number): string {
  return encodeClass({ servicePointId: benchServicePointId(index), subscriptionId: benchSubscriptionId(index) }).toString('hex');
}

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function cli(dataDir: string, args: string[]): void {
  execFileSync(process.execPath, [BIN, '--data', dataDir, ...args], { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** Imports the benchmark's installation into `dataDir` (which must not hold one yet). */
export function prepareBillstreamData(dataDir: string, inputDir: string, users: number, secret: string): void {
  fs.mkdirSync(path.join(inputDir, 'tariffs'), { recursive: true });
  const file = (name: string, text: string) => {
    fs.writeFileSync(path.join(inputDir, name), text);
    return path.join(inputDir, name);
  };
  const servicePoints = ['service_point_id,contract_id,identifiers,address_line1,city,postal_code,country,password'];
  const subscriptions = ['subscription_id,service_point_id,tariff_id,start_date,end_date,quantity'];
  for (let i = 0; i < users; i++) {
    servicePoints.push([benchServicePointId(i), 'BK-1', benchUserName(i), 'Friedrichstraße 1', 'Berlin', '10117', 'DE', benchUserPassword(i)].map(csvCell).join(','));
    subscriptions.push(`${benchSubscriptionId(i)},${benchServicePointId(i)},BENCH-NET,2025-01-01,,1`);
  }
  cli(dataDir, ['import', 'legal-entities', path.join(REPO, 'examples/legal-entities.yaml')]);
  cli(dataDir, ['import', 'tariffs', file('tariffs/bench-net.yaml', BENCH_TARIFF)]);
  cli(dataDir, ['import', 'clients', file('clients.csv', 'client_id,type,name,country,language,currency,vat_id,time_zone,email,address_line1,city,postal_code,partner_id\nBC-1,company,Bench Networks GmbH,DE,de,EUR,,Europe/Berlin,noc@bench.example,Friedrichstraße 1,Berlin,10117,\n')]);
  cli(dataDir, ['import', 'contracts', file('contracts.csv', 'contract_id,client_id,legal_entity_id,start_date,end_date,billing_cycle,cycle_anchor_day,currency,payment_terms_days\nBK-1,BC-1,DE1,2025-01-01,,monthly,1,EUR,15\n')]);
  cli(dataDir, ['import', 'service-points', file('service-points.csv', `${servicePoints.join('\n')}\n`)]);
  cli(dataDir, ['import', 'subscriptions', file('subscriptions.csv', `${subscriptions.join('\n')}\n`)]);
  cli(dataDir, ['import', 'nas', file('nas.csv', `nas_id,name,address,secret,require_message_authenticator\nBENCH,bench:radius load generator,127.0.0.1,${csvCell(secret)},yes\n`)]);
}

export interface BillstreamRadius {
  child: ChildProcess;
  authPort: number;
  acctPort: number;
  output(): string;
  stop(): Promise<void>;
}

/** `billstream radius` on free loopback ports; resolves once it listens. */
export async function startBillstreamRadius(dataDir: string, options: { startTimeoutMs?: number } = {}): Promise<BillstreamRadius> {
  const authPort = await freeUdpPort();
  let acctPort = await freeUdpPort();
  while (acctPort === authPort) acctPort = await freeUdpPort();
  // BENCH_SERVER_NODE_ARGS: node flags for the server alone, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to see where its time goes.
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, BIN, '--data', dataDir, 'radius', '--address', '127.0.0.1', '--auth-port', String(authPort), '--acct-port', String(acctPort)], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => { out += chunk.toString(); });
  child.stderr!.on('data', (chunk: Buffer) => { out += chunk.toString(); });
  const startTimeoutMs = options.startTimeoutMs ?? 120_000;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`billstream radius did not listen within ${startTimeoutMs} ms:\n${out}`));
    }, startTimeoutMs);
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`billstream radius exited with ${code} before listening:\n${out}`));
    };
    child.stdout!.on('data', () => {
      if (out.includes('RADIUS listening on')) {
        clearTimeout(timer);
        child.off('exit', onExit);
        resolve();
      }
    });
    child.once('exit', onExit);
  });
  return {
    child,
    authPort,
    acctPort,
    output: () => out,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Events in the data folder's event store by type (read-only, beside the running server). */
export function storedEvents(dataDir: string): Map<string, number> {
  const db = new Database(path.join(dataDir, 'events.db'), { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT type, count(*) AS n FROM events GROUP BY type').all() as { type: string; n: number }[];
    return new Map(rows.map((r) => [r.type, r.n]));
  } finally {
    db.close();
  }
}

/** What was added between two `storedEvents` readings, largest first. */
export function eventsAdded(before: Map<string, number>, after: Map<string, number>): { total: number; byType: [string, number][] } {
  const byType = [...after].map(([type, n]) => [type, n - (before.get(type) ?? 0)] as [string, number]).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
  return { total: byType.reduce((sum, [, n]) => sum + n, 0), byType };
}
