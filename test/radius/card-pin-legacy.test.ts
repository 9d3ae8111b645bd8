/**
 * What was recorded before billstream kept card PINs out of RADIUS records is not shown: a card
 * session whose stored events carry the PIN as its user name reads `card:<cardId>` in the sessions'
 * view (rebuilt from those events), and a support log entry holding a PIN reads masked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Billstream } from '../../src/main.ts';
import { AUTH_LOG, AUTH_LOG_COLLECTION, findAuthLog, type AuthLogDocument } from '../../src/app/radius/auth-log.ts';
import { radiusSessionId, radiusSessionStream, type RadiusSessionStarted } from '../../src/domain/radius-session/events.ts';
import { RADIUS_SESSIONS, type RadiusSessionDocument } from '../../projections/radius-sessions.projection.ts';
import { openTestBillstream } from '../support/billstream.ts';

const PIN = '482913650274';
const metadata = { correlationId: 'c', causationId: null, tenantId: null, actor: 'nas:GW', recordedAt: '2026-12-07T10:00:00Z', schemaVersion: 1 };

describe('card sessions and support log entries recorded with the PIN', () => {
  let billstream: Billstream;
  beforeAll(async () => {
    billstream = await openTestBillstream();
  });
  afterAll(async () => {
    await billstream.close();
  });

  it('show the card instead in the sessions\' view', async () => {
    const sessionId = radiusSessionId('GW', 'call-1', PIN);
    const legacy: RadiusSessionStarted['data'] = {
      sessionId, nasId: 'GW', nasAddress: '127.0.0.1', acctSessionId: 'call-1', userName: PIN, startTime: '2026-12-07T10:00:00Z', at: '2026-12-07T10:00:00Z',
      owner: { cardId: 'CARD-1', reservationId: 'R-1' }, interimInterval: 60, callingStationId: null, calledStationId: '3612345678', framedIp: null,
    };
    const service = radiusSessionId('GW', 'dsl-1', '482913650275');
    await billstream.eventStore.append(radiusSessionStream(sessionId), [{ id: '0190f0a0-0000-7000-8000-000000000001', type: 'RadiusSessionStarted', data: legacy, metadata }], 'noStream');
    // A service point's session keeps its user name, whatever its form.
    await billstream.eventStore.append(radiusSessionStream(service), [{
      id: '0190f0a0-0000-7000-8000-000000000002', type: 'RadiusSessionStarted',
      data: { ...legacy, sessionId: service, acctSessionId: 'dsl-1', userName: '482913650275', owner: { servicePointId: 'SP-1', subscriptionId: 'S-1' } }, metadata,
    }], 'noStream');
    await billstream.catchUp();
    expect(((await billstream.readStore.get(RADIUS_SESSIONS, sessionId)) as RadiusSessionDocument).userName).toBe('card:CARD-1');
    expect(((await billstream.readStore.get(RADIUS_SESSIONS, service)) as RadiusSessionDocument).userName).toBe('482913650275');
  });

  it('show the support log entry masked, but a service point\'s user name as it is', async () => {
    await billstream.readStore.ensureCollection(AUTH_LOG_COLLECTION);
    const entry = (sequence: number, fields: Partial<AuthLogDocument>): AuthLogDocument => ({
      id: String(sequence).padStart(7, '0'), sequence, at: '2026-12-07T10:00:00.000Z', result: 'accept', reason: null, userName: PIN, nasId: 'GW',
      callingStationId: null, calledStationId: '3612345678', servicePointId: null, subscriptionId: null, cardId: null, ...fields,
    });
    await billstream.readStore.transact(async (uow) => {
      uow.put(AUTH_LOG, '0000000', entry(0, { cardId: 'CARD-1' }));
      uow.put(AUTH_LOG, '0000001', entry(1, { result: 'reject', reason: 'card-blocked' }));
      uow.put(AUTH_LOG, '0000002', entry(2, { userName: '3612345678', servicePointId: 'SP-2', subscriptionId: 'S-2' }));
      uow.put(AUTH_LOG, '0000003', entry(3, { userName: 'card:KD0001', cardId: 'CARD-2' }));
    });
    const shown = (await findAuthLog(billstream, {})).items.map((e) => e.userName);
    expect(shown).toEqual(['card:KD0001', '3612345678', '********0274', '********0274']);
  });
});
