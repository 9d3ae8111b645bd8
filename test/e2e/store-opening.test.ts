/**
 * Opening a data folder whose event log lost what the read models reflect (events.db deleted,
 * emptied or cut back while read.db survived), or that is no folder at all: every command and
 * `serve` stop with exit 3 naming the file and what to do, and leave the folder as it was.
 * `verify` and `replay --check` open such a folder to report it, and change no event log:
 * they run no saga (a saga's event would also fill the place of the events removed).
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { temporaryDataDir } from '../support/billstream.ts';
import { BIN, runBillstream } from '../support/processes.ts';
import { GERMAN_SELLER, LINE_RENTAL_TARIFF, lineRentalCrm } from '../support/small-billing.ts';

const ENV = { BILLSTREAM_TIME_ZONE: 'Europe/Berlin', BILLSTREAM_BILL_RUNS: 'off' };
const cli = (data: string, args: string[]) => runBillstream(['--data', data, ...args], { env: ENV, timeoutMs: 120_000 });

function events(data: string): { count: number; head: number | null; types: string[] } {
  const db = new Database(path.join(data, 'events.db'), { readonly: true, fileMustExist: true });
  try {
    const types = db.prepare('SELECT type FROM events ORDER BY position').pluck().all() as string[];
    return { count: types.length, head: db.prepare('SELECT max(position) FROM events').pluck().get() as number | null, types };
  } finally {
    db.close();
  }
}

/** `billstream serve` to its exit (it must not start): status and everything it printed. */
function serveExit(data: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, '--data', data, 'serve', '--port', '0'], { env: { ...process.env, ...ENV }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('opening a data folder', () => {
  let base: string;
  const copy = () => {
    const data = path.join(temporaryDataDir('billstream-store-opening-'), 'data');
    fs.cpSync(base, data, { recursive: true });
    return data;
  };

  beforeAll(async () => {
    const dir = temporaryDataDir('billstream-store-opening-base-');
    base = path.join(dir, 'data');
    const write = (name: string, text: string) => {
      const file = path.join(dir, name);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
      return file;
    };
    const files: [string, string][] = [
      ['legal-entities', write('legal-entities.yaml', GERMAN_SELLER)],
      ['tariffs', path.dirname(write('tariffs/t-line.yaml', LINE_RENTAL_TARIFF))],
      ...lineRentalCrm(3).map(([kind, text]): [string, string] => [kind, write(`${kind}.csv`, text)]),
    ];
    for (const [kind, file] of files) {
      const imported = await cli(base, ['import', kind, file]);
      expect(imported.code, imported.stderr + imported.stdout).toBe(0);
    }
    // Issued by the CLI: the documents saga has not rendered them yet (it runs in a server's background).
    const billed = await cli(base, ['bill-run', '--as-of', '2026-11-01', '--approve', '--issue-date', '2026-11-02', '--json']);
    expect(billed.code, billed.stderr).toBe(0);
  }, 300_000);

  it('verify and replay --check append nothing, not even the documents pending after a CLI bill run', async () => {
    const data = copy();
    const before = events(data);
    expect(before.types).toContain('InvoiceIssued');
    expect(before.types).not.toContain('InvoiceDocumentsRendered');

    const verify = await cli(data, ['verify', '--json']);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, checked: { events: before.count, invoices: 3 } });
    const check = await cli(data, ['replay', '--check', '--json']);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    expect(JSON.parse(check.stdout)).toMatchObject({ ok: true, target: before.head });

    expect(events(data)).toEqual(before);
  }, 120_000);

  it('refuses an emptied events.db beside a read.db that reflects events: exit 3, the file named, the folder left as it was', async () => {
    const data = copy();
    fs.truncateSync(path.join(data, 'events.db'), 0);

    const served = await serveExit(data);
    expect(served.code, served.output).toBe(3);
    expect(served.output).toContain(`${path.join(data, 'events.db')} is empty (0 bytes), but ${path.join(data, 'read.db')} reflects events up to position`);
    expect(served.output).toContain('Restore events.db from the backup, or remove read.db as well to start a new installation');
    expect(served.output).not.toMatch(/bsk_|admin API key|listening/);
    for (const args of [['keys', 'create', '--name', 'x', '--role', 'admin'], ['invoices'], ['import', 'legal-entities', path.join(path.dirname(data), 'none.yaml')]]) {
      const run = await cli(data, args);
      expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(3);
      expect(run.stderr).toMatch(/^billstream: .*events\.db is empty \(0 bytes\)/);
      expect(run.stdout).toBe('');
    }
    expect(fs.statSync(path.join(data, 'events.db')).size).toBe(0);
    expect(fs.readdirSync(data).filter((f) => f.startsWith('events.db'))).toEqual(['events.db']);

    // verify opens it to say what is wrong, and leaves it empty.
    const verify = await cli(data, ['verify', '--json']);
    expect(verify.code).toBe(1);
    expect(JSON.parse(verify.stdout).findings).toEqual([expect.objectContaining({ check: 'chain', kind: 'truncated', message: expect.stringContaining('the log holds no events') })]);
    expect(fs.statSync(path.join(data, 'events.db')).size).toBe(0);
  }, 120_000);

  it('refuses a deleted events.db and creates none; removing read.db as well starts a new installation', async () => {
    const data = copy();
    fs.rmSync(path.join(data, 'events.db'));

    const served = await serveExit(data);
    expect(served.code, served.output).toBe(3);
    expect(served.output).toContain(`${path.join(data, 'events.db')} is missing, but`);
    const listed = await cli(data, ['invoices']);
    expect(listed.code).toBe(3);
    expect(listed.stderr).toContain('the event log was lost');
    expect(fs.existsSync(path.join(data, 'events.db'))).toBe(false);

    fs.rmSync(path.join(data, 'read.db'));
    const fresh = await cli(data, ['invoices']);
    expect(fresh.code, fresh.stderr).toBe(0);
  }, 120_000);

  it('refuses a log whose newest events were removed; verify reports it as truncated and appends nothing', async () => {
    const data = copy();
    const { head } = events(data);
    const db = new Database(path.join(data, 'events.db'));
    db.prepare('DELETE FROM events WHERE position > ?').run(head! - 2);
    db.close();

    const listed = await cli(data, ['invoices']);
    expect(listed.code).toBe(3);
    expect(listed.stderr).toContain(`${path.join(data, 'events.db')} ends at position ${head! - 2}, but ${path.join(data, 'read.db')} reflects events up to position ${head}`);
    expect(listed.stderr).toContain('`billstream verify` reports the log as truncated');
    const served = await serveExit(data);
    expect(served.code, served.output).toBe(3);

    const verify = await cli(data, ['verify', '--json']);
    expect(verify.code).toBe(1);
    const findings = (JSON.parse(verify.stdout) as { findings: { check: string }[] }).findings;
    expect(findings.filter((f) => f.check === 'chain')).toEqual([expect.objectContaining({ kind: 'truncated', position: head, message: expect.stringContaining(`but the log ends at ${head! - 2}`) })]);
    expect(events(data).head).toBe(head! - 2);
  }, 120_000);

  it('names a --data that is a file in one line, exit 3', async () => {
    const file = path.join(temporaryDataDir('billstream-store-opening-file-'), 'data');
    fs.writeFileSync(file, 'hi\n');
    const served = await serveExit(file);
    expect(served.code).toBe(3);
    expect(served.output.trim()).toBe(`billstream: ${file} is a file, not a folder: it cannot hold the event store events.db`);
    const run = await cli(path.join(file, 'sub'), ['invoices']);
    expect(run.code).toBe(3);
    expect(run.stderr.trim()).toBe(`billstream: ${file} is a file, not a folder: ${path.join(file, 'sub')} cannot be created for the event store events.db`);
    expect(fs.readFileSync(file, 'utf8')).toBe('hi\n');
  }, 60_000);
});
