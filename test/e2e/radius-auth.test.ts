/**
 * The RADIUS server as an operator runs it: the examples and a tariff with network access
 * imported with the CLI, NAS clients from nas.csv, `billstream serve --radius` as a process, a
 * password set over REST and used at once by a NAS (radclient), the session's accounting becoming
 * usage with its bytes, the support log and the counters over HTTP, a clean stop on SIGTERM; then
 * `billstream radius` alone over IPv6, stopped with SIGINT; and its usage errors.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runBillstream, TEST_ADMIN_KEY } from '../support/processes.ts';
import { temporaryDataDir } from '../support/billstream.ts';
import { radclient, radclientAvailable, radtest, RADCLIENT_SKIP_REASON } from '../support/radclient.ts';

const SECRET = 'bras-secret-1';
const SECRET_V6 = 'bras-secret-6';

const TARIFF = `id: NET-RADIUS
name: Network access
currency: HUF
validFrom: 2025-01-01
category: internet
recurring:
  - { code: NET, name: Internet, amount: "1000" }
usage:
  - type: data
    unit: MB
    tiers:
      - { upTo: null, price: "1" }
radius:
  rateLimit: { up: 20M, down: 100M }
  interimInterval: 60
`;

interface Running {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

/** A billstream command that keeps running; resolves once `ready` matches what it printed. */
async function startProcess(args: string[], ready: RegExp): Promise<Running & { match: RegExpExecArray }> {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, BILLSTREAM_ADMIN_KEY: TEST_ADMIN_KEY, BILLSTREAM_BILL_RUNS: 'off' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')} did not start within 30 s:\n${out}`));
    }, 30_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const found = ready.exec(out);
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited with ${code}:\n${out}`));
    });
  });
  return { child, output: () => out, exited, match };
}

describe.skipIf(!radclientAvailable())(`billstream serve --radius and billstream radius${radclientAvailable() ? '' : ` (skipped: ${RADCLIENT_SKIP_REASON})`}`, () => {
  const dataDir = temporaryDataDir('billstream-radius-e2e-');
  const files = temporaryDataDir('billstream-radius-files-');
  let serve: Running & { match: RegExpExecArray };
  let api: string;
  let authPort: number;
  let acctPort: number;
  const request = (route: string, init: RequestInit = {}) => fetch(`${api}${route}`, {
    ...init,
    headers: { Authorization: `Bearer ${TEST_ADMIN_KEY}`, ...(init.body ? { 'Content-Type': 'application/json' } : {}) },
    signal: AbortSignal.timeout(10_000),
  });

  beforeAll(async () => {
    fs.mkdirSync(path.join(files, 'tariffs'));
    fs.writeFileSync(path.join(files, 'tariffs', 'net.yaml'), TARIFF);
    fs.writeFileSync(path.join(files, 'subscriptions.csv'), 'subscription_id,service_point_id,tariff_id,start_date,end_date,quantity\nS-NET-1,SP-0009,NET-RADIUS,2026-04-14,,1\n');
    // K-0009 ended in October 2026 in the examples, and a subscription is active only while its
    // contract is: the contract is renewed (no end) so that S-NET-1 gives access today.
    const contracts = fs.readFileSync('examples/contracts.csv', 'utf8').split('\n');
    fs.writeFileSync(path.join(files, 'contracts.csv'), `${contracts[0]}\n${contracts.find((l) => l.startsWith('K-0009,'))!.replace('2026-04-14,2026-10-14,', '2026-04-14,,')}\n`);
    fs.writeFileSync(path.join(files, 'nas.csv'), `nas_id,name,address,secret,require_message_authenticator\nBRAS-1,BRAS Budapest,127.0.0.1,${SECRET},yes\nBRAS-6,BRAS IPv6,::1,${SECRET_V6},auto\n`);
    const imports: [string, string][] = [
      ['legal-entities', 'examples/legal-entities.yaml'], ['partners', 'examples/partners.csv'], ['clients', 'examples/clients.csv'], ['contracts', 'examples/contracts.csv'], ['contracts', path.join(files, 'contracts.csv')],
      ['service-points', 'examples/service-points.csv'], ['tariffs', 'examples/tariffs'], ['tariffs', path.join(files, 'tariffs')], ['subscriptions', 'examples/subscriptions.csv'],
      ['subscriptions', path.join(files, 'subscriptions.csv')], ['nas', path.join(files, 'nas.csv')],
    ];
    for (const [kind, file] of imports) {
      const run = await runBillstream(['--data', dataDir, 'import', kind, file], { env: { BILLSTREAM_ADMIN_KEY: TEST_ADMIN_KEY } });
      expect(run.code, `${kind}: ${run.stdout}${run.stderr}`).toBe(0);
    }
    serve = await startProcess(['--data', dataDir, 'serve', '--port', '0', '--radius', '--address', '127.0.0.1', '--auth-port', '0', '--acct-port', '0'],
      /billstream RADIUS listening on 127\.0\.0\.1:(\d+) \(authentication\) and 127\.0\.0\.1:(\d+) \(accounting\), 2 NAS clients[\s\S]*listening on (http:\/\/localhost:\d+)/);
    authPort = Number(serve.match[1]);
    acctPort = Number(serve.match[2]);
    api = serve.match[3]!;
    // Ready when it answers: the process is still catching up its read models and building the console.
    for (let tries = 0; tries < 20; tries++) {
      const status = await radclient({ address: '127.0.0.1', port: authPort }, SECRET, 'status', { 'Message-Authenticator': '0x00' }, { timeout: 1 });
      if (status.exchanges[0]?.reply) break;
    }
  }, 180_000);

  afterAll(async () => {
    if (serve && serve.child.exitCode === null) serve.child.kill('SIGKILL');
  });

  it('lets a subscriber in as soon as the password is set over REST, and turns the session\'s accounting into usage with its bytes', async () => {
    // SP-0009's other data subscription ended in October 2026: the session's usage is NET-RADIUS's alone.
    const userName = 'james.oconnor@isp.example';
    const auth = { address: '127.0.0.1', port: authPort };
    expect((await radtest(auth, SECRET, userName, 'pw-james')).reply?.code).toBe('Access-Reject');
    const put = await request('/service-points/SP-0009/credentials', { method: 'PUT', body: JSON.stringify({ userName, password: 'pw-james' }) });
    expect(put.status, await put.clone().text()).toBeLessThan(300);
    let accept = null;
    for (const start = Date.now(); Date.now() - start < 2000; ) {
      accept = (await radtest(auth, SECRET, userName, 'pw-james')).reply;
      if (accept?.code === 'Access-Accept') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(accept?.code).toBe('Access-Accept');
    expect(accept!.attributes).toMatchObject({ 'Mikrotik-Rate-Limit': '20M/100M', 'Acct-Interim-Interval': '60' });

    // Start, an interim, the Stop and the Stop again: exactly the final counters, once.
    const session = { 'User-Name': userName, 'Acct-Session-Id': 'e2e-1', 'NAS-IP-Address': '127.0.0.1', Class: accept!.attributes.Class!, 'Event-Timestamp': '1796457600' };
    const accounting = await radclient({ address: '127.0.0.1', port: acctPort }, SECRET, 'acct', [
      { ...session, 'Acct-Status-Type': 'Start' },
      { ...session, 'Acct-Status-Type': 'Interim-Update', 'Acct-Session-Time': 60, 'Acct-Input-Octets': 3_000_000, 'Acct-Output-Octets': 1_000_000 },
      { ...session, 'Acct-Status-Type': 'Stop', 'Acct-Session-Time': 90, 'Acct-Input-Octets': 5_000_000, 'Acct-Output-Octets': 2_000_000 },
      { ...session, 'Acct-Status-Type': 'Stop', 'Acct-Session-Time': 90, 'Acct-Input-Octets': 5_000_000, 'Acct-Output-Octets': 2_000_000 },
    ]);
    expect(accounting.exchanges.map((e) => e.reply?.code)).toEqual(Array(4).fill('Accounting-Response'));
    let items: { bytesIn?: number; bytesOut?: number; durationSeconds?: number; source: string }[] = [];
    for (const start = Date.now(); Date.now() - start < 5000; ) {
      items = ((await (await request('/usage/records?subscriptionId=S-NET-1&limit=100')).json()) as { items: typeof items }).items.filter((r) => r.source === 'radius');
      if (items.reduce((sum, r) => sum + (r.durationSeconds ?? 0), 0) >= 90) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(items.reduce((sum, r) => sum + (r.bytesIn ?? 0), 0)).toBe(5_000_000);
    expect(items.reduce((sum, r) => sum + (r.bytesOut ?? 0), 0)).toBe(2_000_000);
    expect(items.reduce((sum, r) => sum + (r.durationSeconds ?? 0), 0)).toBe(90);
  });

  it('shows every accept and reject with its reason to support staff, and the counters on /metrics', async () => {
    await radtest({ address: '127.0.0.1', port: authPort }, SECRET, 'gabor.nagy@isp.example', 'whatever');
    let rejects: { reason: string | null; nasId: string }[] = [];
    for (const start = Date.now(); Date.now() - start < 2000 && rejects.length === 0; await new Promise((resolve) => setTimeout(resolve, 100))) {
      const response = await request(`/radius/auth-log?userName=${encodeURIComponent('gabor.nagy@isp.example')}&result=reject`);
      expect(response.status).toBe(200);
      rejects = ((await response.json()) as { items: typeof rejects }).items;
    }
    expect(rejects[0]).toMatchObject({ reason: 'unknown-user', nasId: 'BRAS-1' });
    // The user name as docs/radius.md's curl example types it, `@` not encoded.
    const james = (await (await request('/radius/auth-log?userName=james.oconnor@isp.example')).json()) as { items: { result: string; reason: string | null }[] };
    expect(james.items.map((e) => e.result)).toContain('accept');
    expect(james.items.map((e) => e.reason)).toContain('unknown-user');

    const metrics = await (await request('/metrics')).text();
    expect(metrics).toMatch(/billstream_radius_access_accepts_total\{nas="BRAS-1"\} [1-9]/);
    expect(metrics).toMatch(/billstream_radius_accounting_responses_total\{nas="BRAS-1"\} 4/);
    expect(metrics).toMatch(/billstream_radius_duplicates_total\{nas="BRAS-1"\} 0/);
  });

  it('stops on SIGTERM with exit status 0; then `billstream radius` alone answers over IPv6 and stops on SIGINT', async () => {
    serve.child.kill('SIGTERM');
    expect(await serve.exited).toBe(0);

    const radius = await startProcess(['--data', dataDir, 'radius', '--address', '::1', '--auth-port', '0', '--acct-port', '0', '--metrics-port', '0'], /billstream RADIUS metrics on http:\/\/127\.0\.0\.1:(\d+)\/metrics/);
    try {
      const [, authPort] = /billstream RADIUS listening on \[::1\]:(\d+) \(authentication\)/.exec(radius.output())!;
      const exchange = await radtest(`[::1]:${authPort}`, SECRET_V6, 'james.oconnor@isp.example', 'pw-james', { messageAuthenticator: true });
      expect(exchange.reply?.code).toBe('Access-Accept');
      // Its own counters, on its own metrics port (loopback by default).
      const metrics = await fetch(`http://127.0.0.1:${radius.match[1]}/metrics`);
      expect(metrics.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(await metrics.text()).toMatch(/billstream_radius_access_accepts_total\{nas="[^"]+"\} 1\n/);
      expect((await fetch(`http://127.0.0.1:${radius.match[1]}/clients`)).status).toBe(404);
      expect((await fetch(`http://127.0.0.1:${radius.match[1]}/metrics`, { method: 'POST', body: 'x' })).status).toBe(405);
      radius.child.kill('SIGINT');
      expect(await radius.exited).toBe(0);
      expect(radius.output()).toContain('stopping');
    } finally {
      if (radius.child.exitCode === null) radius.child.kill('SIGKILL');
    }
  }, 60_000);

  it('refuses bad flags as usage errors (exit status 2)', async () => {
    for (const args of [['radius', '--auth-port', 'x'], ['radius', '--address', 'not-an-ip'], ['radius', '--auth-port', '1812', '--acct-port', '1812'], ['serve', '--auth-port', '1812'], ['radius', 'extra'],
      ['radius', '--metrics-port', 'x'], ['radius', '--metrics-port', '9100', '--metrics-address', 'localhost'], ['radius', '--metrics-address', '127.0.0.1'], ['serve', '--metrics-port', '9100']]) {
      const run = await runBillstream(['--data', dataDir, ...args]);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toMatch(/^billstream: /);
    }
  }, 120_000);
});
