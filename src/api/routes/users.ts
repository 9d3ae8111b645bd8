/**
 * People: the users admin (`/users`, admins only) and signing in and out (`/auth/...`, which need
 * neither key nor session: they read the session cookie themselves).
 */
import { Router, type CookieOptions, type Request, type Response } from 'express';
import type { Billstream } from '../../main.ts';
import type { components } from '../openapi.d.ts';
import { uuidv7 } from '../../core/ids.ts';
import { UserLockedError } from '../../domain/user/decider.ts';
import { csrfTokenMatches } from '../../app/users/passwords.ts';
import { changeUserPassword, createUser, disableUser, enableUser, findUser, sessionOf, signIn, signOut, type SessionLookup } from '../../app/users/service.ts';
import { USERS } from '../../../projections/users.projection.ts';
import { actorOf, csrfProblem, requireRole, SESSION_COOKIE, sessionToken, withoutCredentials } from '../auth.ts';
import { pageOptions } from '../http.ts';
import { problem, sendProblem } from '../problems.ts';

type Schemas = components['schemas'];

/** The session cookie: out of reach of scripts, never sent by another site's requests, over HTTPS only when the request came so. */
function cookieOptions(req: Request): CookieOptions {
  return { httpOnly: true, sameSite: 'strict', path: '/', secure: req.secure };
}

async function lookUp(billstream: Billstream, req: Request): Promise<SessionLookup> {
  const token = sessionToken(req);
  return token === null ? { status: 'none' } : sessionOf(billstream, token);
}

export function usersRouter(billstream: Billstream): Router {
  const router = Router();
  const admin = requireRole('admin');
  const anyone = withoutCredentials();
  const context = (res: Response) => ({ commandId: uuidv7(billstream.clock), actor: actorOf(res) });

  router.post('/auth/sign-in', anyone, async (req: Request, res: Response) => {
    const body = req.body as Schemas['SignIn'];
    try {
      const { token, view } = await signIn(billstream, { user: body.user, password: body.password });
      res.cookie(SESSION_COOKIE, token, cookieOptions(req)).set('Cache-Control', 'no-store').json(view);
    } catch (error) {
      // Until when: the console says so in the user's language.
      if (error instanceof UserLockedError) return sendProblem(res, { ...problem(423, error.problemType, error.message), lockedUntil: error.until });
      throw error;
    }
  });

  router.get('/auth/session', anyone, async (req: Request, res: Response) => {
    const session = await lookUp(billstream, req);
    if (session.status === 'expired') return sendProblem(res, problem(401, 'session-expired', 'the session expired: sign in again'));
    if (session.status === 'none') return sendProblem(res, problem(401, 'unauthorized', 'no session: sign in (POST /auth/sign-in)'));
    res.set('Cache-Control', 'no-store').json(session.view);
  });

  router.post('/auth/sign-out', anyone, async (req: Request, res: Response) => {
    const session = await lookUp(billstream, req);
    if (session.status === 'valid') {
      // Else another site could sign the user out.
      if (!csrfTokenMatches(req.get('x-csrf-token'), session.view.csrfToken)) return sendProblem(res, csrfProblem());
      await signOut(billstream, session);
    }
    const { secure, httpOnly, sameSite, path } = cookieOptions(req);
    res.clearCookie(SESSION_COOKIE, { secure, httpOnly, sameSite, path }).status(204).end();
  });

  router.get('/users', admin, async (req: Request, res: Response) => {
    const page = await billstream.readStore.find(USERS, {}, pageOptions(req));
    res.json({ items: page.items, next: page.next });
  });

  router.post('/users', admin, async (req: Request, res: Response) => {
    const body = req.body as Schemas['UserCreate'];
    const user = await createUser(billstream, {
      name: body.name, password: body.password, roles: body.roles, clientId: body.clientId ?? null, partnerId: body.partnerId ?? null, language: body.language ?? null,
    }, context(res));
    res.status(201).json(user);
  });

  router.get('/users/:userId', admin, async (req: Request<{ userId: string }>, res: Response) => {
    res.json(await findUser(billstream, req.params.userId));
  });

  router.post('/users/:userId/disable', admin, async (req: Request<{ userId: string }>, res: Response) => {
    res.json(await disableUser(billstream, req.params.userId, context(res)));
  });

  router.post('/users/:userId/enable', admin, async (req: Request<{ userId: string }>, res: Response) => {
    res.json(await enableUser(billstream, req.params.userId, context(res)));
  });

  router.put('/users/:userId/password', admin, async (req: Request<{ userId: string }>, res: Response) => {
    await changeUserPassword(billstream, req.params.userId, (req.body as Schemas['UserPassword']).password, context(res));
    res.status(204).end();
  });

  return router;
}
