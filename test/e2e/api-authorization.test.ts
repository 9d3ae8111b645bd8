/**
 * What a key may do is decided before what it sent is looked at: a key without the role gets
 * 403 whatever its body or query, on every operation of openapi.yaml, so a refused caller learns
 * nothing about the route's input and a malformed body is never what tells it "no".
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import { parse as parseYaml } from 'yaml';
import { createApp, OPENAPI_SPEC } from '../../src/api/app.ts';
import type { Billstream } from '../../src/main.ts';
import { bootstrapAdminKey, issueApiKey } from '../../src/app/api-keys/service.ts';
import { openTestBillstream } from '../support/billstream.ts';

const ADMIN = 'authz-admin-key-0123456789';
const METHODS = ['get', 'post', 'put', 'delete', 'patch'] as const;

describe('authorization before validation', () => {
  let billstream: Billstream;
  let app: Express;
  const keys: Record<string, string> = {};
  const admin = { Authorization: `Bearer ${ADMIN}` };

  beforeAll(async () => {
    billstream = await openTestBillstream({ adminKey: ADMIN });
    await bootstrapAdminKey(billstream);
    app = await createApp(billstream, { validateResponses: true });
    for (const role of ['billing', 'auditor', 'operator'] as const) {
      keys[role] = (await issueApiKey(billstream, { name: role, roles: [role] }, { commandId: `k-${role}`, actor: 'test' })).key;
    }
    await request(app).post('/clients').set(admin).send({ id: 'C-1', type: 'person', name: 'Anna', country: 'HU', language: 'hu', currency: 'HUF', timeZone: 'Europe/Budapest' }).expect(201);
    keys.client = (await issueApiKey(billstream, { name: 'client', roles: ['client'], clientId: 'C-1' }, { commandId: 'k-client', actor: 'test' })).key;
  });
  afterAll(() => billstream.close());

  it('answers a billing key 403 on POST /clients with an invalid body, and an operator key 400', async () => {
    const forbidden = await request(app).post('/clients').set('X-API-Key', keys.billing!).send({ id: 'C-2', shoeSize: 42 }).expect(403);
    expect(forbidden.type).toBe('application/problem+json');
    expect(forbidden.body).toMatchObject({ status: 403, type: '/problems/forbidden', detail: expect.stringMatching(/operator/) });
    const invalid = await request(app).post('/clients').set('X-API-Key', keys.operator!).send({ id: 'C-2', shoeSize: 42 }).expect(400);
    expect(invalid.body.errors.map((e: { field: string }) => e.field)).toContain('shoeSize');
  });

  it('answers 403 before any body, query or media type check on every operation a key has no role for', async () => {
    const spec = parseYaml(fs.readFileSync(OPENAPI_SPEC, 'utf8')) as { paths: Record<string, Record<string, unknown>> };
    const checked: string[] = [];
    for (const [specPath, operations] of Object.entries(spec.paths)) {
      if (specPath === '/health' || specPath.startsWith('/docs') || specPath === '/openapi.yaml') continue;
      const url = specPath.replace(/\{[^}]+\}/g, 'X-1');
      for (const method of METHODS) {
        if (!operations[method]) continue;
        // No route serves a client key yet: every operation refuses it. Auditors only read.
        const refusing = method === 'get' ? ['client'] : ['client', 'auditor'];
        for (const role of refusing) {
          // A query parameter no operation has, and a JSON body no operation accepts (also where it wants CSV or YAML).
          const res = await request(app)[method](`${url}?noSuchParameter=1`).set('X-API-Key', keys[role]!).set('Content-Type', 'application/json').send('{"nope": true}');
          // An operation the spec has before any route serves it (work in progress) is not about roles.
          if (res.status === 404 && /^no route /.test(String(res.body.detail))) continue;
          expect({ role, method, url, status: res.status }).toEqual({ role, method, url, status: 403 });
          expect(res.type).toBe('application/problem+json');
        }
        checked.push(`${method} ${specPath}`);
      }
    }
    expect(checked.length).toBeGreaterThan(40);
  });

  it('still validates every request of a key that has the role', async () => {
    const query = await request(app).get('/clients').query({ limit: 0 }).set('X-API-Key', keys.auditor!).expect(400);
    expect(query.body.errors[0].field).toBe('limit');
    await request(app).post('/clients/import').set('X-API-Key', keys.operator!).set('Content-Type', 'application/json').send('{"nope": true}').expect(415);
    await request(app).patch('/clients/C-1').set(admin).send({}).expect(405);
    await request(app).get('/nowhere').set('X-API-Key', keys.client!).expect(404);
  });
});
