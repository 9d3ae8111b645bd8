/**
 * A session whose NAS stops reporting is closed as stale after three missed interims by the
 * RADIUS server's own timer: when every NAS has gone quiet (a power cut), no report arrives to
 * trigger the sweep, yet the sessions must not stay online for ever.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Billstream } from '../../src/main.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { saveNas } from '../../src/app/radius/nas.ts';
import { startRadiusServer, type RadiusServer } from '../../src/radius/server.ts';
import { encodeClass } from '../../src/radius/class.ts';
import { radiusSessionId } from '../../src/domain/radius-session/events.ts';
import { RADIUS_SESSIONS, type RadiusSessionDocument } from '../../projections/radius-sessions.projection.ts';
import { openTestBillstream, temporaryDataDir } from '../support/billstream.ts';
import { radclient, radclientAvailable, RADCLIENT_SKIP_REASON } from '../support/radclient.ts';
import { importAccountingFixtures } from './radius-accounting-fixtures.ts';

const SECRET = 'acct-secret-1';
const NAS = 'BRAS-1';

describe.skipIf(!radclientAvailable())(`stale RADIUS sessions${radclientAvailable() ? '' : ` (skipped: ${RADCLIENT_SKIP_REASON})`}`, () => {
  const clock = ManualClock.at('2026-10-14T09:00:00Z');
  let billstream: Billstream;
  let server: RadiusServer;
  const sessionOf = async (acctSessionId: string) => (await billstream.readStore.get(RADIUS_SESSIONS, radiusSessionId(NAS, acctSessionId, 'anna'))) as RadiusSessionDocument | null;

  beforeAll(async () => {
    const dir = temporaryDataDir('billstream-radius-stale-');
    billstream = await openTestBillstream({ dataDir: path.join(dir, 'data'), clock });
    await importAccountingFixtures(billstream, dir);
    await saveNas(billstream, { type: 'Register', id: NAS, details: { name: 'BRAS', address: '127.0.0.1', secret: '', requireMessageAuthenticator: 'auto', clearSecret: SECRET } }, { commandId: 'nas-1', actor: 'test' });
    await billstream.catchUp();
    billstream.startProcessing();
    server = await startRadiusServer(billstream, { address: '127.0.0.1', authPort: 0, acctPort: 0, log: () => undefined, staleSweepEveryMs: 20 });
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await billstream?.close();
  });

  it('closes a session that missed three interims (the tariff says 60 s) with no report arriving, with the counters it last reported', async () => {
    const Class = `0x${encodeClass({ servicePointId: 'SP-1', subscriptionId: 'S-1' }).toString('hex')}`;
    const common = { 'User-Name': 'anna', 'Acct-Session-Id': 'Q-1', 'NAS-Identifier': NAS, Class };
    const result = await radclient({ address: '127.0.0.1', port: server.acctPort }, SECRET, 'acct', [
      { ...common, 'Acct-Status-Type': 'Start' },
      { ...common, 'Acct-Status-Type': 'Interim-Update', 'Acct-Session-Time': 60, 'Acct-Input-Octets': 4_000, 'Acct-Output-Octets': 1_000 },
    ]);
    expect(result.exchanges.map((e) => e.reply?.code)).toEqual(['Accounting-Response', 'Accounting-Response']);
    await billstream.catchUp();
    expect(await sessionOf('Q-1')).toMatchObject({ online: true, bytesIn: '4000' });

    // Two missed interims: still online.
    clock.advance({ seconds: 150 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await billstream.catchUp();
    expect(await sessionOf('Q-1')).toMatchObject({ online: true });

    // The third missed: the timer closes it, though the NAS sends nothing more.
    clock.advance({ seconds: 60 });
    let session = await sessionOf('Q-1');
    for (const start = Date.now(); session?.online !== false && Date.now() - start < 10_000; session = await sessionOf('Q-1')) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      await billstream.catchUp();
    }
    expect(session).toMatchObject({ online: false, closeReason: 'stale', bytesIn: '4000', bytesOut: '1000', sessionTime: 60 });
  });
});
