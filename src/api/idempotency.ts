/**
 * `Idempotency-Key` on POST (TigerBeetle's rule): the same key and body replay the first
 * response; the same key with another body is a conflict. The command id derives from the key,
 * so even two identical requests racing, or a crash between the append and storing the
 * response, cause the events once: the command handler answers a known command id with the
 * events it caused the first time.
 */
import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { deterministicId, uuidv7 } from '../core/ids.ts';
import type { Billstream } from '../main.ts';
import { actorOf } from './auth.ts';
import { problem, sendProblem } from './problems.ts';

export const IDEMPOTENCY_KEYS = 'idempotency_keys';

export interface HandlerResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

interface StoredResponse {
  [key: string]: unknown;
  requestHash: string;
  /** Null for a response that held a secret: it is shown once and never stored. */
  response: HandlerResponse | null;
}

function sha256(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}

function send(res: Response, response: HandlerResponse): void {
  res.status(response.status).set(response.headers ?? {});
  if (response.body === undefined) res.end();
  else res.json(response.body);
}

export function postHandler(
  billstream: Billstream,
  handler: (req: Request, res: Response, commandId: string) => Promise<HandlerResponse>,
  options: { responseHoldsSecret?: boolean } = {},
): RequestHandler {
  return async (req, res, next) => {
    try {
      const key = req.get('idempotency-key');
      if (!key) return send(res, await handler(req, res, uuidv7(billstream.clock)));
      const scope = sha256(actorOf(res), req.method, req.originalUrl, key);
      const requestHash = sha256(typeof req.body === 'string' ? req.body : JSON.stringify(req.body ?? null));
      const stored = (await billstream.readStore.get(IDEMPOTENCY_KEYS, scope)) as StoredResponse | null;
      if (stored) {
        if (stored.requestHash !== requestHash) {
          return sendProblem(res, problem(409, 'idempotency-key-reused', `Idempotency-Key ${key} was used before with a different request body`));
        }
        if (!stored.response) {
          return sendProblem(res, problem(409, 'secret-shown-once', `the request with Idempotency-Key ${key} succeeded before; its response held a secret, which is shown only once`));
        }
        res.set('Idempotent-Replayed', 'true');
        return send(res, stored.response);
      }
      const response = await handler(req, res, deterministicId('idempotency', scope));
      await billstream.readStore.transact(async (uow) => uow.put(IDEMPOTENCY_KEYS, scope, { requestHash, response: options.responseHoldsSecret ? null : response } satisfies StoredResponse));
      send(res, response);
    } catch (error) {
      next(error);
    }
  };
}
