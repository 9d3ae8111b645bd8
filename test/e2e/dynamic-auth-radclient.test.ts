/**
 * Blocking a service point end to end, with real peers: radclient (Debian's freeradius-utils) logs
 * the subscriber in and starts accounting through billstream's RADIUS server, an operator blocks
 * the point over REST, the NAS stand-in (a UDP listener, test/support/coa-nas.ts) receives the
 * Disconnect-Request for that session and acknowledges it, and the next login is rejected.
 * radclient sends from 127.0.0.1; the NAS is registered as the block 127.0.0.0/8 (as BRAS pools
 * often are), so the Disconnect-Request goes to the address the session reported from. Its
 * stand-in listens on a free port of 127.0.0.1, which the saga is given (the one per-call option
 * the port has).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Billstream } from '../../src/main.ts';
import { createApp } from '../../src/api/app.ts';
import { bootstrapAdminKey } from '../../src/app/api-keys/service.ts';
import { saveNas } from '../../src/app/radius/nas.ts';
import { credentialsOf, setCredentials } from '../../src/app/radius/credentials.ts';
import { importTariffs } from '../../src/import/tariffs.ts';
import { importCsvEntities } from '../../src/import/bulk.ts';
import { CSV_IMPORTS } from '../../src/import/crm-files.ts';
import { readCsv, textSource } from '../../src/import/csv.ts';
import { startRadiusServer, type RadiusServer } from '../../src/radius/server.ts';
import { RADIUS_CODES } from '../../src/radius/codec/packet.ts';
import { radiusSessionId } from '../../src/domain/radius-session/events.ts';
import { RADIUS_SESSIONS, type RadiusSessionDocument } from '../../projections/radius-sessions.projection.ts';
import { CheckpointedConsumer } from '../../src/processing/checkpointed-consumer.ts';
import { dynamicAuthorizationSaga } from '../../sagas/dynamic-authorization.saga.ts';
import { openTestBillstream, temporaryDataDir } from '../support/billstream.ts';
import { importCrmExamples, NETWORK_ACCESS_TARIFF } from '../support/crm-examples.ts';
import { radclient, radclientAvailable, radtest, RADCLIENT_SKIP_REASON } from '../support/radclient.ts';
import { startCoaNas, type CoaNas } from '../support/coa-nas.ts';

const SECRET = 'coa-e2e-secret';
const ADMIN = 'coa-e2e-admin-key-0123456789';
const context = (commandId: string) => ({ commandId, actor: 'test' });

const TARIFF = NETWORK_ACCESS_TARIFF;

describe.skipIf(!radclientAvailable())(`blocking a logged-in service point${radclientAvailable() ? '' : ` (skipped: ${RADCLIENT_SKIP_REASON})`}`, () => {
  let billstream: Billstream;
  let server: RadiusServer;
  let nas: CoaNas;
  let userName: string;

  beforeAll(async () => {
    billstream = await openTestBillstream({ adminKey: ADMIN });
    await bootstrapAdminKey(billstream);
    await importCrmExamples(billstream);
    const dir = temporaryDataDir('coa-tariff-');
    fs.writeFileSync(path.join(dir, 'net.yaml'), TARIFF);
    expect((await importTariffs(billstream, path.join(dir, 'net.yaml'), { actor: 'test' })).errors).toEqual([]);
    const spec = CSV_IMPORTS.subscriptions!;
    const subscriptions = 'subscription_id,service_point_id,tariff_id,start_date,end_date,quantity\nS-NET-1,SP-0001,NET-RADIUS,2025-03-01,,1\n';
    expect((await importCsvEntities(billstream, () => readCsv(textSource(subscriptions), spec.columns), spec, { actor: 'test' })).rejected).toBe(0);
    await setCredentials(billstream, 'SP-0001', { password: 'anna-pw' }, context('cred'));
    userName = (await credentialsOf(billstream, 'SP-0001')).userName!;
    await saveNas(billstream, { type: 'Register', id: 'BRAS-1', details: { name: 'BRAS', address: '127.0.0.0/8', secret: '', requireMessageAuthenticator: 'yes', clearSecret: SECRET } }, context('nas'));
    nas = await startCoaNas(Buffer.from(SECRET), { address: '127.0.0.1', port: 0 });
    // Not startProcessing(): serve's own saga would send to port 3799, where no stand-in listens here.
    await billstream.catchUp();
    server = await startRadiusServer(billstream, { address: '127.0.0.1', authPort: 0, acctPort: 0, log: () => undefined });
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await nas?.close();
    await billstream?.close();
  });

  it('disconnects the session at the NAS, records the ACK, and rejects the next login', async () => {
    const login = await radtest({ address: '127.0.0.1', port: server.authPort }, SECRET, userName, 'anna-pw');
    expect(login.reply?.code).toBe('Access-Accept');
    const classValue = login.reply!.attributes['Class']!;
    const start = await radclient({ address: '127.0.0.1', port: server.acctPort }, SECRET, 'acct', {
      'Acct-Status-Type': 'Start', 'User-Name': userName, 'Acct-Session-Id': 'BRAS-0001', 'NAS-IP-Address': '127.0.0.1',
      'Framed-IP-Address': '100.64.0.7', 'Calling-Station-Id': '00-1A-2B-3C-4D-5E', Class: classValue,
    });
    expect(start.exchanges[0]!.reply?.code).toBe('Accounting-Response');
    await billstream.catchUp();
    const sessionId = radiusSessionId('BRAS-1', 'BRAS-0001', userName);
    expect(await billstream.readStore.get(RADIUS_SESSIONS, sessionId)).toMatchObject({ online: true, servicePointId: 'SP-0001', nasAddress: '127.0.0.1' } satisfies Partial<RadiusSessionDocument>);

    const app = await createApp(billstream, { validateResponses: true });
    const auth = { Authorization: `Bearer ${ADMIN}` };
    await request(app).post('/service-points/SP-0001/block').set(auth).send({ reason: 'Fraud suspected: ticket 4711' }).expect(200);
    await new CheckpointedConsumer(billstream, dynamicAuthorizationSaga(billstream, { port: nas.port, timeoutMs: 500 }), { owner: 'test' }).waitFor();

    expect(nas.received).toHaveLength(1);
    expect(nas.received[0]).toMatchObject({ code: RADIUS_CODES.DisconnectRequest, authentic: true });
    expect(nas.received[0]!.attributes).toMatchObject({ 'NAS-IP-Address': '127.0.0.1', 'User-Name': userName, 'Acct-Session-Id': 'BRAS-0001', 'Framed-IP-Address': '100.64.0.7', 'Calling-Station-Id': '00-1A-2B-3C-4D-5E' });
    const disconnects = await request(app).get(`/radius/sessions/${sessionId}/disconnects`).set(auth).expect(200);
    expect(disconnects.body.items.map((e: { type: string; data: { outcome?: string } }) => [e.type, e.data.outcome])).toEqual([['RadiusDisconnectRequested', undefined], ['RadiusDisconnectSent', 'ack']]);

    await server.refreshed();
    const again = await radtest({ address: '127.0.0.1', port: server.authPort }, SECRET, userName, 'anna-pw');
    expect(again.reply?.code).toBe('Access-Reject');
    expect(again.reply?.attributes['Reply-Message']).toBe('This connection is blocked: contact customer service');
  }, 60_000);
});
