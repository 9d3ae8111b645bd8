/**
 * The REST surface the API fuzz covers, read from openapi.yaml (so a new route cannot be left out:
 * a route with a request body and no example below fails the suite), with a valid example body for
 * each route, valid path parameter values from the seeded store, and the request generators.
 */
import { deterministicId } from '../../src/core/ids.ts';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import YAML from 'yaml';
import { mutatedCsv, mutatedJson, mutatedYaml, oddString } from './mutate.ts';
import type { ApiRequest } from './server-host.ts';
import { example, fuzzRadiusSessionId, ROOT, tariffExamples, USAGE_EXAMPLE } from './support.ts';
import { png } from '../support/images.ts';
import { deckId } from '../../src/domain/tariff/decider.ts';

// ---------------------------------------------------------------------------------------------
// The spec

interface ParameterSpec {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: { type?: string | string[]; enum?: string[]; format?: string; $ref?: string; pattern?: string };
}

export interface Operation {
  /** `POST /clients/{id}/status` */
  key: string;
  method: ApiRequest['method'];
  template: string;
  parameters: ParameterSpec[];
  /** The request body's media types; empty when it takes none. */
  bodyTypes: string[];
  /** Status code -> the media types the spec documents for it. */
  responses: Map<string, string[]>;
}

const spec = YAML.parse(fs.readFileSync(path.join(ROOT, 'openapi.yaml'), 'utf8')) as {
  paths: Record<string, Record<string, unknown>>;
};

function resolve<T>(value: T | { $ref: string }): T {
  if (value && typeof value === 'object' && '$ref' in value && typeof value.$ref === 'string') {
    const target = value.$ref.replace(/^#\//, '').split('/').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], spec);
    return resolve(target as T);
  }
  return value as T;
}

export const OPERATIONS: Operation[] = Object.entries(spec.paths).flatMap(([template, item]) => {
  const shared = ((item.parameters ?? []) as unknown[]).map((p) => resolve(p as ParameterSpec));
  return Object.entries(item).filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method)).map(([method, raw]) => {
    const operation = raw as { parameters?: unknown[]; requestBody?: { content: Record<string, unknown> }; responses: Record<string, unknown> };
    const parameters = [...shared, ...(operation.parameters ?? []).map((p) => resolve(p as ParameterSpec))].map((p) => ({ ...p, schema: p.schema ? resolve(p.schema) : {} }));
    const responses = new Map(Object.entries(operation.responses).map(([status, response]) => [status, Object.keys(resolve(response as { content?: object }).content ?? {})]));
    const upper = method.toUpperCase() as ApiRequest['method'];
    return { key: `${upper} ${template}`, method: upper, template, parameters, bodyTypes: Object.keys(operation.requestBody?.content ?? {}), responses };
  });
});

/** Whether the spec documents a JSON body (an import summary) for this status of the operation. */
export function documentsJson(operation: Operation, status: number): boolean {
  return (operation.responses.get(String(status)) ?? []).includes('application/json');
}

// ---------------------------------------------------------------------------------------------
// Valid inputs

const ADDRESS = { line1: 'Fő utca 1', city: 'Budapest', postalCode: '1011' };
const tariffs = tariffExamples();
const homeVoip = tariffs.find((t) => t.file === 'home-voip.yaml')!;

/** Values the setup adds to (bill runs, issued invoices, keys): filled in by the test's setup. */
export const created = {
  runIds: [] as string[],
  invoices: [] as string[],
  creditNotes: [] as string[],
  keyIds: [] as string[],
};

export type BodyKind = { kind: 'json'; example: unknown } | { kind: 'csv'; example: string } | { kind: 'yaml'; example: string } | { kind: 'tariff' } | { kind: 'png'; example: Uint8Array };

/** A valid body of every route that takes one, by operation key. */
export const EXAMPLE_BODIES: Record<string, BodyKind> = {
  'POST /legal-entities': { kind: 'json', example: { id: 'FZ1', name: 'Fuzz Kft.', country: 'HU', vatId: 'HU12345676', address: ADDRESS, currency: 'HUF', invoicePrefix: 'FZ1', externalId: null } },
  'PUT /legal-entities/{legalEntityId}': { kind: 'json', example: { name: 'Példa Telekom Kft.', country: 'HU', vatId: 'HU12345676', address: { line1: 'Váci út 1', city: 'Budapest', postalCode: '1062' }, currency: 'HUF', invoicePrefix: 'HU1' } },
  'POST /legal-entities/import': { kind: 'yaml', example: example('legal-entities.yaml') },
  'PUT /legal-entities/{legalEntityId}/logo': { kind: 'png', example: png(40, 20) },
  'POST /clients': {
    kind: 'json',
    example: { id: 'FZ-C1', type: 'company', name: 'Fuzz Bt.', country: 'HU', language: 'hu', currency: 'HUF', vatId: 'HU12345676', timeZone: 'Europe/Budapest', email: 'fuzz@example.com', address: ADDRESS, partnerId: null, agentId: null, externalId: null, status: 'active' },
  },
  'PUT /clients/{id}': {
    kind: 'json',
    example: { type: 'person', name: 'Kovács Anna', country: 'HU', language: 'hu', currency: 'HUF', vatId: null, timeZone: 'Europe/Budapest', email: 'anna.kovacs@posta.example', address: { line1: 'Kossuth Lajos utca 12, 3. em. 7.', city: 'Budapest', postalCode: '1052' } },
  },
  'POST /clients/import': { kind: 'csv', example: example('clients.csv') },
  'POST /clients/{id}/status': { kind: 'json', example: { status: 'active', reason: 'fuzz' } },
  'PUT /clients/{id}/contacts/{contactId}': { kind: 'json', example: { name: 'Kiss Éva', role: 'billing', email: 'eva@example.com', phone: '+3612345679' } },
  'POST /clients/{id}/communications': { kind: 'json', example: { entryId: 'fz-e1', kind: 'note', at: '2026-10-11T08:15:00Z', author: 'fuzz', subject: 'Számla', body: 'Called about the invoice.' } },
  'POST /agents': { kind: 'json', example: { id: 'FZ-A1', name: 'Fuzz Agent', email: 'agent@example.com', externalId: null } },
  'PUT /agents/{id}': { kind: 'json', example: { name: 'Fuzz Agent', email: 'agent@example.com', externalId: null } },
  'POST /agents/import': { kind: 'csv', example: 'agent_id,name,email\nFZ-A2,Fuzz Agent Two,agent2@example.com\n' },
  'POST /partners': { kind: 'json', example: { id: 'FZ-P1', name: 'Fuzz Partner Kft.', email: 'partner@example.com', externalId: null } },
  'PUT /partners/{id}': { kind: 'json', example: { name: 'Alföldi Hálózat Kft.', email: 'partner@alfoldihalozat.example', externalId: null } },
  'POST /partners/import': { kind: 'csv', example: example('partners.csv') },
  'POST /contracts': {
    kind: 'json',
    example: { id: 'FZ-K1', clientId: 'C-0001', legalEntityId: 'HU1', number: 'FZ-K1', startDate: '2026-01-01', endDate: null, billingCycle: 'monthly', cycleAnchorDay: 1, currency: 'HUF', paymentTermsDays: 15, billingStart: null, agentId: null, externalId: null },
  },
  'PUT /contracts/{id}': { kind: 'json', example: { clientId: 'C-0001', legalEntityId: 'HU1', startDate: '2025-03-01', endDate: null, billingCycle: 'monthly', cycleAnchorDay: 1, currency: 'HUF', paymentTermsDays: 15 } },
  'POST /contracts/import': { kind: 'csv', example: example('contracts.csv') },
  'POST /service-points': { kind: 'json', example: { id: 'FZ-SP1', contractId: 'K-0001', identifiers: ['+3619999999', 'fuzz@isp.example'], address: ADDRESS, country: 'HU', active: true, externalId: null } },
  'PUT /service-points/{id}': {
    kind: 'json',
    example: { contractId: 'K-0001', identifiers: ['+3612345678', 'anna.kovacs@isp.example', '00:1A:2B:3C:4D:5E'], address: { line1: 'Kossuth Lajos utca 12, 3. em. 7.', city: 'Budapest', postalCode: '1052' }, country: 'HU', active: true },
  },
  'POST /service-points/import': { kind: 'csv', example: example('service-points.csv') },
  'POST /service-points/{id}/block': { kind: 'json', example: { reason: 'Fraud suspected: ticket 4711' } },
  'PUT /service-points/{id}/credentials': { kind: 'json', example: { userName: 'anna.kovacs@isp.example', password: 'fuzz-password-1' } },
  'POST /radius/nas': { kind: 'json', example: { id: 'FZ-NAS1', name: 'Fuzz BRAS', address: '192.0.2.0/28', secret: 'fuzz-shared-secret', requireMessageAuthenticator: 'yes' } },
  'POST /radius/nas/import': { kind: 'csv', example: 'nas_id,name,address,secret,require_message_authenticator\nFZ-NAS2,Fuzz WiFi controller,2001:db8:f::1,fuzz-secret-2,auto\n' },
  'PATCH /radius/nas/{nasId}': { kind: 'json', example: { name: 'Fuzz BRAS (renamed)', secret: 'fuzz-shared-secret-2' } },
  'POST /service-points/{id}/unblock': { kind: 'json', example: { reason: 'Cleared by the fraud desk' } },
  'POST /subscriptions': { kind: 'json', example: { id: 'FZ-S1', servicePointId: 'SP-0001', tariffId: 'HOME-VOIP', startDate: '2026-01-01', endDate: null, quantity: 1, externalId: null } },
  'PUT /subscriptions/{id}': { kind: 'json', example: { servicePointId: 'SP-0001', tariffId: 'FIBRE-100', startDate: '2025-03-01', endDate: null, quantity: 1 } },
  'POST /subscriptions/import': { kind: 'csv', example: example('subscriptions.csv') },
  'POST /services': { kind: 'json', example: { id: 'FZ-SV1', name: { en: 'Home VoIP', hu: 'Otthoni VoIP' }, category: 'voip', externalId: null } },
  'PUT /services/{id}': { kind: 'json', example: { name: { en: 'Home VoIP', hu: 'Otthoni VoIP' }, category: 'voip', externalId: null } },
  'POST /tariffs/import': { kind: 'tariff' },
  'POST /discounts': {
    kind: 'json',
    example: { id: 'FZ-D1', name: { en: 'Fuzz bundle', hu: 'Fuzz csomag' }, validFrom: '2026-01-01', validTo: null, scope: { clients: ['C-0001'] }, kind: 'percentage', percent: '10', on: { charges: ['recurring'] }, when: { categoriesActive: ['internet', 'voip'] }, priority: 10, group: null, cap: null },
  },
  'PUT /discounts/{id}': {
    kind: 'json',
    example: { name: { en: 'Fuzz bundle' }, validFrom: '2026-01-01', validTo: '2027-01-01', scope: { everyone: true }, kind: 'fixed', amount: '5.00', currency: 'EUR', on: {}, when: {}, priority: 20, group: 'fuzz', cap: '100' },
  },
  'POST /discounts/import': { kind: 'yaml', example: fs.readFileSync(path.join(ROOT, 'examples/discounts/household.yaml'), 'utf8') },
  'POST /discounts/simulate': { kind: 'yaml', example: fs.readFileSync(path.join(ROOT, 'examples/discounts/household.yaml'), 'utf8') },
  'POST /usage': {
    kind: 'json',
    example: {
      records: [
        { recordId: 'fz-u1', source: 'fz', identifier: '+3612345678', type: 'voice', startTime: '2026-03-11T08:15:00Z', durationSeconds: 60, calledNumber: '+3630123456', bytesIn: null, bytesOut: null, quantity: null },
        { recordId: 'fz-u2', source: 'fz', identifier: 'anna.kovacs@isp.example', type: 'data', startTime: '2026-03-11T09:00:00+01:00', durationSeconds: 600, calledNumber: null, bytesIn: 1000, bytesOut: 2000, quantity: null },
      ],
    },
  },
  'POST /usage/rerate': { kind: 'json', example: { unresolvedOnly: true, since: '2026-03-01' } },
  'POST /usage/import': { kind: 'csv', example: USAGE_EXAMPLE },
  'POST /fx-rates': { kind: 'json', example: { rates: [{ date: '2026-01-01', base: 'EUR', quote: 'HUF', rate: '386.45' }, { date: '2026-02-01', base: 'EUR', quote: 'CZK', rate: '24.95' }] } },
  'POST /fx-rates/import': { kind: 'csv', example: example('fx-rates.csv') },
  'POST /holidays/import': { kind: 'csv', example: 'country,date,name\nHU,2026-12-24,Szenteste\nHU,2026-03-15,-\nQA,2026-12-18,National Day\n' },
  // A date before every example contract: a valid run drafts nothing and stays cheap (the setup drafts real runs).
  'POST /bill-runs': { kind: 'json', example: { asOf: '2025-01-01', changeThresholdPercent: 50 } },
  'POST /bill-runs/{runId}/approve': { kind: 'json', example: { includeHeld: false, issueDate: '2026-03-05' } },
  'POST /invoices/{idOrNumber}/credit-notes': { kind: 'json', example: { reason: 'Goodwill credit', lines: [{ line: 0, amount: '0.01' }], issueDate: '2026-03-06' } },
  // The example tariff HOME-VOIP (EUR) prices voice: its cards' ids derive from the batch id (cardId below).
  'POST /card-batches': { kind: 'json', example: { batchId: 'FZ-B1', name: 'Fuzz cards', count: 2, faceValue: '5.00', currency: 'EUR', tariffId: 'HOME-VOIP', expiry: { daysAfterActivation: 90 }, serialPrefix: 'FZ' } },
  'POST /cards/{cardId}/recharge': { kind: 'json', example: { amount: '5.00', currency: 'EUR', reference: 'fuzz' } },
  'POST /cards/{cardId}/block': { kind: 'json', example: { reason: 'fuzz' } },
  'POST /api-keys': { kind: 'json', example: { name: 'fuzz operator', roles: ['operator'], tenantId: null, clientId: null } },
  // POST /users comes first in the spec: the sign-in's example signs in the user it creates.
  'POST /users': { kind: 'json', example: { name: 'fz-user', password: 'fuzz password 2026', roles: ['operator'], clientId: null, partnerId: null, language: 'hu' } },
  'PUT /users/{userId}/password': { kind: 'json', example: { password: 'fuzz password 2027' } },
  'POST /auth/sign-in': { kind: 'json', example: { user: 'fz-user', password: 'fuzz password 2026' } },
  'POST /payments': { kind: 'json', example: { paymentId: 'FZ-PAY1', date: '2026-02-10', clientId: 'C-0001', invoiceNumber: null, amount: '100000000.00', currency: 'HUF', reference: 'fuzz' } },
  'POST /payments/import': { kind: 'csv', example: 'payment_id,date,client_id,invoice_number,amount,currency,reference\nFZ-PAY2,2026-02-11,C-0001,,50.00,HUF,fuzz import\n' },
  'POST /payments/{paymentId}/allocations': { kind: 'json', example: {} },
  'POST /payments/{paymentId}/refunds': { kind: 'json', example: { amount: '1.00', reference: 'fuzz refund' } },
  'POST /invoices/{idOrNumber}/write-offs': { kind: 'json', example: { amount: '0.01', reason: 'fuzz write-off' } },
  'PUT /accounting/accounts': { kind: 'json', example: { legalEntityId: 'HU1', accounts: { bank: { number: '3840', name: 'Bank (OTP)' } } } },
};

/**
 * Routes that legitimately work for longer than a second on a valid input: a bill run drafts (and
 * its approval issues) an invoice for every open cycle up to its date: about 400 from the examples
 * as of 2026-11-01, one second alone on a 2-core machine. Their deadline bounds the work; the
 * date horizon (known defect 2) bounds the dates.
 */
export const DEADLINE_MS: Record<string, number> = {
  'POST /bill-runs': 10_000,
  'POST /bill-runs/{runId}/approve': 10_000,
  // Prices every contract's last cycle twice (all=true: every example client).
  'POST /discounts/simulate': 10_000,
};
export const DEFAULT_DEADLINE_MS = 1000;

/**
 * Routes whose valid request needs what the fuzz's requests never carry (a person's session
 * cookie): the status each answers instead of a success. The fuzz still sends them everything else.
 */
export const NEEDS_A_SESSION: Record<string, number> = { 'GET /auth/session': 401 };
export const deadlineOf = (operation: Operation) => DEADLINE_MS[operation.key] ?? DEFAULT_DEADLINE_MS;

/** Valid values of each path parameter, by the resource the path starts with. */
function validParameter(template: string, name: string): string[] {
  const resource = template.split('/')[1]!;
  switch (name) {
    case 'legalEntityId':
      return ['HU1', 'DE1', 'AT1'];
    case 'contactId':
      return ['fz-contact', 'ct-1'];
    case 'runId':
      return created.runIds;
    case 'idOrNumber':
      return resource === 'credit-notes' ? created.creditNotes : created.invoices;
    case 'keyId':
      return created.keyIds;
    case 'nasId':
      return ['FZ-NAS1', 'FZ-NAS2'];
    case 'sessionId':
      return [fuzzRadiusSessionId];
    case 'cardId':
      return [deterministicId('card', 'FZ-B1', '0'), deterministicId('card', 'FZ-B1', '1')];
    case 'batchId':
      return ['FZ-B1'];
    case 'paymentId':
      return ['FZ-PAY1', 'FZ-PAY2'];
    case 'base':
      return ['EUR', 'HUF'];
    case 'quote':
      return ['HUF', 'USD', 'EUR'];
    case 'date':
      return ['2026-03-15', '2025-12-31'];
    case 'country':
      return ['HU', 'QA'];
    case 'year':
      return ['2026', '1970'];
    case 'deckId':
      // A deck's id is the hash of its CSV text: the decks the example tariffs publish.
      return [...new Set(tariffs.flatMap((t) => Object.values(t.decks).map(deckId)))];
  }
  const ids: Record<string, string[]> = {
    clients: ['C-0001', 'C-0002', 'C-0012', 'FZ-C1'],
    agents: ['FZ-A1'],
    partners: ['P-RESELLER1', 'FZ-P1'],
    contracts: ['K-0001', 'K-0003', 'FZ-K1'],
    'service-points': ['SP-0001', 'SP-0003', 'FZ-SP1'],
    subscriptions: ['S-0001', 'S-0002', 'FZ-S1'],
    services: ['FZ-SV1'],
    tariffs: ['HOME-VOIP', 'FIBRE-100'],
    discounts: ['FZ-D1', 'TRIPLE-PLAY'],
    users: ['fz-user'],
  };
  return ids[resource] ?? ['x'];
}

/** encodeURIComponent, except that a lone surrogate goes as the bytes of U+FFFD (fetch would too). */
export function encode(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return [...Buffer.from(value, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
  }
}

/**
 * Odd values for a URL, at most 400 characters (3.6 KB encoded): a longer URL only meets Node's
 * 16 KB limit on the request head (regression cases cover that) and would hide every other finding.
 */
const urlString = oddString.map((s) => (s.length > 400 ? s.slice(0, 400) : s));

/** Path segments as they go on the wire, not encoded: malformed escapes, separators, dot segments. */
const RAW_SEGMENTS = ['%', '%zz', '%E0%A4%A', '%C0%AF', '%00', '%FF', '..', '.', '%2e%2e', 'a%2Fb', '%2F', ';x', 'x;y=z', '%20', '+', '~', 'x'.repeat(5000)];

const parameterValue = (template: string, name: string) => {
  const valid = validParameter(template, name);
  return fc.oneof(
    { weight: valid.length ? 10 : 0, arbitrary: fc.constantFrom(...(valid.length ? valid : ['x'])).map(encode) },
    { weight: 2, arbitrary: urlString.map(encode) },
    { weight: 1, arbitrary: fc.constantFrom(...RAW_SEGMENTS) },
  );
};

export function pathArbitrary(operation: Operation): fc.Arbitrary<string> {
  const names = [...operation.template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  if (names.length === 0) return fc.constant(operation.template);
  return fc.tuple(...names.map((name) => parameterValue(operation.template, name))).map((values) => {
    let out = operation.template;
    names.forEach((name, i) => (out = out.replace(`{${name}}`, values[i]!)));
    return out;
  });
}

/** The path with valid parameters (the first of each). */
export function validPath(operation: Operation): string {
  return operation.template.replace(/\{(\w+)\}/g, (_m, name: string) => encode(validParameter(operation.template, name)[0] ?? 'x'));
}

// ---------------------------------------------------------------------------------------------
// Bodies, headers, query strings

export const CONTENT_TYPES: Record<BodyKind['kind'], string> = { json: 'application/json', csv: 'text/csv', yaml: 'application/yaml', tariff: 'application/json', png: 'image/png' };
const ODD_CONTENT_TYPES = [
  'application/json; charset=utf-8', 'application/json; charset=latin1', 'application/json; charset=utf-16', 'text/plain', 'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x', 'application/merge-patch+json', 'text/csv', 'application/yaml', 'text/yaml; charset=utf-8', '*/*', 'application/octet-stream', 'x',
];

function tariffBody(): fc.Arbitrary<string> {
  return fc.constantFrom(...tariffs).chain((t) => {
    const decks = Object.keys(t.decks).length ? fc.oneof(fc.constant(t.decks), fc.record(Object.fromEntries(Object.entries(t.decks).map(([name, csv]) => [name, mutatedCsv(csv)])))) : fc.constant({});
    return fc.oneof(
      { weight: 4, arbitrary: fc.record({ tariff: mutatedYaml(YAML.parse(t.text), t.text), decks }).map((body) => JSON.stringify(body)) },
      { weight: 1, arbitrary: mutatedJson({ tariff: t.text, decks: t.decks }) },
    );
  });
}

export function exampleBody(body: BodyKind): string | Uint8Array {
  switch (body.kind) {
    case 'json':
      return JSON.stringify(body.example);
    case 'tariff':
      return JSON.stringify({ tariff: homeVoip.text, decks: homeVoip.decks });
    default:
      return body.example;
  }
}

export function bodyArbitrary(body: BodyKind): fc.Arbitrary<string | Uint8Array> {
  switch (body.kind) {
    case 'png': {
      // The image, one byte of it changed, cut short, or any bytes.
      const image = body.example;
      return fc.oneof(
        fc.constant(image),
        fc.tuple(fc.nat({ max: image.length - 1 }), fc.integer({ min: 0, max: 255 })).map(([at, value]) => Uint8Array.from(image, (b, i) => (i === at ? value : b))),
        fc.nat({ max: image.length }).map((length) => image.subarray(0, length)),
        fc.uint8Array({ maxLength: 2000 }),
      );
    }
    case 'json':
      return mutatedJson(body.example);
    case 'csv':
      return mutatedCsv(body.example);
    case 'yaml':
      return mutatedYaml(YAML.parse(body.example), body.example);
    case 'tariff':
      return tariffBody();
  }
}

/** Header values fetch can send (printable ASCII) that the API must refuse or ignore; at most 4,000 characters (see urlString). */
const headerValue = fc.oneof(
  fc.constantFrom('', ' ', '*', 'W/"0"', 'W/"999999999999999999999"', '"-1"', 'W/"1e308"', 'W/', '"', 'x'.repeat(4000), 'null', '0', 'Bearer', '%00'),
  fc.string({ unit: 'binary-ascii', maxLength: 40 }).map((s) => s.replace(/[^\x20-\x7e]/g, '').trim()),
);

const oddHeaders = fc.record(
  { 'if-match': headerValue, 'idempotency-key': headerValue, 'x-api-key': headerValue, accept: fc.constantFrom('text/html', 'application/xml', '*/*', 'application/problem+json') },
  { requiredKeys: [] },
).map((headers) => Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== '')));

const allOrNothing = fc.constantFrom('', '', '', '?allOrNothing=true', '?allOrNothing=false', '?allOrNothing=yes', '?allOrNothing=1e308', '?allOrNothing=%00', '?allOrNothing=true&allOrNothing=false');

const auth = fc.constantFrom<ApiRequest['auth']>(...new Array<ApiRequest['auth']>(30).fill('admin'), 'none', 'unknown');

/** Requests to a route that takes a body: its example mutated, now and then with odd headers, media type or key. */
export function bodyRequest(operation: Operation): fc.Arbitrary<ApiRequest> {
  const body = EXAMPLE_BODIES[operation.key]!;
  const takesAllOrNothing = operation.parameters.some((p) => p.name === 'allOrNothing');
  return fc.record({
    path: pathArbitrary(operation),
    query: takesAllOrNothing ? allOrNothing : fc.constant(''),
    body: bodyArbitrary(body),
    contentType: fc.oneof({ weight: 15, arbitrary: fc.constant<string | null>(CONTENT_TYPES[body.kind]!) }, { weight: 1, arbitrary: fc.constantFrom<string | null>(null, ...ODD_CONTENT_TYPES) }),
    headers: fc.oneof({ weight: 10, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: oddHeaders }),
    auth,
  }).map(({ path: p, query, body: text, contentType, headers, auth: key }) => ({
    method: operation.method,
    path: p + query,
    headers: { ...headers, ...(contentType ? { 'content-type': contentType } : {}) },
    body: text,
    auth: key,
  }));
}

/** Requests to a route without a body (GET, DELETE): odd path parameters and query strings. */
export function queryRequest(operation: Operation): fc.Arbitrary<{ request: ApiRequest; invalidDate: string | null }> {
  const query = operation.parameters.filter((p) => p.in === 'query');
  const sample = (p: ParameterSpec): string[] => {
    if (p.schema?.enum) return p.schema.enum;
    const byName: Record<string, string[]> = {
      limit: ['1', '2', '1000'], after: ['eyJ9', 'garbage'], asOf: ['2026-01-01T00:00:00Z', '2030-01-01T00:00:00+14:00'], date: ['2026-03-15'], since: ['2026-01-01', '2026-03-11T08:00:00Z'],
      from: ['2026-01-01'], to: ['2026-12-31'], name: ['kov', 'É'], country: ['HU'], base: ['EUR'], quote: ['HUF'], status: ['active'],
    };
    return byName[p.name] ?? ['C-0001', 'x'];
  };
  const value = (p: ParameterSpec) => fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...sample(p)).map(encode) },
    { weight: 3, arbitrary: urlString.map(encode) },
    { weight: 1, arbitrary: fc.constantFrom('%', '%zz', '&', '=', '==', '%26', '[]', 'a[b]=c', '%0D%0A', '%EF%BF%BF', '%ED%A0%80') },
  );
  const pairs = query.length ? fc.array(fc.constantFrom(...query).chain((p) => value(p).map((v) => [p, v] as const)), { maxLength: 4 }) : fc.constant([] as (readonly [ParameterSpec, string])[]);
  const extra = fc.option(fc.tuple(fc.constantFrom('unknown', 'limit[]', 'filter', '__proto__', '', 'a.b'), urlString.map(encode)), { freq: 5 });
  return fc.record({ path: pathArbitrary(operation), pairs, extra, auth }).map(({ path: p, pairs: chosen, extra: more, auth: key }) => {
    const parts = chosen.map(([param, v]) => `${param.name}=${v}`);
    if (more) parts.push(`${more[0]}=${more[1]}`);
    // A required query parameter (date of a cycle) is there most of the time.
    for (const required of query.filter((q) => q.required)) if (!chosen.some(([param]) => param === required)) parts.push(`${required.name}=${encode(sample(required)[0]!)}`);
    const dateParams = operation.parameters.filter((q) => q.schema?.format === 'date');
    let invalidDate: string | null = null;
    for (const param of dateParams) {
      const values = param.in === 'path' ? [decodeSafe(p.split('/').at(-1)!)] : chosen.filter(([q]) => q === param).map(([, v]) => decodeSafe(v));
      const bad = values.find((v) => v !== null && /^\d{4}-\d{2}-\d{2}$/.test(v) && !isCalendarDate(v));
      if (bad) invalidDate = `${param.name}=${bad}`;
    }
    return { request: { method: operation.method, path: parts.length ? `${p}?${parts.join('&')}` : p, auth: key }, invalidDate };
  });
}

function decodeSafe(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}

function isCalendarDate(text: string): boolean {
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  const date = new Date(0);
  date.setUTCFullYear(y, m - 1, d);
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}
