/** The `billstream` command as users run it: a real process on a real data folder. */
import fs from 'node:fs';
import path from 'node:path';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { temporaryDataDir } from '../support/billstream.ts';

const BIN = path.resolve('bin/billstream');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function billstream(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const GOOD = `- id: HU1
  name: Példa Telekom Kft.
  country: HU
  vatId: HU12345676
  address: { line1: "Váci út 1", city: Budapest, postalCode: "1062" }
  currency: HUF
  invoicePrefix: HU1
- id: DE1
  name: Beispiel GmbH
  country: DE
  vatId: DE123456788
  address: { line1: "Hauptstr. 1", city: Berlin, postalCode: "10115" }
  currency: EUR
  invoicePrefix: DE1
`;

const BROKEN = `- id: AT1
  name: Beispiel Telekom GmbH
  country: AT
  vatId: ATU12345675
  address: { line1: "Ring 1", city: Wien, postalCode: "1010" }
  currency: EUR
  invoicePrefix: AT1
- id: XX1
  name: Nowhere Ltd
  country: XX
  address: { line1: "1 Road", city: Nowhere }
  currency: EUR
  invoicePrefix: XX1
- id: AT1
  name: Duplicate
  country: AT
  address: { line1: "Ring 2", city: Wien }
  currency: EUR
  invoicePrefix: AT2
`;

function write(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

describe('billstream CLI', () => {
  const children: ChildProcess[] = [];
  afterAll(() => children.forEach((c) => c.kill('SIGKILL')));

  it('imports legal entities, and the same file again reports all unchanged', async () => {
    const dir = temporaryDataDir();
    const file = write(dir, 'legal-entities.yaml', GOOD);
    const first = await billstream(['--data', path.join(dir, 'data'), 'import', 'legal-entities', file]);
    expect(first).toMatchObject({ code: 0 });
    expect(first.stdout).toContain('2 created, 0 updated, 0 unchanged, 0 rejected');
    const second = await billstream(['--data', path.join(dir, 'data'), 'import', 'legal-entities', file, '--json']);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toEqual({ created: 0, updated: 0, unchanged: 2, rejected: 0, errors: [] });
    const changed = write(dir, 'changed.yaml', GOOD.replace('Beispiel GmbH', 'Beispiel AG'));
    const third = await billstream(['--data', path.join(dir, 'data'), 'import', 'legal-entities', changed, '--json']);
    expect(JSON.parse(third.stdout)).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
  }, 30_000);

  it('reports each bad entry with file, line, column and reason, imports the good ones, and exits non-zero', async () => {
    const dir = temporaryDataDir();
    const file = write(dir, 'broken.yaml', BROKEN);
    const run = await billstream(['--data', path.join(dir, 'data'), 'import', 'legal-entities', file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${file}:10:12: country: "XX" is not an ISO 3166-1 alpha-2 country code`);
    expect(run.stderr).toMatch(new RegExp(`${file}:14:7: id: AT1 appears twice in this file \\(first at line 1\\)`));
    expect(run.stdout).toContain('1 created, 0 updated, 0 unchanged, 2 rejected');
    const json = await billstream(['--data', path.join(dir, 'data'), 'import', 'legal-entities', file, '--json']);
    expect(JSON.parse(json.stdout)).toEqual({
      created: 0, updated: 0, unchanged: 1, rejected: 2,
      errors: [
        { line: 10, column: 12, reason: 'country: "XX" is not an ISO 3166-1 alpha-2 country code' },
        { line: 14, column: 7, reason: 'id: AT1 appears twice in this file (first at line 1)' },
      ],
    });
  }, 30_000);

  it('--all-or-nothing imports nothing from a file with a bad entry', async () => {
    const dir = temporaryDataDir();
    const data = path.join(dir, 'data');
    const run = await billstream(['--data', data, 'import', 'legal-entities', write(dir, 'broken.yaml', BROKEN), '--all-or-nothing', '--json']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ created: 0, rejected: 2 });
    const good = await billstream(['--data', data, 'import', 'legal-entities', write(dir, 'at.yaml', BROKEN.split('- id: XX1')[0]!), '--json']);
    expect(JSON.parse(good.stdout)).toMatchObject({ created: 1 });
  }, 30_000);

  it('says clearly when the data folder holds a corrupt store, and leaves it alone', async () => {
    const dir = temporaryDataDir();
    const data = path.join(dir, 'data');
    fs.mkdirSync(data);
    fs.writeFileSync(path.join(data, 'events.db'), 'not a database '.repeat(100));
    const run = await billstream(['--data', data, 'import', 'legal-entities', write(dir, 'le.yaml', GOOD)]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/events\.db is corrupt or not a SQLite database/);
    expect(fs.readFileSync(path.join(data, 'events.db'), 'utf8')).toBe('not a database '.repeat(100));
  }, 30_000);

  it('rebuilds the read models from the events with replay, to the same result', async () => {
    const dir = temporaryDataDir();
    const data = path.join(dir, 'data');
    await billstream(['--data', data, 'import', 'legal-entities', write(dir, 'le.yaml', GOOD)]);
    const replay = await billstream(['--data', data, 'replay', 'legal-entities']);
    expect(replay.code).toBe(0);
    expect(replay.stdout).toMatch(/projection:legal-entities: rebuilt from 2 events/);
    const again = await billstream(['--data', data, 'import', 'legal-entities', write(dir, 'le2.yaml', GOOD), '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ unchanged: 2 });
    const unknown = await billstream(['--data', data, 'replay', 'planets']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown projection planets; known: ');
    expect(unknown.stderr).toContain('billing-views (bill-runs, invoices, credit-notes, payments, receivables, journal, dashboard)');
    // A member of a group names its group: the journal is rebuilt with the views that share its checkpoint, once.
    const member = await billstream(['--data', data, 'replay', 'journal', 'invoices']);
    expect(member.code).toBe(0);
    expect(member.stdout.match(/^projection:[^:]+/gm)).toEqual(['projection:billing-views']);
  }, 30_000);

  it('imports the examples, and importing them again reports every row unchanged', async () => {
    const data = path.join(temporaryDataDir(), 'data');
    // In dependency order: each kind names only entities of the kinds before it.
    const kinds = [
      ['legal-entities', 'examples/legal-entities.yaml'], ['partners', 'examples/partners.csv'], ['clients', 'examples/clients.csv'], ['contracts', 'examples/contracts.csv'],
      ['service-points', 'examples/service-points.csv'], ['tariffs', 'examples/tariffs'], ['subscriptions', 'examples/subscriptions.csv'],
    ];
    for (const [kind, file] of kinds) {
      const run = await billstream(['--data', data, 'import', kind!, file!, '--json']);
      expect(run.code, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ updated: 0, unchanged: 0, rejected: 0, errors: [] });
    }
    for (const [kind, file] of kinds) {
      const run = await billstream(['--data', data, 'import', kind!, file!, '--json']);
      const summary = JSON.parse(run.stdout);
      expect(summary).toMatchObject({ created: 0, updated: 0, rejected: 0 });
      expect(summary.unchanged).toBeGreaterThan(0);
    }
    // Fourteen CLI processes, each starting Node and tsx: 20 s on a quiet 2-core machine, near 60 s under load.
  }, 120_000);

  it('reports a broken CSV file row by row with file:line:column and exits 1', async () => {
    const dir = temporaryDataDir();
    const data = path.join(dir, 'data');
    const file = write(dir, 'clients.csv', [
      'client_id,type,name,country,language,currency,vat_id,time_zone,email,address_line1,city,postal_code,partner_id',
      'C-1,person,Good,HU,hu,HUF,,Europe/Budapest,,,,,',
      'C-2,person,"Broken,HU,hu,HUF,,Europe/Budapest,,,,,',
    ].join('\n'));
    const run = await billstream(['--data', data, 'import', 'clients', file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('1 created, 0 updated, 0 unchanged, 1 rejected');
    expect(run.stderr).toContain(`${file}:3:3: unterminated quoted field (opened on line 3)`);
  }, 30_000);

  it('imports usage, lists the unresolved records and rates them again', async () => {
    const dir = temporaryDataDir();
    const data = path.join(dir, 'data');
    const usage = write(dir, 'usage.csv', [
      'record_id,source,identifier,type,start_time,duration_s,called_number,bytes_in,bytes_out,quantity',
      'r1,sw1,+3612345678,voice,2026-10-11T08:15:00Z,60,+4930123456,,,',
      'r1,sw1,+3612345678,voice,2026-10-11T08:15:00Z,60,+4930123456,,,',
    ].join('\n'));
    const imported = await billstream(['--data', data, 'import', 'usage', usage, '--json']);
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ created: 1, rejected: 0, duplicates: 1, unresolved: 1 });
    const listed = await billstream(['--data', data, 'usage', 'unresolved', '--json']);
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ source: 'sw1', recordId: 'r1', reason: 'unknown-identifier', identifier: '+3612345678' })]);
    const rerated = await billstream(['--data', data, 'usage', 'rerate', '--unresolved', '--json']);
    expect(JSON.parse(rerated.stdout)).toMatchObject({ selected: 1, unchanged: 1, unresolved: 1 });
  }, 30_000);

  it('rates nothing twice when an import is killed in the middle of a file and run again', async () => {
    const dir = temporaryDataDir();
    const data = path.join(dir, 'data');
    const rows = ['record_id,source,identifier,type,start_time,duration_s,called_number,bytes_in,bytes_out,quantity'];
    for (let i = 0; i < 30_000; i++) rows.push(`k${i},sw1,+36${String(10_000_000 + (i % 500))},voice,2026-10-11T08:15:00Z,60,+4930123456,,,`);
    const file = write(dir, 'usage.csv', rows.join('\n'));
    const child = spawn(process.execPath, [BIN, '--data', data, 'import', 'usage', file], { stdio: 'ignore' });
    children.push(child);
    let finished = false;
    const exited = new Promise((r) => child.once('exit', () => { finished = true; r(undefined); }));
    // Kill it once some records are recorded but before the file is done.
    const eventsFile = path.join(data, 'events.db');
    const written = () => {
      if (!fs.existsSync(eventsFile)) return 0;
      const db = new Database(eventsFile, { readonly: true, fileMustExist: true });
      try {
        return (db.prepare("SELECT count(*) FROM events WHERE type = 'UsageRecorded'").pluck().get() as number) ?? 0;
      } catch {
        return 0;
      } finally {
        db.close();
      }
    };
    while (!finished && written() < 5_000) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await exited;
    const recordedBeforeRestart = written();
    expect(recordedBeforeRestart).toBeGreaterThan(0);
    expect(recordedBeforeRestart).toBeLessThan(30_000);
    const again = await billstream(['--data', data, 'import', 'usage', file, '--json']);
    expect(again.code).toBe(0);
    const summary = JSON.parse(again.stdout);
    expect(summary.created + summary.duplicates).toBe(30_000);
    const { openSqliteEventStore } = await import('../../src/eventstore/sqlite/sqlite-event-store.ts');
    const store = openSqliteEventStore(path.join(data, 'events.db'));
    try {
      const counts = new Map<string, number>();
      let after: number | undefined;
      for (;;) {
        const page = await store.readAll({ after, filter: { eventTypePrefixes: ['UsageRecorded', 'UsageUnresolved', 'UsageRated'] }, limit: 5000 });
        if (page.length === 0) break;
        for (const e of page) counts.set(`${e.streamId}:${e.type}`, (counts.get(`${e.streamId}:${e.type}`) ?? 0) + 1);
        after = page[page.length - 1]!.position;
      }
      const perType = (type: string) => [...counts.entries()].filter(([k]) => k.endsWith(`:${type}`));
      expect(perType('UsageRecorded').length).toBe(30_000);
      expect(perType('UsageRecorded').every(([, n]) => n === 1)).toBe(true);
      expect(perType('UsageUnresolved').length).toBe(30_000);
      expect(perType('UsageUnresolved').every(([, n]) => n === 1)).toBe(true);
    } finally {
      await store.close();
    }
    // The views (built by the import's processing worker, which died with the first process and
    // ran again with the second) hold every record once.
    const views = new Database(path.join(data, 'read.db'), { readonly: true, fileMustExist: true });
    try {
      expect(views.prepare('SELECT count(*) FROM rm_usage_records').pluck().get()).toBe(30_000);
      expect(views.prepare("SELECT count(*) FROM rm_usage_records WHERE json_extract(doc, '$.ratings') = 1").pluck().get()).toBe(30_000);
      expect(views.prepare('SELECT count(*) FROM rm_unresolved_usage').pluck().get()).toBe(30_000);
    } finally {
      views.close();
    }
  }, 120_000);

  it('explains wrong usage with exit status 2', async () => {
    expect((await billstream(['import', 'planets', 'x.yaml'])).code).toBe(2);
    const unknown = await billstream(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command frobnicate');
  }, 30_000);

  it('shares a data folder with a running server: what the CLI imports the API lists at once', async () => {
    const dir = temporaryDataDir();
    const data = path.join(dir, 'data');
    const server = spawn(process.execPath, [BIN, '--data', data, 'serve', '--port', '0'], { env: { ...process.env, BILLSTREAM_ADMIN_KEY: 'shared-admin-key' } });
    children.push(server);
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      server.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /listening on (http:\/\/localhost:\d+)/.exec(out);
        if (match) resolve(match[1]!);
      });
      server.once('exit', (code) => reject(new Error(`server exited ${code}`)));
    });
    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(200);
    const docs = await fetch(`${url}/docs`);
    expect(docs.status).toBe(200);

    const imported = await billstream(['--data', data, 'import', 'legal-entities', write(dir, 'le.yaml', GOOD), '--json']);
    expect(JSON.parse(imported.stdout)).toMatchObject({ created: 2 });
    const list = await fetch(`${url}/legal-entities`, { headers: { Authorization: 'Bearer shared-admin-key' } });
    expect(((await list.json()) as { items: { id: string }[] }).items.map((e) => e.id)).toEqual(['DE1', 'HU1']);

    // And the other way round: what the API writes, the CLI sees (re-import is unchanged for DE1).
    const put = await fetch(`${url}/legal-entities/DE1`, {
      method: 'PUT',
      headers: { Authorization: 'Bearer shared-admin-key', 'Content-Type': 'application/json', 'If-Match': 'W/"0"' },
      body: JSON.stringify({ name: 'Beispiel AG', country: 'DE', vatId: 'DE123456788', address: { line1: 'Hauptstr. 1', city: 'Berlin', postalCode: '10115' }, currency: 'EUR', invoicePrefix: 'DE1' }),
    });
    expect(put.status).toBe(200);
    const again = await billstream(['--data', data, 'import', 'legal-entities', write(dir, 'le2.yaml', GOOD.replace('Beispiel GmbH', 'Beispiel AG')), '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }, 60_000);

  it('prints a generated admin key once on the first start of an empty store', async () => {
    const dir = temporaryDataDir();
    const data = path.join(dir, 'data');
    const env = { ...process.env };
    delete env.BILLSTREAM_ADMIN_KEY;
    const start = async () => {
      const server = spawn(process.execPath, [BIN, '--data', data, 'serve', '--port', '0'], { env });
      children.push(server);
      const out = await new Promise<string>((resolve, reject) => {
        let text = '';
        server.stdout!.on('data', (chunk: Buffer) => {
          text += chunk.toString();
          if (/listening on/.test(text)) resolve(text);
        });
        server.once('exit', (code) => reject(new Error(`server exited ${code}`)));
      });
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
      return out;
    };
    const first = await start();
    const key = /\n {2}(bsk_\S+)\n/.exec(first)?.[1];
    expect(key).toBeDefined();
    const second = await start();
    expect(second).not.toContain('bsk_');
  }, 60_000);
});
