/**
 * `billstream users …` as an operator runs it (issue 16): real processes on a real data folder,
 * the password from the environment or standard input and never from an argument, and the user
 * then signing in (and refused once disabled) over HTTP on the same data.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../src/api/app.ts';
import type { Billstream } from '../../src/main.ts';
import { openTestBillstream, temporaryDataDir } from '../support/billstream.ts';
import { BIN, runBillstream, type Run } from '../support/processes.ts';

const ANNA = 'anna has a long password';
const BOB = 'bob types his own, too';

/** `billstream` with `input` written to its standard input (a pipe, not a terminal). */
function withInput(args: string[], input: string): Promise<Pick<Run, 'code' | 'stdout' | 'stderr'>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, BILLSTREAM_USER_PASSWORD: '' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('billstream users', () => {
  const dataDir = temporaryDataDir('billstream-users-cli-');
  const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => runBillstream(['--data', dataDir, ...args], { env: { BILLSTREAM_USER_PASSWORD: '', ...env } });
  let billstream: Billstream;
  let app: Express;
  let outputs: string[] = [];

  beforeAll(async () => {
    const anna = await cli(['users', 'create', 'anna', '--roles', 'operator,billing', '--language', 'hu'], { BILLSTREAM_USER_PASSWORD: ANNA });
    expect(anna.stderr).toBe('');
    expect([anna.code, anna.stdout]).toEqual([0, 'user anna (operator, billing, hu) created\n']);
    const bob = await withInput(['--data', dataDir, 'users', 'create', 'bob', '--roles', 'auditor', '--json'], `${BOB}\n`);
    expect(bob.stderr).toBe('');
    expect(bob.code).toBe(0);
    expect(JSON.parse(bob.stdout)).toMatchObject({ id: 'bob', roles: ['auditor'], language: 'en', disabled: false });
    outputs = [anna.stdout, anna.stderr, bob.stdout, bob.stderr];
    billstream = await openTestBillstream({ dataDir });
    app = await createApp(billstream);
  }, 60_000);
  afterAll(() => billstream?.close());

  it('creates users who can sign in with the password given, never stored or printed', async () => {
    const anna = await request(app).post('/auth/sign-in').send({ user: 'anna', password: ANNA }).expect(200);
    expect(anna.body.user).toEqual({ id: 'anna', name: 'anna', roles: ['operator', 'billing'], clientId: null, partnerId: null, language: 'hu' });
    // The password read from standard input is the line without its line break.
    await request(app).post('/auth/sign-in').send({ user: 'bob', password: BOB }).expect(200);
    const events = JSON.stringify(await billstream.eventStore.readAll({ limit: 100_000 }));
    for (const text of [events, ...outputs]) {
      expect(text).not.toContain(ANNA);
      expect(text).not.toContain(BOB);
    }
  });

  it('lists the users, as a table and as JSON', async () => {
    const listed = await cli(['users', 'list']);
    expect(listed.code).toBe(0);
    const lines = listed.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^user\s+roles\s+language\s+status\s+last sign-in$/);
    expect(lines.slice(1, 3).map((l) => l.split(/\s+/).slice(0, 4))).toEqual([['anna', 'operator,billing', 'hu', 'active'], ['bob', 'auditor', 'en', 'active']]);
    expect(lines.at(-1)).toBe('2 users');
    const json = await cli(['users', 'list', '--json']);
    const users = JSON.parse(json.stdout) as { id: string }[];
    expect(users.map((u) => u.id)).toEqual(['anna', 'bob']);
    expect(json.stdout).not.toMatch(/scrypt|passwordHash/);
  });

  it('disables a user: its session and sign-in stop working; enables it again', async () => {
    const signedIn = await request(app).post('/auth/sign-in').send({ user: 'anna', password: ANNA }).expect(200);
    const cookie = String(signedIn.headers['set-cookie']).split(';')[0]!;
    await request(app).get('/clients').set('Cookie', cookie).expect(200);
    const disabled = await cli(['users', 'disable', 'anna']);
    expect([disabled.code, disabled.stdout]).toEqual([0, 'user anna disabled: its sign-ins are refused and its sessions ended\n']);
    // No waiting: the command returned once the read models showed it.
    await request(app).get('/clients').set('Cookie', cookie).expect(401);
    await request(app).post('/auth/sign-in').send({ user: 'anna', password: ANNA }).expect(401);
    expect((await cli(['users', 'list'])).stdout).toMatch(/^anna\s.*\sdisabled\s/m);
    const enabled = await cli(['users', 'enable', 'anna']);
    expect([enabled.code, enabled.stdout]).toEqual([0, 'user anna enabled\n']);
    await request(app).post('/auth/sign-in').send({ user: 'anna', password: ANNA }).expect(200);
  });

  it('refuses a password on the command line, a short one, a role nobody has and a user nobody is', async () => {
    const argv = await cli(['users', 'create', 'carol', '--roles', 'billing', '--password', 'on the command line']);
    expect(argv.code).toBe(2);
    expect(argv.stderr).toMatch(/Unknown option '--password'/);
    const short = await cli(['users', 'create', 'carol', '--roles', 'billing'], { BILLSTREAM_USER_PASSWORD: 'short' });
    expect([short.code, short.stderr]).toEqual([4, 'billstream: password: at least 12 characters\n']);
    const role = await cli(['users', 'create', 'carol', '--roles', 'billing,boss'], { BILLSTREAM_USER_PASSWORD: ANNA });
    expect(role.code).toBe(2);
    expect(role.stderr).toMatch(/^billstream: --roles boss: no such role; the roles are admin, operator/);
    const nobody = await cli(['users', 'disable', 'nobody']);
    expect([nobody.code, nobody.stderr]).toEqual([4, 'billstream: user nobody does not exist\n']);
    const noRoles = await cli(['users', 'create', 'carol'], { BILLSTREAM_USER_PASSWORD: ANNA });
    expect(noRoles.code).toBe(2);
    expect((await cli(['users', 'list', '--json'])).stdout).not.toContain('carol');
  });

  it('rebuilds the users and their sessions from the events to the same documents', async () => {
    const check = await cli(['replay', '--check', '--json', 'users']);
    expect(check.stderr).toBe('');
    expect(JSON.parse(check.stdout)).toMatchObject({ ok: true, differenceCount: 0 });
    expect(JSON.parse(check.stdout).checked.documents).toBeGreaterThanOrEqual(5);
  });

  it('is in the help', async () => {
    const help = await cli(['--help']);
    expect(help.stdout).toContain('users create NAME --roles ROLE[,ROLE…]');
    expect(help.stdout).toContain('users list [--json]');
  });
});
