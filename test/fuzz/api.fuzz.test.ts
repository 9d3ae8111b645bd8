/**
 * Fuzzing of the REST API (issue 10) against a real `billstream serve` process on a store seeded
 * with the examples, over HTTP. Every route with a body (JSON, text/csv, YAML) gets mutations of
 * a valid example; every GET and DELETE gets odd path parameters and query strings. Each request
 * must be answered within its deadline (one second; ten for bill runs, see api-routes.ts) with a
 * success or a 4xx: problem+json (or the import summary the spec documents for a 422), never a
 * 500. /health must still answer after each target. Budget and replay: see support.ts.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATIONS, EXAMPLE_BODIES, CONTENT_TYPES, NEEDS_A_SESSION, bodyRequest, created, deadlineOf, documentsJson, exampleBody, queryRequest, validPath, type Operation, bodyArbitrary } from './api-routes.ts';
import { API_REGRESSIONS } from './regressions/api.ts';
import { ServerHost, type ApiRequest, type ApiResponse } from './server-host.ts';
import { copyStore, foundCases, fuzz, fuzzTimeout, removeDir, seededTemplate, statsReport } from './support.ts';

const byKey = new Map(OPERATIONS.map((o) => [o.key, o]));
const operation = (key: string) => {
  const found = byKey.get(key);
  if (!found) throw new Error(`openapi.yaml has no operation ${key}`);
  return found;
};

/** What is wrong with an answer, or [] when it is a success or a well-formed 4xx in time. */
function answerProblems(op: Operation | undefined, response: ApiResponse, deadlineMs: number): string[] {
  if (response.kind === 'timeout') return [`no answer within ${deadlineMs} ms`];
  if (response.kind === 'failed') return [`the request failed: ${response.message}`];
  const { status, text } = response;
  const type = response.contentType.split(';')[0]!.trim().toLowerCase();
  if (status >= 500) return [`answered ${status}: ${text.slice(0, 600)}`];
  if (status < 400) {
    if (type === 'application/json' && !parses(text)) return [`answered ${status} with a body that is not JSON`];
    return [];
  }
  if (type === 'application/problem+json') {
    const body = parse(text) as { status?: unknown; title?: unknown; type?: unknown } | null;
    if (!body || body.status !== status || typeof body.title !== 'string' || typeof body.type !== 'string') return [`answered ${status} with a malformed problem: ${text.slice(0, 300)}`];
    return [];
  }
  if (type === 'application/json' && op && documentsJson(op, status)) {
    const body = parse(text) as { rejected?: unknown; errors?: unknown } | null;
    if (!body || typeof body.rejected !== 'number' || !Array.isArray(body.errors)) return [`answered ${status} with a malformed import summary: ${text.slice(0, 300)}`];
    return [];
  }
  return [`answered ${status} as ${response.contentType || 'no content type'}, not application/problem+json: ${text.slice(0, 300)}`];
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
const parses = (text: string) => parse(text) !== null || text.trim() === 'null';

/** A request as a failure message shows it (big bodies abbreviated). */
function describeRequest(request: ApiRequest): string {
  const body = request.body === undefined ? '' : typeof request.body === 'string' ? request.body : `<${request.body.length} bytes>`;
  const shown = body.length > 500 ? `${JSON.stringify(body.slice(0, 500))}… (${body.length} characters)` : JSON.stringify(body);
  const path = request.path.length > 300 ? `${request.path.slice(0, 300)}… (${request.path.length} characters)` : request.path;
  const headers = Object.fromEntries(Object.entries(request.headers ?? {}).map(([name, value]) => [name, value.length > 200 ? `${value.slice(0, 100)}… (${value.length} characters)` : value]));
  return `${request.method} ${path} headers ${JSON.stringify(headers)} auth ${request.auth ?? 'admin'} body ${shown}`;
}

describe('fuzz: REST API', () => {
  let template: string;
  let host: ServerHost;
  /** What each route answered to its valid example on the seeded store. */
  let firstAnswers = new Map<string, string>();

  /** Sends a request and checks the answer; after a failure, a server that no longer answers /health is replaced. */
  async function send(op: Operation | undefined, request: ApiRequest, deadlineMs: number): Promise<ApiResponse & { problems: string[] }> {
    host.clearStderr();
    const response = await host.request(request, deadlineMs);
    const problems = answerProblems(op, response, deadlineMs);
    if (problems.length) {
      const stderr = host.stderrTail();
      if (stderr.trim()) problems.push(`server stderr:\n${stderr}`);
      if (!(await host.healthy())) {
        problems.push(`/health no longer answers${host.running ? '' : ' (the server exited)'}: the server was replaced`);
        await host.restart();
      }
    }
    return { ...response, problems };
  }

  async function check(op: Operation | undefined, request: ApiRequest, deadlineMs: number): Promise<ApiResponse> {
    const response = await send(op, request, deadlineMs);
    if (response.problems.length) throw new Error(`${describeRequest(request)}\n-> ${response.problems.join('\n')}`);
    return response;
  }

  async function expectHealthy(): Promise<void> {
    const healthy = await host.healthy();
    if (!healthy) await host.restart();
    expect(healthy, '/health answers 200 within a second').toBe(true);
  }

  /**
   * Two requests with one Idempotency-Key at once: with different bodies they must not both
   * succeed (one is a 409); with the same body both answers must be the same (the first replayed).
   */
  async function race(op: Operation, a: string, b: string, key: string): Promise<void> {
    const request = (body: string): ApiRequest => ({ method: 'POST', path: validPath(op), headers: { 'content-type': 'application/json', 'idempotency-key': key }, body });
    const [first, second] = (await Promise.all([check(op, request(a), deadlineOf(op)), check(op, request(b), deadlineOf(op))])) as Extract<ApiResponse, { kind: 'response' }>[];
    const succeeded = [first!, second!].filter((r) => r.status < 300);
    if (a !== b && succeeded.length === 2) throw new Error(`two different bodies with Idempotency-Key ${key} both succeeded:\n${describeRequest(request(a))}\n${describeRequest(request(b))}`);
    if (a === b && succeeded.length === 2 && (first!.status !== second!.status || first!.text !== second!.text)) {
      throw new Error(`one body sent twice with Idempotency-Key ${key} got two different answers:\n${first!.status} ${first!.text.slice(0, 300)}\n${second!.status} ${second!.text.slice(0, 300)}`);
    }
  }

  const post = async (path: string, body: unknown, deadlineMs = 30_000) => {
    const response = await check(undefined, { method: 'POST', path, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }, deadlineMs);
    if (response.kind !== 'response' || response.status >= 300) throw new Error(`setup: POST ${path} answered ${JSON.stringify(response).slice(0, 500)}`);
    return JSON.parse(response.text) as Record<string, unknown>;
  };

  /** The seeded store before the setup's runs (replaced by `template` once they are done). */
  let seeded: string | null = null;

  beforeAll(async () => {
    seeded = await seededTemplate();
    host = new ServerHost(seeded);
    await host.start();
    // What the billing routes need: a completed run with issued invoices (and a credit note), a drafted run, a key.
    const issued = await post('/bill-runs', { asOf: '2026-02-01' });
    await post(`/bill-runs/${String(issued.runId)}/approve`, { includeHeld: false, issueDate: '2026-02-05' });
    const drafted = await post('/bill-runs', { asOf: '2026-03-01' });
    created.runIds.push(String(drafted.runId), String(issued.runId));
    const invoices = await check(undefined, { method: 'GET', path: `/invoices?runId=${String(issued.runId)}&status=issued&limit=3` }, 10_000);
    const items = (JSON.parse((invoices as { text: string }).text) as { items: { id: string; number: string }[] }).items;
    if (items.length === 0) throw new Error('setup: the bill run issued no invoices');
    created.invoices.push(...items.map((i) => i.number), items[0]!.id);
    const note = await post(`/invoices/${items[0]!.number}/credit-notes`, { reason: 'setup', lines: [{ line: 0, amount: '0.01' }], issueDate: '2026-02-06' });
    created.creditNotes.push(String(note.number));
    created.keyIds.push(String((await post('/api-keys', { name: 'fuzz reader', roles: ['auditor'] })).id));
    // Every route once with its valid example, creating what the PUTs and sub-resources need.
    firstAnswers = await everyRouteOnce();
    // Later restarts start from here, so that the ids above exist in every server.
    await host.stop(true);
    template = copyStore(host.dataDir!, 'billstream-fuzz-api-template-');
    removeDir(seeded);
    seeded = null;
    host.template = template;
    host.warmup = warmUp;
    await host.start();
    await warmUp();
  }, 180_000);

  /**
   * A new server's first request loads the spec and validator (about 2 s), each route's first use
   * compiles its code (up to a quarter second): one valid request per resource, unchecked, before
   * any input has to meet its deadline.
   */
  async function warmUp(): Promise<void> {
    const resources = new Set<string>();
    for (const op of OPERATIONS.filter((o) => o.method === 'POST' && EXAMPLE_BODIES[o.key])) {
      const resource = op.template.split('/')[1]!;
      if (resources.has(resource)) continue;
      resources.add(resource);
      const body = EXAMPLE_BODIES[op.key]!;
      const contentType = CONTENT_TYPES[body.kind];
      await host.request({ method: 'POST', path: validPath(op), headers: { 'content-type': contentType }, body: exampleBody(body) }, 30_000);
      await host.request({ method: 'GET', path: `/${resource}` }, 30_000);
    }
  }

  /** Every route once, with its valid example or path, each in its own time (unchecked here: the answers are checked by a test). */
  async function everyRouteOnce(): Promise<Map<string, string>> {
    const answers = new Map<string, string>();
    const note = (op: Operation, response: ApiResponse) => answers.set(op.key, response.kind === 'response' ? `${response.status} ${response.text.slice(0, 200)}` : response.kind);
    const bodies = OPERATIONS.filter((o) => o.bodyTypes.length).sort((a, b) => (a.method === 'POST' ? 0 : 1) - (b.method === 'POST' ? 0 : 1));
    for (const op of bodies) {
      const body = EXAMPLE_BODIES[op.key];
      if (!body) continue;
      const contentType = CONTENT_TYPES[body.kind];
      note(op, await host.request({ method: op.method, path: validPath(op), headers: { 'content-type': contentType }, body: exampleBody(body) }, 30_000));
    }
    for (const op of OPERATIONS.filter((o) => !o.bodyTypes.length && o.method === 'GET')) note(op, await host.request({ method: 'GET', path: queryPath(op) }, 30_000));
    return answers;
  }

  afterAll(async () => {
    await host?.close();
    if (template) removeDir(template);
    if (seeded) removeDir(seeded);
    console.log(`API fuzz targets (server restarts: ${host?.restarts ?? 0}):\n${statsReport()}`);
  });

  /** The path of a GET with its required query parameters. */
  function queryPath(op: Operation): string {
    // Required query parameters are dates (asOf), but for the legal entity the accounting reads take.
    const valid = (name: string) => (name === 'entity' ? 'HU1' : '2026-03-15');
    const required = op.parameters.filter((p) => p.in === 'query' && p.required).map((p) => `${p.name}=${valid(p.name)}`);
    return validPath(op) + (required.length ? `?${required.join('&')}` : '');
  }

  it('has a valid example body for every route that takes one', () => {
    const missing = OPERATIONS.filter((o) => o.bodyTypes.length && !EXAMPLE_BODIES[o.key]).map((o) => o.key);
    expect(missing).toEqual([]);
  });

  it('accepts every valid example (so that mutations start from inputs that reach the domain)', () => {
    const refused = [...firstAnswers].filter(([key, answer]) => !/^2\d\d /.test(answer) && !(key in NEEDS_A_SESSION && answer.startsWith(`${NEEDS_A_SESSION[key]} `)));
    expect(refused).toEqual([]);
  });

  describe('regression cases', () => {
    for (const regression of API_REGRESSIONS) {
      it(regression.name, async () => {
        const op = operation(regression.operation);
        const deadline = regression.deadlineMs ?? deadlineOf(op);
        const response = await send(op, regression.request, deadline);
        expect(response.problems).toEqual([]);
        if (regression.status !== undefined && response.kind === 'response') {
          const [min, max] = typeof regression.status === 'number' ? [regression.status, regression.status] : regression.status;
          expect(response.status, response.text.slice(0, 500)).toBeGreaterThanOrEqual(min);
          expect(response.status, response.text.slice(0, 500)).toBeLessThanOrEqual(max);
        }
        await expectHealthy();
      }, 60_000);
    }

    it('Idempotency-Key: two requests racing with one key and different bodies do not both succeed (known defect 5)', async () => {
      for (let attempt = 0; attempt < 5; attempt++) {
        const key = `race-${attempt}-${Date.now()}`;
        const requests = ['FZ-RACE-1', 'FZ-RACE-2'].map((name): ApiRequest => ({
          method: 'POST', path: '/agents', headers: { 'content-type': 'application/json', 'idempotency-key': key }, body: JSON.stringify({ id: `${name}-${attempt}`, name }),
        }));
        const [a, b] = await Promise.all(requests.map((r) => send(operation('POST /agents'), r, 1000)));
        expect([...a!.problems, ...b!.problems]).toEqual([]);
        const statuses = [a, b].map((r) => (r!.kind === 'response' ? r!.status : 0)).sort();
        expect(statuses, 'one succeeds, the other is a 409').toEqual([201, 409]);
      }
    });

    it('Idempotency-Key: two requests racing with one key and one body get the same answer, and create once (known defect 5)', async () => {
      for (let attempt = 0; attempt < 5; attempt++) {
        const request: ApiRequest = {
          method: 'POST', path: '/api-keys', headers: { 'content-type': 'application/json', 'idempotency-key': `race-key-${attempt}-${Date.now()}` }, body: JSON.stringify({ name: `race ${attempt}`, roles: ['auditor'] }),
        };
        const [a, b] = await Promise.all([send(operation('POST /api-keys'), request, 1000), send(operation('POST /api-keys'), request, 1000)]);
        expect([...a!.problems, ...b!.problems]).toEqual([]);
        const keys = await check(undefined, { method: 'GET', path: '/api-keys?limit=1000' }, 1000);
        const named = (JSON.parse((keys as { text: string }).text) as { items: { name: string }[] }).items.filter((k) => k.name === `race ${attempt}`);
        expect(named, 'one key issued').toHaveLength(1);
      }
    });

    for (const found of foundCases('api:')) {
      it(`${found.target}: ${found.file} (${found.failure.slice(0, 80)})`, async () => {
        const saved = found.input as { operation: string; request?: ApiRequest; deadlineMs?: number; invalidDate?: string | null; race?: { a: string; b: string; key: string } };
        const op = operation(saved.operation);
        if (saved.race) {
          await race(op, saved.race.a, saved.race.b, saved.race.key);
          return expectHealthy();
        }
        const { request, deadlineMs, invalidDate } = saved as { request: ApiRequest; deadlineMs: number; invalidDate?: string | null };
        const response = await check(op, request, deadlineMs);
        if (invalidDate && response.kind === 'response') expect(response.status, `${invalidDate} must be refused`).toBeGreaterThanOrEqual(400);
        await expectHealthy();
      }, 60_000);
    }
  });

  /** Routes with a body, fuzzed per resource (the first path segment); the budget grows with the number of routes. */
  const groups = new Map<string, Operation[]>();
  for (const op of OPERATIONS.filter((o) => o.bodyTypes.length)) {
    const resource = op.template.split('/')[1]!;
    const group = ['bill-runs', 'invoices'].includes(resource) ? 'billing' : resource;
    groups.set(group, [...(groups.get(group) ?? []), op]);
  }
  for (const [group, ops] of groups) {
    const budget = Math.max(1, ops.length / 2);
    it(`api:${group} (${ops.map((o) => o.key).join(', ')})`, async () => {
      const input = fc.constantFrom(...ops).chain((op) => bodyRequest(op).map((request) => ({ op, request })));
      await fuzz(`api:${group}`, input, async ({ op, request }) => void (await check(op, request, deadlineOf(op))), ({ op, request }) => ({ operation: op.key, request, deadlineMs: deadlineOf(op) }), budget);
      await expectHealthy();
    }, fuzzTimeout(30_000, budget));
  }

  const withoutBody = OPERATIONS.filter((o) => !o.bodyTypes.length && o.template !== '/health');
  it(`api:query (path parameters and query strings of ${withoutBody.length} GET and DELETE routes)`, async () => {
    const input = fc.constantFrom(...withoutBody).chain((op) => queryRequest(op).map((q) => ({ op, ...q })));
    await fuzz('api:query', input, async ({ op, request, invalidDate }) => {
      const response = await check(op, request, deadlineOf(op));
      if (invalidDate && response.kind === 'response' && response.status < 400) throw new Error(`${describeRequest(request)}\n-> ${response.status}: ${invalidDate} is no calendar date, yet it was accepted`);
    }, ({ op, request, invalidDate }) => ({ operation: op.key, request, deadlineMs: deadlineOf(op), invalidDate }), 3);
    await expectHealthy();
  }, fuzzTimeout(30_000, 3));

  it('api:idempotency-races (two requests with one Idempotency-Key at once)', async () => {
    const racing = ['POST /agents', 'POST /services', 'POST /legal-entities', 'POST /clients', 'POST /fx-rates', 'POST /clients/{id}/communications', 'POST /api-keys'].map(operation);
    const input = fc.constantFrom(...racing).chain((op) => fc.record({
      a: bodyArbitrary(EXAMPLE_BODIES[op.key]!),
      b: fc.option(bodyArbitrary(EXAMPLE_BODIES[op.key]!), { freq: 2 }),
      key: fc.uuid(),
    // JSON routes only: their bodies are text.
    }).map(({ a, b, key }) => ({ op, a: String(a), b: String(b ?? a), key })));
    await fuzz('api:idempotency-races', input, ({ op, a, b, key }) => race(op, a, b, key), ({ op, a, b, key }) => ({ operation: op.key, race: { a, b, key } }));
    await expectHealthy();
  }, fuzzTimeout());
});
