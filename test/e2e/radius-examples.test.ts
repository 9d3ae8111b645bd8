/**
 * docs/radius.md "Try it with the examples", as a new user runs it: the examples imported with
 * the CLI, then examples/radius/ (the fibre tariffs with their radius section, three passwords, a
 * NAS on 127.0.0.1), `billstream radius` as a process, and radtest (Debian's freeradius-utils)
 * logging in with the documented user names and passwords.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runBillstream, TEST_ADMIN_KEY } from '../support/processes.ts';
import { temporaryDataDir } from '../support/billstream.ts';
import { radclientAvailable, radtest, RADCLIENT_SKIP_REASON } from '../support/radclient.ts';

const SECRET = 'testing123';

describe.skipIf(!radclientAvailable())(`the RADIUS examples${radclientAvailable() ? '' : ` (skipped: ${RADCLIENT_SKIP_REASON})`}`, () => {
  const dataDir = temporaryDataDir('billstream-radius-examples-');
  let child: ReturnType<typeof spawn> | undefined;
  let authPort = 0;

  beforeAll(async () => {
    const imports: [string, string][] = [
      ['legal-entities', 'examples/legal-entities.yaml'], ['partners', 'examples/partners.csv'], ['clients', 'examples/clients.csv'], ['contracts', 'examples/contracts.csv'],
      ['service-points', 'examples/service-points.csv'], ['tariffs', 'examples/tariffs'], ['subscriptions', 'examples/subscriptions.csv'],
      ['tariffs', 'examples/radius/tariffs'], ['service-points', 'examples/radius/service-points.csv'], ['nas', 'examples/radius/nas.csv'],
    ];
    const said: string[] = [];
    for (const [kind, file] of imports) {
      const run = await runBillstream(['--data', dataDir, 'import', kind, file], { env: { BILLSTREAM_ADMIN_KEY: TEST_ADMIN_KEY } });
      expect(run.code, `${kind}: ${run.stdout}${run.stderr}`).toBe(0);
      said.push(run.stdout);
    }
    // The radius files change the fibre tariffs' radius section and three points' passwords, nothing else.
    expect(said.slice(-3).join('')).toMatch(/2 updated, 0 unchanged, 0 rejected[\s\S]*3 updated, 0 unchanged, 0 rejected[\s\S]*1 created/);
    child = spawn(process.execPath, [BIN, '--data', dataDir, 'radius', '--address', '127.0.0.1', '--auth-port', '0', '--acct-port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    authPort = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`billstream radius did not start:\n${out}`)), 30_000);
      const onData = (chunk: Buffer) => {
        out += chunk.toString();
        const found = /listening on 127\.0\.0\.1:(\d+) \(authentication\).*, 1 NAS client\b/.exec(out);
        if (found) {
          clearTimeout(timer);
          resolve(Number(found[1]));
        }
      };
      child!.stdout!.on('data', onData);
      child!.stderr!.on('data', onData);
    });
  }, 180_000);

  afterAll(() => {
    child?.kill('SIGKILL');
  });

  it('lets the documented users in with their fibre tariff\'s limits, and refuses a wrong password', async () => {
    const server = { address: '127.0.0.1', port: authPort };
    const anna = await radtest(server, SECRET, 'anna.kovacs@isp.example', 'anna-fibre-100');
    expect(anna.reply?.code).toBe('Access-Accept');
    expect(anna.reply!.attributes).toMatchObject({
      'Mikrotik-Rate-Limit': '20M/100M', 'WISPr-Bandwidth-Max-Up': '20000000', 'WISPr-Bandwidth-Max-Down': '100000000',
      'Framed-Pool': 'fibre-pool', 'Acct-Interim-Interval': '300',
    });
    expect(Buffer.from(anna.reply!.attributes.Class!.replace(/^0x/, ''), 'hex').toString()).toBe('bs1:sp=SP-0001;sub=S-0001');
    const reka = await radtest(server, SECRET, 'reka.lakatos@isp.example', 'reka-fibre-1000');
    expect(reka.reply?.attributes['Mikrotik-Rate-Limit']).toBe('200M/1G');
    expect((await radtest(server, SECRET, 'gabor.nagy@isp.example', 'gabor-fibre-100')).reply?.code).toBe('Access-Accept');
    const wrong = await radtest(server, SECRET, 'anna.kovacs@isp.example', 'not-her-password');
    expect(wrong.reply?.code).toBe('Access-Reject');
    expect(wrong.reply?.attributes['Reply-Message']).toBe('Authentication failed');
  });
});
