/** ETag / If-Match (stream revisions, optimistic concurrency) and cursor pages over HTTP. */
import type { Request, Response } from 'express';
import { PreconditionFailedError } from '../core/errors.ts';
import type { Filter, FindOptions, ReadStore } from '../readstore/port.ts';
import { jsonPages } from '../readstore/query.ts';

export function etag(revision: number): string {
  return `W/"${revision}"`;
}

/**
 * The revision the client says it read, from If-Match (`W/"3"` or `"3"`); undefined when absent
 * or `*`. Anything else cannot match a revision of ours, so it fails as a precondition.
 */
export function expectedRevisionFrom(req: Request): number | undefined {
  const header = req.get('if-match');
  if (header === undefined || header.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"(\d+)"\s*$/.exec(header);
  if (!match) throw new PreconditionFailedError(`If-Match ${header} is not an ETag of this API (expected W/"<revision>")`);
  return Number(match[1]);
}

export function pageOptions(req: Request): { limit: number; after?: string } {
  const limit = req.query.limit === undefined ? 50 : Number(req.query.limit);
  const after = typeof req.query.after === 'string' ? req.query.after : undefined;
  return after ? { limit, after } : { limit };
}

/**
 * Sends JSON bytes with the headers and status `res.json` gives the same value (Content-Type with
 * its charset, Content-Length, 304 without a body when the request's validator matches the
 * response's ETag, nothing after the headers for HEAD), without the work `res.json` and
 * `res.send` repeat on every call (media type lookups and charset parsing, about a tenth of a
 * small GET).
 */
export function sendJsonBytes(res: Response, body: Buffer): void {
  // Tests validate every response against the spec through `res.json`: let them see this one.
  if (validatesResponses(res)) {
    res.json(JSON.parse(body.toString('utf8')));
    return;
  }
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  if (!res.getHeader('Transfer-Encoding')) res.setHeader('Content-Length', String(body.length));
  const req = res.req;
  if (req.fresh) {
    res.statusCode = 304;
    res.removeHeader('Content-Type');
    res.removeHeader('Content-Length');
    res.removeHeader('Transfer-Encoding');
    res.end();
    return;
  }
  if (req.method === 'HEAD') res.end();
  else res.end(body);
}

/** `res.json(value)`, through `sendJsonBytes`. */
export function sendJson(res: Response, value: unknown): void {
  if (validatesResponses(res)) res.json(value);
  else sendJsonBytes(res, Buffer.from(JSON.stringify(value)));
}

/** Set by `createApp` when it validates responses (tests): they are checked as `res.json` sends them. */
export const VALIDATES_RESPONSES = 'billstreamValidatesResponses';

function validatesResponses(res: Response): boolean {
  return res.app.locals[VALIDATES_RESPONSES] === true;
}

/**
 * Sends a page of a collection exactly as `res.json(await readStore.find(...))` would (the same
 * bytes and headers), from the stored JSON when the read store can give it.
 */
export async function sendPage(res: Response, readStore: ReadStore, collection: string, filter: Filter, options: FindOptions): Promise<void> {
  const pages = jsonPages(readStore);
  if (!pages) {
    sendJson(res, await readStore.find(collection, filter, options));
    return;
  }
  sendJsonBytes(res, await pages.findJson(collection, filter, options));
}

