/** `billstream import nas` (nas.csv, FORMATS.md) on a real embedded store: good rows, every bad cell with its line and column, idempotent re-import, secrets sealed. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Billstream } from '../../src/main.ts';
import { importCsvEntities } from '../../src/import/bulk.ts';
import { readCsvFile } from '../../src/import/csv.ts';
import { nasFile } from '../../src/import/nas.ts';
import { loadNasClients } from '../../src/app/radius/nas.ts';
import { nasStream } from '../../src/domain/nas/decider.ts';
import { addressMatcher } from '../../src/domain/nas/address.ts';
import { SecretUnreadableError } from '../../src/app/secrets/secret-box.ts';
import { openTestBillstream, temporaryDataDir } from '../support/billstream.ts';

const HEADER = 'nas_id,name,address,secret,require_message_authenticator';

/** Every byte of every file of the data folder (event store, read store and their WALs). */
function storedBytes(dataDir: string): Buffer {
  return Buffer.concat(fs.readdirSync(dataDir).filter((name) => fs.statSync(path.join(dataDir, name)).isFile()).map((name) => fs.readFileSync(path.join(dataDir, name))));
}

describe('NAS import', () => {
  let billstream: Billstream;
  const dataDir = temporaryDataDir('billstream-nas-');
  const dir = temporaryDataDir('billstream-nas-files-');
  const write = (lines: string[]) => {
    const file = path.join(dir, 'nas.csv');
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    return file;
  };
  const load = (file: string, allOrNothing = false) => importCsvEntities(billstream, () => readCsvFile(file, nasFile.columns), nasFile, { actor: 'test' }, { allOrNothing });

  beforeAll(async () => {
    billstream = await openTestBillstream({ dataDir });
  });
  afterAll(() => billstream.close());

  const good = [
    HEADER,
    'bras-1,Budapest BRAS,192.0.2.10,s3cret-bras-one,yes',
    'wifi-1,WiFi controllers,10.20.0.0/16,s3cret-wifi-one,',
    'wifi-1a,WiFi floor 1,10.20.1.0/24,s3cret-wifi-floor,auto',
    'v6-gw,VoIP gateway,2001:DB8:0:0::7,"s3cret, with a comma",auto',
    'v6-net,Lab,2001:db8:abcd::/48,s3cret-lab,yes',
  ];

  it('imports every row with canonical addresses and auto as the default, secrets opened only for the server', async () => {
    expect(await load(write(good))).toEqual({ created: 5, updated: 0, unchanged: 0, rejected: 0, errors: [] });
    await billstream.catchUp();
    const clients = await loadNasClients(billstream);
    expect(clients.map((c) => [c.nasId, c.address, c.requireMessageAuthenticator, c.secret.toString()]).sort()).toEqual([
      ['bras-1', '192.0.2.10', 'yes', 's3cret-bras-one'],
      ['v6-gw', '2001:db8::7', 'auto', 's3cret, with a comma'],
      ['v6-net', '2001:db8:abcd::/48', 'yes', 's3cret-lab'],
      ['wifi-1', '10.20.0.0/16', 'auto', 's3cret-wifi-one'],
      ['wifi-1a', '10.20.1.0/24', 'auto', 's3cret-wifi-floor'],
    ]);
    // Overlapping blocks: the most specific wins; IPv4-mapped sources are their IPv4 address.
    const match = addressMatcher(clients.map((c) => ({ address: c.address, value: c.nasId })));
    expect([match('10.20.1.9'), match('10.20.2.9'), match('::ffff:10.20.1.9'), match('192.0.2.10'), match('192.0.2.11'), match('2001:db8:abcd:1::5'), match('2001:db8::7')])
      .toEqual(['wifi-1a', 'wifi-1', 'wifi-1a', 'bras-1', null, 'v6-net', 'v6-gw']);
  });

  it('the same file again changes nothing; a changed secret or name is one update, and the events hold only sealed secrets', async () => {
    expect(await load(write(good))).toEqual({ created: 0, updated: 0, unchanged: 5, rejected: 0, errors: [] });
    const changed = [...good];
    changed[1] = 'bras-1,Budapest BRAS,192.0.2.10,n3w-secret-bras,yes';
    changed[2] = 'wifi-1,WiFi controllers (all),10.20.0.0/16,s3cret-wifi-one,';
    expect(await load(write(changed))).toMatchObject({ created: 0, updated: 2, unchanged: 3, rejected: 0 });
    const events = await billstream.eventStore.readStream(nasStream('bras-1'));
    expect(events.map((e) => e.type)).toEqual(['NasRegistered', 'NasChanged']);
    expect(Object.keys((events[1]!.data as { changes: object }).changes)).toEqual(['secret']);
    expect((await billstream.eventStore.readStream(nasStream('wifi-1'))).map((e) => (e.data as { changes?: object }).changes).filter(Boolean)).toEqual([{ name: 'WiFi controllers (all)' }]);
    await billstream.catchUp();
    expect((await loadNasClients(billstream)).find((c) => c.nasId === 'bras-1')!.secret.toString()).toBe('n3w-secret-bras');
    const bytes = storedBytes(dataDir);
    for (const secret of ['s3cret-bras-one', 'n3w-secret-bras', 's3cret-wifi-one', 's3cret, with a comma', 's3cret-lab']) expect(bytes.includes(Buffer.from(secret)), secret).toBe(false);
  });

  it('rejects every kind of bad cell with its line and column, never repeating a secret, and keeps the good rows', async () => {
    const long = 'x'.repeat(129);
    const summary = await load(write([
      HEADER,
      'bad id!,Name,192.0.2.20,secret-a,yes',
      'n-2,,192.0.2.21,secret-b,yes',
      'n-3,Name,192.0.2.300,secret-c,yes',
      'n-4,Name,10.0.0.1/24,secret-d,yes',
      'n-5,Name,2001:db8::/129,secret-e,yes',
      'n-6,Name,192.0.2.26,,yes',
      `n-7,Name,192.0.2.27,${long},yes`,
      'n-8,Name,192.0.2.28,secret-h,sometimes',
      'n-9,Name,192.0.2.10,secret-i,yes',
      ',Name,192.0.2.30,secret-j,yes',
      'n-11,Name,192.0.2.31,secret-k,yes',
      'n-11,Name,192.0.2.32,secret-l,yes',
      'n-12,Name,192.0.2.40,secret-m,yes',
      'n-13,Name,192.0.2.40,secret-n,yes',
    ]));
    expect(summary.errors).toEqual([
      { line: 2, column: 1, reason: 'nas_id: "bad id!" is not a valid id (letters, digits, _ . : -, at most 64)' },
      { line: 3, column: 2, reason: 'name: is required' },
      { line: 4, column: 3, reason: expect.stringMatching(/^address: "192\.0\.2\.300" is not an IPv4 or IPv6 address/) },
      { line: 5, column: 3, reason: 'address: "10.0.0.1/24" has host bits set: the block is 10.0.0.0/24' },
      { line: 6, column: 3, reason: 'address: "2001:db8::/129": the prefix length must be 0 to 128' },
      { line: 7, column: 4, reason: 'secret: is required' },
      { line: 8, column: 4, reason: 'secret: is longer than 128 bytes (the RADIUS limit; the value is not repeated here)' },
      { line: 9, column: 5, reason: 'require_message_authenticator: must be yes or auto, not "sometimes"' },
      { line: 10, column: 3, reason: 'address: 192.0.2.10 is already the address of NAS bras-1' },
      { line: 11, column: 1, reason: 'nas_id: is required' },
      { line: 13, column: 1, reason: 'nas_id: n-11 appears twice in this file (first at line 12)' },
      { line: 15, column: 3, reason: 'address: 192.0.2.40 is already the address of NAS n-12' },
    ]);
    expect(summary).toMatchObject({ created: 2, rejected: 12 });
    expect(JSON.stringify(summary)).not.toContain(long);
    expect(JSON.stringify(summary)).not.toMatch(/secret-[a-n]/);
  });

  it('--all-or-nothing writes nothing when a row is bad', async () => {
    const before = await billstream.eventStore.headPosition();
    const summary = await load(write([HEADER, 'n-20,Fine,192.0.2.50,secret-fine,yes', 'n-21,Bad,not-an-ip,secret-bad,yes']), true);
    expect(summary).toMatchObject({ created: 0, rejected: 1 });
    expect(await billstream.eventStore.headPosition()).toBe(before);
  });

  it('a file without a required column is refused at its header', async () => {
    const summary = await load(write(['nas_id,name,address', 'n-30,No secret column,192.0.2.60']));
    expect(summary.rejected).toBe(1);
    expect(summary.errors[0]).toMatchObject({ line: 1, reason: expect.stringMatching(/secret/) });
  });

  it('under another key the secrets do not open: the error names every NAS affected; with onUnreadable the load reports them and goes on', async () => {
    await billstream.catchUp();
    const otherKey = { ...billstream, secrets: (await import('../../src/app/secrets/secret-box.ts')).secretBoxFrom({ dataDir: temporaryDataDir(), secretKey: 'c'.repeat(64) }) };
    const error = await loadNasClients(otherKey).catch((caught: unknown) => caught as Error);
    expect(error).toBeInstanceOf(SecretUnreadableError);
    expect((error as Error).message).toMatch(/^the secret of NAS bras-1, n-11, n-12, v6-gw, v6-net, wifi-1, wifi-1a cannot be decrypted: it was sealed with another key than the one in BILLSTREAM_SECRET_KEY/);
    const unreadable: string[] = [];
    expect(await loadNasClients(otherKey, { onUnreadable: (failure) => unreadable.push(failure.id) })).toEqual([]);
    expect(unreadable).toHaveLength(7);
    // Importing the file again under the new key seals the secrets with it.
    expect((await importCsvEntities(otherKey, () => readCsvFile(write(good.slice(0, 2)), nasFile.columns), nasFile, { actor: 'test' })).updated).toBe(1);
  });
});
