/**
 * `billstream cards …` and `billstream import cards` as an operator runs them: real processes on a
 * real data folder; PINs only in the 0600 file asked for; a voucher PIN from the environment,
 * never an argument; imported cards reported line by line.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { temporaryDataDir } from '../support/billstream.ts';
import { runBillstream } from '../support/processes.ts';
import { PREPAID_DECK, PREPAID_TARIFF } from '../support/prepaid.ts';

describe('billstream cards', () => {
  const dataDir = temporaryDataDir('billstream-cards-cli-');
  const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => runBillstream(['--data', dataDir, ...args], { env: { BILLSTREAM_VOUCHER_PIN: '', ...env } });
  const pinsFile = path.join(dataDir, 'pins.csv');
  const batchArgs = ['cards', 'create-batch', '--name', 'Kiosk', '--count', '4', '--face-value', '10.00', '--currency', 'EUR', '--tariff', 'PREPAID-EUR', '--valid-days', '30', '--serial-prefix', 'K', '--batch', 'B1'];
  let pins: Map<string, string>;

  beforeAll(async () => {
    fs.mkdirSync(path.join(dataDir, 'tariffs', 'decks'), { recursive: true });
    fs.writeFileSync(path.join(dataDir, 'tariffs', 'prepaid.yaml'), PREPAID_TARIFF);
    fs.writeFileSync(path.join(dataDir, 'tariffs', 'decks', 'prepaid.csv'), PREPAID_DECK);
    expect((await cli(['import', 'tariffs', path.join(dataDir, 'tariffs')])).code).toBe(0);
    const created = await cli([...batchArgs, '--out', pinsFile]);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toContain(`card batch B1: 4 cards of 10.00 EUR, PINs in ${pinsFile} (shown nowhere else)`);
    const lines = fs.readFileSync(pinsFile, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('serial,pin,card_id');
    pins = new Map(lines.slice(1).map((line) => line.split(',') as [string, string]).map(([serial, pin]) => [serial, pin]));
  }, 60_000);

  it('writes the PINs to a new file only readable by its owner, and nowhere else', async () => {
    expect(fs.statSync(pinsFile).mode & 0o777).toBe(0o600);
    expect([...pins.keys()]).toEqual(['K0001', 'K0002', 'K0003', 'K0004']);
    for (const pin of pins.values()) expect(pin).toMatch(/^\d{12}$/);
    const again = await cli([...batchArgs.slice(0, -2), '--batch', 'B2', '--out', pinsFile]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('exists; PINs are never written over another file');
    const nowhere = await cli([...batchArgs.slice(0, -2), '--batch', 'B3']);
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toContain('needs one of --out FILE');
    const list = await cli(['cards', 'list', '--batch', 'B1']);
    expect(list.stdout).toContain('4 cards');
    for (const pin of pins.values()) expect(list.stdout).not.toContain(pin);
  }, 60_000);

  it('activates, recharges by payment and by voucher, blocks, shows and lists', async () => {
    expect((await cli(['cards', 'activate', 'K0001'])).stdout).toMatch(/card K0001 \(.+\): active, balance 10.00 EUR, expires 2\d{3}-/);
    expect((await cli(['cards', 'recharge', 'K0001', '--amount', '5.00', '--currency', 'EUR', '--reference', 'CASH-1'])).stdout).toContain('balance 15.00 EUR');
    const voucher = await cli(['cards', 'recharge', 'K0001', '--voucher'], { BILLSTREAM_VOUCHER_PIN: pins.get('K0002')! });
    expect(voucher.stdout).toContain('balance 25.00 EUR');
    expect((await cli(['cards', 'block', 'K0003', '--reason', 'lost at the kiosk'])).stdout).toContain('blocked');
    const blocked = JSON.parse((await cli(['cards', 'list', '--status', 'blocked', '--json'])).stdout) as { serial: string; blockedReason: string }[];
    expect(blocked.map((c) => [c.serial, c.blockedReason])).toEqual([['K0003', 'lost at the kiosk']]);
    const shown = JSON.parse((await cli(['cards', 'show', 'K0002', '--json'])).stdout) as { status: string; balance: string; calls: unknown[] };
    expect(shown).toMatchObject({ status: 'redeemed', balance: '0.00', calls: [] });
  }, 60_000);

  it('refuses bad input with the reason and exit codes 2 (usage) and 4 (rule)', async () => {
    const decimals = await cli(['cards', 'recharge', 'K0001', '--amount', '5.555', '--currency', 'EUR', '--reference', 'x']);
    expect(decimals.code).toBe(4);
    expect(decimals.stderr).toContain("amount: 5.555 has more decimals than EUR's 2");
    const unknown = await cli(['cards', 'show', 'nope']);
    expect(unknown.code).toBe(4);
    expect(unknown.stderr).toContain('card nope does not exist');
    expect((await cli(['cards', 'recharge', 'K0001', '--amount', '5'])).code).toBe(2);
    expect((await cli(['cards', 'block', 'K0001'])).code).toBe(2);
    expect((await cli(['cards', 'list', '--status', 'lost'])).code).toBe(2);
    const badDate = await cli([...batchArgs.slice(0, -4), '--expires-on', '2026-02-30', '--out', path.join(dataDir, 'x.csv')]);
    expect(badDate.code).toBe(2);
  }, 60_000);

  it('imports cards with their own PINs into an imported batch, reporting each bad cell by line and column', async () => {
    const imported = await cli(['cards', 'create-batch', '--name', 'Printed elsewhere', '--count', '3', '--face-value', '5.00', '--currency', 'EUR', '--tariff', 'PREPAID-EUR', '--expires-on', '2027-12-31', '--time-zone', 'Europe/Budapest', '--batch', 'IMP', '--imported']);
    expect(imported.code).toBe(0);
    const file = path.join(dataDir, 'cards.csv');
    fs.writeFileSync(file, [
      'serial,pin,batch_id',
      'P-001,4711000001,IMP',
      'P-002,4711000002,IMP',
      'P-003,12ab,IMP',
      'P-001,4711000004,IMP',
      `P-005,${pins.get('K0004')},IMP`,
      'P-006,4711000006,B1',
      'P-007,4711000007,NOPE',
      'K0001,4711000008,IMP',
      'P-009,4711000009,IMP',
      'P-010,4711000010,IMP',
      '',
    ].join('\n'));
    const run = await cli(['import', 'cards', file]);
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([
      `${file}:4:2: pin: is not 6 to 20 digits`,
      `${file}:5:1: serial: P-001 appears twice in this file (first at line 2)`,
      `${file}:6:2: pin: another card has this PIN`,
      `${file}:7:3: batch_id: card batch B1 generated its own cards: import into a batch created with imported: true`,
      `${file}:8:3: batch_id: card batch NOPE does not exist (create it with imported: true first)`,
      `${file}:9:1: serial: K0001 is already the serial of a card of batch B1`,
      `${file}:11:3: batch_id: card batch IMP is full (count 3)`,
    ]);
    expect(run.stdout).toContain('3 created, 0 updated, 0 unchanged, 7 rejected');
    const again = await cli(['import', 'cards', file]);
    expect(again.stdout).toContain('0 created, 0 updated, 3 unchanged');
    const cards = JSON.parse((await cli(['cards', 'list', '--batch', 'IMP', '--json'])).stdout) as { serial: string; expiresAt: string; balance: string }[];
    // The end of 2027-12-31 in Budapest (UTC+1): 23:00 UTC.
    expect(cards.map((c) => [c.serial, c.balance, c.expiresAt])).toEqual([['P-001', '5.00', '2027-12-31T23:00:00.000Z'], ['P-002', '5.00', '2027-12-31T23:00:00.000Z'], ['P-009', '5.00', '2027-12-31T23:00:00.000Z']]);
  }, 60_000);
});
