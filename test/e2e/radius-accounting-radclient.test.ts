/**
 * RADIUS accounting driven by Debian's radclient against billstream's RADIUS server (issue 17,
 * "Tested against real peers"): Start / Interim-Update / Stop produce exactly the expected bytes,
 * a repeated Stop is answered and not counted twice, gigawords count 2^32 each, Accounting-On
 * closes the NAS's sessions, and a request missing what its status type needs gets no answer.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Billstream } from '../../src/main.ts';
import { saveNas } from '../../src/app/radius/nas.ts';
import { startRadiusServer, type RadiusServer } from '../../src/radius/server.ts';
import { encodeClass } from '../../src/radius/class.ts';
import { radiusSessionId } from '../../src/domain/radius-session/events.ts';
import { findAll } from '../../src/readstore/port.ts';
import { USAGE_RECORDS, type UsageRecordDocument } from '../../projections/usage-records.projection.ts';
import { RADIUS_SESSIONS, type RadiusSessionDocument } from '../../projections/radius-sessions.projection.ts';
import { openTestBillstream, temporaryDataDir } from '../support/billstream.ts';
import { radclient, radclientAvailable, RADCLIENT_SKIP_REASON, type RadiusRequestAttributes } from '../support/radclient.ts';
import { importAccountingFixtures } from './radius-accounting-fixtures.ts';

const SECRET = 'acct-secret-1';
const NAS = 'BRAS-1';
const CLASS = `0x${encodeClass({ servicePointId: 'SP-1', subscriptionId: 'S-1' }).toString('hex')}`;

describe.skipIf(!radclientAvailable())(`RADIUS accounting with radclient${radclientAvailable() ? '' : ` (skipped: ${RADCLIENT_SKIP_REASON})`}`, () => {
  let billstream: Billstream;
  let server: RadiusServer;
  const acct = () => ({ address: '127.0.0.1', port: server.acctPort });
  const report = (statusType: string, acctSessionId: string, fields: Record<string, string | number | bigint> = {}): RadiusRequestAttributes => ({
    'Acct-Status-Type': statusType, 'User-Name': 'anna', 'Acct-Session-Id': acctSessionId, 'NAS-Identifier': NAS, Class: CLASS, ...fields,
  });
  const recordsOf = async (acctSessionId: string, userName = 'anna') => {
    const prefix = `${radiusSessionId(NAS, acctSessionId, userName)}/`;
    return (await findAll<UsageRecordDocument>(billstream.readStore, USAGE_RECORDS, { subscriptionDay: { $prefix: 'S-1|' } })).filter((r) => r.recordId.startsWith(prefix));
  };
  const totals = (records: UsageRecordDocument[]) => [
    records.reduce((sum, r) => sum + Number(r.bytesIn), 0), records.reduce((sum, r) => sum + Number(r.bytesOut), 0), records.reduce((sum, r) => sum + Number(r.durationSeconds), 0),
  ];
  const sessionOf = async (acctSessionId: string) => (await billstream.readStore.get(RADIUS_SESSIONS, radiusSessionId(NAS, acctSessionId, 'anna'))) as RadiusSessionDocument;

  beforeAll(async () => {
    const dir = temporaryDataDir('billstream-radius-acct-');
    billstream = await openTestBillstream({ dataDir: path.join(dir, 'data') });
    await importAccountingFixtures(billstream, dir);
    await saveNas(billstream, { type: 'Register', id: NAS, details: { name: 'BRAS', address: '127.0.0.1', secret: '', requireMessageAuthenticator: 'auto', clearSecret: SECRET } }, { commandId: 'nas-1', actor: 'test' });
    await billstream.catchUp();
    billstream.startProcessing();
    server = await startRadiusServer(billstream, { address: '127.0.0.1', authPort: 0, acctPort: 0, log: () => undefined });
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await billstream?.close();
  });

  it('Start, Interim-Update and Stop produce exactly the expected bytes; a repeated Stop is answered and not counted twice', async () => {
    const result = await radclient(acct(), SECRET, 'acct', [
      report('Start', 'R-1'),
      report('Interim-Update', 'R-1', { 'Acct-Session-Time': 60, 'Acct-Input-Octets': 3_000_000, 'Acct-Output-Octets': 1_000_000 }),
      // 2^32 + 705,032,704 = 5,000,000,000 bytes in: the gigawords count.
      report('Interim-Update', 'R-1', { 'Acct-Session-Time': 120, 'Acct-Input-Octets': 705_032_704, 'Acct-Input-Gigawords': 1, 'Acct-Output-Octets': 2_000_000 }),
      report('Stop', 'R-1', { 'Acct-Session-Time': 150, 'Acct-Input-Octets': 705_032_704, 'Acct-Input-Gigawords': 1, 'Acct-Output-Octets': 2_500_000, 'Acct-Terminate-Cause': 'User-Request' }),
      // The NAS sends its Stop again (a new packet: Acct-Delay-Time changed).
      report('Stop', 'R-1', { 'Acct-Session-Time': 150, 'Acct-Input-Octets': 705_032_704, 'Acct-Input-Gigawords': 1, 'Acct-Output-Octets': 2_500_000, 'Acct-Terminate-Cause': 'User-Request', 'Acct-Delay-Time': 5 }),
    ]);
    expect(result.exchanges.map((e) => e.reply?.code), result.stderr).toEqual(Array(5).fill('Accounting-Response'));
    await billstream.catchUp();
    const records = await recordsOf('R-1');
    expect(records.map((r) => [r.durationSeconds, r.bytesIn, r.bytesOut]).sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!)).toEqual([
      [30, 0, 500_000], [60, 3_000_000, 1_000_000], [60, 4_997_000_000, 1_000_000],
    ]);
    expect(totals(records)).toEqual([5_000_000_000, 2_500_000, 150]);
    expect(await sessionOf('R-1')).toMatchObject({ online: false, closeReason: 'stop', terminateCause: 'User-Request', bytesIn: '5000000000', bytesOut: '2500000', sessionTime: 150, reports: 3 });
  });

  it('Accounting-On closes every open session of the NAS with its last counters', async () => {
    const result = await radclient(acct(), SECRET, 'acct', [
      report('Start', 'O-1'),
      report('Interim-Update', 'O-2', { 'Acct-Session-Time': 30, 'Acct-Input-Octets': 1_000, 'Acct-Output-Octets': 2_000 }),
    ]);
    expect(result.exchanges.map((e) => e.reply?.code)).toEqual(['Accounting-Response', 'Accounting-Response']);
    // The NAS restarted: the sessions it had are over (found through the sessions read model).
    await billstream.catchUp();
    const on = await radclient(acct(), SECRET, 'acct', { 'Acct-Status-Type': 'Accounting-On', 'NAS-Identifier': NAS });
    expect(on.exchanges[0]?.reply?.code).toBe('Accounting-Response');
    await billstream.catchUp();
    expect(await sessionOf('O-1')).toMatchObject({ online: false, closeReason: 'nas-reboot', bytesIn: '0', sessionTime: 0 });
    expect(await sessionOf('O-2')).toMatchObject({ online: false, closeReason: 'nas-reboot', bytesIn: '1000', bytesOut: '2000', sessionTime: 30 });
    expect(totals(await recordsOf('O-2'))).toEqual([1_000, 2_000, 30]);
  });

  it('an Interim-Update without Acct-Session-Time is not answered and records nothing (RFC 2866: not recorded, not acknowledged)', async () => {
    const result = await radclient(acct(), SECRET, 'acct', report('Interim-Update', 'X-1', { 'Acct-Input-Octets': 1_000 }), { timeout: 1 });
    expect(result.exchanges[0]?.reply).toBeNull();
    expect(server.counters.of(NAS).drops.get('bad-accounting-request')).toBe(1);
    await billstream.catchUp();
    expect(await billstream.readStore.get(RADIUS_SESSIONS, radiusSessionId(NAS, 'X-1', 'anna'))).toBeNull();
  });
});
