/**
 * The REST resources of the CRM entities, one shape for all: list and search over declared
 * indexes, create (Idempotency-Key), read now or as of an instant, replace under If-Match,
 * the audit history, CSV import, and the lists of related entities.
 */
import { Router, type Request, type Response } from 'express';
import type { Billstream } from '../../main.ts';
import type { Filter } from '../../readstore/port.ts';
import { NotFoundError } from '../../core/errors.ts';
import { requireInstantParameter } from '../../core/validate.ts';
import { uuidv7 } from '../../core/ids.ts';
import { currentDetails, executeEntityCommand, readDocument, type EntityKind } from '../../app/crm/commands.ts';
import { documentAsOf } from '../../processing/projection.ts';
import { importCsvEntities, type CsvEntityImport } from '../../import/bulk.ts';
import { csvColumnsHoldSecrets, csvFile, fileImportHandler } from './file-import.ts';
import { actorOf, requireRole, STAFF } from '../auth.ts';
import { etag, expectedRevisionFrom, pageOptions, sendJson, sendPage } from '../http.ts';
import { postHandler } from '../idempotency.ts';
import { historyOf } from './history.ts';

export interface EntityResource<D extends object> {
  kind: EntityKind<D>;
  /** Query parameters that filter the list: parameter -> how it becomes a filter. */
  filters: Record<string, (value: string) => Filter | Promise<Filter>>;
  /** A request body (PUT details, or POST without its id) -> the entity's details. */
  details(body: Record<string, unknown>, id: string, current: D | null): D;
  csv?: CsvEntityImport<D>;
  /** Related lists: `/clients/{id}/contracts` lists `contracts` whose `clientId` is the id. */
  related?: { path: string; kind: EntityKind<object>; field: string }[];
}

/** Waits until the read model reflects a command, then returns the document. */
async function freshDocument(billstream: Billstream, kind: EntityKind<object>, id: string, position: number | null) {
  await billstream.catchUp(position);
  return readDocument(billstream, kind, id);
}

/**
 * The routes of one entity kind, added to `router` (by default a new one). Adding them to the
 * router of their neighbours rather than nesting a router per kind matters for speed: a request
 * that leaves a router without a match leaves it through `setImmediate`, one turn of the event
 * loop per router passed.
 */
export function entityRouter<D extends object>(billstream: Billstream, resource: EntityResource<D>, router: Router = Router()): Router {
  const { kind } = resource;
  const base = `/${kind.name}`;
  const collection = kind.projection.collection.name;
  const writers = requireRole('operator');
  const readers = requireRole(...STAFF);

  router.get(base, readers, async (req: Request, res: Response) => {
    let filter: Filter = {};
    for (const [parameter, toFilter] of Object.entries(resource.filters)) {
      const value = req.query[parameter];
      if (typeof value === 'string' && value !== '') filter = { ...filter, ...(await toFilter(value)) };
    }
    await sendPage(res, billstream.readStore, collection, filter, pageOptions(req));
  });

  router.post(base, writers, postHandler(billstream, async (req, res, commandId) => {
    const { id, ...body } = req.body as { id: string } & Record<string, unknown>;
    const details = resource.details(body, id, null);
    const result = await executeEntityCommand(billstream, kind, { type: 'Register', id, details }, { commandId, actor: actorOf(res) });
    const document = await freshDocument(billstream, kind as EntityKind<object>, id, result.position);
    return { status: 201, body: document, headers: { ETag: etag(document.revision), Location: `${base}/${encodeURIComponent(id)}` } };
  }));

  if (resource.csv) {
    const csv = resource.csv;
    router.post(`${base}/import`, writers, fileImportHandler(billstream, csvFile(csv.columns, (deps, source, context, options) => importCsvEntities(deps, source, csv, context, options)), { requestHoldsSecret: csvColumnsHoldSecrets(csv.columns) }));
  }

  router.get(`${base}/:id`, readers, async (req: Request<{ id: string }>, res: Response) => {
    const asOf = typeof req.query.asOf === 'string' ? req.query.asOf : undefined;
    if (asOf) {
      requireInstantParameter('asOf', asOf);
      const events = await billstream.eventStore.readStream(kind.stream(req.params.id));
      const document = documentAsOf(kind.projection, events, asOf);
      if (!document) throw new NotFoundError(`${kind.noun} ${req.params.id} did not exist at ${asOf}`);
      res.set('ETag', etag(document.revision)).json(document);
      return;
    }
    const document = await readDocument(billstream, kind as EntityKind<object>, req.params.id);
    sendJson(res.set('ETag', etag(document.revision)), document);
  });

  router.put(`${base}/:id`, writers, async (req: Request<{ id: string }>, res: Response) => {
    const expectedRevision = expectedRevisionFrom(req);
    const current = await currentDetails(billstream, kind, req.params.id);
    if (!current) throw new NotFoundError(`${kind.noun} ${req.params.id} does not exist`);
    const details = resource.details(req.body as Record<string, unknown>, req.params.id, current);
    const result = await executeEntityCommand(billstream, kind, { type: 'Change', id: req.params.id, details }, {
      commandId: uuidv7(billstream.clock),
      actor: actorOf(res),
      ...(expectedRevision === undefined ? {} : { expectedRevision }),
    });
    const document = await freshDocument(billstream, kind as EntityKind<object>, req.params.id, result.position);
    res.set('ETag', etag(document.revision)).json(document);
  });

  router.get(`${base}/:id/history`, requireRole('admin', 'operator', 'auditor', 'accountant', 'billing'), async (req: Request<{ id: string }>, res: Response) => {
    res.json({ items: await historyOf(billstream, kind.stream(req.params.id), `${kind.noun} ${req.params.id}`) });
  });

  for (const related of resource.related ?? []) {
    router.get(`${base}/:id/${related.path}`, readers, async (req: Request<{ id: string }>, res: Response) => {
      await readDocument(billstream, kind as EntityKind<object>, req.params.id);
      await sendPage(res, billstream.readStore, related.kind.projection.collection.name, { [related.field]: req.params.id }, pageOptions(req));
    });
  }
  return router;
}
