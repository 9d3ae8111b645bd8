/**
 * Sign-in for people (issue 16) over real HTTP: the session cookie, the CSRF token on every
 * change, the lock-out, sign-out, idle and absolute expiry, disabled users, roles and scopes as
 * for keys, the person as the actor of what they change, and no password anywhere it could leak.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../src/api/app.ts';
import type { Billstream } from '../../src/main.ts';
import { bootstrapAdminKey } from '../../src/app/api-keys/service.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { USER_SESSIONS, USERS } from '../../projections/users.projection.ts';
import { USER_SESSION_ACTIVITY } from '../../src/app/users/service.ts';
import { findAll } from '../../src/readstore/port.ts';
import { openTestBillstream } from '../support/billstream.ts';

const ADMIN = 'users-admin-key-0123456789';
const admin = { Authorization: `Bearer ${ADMIN}` };
/** Every password this test uses: none may appear in an event, a document or an answer. */
const PASSWORDS = {
  anna: 'correct horse battery staple',
  audrey: 'auditors read everything 2026',
  cecil: 'a client sees its own bills',
  dora: 'disabled soon, sadly 12',
  lock: 'the right one, eventually',
  newAnna: 'a brand new passphrase!',
  wrong: 'definitely not it 1234',
};

const client = (id: string) => ({ id, type: 'person', name: `Client ${id}`, country: 'HU', language: 'hu', currency: 'HUF', timeZone: 'Europe/Budapest' });

describe('users and sign-in', () => {
  let billstream: Billstream;
  let app: Express;
  const clock = ManualClock.at('2026-11-02T08:00:00Z');
  /** Every answer's raw text, searched for passwords at the end. */
  const answers: string[] = [];
  const seen = <T extends { text: string; headers: Record<string, unknown> }>(res: T): T => {
    answers.push(res.text ?? '', JSON.stringify(res.headers));
    return res;
  };

  /** The session cookie an answer sets, as a browser sends it back (`billstream_session=…`). */
  const cookieOf = (res: { headers: Record<string, unknown> }) => {
    const set = ([] as string[]).concat((res.headers['set-cookie'] as string[] | undefined) ?? []);
    const cookie = set.find((c) => c.startsWith('billstream_session='));
    if (!cookie) throw new Error(`no session cookie in ${JSON.stringify(set)}`);
    return cookie.split(';')[0]!;
  };
  const signIn = async (user: string, password: string, status = 200) => seen(await request(app).post('/auth/sign-in').send({ user, password }).expect(status));
  const session = async (user: keyof typeof PASSWORDS) => {
    const res = await signIn(user, PASSWORDS[user]);
    return { cookie: cookieOf(res), csrf: res.body.csrfToken as string };
  };

  beforeAll(async () => {
    billstream = await openTestBillstream({ adminKey: ADMIN, clock });
    await bootstrapAdminKey(billstream);
    app = await createApp(billstream, { validateResponses: true });
    for (const id of ['C-1', 'C-2']) await request(app).post('/clients').set(admin).send(client(id)).expect(201);
    const users = [
      { name: 'anna', password: PASSWORDS.anna, roles: ['operator', 'billing'], language: 'hu' },
      { name: 'audrey', password: PASSWORDS.audrey, roles: ['auditor'] },
      { name: 'cecil', password: PASSWORDS.cecil, roles: ['client'], clientId: 'C-1', language: 'fr' },
      { name: 'dora', password: PASSWORDS.dora, roles: ['operator'] },
      { name: 'lock', password: PASSWORDS.lock, roles: ['operator'] },
    ];
    for (const user of users) seen(await request(app).post('/users').set(admin).send(user).expect(201));
  });
  afterAll(() => billstream.close());

  it('creates users without their password or hash in the answer, and lists them', async () => {
    const res = seen(await request(app).get('/users/anna').set(admin).expect(200));
    expect(res.body).toEqual({
      id: 'anna', name: 'anna', roles: ['operator', 'billing'], clientId: null, partnerId: null, language: 'hu',
      disabled: false, lockedUntil: null, failedSignIns: 0, lastSignInAt: null, createdAt: '2026-11-02T08:00:00Z',
    });
    // The operator's language (BILLSTREAM_LANGUAGE, English here) when none is given.
    expect((await request(app).get('/users/audrey').set(admin).expect(200)).body.language).toBe('en');
    const list = seen(await request(app).get('/users?limit=2').set(admin).expect(200));
    expect(list.body.items.map((u: { id: string }) => u.id)).toEqual(['anna', 'audrey']);
    const rest = seen(await request(app).get(`/users?after=${encodeURIComponent(list.body.next)}`).set(admin).expect(200));
    expect(rest.body.items.map((u: { id: string }) => u.id)).toEqual(['cecil', 'dora', 'lock']);
  });

  it('refuses a name taken, a short password, an unknown client and a client user without its client', async () => {
    const taken = seen(await request(app).post('/users').set(admin).send({ name: 'anna', password: 'another long password', roles: ['billing'] }).expect(409));
    expect(taken.body.detail).toBe('user anna exists');
    const short = seen(await request(app).post('/users').set(admin).send({ name: 'bob', password: 'short', roles: ['billing'] }).expect(400));
    expect(short.body.errors.map((e: { field: string }) => e.field)).toEqual(['password']);
    const unknown = seen(await request(app).post('/users').set(admin).send({ name: 'bob', password: 'a long enough one', roles: ['client'], clientId: 'C-404' }).expect(422));
    expect(unknown.body.errors).toEqual([{ field: 'clientId', message: 'client C-404 does not exist' }]);
    const unscoped = seen(await request(app).post('/users').set(admin).send({ name: 'bob', password: 'a long enough one', roles: ['client'] }).expect(422));
    expect(unscoped.body.errors.map((e: { field: string }) => e.field)).toEqual(['clientId']);
    await request(app).get('/users/bob').set(admin).expect(404);
  });

  it('signs in: an HttpOnly, SameSite=Strict cookie, and the CSRF token and user in the answer', async () => {
    const res = await signIn('Anna', PASSWORDS.anna);
    const setCookie = ([] as string[]).concat(res.headers['set-cookie'] as unknown as string[]);
    expect(setCookie).toHaveLength(1);
    expect(setCookie[0]).toMatch(/^billstream_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict$/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toEqual({
      user: { id: 'anna', name: 'anna', roles: ['operator', 'billing'], clientId: null, partnerId: null, language: 'hu' },
      csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      expiresAt: '2026-11-02T08:30:00Z',
    });
    // The token itself is nowhere but in the cookie: the session is stored by its SHA-256.
    const token = cookieOf(res).slice('billstream_session='.length);
    const sessions = await findAll<{ tokenHash: string }>(billstream.readStore, USER_SESSIONS, {});
    expect(JSON.stringify(sessions)).not.toContain(token);
    expect(sessions.map((s) => s.tokenHash)).toContain((await import('node:crypto')).createHash('sha256').update(token).digest('hex'));
    expect(res.body.csrfToken).not.toBe(token);
  });

  it('marks the cookie Secure when the request came over HTTPS (here: through a proxy the app trusts)', async () => {
    const behindProxy = await createApp(billstream);
    behindProxy.set('trust proxy', 'loopback');
    const res = await request(behindProxy).post('/auth/sign-in').set('X-Forwarded-Proto', 'https').send({ user: 'audrey', password: PASSWORDS.audrey }).expect(200);
    expect(String(res.headers['set-cookie'])).toMatch(/^billstream_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; Secure; SameSite=Strict$/);
    const out = await request(behindProxy).post('/auth/sign-out').set('X-Forwarded-Proto', 'https').set('Cookie', cookieOf(res)).set('X-CSRF-Token', res.body.csrfToken).expect(204);
    expect(String(out.headers['set-cookie'])).toMatch(/; Secure; SameSite=Strict$/);
  });

  it('reads with the cookie alone, changes only with the CSRF token, and records the person as the actor', async () => {
    const { cookie, csrf } = await session('anna');
    const read = seen(await request(app).get('/clients/C-1').set('Cookie', cookie).expect(200));
    expect(read.body.id).toBe('C-1');
    for (const token of [undefined, 'wrong', `${csrf}x`]) {
      const req = request(app).post('/clients').set('Cookie', cookie).send(client('C-3'));
      const refused = seen(await (token === undefined ? req : req.set('X-CSRF-Token', token)).expect(403));
      expect(refused.type).toBe('application/problem+json');
      expect(refused.body).toMatchObject({ status: 403, type: '/problems/csrf', title: 'missing or wrong CSRF token' });
    }
    await request(app).get('/clients/C-3').set(admin).expect(404);
    seen(await request(app).post('/clients').set('Cookie', cookie).set('X-CSRF-Token', csrf).send(client('C-3')).expect(201));
    const log = await request(app).get('/audit/events').query({ stream: 'client-C-3' }).set(admin).expect(200);
    expect(log.body.items.map((e: { type: string; metadata: { actor: string } }) => [e.type, e.metadata.actor])).toEqual([['ClientRegistered', 'user:anna']]);
    // A key beside the cookie is a machine's request, as always: no CSRF token needed.
    await request(app).post('/clients').set('Cookie', cookie).set(admin).send(client('C-4')).expect(201);
    const byKey = await request(app).get('/audit/events').query({ stream: 'client-C-4' }).set(admin).expect(200);
    expect(byKey.body.items[0].metadata.actor).toMatch(/^apikey:/);
  });

  it('reads the session afresh: the same answer as the sign-in, its idle end moved on', async () => {
    const signedIn = await signIn('anna', PASSWORDS.anna);
    clock.advance({ minutes: 5 });
    const res = seen(await request(app).get('/auth/session').set('Cookie', cookieOf(signedIn)).expect(200));
    expect(res.body).toEqual({ ...signedIn.body, expiresAt: clock.now().add({ minutes: 30 }).toString() });
    const none = seen(await request(app).get('/auth/session').expect(401));
    expect(none.body).toMatchObject({ type: '/problems/unauthorized', title: 'Unauthorized' });
  });

  it('answers a wrong password and a user nobody has alike: 401, "wrong user name or password"', async () => {
    const timed = async (user: string, password: string) => {
      const started = performance.now();
      const res = await signIn(user, password, 401);
      return { res, ms: performance.now() - started };
    };
    const { res: wrong, ms: wrongMs } = await timed('anna', PASSWORDS.wrong);
    const { res: nobody, ms: nobodyMs } = await timed('nobody', PASSWORDS.anna);
    const odd = await signIn('Not A Name!', PASSWORDS.anna, 401);
    // A failure is answered no sooner than 300 ms after it arrived, whether or not the name exists
    // (a known user's failure is also recorded): the time does not tell which names exist.
    expect(Math.min(wrongMs, nobodyMs)).toBeGreaterThanOrEqual(300);
    for (const res of [wrong, nobody, odd]) {
      expect(res.type).toBe('application/problem+json');
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    expect(nobody.body).toEqual(wrong.body);
    expect(odd.body).toEqual(wrong.body);
    expect(wrong.body).toEqual({ type: '/problems/wrong-credentials', title: 'wrong user name or password', status: 401, detail: 'wrong user name or password', instance: '/auth/sign-in' });
    // In the language the browser asks for.
    const hu = seen(await request(app).post('/auth/sign-in').set('Accept-Language', 'hu').send({ user: 'anna', password: PASSWORDS.wrong }).expect(401));
    expect(hu.body.title).toBe('hibás felhasználónév vagy jelszó');
    // Anna's two failures are forgotten at her next success.
    await signIn('anna', PASSWORDS.anna);
    expect((await request(app).get('/users/anna').set(admin)).body.failedSignIns).toBe(0);
  });

  it('locks a user for 15 minutes after 5 failed sign-ins in a row, the right password too', async () => {
    const until = clock.now().add({ minutes: 15 }).toString();
    for (let i = 1; i <= 4; i++) await signIn('lock', PASSWORDS.wrong, 401);
    const locked = await signIn('lock', PASSWORDS.wrong, 423);
    expect(locked.body).toMatchObject({ status: 423, type: '/problems/user-locked', title: 'user locked after failed sign-ins', lockedUntil: until });
    expect(locked.body.detail).toContain(until);
    clock.advance({ minutes: 14, seconds: 59 });
    const still = await signIn('lock', PASSWORDS.lock, 423);
    expect(still.body.lockedUntil).toBe(until);
    expect((await request(app).get('/users/lock').set(admin)).body).toMatchObject({ lockedUntil: until, failedSignIns: 5 });
    clock.advance({ seconds: 1 });
    const open = await signIn('lock', PASSWORDS.lock);
    expect(open.body.user.id).toBe('lock');
    expect((await request(app).get('/users/lock').set(admin)).body).toMatchObject({ lockedUntil: null, failedSignIns: 0, lastSignInAt: until });
    const log = await request(app).get('/audit/events').query({ stream: 'user-lock' }).set(admin).expect(200);
    expect(log.body.items.map((e: { type: string }) => e.type)).toEqual(['UserCreated', ...Array(5).fill('UserSignInFailed'), 'UserLockedOut', 'UserSignedIn']);
  });

  it('locks a name nobody has as it locks a user: the lock-out does not tell which names exist', async () => {
    const until = clock.now().add({ minutes: 15 }).toString();
    const answers = async (name: string) => {
      const bodies: unknown[] = [];
      for (let i = 1; i <= 4; i++) bodies.push((await signIn(name, PASSWORDS.wrong, 401)).body);
      bodies.push((await signIn(name, PASSWORDS.wrong, 423)).body);
      bodies.push((await signIn(name, PASSWORDS.wrong, 423)).body);
      // The instance is the same path for both; only the name differs, which the answers do not contain.
      return bodies;
    };
    const known = await answers('lock');
    const unknown = await answers('nobody-here');
    expect(unknown).toEqual(known);
    expect(unknown.at(-1)).toMatchObject({ status: 423, lockedUntil: until });
    // It ends as a user's does, and nothing was recorded for the unknown name.
    clock.advance({ minutes: 15 });
    await signIn('nobody-here', PASSWORDS.wrong, 401);
    const log = await request(app).get('/audit/events').query({ stream: 'user-nobody-here' }).set(admin).expect(200);
    expect(log.body.items).toEqual([]);
  });

  it('signs out: the cookie is cleared and opens nothing any more', async () => {
    const { cookie, csrf } = await session('anna');
    await request(app).get('/clients').set('Cookie', cookie).expect(200);
    seen(await request(app).post('/auth/sign-out').set('Cookie', cookie).expect(403));
    await request(app).get('/clients').set('Cookie', cookie).expect(200);
    const out = seen(await request(app).post('/auth/sign-out').set('Cookie', cookie).set('X-CSRF-Token', csrf).expect(204));
    expect(([] as string[]).concat(out.headers['set-cookie'] as unknown as string[])[0]).toMatch(/^billstream_session=; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Strict$/);
    const after = seen(await request(app).get('/clients').set('Cookie', cookie).expect(401));
    expect(after.body).toMatchObject({ type: '/problems/unauthorized', detail: 'the session is unknown or has ended: sign in again' });
    await request(app).get('/auth/session').set('Cookie', cookie).expect(401);
    // Signing out again, or without a session, is no error.
    await request(app).post('/auth/sign-out').set('Cookie', cookie).expect(204);
    await request(app).post('/auth/sign-out').expect(204);
  });

  it(`ends a session after 30 minutes without a request: 401 "session expired"`, async () => {
    const { cookie } = await session('anna');
    clock.advance({ minutes: 20 });
    await request(app).get('/clients').set('Cookie', cookie).expect(200);
    clock.advance({ minutes: 20 });
    await request(app).get('/clients').set('Cookie', cookie).expect(200);
    // A request 30 s after the last one recorded is not written down (activity is kept a minute
    // at a time), yet the session still lasts 30 minutes after it.
    clock.advance({ seconds: 30 });
    await request(app).get('/clients').set('Cookie', cookie).expect(200);
    clock.advance({ minutes: 29, seconds: 59 });
    await request(app).get('/auth/session').set('Cookie', cookie).expect(200);
    clock.advance({ minutes: 31 });
    const expired = seen(await request(app).get('/clients').set('Cookie', cookie).expect(401));
    expect(expired.body).toMatchObject({ status: 401, type: '/problems/session-expired', title: 'session expired' });
    const again = seen(await request(app).get('/auth/session').set('Cookie', cookie).expect(401));
    expect(again.body).toMatchObject({ type: '/problems/session-expired', title: 'session expired' });
    // The log says when it ended: 30 minutes after its last request.
    const ended = await request(app).get('/audit/events').query({ stream: 'user-anna', type: 'UserSignedOut' }).set(admin).expect(200);
    expect(ended.body.items.at(-1)).toMatchObject({ data: { reason: 'expired', at: expect.stringMatching(/Z$/) }, metadata: { actor: 'system:sessions' } });
  });

  it('ends a session 12 hours after its sign-in however busy it is', async () => {
    const signedIn = clock.now();
    const { cookie } = await session('anna');
    while (clock.now().until(signedIn.add({ hours: 12 })).sign > 0) {
      await request(app).get('/auth/session').set('Cookie', cookie).expect(200);
      clock.advance({ minutes: 25 });
    }
    const res = await request(app).get('/auth/session').set('Cookie', cookie).expect(401);
    expect(res.body.type).toBe('/problems/session-expired');
  });

  it('ends the sessions of a disabled user and refuses its sign-in as a wrong password, until enabled', async () => {
    const { cookie } = await session('dora');
    await request(app).get('/clients').set('Cookie', cookie).expect(200);
    const disabled = seen(await request(app).post('/users/dora/disable').set(admin).expect(200));
    expect(disabled.body.disabled).toBe(true);
    await request(app).get('/clients').set('Cookie', cookie).expect(401);
    const refused = await signIn('dora', PASSWORDS.dora, 401);
    expect(refused.body.title).toBe('wrong user name or password');
    seen(await request(app).post('/users/dora/enable').set(admin).expect(200));
    await request(app).get('/clients').set('Cookie', cookie).expect(401);
    await signIn('dora', PASSWORDS.dora);
  });

  it('gives an auditor reads and 403 on any change, and an admin route to an admin only', async () => {
    const { cookie, csrf } = await session('audrey');
    await request(app).get('/clients').set('Cookie', cookie).expect(200);
    const forbidden = seen(await request(app).post('/clients').set('Cookie', cookie).set('X-CSRF-Token', csrf).send(client('C-9')).expect(403));
    expect(forbidden.body).toMatchObject({ type: '/problems/forbidden', detail: 'this needs one of the roles operator; the user has auditor' });
    await request(app).get('/users').set('Cookie', cookie).expect(403);
    await request(app).get('/clients/C-9').set(admin).expect(404);
  });

  it('shows a client user its own client only, as a client key', async () => {
    const { cookie } = await session('cecil');
    const own = seen(await request(app).get('/clients/C-1/balance').set('Cookie', cookie).expect(200));
    expect(own.body.clientId).toBe('C-1');
    await request(app).get('/clients/C-2/balance').set('Cookie', cookie).expect(404);
    await request(app).get('/clients').set('Cookie', cookie).expect(403);
    await request(app).get('/clients/C-2').set('Cookie', cookie).expect(403);
  });

  it('sets a new password: the old one fails, the sessions with it end, the new one signs in', async () => {
    const { cookie } = await session('anna');
    seen(await request(app).put('/users/anna/password').set(admin).send({ password: 'too short' }).expect(400));
    seen(await request(app).put('/users/anna/password').set(admin).send({ password: PASSWORDS.newAnna }).expect(204));
    await request(app).get('/clients').set('Cookie', cookie).expect(401);
    await signIn('anna', PASSWORDS.anna, 401);
    await signIn('anna', PASSWORDS.newAnna);
    await request(app).put('/users/nobody/password').set(admin).send({ password: PASSWORDS.newAnna }).expect(404);
  });

  it('never lets a password into an event, a document or an answer', async () => {
    const events = await billstream.eventStore.readAll({ limit: 1_000_000 });
    const documents = [
      ...(await findAll(billstream.readStore, USERS, {})),
      ...(await findAll(billstream.readStore, USER_SESSIONS, {})),
      ...(await findAll(billstream.readStore, USER_SESSION_ACTIVITY, {})),
    ];
    expect(events.filter((e) => e.type.startsWith('User')).length).toBeGreaterThan(20);
    expect(documents.length).toBeGreaterThan(10);
    const everything = [JSON.stringify(events), JSON.stringify(documents), ...answers];
    for (const password of Object.values(PASSWORDS)) {
      expect(everything.filter((text) => text.includes(password)), password).toEqual([]);
    }
    // Nor the hash, but where sign-in reads it: the user's own events.
    expect(JSON.stringify(documents)).not.toMatch(/scrypt\$/);
    expect(answers.join('\n')).not.toMatch(/scrypt\$/);
    const log = await request(app).get('/audit/events').query({ category: 'user', limit: 1000 }).set(admin).expect(200);
    expect(log.text).not.toMatch(/scrypt\$|tokenHash|passwordHash/);
  });
});
