import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../src/api/app.ts';
import type { Billstream } from '../../src/main.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { bootstrapAdminKey } from '../../src/app/api-keys/service.ts';
import { openTestBillstream } from '../support/billstream.ts';

const ADMIN = 'usage-admin-key-0123456789';
const auth = { Authorization: `Bearer ${ADMIN}` };

describe('usage over REST', () => {
  let billstream: Billstream;
  let app: Express;
  beforeAll(async () => {
    billstream = await openTestBillstream({ adminKey: ADMIN, clock: ManualClock.at('2026-10-12T00:00:00Z') });
    await bootstrapAdminKey(billstream);
    app = await createApp(billstream, { validateResponses: true });
  });
  afterAll(() => billstream.close());

  it('records a JSON batch, counts duplicates, and points at the bad record by its index', async () => {
    const records = [
      { recordId: 'r1', source: 'sw1', identifier: '+3612345678', type: 'voice', startTime: '2026-10-11T08:15:00Z', durationSeconds: 60, calledNumber: '+4930123456' },
      { recordId: 'r1', source: 'sw1', identifier: '+3612345678', type: 'voice', startTime: '2026-10-11T08:15:00Z', durationSeconds: 60, calledNumber: '+4930123456' },
      { recordId: 'r2', source: 'sw1', identifier: '+3612345678', type: 'voice', startTime: '2026-10-11T08:15:00Z', durationSeconds: -1, calledNumber: '+4930123456' },
    ];
    const res = await request(app).post('/usage').set(auth).send({ records }).expect(422);
    expect(res.body).toEqual({
      created: 1, updated: 0, unchanged: 0, rejected: 1, duplicates: 1, changedDuplicates: 0, warnings: [], unresolved: 1, errors: [{ line: 3, column: 0, reason: 'durationSeconds: -1 is negative' }],
    });
    const again = await request(app).post('/usage').set(auth).send({ records: records.slice(0, 1) }).expect(200);
    expect(again.body).toMatchObject({ created: 0, duplicates: 1, changedDuplicates: 0, warnings: [] });
    // Sent again with another duration: still the first is kept, and the answer says so at the record's index.
    const changed = await request(app).post('/usage').set(auth).send({ records: [{ ...records[0], durationSeconds: 600 }] }).expect(200);
    expect(changed.body).toMatchObject({ created: 0, duplicates: 1, changedDuplicates: 1, warnings: [{ line: 1, column: 0, reason: 'durationSeconds: record r1 of sw1 was recorded before with duration_s 60; this row\'s 600 is ignored (the first is kept)' }] });
  });

  it('lists unresolved usage with its reason, and rates it again on request', async () => {
    const list = await request(app).get('/usage/unresolved').query({ reason: 'unknown-identifier' }).set(auth).expect(200);
    expect(list.body.items).toEqual([expect.objectContaining({ source: 'sw1', recordId: 'r1', reason: 'unknown-identifier', identifier: '+3612345678', type: 'voice' })]);
    const rerated = await request(app).post('/usage/rerate').set(auth).send({ unresolvedOnly: true }).expect(200);
    expect(rerated.body).toEqual({ selected: 1, resolved: 0, changed: 0, unchanged: 1, unresolved: 1 });
    const records = await request(app).get('/usage/records').query({ status: 'unresolved' }).set(auth).expect(200);
    expect(records.body.items.map((r: { recordId: string }) => r.recordId)).toEqual(['r1']);
    const rated = await request(app).get('/usage/records').query({ status: 'rated' }).set(auth).expect(200);
    expect(rated.body.items).toEqual([]);
    const all = await request(app).get('/usage/records').set(auth).expect(200);
    expect(all.body.items.map((r: { recordId: string }) => r.recordId)).toEqual(['r1']);
    // One item shape whatever the status filter: the record with its latest result.
    expect(records.body.items).toEqual(all.body.items);
    expect(records.body.items[0]).toMatchObject({ status: 'unresolved', reason: 'unknown-identifier', ratings: 1, subscriptionId: null });
  });

  it('publishes a tariff with its deck over REST and lists it', async () => {
    const tariff = fs.readFileSync('examples/tariffs/home-voip.yaml', 'utf8');
    const deck = fs.readFileSync('examples/tariffs/decks/voice-eur.csv', 'utf8');
    const missing = await request(app).post('/tariffs/import').set(auth).send({ tariff }).expect(422);
    expect(missing.body.errors[0].reason).toMatch(/decks\/voice-eur\.csv does not exist/);
    await request(app).post('/tariffs/import').set(auth).send({ tariff, decks: { 'decks/voice-eur.csv': deck } }).expect(200)
      .then((res) => expect(res.body).toMatchObject({ created: 1 }));
    const got = await request(app).get('/tariffs/HOME-VOIP').set(auth).expect(200);
    expect(got.body.versions[0]).toMatchObject({ validFrom: '2025-01-01', currency: 'EUR' });
    const list = await request(app).get('/tariffs').query({ category: 'voip' }).set(auth).expect(200);
    expect(list.body.items.map((t: { id: string }) => t.id)).toEqual(['HOME-VOIP']);
  });

  it('imports a usage.csv upload', async () => {
    const csv = 'record_id,source,identifier,type,start_time,duration_s,called_number,bytes_in,bytes_out,quantity\nc1,sw1,+3612345678,sms,2026-10-11T08:15:00Z,,,,,2\n';
    const res = await request(app).post('/usage/import').set(auth).set('Content-Type', 'text/csv').send(csv).expect(200);
    expect(res.body).toMatchObject({ created: 1, rejected: 0, duplicates: 0 });
  });

  it('lists the first 1,000 errors of a usage.csv upload, by line, and counts the others (errorsOmitted)', async () => {
    const header = 'record_id,source,identifier,type,start_time,duration_s,called_number,bytes_in,bytes_out,quantity\n';
    const rows = Array.from({ length: 2_500 }, (_, i) => `bad-${i},sw1,+3612345678,voice,2026-10-11T08:15:00Z,-1,+4930123456,,,\n`);
    const res = await request(app).post('/usage/import').set(auth).set('Content-Type', 'text/csv').send(header + rows.join('')).expect(422);
    expect(res.body).toMatchObject({ created: 0, rejected: 2_500, errorsOmitted: 1_500 });
    expect(res.body.errors).toHaveLength(1_000);
    expect(res.body.errors[0]).toEqual({ line: 2, column: 6, reason: 'duration_s: -1 is negative' });
    expect(res.body.errors.at(-1).line).toBe(1_001);
  });
});
