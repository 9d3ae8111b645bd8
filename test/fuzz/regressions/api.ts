/**
 * Requests that failed once (or that random mutation reaches only by luck), replayed on every run
 * with the same checks as the fuzz targets (under 500, problem+json, in time, /health still
 * answering) plus the status each must get. Requests the fuzzers find later are saved as files in
 * ./found/ and replayed too.
 */
import type { ApiRequest } from '../server-host.ts';
import { tariffExamples } from '../support.ts';

export interface ApiRegression {
  name: string;
  /** The operation whose documented responses apply (`POST /tariffs/import`). */
  operation: string;
  request: ApiRequest;
  /** The status it must get: exactly, or a range. */
  status?: number | [number, number];
  deadlineMs?: number;
  note?: string;
}

const homeVoip = tariffExamples().find((t) => t.file === 'home-voip.yaml')!;
const json = (body: unknown) => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const aliasBomb = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...'bcdefghi'.split('').map((c, i) => `${c}: &${c} [${new Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`),
].join('\n');
const CLIENT_ERROR: [number, number] = [400, 499];

export const API_REGRESSIONS: ApiRegression[] = [
  {
    name: 'tariff without a top-level id answers 422 within a second (it hung the server at 100 % CPU)',
    note: 'known defect 1',
    operation: 'POST /tariffs/import',
    request: { method: 'POST', path: '/tariffs/import', ...json({ tariff: homeVoip.text.replace(/^id: .*\n/m, ''), decks: homeVoip.decks }) },
    status: 422,
  },
  {
    name: 'tariff that is a YAML alias bomb answers 422 (it was a 500)',
    note: 'known defect 3',
    operation: 'POST /tariffs/import',
    request: { method: 'POST', path: '/tariffs/import', ...json({ tariff: `${aliasBomb}\n${homeVoip.text}`, decks: homeVoip.decks }) },
    status: 422,
  },
  {
    name: 'tariff amount with a tab ("\\t5.00") answers 200 (Decimal threw: a 500)',
    note: 'found by reader:tariffs; fixed in src/domain/tariff/definition.ts',
    operation: 'POST /tariffs/import',
    request: { method: 'POST', path: '/tariffs/import', ...json({ tariff: homeVoip.text.replace('amount: "5.00"', 'amount: "\\t5.00"'), decks: homeVoip.decks }) },
    status: 200,
  },
  {
    name: 'legal entities upload with 3,000 implicit keys on one line answers 422 (RangeError in the yaml parser: a 500)',
    note: 'found by api:legal-entities (seed 9, a 47 KB body), minimized; src/import/legal-entities.ts',
    operation: 'POST /legal-entities/import',
    request: { method: 'POST', path: '/legal-entities/import', headers: { 'content-type': 'application/yaml' }, body: `- ${'a: '.repeat(3000)}\n- x\n` },
    status: 422,
  },
  {
    name: 'tariff with 3,000 implicit keys on one line answers 422 (RangeError in the yaml parser: a 500)',
    note: 'as above; src/import/yaml.ts',
    operation: 'POST /tariffs/import',
    request: { method: 'POST', path: '/tariffs/import', ...json({ tariff: `id: X\nusage:\n  - ${'a: '.repeat(3000)}\n  - x\n` }) },
    status: 422,
  },
  {
    name: 'legal entities upload with a block sequence nested 5,000 levels, then a line, answers 422 (RangeError in the yaml parser: a 500)',
    note: 'found by api:legal-entities (seed 11), minimized; src/import/legal-entities.ts',
    operation: 'POST /legal-entities/import',
    request: { method: 'POST', path: '/legal-entities/import', headers: { 'content-type': 'application/yaml' }, body: `${'- '.repeat(5000)}x\n- y\n` },
    status: 422,
  },
  {
    name: 'API key with roles nested 10,000 levels answers 400 (uniqueItems compares them recursively: RangeError, a 500)',
    note: 'found by api:idempotency-races (seed 11), minimized; request bodies need a nesting limit before the validator (src/api/app.ts)',
    operation: 'POST /api-keys',
    request: { method: 'POST', path: '/api-keys', headers: { 'content-type': 'application/json' }, body: `{"name":"x","roles":[${'['.repeat(10_000)}${']'.repeat(10_000)},${'['.repeat(10_000)}${']'.repeat(10_000)}]}` },
    status: CLIENT_ERROR,
  },
  {
    name: 'legal entities upload that is a YAML alias bomb answers 422',
    operation: 'POST /legal-entities/import',
    request: { method: 'POST', path: '/legal-entities/import', headers: { 'content-type': 'application/yaml' }, body: `- ${aliasBomb.split('\n').join('\n  ')}\n  id: X1\n` },
    status: 422,
  },
  {
    name: 'legal entities upload starting with a BOM is read like without it (it was rejected whole: 422)',
    note: 'src/import/legal-entities.ts: the yaml library fails on "\\uFEFF- id: …"',
    operation: 'POST /legal-entities/import',
    request: { method: 'POST', path: '/legal-entities/import', headers: { 'content-type': 'application/yaml' }, body: `\uFEFF- id: HU1\n  name: Példa Telekom Kft.\n  country: HU\n  vatId: HU12345676\n  address: { line1: "Váci út 1", city: Budapest, postalCode: "1062" }\n  currency: HUF\n  invoicePrefix: HU1\n` },
    status: 200,
  },
  {
    name: 'rerate since 2026-02-30 is refused (it was accepted)',
    note: 'known defect 4',
    operation: 'POST /usage/rerate',
    request: { method: 'POST', path: '/usage/rerate', ...json({ since: '2026-02-30' }) },
    status: CLIENT_ERROR,
  },
  {
    name: 'rerate since "yesterday" is refused (it was accepted)',
    note: 'known defect 4',
    operation: 'POST /usage/rerate',
    request: { method: 'POST', path: '/usage/rerate', ...json({ since: 'yesterday' }) },
    status: CLIENT_ERROR,
  },
  {
    name: 'bill run as of 9999-12-31 answers 422 (it exhausted the memory)',
    note: 'known defect 2: beyond the 400-day horizon',
    operation: 'POST /bill-runs',
    request: { method: 'POST', path: '/bill-runs', ...json({ asOf: '9999-12-31' }) },
    status: 422,
    deadlineMs: 10_000,
  },
  {
    name: 'client key for a client that does not exist is refused (it was issued: 201)',
    note: 'known defect 7',
    operation: 'POST /api-keys',
    request: { method: 'POST', path: '/api-keys', ...json({ name: 'ghost', roles: ['client'], clientId: 'NO-SUCH-CLIENT' }) },
    status: CLIENT_ERROR,
  },
  {
    name: 'JSON nested 10,000 levels deep answers 400',
    operation: 'POST /bill-runs',
    request: { method: 'POST', path: '/bill-runs', headers: { 'content-type': 'application/json' }, body: `{"asOf":${'['.repeat(10_000)}${']'.repeat(10_000)}}` },
    status: 400,
  },
  {
    name: 'JSON object nested 100,000 levels deep in a free-form field answers 400',
    operation: 'POST /services',
    request: { method: 'POST', path: '/services', headers: { 'content-type': 'application/json' }, body: `{"id":"X","category":"voip","name":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}` },
    status: 400,
  },
  {
    name: 'a body over the 10 MB limit answers 413',
    operation: 'POST /usage',
    request: { method: 'POST', path: '/usage', ...json({ records: [{ recordId: 'x'.repeat(11 * 1024 * 1024), source: 's', identifier: 'i', type: 'voice', startTime: '2026-03-11T08:15:00Z' }] }) },
    status: 413,
    deadlineMs: 5000,
  },
  {
    name: 'a malformed percent escape in a path parameter answers 400',
    operation: 'GET /clients/{id}',
    request: { method: 'GET', path: '/clients/%E0%A4%A' },
    status: 400,
  },
  {
    name: 'a URL over the 16 KB request head limit answers 431 problem+json (it was an empty 431 from Node)',
    note: 'needs server.on(\'clientError\', answerClientError) (src/api/problems.ts) in tools/serve.ts',
    operation: 'GET /clients/{id}',
    request: { method: 'GET', path: `/clients/${'x'.repeat(100_000)}` },
    status: 431,
  },
  {
    name: 'headers over the 16 KB request head limit answer 431 problem+json',
    note: 'as above',
    operation: 'POST /agents',
    request: { method: 'POST', path: '/agents', headers: { 'content-type': 'application/json', 'idempotency-key': 'k'.repeat(20_000) }, body: '{"id":"A","name":"x"}' },
    status: 431,
  },
  {
    name: 'a JSON body in an unsupported charset answers 415',
    operation: 'POST /agents',
    request: { method: 'POST', path: '/agents', headers: { 'content-type': 'application/json; charset=latin1' }, body: '{"id":"A","name":"x"}' },
    status: CLIENT_ERROR,
  },
  {
    name: 'an escaped lone surrogate and 1e309 in a client',
    operation: 'POST /clients',
    request: {
      method: 'POST',
      path: '/clients',
      headers: { 'content-type': 'application/json' },
      body: '{"id":"FZ-SURROGATE","type":"person","name":"\\ud800","country":"HU","language":"hu","currency":"HUF","timeZone":"Europe/Budapest","address":{"line1":"x","city":"y","postalCode":1e309}}',
    },
    status: CLIENT_ERROR,
  },
  {
    name: 'cycle usage for 2026-02-30 is refused (it answered the February cycle)',
    note: 'fixed in src/app/usage/cycle-usage.ts',
    operation: 'GET /subscriptions/{id}/usage',
    request: { method: 'GET', path: '/subscriptions/S-0001/usage?date=2026-02-30' },
    status: 400,
  },
  {
    name: 'usage of a client without subscriptions for 2026-00-10 is refused (it answered 200: no subscription reached the check)',
    note: 'found by api:query (seed 11); src/api/routes/usage.ts (usageOf) should check the date itself',
    operation: 'GET /clients/{id}/usage',
    request: { method: 'GET', path: '/clients/FZ-C1/usage?date=2026-00-10' },
    status: CLIENT_ERROR,
  },
  {
    name: 'usage of a service point without subscriptions for 2026-02-30 is refused',
    note: 'as above',
    operation: 'GET /service-points/{id}/usage',
    request: { method: 'GET', path: '/service-points/FZ-SP1/usage?date=2026-02-30' },
    status: CLIENT_ERROR,
  },
  {
    name: 'fx rates from 2026-02-30 is refused (it answered the rates from March)',
    note: 'fixed in src/api/routes/fx-rates.ts',
    operation: 'GET /fx-rates',
    request: { method: 'GET', path: '/fx-rates?from=2026-02-30' },
    status: 400,
  },
  {
    name: 'an If-Match that is no ETag of ours answers 412',
    operation: 'PUT /agents/{id}',
    request: { method: 'PUT', path: '/agents/FZ-A1', headers: { 'content-type': 'application/json', 'if-match': 'W/"1e308"' }, body: '{"name":"x"}' },
    status: 412,
  },
];
