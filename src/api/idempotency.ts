/**
 * `Idempotency-Key` on POST (TigerBeetle's rule): the same key and body replay the first
 * response; the same key with another body is a conflict. Bodies are compared as canonical JSON
 * (keys sorted), so the same request written with its keys in another order is the same request.
 *
 * Invariant: for one key, the handler runs once at a time, in every process on the store. A
 * request claims its key atomically before its handler runs (a lease in the read store: a unique
 * insert, taken over only once expired); requests that lose the claim wait for the winner's
 * stored response and replay it (`Idempotent-Replayed: true`). The command id also derives from
 * the key, so even a crash between the append and storing the response causes the events once:
 * the command handler answers a known command id with the events it caused the first time.
 */
import { createHash, randomBytes } from 'node:crypto';
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

/** How long a claim holds without renewal (a crashed process's claim is taken over after it). */
const CLAIM_TTL_MS = 30_000;
/** How long a request that lost the claim waits for the winner's response before a 409. */
const WAIT_FOR_WINNER_MS = 120_000;
const POLL_MS = 20;

function sha256(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}

/** JSON with every object's keys in sorted order: equal values give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item === undefined ? null : item)).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function send(res: Response, response: HandlerResponse): void {
  res.status(response.status).set(response.headers ?? {});
  if (response.body === undefined) res.end();
  else res.json(response.body);
}

export function postHandler(
  billstream: Billstream,
  handler: (req: Request, res: Response, commandId: string) => Promise<HandlerResponse>,
  options: { responseHoldsSecret?: boolean; requestHoldsSecret?: boolean } = {},
): RequestHandler {
  const { readStore, clock } = billstream;
  const now = () => clock.now().epochMilliseconds;
  return async (req, res, next) => {
    try {
      const key = req.get('idempotency-key');
      if (!key) return send(res, await handler(req, res, uuidv7(clock)));
      const scope = sha256(actorOf(res), req.method, req.originalUrl, key);
      const body = typeof req.body === 'string' ? req.body : canonicalJson(req.body ?? null);
      // A body holding a secret (a NAS secret, a service point's password) is fingerprinted under
      // the installation's secret key: the read store must not hold a hash a guess can be tested on.
      const requestHash = options.requestHoldsSecret ? `keyed:${billstream.secrets.digest('idempotent request', body)}` : sha256(body);
      const claim = `idempotency:${scope}`;
      const claimant = randomBytes(12).toString('hex');

      /** Answers from the stored response; false when there is none yet. */
      const replayed = async (): Promise<boolean> => {
        const stored = (await readStore.get(IDEMPOTENCY_KEYS, scope)) as StoredResponse | null;
        if (!stored) return false;
        if (stored.requestHash !== requestHash) {
          sendProblem(res, problem(409, 'idempotency-key-reused', `Idempotency-Key ${key} was used before with a different request body`));
        } else if (!stored.response) {
          sendProblem(res, problem(409, 'secret-shown-once', `the request with Idempotency-Key ${key} succeeded before; its response held a secret, which is shown only once`));
        } else {
          res.set('Idempotent-Replayed', 'true');
          send(res, stored.response);
        }
        return true;
      };

      const deadline = now() + WAIT_FOR_WINNER_MS;
      for (;;) {
        if (await replayed()) return;
        if (await readStore.acquireLease(claim, claimant, now(), CLAIM_TTL_MS)) break;
        if (now() > deadline || req.socket.destroyed) {
          return sendProblem(res, problem(409, 'idempotency-key-in-use', `a request with Idempotency-Key ${key} is still being processed; retry later to get its response`));
        }
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
      // Claimed. The winner of a claim that expired or was released may find the response stored by then.
      const renew = setInterval(() => void readStore.acquireLease(claim, claimant, now(), CLAIM_TTL_MS).catch(() => undefined), CLAIM_TTL_MS / 3);
      try {
        if (await replayed()) return;
        const response = await handler(req, res, deterministicId('idempotency', scope));
        await readStore.transact(async (uow) => uow.put(IDEMPOTENCY_KEYS, scope, { requestHash, response: options.responseHoldsSecret ? null : response } satisfies StoredResponse));
        send(res, response);
      } finally {
        clearInterval(renew);
        // A failed handler leaves nothing stored: the next request with the key runs it again.
        await readStore.releaseLease(claim, claimant);
      }
    } catch (error) {
      next(error);
    }
  };
}
