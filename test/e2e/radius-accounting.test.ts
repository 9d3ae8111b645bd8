/**
 * RADIUS accounting as usage (issue 17, "Done when": a session's bytes reach the invoice of its
 * cycle), on a real store: reports recorded through RadiusAccounting as the server records them,
 * the deltas as rated usage records, the sessions' read model, and a bill run.
 */
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Temporal } from 'temporal-polyfill';
import type { Billstream } from '../../src/main.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { approveBillRun, startBillRun } from '../../src/app/bill-run/issue.ts';
import { findInvoices } from '../../src/app/invoice/view.ts';
import { RadiusAccounting } from '../../src/app/radius/accounting.ts';
import type { AccountingInput } from '../../src/radius/accounting.ts';
import { radiusSessionId, radiusSessionStream } from '../../src/domain/radius-session/events.ts';
import { USAGE_RECORDS, type UsageRecordDocument } from '../../projections/usage-records.projection.ts';
import { RADIUS_SESSIONS, type RadiusSessionDocument } from '../../projections/radius-sessions.projection.ts';
import { findAll } from '../../src/readstore/port.ts';
import { createApp } from '../../src/api/app.ts';
import { bootstrapAdminKey } from '../../src/app/api-keys/service.ts';
import { openTestBillstream, temporaryDataDir } from '../support/billstream.ts';
import { importAccountingFixtures } from './radius-accounting-fixtures.ts';

const OWNER = { servicePointId: 'SP-1', subscriptionId: 'S-1' };

function input(statusType: AccountingInput['statusType'], fields: Partial<AccountingInput> = {}): AccountingInput {
  return {
    nasId: 'nas-1', nasAddress: '192.0.2.10', statusType, userName: 'anna', acctSessionId: 'A-1', eventTimestamp: null, sessionTime: null, delaySeconds: 0, inputOctets: null, outputOctets: null,
    gigawords: true, classValue: null, owner: OWNER, calledStationId: 'hotspot-1', callingStationId: '00:11:22:33:44:55', framedIp: '10.0.0.7', terminateCause: null, interimInterval: null,
    ...fields,
  };
}

const at = (iso: string) => Temporal.Instant.from(iso);
const ADMIN = 'radius-accounting-admin-key-0123456789';
const auth = { Authorization: `Bearer ${ADMIN}` };

describe('RADIUS accounting: sessions as usage, on the invoice of their cycle', () => {
  let billstream: Billstream;
  let accounting: RadiusAccounting;
  const clock = ManualClock.at('2026-10-14T09:00:00Z');
  const dir = temporaryDataDir('billstream-radius-accounting-');
  const recordsOf = async (sessionId: string) =>
    (await findAll<UsageRecordDocument>(billstream.readStore, USAGE_RECORDS, { subscriptionDay: { $prefix: 'S-1|' } })).filter((r) => r.recordId.startsWith(`${sessionId}/`));
  const total = (records: UsageRecordDocument[], field: 'bytesIn' | 'bytesOut' | 'durationSeconds') => records.reduce((sum, r) => sum + Number(r[field]), 0);

  beforeAll(async () => {
    billstream = await openTestBillstream({ dataDir: path.join(dir, 'data'), clock, adminKey: ADMIN });
    await bootstrapAdminKey(billstream);
    await importAccountingFixtures(billstream, dir);
    await billstream.catchUp();
    accounting = new RadiusAccounting(billstream);
  }, 60_000);
  afterAll(async () => billstream?.close());

  it('Start, interims and Stop record exactly the bytes of each interval; a repeated Stop and a late interim add nothing', async () => {
    await accounting.record(input('Start', { eventTimestamp: at('2026-10-14T10:00:00Z').epochMilliseconds / 1000 }), at('2026-10-14T10:00:01Z'));
    const interim1 = input('Interim-Update', { sessionTime: 60, inputOctets: 60_000_000n, outputOctets: 15_000_000n });
    await accounting.record(interim1, at('2026-10-14T10:01:00Z'));
    await accounting.record({ ...interim1, delaySeconds: 3 }, at('2026-10-14T10:01:03Z'));
    await accounting.record(input('Interim-Update', { sessionTime: 120, inputOctets: 100_000_000n, outputOctets: 20_000_000n }), at('2026-10-14T10:02:00Z'));
    const stop = input('Stop', { sessionTime: 150, inputOctets: 120_000_000n, outputOctets: 30_000_000n, terminateCause: 'User-Request' });
    await accounting.record(stop, at('2026-10-14T10:02:30Z'));
    await accounting.record({ ...stop, delaySeconds: 10 }, at('2026-10-14T10:02:40Z'));
    await accounting.record(input('Interim-Update', { sessionTime: 120, inputOctets: 100_000_000n, outputOctets: 20_000_000n }), at('2026-10-14T10:02:50Z'));
    await billstream.catchUp();

    const sessionId = radiusSessionId('nas-1', 'A-1', 'anna');
    const records = (await recordsOf(sessionId)).sort((a, b) => a.startTime.localeCompare(b.startTime));
    // Three intervals: 0-60 s (60 MB in, 15 MB out), 60-120 s (+40, +5), 120-150 s (+20, +10).
    expect(records.map((r) => [r.startTime, r.durationSeconds, r.bytesIn, r.bytesOut, r.quantity, r.status, r.source, r.identifier])).toEqual([
      ['2026-10-14T10:00:00Z', 60, 60_000_000, 15_000_000, '75', 'rated', 'radius', 'anna'],
      ['2026-10-14T10:01:00Z', 60, 40_000_000, 5_000_000, '45', 'rated', 'radius', 'anna'],
      ['2026-10-14T10:02:00Z', 30, 20_000_000, 10_000_000, '30', 'rated', 'radius', 'anna'],
    ]);
    expect([total(records, 'bytesIn'), total(records, 'bytesOut'), total(records, 'durationSeconds')]).toEqual([120_000_000, 30_000_000, 150]);

    const session = (await billstream.readStore.get(RADIUS_SESSIONS, sessionId)) as RadiusSessionDocument;
    expect(session).toMatchObject({
      online: false, closeReason: 'stop', terminateCause: 'User-Request', startTime: '2026-10-14T10:00:00Z', sessionTime: 150, bytesIn: '120000000', bytesOut: '30000000', reports: 3,
      servicePointId: 'SP-1', subscriptionId: 'S-1', interimInterval: 60, nasId: 'nas-1', userName: 'anna',
    });
  });

  it('over REST: the session with its reports, the sessions online and closed, and usage records with their bytes and duration', async () => {
    const app = await createApp(billstream, { validateResponses: true });
    const sessionId = radiusSessionId('nas-1', 'A-1', 'anna');
    const session = await request(app).get(`/radius/sessions/${sessionId}`).set(auth).expect(200);
    expect(session.body.reports.map((r: { statusType: string; delta: { seconds: number; bytesIn: string; bytesOut: string } }) => [r.statusType, r.delta.seconds, r.delta.bytesIn, r.delta.bytesOut])).toEqual([
      ['Interim-Update', 60, '60000000', '15000000'], ['Interim-Update', 60, '40000000', '5000000'], ['Stop', 30, '20000000', '10000000'],
    ]);
    const closed = await request(app).get('/radius/sessions').query({ online: false, nasId: 'nas-1', userName: 'anna' }).set(auth).expect(200);
    expect(closed.body.items.map((d: RadiusSessionDocument) => d.id)).toContain(sessionId);
    const online = await request(app).get('/radius/sessions').query({ online: true }).set(auth).expect(200);
    expect(online.body.items.map((d: RadiusSessionDocument) => d.id)).not.toContain(sessionId);
    await request(app).get('/radius/sessions/no-such-session').set(auth).expect(404);
    const usage = await request(app).get('/usage/records').query({ subscriptionId: 'S-1' }).set(auth).expect(200);
    expect(usage.body.items.map((r: UsageRecordDocument) => [r.bytesIn, r.bytesOut, r.durationSeconds])).toEqual([
      [60_000_000, 15_000_000, 60], [40_000_000, 5_000_000, 60], [20_000_000, 10_000_000, 30],
    ]);
  });

  it('reports of one session arriving together are all recorded, none lost (a queue per session)', async () => {
    const reports = [1, 2, 3, 4, 5].map((n) => input('Interim-Update', { acctSessionId: 'A-2', sessionTime: n * 60, inputOctets: BigInt(n) * 1_000_000n, outputOctets: BigInt(n) * 100_000n }));
    // In one turn, in a scrambled order, each twice.
    await Promise.all([...reports, ...reports].reverse().map((r, i) => accounting.record(r, at('2026-10-15T08:00:00Z').add({ seconds: i }))));
    await accounting.record(input('Stop', { acctSessionId: 'A-2', sessionTime: 330, inputOctets: 5_500_000n, outputOctets: 550_000n }), at('2026-10-15T08:06:00Z'));
    await billstream.catchUp();
    const records = await recordsOf(radiusSessionId('nas-1', 'A-2', 'anna'));
    expect([total(records, 'bytesIn'), total(records, 'bytesOut'), total(records, 'durationSeconds')]).toEqual([5_500_000, 550_000, 330]);
  });

  it('a report whose usage record would be refused (its session started before 2000 by an absurd Acct-Session-Time) is not stored: every retry stays unanswered, never acknowledged with its bytes lost', async () => {
    const stop = input('Stop', { acctSessionId: 'A-OLD', sessionTime: 2_000_000_000, inputOctets: 5_000_000n, outputOctets: 1_000n, eventTimestamp: at('2026-10-16T08:00:00Z').epochMilliseconds / 1000 });
    for (const attempt of [1, 2]) {
      await expect(accounting.record(stop, at('2026-10-16T08:00:00Z').add({ seconds: attempt })), `attempt ${attempt}`).rejects.toThrow(/usage record is not valid: startTime .* before 2000-01-01/);
    }
    await billstream.catchUp();
    expect(await billstream.eventStore.readStream(radiusSessionStream(radiusSessionId('nas-1', 'A-OLD', 'anna')))).toEqual([]);
  });

  it('Accounting-On closes every open session of that NAS with its last counters, and no other NAS\'s', async () => {
    const when = at('2026-10-16T08:00:00Z');
    await accounting.record(input('Interim-Update', { acctSessionId: 'B-1', sessionTime: 60, inputOctets: 1_000n, outputOctets: 2_000n }), when);
    await accounting.record(input('Start', { acctSessionId: 'B-2', userName: 'bert' }), when);
    await accounting.record(input('Start', { acctSessionId: 'B-3', nasId: 'nas-2' }), when);
    await billstream.catchUp();
    // A fresh instance (a restarted server): the open sessions are found through the read model.
    const restarted = new RadiusAccounting(billstream);
    await restarted.record(input('Accounting-On', { userName: null, acctSessionId: null, owner: null }), at('2026-10-16T08:05:00Z'));
    await billstream.catchUp();
    const state = async (nasId: string, acctSessionId: string, userName = 'anna') => {
      const d = (await billstream.readStore.get(RADIUS_SESSIONS, radiusSessionId(nasId, acctSessionId, userName))) as RadiusSessionDocument;
      return [d.online, d.closeReason, d.bytesIn, d.bytesOut, d.sessionTime];
    };
    expect(await state('nas-1', 'B-1')).toEqual([false, 'nas-reboot', '1000', '2000', 60]);
    expect(await state('nas-1', 'B-2', 'bert')).toEqual([false, 'nas-reboot', '0', '0', 0]);
    expect(await state('nas-2', 'B-3')).toEqual([true, null, '0', '0', 0]);
  });

  it('a session without a report for three interim intervals (the tariff\'s 60 s) is closed as stale, not before', async () => {
    await accounting.record(input('Start', { acctSessionId: 'C-1' }), at('2026-10-17T08:00:00Z'));
    expect(await accounting.closeStaleSessions(at('2026-10-17T08:02:59Z'))).toBe(0);
    expect(await accounting.closeStaleSessions(at('2026-10-17T08:03:00Z'))).toBeGreaterThanOrEqual(1);
    await billstream.catchUp();
    const d = (await billstream.readStore.get(RADIUS_SESSIONS, radiusSessionId('nas-1', 'C-1', 'anna'))) as RadiusSessionDocument;
    expect([d.online, d.closeReason, d.closedAt]).toEqual([false, 'stale', '2026-10-17T08:03:00Z']);
  });

  it('a session whose NAS sends no Class gets the interim interval of its user name\'s subscription with network access (the tariff\'s 60 s), not the default 300 s', async () => {
    await accounting.record(input('Start', { acctSessionId: 'C-2', owner: null }), at('2026-10-17T09:00:00Z'));
    expect(await accounting.closeStaleSessions(at('2026-10-17T09:02:59Z'))).toBe(0);
    expect(await accounting.closeStaleSessions(at('2026-10-17T09:03:00Z'))).toBeGreaterThanOrEqual(1);
    await billstream.catchUp();
    const d = (await billstream.readStore.get(RADIUS_SESSIONS, radiusSessionId('nas-1', 'C-2', 'anna'))) as RadiusSessionDocument;
    expect([d.online, d.closeReason, d.interimInterval]).toEqual([false, 'stale', 60]);
  });

  it('the sessions\' bytes are on the invoice of their cycle', async () => {
    clock.advance({ hours: 20 * 24 });
    const { runId } = await startBillRun(billstream, { asOf: '2026-11-01' }, { commandId: 'run-1', actor: 'test' });
    await billstream.catchUp();
    await approveBillRun(billstream, runId, { includeHeld: false, issueDate: '2026-11-02' }, { commandId: 'approve-1', actor: 'test' });
    await billstream.catchUp();
    const [invoice] = (await findInvoices(billstream.readStore, { contractId: 'K-1' })).filter((i) => i.period.start === '2026-10-01');
    // Session A-1: 150 MB; A-2: 6.05 MB; B-1: 0.003 MB: 156.053 MB * 0.10 = 15.6053 -> 15.61.
    expect(invoice!.lines.map((l) => [l.code, l.net])).toEqual([['USAGE-DATA', '15.61']]);
  });
});
