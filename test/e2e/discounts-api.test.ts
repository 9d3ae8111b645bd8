/** /discounts over REST: create, get, list by cursor, change with If-Match (a version, a revision, the end), history, the YAML import, roles and problems naming fields. */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../src/api/app.ts';
import type { Billstream } from '../../src/main.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { bootstrapAdminKey, issueApiKey } from '../../src/app/api-keys/service.ts';
import { openTestBillstream } from '../support/billstream.ts';
import { importCrmExamples } from '../support/crm-examples.ts';

const ADMIN = 'discounts-admin-key-0123456789abcdef';
const auth = { Authorization: `Bearer ${ADMIN}` };

const BUNDLE = {
  id: 'API-BUNDLE',
  name: { en: 'Bundle', hu: 'Csomag' },
  validFrom: '2026-01-01',
  validTo: null,
  scope: { clients: ['C-0001'] },
  kind: 'percentage',
  percent: '10',
  on: { charges: ['recurring'] },
  when: { categoriesActive: ['internet', 'voip', 'catv'] },
  priority: 10,
  group: null,
  cap: null,
};

describe('discount schemes over REST', () => {
  let billstream: Billstream;
  let app: Express;
  beforeAll(async () => {
    billstream = await openTestBillstream({ adminKey: ADMIN, clock: ManualClock.at('2026-10-12T00:00:00Z') });
    await bootstrapAdminKey(billstream);
    await importCrmExamples(billstream);
    app = await createApp(billstream, { validateResponses: true });
  }, 120_000);
  afterAll(() => billstream.close());

  it('creates a scheme, answers it with its ETag, and refuses to create it twice', async () => {
    const created = await request(app).post('/discounts').set(auth).send(BUNDLE).expect(201);
    expect(created.headers.etag).toBe('W/"0"');
    expect(created.headers.location).toBe('/discounts/API-BUNDLE');
    const { id: _id, ...version } = BUNDLE;
    expect(created.body).toEqual({ id: 'API-BUNDLE', name: BUNDLE.name, kind: 'percentage', revision: 0, versions: [{ ...version, contentHash: expect.any(String), publishedAt: '2026-10-12T00:00:00Z' }] });
    const got = await request(app).get('/discounts/API-BUNDLE').set(auth).expect(200);
    expect(got.body).toEqual(created.body);
    expect(got.headers.etag).toBe('W/"0"');

    const again = await request(app).post('/discounts').set(auth).send(BUNDLE).expect(409);
    expect(again.body.detail).toBe('discount scheme API-BUNDLE exists: change it with PUT /discounts/API-BUNDLE');
    await request(app).get('/discounts/NOPE').set(auth).expect(404);
  });

  it('refuses bad schemes with a problem naming each field', async () => {
    const over = await request(app).post('/discounts').set(auth).send({ ...BUNDLE, id: 'BAD-1', percent: '120', validTo: '2025-01-01' }).expect(422);
    expect(over.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(over.body.errors).toEqual([
      { field: 'validTo', message: '2025-01-01 is not after validFrom 2026-01-01 (validTo is the first day it no longer applies)' },
      { field: 'percent', message: '120 is over 100 (a percentage is from 0 to 100)' },
    ]);
    const fixed = await request(app).post('/discounts').set(auth).send({ ...BUNDLE, id: 'BAD-2', kind: 'fixed', percent: undefined, amount: '500' }).expect(422);
    expect(fixed.body.errors).toEqual([{ field: 'currency', message: 'is required' }]);
    const ghosts = await request(app).post('/discounts').set(auth).send({ ...BUNDLE, id: 'BAD-3', scope: { clients: ['C-0001', 'C-9999'], contracts: ['K-9999'], tariffs: ['NOPE'] } }).expect(422);
    expect(ghosts.body.errors).toEqual([
      { field: 'scope.clients[1]', message: 'client C-9999 does not exist' },
      { field: 'scope.contracts[0]', message: 'contract K-9999 does not exist' },
      { field: 'scope.tariffs[0]', message: 'tariff NOPE does not exist' },
    ]);
    const noId = await request(app).post('/discounts').set(auth).send({ ...BUNDLE, id: undefined }).expect(422);
    expect(noId.body.errors).toEqual([{ field: 'id', message: "is required: the new scheme's id" }]);
    // The spec's own checks: an unknown kind, an unknown condition, a JSON number for a percentage.
    const unknownKind = await request(app).post('/discounts').set(auth).send({ ...BUNDLE, id: 'BAD-4', kind: 'bogof' }).expect(400);
    expect(JSON.stringify(unknownKind.body.errors)).toContain('kind');
    const unknownCondition = await request(app).post('/discounts').set(auth).send({ ...BUNDLE, id: 'BAD-5', when: { birthday: true } }).expect(400);
    expect(JSON.stringify(unknownCondition.body.errors)).toContain('birthday');
    await request(app).post('/discounts').set(auth).send({ ...BUNDLE, id: 'BAD-6', percent: 10 }).expect(400);
    await request(app).get('/discounts/BAD-1').set(auth).expect(404);
  });

  it('changes a scheme with If-Match: a revision, a later version, the end with validTo; the history shows each', async () => {
    const { id: _id, ...body } = BUNDLE;
    const same = await request(app).put('/discounts/API-BUNDLE').set(auth).set('If-Match', 'W/"0"').send(body).expect(200);
    expect(same.headers.etag).toBe('W/"0"');

    const revised = await request(app).put('/discounts/API-BUNDLE').set(auth).set('If-Match', 'W/"0"').send({ ...body, percent: '12' }).expect(200);
    expect(revised.headers.etag).toBe('W/"1"');
    expect(revised.body.versions.map((v: { percent: string }) => v.percent)).toEqual(['12']);

    const stale = await request(app).put('/discounts/API-BUNDLE').set(auth).set('If-Match', 'W/"0"').send({ ...body, percent: '13' }).expect(412);
    expect(stale.body.status).toBe(412);

    const later = await request(app).put('/discounts/API-BUNDLE').set(auth).set('If-Match', 'W/"1"').send({ ...body, validFrom: '2026-07-01', percent: '15' }).expect(200);
    expect(later.body.versions.map((v: { validFrom: string; percent: string }) => [v.validFrom, v.percent])).toEqual([['2026-01-01', '12'], ['2026-07-01', '15']]);

    const ended = await request(app).put('/discounts/API-BUNDLE').set(auth).set('If-Match', later.headers.etag!).send({ ...body, validFrom: '2026-07-01', percent: '15', validTo: '2027-01-01' }).expect(200);
    expect(ended.body.versions[1]).toMatchObject({ validFrom: '2026-07-01', validTo: '2027-01-01' });
    expect(ended.headers.etag).toBe('W/"3"');

    const history = await request(app).get('/discounts/API-BUNDLE/history').set(auth).expect(200);
    expect(history.body.items.map((e: { type: string; data: { validFrom: string } }) => [e.type, e.data.validFrom])).toEqual([
      ['DiscountVersionPublished', '2026-01-01'],
      ['DiscountVersionPublished', '2026-01-01'],
      ['DiscountVersionPublished', '2026-07-01'],
      ['DiscountVersionPublished', '2026-07-01'],
    ]);

    const otherId = await request(app).put('/discounts/API-BUNDLE').set(auth).send({ ...body, id: 'OTHER' }).expect(422);
    expect(otherId.body.errors).toEqual([{ field: 'id', message: '"OTHER" is not the scheme of the path, API-BUNDLE (an id cannot change)' }]);
    await request(app).put('/discounts/NOPE').set(auth).send(body).expect(404);
    await request(app).get('/discounts/NOPE/history').set(auth).expect(404);
  });

  it('imports YAML (one scheme or a list), idempotently, and lists schemes by cursor and kind', async () => {
    const yaml = fs.readFileSync('examples/discounts/business.yaml', 'utf8');
    const first = await request(app).post('/discounts/import').set(auth).set('Content-Type', 'application/yaml').send(yaml).expect(200);
    expect(first.body).toEqual({ created: 2, updated: 0, unchanged: 0, rejected: 0, errors: [] });
    const again = await request(app).post('/discounts/import').set(auth).set('Content-Type', 'application/yaml').send(yaml).expect(200);
    expect(again.body).toEqual({ created: 0, updated: 0, unchanged: 2, rejected: 0, errors: [] });

    const bad = 'id: YAML-BAD\nname: Bad\nvalidFrom: 2026-01-01\nscope: { everyone: true }\nkind: percentage\npercent: "-1"\n';
    const rejected = await request(app).post('/discounts/import').set(auth).set('Content-Type', 'application/yaml').send(bad).expect(422);
    expect(rejected.body).toEqual({ created: 0, updated: 0, unchanged: 0, rejected: 1, errors: [{ line: 6, column: 10, reason: 'scheme YAML-BAD: percent: -1 is below 0 (a percentage is from 0 to 100)' }] });

    const page1 = await request(app).get('/discounts').query({ limit: 2 }).set(auth).expect(200);
    expect(page1.body.items.map((d: { id: string }) => d.id)).toEqual(['API-BUNDLE', 'BUSINESS-VOLUME']);
    const page2 = await request(app).get('/discounts').query({ limit: 2, after: page1.body.next }).set(auth).expect(200);
    expect(page2.body).toEqual({ items: [expect.objectContaining({ id: 'COMMIT-K-0023', kind: 'commitment' })], next: null });
    const volume = await request(app).get('/discounts').query({ kind: 'volume' }).set(auth).expect(200);
    expect(volume.body.items.map((d: { id: string }) => d.id)).toEqual(['BUSINESS-VOLUME']);
  });

  it('lets operators write and every staff role read; billing and partners may not write', async () => {
    const key = async (role: 'operator' | 'billing' | 'auditor' | 'partner') =>
      ({ Authorization: `Bearer ${(await issueApiKey(billstream, { name: role, roles: [role], tenantId: role === 'partner' ? 'P-RESELLER1' : null }, { commandId: `key-${role}`, actor: 'test' })).key}` });
    const operator = await key('operator');
    await request(app).post('/discounts').set(operator).send({ ...BUNDLE, id: 'BY-OPERATOR' }).expect(201);
    await request(app).post('/discounts').set(await key('billing')).send({ ...BUNDLE, id: 'BY-BILLING' }).expect(403);
    await request(app).get('/discounts/BY-OPERATOR').set(await key('auditor')).expect(200);
    await request(app).get('/discounts').set(await key('partner')).expect(403);
  });
});
