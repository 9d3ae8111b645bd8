/**
 * Every error leaves the API as RFC 9457 problem+json: domain errors with their own status,
 * request validation failures naming each field, and nothing else ever as a bare 500 page.
 */
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ErrorRequestHandler, Response } from 'express';
import { BillstreamError, type FieldIssue } from '../core/errors.ts';
import { StoreUnavailableError, WrongExpectedRevisionError } from '../eventstore/port.ts';
import { InvalidQueryError } from '../readstore/port.ts';
import type { Problem } from './documents.ts';
import { availableLanguages, DEFAULT_LANGUAGE, translatorFor, type Translator } from '../i18n/translator.ts';

export type { Problem };

/**
 * The title of a problem (src/i18n/locales/<language>/api.ftl), English unless a translator is
 * given: its type's own (`problem-title-<slug>`) where the status alone would not say what went
 * wrong (a 401 for a wrong password and for an expired session), else its status's.
 */
function titleOf(status: number, type: string, translator: Translator = translatorFor(DEFAULT_LANGUAGE)): string {
  const own = `problem-title-${type.slice(type.lastIndexOf('/') + 1)}`;
  return translator.has(own) ? translator.t(own) : translator.t('problem-title', { status });
}

export function problem(status: number, slug: string, detail?: string, errors?: FieldIssue[]): Problem {
  return {
    type: `/problems/${slug}`,
    title: titleOf(status, `/problems/${slug}`),
    status,
    ...(detail ? { detail } : {}),
    ...(errors && errors.length ? { errors } : {}),
  };
}

/**
 * Answers with a problem, its title in the language the request accepts best (Accept-Language;
 * English when it names none billstream has). The detail stays in English: it names fields and
 * values as the API spells them.
 */
export function sendProblem(res: Response, value: Problem): void {
  const languages = [DEFAULT_LANGUAGE, ...availableLanguages().filter((l) => l !== DEFAULT_LANGUAGE)];
  const translator = translatorFor(res.req.acceptsLanguages(languages) || DEFAULT_LANGUAGE);
  res.status(value.status).type('application/problem+json').set('Content-Language', translator.language).vary('Accept-Language')
    .send(JSON.stringify({ ...value, title: titleOf(value.status, value.type, translator), instance: res.req.originalUrl }));
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
  if (error instanceof InvalidQueryError) {
    return problem(400, 'invalid-query', error.option ? `${error.option}: ${error.message}` : error.message, error.option ? [{ field: error.option, message: error.message }] : undefined);
  }
  if (error instanceof StoreUnavailableError) return problem(503, 'store-unavailable', error.message);
  const e = error as ValidatorError & { type?: string; body?: string };
  if (e?.type === 'entity.parse.failed') return problem(400, 'malformed-body', `the request body is not valid JSON: ${e.message}`);
  if (e?.type === 'entity.too.large') return problem(413, 'payload-too-large', e.message);
  if (e?.type === 'entity.charset.invalid') return problem(400, 'malformed-body', e.message);
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

/**
 * For the HTTP server's `clientError` event: a request Node's parser refuses before Express sees
 * it (a URL or headers over the 16 KB limit, a malformed request line) is answered with the status
 * Node would give it, as problem+json instead of an empty body.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  const response = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || response?.headersSent) {
    socket.destroy();
    return;
  }
  const [status, slug, detail] =
    error.code === 'HPE_HEADER_OVERFLOW' ? [431, 'headers-too-large', 'the request line and headers exceed the 16 KB the server reads']
    : error.code === 'HPE_CHUNK_EXTENSIONS_OVERFLOW' ? [413, 'payload-too-large', 'the chunk extensions are too large']
    : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? [408, 'request-timeout', 'the request did not arrive in time']
    : [400, 'malformed-request', 'the request is not valid HTTP'];
  const body = JSON.stringify(problem(status, slug, detail));
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}
