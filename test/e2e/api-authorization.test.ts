/**
 * What a key may do is decided before what it sent is looked at: a key without the role gets
 * 403 whatever its body or query, on every operation of openapi.yaml, so a refused caller learns
 * nothing about the route's input and a malformed body is never what tells it "no".
 *
 * Which roles may call what is the table of test/e2e/route-roles.ts: every operation of the spec
 * is tried with a key of every role (an auditor trying every write, an accountant starting a bill
 * run or changing the CRM), and answers 403 exactly where the table says no. A role that may call
 * it gets the 400 of its unknown query parameter instead: nothing runs, nothing changes.
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
import type { Role } from '../../src/domain/api-key/events.ts';
import { READERS, rolesFor, ROUTE_ROLES } from './route-roles.ts';

const ADMIN = 'authz-admin-key-0123456789';
const METHODS = ['get', 'post', 'put', 'delete', 'patch'] as const;
const ROLES = ['admin', 'operator', 'billing', 'accountant', 'auditor', 'partner', 'client'] as const satisfies Role[];

/** Every operation of openapi.yaml that needs a key, as `method path`. */
function operations(): { method: (typeof METHODS)[number]; path: string }[] {
  const spec = parseYaml(fs.readFileSync(OPENAPI_SPEC, 'utf8')) as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(spec.paths)
    .filter(([path]) => path !== '/health' && !path.startsWith('/docs') && path !== '/openapi.yaml')
    .flatMap(([path, operations]) => METHODS.filter((method) => operations[method]).map((method) => ({ method, path })));
}

describe('authorization before validation', () => {
  let billstream: Billstream;
  let app: Express;
  const keys: Record<string, string> = {};
  const admin = { Authorization: `Bearer ${ADMIN}` };

  beforeAll(async () => {
    billstream = await openTestBillstream({ adminKey: ADMIN });
    await bootstrapAdminKey(billstream);
    app = await createApp(billstream, { validateResponses: true });
    keys.admin = ADMIN;
    for (const role of ['billing', 'auditor', 'operator', 'accountant'] as const) {
      keys[role] = (await issueApiKey(billstream, { name: role, roles: [role] }, { commandId: `k-${role}`, actor: 'test' })).key;
    }
    await request(app).post('/partners').set(admin).send({ id: 'P-1', name: 'Reseller' }).expect(201);
    await request(app).post('/clients').set(admin).send({ id: 'C-1', type: 'person', name: 'Anna', country: 'HU', language: 'hu', currency: 'HUF', timeZone: 'Europe/Budapest', partnerId: 'P-1' }).expect(201);
    keys.client = (await issueApiKey(billstream, { name: 'client', roles: ['client'], clientId: 'C-1' }, { commandId: 'k-client', actor: 'test' })).key;
    keys.partner = (await issueApiKey(billstream, { name: 'partner', roles: ['partner'], tenantId: 'P-1' }, { commandId: 'k-partner', actor: 'test' })).key;
  });
  afterAll(() => billstream.close());

  it('answers a billing key 403 on POST /clients with an invalid body, and an operator key 400', async () => {
    const forbidden = await request(app).post('/clients').set('X-API-Key', keys.billing!).send({ id: 'C-2', shoeSize: 42 }).expect(403);
    expect(forbidden.type).toBe('application/problem+json');
    expect(forbidden.body).toMatchObject({ status: 403, type: '/problems/forbidden', detail: expect.stringMatching(/operator/) });
    const invalid = await request(app).post('/clients').set('X-API-Key', keys.operator!).send({ id: 'C-2', shoeSize: 42 }).expect(400);
    expect(invalid.body.errors.map((e: { field: string }) => e.field)).toContain('shoeSize');
  });

  it('has a row of the roles table for every operation, and the table keeps the rules of the roles', () => {
    const undecided = operations().filter(({ method, path }) => !rolesFor(method, path)).map(({ method, path }) => `${method} ${path}`);
    // A new write route needs its row in test/e2e/route-roles.ts: who may call it is decided there.
    expect(undecided).toEqual([]);
    for (const { method, path } of operations()) {
      const { roles, anyone } = rolesFor(method, path)!;
      // Signing in and out changes no data of the business: the auditor signs in and out too.
      if (anyone) continue;
      // The auditor changes nothing, and reads whatever any staff role reads.
      if (method !== 'get') expect(roles, `${method} ${path}`).not.toContain('auditor');
      else if (roles.some((r) => (READERS as readonly string[]).includes(r))) expect(roles, `${method} ${path}`).toContain('auditor');
    }
    // The accountant records payments and write-offs and reads the journal; it runs no bill run and changes neither CRM nor tariffs.
    const accountantMay = (method: string, path: string) => rolesFor(method, path)!.roles.includes('accountant');
    expect(['post /payments', 'post /payments/import', 'post /payments/{paymentId}/allocations', 'post /payments/{paymentId}/refunds', 'post /invoices/{idOrNumber}/write-offs', 'get /accounting/journal', 'get /audit/events']
      .filter((op) => !accountantMay(...(op.split(' ') as [string, string])))).toEqual([]);
    expect(['post /bill-runs', 'post /bill-runs/{runId}/approve', 'post /bill-runs/{runId}/void', 'post /invoices/{idOrNumber}/credit-notes', 'post /clients', 'put /clients/{id}', 'post /contracts/import', 'post /tariffs/import', 'post /legal-entities']
      .filter((op) => accountantMay(...(op.split(' ') as [string, string])))).toEqual([]);
    expect(ROUTE_ROLES.at(-1)).toMatchObject({ method: 'get', path: '*' });
  });

  it('answers 403 before any body, query or media type check exactly where the roles table says no, on every operation, for every role', async () => {
    const answers: { role: string; method: string; path: string; outcome: string }[] = [];
    // Allowed: refused for its input (the unknown parameter, the JSON where it wants a file) before anything runs.
    const outcomeOf = (status: number) => (status === 403 ? 'forbidden' : status === 400 || status === 415 ? 'input refused' : `status ${status}`);
    const expected: typeof answers = [];
    for (const { method, path } of operations()) {
      const url = path.replace(/\{[^}]+\}/g, 'X-1');
      const row = rolesFor(method, path);
      if (!row) continue;
      for (const role of ROLES) {
        // A query parameter no operation has, and a JSON body no operation accepts (also where it wants CSV or YAML).
        const res = await request(app)[method](`${url}?noSuchParameter=1`).set('X-API-Key', keys[role]!).set('Content-Type', 'application/json').send('{"nope": true}');
        // An operation the spec has before any route serves it (work in progress) is not about roles.
        if (res.status === 404 && /^no route /.test(String(res.body.detail))) break;
        const may = role === 'admin' || row.roles.includes(role);
        answers.push({ role, method, path, outcome: outcomeOf(res.status) });
        expected.push({ role, method, path, outcome: may ? 'input refused' : 'forbidden' });
        expect(res.type).toBe('application/problem+json');
      }
    }
    expect(answers).toEqual(expected);
    expect(new Set(answers.map((a) => `${a.method} ${a.path}`)).size).toBeGreaterThan(80);
  }, 60_000); // every role on every operation: about 10 s on a quiet 2-core machine, twice that under load

  it('still validates every request of a key that has the role', async () => {
    const query = await request(app).get('/clients').query({ limit: 0 }).set('X-API-Key', keys.auditor!).expect(400);
    expect(query.body.errors[0].field).toBe('limit');
    await request(app).post('/clients/import').set('X-API-Key', keys.operator!).set('Content-Type', 'application/json').send('{"nope": true}').expect(415);
    await request(app).patch('/clients/C-1').set(admin).send({}).expect(405);
    await request(app).get('/nowhere').set('X-API-Key', keys.client!).expect(404);
  });
});
