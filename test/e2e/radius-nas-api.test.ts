/** `/radius/nas` over REST on a real store, responses validated against openapi.yaml: create, list, change under If-Match, remove, roles, and never a secret in any response. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../src/api/app.ts';
import type { Billstream } from '../../src/main.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { bootstrapAdminKey } from '../../src/app/api-keys/service.ts';
import { loadNasClients } from '../../src/app/radius/nas.ts';
import { openTestBillstream, temporaryDataDir } from '../support/billstream.ts';
import { createHash } from 'node:crypto';
import { findAll } from '../../src/readstore/port.ts';
import { canonicalJson, IDEMPOTENCY_KEYS } from '../../src/api/idempotency.ts';

const ADMIN = 'nas-admin-key-0123456789';
const admin = { Authorization: `Bearer ${ADMIN}` };
const SECRETS = ['bras-secret-one', 'bras-secret-two', 'csv-secret-three', 'idem-secret-four'];

describe('NAS clients over REST', () => {
  let billstream: Billstream;
  let app: Express;
  const dataDir = temporaryDataDir('billstream-nas-api-');
  const clock = ManualClock.at('2026-03-01T08:00:00Z');
  const keys: Record<string, { Authorization: string }> = {};
  /** Every response body of the test, to check that none carries a secret. */
  const bodies: string[] = [];
  const seen = <T extends { text: string }>(res: T): T => {
    bodies.push(res.text);
    return res;
  };

  beforeAll(async () => {
    billstream = await openTestBillstream({ adminKey: ADMIN, clock, dataDir });
    await bootstrapAdminKey(billstream);
    app = await createApp(billstream, { validateResponses: true });
    for (const role of ['operator', 'auditor', 'billing']) {
      const created = await request(app).post('/api-keys').set(admin).send({ name: role, roles: [role] }).expect(201);
      keys[role] = { Authorization: `Bearer ${created.body.key as string}` };
    }
  });
  afterAll(() => billstream.close());

  it('an operator registers a NAS: 201 with ETag and Location, secretSet instead of the secret; an auditor reads it but may not create', async () => {
    const created = seen(await request(app).post('/radius/nas').set(keys.operator!).send({ id: 'bras-1', name: 'Budapest BRAS', address: '192.0.2.1', secret: SECRETS[0] }).expect(201));
    expect(created.body).toEqual({
      id: 'bras-1', name: 'Budapest BRAS', address: '192.0.2.1', requireMessageAuthenticator: 'auto', secretSet: true, revision: 0,
      createdAt: '2026-03-01T08:00:00Z', updatedAt: '2026-03-01T08:00:00Z',
    });
    expect(created.headers.etag).toBe('W/"0"');
    expect(created.headers.location).toBe('/radius/nas/bras-1');
    seen(await request(app).get('/radius/nas/bras-1').set(keys.auditor!).expect(200));
    const refused = seen(await request(app).post('/radius/nas').set(keys.auditor!).send({ id: 'x-1', name: 'x', address: '192.0.2.99', secret: 'nope-nope' }).expect(403));
    expect(refused.body.detail).toMatch(/operator/);
    await request(app).post('/radius/nas').set(keys.billing!).send({ id: 'x-1', name: 'x', address: '192.0.2.99', secret: 'nope-nope' }).expect(403);
    await request(app).delete('/radius/nas/bras-1').set(keys.auditor!).expect(403);
  });

  it('refuses bad input with 4xx naming the field, and a second NAS at the same address with 422', async () => {
    const badAddress = seen(await request(app).post('/radius/nas').set(admin).send({ id: 'n-2', name: 'n', address: '10.0.0.1/24', secret: 'abc-secret' }).expect(422));
    expect(badAddress.body.errors).toEqual([{ field: 'address', message: '"10.0.0.1/24" has host bits set: the block is 10.0.0.0/24' }]);
    const sameAddress = seen(await request(app).post('/radius/nas').set(admin).send({ id: 'n-2', name: 'n', address: '192.0.2.1/32', secret: 'abc-secret' }).expect(422));
    expect(sameAddress.body.errors).toEqual([{ field: 'address', message: '192.0.2.1 is already the address of NAS bras-1' }]);
    const longSecret = seen(await request(app).post('/radius/nas').set(admin).send({ id: 'n-2', name: 'n', address: '192.0.2.2', secret: 'é'.repeat(100) }).expect(422));
    expect(longSecret.body.errors).toEqual([{ field: 'secret', message: 'is longer than 128 bytes (the RADIUS limit; the value is not repeated here)' }]);
    const policy = seen(await request(app).post('/radius/nas').set(admin).send({ id: 'n-2', name: 'n', address: '192.0.2.2', secret: 'abc-secret', requireMessageAuthenticator: 'no' }).expect(400));
    expect(policy.body.errors[0].field).toMatch(/requireMessageAuthenticator/);
    const noSecret = seen(await request(app).post('/radius/nas').set(admin).send({ id: 'n-2', name: 'n', address: '192.0.2.2' }).expect(400));
    expect(noSecret.body.errors[0].field).toMatch(/secret/);
    seen(await request(app).post('/radius/nas').set(admin).send({ id: 'bras-1', name: 'again', address: '192.0.2.3', secret: 'abc-secret' }).expect(409));
  });

  it('changes a NAS under If-Match: the matching ETag succeeds, a stale one is 412; only the fields given change; a new secret is used by the server', async () => {
    clock.advance({ minutes: 5 });
    const changed = seen(await request(app).patch('/radius/nas/bras-1').set(keys.operator!).set('If-Match', 'W/"0"').send({ name: 'Budapest BRAS 1', secret: SECRETS[1] }).expect(200));
    expect(changed.body).toMatchObject({ id: 'bras-1', name: 'Budapest BRAS 1', address: '192.0.2.1', secretSet: true, revision: 1, updatedAt: '2026-03-01T08:05:00Z' });
    expect(changed.headers.etag).toBe('W/"1"');
    const stale = seen(await request(app).patch('/radius/nas/bras-1').set(keys.operator!).set('If-Match', 'W/"0"').send({ requireMessageAuthenticator: 'yes' }).expect(412));
    expect(stale.body.detail).toMatch(/revision 1, not 0/);
    seen(await request(app).patch('/radius/nas/bras-1').set(keys.operator!).send({ requireMessageAuthenticator: 'yes', address: '192.0.2.1/30' }).expect(422));
    const policy = seen(await request(app).patch('/radius/nas/bras-1').set(keys.operator!).send({ requireMessageAuthenticator: 'yes', address: '2001:DB8::1' }).expect(200));
    expect(policy.body).toMatchObject({ requireMessageAuthenticator: 'yes', address: '2001:db8::1', revision: 2 });
    // The same secret again is no change.
    const same = seen(await request(app).patch('/radius/nas/bras-1').set(keys.operator!).send({ secret: SECRETS[1] }).expect(200));
    expect(same.body.revision).toBe(2);
    seen(await request(app).patch('/radius/nas/nope').set(keys.operator!).send({ name: 'x' }).expect(404));
    seen(await request(app).patch('/radius/nas/bras-1').set(keys.operator!).send({}).expect(400));
    const [client] = await loadNasClients(billstream);
    expect(client!.secret.toString()).toBe(SECRETS[1]);
  });

  it('lists NAS clients in pages with a cursor, and filters by address', async () => {
    const csv = `nas_id,name,address,secret,require_message_authenticator\n${Array.from({ length: 4 }, (_, i) => `wifi-${i},WiFi ${i},10.30.${i}.0/24,${SECRETS[2]},auto`).join('\n')}\n`;
    const imported = seen(await request(app).post('/radius/nas/import').set(keys.operator!).set('Content-Type', 'text/csv').send(csv).expect(200));
    expect(imported.body).toMatchObject({ created: 4, rejected: 0 });
    const first = seen(await request(app).get('/radius/nas').query({ limit: 3 }).set(keys.billing!).expect(200));
    expect(first.body.items.map((n: { id: string }) => n.id)).toEqual(['bras-1', 'wifi-0', 'wifi-1']);
    expect(first.body.items.every((n: { secretSet: boolean }) => n.secretSet)).toBe(true);
    const second = seen(await request(app).get('/radius/nas').query({ limit: 3, after: first.body.next }).set(keys.billing!).expect(200));
    expect(second.body.items.map((n: { id: string }) => n.id)).toEqual(['wifi-2', 'wifi-3']);
    expect(second.body.next).toBeNull();
    const byAddress = seen(await request(app).get('/radius/nas').query({ address: '2001:db8:0::1' }).set(keys.auditor!).expect(200));
    expect(byAddress.body.items.map((n: { id: string }) => n.id)).toEqual(['bras-1']);
  });

  it('removes a NAS (If-Match checked): gone from reads and from the server, its history kept with secrets withheld', async () => {
    seen(await request(app).delete('/radius/nas/wifi-3').set(keys.operator!).set('If-Match', 'W/"7"').expect(412));
    await request(app).delete('/radius/nas/wifi-3').set(keys.operator!).set('If-Match', 'W/"0"').expect(204);
    seen(await request(app).get('/radius/nas/wifi-3').set(admin).expect(404));
    seen(await request(app).delete('/radius/nas/wifi-3').set(keys.operator!).expect(404));
    expect((await loadNasClients(billstream)).map((c) => c.nasId)).not.toContain('wifi-3');
    const history = seen(await request(app).get('/radius/nas/wifi-3/history').set(keys.auditor!).expect(200));
    expect(history.body.items.map((e: { type: string }) => e.type)).toEqual(['NasRegistered', 'NasRemoved']);
    expect(history.body.items[0].data).toMatchObject({ nasId: 'wifi-3', secret: 'withheld' });
    const bras = seen(await request(app).get('/radius/nas/bras-1/history').set(keys.auditor!).expect(200));
    expect(bras.body.items[1].data.changes).toEqual({ name: 'Budapest BRAS 1', secret: 'withheld' });
    // Registering the id again after removal starts it anew.
    const again = seen(await request(app).post('/radius/nas').set(keys.operator!).send({ id: 'wifi-3', name: 'WiFi 3 again', address: '10.30.3.0/24', secret: 'back-again-1' }).expect(201));
    expect(again.body.revision).toBe(2);
  });

  it('the audit log shows the NAS events with secrets withheld', async () => {
    const log = seen(await request(app).get('/audit/events').query({ category: 'nas', limit: 100 }).set(keys.auditor!).expect(200));
    expect(log.body.items.length).toBeGreaterThan(5);
    for (const item of log.body.items as { type: string; data: { secret?: string; changes?: { secret?: string } } }[]) {
      if (item.type === 'NasRegistered') expect(item.data.secret).toBe('withheld');
      if (item.data.changes?.secret !== undefined) expect(item.data.changes.secret).toBe('withheld');
    }
  });

  it('keeps of an idempotent request holding a secret only a fingerprint keyed by the secret key, which still tells a repeat from another body', async () => {
    const body = { id: 'bras-idem', name: 'Idempotent BRAS', address: '192.0.2.50', secret: SECRETS[3] };
    const first = seen(await request(app).post('/radius/nas').set(keys.operator!).set('Idempotency-Key', 'nas-idem-1').send(body).expect(201));
    const again = seen(await request(app).post('/radius/nas').set(keys.operator!).set('Idempotency-Key', 'nas-idem-1').send(body).expect(201));
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    seen(await request(app).post('/radius/nas').set(keys.operator!).set('Idempotency-Key', 'nas-idem-1').send({ ...body, secret: 'another-secret-5' }).expect(409));
    const stored = (await findAll<{ requestHash: string }>(billstream.readStore, IDEMPOTENCY_KEYS, {})).map((s) => s.requestHash);
    // The body as the handler reads it: the API's validator fills in the default policy.
    const received = canonicalJson({ ...body, requireMessageAuthenticator: 'auto' });
    expect(stored).toContain(`keyed:${billstream.secrets.digest('idempotent request', received)}`);
    expect(stored).not.toContain(createHash('sha256').update(received).digest('hex'));
  });

  it('no response of this test carried a secret, clear or sealed, and the stored files hold none in clear', () => {
    const all = bodies.join('\n');
    for (const secret of SECRETS) expect(all).not.toContain(secret);
    expect(all).not.toMatch(/"v1:[A-Za-z0-9+/]{20,}/);
    const stored = Buffer.concat(fs.readdirSync(dataDir).filter((name) => /\.db(-wal)?$/.test(name)).map((name) => fs.readFileSync(path.join(dataDir, name))));
    for (const secret of SECRETS) expect(stored.includes(Buffer.from(secret)), secret).toBe(false);
  });
});
