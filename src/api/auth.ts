/**
 * Authentication and roles. Every route but `/health` and the docs needs a key; what a key may
 * do is decided here and only here (DESIGN.md: the scoping lives in one place).
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Billstream } from '../main.ts';
import { authenticate } from '../domain/api-key/service.ts';
import type { Role } from '../domain/api-key/events.ts';
import { problem, sendProblem } from './problems.ts';

export interface Principal {
  keyId: string;
  roles: Role[];
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

export function actorOf(res: Response): string {
  return `apikey:${principalOf(res).keyId}`;
}

function presentedKey(req: Request): string | null {
  const header = req.get('authorization');
  if (header) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return match ? match[1]! : null;
  }
  return req.get('x-api-key') ?? null;
}

export function authentication(billstream: Billstream): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const key = presentedKey(req);
    if (!key) {
      res.set('WWW-Authenticate', 'Bearer realm="billstream"');
      return sendProblem(res, problem(401, 'unauthorized', 'an API key is required: send "Authorization: Bearer <key>" or "X-API-Key: <key>"'));
    }
    const doc = await authenticate(billstream, key);
    if (!doc) {
      res.set('WWW-Authenticate', 'Bearer realm="billstream", error="invalid_token"');
      return sendProblem(res, problem(401, 'unauthorized', 'the API key is unknown or revoked'));
    }
    res.locals.principal = { keyId: doc.id, roles: doc.roles, tenantId: doc.tenantId, clientId: doc.clientId } satisfies Principal;
    next();
  };
}

/** Lets the request through when the key has one of the roles; admin has every role. */
export function requireRole(...roles: Role[]): RequestHandler {
  return (_req, res, next) => {
    const principal = principalOf(res);
    if (principal.roles.includes('admin') || principal.roles.some((r) => roles.includes(r))) return next();
    sendProblem(res, problem(403, 'forbidden', `this needs one of the roles ${roles.join(', ')}; the key has ${principal.roles.join(', ')}`));
  };
}
