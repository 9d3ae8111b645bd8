/**
 * Subscribers' RADIUS credentials: service-points.csv's `password` column and
 * `PUT/DELETE /service-points/{id}/credentials` on a real store, what the RADIUS server loads,
 * and that neither responses, histories, the audit log nor the stored events hold a password.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../src/api/app.ts';
import type { Billstream } from '../../src/main.ts';
import { bootstrapAdminKey } from '../../src/app/api-keys/service.ts';
import { loadAllCredentials, loadCredential } from '../../src/app/radius/credentials.ts';
import { importCsvEntities } from '../../src/import/bulk.ts';
import { CSV_IMPORTS } from '../../src/import/crm-files.ts';
import { readCsv, textSource } from '../../src/import/csv.ts';
import { streams } from '../../src/domain/streams.ts';
import { importCrmExamples } from '../support/crm-examples.ts';
import { openTestBillstream, temporaryDataDir } from '../support/billstream.ts';

const ADMIN = 'credentials-admin-key-0123';
const admin = { Authorization: `Bearer ${ADMIN}` };
const HEADER = 'service_point_id,contract_id,identifiers,address_line1,city,postal_code,country,password';
const SP1 = 'SP-0001,K-0001,+3612345678;anna.kovacs@isp.example;00:1A:2B:3C:4D:5E,"Kossuth Lajos utca 12, 3. em. 7.",Budapest,1052,HU';
const SP3 = 'SP-0003,K-0003,gabor.nagy@isp.example;+3652412345,Petőfi Sándor utca 45,Debrecen,4024,HU';
const SP2 = 'SP-0002,K-0002,00:1A:2B:3C:4D:6F,Petőfi sétány 18,Siófok,8600,HU';
const PASSWORDS = ['anna-csv-pass-1', 'gabor-csv-pass-1', 'anna-rest-pass-2', 'anna-csv-pass-3', 'mac-only-pass'];

describe('RADIUS credentials of service points', () => {
  let billstream: Billstream;
  let app: Express;
  const dataDir = temporaryDataDir('billstream-credentials-');
  const keys: Record<string, { Authorization: string }> = {};
  const bodies: string[] = [];
  const seen = <T extends { text: string }>(res: T): T => {
    bodies.push(res.text);
    return res;
  };
  const importPoints = (lines: string[]) => {
    const spec = CSV_IMPORTS['service-points']!;
    return importCsvEntities(billstream, () => readCsv(textSource(`${lines.join('\n')}\n`), spec.columns), spec, { actor: 'test' });
  };

  beforeAll(async () => {
    billstream = await openTestBillstream({ adminKey: ADMIN, dataDir });
    await bootstrapAdminKey(billstream);
    await importCrmExamples(billstream);
    app = await createApp(billstream, { validateResponses: true });
    for (const role of ['operator', 'auditor']) {
      const created = await request(app).post('/api-keys').set(admin).send({ name: role, roles: [role] }).expect(201);
      keys[role] = { Authorization: `Bearer ${created.body.key as string}` };
    }
  });
  afterAll(() => billstream.close());

  it('service-points.csv with passwords: each sealed for the first user-name identifier, the same file again unchanged', async () => {
    const lines = [HEADER, `${SP1},${PASSWORDS[0]}`, `${SP3},${PASSWORDS[1]}`];
    expect(await importPoints(lines)).toEqual({ created: 0, updated: 2, unchanged: 0, rejected: 0, errors: [] });
    expect(await importPoints(lines)).toEqual({ created: 0, updated: 0, unchanged: 2, rejected: 0, errors: [] });
    await billstream.catchUp();
    const anna = await loadCredential(billstream, 'anna.kovacs@isp.example');
    expect(anna).toEqual({ servicePointId: 'SP-0001', password: Buffer.from(PASSWORDS[0]!) });
    expect(await loadCredential(billstream, '+3612345678')).toBeNull();
    expect(await loadCredential(billstream, 'nobody@isp.example')).toBeNull();
    const all = await loadAllCredentials(billstream);
    expect([...all.keys()].sort()).toEqual(['anna.kovacs@isp.example', 'gabor.nagy@isp.example']);
    expect(all.get('gabor.nagy@isp.example')!.password.toString()).toBe(PASSWORDS[1]);
    const events = await billstream.eventStore.readStream(streams.servicePoint('SP-0001'));
    expect(events.map((e) => e.type)).toEqual(['ServicePointRegistered', 'ServicePointCredentialsSet']);
    expect(Object.keys(events[1]!.data as object).sort()).toEqual(['sealed', 'servicePointId', 'userName']);
  });

  it('refuses a password over 128 bytes, and a password for a point without a user-name identifier, at the password column', async () => {
    const summary = await importPoints([HEADER, `${SP1},${'p'.repeat(129)}`, `${SP2},${PASSWORDS[4]}`]);
    expect(summary.errors).toEqual([
      { line: 2, column: 8, reason: 'password: is longer than 128 bytes (the RADIUS limit; the value is not repeated here)' },
      { line: 3, column: 8, reason: 'password: the service point has no identifier that is a RADIUS user name (neither an E.164 number nor a MAC address) to log in with' },
    ]);
    expect(JSON.stringify(summary)).not.toContain('ppppp');
  });

  it('PUT sets a password (operator), the response and GET show only the user name; a user name that is not the point\'s is 422', async () => {
    const set = seen(await request(app).put('/service-points/SP-0001/credentials').set(keys.operator!).send({ password: PASSWORDS[2] }).expect(200));
    expect(set.body).toEqual({ servicePointId: 'SP-0001', userName: 'anna.kovacs@isp.example', passwordSet: true });
    const read = seen(await request(app).get('/service-points/SP-0001/credentials').set(keys.auditor!).expect(200));
    expect(read.body).toEqual(set.body);
    await billstream.catchUp();
    expect((await loadCredential(billstream, 'anna.kovacs@isp.example'))!.password.toString()).toBe(PASSWORDS[2]);
    const notHers = seen(await request(app).put('/service-points/SP-0001/credentials').set(keys.operator!).send({ userName: 'gabor.nagy@isp.example', password: 'x-password' }).expect(422));
    expect(notHers.body.errors).toEqual([{ field: 'userName', message: expect.stringMatching(/^"gabor\.nagy@isp\.example" is not a user-name identifier of service point SP-0001/) }]);
    const number = seen(await request(app).put('/service-points/SP-0001/credentials').set(keys.operator!).send({ userName: '+36 1 234 5678', password: 'x-password' }).expect(422));
    expect(number.body.errors[0].field).toBe('userName');
    seen(await request(app).put('/service-points/SP-0001/credentials').set(keys.auditor!).send({ password: 'x-password' }).expect(403));
    seen(await request(app).put('/service-points/NOPE/credentials').set(keys.operator!).send({ password: 'x-password' }).expect(404));
    seen(await request(app).put('/service-points/SP-0001/credentials').set(keys.operator!).send({ password: '' }).expect(400));
    const stale = seen(await request(app).put('/service-points/SP-0001/credentials').set(keys.operator!).set('If-Match', 'W/"0"').send({ password: 'x-password' }).expect(412));
    expect(stale.body.detail).toMatch(/not 0/);
    // The point's ETag counts the credential changes, so its details can be replaced under If-Match after them.
    const point = seen(await request(app).get('/service-points/SP-0001').set(keys.operator!).expect(200));
    expect(point.headers.etag).toBe('W/"2"');
    const { id: _id, revision: _revision, createdAt: _created, updatedAt: _updated, clientId: _client, status: _status, statusReason: _reason, statusChangedAt: _since, ...details } = point.body;
    seen(await request(app).put('/service-points/SP-0001').set(keys.operator!).set('If-Match', point.headers.etag!).send({ ...details, externalId: 'EXT-SP1' }).expect(200));
  });

  it('the history and the audit log show that credentials were set, never the sealed password', async () => {
    const history = seen(await request(app).get('/service-points/SP-0001/history').set(keys.auditor!).expect(200));
    const set = history.body.items.filter((e: { type: string }) => e.type === 'ServicePointCredentialsSet');
    expect(set).toHaveLength(2);
    expect(set[1].data).toEqual({ servicePointId: 'SP-0001', userName: 'anna.kovacs@isp.example', sealed: 'withheld' });
    const log = seen(await request(app).get('/audit/events').query({ type: 'ServicePointCredentialsSet', limit: 100 }).set(keys.auditor!).expect(200));
    expect(log.body.items.length).toBe(3);
    for (const item of log.body.items as { data: { sealed: string } }[]) expect(item.data.sealed).toBe('withheld');
  });

  it('removing the user name from the identifiers ends the login; putting it back restores it; an empty password cell clears it', async () => {
    await importPoints([HEADER.replace(',password', ''), SP1.replace('anna.kovacs@isp.example;', '')]);
    await billstream.catchUp();
    expect(await loadCredential(billstream, 'anna.kovacs@isp.example')).toBeNull();
    await importPoints([HEADER.replace(',password', ''), SP1]);
    await billstream.catchUp();
    expect((await loadCredential(billstream, 'anna.kovacs@isp.example'))!.password.toString()).toBe(PASSWORDS[2]);
    // The file's password differs from the one PUT set: the file wins; then an empty cell clears it.
    expect(await importPoints([HEADER, `${SP1},${PASSWORDS[3]}`])).toMatchObject({ updated: 1 });
    await billstream.catchUp();
    expect((await loadCredential(billstream, 'anna.kovacs@isp.example'))!.password.toString()).toBe(PASSWORDS[3]);
    expect(await importPoints([HEADER, `${SP1},`])).toMatchObject({ updated: 1 });
    await billstream.catchUp();
    expect(await loadCredential(billstream, 'anna.kovacs@isp.example')).toBeNull();
    const view = seen(await request(app).get('/service-points/SP-0001/credentials').set(keys.operator!).expect(200));
    expect(view.body).toEqual({ servicePointId: 'SP-0001', userName: null, passwordSet: false });
  });

  it('DELETE clears the credentials (and again changes nothing)', async () => {
    await request(app).put('/service-points/SP-0003/credentials').set(keys.operator!).send({ password: PASSWORDS[1] }).expect(200);
    await request(app).delete('/service-points/SP-0003/credentials').set(keys.operator!).expect(204);
    await request(app).delete('/service-points/SP-0003/credentials').set(keys.operator!).expect(204);
    await request(app).delete('/service-points/SP-0003/credentials').set(keys.auditor!).expect(403);
    await billstream.catchUp();
    expect(await loadCredential(billstream, 'gabor.nagy@isp.example')).toBeNull();
    const types = (await billstream.eventStore.readStream(streams.servicePoint('SP-0003'))).map((e) => e.type);
    expect(types.filter((t) => t === 'ServicePointCredentialsCleared')).toHaveLength(1);
  });

  it('no response carried a password, clear or sealed; the SQLite events hold sealed values only', () => {
    const all = bodies.join('\n');
    for (const password of PASSWORDS) expect(all).not.toContain(password);
    expect(all).not.toMatch(/"v1:[A-Za-z0-9+/]{20,}/);
    const db = new Database(path.join(dataDir, 'events.db'), { readonly: true });
    try {
      const rows = db.prepare(`SELECT type, data FROM events WHERE type LIKE 'ServicePointCredentials%'`).all() as { type: string; data: string }[];
      expect(rows.length).toBeGreaterThanOrEqual(5);
      const text = rows.map((row) => row.data).join('\n');
      for (const password of PASSWORDS) expect(text).not.toContain(password);
      for (const row of rows.filter((r) => r.type === 'ServicePointCredentialsSet')) expect(JSON.parse(row.data).sealed).toMatch(/^v1:/);
    } finally {
      db.close();
    }
    const files = fs.readdirSync(dataDir).filter((name) => /\.db(-wal)?$/.test(name)).map((name) => fs.readFileSync(path.join(dataDir, name)));
    for (const password of PASSWORDS) expect(Buffer.concat(files).includes(Buffer.from(password)), password).toBe(false);
  });
});
