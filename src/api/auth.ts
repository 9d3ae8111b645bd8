/**
 * Authentication and roles. Every route but `/health`, the docs and the sign-in routes needs a key
 * or a person's session; what either may do is decided here and only here (DESIGN.md: the
 * scoping lives in one place).
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Billstream } from '../main.ts';
import { authenticate } from '../app/api-keys/service.ts';
import { sessionOf, userActor, type SessionLookup } from '../app/users/service.ts';
import { csrfTokenMatches } from '../app/users/passwords.ts';
import type { Role } from '../domain/api-key/events.ts';
import { hashApiKey } from '../domain/api-key/decider.ts';
import { ALL_PROJECTIONS } from '../../projections/index.ts';
import { API_KEYS } from '../../projections/api-keys.projection.ts';
import { findAll, type Checkpoint } from '../readstore/port.ts';
import { CLIENTS } from '../../projections/clients.projection.ts';
import { problem, sendProblem } from './problems.ts';

export interface Principal {
  /** Whom the log records for what the request changes: `apikey:<key id>` or `user:<user id>`. */
  actor: string;
  /** The API key, or null for a person signed in. */
  keyId: string | null;
  /** The person signed in, or null for a key. */
  userId: string | null;
  roles: Role[];
  /** A partner key's partner, or a partner user's. */
  tenantId: string | null;
  clientId: string | null;
}

/** The people who run the operator's business; partner and client keys are outside it. */
export const STAFF: Role[] = ['admin', 'operator', 'billing', 'accountant', 'auditor'];

export function principalOf(res: Response): Principal {
  const principal = res.locals.principal as Principal | undefined;
  if (!principal) throw new Error('route reached without authentication');
  return principal;
}

/**
 * The clients a key may read the receivables of: null for staff (all of them); a client key's own
 * client; a partner key's tenant's clients (their `partnerId`). Routes that show a client's money
 * filter by this, and answer 404 for any other client, as if it did not exist.
 */
export async function clientScope(billstream: Pick<Billstream, 'readStore'>, principal: Principal): Promise<Set<string> | null> {
  if (principal.roles.some((r) => STAFF.includes(r))) return null;
  const scope = new Set<string>();
  if (principal.roles.includes('client') && principal.clientId) scope.add(principal.clientId);
  if (principal.roles.includes('partner') && principal.tenantId) {
    for (const client of await findAll<{ id: string }>(billstream.readStore, CLIENTS, { partnerId: principal.tenantId })) scope.add(client.id);
  }
  return scope;
}

export function actorOf(res: Response): string {
  return principalOf(res).actor;
}

function presentedKey(req: Request): string | null {
  const header = req.get('authorization');
  if (header) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return match ? match[1]! : null;
  }
  return req.get('x-api-key') ?? null;
}

/** Keys remembered at most; past this the cache starts over (only keys that authenticated are kept). */
const MAX_CACHED_KEYS = 10_000;

/**
 * The keys that authenticated, by the hash of the secret, valid while the read model of the keys
 * is unchanged. The projection that writes the `api_keys` documents commits its checkpoint in the
 * same unit of work (and a rebuild removes both), so as long as that checkpoint is the one read
 * before a key was looked up, no key document can have changed since: no issue, no revocation,
 * whichever process (this server, a CLI on the same data folder, another server) recorded it.
 * A request then costs one checkpoint read instead of the lookup by hash and the document; a
 * revoked key fails on the first request after the read model shows the revocation, exactly as
 * without the cache.
 */
export class KeyCache {
  private readonly entries = new Map<string, { principal: Principal; checkpoint: string }>();
  /** The checkpoint of the projection that writes the key documents; null: no such projection, no caching. */
  private readonly checkpointName: string | null;

  constructor(private readonly billstream: Billstream) {
    // The consumer that runs the projection owning the collection, found among those running, so
    // that a regrouped or renamed projection is followed (and a missing one turns the cache off).
    const owner = ALL_PROJECTIONS.find((p) => p.collections.some((c) => c.name === API_KEYS));
    this.checkpointName = (owner && billstream.readModels.find((c) => c.name === `projection:${owner.name}`)?.name) ?? null;
  }

  /** The principal of a presented key, or null when the key is unknown or revoked. */
  async principal(presented: string): Promise<Principal | null> {
    // The key itself is never kept: entries are by the hash the key documents store.
    const secretHash = hashApiKey(presented);
    // Read before the lookup: the entry is then stamped with a state no newer than the document it holds.
    const checkpoint = this.checkpointName === null ? null : stamp(await this.billstream.readStore.getCheckpoint(this.checkpointName));
    const cached = this.entries.get(secretHash);
    if (cached && checkpoint !== null && cached.checkpoint === checkpoint) return cached.principal;
    const doc = await authenticate(this.billstream, presented);
    if (!doc) {
      this.entries.delete(secretHash);
      return null;
    }
    const principal: Principal = Object.freeze({ actor: `apikey:${doc.id}`, keyId: doc.id, userId: null, roles: Object.freeze([...doc.roles]) as Role[], tenantId: doc.tenantId, clientId: doc.clientId });
    if (checkpoint !== null) {
      if (this.entries.size >= MAX_CACHED_KEYS) this.entries.clear();
      this.entries.set(secretHash, { principal, checkpoint });
    }
    return principal;
  }
}

function stamp(checkpoint: Checkpoint | null): string | null {
  return checkpoint ? `${checkpoint.version}:${checkpoint.position}` : null;
}

/** The cookie that carries a person's session token. */
export const SESSION_COOKIE = 'billstream_session';

/** The session token of the request's cookie, or null. */
export function sessionToken(req: Request): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const pair of header.split(';')) {
    const equals = pair.indexOf('=');
    if (equals > 0 && pair.slice(0, equals).trim() === SESSION_COOKIE) return pair.slice(equals + 1).trim() || null;
  }
  return null;
}

export function csrfProblem() {
  return problem(403, 'csrf', 'a change made with a session needs the header X-CSRF-Token with the csrfToken of the sign-in (or of GET /auth/session)');
}

/** Requests that change nothing: the only ones a session may send without its CSRF token. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sessionPrincipal(session: Extract<SessionLookup, { status: 'valid' }>): Principal {
  const { user } = session;
  return Object.freeze({ actor: userActor(user.id), keyId: null, userId: user.id, roles: Object.freeze([...user.roles]) as Role[], tenantId: user.partnerId, clientId: user.clientId });
}

/**
 * A request with `Authorization` or `X-API-Key` is a machine's, authenticated by its key as
 * always; one without either, by its session cookie (a person's), and then every change must also
 * carry the session's CSRF token: a cookie goes with any request the browser sends, also one
 * another site makes it send, but only the page that signed in has the token. The routes of
 * `publicRoutes` (`METHOD /path`, those whose role check is `withoutCredentials()`) pass without
 * either: they read the cookie themselves.
 */
export function authentication(billstream: Billstream, publicRoutes: ReadonlySet<string> = new Set()): RequestHandler {
  const keys = new KeyCache(billstream);
  return async (req: Request, res: Response, next: NextFunction) => {
    if (publicRoutes.has(`${req.method} ${req.path}`)) return next();
    const token = req.get('authorization') === undefined && req.get('x-api-key') === undefined ? sessionToken(req) : null;
    if (token !== null) {
      const session = await sessionOf(billstream, token);
      if (session.status === 'expired') return sendProblem(res, problem(401, 'session-expired', 'the session expired: sign in again'));
      if (session.status === 'none') return sendProblem(res, problem(401, 'unauthorized', 'the session is unknown or has ended: sign in again'));
      if (!SAFE_METHODS.has(req.method) && !csrfTokenMatches(req.get('x-csrf-token'), session.view.csrfToken)) return sendProblem(res, csrfProblem());
      res.locals.principal = sessionPrincipal(session);
      return next();
    }
    const key = presentedKey(req);
    if (!key) {
      res.set('WWW-Authenticate', 'Bearer realm="billstream"');
      return sendProblem(res, problem(401, 'unauthorized', 'an API key is required: send "Authorization: Bearer <key>" or "X-API-Key: <key>"'));
    }
    const principal = await keys.principal(key);
    if (!principal) {
      res.set('WWW-Authenticate', 'Bearer realm="billstream", error="invalid_token"');
      return sendProblem(res, problem(401, 'unauthorized', 'the API key is unknown or revoked'));
    }
    res.locals.principal = principal;
    next();
  };
}

/**
 * Where `createApp` keeps the validation of a request's parameters, query and body: run by the
 * role check once it passes, so a key without the role is told 403 whatever it sent, and learns
 * nothing about the input of a route it may not use.
 */
export const REQUEST_VALIDATION = 'billstreamRequestValidation';

/** Marks the handlers `requireRole` makes, so `createApp` can check that every route starts with one. */
export const ROLE_CHECK = Symbol('role check');

export type RoleCheck = RequestHandler & { [ROLE_CHECK]: readonly Role[] };

/** Marks the role check of a route that needs neither key nor session (`withoutCredentials`). */
export const WITHOUT_CREDENTIALS = Symbol('without credentials');

/**
 * The role check of a route anyone may call, without a key or a session (signing in, reading
 * and ending one's session): validates the request as `requireRole` does. `createApp` finds the
 * routes that start with it and lets `authentication` pass them.
 */
export function withoutCredentials(): RoleCheck & { [WITHOUT_CREDENTIALS]: true } {
  const check: RequestHandler = (req, res, next) => {
    const validate = res.app.locals[REQUEST_VALIDATION] as RequestHandler | undefined;
    if (!validate) return next();
    return validate(req, res, next);
  };
  return Object.assign(check, { [ROLE_CHECK]: Object.freeze([]) as readonly Role[], [WITHOUT_CREDENTIALS]: true as const });
}

/** Lets the request through, validated, when the key or user has one of the roles; admin has every role. */
export function requireRole(...roles: Role[]): RoleCheck {
  const check: RequestHandler = (req, res, next) => {
    const principal = principalOf(res);
    if (!principal.roles.includes('admin') && !principal.roles.some((r) => roles.includes(r))) {
      return sendProblem(res, problem(403, 'forbidden', `this needs one of the roles ${roles.join(', ')}; the ${principal.userId === null ? 'key' : 'user'} has ${principal.roles.join(', ')}`));
    }
    const validate = res.app.locals[REQUEST_VALIDATION] as RequestHandler | undefined;
    if (!validate) return next();
    return validate(req, res, next);
  };
  return Object.assign(check, { [ROLE_CHECK]: Object.freeze([...roles]) });
}
