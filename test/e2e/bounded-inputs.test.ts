/**
 * Single requests and files that once stopped billstream (issue 10), each against real
 * processes: a hang is a killed process or a timed-out request here, never a stalled suite.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { temporaryDataDir } from '../support/billstream.ts';
import { runBillstream, startServer, type ServerProcess } from '../support/processes.ts';

const HOME_VOIP = fs.readFileSync('examples/tariffs/home-voip.yaml', 'utf8');
const ALIAS_BOMB = [
  'a: &a ["x","x","x","x","x","x","x","x","x"]',
  'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
  'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
  'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
  'h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]',
  'i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]',
].join('\n');

interface Problem {
  status: number;
  title: string;
  detail?: string;
  errors?: { field?: string; message?: string }[];
}

describe('bounded inputs (issue 10)', () => {
  const dir = temporaryDataDir('billstream-bounded-');
  const data = path.join(dir, 'data');
  let server: ServerProcess;

  const post = (route: string, body: unknown, headers: Record<string, string> = {}) =>
    server.request(route, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers, timeoutMs: 5_000 });

  beforeAll(async () => {
    for (const [kind, file] of [['legal-entities', 'examples/legal-entities.yaml'], ['partners', 'examples/partners.csv'], ['clients', 'examples/clients.csv']]) {
      const run = await runBillstream(['--data', data, 'import', kind!, file!, '--json']);
      expect(run.code, run.stderr).toBe(0);
    }
    server = await startServer(data);
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('a tariff without an id (once 100 % CPU for ever)', () => {
    it('is refused by the CLI with the line and column of the problem, at once', async () => {
      const tariffs = path.join(dir, 'tariffs');
      fs.cpSync('examples/tariffs/decks', path.join(tariffs, 'decks'), { recursive: true });
      const file = path.join(tariffs, 'no-id.yaml');
      fs.writeFileSync(file, HOME_VOIP.replace(/^id: .*\n/m, ''));
      const run = await runBillstream(['--data', data, 'import', 'tariffs', file], { timeoutMs: 30_000 });
      expect(run.timedOut).toBe(false);
      expect(run.code).toBe(1);
      expect(run.stdout + run.stderr).toMatch(/no-id\.yaml:1:1: .*id/);
    }, 40_000);

    it.each([
      ['a plain string', { tariff: 'x' }],
      ['an empty text', { tariff: '' }],
      ['a 5 MB string', { tariff: 'x'.repeat(5 * 1024 * 1024) }],
      ['the example without its id', { tariff: HOME_VOIP.replace(/^id: .*\n/m, '').replace(/deck: .*\n/, '') }],
    ])('is refused over REST as %s with a 422, and the server keeps answering', async (_name, body) => {
      const response = await post('/tariffs/import', body);
      expect(response.status).toBe(422);
      const summary = (await response.json()) as { rejected: number; errors: { line: number; column: number; reason: string }[] };
      expect(summary.rejected).toBe(1);
      expect(summary.errors.length).toBeGreaterThan(0);
      expect((await server.request('/health', { timeoutMs: 2_000 })).status).toBe(200);
    }, 20_000);
  });

  describe('one YAML reader with the same limits for every YAML input', () => {
    it('refuses an alias bomb as a 422 in a tariff and in legal entities alike', async () => {
      const tariff = await post('/tariffs/import', { tariff: ALIAS_BOMB });
      expect(tariff.status).toBe(422);
      const tariffReasons = ((await tariff.json()) as { errors: { reason: string }[] }).errors.map((e) => e.reason);
      const entities = await server.request('/legal-entities/import', { method: 'POST', body: ALIAS_BOMB, headers: { 'Content-Type': 'application/yaml' }, timeoutMs: 5_000 });
      expect(entities.status).toBe(422);
      const entityReasons = ((await entities.json()) as { errors: { reason: string }[] }).errors.map((e) => e.reason);
      expect(tariffReasons.join()).toMatch(/alias/i);
      expect(entityReasons).toEqual(tariffReasons);
    });

    it('refuses nesting 50,000 deep (it once exhausted the parser) and a file over the size limit', async () => {
      const deep = await post('/tariffs/import', { tariff: `id: [${'['.repeat(50_000)}` });
      expect(deep.status).toBe(422);
      expect(JSON.stringify(await deep.json())).toMatch(/nested more than 64 deep/);
      const large = await server.request('/legal-entities/import', { method: 'POST', body: `# ${'x'.repeat(2 * 1024 * 1024)}\n`, headers: { 'Content-Type': 'application/yaml' }, timeoutMs: 5_000 });
      expect(large.status).toBe(422);
      expect(JSON.stringify(await large.json())).toMatch(/more than the 1048576 a YAML file may have/);
    });
  });

  describe('usage "since" is a date or an instant', () => {
    it.each(['2026-02-30', 'yesterday', '2026-10-01T25:00:00Z'])('refuses since=%s for re-rating and listing', async (since) => {
      const rerate = await post('/usage/rerate', { since });
      expect(rerate.status).toBe(422);
      expect(rerate.headers.get('content-type')).toContain('application/problem+json');
      expect(((await rerate.json()) as Problem).errors?.[0]?.field).toBe('since');
      const list = await server.request(`/usage/records?since=${encodeURIComponent(since)}`);
      expect(list.status).toBe(422);
    });

    it('takes a calendar date and an instant with an offset', async () => {
      expect((await post('/usage/rerate', { since: '2026-10-01' })).status).toBe(200);
      expect((await post('/usage/rerate', { since: '2026-10-01T02:00:00+02:00' })).status).toBe(200);
      expect((await server.request('/usage/records?since=2026-10-01')).status).toBe(200);
    });
  });

  describe('bill runs as of a date far ahead (once out of memory, again at every restart)', () => {
    it('refuses an as-of date beyond the 400-day horizon with a 422 naming the latest allowed date', async () => {
      const response = await post('/bill-runs', { asOf: '9999-12-31' });
      expect(response.status).toBe(422);
      const body = (await response.json()) as Problem;
      expect(body.errors?.[0]?.field).toBe('asOf');
      expect(body.detail).toMatch(/more than 400 days after today .* the latest as-of date is \d{4}-\d{2}-\d{2}/);
      const runs = (await (await server.request('/bill-runs')).json()) as { items: unknown[] };
      expect(runs.items).toEqual([]);
    });
  });

  describe('Idempotency-Key claims the key before the handler runs', () => {
    it('runs twenty parallel requests with one key once, and the others replay its answer', async () => {
      const body = { records: [{ recordId: 'idem-1', source: 'sw-idem', identifier: '+3611111111', type: 'voice', startTime: '2026-10-11T08:15:00Z', durationSeconds: 60, calledNumber: '+3612345678' }] };
      const responses = await Promise.all(Array.from({ length: 20 }, () => post('/usage', body, { 'Idempotency-Key': 'parallel-usage-1' })));
      const texts = await Promise.all(responses.map((r) => r.text()));
      expect(new Set(responses.map((r) => r.status)).size).toBe(1);
      expect(new Set(texts).size).toBe(1);
      expect(responses.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(19);
      expect(JSON.parse(texts[0]!)).toMatchObject({ created: 1 });
    });

    it('takes the same body with its keys in another order as the same request', async () => {
      const first = await post('/usage/rerate', { unresolvedOnly: true, since: '2026-10-01' }, { 'Idempotency-Key': 'key-order-1' });
      const again = await post('/usage/rerate', '{"since":"2026-10-01","unresolvedOnly":true}', { 'Idempotency-Key': 'key-order-1' });
      expect(first.status).toBe(200);
      expect(again.status).toBe(200);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(await again.json()).toEqual(await first.json());
      const other = await post('/usage/rerate', { unresolvedOnly: false, since: '2026-10-01' }, { 'Idempotency-Key': 'key-order-1' });
      expect(other.status).toBe(409);
    });
  });

  describe('API keys', () => {
    it('refuses a client key for a client that does not exist, and issues one for a client that does', async () => {
      const unknown = await post('/api-keys', { name: 'nobody', roles: ['client'], clientId: 'NO-SUCH-CLIENT' });
      expect(unknown.status).toBe(422);
      expect(((await unknown.json()) as Problem).errors?.[0]).toMatchObject({ field: 'clientId' });
      const known = await post('/api-keys', { name: 'Anna', roles: ['client'], clientId: 'C-0001' });
      expect(known.status).toBe(201);
    });
  });
});
