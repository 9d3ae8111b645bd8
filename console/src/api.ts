/**
 * The console's only way to the REST API: same-origin fetch with the session cookie, the
 * session's CSRF token on every change, the console's language for problem titles, and every
 * error turned into an ApiError (problem+json: title, status, detail, field errors). A 401 ends
 * the session in the page: the shell shows the sign-in screen with "session expired".
 */
import type { components } from '../../src/api/openapi.d.ts';

export type Schemas = components['schemas'];
export type Problem = Schemas['Problem'];

/** A page of a cursor-paged list (`next` is the `after` of the following page; null on the last). */
export interface Page<T> {
  items: T[];
  next: string | null;
}

export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string | undefined;
  readonly type: string;
  /** Field errors by field path as the API names it (`name`, `address.city`). */
  readonly fieldErrors: Record<string, string[]>;
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail ? `${problem.title}: ${problem.detail}` : problem.title);
    this.name = 'ApiError';
    this.problem = problem;
    this.status = problem.status;
    this.title = problem.title;
    this.detail = problem.detail;
    this.type = problem.type;
    const fields: Record<string, string[]> = {};
    for (const error of problem.errors ?? []) (fields[error.field] ??= []).push(error.message);
    this.fieldErrors = fields;
  }

  /** Someone changed the entity since it was read (If-Match): 412, or 409 when the append raced. */
  get isConflict(): boolean {
    return this.status === 412 || this.status === 409;
  }
}

/** The network failed or the server answered something that is not problem+json. */
function unexpected(status: number, text: string): ApiError {
  return new ApiError({ type: 'about:blank', status, title: status === 0 ? 'network error' : `HTTP ${status}`, ...(text ? { detail: text.slice(0, 500) } : {}) });
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  query?: Query;
  /** A JSON body, or text (CSV, YAML) with its content type. */
  body?: unknown;
  contentType?: string;
  /** The ETag read with the entity: the change fails with 412 if it changed since. */
  ifMatch?: string | null;
  /** Answer 4xx bodies that are not problems (import summaries) as data instead of an error. */
  acceptStatus?: number[];
  /** The media type wanted (a document, a CSV); problems are accepted too. */
  accept?: string;
  /** Answer the body as a Blob (a file to download) instead of JSON or text. */
  binary?: boolean;
}

export interface Answer<T> {
  status: number;
  data: T;
  etag: string | null;
}

interface ClientState {
  csrfToken: string | null;
  language: string;
  onUnauthorized: ((error: ApiError) => void) | null;
}

const state: ClientState = { csrfToken: null, language: 'en', onUnauthorized: null };

export function setCsrfToken(token: string | null): void {
  state.csrfToken = token;
}
export function setApiLanguage(language: string): void {
  state.language = language;
}
/** Called on any 401 but the sign-in's own. */
export function onUnauthorized(handler: ((error: ApiError) => void) | null): void {
  state.onUnauthorized = handler;
}

export function withQuery(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `${path}${path.includes('?') ? '&' : '?'}${text}` : path;
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<Answer<T>> {
  const headers: Record<string, string> = { Accept: `${options.accept ?? 'application/json'}, application/problem+json`, 'Accept-Language': state.language };
  let body: BodyInit | undefined;
  if (options.body !== undefined) {
    if (options.contentType && typeof options.body === 'string') {
      headers['Content-Type'] = options.contentType;
      body = options.body;
    } else {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
  }
  if (method !== 'GET' && method !== 'HEAD' && state.csrfToken) headers['X-CSRF-Token'] = state.csrfToken;
  if (options.ifMatch) headers['If-Match'] = options.ifMatch;
  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), { method, headers, body, credentials: 'same-origin' });
  } catch (error) {
    throw unexpected(0, error instanceof Error ? error.message : String(error));
  }
  const type = response.headers.get('Content-Type') ?? '';
  const etag = response.headers.get('ETag');
  if (response.ok || options.acceptStatus?.includes(response.status)) {
    const data = response.status === 204 ? (undefined as T) : options.binary ? ((await response.blob()) as T) : type.includes('json') ? ((await response.json()) as T) : ((await response.text()) as T);
    return { status: response.status, data, etag };
  }
  const text = await response.text();
  let error: ApiError;
  try {
    const parsed = JSON.parse(text) as Problem;
    error = typeof parsed?.title === 'string' && typeof parsed.status === 'number' ? new ApiError(parsed) : unexpected(response.status, text);
  } catch {
    error = unexpected(response.status, text);
  }
  if (response.status === 401 && !path.startsWith('/auth/')) state.onUnauthorized?.(error);
  throw error;
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, { query }),
  post: <T>(path: string, body?: unknown, options: RequestOptions = {}) => request<T>('POST', path, { ...options, body }),
  put: <T>(path: string, body: unknown, options: RequestOptions = {}) => request<T>('PUT', path, { ...options, body }),
  delete: <T>(path: string, options: RequestOptions = {}) => request<T>('DELETE', path, options),
};

/** A path segment from an id: ids are `[A-Za-z0-9_.:-]`, but a typed URL could hold anything. */
export const seg = (value: string) => encodeURIComponent(value);
