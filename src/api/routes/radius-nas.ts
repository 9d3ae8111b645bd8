/**
 * `/radius/nas` (the RADIUS clients) and `/service-points/{id}/credentials` (subscribers' RADIUS
 * passwords). Secrets and passwords go in and never come out: NAS documents show `secretSet`,
 * credentials show the user name, histories withhold the sealed values.
 */
import { Router, type Request, type Response } from 'express';
import type { Billstream } from '../../main.ts';
import { uuidv7 } from '../../core/ids.ts';
import { NotFoundError } from '../../core/errors.ts';
import type { Filter } from '../../readstore/port.ts';
import { parseNasAddress } from '../../domain/nas/address.ts';
import type { MessageAuthenticatorPolicy } from '../../domain/nas/decider.ts';
import { nasView, readNas, removeNas, saveNas, nasKind, type NasInput } from '../../app/radius/nas.ts';
import { clearCredentials, credentialsOf, setCredentials } from '../../app/radius/credentials.ts';
import { importCsvEntities } from '../../import/bulk.ts';
import { nasFile } from '../../import/nas.ts';
import { NAS_CLIENTS, type NasDocument } from '../../../projections/nas.projection.ts';
import { actorOf, requireRole, STAFF } from '../auth.ts';
import { etag, expectedRevisionFrom, pageOptions, sendJson } from '../http.ts';
import { postHandler } from '../idempotency.ts';
import { csvColumnsHoldSecrets, csvFile, fileImportHandler } from './file-import.ts';
import { historyOf } from './history.ts';

type Body = Record<string, unknown>;

/** The command context of a request, with its If-Match revision when it has one. */
function contextOf(billstream: Billstream, req: Request, res: Response, commandId = uuidv7(billstream.clock)) {
  const expectedRevision = expectedRevisionFrom(req);
  return { commandId, actor: actorOf(res), ...(expectedRevision === undefined ? {} : { expectedRevision }) };
}

async function freshView(billstream: Billstream, nasId: string, position: number | null) {
  await billstream.catchUp(position);
  return nasView(await readNas(billstream, nasId));
}

export function radiusNasRouter(billstream: Billstream): Router {
  const router = Router();
  // Who may let a device talk RADIUS to billstream, and with which secret, is the network operator's.
  const writers = requireRole('operator');
  const readers = requireRole(...STAFF);

  router.get('/radius/nas', readers, async (req: Request, res: Response) => {
    const address = typeof req.query.address === 'string' && req.query.address !== '' ? parseNasAddress(req.query.address) : null;
    const filter: Filter = address ? { address: 'problem' in address ? '' : address.text } : {};
    const page = await billstream.readStore.find(NAS_CLIENTS, filter, pageOptions(req));
    sendJson(res, { items: (page.items as NasDocument[]).map(nasView), next: page.next });
  });

  router.post('/radius/nas', writers, postHandler(billstream, async (req, res, commandId) => {
    const body = req.body as Body;
    const id = String(body.id);
    const details: NasInput = {
      name: String(body.name ?? '').trim(),
      address: String(body.address ?? ''),
      secret: '',
      clearSecret: String(body.secret ?? ''),
      requireMessageAuthenticator: (body.requireMessageAuthenticator as MessageAuthenticatorPolicy | undefined) ?? 'auto',
    };
    const result = await saveNas(billstream, { type: 'Register', id, details }, { commandId, actor: actorOf(res) });
    const view = await freshView(billstream, id, result.position);
    return { status: 201, body: view, headers: { ETag: etag(view.revision), Location: `/radius/nas/${encodeURIComponent(id)}` } };
  }, { requestHoldsSecret: true }));

  router.post('/radius/nas/import', writers, fileImportHandler(billstream, csvFile(nasFile.columns, (deps, source, context, options) => importCsvEntities(deps, source, nasFile, context, options)), { requestHoldsSecret: csvColumnsHoldSecrets(nasFile.columns) }));

  router.get('/radius/nas/:nasId', readers, async (req: Request<{ nasId: string }>, res: Response) => {
    const view = nasView(await readNas(billstream, req.params.nasId));
    sendJson(res.set('ETag', etag(view.revision)), view);
  });

  router.patch('/radius/nas/:nasId', writers, async (req: Request<{ nasId: string }>, res: Response) => {
    const nasId = req.params.nasId;
    const context = contextOf(billstream, req, res);
    const current = (await nasKind.load(billstream, nasId)).details;
    if (!current) throw new NotFoundError(`NAS ${nasId} does not exist`);
    const body = req.body as Body;
    const details: NasInput = {
      ...current,
      ...(typeof body.name === 'string' ? { name: body.name.trim() } : {}),
      ...(typeof body.address === 'string' ? { address: body.address } : {}),
      ...(typeof body.requireMessageAuthenticator === 'string' ? { requireMessageAuthenticator: body.requireMessageAuthenticator as MessageAuthenticatorPolicy } : {}),
      ...(typeof body.secret === 'string' ? { clearSecret: body.secret } : {}),
    };
    const result = await saveNas(billstream, { type: 'Change', id: nasId, details }, context);
    const view = await freshView(billstream, nasId, result.position);
    res.set('ETag', etag(view.revision)).json(view);
  });

  router.delete('/radius/nas/:nasId', writers, async (req: Request<{ nasId: string }>, res: Response) => {
    const result = await removeNas(billstream, req.params.nasId, contextOf(billstream, req, res));
    await billstream.catchUp(result.position);
    res.status(204).end();
  });

  router.get('/radius/nas/:nasId/history', requireRole('admin', 'operator', 'auditor', 'accountant', 'billing'), async (req: Request<{ nasId: string }>, res: Response) => {
    res.json({ items: await historyOf(billstream, nasKind.stream(req.params.nasId), `NAS ${req.params.nasId}`) });
  });

  router.get('/service-points/:id/credentials', readers, async (req: Request<{ id: string }>, res: Response) => {
    sendJson(res, await credentialsOf(billstream, req.params.id));
  });

  router.put('/service-points/:id/credentials', writers, async (req: Request<{ id: string }>, res: Response) => {
    const body = req.body as { userName?: string | null; password: string };
    const result = await setCredentials(billstream, req.params.id, { userName: body.userName ?? null, password: body.password }, contextOf(billstream, req, res));
    await billstream.catchUp(result.position);
    if (result.revision !== null) res.set('ETag', etag(result.revision));
    res.json(result.view);
  });

  router.delete('/service-points/:id/credentials', writers, async (req: Request<{ id: string }>, res: Response) => {
    const result = await clearCredentials(billstream, req.params.id, contextOf(billstream, req, res));
    await billstream.catchUp(result.position);
    res.status(204).end();
  });

  return router;
}
