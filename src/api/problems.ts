/**
 * Every error leaves the API as RFC 9457 problem+json: domain errors with their own status,
 * request validation failures naming each field, and nothing else ever as a bare 500 page.
 */
import type { ErrorRequestHandler, Response } from 'express';
import { BillstreamError, type FieldIssue } from '../core/errors.ts';
import { StoreUnavailableError, WrongExpectedRevisionError } from '../eventstore/port.ts';
import { InvalidQueryError } from '../readstore/port.ts';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldIssue[];
}

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  412: 'Precondition failed',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  500: 'Internal server error',
  503: 'Service unavailable',
};

export function problem(status: number, slug: string, detail?: string, errors?: FieldIssue[]): Problem {
  return {
    type: `/problems/${slug}`,
    title: TITLES[status] ?? 'Error',
    status,
    ...(detail ? { detail } : {}),
    ...(errors && errors.length ? { errors } : {}),
  };
}

export function sendProblem(res: Response, value: Problem): void {
  res.status(value.status).type('application/problem+json').send(JSON.stringify({ ...value, instance: res.req.originalUrl }));
}

/** express-openapi-validator reports `/body/address/city`; users think `address.city`. */
function fieldOf(path: string): string {
  return path.replace(/^\.?\/?(body|query|headers|params|path)[./]?/, '').replace(/\//g, '.') || path;
}

interface ValidatorError extends Error {
  status: number;
  errors?: { path: string; message: string; errorCode?: string; params?: Record<string, unknown> }[];
}

export function toProblem(error: unknown): Problem {
  if (error instanceof BillstreamError) return problem(error.status, error.problemType, error.message, error.issues);
  if (error instanceof WrongExpectedRevisionError) return problem(409, 'conflict', error.message);
  if (error instanceof InvalidQueryError) return problem(400, 'invalid-query', error.message);
  if (error instanceof StoreUnavailableError) return problem(503, 'store-unavailable', error.message);
  const e = error as ValidatorError & { type?: string; body?: string };
  if (e?.type === 'entity.parse.failed') return problem(400, 'malformed-body', `the request body is not valid JSON: ${e.message}`);
  if (e?.type === 'entity.too.large') return problem(413, 'payload-too-large', e.message);
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
    const errors = (e.errors ?? []).map((item) => {
      const field = fieldOf(item.path);
      const extra = item.params?.additionalProperty;
      // Name the unknown field itself, not just the object that holds it.
      if (typeof extra === 'string') return { field: field && field !== item.path ? `${field}.${extra}`.replace(/^\./, '') : extra, message: `unknown field ${extra}` };
      if (/must NOT have additional properties/.test(item.message)) return { field, message: 'unknown field' };
      return { field, message: item.message };
    });
    const slug = e.status === 400 ? 'invalid-request' : e.status === 404 ? 'not-found' : e.status === 405 ? 'method-not-allowed' : e.status === 415 ? 'unsupported-media-type' : 'invalid-request';
    const detail = errors.length ? errors.map((i) => `${i.field}: ${i.message}`).join('; ') : e.message;
    return problem(e.status, slug, detail, errors);
  }
  return problem(500, 'internal-error', 'an unexpected error occurred; it has been logged');
}

export const problemHandler: ErrorRequestHandler = (error, _req, res, _next) => {
  const value = toProblem(error);
  if (value.status >= 500 && value.status !== 503) console.error(error);
  sendProblem(res, value);
};
