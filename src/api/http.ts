/** ETag / If-Match (stream revisions, optimistic concurrency) and cursor pages over HTTP. */
import type { Request } from 'express';
import { PreconditionFailedError } from '../core/errors.ts';

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

