/** `billstream import nas FILE` as an operator runs it: a real process, a real data folder, the key file or BILLSTREAM_SECRET_KEY. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBillstream } from '../support/processes.ts';
import { temporaryDataDir } from '../support/billstream.ts';

describe('billstream import nas', () => {
  const dataDir = temporaryDataDir('billstream-nas-cli-');
  const file = path.join(temporaryDataDir('billstream-nas-cli-files-'), 'nas.csv');

  it('imports a file, prints file:line:column for each bad row and exits 1; creates secret.key (0600) on first use; the same file again is unchanged', async () => {
    fs.writeFileSync(file, [
      'nas_id,name,address,secret,require_message_authenticator',
      'bras-1,Budapest BRAS,192.0.2.10,cli-secret-one,yes',
      'bras-2,Bad address,192.0.2.999,cli-secret-two,auto',
      '',
    ].join('\n'));
    const first = await runBillstream(['--data', dataDir, 'import', 'nas', file]);
    expect(first.code).toBe(1);
    expect(first.stdout).toContain(`${file}: 1 created, 0 updated, 0 unchanged, 1 rejected`);
    expect(first.stderr).toContain(`${file}:3:3: address: "192.0.2.999" is not an IPv4 or IPv6 address or CIDR block`);
    expect(first.stdout + first.stderr).not.toMatch(/cli-secret/);
    expect(fs.statSync(path.join(dataDir, 'secret.key')).mode & 0o777).toBe(0o600);
    fs.writeFileSync(file, ['nas_id,name,address,secret', 'bras-1,Budapest BRAS,192.0.2.10,cli-secret-one', ''].join('\n'));
    const again = await runBillstream(['--data', dataDir, 'import', 'nas', file]);
    expect(again.code).toBe(0);
    // Without the require_message_authenticator column the stored yes stays: nothing changed.
    expect(again.stdout).toContain(`${file}: 0 created, 0 updated, 1 unchanged, 0 rejected`);
  });

  it('a malformed BILLSTREAM_SECRET_KEY stops the command with one line naming the setting, never the value', async () => {
    const run = await runBillstream(['--data', dataDir, 'import', 'nas', file], { env: { BILLSTREAM_SECRET_KEY: 'my-short-key' } });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/BILLSTREAM_SECRET_KEY must be 32 random bytes/);
    expect(run.stderr).not.toContain('my-short-key');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
