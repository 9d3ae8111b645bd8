import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../src/api/app.ts';
import type { Billstream } from '../../src/main.ts';
import { bootstrapAdminKey, issueApiKey } from '../../src/app/api-keys/service.ts';
import { openTestBillstream } from '../support/billstream.ts';

const ADMIN = 'test-admin-key-0123456789';
const HU1 = {
  id: 'HU1',
  name: 'Példa Telekom Kft.',
  country: 'HU',
  vatId: 'HU12345676',
  address: { line1: 'Váci út 1', city: 'Budapest', postalCode: '1062' },
  currency: 'HUF',
  invoicePrefix: 'HU1',
};

describe('REST API', () => {
  let billstream: Billstream;
  let app: Express;
  let auditorKey: string;
  const admin = { Authorization: `Bearer ${ADMIN}` };

  beforeAll(async () => {
    billstream = await openTestBillstream({ adminKey: ADMIN });
    await bootstrapAdminKey(billstream);
    app = await createApp(billstream, { validateResponses: true });
    auditorKey = (await issueApiKey(billstream, { name: 'auditor', roles: ['auditor'] }, { commandId: 'k-auditor', actor: 'test' })).key;
  });
  afterAll(() => billstream.close());

  describe('authentication', () => {
    it('serves /health without a key', async () => {
      const res = await request(app).get('/health').expect(200);
      expect(res.body).toMatchObject({ status: 'ok', eventStore: 'ok', readStore: 'ok' });
    });

    it('answers 401 problem+json without a key, with an unknown key, and with a malformed header', async () => {
      for (const headers of [{}, { Authorization: 'Bearer nope' }, { 'X-API-Key': 'nope' }, { Authorization: 'Basic abc' }]) {
        const res = await request(app).get('/legal-entities').set(headers).expect(401);
        expect(res.type).toBe('application/problem+json');
        expect(res.body).toMatchObject({ status: 401, title: 'Unauthorized', type: '/problems/unauthorized' });
      }
      await request(app).get('/metrics').expect(401);
    });

    it('answers 403 to a valid key without the role, and writes nothing', async () => {
      const res = await request(app).post('/legal-entities').set('X-API-Key', auditorKey).send({ ...HU1, id: 'NOPE', invoicePrefix: 'NOPE' }).expect(403);
      expect(res.body.detail).toMatch(/operator/);
      await request(app).get('/legal-entities/NOPE').set(admin).expect(404);
      await request(app).get('/api-keys').set('X-API-Key', auditorKey).expect(403);
    });

    it('stops accepting a revoked key', async () => {
      const created = await request(app).post('/api-keys').set(admin).send({ name: 'temp', roles: ['operator'] }).expect(201);
      expect(created.body.key).toMatch(/^bsk_/);
      expect(created.body).not.toHaveProperty('secretHash');
      await request(app).get('/legal-entities').set('X-API-Key', created.body.key).expect(200);
      await request(app).delete(`/api-keys/${created.body.id}`).set(admin).expect(204);
      await request(app).get('/legal-entities').set('X-API-Key', created.body.key).expect(401);
    });

    it('refuses a partner key without its tenant', async () => {
      const res = await request(app).post('/api-keys').set(admin).send({ name: 'reseller', roles: ['partner'] }).expect(422);
      expect(res.body.errors).toEqual([{ field: 'tenantId', message: expect.stringMatching(/partner/) }]);
    });

    it('refuses a scope on a key whose roles do not read it: an operator key "for" a client or partner would see everything', async () => {
      await request(app).post('/partners').set(admin).send({ id: 'P-1', name: 'Reseller' }).expect(201);
      await request(app).post('/clients').set(admin).send({ id: 'C-1', type: 'person', name: 'Anna', country: 'DE', language: 'de', currency: 'EUR', timeZone: 'Europe/Berlin' }).expect(201);
      const forClient = await request(app).post('/api-keys').set(admin).send({ name: 'desk', roles: ['operator'], clientId: 'C-1' }).expect(422);
      expect(forClient.body.errors).toEqual([{ field: 'clientId', message: 'only a client key is scoped to a client: give the key the role client, or leave clientId out' }]);
      const forPartner = await request(app).post('/api-keys').set(admin).send({ name: 'desk', roles: ['billing'], tenantId: 'P-1' }).expect(422);
      expect(forPartner.body.errors).toEqual([{ field: 'tenantId', message: 'only a partner key is scoped to a partner: give the key the role partner, or leave tenantId out' }]);
    });
  });

  describe('bad input', () => {
    it('answers malformed JSON with 400 problem+json, nothing written', async () => {
      const res = await request(app).post('/legal-entities').set(admin).set('Content-Type', 'application/json').send('{"id": "X1", ').expect(400);
      expect(res.type).toBe('application/problem+json');
      expect(res.body.detail).toMatch(/not valid JSON/);
      await request(app).get('/legal-entities/X1').set(admin).expect(404);
    });

    it('names unknown fields and wrong types, nothing written', async () => {
      const res = await request(app)
        .post('/legal-entities')
        .set(admin)
        .send({ ...HU1, id: 'X2', invoicePrefix: 'X2', colour: 'red', country: 36, address: { line1: 'a', city: 'b', floor: 3 } })
        .expect(400);
      const fields = (res.body.errors as { field: string; message: string }[]).map((e) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['colour', 'country', 'address.floor']));
      expect(res.body.errors.find((e: { field: string }) => e.field === 'colour').message).toBe('unknown field');
      await request(app).get('/legal-entities/X2').set(admin).expect(404);
    });

    it('answers business rule violations with 422 naming the field', async () => {
      const res = await request(app).post('/legal-entities').set(admin).send({ ...HU1, id: 'X3', invoicePrefix: 'X3', vatId: 'HU123', currency: 'XYZ' }).expect(422);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['currency', 'vatId']);
    });

    it('answers unknown routes with 404 problem+json', async () => {
      const res = await request(app).get('/no-such-thing').set(admin).expect(404);
      expect(res.type).toBe('application/problem+json');
    });
  });

  describe('legal entities', () => {
    let etag: string;

    it('registers one, with ETag and Location, visible at once', async () => {
      const res = await request(app).post('/legal-entities').set(admin).send(HU1).expect(201);
      expect(res.headers.etag).toBe('W/"0"');
      expect(res.headers.location).toBe('/legal-entities/HU1');
      expect(res.body).toMatchObject({ ...HU1, externalId: null, revision: 0 });
      const got = await request(app).get('/legal-entities/HU1').set('X-API-Key', auditorKey).expect(200);
      expect(got.body).toEqual(res.body);
      etag = got.headers.etag!;
    });

    it('refuses a second entity with the same id or the same invoice prefix (409)', async () => {
      await request(app).post('/legal-entities').set(admin).send(HU1).expect(409);
      const res = await request(app).post('/legal-entities').set(admin).send({ ...HU1, id: 'HU2' }).expect(409);
      expect(res.body.detail).toMatch(/invoice prefix HU1 is already used by legal entity HU1/);
    });

    it('updates with If-Match and refuses a stale ETag with 412, writing nothing', async () => {
      const { id: _id, ...details } = HU1;
      const updated = await request(app).put('/legal-entities/HU1').set(admin).set('If-Match', etag).send({ ...details, name: 'Példa Telekom Zrt.' }).expect(200);
      expect(updated.headers.etag).toBe('W/"1"');
      expect(updated.body.name).toBe('Példa Telekom Zrt.');
      const stale = await request(app).put('/legal-entities/HU1').set(admin).set('If-Match', etag).send({ ...details, name: 'Lost update' }).expect(412);
      expect(stale.type).toBe('application/problem+json');
      const current = await request(app).get('/legal-entities/HU1').set(admin).expect(200);
      expect(current.body.name).toBe('Példa Telekom Zrt.');
      expect(current.body.revision).toBe(1);
    });

    it('keeps the full history with the actor of every change', async () => {
      const res = await request(app).get('/legal-entities/HU1/history').set('X-API-Key', auditorKey).expect(200);
      expect(res.body.items.map((e: { type: string }) => e.type)).toEqual(['LegalEntityRegistered', 'LegalEntityDetailsChanged']);
      expect(res.body.items[1].data.changes).toEqual({ name: 'Példa Telekom Zrt.' });
      const adminKeyId = (await request(app).get('/api-keys').set(admin)).body.items.find((k: { roles: string[]; name: string }) => k.name.includes('BILLSTREAM_ADMIN_KEY')).id;
      expect(res.body.items.every((e: { metadata: { actor: string } }) => e.metadata.actor === `apikey:${adminKeyId}`)).toBe(true);
    });

    it('replays a POST with the same Idempotency-Key and body, and refuses another body with 409', async () => {
      const body = { ...HU1, id: 'AT1', country: 'AT', vatId: 'ATU12345675', currency: 'EUR', invoicePrefix: 'AT1' };
      const first = await request(app).post('/legal-entities').set(admin).set('Idempotency-Key', 'key-1').send(body).expect(201);
      const again = await request(app).post('/legal-entities').set(admin).set('Idempotency-Key', 'key-1').send(body).expect(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers['idempotent-replayed']).toBe('true');
      const other = await request(app).post('/legal-entities').set(admin).set('Idempotency-Key', 'key-1').send({ ...body, name: 'Other' }).expect(409);
      expect(other.body.type).toBe('/problems/idempotency-key-reused');
      const history = await request(app).get('/legal-entities/AT1/history').set(admin).expect(200);
      expect(history.body.items.length).toBe(1);
    });

    it('pages with an opaque cursor and filters by country', async () => {
      const vatIds = ['DE123456712', 'DE123456729', 'DE123456737', 'DE123456745', 'DE123456753'];
      for (const n of [1, 2, 3, 4, 5]) {
        await request(app).post('/legal-entities').set(admin).send({ ...HU1, id: `DE${n}`, country: 'DE', vatId: vatIds[n - 1], currency: 'EUR', invoicePrefix: `DE${n}` }).expect(201);
      }
      const seen: string[] = [];
      let after: string | null = null;
      do {
        const res: request.Response = await request(app).get('/legal-entities').query({ country: 'DE', limit: 2, ...(after ? { after } : {}) }).set(admin).expect(200);
        expect(res.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...res.body.items.map((e: { id: string }) => e.id));
        after = res.body.next;
      } while (after);
      expect(seen).toEqual(['DE1', 'DE2', 'DE3', 'DE4', 'DE5']);
      await request(app).get('/legal-entities').query({ limit: 5000 }).set(admin).expect(400);
      await request(app).get('/legal-entities').query({ after: 'garbage' }).set(admin).expect(400);
    });

    it('imports legal-entities.yaml over REST, reporting bad entries by line and column', async () => {
      const yaml = [
        '- id: FR1',
        '  name: Exemple SAS',
        '  country: FR',
        '  vatId: FR11123456782',
        '  address: { line1: "1 rue de Rivoli", city: Paris, postalCode: "75001" }',
        '  currency: EUR',
        '  invoicePrefix: FR1',
        '- id: FR2',
        '  name: Broken',
        '  country: FR',
        '  address: { line1: "x", city: Paris }',
        '  currency: EUR',
        '  invoicePrefix: FR-2',
      ].join('\n');
      const res = await request(app).post('/legal-entities/import').set(admin).set('Content-Type', 'application/yaml').send(yaml).expect(422);
      expect(res.body).toEqual({ created: 1, updated: 0, unchanged: 0, rejected: 1, errors: [{ line: 13, column: 18, reason: expect.stringMatching(/^invoicePrefix:/) }] });
      const again = await request(app).post('/legal-entities/import').set(admin).set('Content-Type', 'application/yaml').send(yaml.split('\n').slice(0, 7).join('\n')).expect(200);
      expect(again.body).toMatchObject({ created: 0, unchanged: 1, rejected: 0 });
    });
  });

  describe('operations', () => {
    it('exposes Prometheus metrics', async () => {
      const res = await request(app).get('/metrics').set(admin).expect(200);
      expect(res.type).toBe('text/plain');
      expect(res.text).toMatch(/billstream_http_requests_total\{method="GET",route="\/legal-entities",status="200"\} \d+/);
      expect(res.text).toMatch(/billstream_consumer_checkpoint_position\{consumer="projection:legal-entities"\} \d+/);
    });

    it('serves interactive docs and the spec without a key', async () => {
      const page = await request(app).get('/docs').expect(200);
      expect(page.text).toContain('SwaggerUIBundle');
      await request(app).get('/docs/assets/swagger-ui-bundle.js').expect(200);
      const spec = await request(app).get('/openapi.yaml').expect(200);
      expect(spec.text).toContain('openapi: 3.1.0');
    });
  });
});
