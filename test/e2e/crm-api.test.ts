/** The CRM over REST, through a real store, responses validated against openapi.yaml. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../src/api/app.ts';
import type { Billstream } from '../../src/main.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { bootstrapAdminKey } from '../../src/app/api-keys/service.ts';
import { importTariffs } from '../../src/import/tariffs.ts';
import { openTestBillstream } from '../support/billstream.ts';

const ADMIN = 'crm-admin-key-0123456789';
const auth = { Authorization: `Bearer ${ADMIN}` };

describe('CRM REST API', () => {
  let billstream: Billstream;
  let app: Express;
  const clock = ManualClock.at('2026-01-10T09:00:00Z');

  beforeAll(async () => {
    billstream = await openTestBillstream({ adminKey: ADMIN, clock });
    await bootstrapAdminKey(billstream);
    app = await createApp(billstream, { validateResponses: true });
    await importTariffs(billstream, 'examples/tariffs', { actor: 'test' });
    await request(app).post('/legal-entities').set(auth).send({
      id: 'HU1', name: 'Példa Telekom Kft.', country: 'HU', vatId: 'HU12345676', address: { line1: 'Váci út 1', city: 'Budapest' }, currency: 'HUF', invoicePrefix: 'HU1',
    }).expect(201);
  });
  afterAll(() => billstream.close());

  const anna = {
    id: 'C-1', type: 'person', name: 'Kovács Anna', country: 'HU', language: 'hu', currency: 'HUF', timeZone: 'Europe/Budapest',
    email: 'anna@example.hu', address: { line1: 'Fő utca 1', city: 'Budapest', postalCode: '1011' },
  };

  it('creates a client as a prospect when asked, with ETag, and refuses an invalid time zone with 422 naming the field', async () => {
    const res = await request(app).post('/clients').set(auth).send({ ...anna, status: 'prospect' }).expect(201);
    expect(res.body).toMatchObject({ id: 'C-1', status: 'prospect', taxableBusiness: false, revision: 0, contacts: [] });
    expect(res.headers.etag).toBe('W/"0"');
    const bad = await request(app).post('/clients').set(auth).send({ ...anna, id: 'C-2', timeZone: 'Mars/Olympus' }).expect(422);
    expect(bad.body.errors).toEqual([{ field: 'timeZone', message: '"Mars/Olympus" is not a known IANA time zone' }]);
    const unknownField = await request(app).post('/clients').set(auth).send({ ...anna, id: 'C-2', shoeSize: 42 }).expect(400);
    expect(unknownField.body.errors[0].field).toBe('shoeSize');
  });

  it('refuses a VAT id whose check digit does not match, or that is no VAT id, with 422 naming the field', async () => {
    const company = { ...anna, id: 'C-9', type: 'company', name: 'Rossz Kft.' };
    const badDigit = await request(app).post('/clients').set(auth).send({ ...company, vatId: 'HU 1234 5678' }).expect(422);
    expect(badDigit.body.errors).toEqual([{ field: 'vatId', message: 'HU12345678: check digit does not match (Hungary)' }]);
    const noVatId = await request(app).post('/clients').set(auth).send({ ...company, vatId: 'not a vat' }).expect(422);
    expect(noVatId.body.errors).toEqual([{ field: 'vatId', message: 'NOTAVAT: not a VAT id: it has no digits' }]);
    await request(app).get('/clients/C-9').set(auth).expect(404);
  });

  it('searches clients by name prefix ignoring case and accents, and by status', async () => {
    clock.advance({ hours: 1 });
    await request(app).post('/clients').set(auth).send({ ...anna, id: 'C-2', name: 'Kovacs Béla', type: 'company', vatId: 'HU12345676', status: 'active' }).expect(201);
    await request(app).post('/clients').set(auth).send({ ...anna, id: 'C-3', name: 'Nagy Péter', status: 'prospect' }).expect(201);
    const byName = await request(app).get('/clients').query({ name: 'kovács' }).set(auth).expect(200);
    expect(byName.body.items.map((c: { id: string }) => c.id)).toEqual(['C-1', 'C-2']);
    const active = await request(app).get('/clients').query({ status: 'active' }).set(auth).expect(200);
    expect(active.body.items.map((c: { id: string; taxableBusiness: boolean }) => [c.id, c.taxableBusiness])).toEqual([['C-2', true]]);
  });

  it('moves a client through its statuses and refuses a transition that is not allowed (409)', async () => {
    clock.advance({ hours: 1 });
    await request(app).post('/clients/C-1/status').set(auth).send({ status: 'active' }).expect(200);
    await request(app).post('/clients/C-1/status').set(auth).send({ status: 'suspended', reason: 'unpaid' }).expect(200);
    const refused = await request(app).post('/clients/C-1/status').set(auth).send({ status: 'prospect' }).expect(409);
    expect(refused.body.detail).toMatch(/cannot go from suspended to prospect/);
    await request(app).post('/clients/C-1/status').set(auth).send({ status: 'active' }).expect(200);
  });

  it('keeps contact persons and a communications log', async () => {
    const saved = await request(app).put('/clients/C-1/contacts/billing').set(auth).send({ name: 'Kovács Béla', role: 'billing', email: 'bela@example.hu' }).expect(200);
    expect(saved.body.contacts).toEqual([{ contactId: 'billing', name: 'Kovács Béla', role: 'billing', email: 'bela@example.hu', phone: null }]);
    await request(app).post('/clients/C-1/communications').set(auth).send({ kind: 'call', at: '2026-01-10T08:30:00Z', body: 'Asked about the fibre offer' }).expect(201);
    await request(app).post('/clients/C-1/communications').set(auth).send({ kind: 'note', at: '2026-01-10T10:00:00+01:00', subject: 'Offer', body: 'Sent the offer by post' }).expect(201);
    const log = await request(app).get('/clients/C-1/communications').set(auth).expect(200);
    expect(log.body.items.map((e: { kind: string }) => e.kind)).toEqual(['note', 'call']);
    expect(log.body.items[0].author).toMatch(/^apikey:/);
    await request(app).delete('/clients/C-1/contacts/billing').set(auth).expect(204);
  });

  it('creates contracts, service points and subscriptions, and lists them per client', async () => {
    await request(app).post('/contracts').set(auth).send({ id: 'K-1', clientId: 'C-1', legalEntityId: 'HU1', startDate: '2026-01-01' }).expect(201)
      .then((res) => expect(res.body).toMatchObject({ currency: 'HUF', billingCycle: 'monthly', cycleAnchorDay: 1, paymentTermsDays: 15, number: 'K-1' }));
    const noClient = await request(app).post('/contracts').set(auth).send({ id: 'K-9', clientId: 'C-404', legalEntityId: 'HU1', startDate: '2026-01-01' }).expect(422);
    expect(noClient.body.errors).toEqual([{ field: 'clientId', message: 'client C-404 does not exist' }]);
    const point = await request(app).post('/service-points').set(auth).send({ id: 'SP-1', contractId: 'K-1', identifiers: ['+36 1 234 5678', 'anna@isp.example'], address: { line1: 'Fő utca 1', city: 'Budapest' } }).expect(201);
    expect(point.body).toMatchObject({ clientId: 'C-1', country: 'HU', identifiers: ['+3612345678', 'anna@isp.example'] });
    const taken = await request(app).post('/service-points').set(auth).send({ id: 'SP-2', contractId: 'K-1', identifiers: ['+3612345678'], address: { line1: 'x', city: 'y' } }).expect(422);
    expect(taken.body.errors[0].message).toMatch(/already used by active service point SP-1/);
    await request(app).post('/subscriptions').set(auth).send({ id: 'S-1', servicePointId: 'SP-1', tariffId: 'HOME-VOIP', startDate: '2026-01-01' }).expect(201);
    for (const [path, ids] of [['contracts', ['K-1']], ['service-points', ['SP-1']], ['subscriptions', ['S-1']]] as const) {
      const res = await request(app).get(`/clients/C-1/${path}`).set(auth).expect(200);
      expect(res.body.items.map((e: { id: string }) => e.id)).toEqual(ids);
    }
    const lookup = await request(app).get('/service-points').query({ identifier: '+36-1-234-5678' }).set(auth).expect(200);
    expect(lookup.body.items.map((e: { id: string }) => e.id)).toEqual(['SP-1']);
  });

  it('frees the identifiers of a deactivated service point for another one', async () => {
    const point = await request(app).get('/service-points/SP-1').set(auth).expect(200);
    // The block status is changed by POST /service-points/{id}/block and /unblock, not by PUT.
    const { id: _id, revision: _r, createdAt: _c, updatedAt: _u, clientId: _cl, status: _s, statusReason: _sr, statusChangedAt: _sc, ...details } = point.body;
    await request(app).put('/service-points/SP-1').set(auth).set('If-Match', point.headers.etag!).send({ ...details, active: false }).expect(200);
    await request(app).post('/service-points').set(auth).send({ id: 'SP-2', contractId: 'K-1', identifiers: ['+3612345678'], address: { line1: 'Fő utca 9', city: 'Budapest' } }).expect(201);
    const lookup = await request(app).get('/service-points').query({ identifier: '+3612345678' }).set(auth).expect(200);
    expect(lookup.body.items.map((e: { id: string }) => e.id)).toEqual(['SP-2']);
    const reactivate = await request(app).put('/service-points/SP-1').set(auth).send({ ...details, active: true }).expect(422);
    expect(reactivate.body.errors[0].message).toMatch(/already used by active service point SP-2/);
  });

  it('shows a subscription\'s usage per cycle (empty before any usage)', async () => {
    const res = await request(app).get('/subscriptions/S-1/usage').query({ date: '2026-01-20' }).set(auth).expect(200);
    expect(res.body).toMatchObject({ subscriptionId: 'S-1', servicePointId: 'SP-1', cycle: { start: '2026-01-01', end: '2026-02-01' }, lines: [], total: '0' });
    await request(app).get('/subscriptions/S-1/usage').set(auth).expect(400);
    const byClient = await request(app).get('/clients/C-1/usage').query({ date: '2026-01-20' }).set(auth).expect(200);
    expect(byClient.body.items.map((u: { subscriptionId: string }) => u.subscriptionId)).toEqual(['S-1']);
    const byPoint = await request(app).get('/service-points/SP-1/usage').query({ date: '2026-01-20' }).set(auth).expect(200);
    expect(byPoint.body.items.map((u: { subscriptionId: string }) => u.subscriptionId)).toEqual(['S-1']);
    await request(app).get('/clients/C-404/usage').query({ date: '2026-01-20' }).set(auth).expect(404);
    await request(app).get('/subscriptions/S-404/usage').query({ date: '2026-01-20' }).set(auth).expect(404);
  });

  it('finds entities by external id', async () => {
    await request(app).put('/clients/C-3').set(auth).send({ ...anna, id: undefined, name: 'Nagy Péter', externalId: 'OLD-CRM-77' }).expect(200);
    const res = await request(app).get('/clients').query({ externalId: 'OLD-CRM-77' }).set(auth).expect(200);
    expect(res.body.items.map((c: { id: string }) => c.id)).toEqual(['C-3']);
  });

  it('gives auditors the history and the state as of a past instant', async () => {
    clock.advance({ hours: 24 });
    const before = clock.now().toString();
    clock.advance({ hours: 1 });
    const current = await request(app).get('/clients/C-1').set(auth).expect(200);
    await request(app).put('/clients/C-1').set(auth).set('If-Match', current.headers.etag!).send({ ...anna, id: undefined, name: 'Kovács Anna Mária' }).expect(200);
    const history = await request(app).get('/clients/C-1/history').set(auth).expect(200);
    expect(history.body.items.map((e: { type: string }) => e.type)).toEqual([
      'ClientRegistered', 'ClientStatusChanged', 'ClientStatusChanged', 'ClientStatusChanged', 'ContactPersonSaved', 'ClientCommunicationLogged', 'ClientCommunicationLogged', 'ContactPersonRemoved', 'ClientDetailsChanged',
    ]);
    const then = await request(app).get('/clients/C-1').query({ asOf: before }).set(auth).expect(200);
    expect(then.body).toMatchObject({ name: 'Kovács Anna', status: 'active' });
    const earliest = await request(app).get('/clients/C-1').query({ asOf: '2026-01-10T09:30:00Z' }).set(auth).expect(200);
    expect(earliest.body).toMatchObject({ name: 'Kovács Anna', status: 'prospect' });
    await request(app).get('/clients/C-1').query({ asOf: '2025-01-01T00:00:00Z' }).set(auth).expect(404);
    const now = await request(app).get('/clients/C-1').set(auth).expect(200);
    expect(now.body.name).toBe('Kovács Anna Mária');
    const stale = await request(app).put('/clients/C-1').set(auth).set('If-Match', current.headers.etag!).send({ ...anna, id: undefined }).expect(412);
    expect(stale.type).toBe('application/problem+json');
  });

  it('refuses a partner or agent that does not exist with 422 naming the field and the id, on create and on change', async () => {
    const noPartner = await request(app).post('/clients').set(auth).send({ ...anna, id: 'C-70', partnerId: 'P-404' }).expect(422);
    expect(noPartner.type).toBe('application/problem+json');
    expect(noPartner.body.errors).toEqual([{ field: 'partnerId', message: 'partner P-404 does not exist' }]);
    const noAgent = await request(app).post('/clients').set(auth).send({ ...anna, id: 'C-70', agentId: 'A-404' }).expect(422);
    expect(noAgent.body.errors).toEqual([{ field: 'agentId', message: 'agent A-404 does not exist' }]);
    await request(app).get('/clients/C-70').set(auth).expect(404);

    await request(app).post('/partners').set(auth).send({ id: 'P-1', name: 'Muster Reseller GmbH', email: 'sales@muster.example' }).expect(201);
    await request(app).post('/agents').set(auth).send({ id: 'A-1', name: 'Nagy Gábor' }).expect(201);
    const created = await request(app).post('/clients').set(auth).send({ ...anna, id: 'C-70', partnerId: 'P-1', agentId: 'A-1' }).expect(201);
    expect(created.body).toMatchObject({ partnerId: 'P-1', agentId: 'A-1' });
    const byPartner = await request(app).get('/clients').query({ partnerId: 'P-1' }).set(auth).expect(200);
    expect(byPartner.body.items.map((c: { id: string }) => c.id)).toEqual(['C-70']);

    const change = await request(app).put('/clients/C-70').set(auth).send({ ...anna, id: undefined, partnerId: 'P-2' }).expect(422);
    expect(change.body.errors).toEqual([{ field: 'partnerId', message: 'partner P-2 does not exist' }]);
    const contract = await request(app).post('/contracts').set(auth).send({ id: 'K-70', clientId: 'C-70', legalEntityId: 'HU1', startDate: '2026-01-01', agentId: 'A-9' }).expect(422);
    expect(contract.body.errors).toEqual([{ field: 'agentId', message: 'agent A-9 does not exist' }]);
  });

  it('refuses a subscription to a tariff that does not exist, and a partner key for a partner that does not exist', async () => {
    const res = await request(app).post('/subscriptions').set(auth).send({ id: 'S-70', servicePointId: 'SP-2', tariffId: 'NO-SUCH-TARIFF', startDate: '2026-01-01' }).expect(422);
    expect(res.body.errors).toEqual([{ field: 'tariffId', message: 'tariff NO-SUCH-TARIFF does not exist' }]);
    const key = await request(app).post('/api-keys').set(auth).send({ name: 'reseller', roles: ['partner'], tenantId: 'P-404' }).expect(422);
    expect(key.body.errors).toEqual([{ field: 'tenantId', message: 'partner P-404 does not exist' }]);
    await request(app).post('/api-keys').set(auth).send({ name: 'reseller', roles: ['partner'], tenantId: 'P-1' }).expect(201);
  });

  it('starts a client created over REST in the same status as an imported one: active', async () => {
    const rest = await request(app).post('/clients').set(auth).send({ ...anna, id: 'C-80' }).expect(201);
    const csv = ['client_id,type,name,country,language,currency,vat_id,time_zone,email,address_line1,city,postal_code,partner_id', 'C-81,person,Imported,HU,hu,HUF,,Europe/Budapest,,,,,'].join('\n');
    await request(app).post('/clients/import').set(auth).set('Content-Type', 'text/csv').send(csv).expect(200);
    const imported = await request(app).get('/clients/C-81').set(auth).expect(200);
    expect([rest.body.status, imported.body.status]).toEqual(['active', 'active']);
  });

  it('refuses a subscription outside its contract, contract dates that would leave one outside, and another anchor day once a cycle is invoiced (422 naming field and id)', async () => {
    await request(app).post('/contracts').set(auth).send({ id: 'K8', clientId: 'C-1', legalEntityId: 'HU1', startDate: '2026-01-15', endDate: '2026-06-01' }).expect(201);
    await request(app).post('/service-points').set(auth).send({ id: 'SP-8', contractId: 'K8', identifiers: ['k8@isp.example'], address: { line1: 'Fő utca 8', city: 'Budapest' } }).expect(201);
    const subscription = { servicePointId: 'SP-8', tariffId: 'FIBRE-100' };
    for (const [dates, error] of [
      [{ startDate: '2025-11-01' }, { field: 'startDate', message: '2025-11-01 is before the start of contract K8 (2026-01-15)' }],
      [{ startDate: '2026-06-01' }, { field: 'startDate', message: '2026-06-01 is not before the end of contract K8 (2026-06-01, exclusive)' }],
      [{ startDate: '2026-02-01', endDate: '2026-07-01' }, { field: 'endDate', message: '2026-07-01 is after the end of contract K8 (2026-06-01)' }],
    ] as const) {
      const refused = await request(app).post('/subscriptions').set(auth).send({ id: 'S-80', ...subscription, ...dates }).expect(422);
      expect(refused.body.errors).toEqual([error]);
    }
    await request(app).get('/subscriptions/S-80').set(auth).expect(404);
    await request(app).post('/subscriptions').set(auth).send({ id: 'S-80', ...subscription, startDate: '2026-01-15' }).expect(201);
    const moved = await request(app).put('/subscriptions/S-80').set(auth).send({ ...subscription, startDate: '2026-01-01' }).expect(422);
    expect(moved.body.errors).toEqual([{ field: 'startDate', message: '2026-01-01 is before the start of contract K8 (2026-01-15)' }]);

    const k8 = { clientId: 'C-1', legalEntityId: 'HU1', startDate: '2026-01-15', endDate: '2026-06-01' };
    const later = await request(app).put('/contracts/K8').set(auth).send({ ...k8, startDate: '2026-02-01' }).expect(422);
    expect(later.body.errors).toEqual([{ field: 'startDate', message: '2026-02-01 is after the start of subscription S-80 (2026-01-15)' }]);
    const billingStart = await request(app).put('/contracts/K8').set(auth).send({ ...k8, billingStart: '2026-06-01' }).expect(422);
    expect(billingStart.body.errors).toEqual([{ field: 'billingStart', message: '2026-06-01 is not before the end 2026-06-01 (the end is exclusive)' }]);

    // Before any invoice the anchor day may change; once a cycle is drafted it may not.
    await request(app).put('/contracts/K8').set(auth).send({ ...k8, cycleAnchorDay: 15 }).expect(200);
    await request(app).put('/contracts/K8').set(auth).send({ ...k8, cycleAnchorDay: 1 }).expect(200);
    const run = await request(app).post('/bill-runs').set(auth).send({ asOf: '2026-02-01' }).expect(201);
    const anchor = await request(app).put('/contracts/K8').set(auth).send({ ...k8, cycleAnchorDay: 15 }).expect(422);
    expect(anchor.body.errors).toEqual([{ field: 'cycleAnchorDay', message: `cannot change from 1 to 15: cycle 2026-01-01..2026-02-01 of contract K8 is already invoiced (draft of bill run ${run.body.runId})` }]);
  });

  it('imports a CSV upload, reporting bad rows by line and column', async () => {
    const csv = [
      'client_id,type,name,country,language,currency,vat_id,time_zone,email,address_line1,city,postal_code,partner_id',
      'C-50,company,Exemple SAS,FR,fr,EUR,FR11123456782,Europe/Paris,,1 rue de Rivoli,Paris,75001,',
      'C-51,person,Bad,FR,fr,EUR,,Europe/Paris,not-an-email,,,,',
    ].join('\r\n');
    const res = await request(app).post('/clients/import').set(auth).set('Content-Type', 'text/csv').send(csv).expect(422);
    expect(res.body).toEqual({ created: 1, updated: 0, unchanged: 0, rejected: 1, errors: [{ line: 3, column: 9, reason: 'email: "not-an-email" is not an e-mail address' }] });
    await request(app).get('/clients/C-50').set(auth).expect(200);
  });

  it('refuses a JSON body whose bytes are not UTF-8 (400, nothing written), where a Latin-1 name would be stored as M\uFFFDller', async () => {
    const body = Buffer.concat([Buffer.from('{"id":"C-62","type":"person","name":"M'), Buffer.from([0xfc]), Buffer.from('ller","country":"DE","language":"de","currency":"EUR","timeZone":"Europe/Berlin"}')]);
    const res = await request(app).post('/clients').set(auth).set('Content-Type', 'application/json').serialize((raw: unknown) => raw as string).send(body as unknown as string).expect(400);
    expect(res.body).toMatchObject({ type: expect.stringContaining('malformed-body'), detail: "the JSON body's bytes are not UTF-8" });
    await request(app).get('/clients/C-62').set(auth).expect(404);
  });

  it('rejects a row whose bytes are not UTF-8 at its line and column, as the CLI does, and imports the others (a Latin-1 name is not stored as M\uFFFDller)', async () => {
    const csv = Buffer.concat([
      Buffer.from('client_id,type,name,country,language,currency,vat_id,time_zone,email,address_line1,city,postal_code,partner_id\n'),
      Buffer.from('C-60,person,M'), Buffer.from([0xfc]), Buffer.from('ller,DE,de,EUR,,Europe/Berlin,,,,,\n'),
      Buffer.from('C-61,person,Müller,DE,de,EUR,,Europe/Berlin,,,,,\n'),
    ]);
    const res = await request(app).post('/clients/import').set(auth).set('Content-Type', 'text/csv').send(csv).expect(422);
    expect(res.body).toMatchObject({ created: 1, rejected: 1, errors: [{ line: 2, column: 3, reason: 'invalid UTF-8 byte sequence' }] });
    await request(app).get('/clients/C-60').set(auth).expect(404);
    expect((await request(app).get('/clients/C-61').set(auth).expect(200)).body.name).toBe('Müller');
  });
});
