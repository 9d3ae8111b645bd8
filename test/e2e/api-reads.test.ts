/**
 * What the faster reads (issue 10) must not change: every request authenticated and role-checked,
 * a revoked key refused on the next request (also when another process revoked it), requests
 * validated and responses not (in production), and lists, cursors, ETags, problem+json and
 * routing exactly as before.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { execFile } from 'node:child_process';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import { OPENAPI_SPEC, cacheValidatorRouteExpressions, createApp, lookUpValidatorRoutesByFirstSegment } from '../../src/api/app.ts';
import { REQUEST_VALIDATION } from '../../src/api/auth.ts';
import type { Billstream } from '../../src/main.ts';
import { bootstrapAdminKey, issueApiKey } from '../../src/app/api-keys/service.ts';
import { API_KEYS } from '../../projections/api-keys.projection.ts';
import { openTestBillstream, temporaryDataDir } from '../support/billstream.ts';
import { ManualClock } from '../../src/core/clock.ts';
import type { Filter } from '../../src/readstore/port.ts';
import { importLegalEntities } from '../../src/import/legal-entities.ts';
import { importTariffs } from '../../src/import/tariffs.ts';
import { importCsvEntities } from '../../src/import/bulk.ts';
import { CSV_IMPORTS } from '../../src/import/crm-files.ts';
import { readCsv, textSource } from '../../src/import/csv.ts';
import { FX_RATE_COLUMNS, importFxRates } from '../../src/import/fx-rates.ts';
import { invoiceView, withBodies, withPaymentStatus } from '../../src/app/invoice/view.ts';
import { INVOICES, type InvoiceDocument } from '../../projections/invoices.projection.ts';
import { generate } from '../../tools/generate.ts';

const ADMIN = 'reads-admin-key-0123456789';
const admin = { Authorization: `Bearer ${ADMIN}` };
const BIN = path.resolve('bin/billstream');

function cli(dataDir: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, '--data', dataDir, ...args], (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const client = (id: string, name: string) => ({
  id, type: 'person', name, country: 'HU', language: 'hu', currency: 'HUF', timeZone: 'Europe/Budapest',
  email: `${id.toLowerCase()}@example.hu`, address: { line1: 'Fő utca 1', city: 'Budapest', postalCode: '1011' },
});

describe('REST reads', () => {
  const dataDir = temporaryDataDir('billstream-reads-');
  let billstream: Billstream;
  let app: Express;
  let production: Express;

  beforeAll(async () => {
    billstream = await openTestBillstream({ adminKey: ADMIN, dataDir });
    await bootstrapAdminKey(billstream);
    // As `serve` runs: projections live in this process, so a CLI on the same folder waits for them.
    billstream.startProcessing();
    app = await createApp(billstream, { validateResponses: true });
    production = await createApp(billstream);
    await request(app).post('/legal-entities').set(admin).send({
      id: 'HU1', name: 'Példa Telekom Kft.', country: 'HU', vatId: 'HU12345676', address: { line1: 'Váci út 1', city: 'Budapest' }, currency: 'HUF', invoicePrefix: 'HU1',
    }).expect(201);
    for (const [id, name] of [['C-1', 'Kovács Anna'], ['C-2', 'Nagy Péter'], ['C-3', 'Szőke Ödön'], ['C-4', 'Tóth Éva'], ['C-5', 'Új "Idézet" \\ Kft.']]) {
      await request(app).post('/clients').set(admin).send(client(id!, name!)).expect(201);
    }
    await request(app).post('/contracts').set(admin).send({ id: 'K-1', clientId: 'C-1', legalEntityId: 'HU1', startDate: '2026-01-01' }).expect(201);
    await request(app).post('/contracts').set(admin).send({ id: 'K-2', clientId: 'C-1', legalEntityId: 'HU1', startDate: '2026-02-01' }).expect(201);
  });
  afterAll(() => billstream.close());

  describe('authentication', () => {
    it('looks a key up once while the keys read model is unchanged, and refuses it on the request after its revocation', async () => {
      const { key, document } = await issueApiKey(billstream, { name: 'desk', roles: ['operator'] }, { commandId: 'k-desk', actor: 'test' });
      const find = vi.spyOn(billstream.readStore, 'find');
      const keyLookups = () => find.mock.calls.filter(([collection]) => collection === API_KEYS).length;
      try {
        await request(production).get('/clients').set('X-API-Key', key).expect(200);
        const first = keyLookups();
        expect(first).toBe(1);
        for (let i = 0; i < 5; i++) await request(production).get('/clients').set('X-API-Key', key).expect(200);
        expect(keyLookups()).toBe(first);
        await request(production).delete(`/api-keys/${document.id}`).set(admin).expect(204);
        const refused = await request(production).get('/clients').set('X-API-Key', key).expect(401);
        expect(refused.type).toBe('application/problem+json');
        expect(refused.body).toMatchObject({ status: 401, detail: 'the API key is unknown or revoked' });
      } finally {
        find.mockRestore();
      }
    });

    it('accepts a key another process created, and refuses it on the first request after another process revoked it', async () => {
      const created = await cli(dataDir, ['keys', 'create', '--name', 'cli desk', '--role', 'auditor', '--json']);
      expect(created.stderr).toBe('');
      const { id, key } = JSON.parse(created.stdout) as { id: string; key: string };
      for (let i = 0; i < 3; i++) await request(production).get('/clients').set('Authorization', `Bearer ${key}`).expect(200);
      const revoked = await cli(dataDir, ['keys', 'revoke', id]);
      expect(revoked.code).toBe(0);
      // No waiting: the command returned once the keys read model showed the revocation.
      await request(production).get('/clients').set('Authorization', `Bearer ${key}`).expect(401);
      await request(app).get('/clients').set('Authorization', `Bearer ${key}`).expect(401);
    });

    it('still checks the role of a cached key on every route', async () => {
      const { key } = await issueApiKey(billstream, { name: 'auditor', roles: ['auditor'] }, { commandId: 'k-auditor', actor: 'test' });
      await request(production).get('/clients').set('X-API-Key', key).expect(200);
      await request(production).get('/clients').set('X-API-Key', key).expect(200);
      const forbidden = await request(production).post('/clients').set('X-API-Key', key).send(client('C-9', 'Nope')).expect(403);
      expect(forbidden.type).toBe('application/problem+json');
      await request(production).get('/api-keys').set('X-API-Key', key).expect(403);
      await request(production).get('/clients/C-9').set(admin).expect(404);
    });

    it('answers without a key, with an unknown key and with a malformed header as before', async () => {
      for (const headers of [{}, { Authorization: 'Bearer nope' }, { 'X-API-Key': 'nope' }, { Authorization: 'Basic abc' }]) {
        const res = await request(production).get('/clients').set(headers).expect(401);
        expect(res.type).toBe('application/problem+json');
      }
    });
  });

  describe('validation', () => {
    it('validates responses only when asked to (tests), never in production', () => {
      const names = (express: Express) => (express as unknown as { router: { stack: { name: string }[] } }).router.stack.map((layer) => layer.name);
      expect(names(app)).toContain('responseMiddleware');
      expect(names(production)).not.toContain('responseMiddleware');
      // Request validation runs in the route's role check (requireRole), after authorization.
      expect(names(production)).not.toContain('requestMiddleware');
      expect((production.locals[REQUEST_VALIDATION] as { name: string }).name).toBe('requestMiddleware');
    });

    it('validates every request in production, naming the field', async () => {
      const zero = await request(production).get('/clients').query({ limit: 0 }).set(admin).expect(400);
      expect(zero.type).toBe('application/problem+json');
      expect(zero.body.errors[0].field).toBe('limit');
      const unknown = await request(production).get('/invoices').query({ colour: 'red' }).set(admin).expect(400);
      expect(unknown.body.detail).toMatch(/colour/);
      const body = await request(production).post('/clients').set(admin).send({ ...client('C-8', 'X'), shoeSize: 42 }).expect(400);
      expect(body.body.errors[0].field).toBe('shoeSize');
    });

    it('keeps the route expressions of the validator cached, and its routes looked up by first segment', () => {
      expect(cacheValidatorRouteExpressions()).toBe(true);
      expect(lookUpValidatorRoutesByFirstSegment()).toBe(true);
    });

    it('finds the same operation, or the same 404, 405 or 400, as the validator\'s own lookup for every path of the spec', async () => {
      // An app whose validator looks routes up its own way: the original lookup, in place while the app makes it (first request).
      const prototype = (createRequire(createRequire(import.meta.url).resolve('express-openapi-validator'))('./openapi.validator') as {
        OpenApiValidator: { prototype: { metadataMiddleware: { original?: unknown } } };
      }).OpenApiValidator.prototype;
      const bySegment = prototype.metadataMiddleware;
      expect(bySegment.original).toBeTypeOf('function');
      const reference = await createApp(billstream);
      prototype.metadataMiddleware = bySegment.original as typeof bySegment;
      try {
        await request(reference).get('/clients/C-1').set(admin).expect(200);
      } finally {
        prototype.metadataMiddleware = bySegment;
      }
      const specPaths = Object.keys((parseYaml(fs.readFileSync(OPENAPI_SPEC, 'utf8')) as { paths: Record<string, unknown> }).paths);
      const paths = new Set<string>(['/', '/nowhere', '/clients/', '/CLIENTS', '/Clients/C-1/History', '/clients/C-1/nope', '/clients%2FC-1', '/cl%69ents', '/invoices/%E0%A4%A', '/fx-rates/EUR/HUF/on/2026-01-01/x', '//clients']);
      for (const specPath of specPaths) {
        for (const value of ['C-1', 'x%20y', '%E2%82%AC', 'HU1-2026-000001']) paths.add(specPath.replace(/\{[^}]+\}/g, value));
      }
      let compared = 0;
      for (const url of paths) {
        for (const method of ['get', 'post', 'put', 'delete', 'patch'] as const) {
          // Bodies that no operation accepts: nothing is written, every answer comes from validation or routing.
          const send = (target: Express) => request(target)[method](`${url}?limit=2`).set(admin).set('Content-Type', 'application/json').send('{"nope": true}');
          const [expected, actual] = [await send(reference), await send(production)];
          expect({ url, method, status: actual.status, body: actual.body }).toEqual({ url, method, status: expected.status, body: expected.body });
          compared++;
        }
      }
      expect(compared).toBeGreaterThan(300);
    }, 120_000); // every path of the spec, five methods, two apps: it grows with the spec
  });

  describe('lists and documents', () => {
    it('sends every page of a list exactly as the read store gives it, cursors included', async () => {
      for (const limit of [1, 2, 50]) {
        let after: string | undefined;
        let pages = 0;
        do {
          const res = await request(production).get('/clients').query({ limit, ...(after ? { after } : {}) }).set(admin).expect(200);
          expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
          expect(res.text).toBe(JSON.stringify(await billstream.readStore.find('clients', {}, { limit, ...(after ? { after } : {}) })));
          after = res.body.next ?? undefined;
          pages++;
        } while (after);
        expect(pages).toBe(Math.ceil(5 / limit));
      }
      const byName = await request(production).get('/clients').query({ name: 'ÚJ' }).set(admin).expect(200);
      expect(byName.body.items.map((c: { name: string }) => c.name)).toEqual(['Új "Idézet" \\ Kft.']);
      const related = await request(production).get('/clients/C-1/contracts').query({ limit: 1 }).set(admin).expect(200);
      expect(related.text).toBe(JSON.stringify(await billstream.readStore.find('contracts', { clientId: 'C-1' }, { limit: 1 })));
      const second = await request(production).get('/clients/C-1/contracts').query({ limit: 1, after: related.body.next }).set(admin).expect(200);
      expect(second.body).toMatchObject({ items: [{ id: 'K-2' }], next: null });
      const bad = await request(production).get('/clients').query({ after: 'garbage' }).set(admin).expect(400);
      expect(bad.body).toMatchObject({ type: '/problems/invalid-query', status: 400, errors: [{ field: 'after', message: 'invalid cursor' }] });
    });

    it('answers HEAD as before: the spec has no HEAD operations', async () => {
      for (const url of ['/clients?limit=2', '/clients/C-1']) {
        const head = await request(production).head(url).set(admin);
        expect(head.status).toBe(405);
      }
    });

    it('sends a document with its ETag and answers If-None-Match with 304', async () => {
      const res = await request(production).get('/clients/C-1').set(admin).expect(200);
      expect(res.headers.etag).toBe('W/"0"');
      await request(production).get('/clients/C-1').set(admin).set('If-None-Match', 'W/"0"').expect(304);
      const missing = await request(production).get('/clients/C-404').set(admin).expect(404);
      expect(missing.type).toBe('application/problem+json');
    });

    it('routes every path to the same handler as before', async () => {
      // Routing ignores case, as Express does.
      const upper = await request(production).get('/CLIENTS/C-2').set(admin).expect(200);
      expect(upper.body.id).toBe('C-2');
      // A route of a router mounted after the one that serves /clients/{id}.
      await request(production).get('/clients/C-1/usage').query({ date: '2026-02-15' }).set(admin).expect(200);
      await request(production).get('/invoices').set(admin).expect(200);
      await request(production).get('/docs').expect(200);
      const unknown = await request(production).get('/nowhere').set(admin).expect(404);
      expect(unknown.type).toBe('application/problem+json');
      const method = await request(production).patch('/clients/C-1').set(admin).send({}).expect(405);
      expect(method.type).toBe('application/problem+json');
    });

    it('counts requests by route pattern in /metrics', async () => {
      await request(production).get('/clients').set(admin).expect(200);
      await request(production).get('/clients/C-3').set(admin).expect(200);
      const res = await request(production).get('/metrics').set(admin).expect(200);
      expect(res.text).toMatch(/billstream_http_requests_total\{method="GET",route="\/clients",status="200"\} \d+/);
      expect(res.text).toMatch(/billstream_http_requests_total\{method="GET",route="\/clients\/:id",status="200"\} \d+/);
      expect(res.text).toMatch(/billstream_http_request_duration_seconds_bucket\{method="GET",route="\/clients\/:id",le="\+Inf"\} \d+/);
    });
  });

  describe('invoices, sent from their stored views', () => {
    const billedDir = temporaryDataDir('billstream-reads-billed-');
    let billed: Billstream;
    let billedApp: Express;
    let validated: Express;
    let headers: InvoiceDocument[] = [];

    /** The invoice list as the route built it before the views were stored: a page of headers joined with their bodies. */
    /** The API's view of invoices with their payment status as of the server's day (its clock is fixed at 2026-11-05). */
    const viewed = async (headers: InvoiceDocument[]) => withPaymentStatus(billed.readStore, (await withBodies(billed.readStore, headers)).map(invoiceView), '2026-11-05');

    async function joinedPage(filter: Filter, limit: number, after?: string): Promise<string> {
      const page = await billed.readStore.find(INVOICES, filter, { limit, sort: { field: 'number' }, ...(after ? { after } : {}) });
      return JSON.stringify({ items: await viewed(page.items as InvoiceDocument[]), next: page.next });
    }

    beforeAll(async () => {
      // A generated CRM (three sellers, HUF clients on EUR tariffs: invoices with exchange rates, held ones) billed for real.
      const generated = path.join(billedDir, 'generated');
      await generate({ clients: 12, out: generated });
      billed = await openTestBillstream({ adminKey: ADMIN, dataDir: path.join(billedDir, 'data'), clock: ManualClock.at('2026-11-05T12:00:00Z') });
      await bootstrapAdminKey(billed);
      const context = { actor: 'test' };
      expect(await importLegalEntities(billed, fs.readFileSync(path.join(generated, 'legal-entities.yaml'), 'utf8'), context)).toMatchObject({ rejected: 0 });
      expect(await importTariffs(billed, 'examples/tariffs', context)).toMatchObject({ rejected: 0 });
      expect(await importFxRates(billed, () => readCsv(textSource(fs.readFileSync('examples/fx-rates.csv', 'utf8')), FX_RATE_COLUMNS), context)).toMatchObject({ rejected: 0 });
      for (const kind of ['partners', 'clients', 'contracts', 'service-points', 'subscriptions']) {
        const spec = CSV_IMPORTS[kind]!;
        const text = fs.readFileSync(path.join(generated, `${kind}.csv`), 'utf8');
        expect(await importCsvEntities(billed, () => readCsv(textSource(text), spec.columns), spec, context), kind).toMatchObject({ rejected: 0 });
      }
      billedApp = await createApp(billed);
      validated = await createApp(billed, { validateResponses: true });
      // Issued invoices (held ones left as drafts), a credit note, then a later run's drafts: every state a view can be in.
      const first = await request(billedApp).post('/bill-runs').set(admin).send({ asOf: '2026-11-01' }).expect(201);
      await request(billedApp).post(`/bill-runs/${first.body.runId}/approve`).set(admin).send({ includeHeld: false }).expect(200);
      const issued = await request(billedApp).get('/invoices').query({ status: 'issued', limit: 1 }).set(admin).expect(200);
      await request(billedApp).post(`/invoices/${issued.body.items[0].number}/credit-notes`).set(admin).send({ reason: 'goodwill' }).expect(201);
      await request(billedApp).post('/bill-runs').set(admin).send({ asOf: '2026-12-01' }).expect(201);
      await billed.catchUp();
      headers = await billed.readStore.find(INVOICES, {}, { limit: 1000 }).then((page) => page.items as InvoiceDocument[]);
    }, 120_000);
    afterAll(() => billed.close());

    it('has a data set with every kind of invoice', () => {
      expect(headers.length).toBeGreaterThan(60);
      expect(headers.some((h) => h.status === 'draft' && h.held)).toBe(true);
      expect(headers.some((h) => h.status === 'draft' && !h.held)).toBe(true);
      expect(headers.some((h) => h.creditNotes.length > 0)).toBe(true);
      expect(new Set(headers.map((h) => h.legalEntityId)).size).toBe(3);
    });

    it('shows each invoice with the fields of the API, in their order', async () => {
      const fields = ['id', 'status', 'number', 'runId', 'clientId', 'contractId', 'legalEntityId', 'currency', 'issueDate', 'dueDate', 'period', 'seller', 'buyer',
        'lines', 'vat', 'fx', 'fxRates', 'mentions', 'totalNet', 'totalVat', 'total', 'flags', 'held', 'creditNotes', 'paymentStatus', 'amountDue'];
      const res = await request(billedApp).get('/invoices').query({ limit: 1000 }).set(admin).expect(200);
      expect(res.body.items).toHaveLength(headers.length);
      for (const item of res.body.items as Record<string, unknown>[]) expect(Object.keys(item)).toEqual(fields.filter((f) => f !== 'fx' || 'fx' in item));
      expect((res.body.items as Record<string, unknown>[]).some((i) => 'fx' in i)).toBe(true);
    });

    it('lists every page of every filter byte for byte as the headers joined with their bodies gave it', async () => {
      const one = headers.find((h) => h.number)!;
      const filters: Filter[] = [{}, { status: 'issued' }, { status: 'draft' }, { clientId: one.clientId }, { contractId: one.contractId }, { runId: one.runId }, { number: one.number! }, { clientId: 'C-nobody' }];
      let pages = 0;
      for (const filter of filters) {
        for (const limit of [7, 50]) {
          let after: string | undefined;
          do {
            const query = { ...filter, limit, ...(after ? { after } : {}) };
            const res = await request(billedApp).get('/invoices').query(query).set(admin).expect(200);
            expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
            expect(res.text).toBe(await joinedPage(filter, limit, after));
            // The same page passes the spec's response validation.
            expect((await request(validated).get('/invoices').query(query).set(admin).expect(200)).text).toBe(res.text);
            after = res.body.next ?? undefined;
            pages++;
          } while (after);
        }
      }
      expect(pages).toBeGreaterThan(filters.length * 2);
      const bad = await request(billedApp).get('/invoices').query({ after: 'garbage' }).set(admin).expect(400);
      expect(bad.body).toMatchObject({ type: '/problems/invalid-query', status: 400 });
    });

    it('sends every invoice by number and by id byte for byte as its header joined with its body', async () => {
      for (const header of headers) {
        const expected = JSON.stringify((await viewed([header]))[0]!);
        const byId = await request(billedApp).get(`/invoices/${header.id}`).set(admin).expect(200);
        expect(byId.headers['content-type']).toBe('application/json; charset=utf-8');
        expect(byId.text).toBe(expected);
        if (header.number) expect((await request(billedApp).get(`/invoices/${header.number}`).set(admin).expect(200)).text).toBe(expected);
      }
      const numbered = headers.find((h) => h.number)!;
      expect((await request(validated).get(`/invoices/${numbered.number}`).set(admin).expect(200)).body).toEqual((await viewed([numbered]))[0]!);
      const missing = await request(billedApp).get('/invoices/HU1-2026-999999').set(admin).expect(404);
      expect(missing.type).toBe('application/problem+json');
      expect(missing.body).toMatchObject({ status: 404, detail: 'invoice HU1-2026-999999 does not exist' });
    });

    it('still checks roles on the invoice routes', async () => {
      const { key } = await issueApiKey(billed, { name: 'portal', roles: ['client'], clientId: headers[0]!.clientId }, { commandId: 'k-client', actor: 'test' });
      for (const url of ['/invoices', `/invoices/${headers[0]!.id}`]) {
        expect((await request(billedApp).get(url).expect(401)).type).toBe('application/problem+json');
        expect((await request(billedApp).get(url).set('X-API-Key', key).expect(403)).type).toBe('application/problem+json');
      }
    });
  });
});
