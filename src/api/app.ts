/**
 * The REST API: Express 5 driven by openapi.yaml. The validator checks every request against the
 * spec before a handler runs (and, in tests, every response), so a malformed body never reaches
 * the domain and the spec cannot drift from the code unnoticed.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { isUtf8 } from 'node:buffer';
import { fileURLToPath } from 'node:url';
import express, { type Express, type NextFunction, type Request, type RequestHandler, type Response, type Router } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import type { Billstream } from '../main.ts';
import { authentication, REQUEST_VALIDATION, requireRole, ROLE_CHECK, STAFF, WITHOUT_CREDENTIALS } from './auth.ts';
import { docsRouter } from './docs.ts';
import { consoleRouter } from './console.ts';
import { IDEMPOTENCY_KEYS } from './idempotency.ts';
import { Metrics } from './metrics.ts';
import { problem, problemHandler, sendProblem } from './problems.ts';
import { VALIDATES_RESPONSES } from './http.ts';
import { InvalidParameterError } from '../core/errors.ts';
import { apiKeysRouter } from './routes/api-keys.ts';
import { usersRouter } from './routes/users.ts';
import { cardsRouter } from './routes/cards.ts';
import { radiusAuthRouter } from './routes/radius-auth.ts';
import { radiusNasRouter } from './routes/radius-nas.ts';
import { radiusDisconnectsRouter } from './routes/radius-disconnects.ts';
import { radiusSessionsRouter } from './routes/radius-sessions.ts';
import { legalEntitiesRouter } from './routes/legal-entities.ts';
import { crmRouter } from './routes/crm.ts';
import { usageRouter } from './routes/usage.ts';
import { tariffsRouter } from './routes/tariffs.ts';
import { discountsRouter } from './routes/discounts.ts';
import { fxRatesRouter } from './routes/fx-rates.ts';
import { holidaysRouter } from './routes/holidays.ts';
import { billingRouter } from './routes/billing.ts';
import { documentsRouter } from './routes/documents.ts';
import { receivablesRouter } from './routes/receivables.ts';
import { accountingRouter } from './routes/accounting.ts';
import { MAX_LOGO_BYTES } from '../domain/legal-entity/logo.ts';
import { auditRouter } from './routes/audit.ts';
import { dashboardRouter } from './routes/dashboard.ts';
import { keepUploadBytes } from './routes/file-import.ts';

export const OPENAPI_SPEC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../openapi.yaml');
const VERSION = '0.1.0';

/**
 * express-openapi-validator finds the operation of each request by compiling every path of the
 * spec with path-to-regexp, again on every request, until one matches: with this spec that was
 * a sixth of the CPU time of a small GET. The compiled expressions depend only on the path and
 * the options, and the validator only reads them (no global or sticky flags, so `exec` keeps no
 * state), so the module it uses returns each one from a cache. Returns whether the cache is in
 * place (the test suite checks that it is, so an upgrade that changes this is noticed).
 */
export function cacheValidatorRouteExpressions(): boolean {
  const fromValidator = createRequire(createRequire(import.meta.url).resolve('express-openapi-validator'));
  const pathToRegexpModule = fromValidator('path-to-regexp') as { pathToRegexp: PathToRegexp & { cached?: true } };
  if (pathToRegexpModule.pathToRegexp.cached) return true;
  const descriptor = Object.getOwnPropertyDescriptor(pathToRegexpModule, 'pathToRegexp');
  if (!descriptor?.writable) return false;
  const compile = pathToRegexpModule.pathToRegexp;
  const cache = new Map<string, { options: PathToRegexpOptions; result: ReturnType<PathToRegexp> }[]>();
  const cached = (route: unknown, options: PathToRegexpOptions = {}) => {
    // Only string paths with the plain options the validator passes; anything else as before.
    if (typeof route !== 'string' || !plainOptions(options)) return compile(route, options);
    let entries = cache.get(route);
    if (!entries) cache.set(route, (entries = []));
    for (const entry of entries) if (sameOptions(entry.options, options)) return entry.result;
    const result = compile(route, options);
    entries.push({ options: { ...options }, result });
    return result;
  };
  pathToRegexpModule.pathToRegexp = Object.assign(cached, { cached: true as const });
  return true;
}

type PathToRegexpOptions = { sensitive?: boolean; strict?: boolean; end?: boolean; trailing?: boolean; delimiter?: string };
type PathToRegexp = (path: unknown, options?: PathToRegexpOptions) => { regexp: RegExp; keys: { name: string }[] };
const SIMPLE_OPTIONS = new Set(['sensitive', 'strict', 'end', 'trailing', 'delimiter']);

function plainOptions(options: PathToRegexpOptions): boolean {
  for (const key in options) {
    const value = (options as Record<string, unknown>)[key];
    if (!SIMPLE_OPTIONS.has(key) || (value !== undefined && typeof value !== 'boolean' && typeof value !== 'string')) return false;
  }
  return true;
}

function sameOptions(a: PathToRegexpOptions, b: PathToRegexpOptions): boolean {
  return a.sensitive === b.sensitive && a.strict === b.strict && a.end === b.end && a.trailing === b.trailing && a.delimiter === b.delimiter;
}

/**
 * express-openapi-validator then tries the routes of the spec one by one, in its order, until one
 * matches (about 40 µs of a GET, whose whole budget is 250 µs). A route whose path starts with a
 * literal segment (`/clients/...`) can only match a path starting with that segment, so each
 * request is looked up among the routes that could match it, in the same order, by the
 * validator's own code: the routes starting with the request's first segment and those starting
 * with a parameter. Whatever matches, fails (404, 405, a malformed path) or is ignored, the
 * validator decides exactly as before. Returns whether the lookup is in place.
 */
export function lookUpValidatorRoutesByFirstSegment(): boolean {
  const fromValidator = createRequire(createRequire(import.meta.url).resolve('express-openapi-validator'));
  const { OpenApiValidator } = fromValidator('./openapi.validator') as { OpenApiValidator?: { prototype: Record<string, unknown> } };
  const prototype = OpenApiValidator?.prototype as { metadataMiddleware?: MetadataMiddlewareFactory & { byFirstSegment?: true; original?: MetadataMiddlewareFactory } } | undefined;
  const original = prototype?.metadataMiddleware;
  if (!prototype || typeof original !== 'function') return false;
  if (original.byFirstSegment) return true;
  const bySegment: MetadataMiddlewareFactory = function (this: unknown, context, responseApiDoc) {
    const routes = Object.keys(context.expressRouteMap ?? {});
    if (typeof context.expressRouteMap !== 'object' || routes.length === 0) return original.call(this, context, responseApiDoc);
    // The same context seen with fewer routes: the validator's lookup walks only these.
    const lookUpAmong = (subset: string[]) => {
      const view = Object.create(context) as ValidatorContext;
      const map: Record<string, unknown> = {};
      for (const route of subset) map[route] = context.expressRouteMap[route];
      view.expressRouteMap = map;
      return original.call(this, view, responseApiDoc);
    };
    const segmentOfRoute = (route: string) => {
      const segment = /^\/([^/]*)/.exec(route)?.[1];
      return segment === undefined || segment === '' || /[:*{}()?+\\]/.test(segment) ? null : segment.toLowerCase();
    };
    const segments = new Set(routes.map(segmentOfRoute).filter((s): s is string => s !== null));
    const middlewares = new Map<string, ValidatorMiddleware>();
    for (const segment of segments) middlewares.set(segment, lookUpAmong(routes.filter((r) => { const s = segmentOfRoute(r); return s === null || s === segment; })));
    const others = lookUpAmong(routes.filter((r) => segmentOfRoute(r) === null));
    return (req, res, next) => {
      // The path the validator matches (its `lookupRoute`): the URL without the query.
      const url = context.useRequestUrl ? req.url : req.originalUrl;
      const query = url.indexOf('?');
      return (middlewares.get(firstSegmentOf(query === -1 ? url : url.slice(0, query))) ?? others)(req, res, next);
    };
  };
  prototype.metadataMiddleware = Object.assign(bySegment, { byFirstSegment: true as const, original });
  return true;
}

interface ValidatorContext {
  expressRouteMap: Record<string, unknown>;
  useRequestUrl?: boolean;
}
type ValidatorMiddleware = (req: Request, res: Response, next: NextFunction) => unknown;
type MetadataMiddlewareFactory = (this: unknown, context: ValidatorContext, responseApiDoc: unknown) => ValidatorMiddleware;

/** The first segment of a path, lower case (`/clients/C-1` -> `clients`). */
function firstSegmentOf(path: string): string {
  const end = path.indexOf('/', 1);
  return (end === -1 ? path.slice(1) : path.slice(1, end)).toLowerCase();
}

/**
 * The first path segments (lower case) that a router's routes can match, read from its own
 * routes; null when any of them could match more (a middleware for every path, a pattern, a
 * parameter as the first segment).
 */
export function firstSegments(router: Router): Set<string> | null {
  const segments = new Set<string>();
  for (const layer of router.stack as unknown as { rawPath?: unknown; slash?: boolean; handle: unknown }[]) {
    const paths = Array.isArray(layer.rawPath) ? (layer.rawPath as unknown[]) : [layer.rawPath];
    if (layer.slash) {
      // `router.use(handler)`: another router is read the same way; anything else sees every path.
      const inner = layer.handle as Router;
      const nested = typeof inner === 'function' && Array.isArray((inner as { stack?: unknown }).stack) ? firstSegments(inner) : null;
      if (!nested) return null;
      for (const segment of nested) segments.add(segment);
      continue;
    }
    for (const path of paths) {
      if (typeof path !== 'string') return null;
      const segment = /^\/([^/]*)/.exec(path)?.[1];
      if (segment === undefined || /[:*{}()?+\\]/.test(segment)) return null;
      segments.add(segment.toLowerCase());
    }
  }
  return segments;
}

/**
 * The routers, in their order, each run only for paths its routes can match. Express leaves a
 * router that matched nothing through `setImmediate`, one turn of the event loop for each router
 * a request passes on its way to its own (ten for `/invoices`, each also ending the read store's
 * snapshot), and visits every layer of the app in between. The segments come from each router's
 * routes, so a route added to a router later is found without change here; a router whose
 * routes cannot be read that way runs for every path, as before. An error leaves for the error
 * handler at once, as it passes over the remaining routers in Express.
 */
export function routeByFirstSegment(routers: Router[]): RequestHandler {
  const guarded = routers.map((router) => ({ router, segments: firstSegments(router) }));
  const everyPath = guarded.filter((g) => !g.segments).map((g) => g.router);
  const chains = new Map<string, Router[]>();
  for (const { segments } of guarded) {
    for (const segment of segments ?? []) chains.set(segment, guarded.filter((g) => !g.segments || g.segments.has(segment)).map((g) => g.router));
  }
  return (req, res, next) => {
    const chain = chains.get(firstSegmentOf(req.path)) ?? everyPath;
    // Most paths have one router: no closure per request then.
    if (chain.length === 1) return chain[0]!(req, res, next);
    let index = 0;
    const step = (error?: unknown): void => {
      if (error) return next(error);
      const router = chain[index++];
      if (!router) return next();
      router(req, res, step);
    };
    step();
  };
}

const MAX_JSON_DEPTH = 64;

/** Whether a parsed JSON value nests deeper than `max`, walked without recursion. */
function jsonDepthExceeds(value: unknown, max: number): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (stack.length) {
    const item = stack.pop()!;
    if (item.value === null || typeof item.value !== 'object') continue;
    if (item.depth >= max) return true;
    for (const child of Object.values(item.value as object)) stack.push({ value: child, depth: item.depth + 1 });
  }
  return false;
}

/** Refuses a body whose bytes are not UTF-8 (400, malformed-body); CSV uploads are checked row by row by the CSV reader instead. */
function requireUtf8(bytes: Buffer, what: string): void {
  if (!isUtf8(bytes)) throw Object.assign(new Error(`the ${what} body's bytes are not UTF-8`), { status: 400, type: 'entity.charset.invalid' });
}

/**
 * The JSON and the text body parsers. A request without a body (`type-is`'s test, as the parsers
 * make it) skips both, with what they would do then: `req.body` set to undefined, unless the
 * request is already finished (`on-finished`'s test).
 */
function bodyParsers(): RequestHandler {
  // A JSON or YAML body must be UTF-8: decoded as it is, a Latin-1 "ü" would be stored as U+FFFD.
  const json = express.json({ limit: '10mb', verify: (_req, _res, bytes) => requireUtf8(bytes, 'JSON') });
  // A CSV upload's bytes are kept beside its text (`uploadBytes`): the CSV reader tells a row with
  // bytes that are not UTF-8 (rejected at its line and column, as the CLI does), where the text
  // has them turned into U+FFFD unseen. The validator checks the text.
  const text = express.text({
    type: ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/csv'], limit: '200mb',
    verify: (req, _res, bytes) => {
      if (/^text\/csv\b/i.test(req.headers['content-type'] ?? '')) keepUploadBytes(req, bytes);
      else requireUtf8(bytes, 'YAML');
    },
  });
  // A legal entity's logo (PUT /legal-entities/{id}/logo): the bytes, bounded by what a logo may have.
  const image = express.raw({ type: ['image/png', 'image/jpeg'], limit: MAX_LOGO_BYTES });
  return (req, res, next) => {
    const hasBody = req.headers['transfer-encoding'] !== undefined || !Number.isNaN(Number(req.headers['content-length'] ?? Number.NaN));
    if (hasBody) {
      return json(req, res, (error?: unknown) => {
        if (error) return next(error);
        // Deep nesting costs the validator's recursive checks their stack: refused before them.
        if (jsonDepthExceeds(req.body, MAX_JSON_DEPTH)) return sendProblem(res, problem(400, 'too-deeply-nested', `the JSON body nests deeper than ${MAX_JSON_DEPTH} levels`));
        text(req, res, (textError?: unknown) => (textError ? next(textError) : image(req, res, next)));
      });
    }
    const socket = req.socket as typeof req.socket | null;
    const finished = Boolean((req as { upgrade?: boolean }).upgrade || !socket || !socket.readable || (req.complete && !req.readable));
    if (!finished && !('body' in req)) (req as { body?: unknown }).body = undefined;
    next();
  };
}

/**
 * The validator's middlewares, split: its request validation (named `requestMiddleware` by
 * express-openapi-validator) apart from the rest (path parameters, the operation lookup, response
 * validation), so that the role check can run between the two. Fails loudly when an upgrade
 * renames it, rather than validate nothing or validate before the role check again.
 */
export function splitValidator(middlewares: RequestHandler[]): { lookup: RequestHandler[]; validation: RequestHandler } {
  const validation = middlewares.filter((m) => m.name === 'requestMiddleware');
  if (validation.length !== 1) throw new Error(`express-openapi-validator: expected one requestMiddleware among ${middlewares.map((m) => m.name).join(', ')}`);
  const validate = validation[0]!;
  // Named as the validator's middleware it wraps: it is the request validation, with one check more.
  const requestMiddleware: RequestHandler = (req, res, next) => validate(req, res, (error?: unknown) => (error === undefined ? next(nonFiniteQueryProblem(req)) : next(error)));
  return { lookup: middlewares.filter((m) => m.name !== 'requestMiddleware'), validation: requestMiddleware };
}

/**
 * The validator turns a number parameter's text into a number, and takes `Infinity`, `-Infinity`
 * and `1e400` (which becomes Infinity) for an integer within any bounds: Infinity % 1 is NaN,
 * which its integer check does not catch, and no maximum is checked against it. Such a value
 * means no number at all: a 400 naming the parameter, as any other value out of range gets.
 */
function nonFiniteQueryProblem(req: Request): InvalidParameterError | undefined {
  for (const [name, value] of Object.entries(req.query)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item === 'number' && !Number.isFinite(item)) return InvalidParameterError.field(name, `${item} is not a finite number`);
    }
  }
  return undefined;
}

/**
 * Every route must start with its role check: that is where its request is validated, so a
 * route without one would take any input. Refuses to build such an app.
 */
export function requireRoleChecks(routers: Router[]): void {
  for (const router of routers) {
    for (const layer of router.stack as unknown as { route?: { path: unknown; stack: { handle: unknown }[] } }[]) {
      if (!layer.route) continue;
      const first = layer.route.stack[0]?.handle as Record<symbol, unknown> | undefined;
      if (!first || !(ROLE_CHECK in first)) throw new Error(`route ${String(layer.route.path)} does not start with requireRole: it would be neither authorized nor validated`);
    }
  }
}

/** The routes (`METHOD /path`) whose role check is `withoutCredentials()`: authentication lets them pass. */
export function routesWithoutCredentials(routers: Router[]): Set<string> {
  const routes = new Set<string>();
  for (const router of routers) {
    for (const layer of router.stack as unknown as { route?: { path: unknown; methods: Record<string, boolean>; stack: { handle: unknown }[] } }[]) {
      const first = layer.route?.stack[0]?.handle as Record<symbol, unknown> | undefined;
      if (!layer.route || !first || !(WITHOUT_CREDENTIALS in first)) continue;
      if (typeof layer.route.path !== 'string') throw new Error('a route without credentials must have a plain path');
      for (const [method, on] of Object.entries(layer.route.methods)) if (on) routes.add(`${method.toUpperCase()} ${layer.route.path}`);
    }
  }
  return routes;
}

export interface AppOptions {
  /** Validate every response against the spec (tests): a mismatch becomes a 500. */
  validateResponses?: boolean;
  /** More Prometheus text for /metrics: the RADIUS server's counters when `serve --radius` runs it in this process. */
  moreMetrics?: () => string;
}

export async function createApp(billstream: Billstream, options: AppOptions = {}): Promise<Express> {
  await billstream.readStore.ensureCollection({ name: IDEMPOTENCY_KEYS, indexes: [] });
  cacheValidatorRouteExpressions();
  lookUpValidatorRoutesByFirstSegment();
  const app = express();
  const metrics = new Metrics();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.locals[VALIDATES_RESPONSES] = options.validateResponses === true;
  app.use(metrics.middleware());

  app.get('/health', async (_req, res) => {
    let eventStore = 'ok';
    let readStore = 'ok';
    let headPosition: number | null = null;
    try {
      headPosition = await billstream.eventStore.headPosition();
    } catch (error) {
      eventStore = error instanceof Error ? error.message : String(error);
    }
    try {
      await billstream.readStore.getCheckpoint('health');
    } catch (error) {
      readStore = error instanceof Error ? error.message : String(error);
    }
    const healthy = eventStore === 'ok' && readStore === 'ok';
    res.status(healthy ? 200 : 503).json({ status: healthy ? 'ok' : 'degraded', eventStore, readStore, version: VERSION, headPosition });
  });
  // Documentation and the console's page and assets hold no data; a browser must be able to open
  // them before it has a key or a session (the console's data comes from the API below).
  app.use(routeByFirstSegment([docsRouter(OPENAPI_SPEC), consoleRouter()]));

  // Filled once the routers exist (below): the sign-in routes, which need neither key nor session.
  const withoutCredentials = new Set<string>();
  app.use(authentication(billstream, withoutCredentials));
  app.use(bodyParsers());
  // The validator finds the operation (404 and 405 for what the spec does not have) for every
  // request here; checking the request against it waits for the route's role check (requireRole).
  const { lookup, validation } = splitValidator(OpenApiValidator.middleware({
    apiSpec: OPENAPI_SPEC,
    validateRequests: { allErrors: true },
    validateResponses: options.validateResponses ?? false,
    validateSecurity: false,
    // The spec has no multipart bodies: its upload middleware would only pass every request on.
    fileUploader: false,
    ignorePaths: /^\/(docs|openapi\.yaml)/,
  }));
  app.use(lookup);
  app.locals[REQUEST_VALIDATION] = validation;

  const metricsRouter = express.Router();
  metricsRouter.get('/metrics', requireRole(...STAFF), async (_req, res) => {
    res.type('text/plain; version=0.0.4').send((await metrics.render(billstream)) + (options.moreMetrics?.() ?? ''));
  });
  const routers = [
    metricsRouter,
    legalEntitiesRouter(billstream),
    crmRouter(billstream),
    tariffsRouter(billstream),
    discountsRouter(billstream),
    usageRouter(billstream),
    fxRatesRouter(billstream),
    holidaysRouter(billstream),
    billingRouter(billstream),
    receivablesRouter(billstream),
    documentsRouter(billstream),
    accountingRouter(billstream),
    auditRouter(billstream),
    dashboardRouter(billstream),
    apiKeysRouter(billstream),
    usersRouter(billstream),
    cardsRouter(billstream),
    radiusAuthRouter(billstream),
    radiusNasRouter(billstream),
    radiusDisconnectsRouter(billstream),
    radiusSessionsRouter(billstream),
  ];
  requireRoleChecks(routers);
  for (const route of routesWithoutCredentials(routers)) withoutCredentials.add(route);
  app.use(routeByFirstSegment(routers));

  app.use((req, res) => sendProblem(res, problem(404, 'not-found', `no route ${req.method} ${req.path}`)));
  app.use(problemHandler);
  return app;
}
