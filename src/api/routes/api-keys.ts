import { Router, type Request, type Response } from 'express';
import type { Billstream } from '../../main.ts';
import type { components } from '../openapi.d.ts';
import { uuidv7 } from '../../core/ids.ts';
import { issueApiKey, revokeApiKey } from '../../app/api-keys/service.ts';
import { API_KEYS, type ApiKeyDocument } from '../../../projections/api-keys.projection.ts';
import { actorOf, requireRole } from '../auth.ts';
import { pageOptions } from '../http.ts';
import { postHandler } from '../idempotency.ts';

/** What the API shows of a key: never its hash. */
function publicView(doc: ApiKeyDocument) {
  const { secretHash: _hidden, ...rest } = doc;
  return rest;
}

export function apiKeysRouter(billstream: Billstream): Router {
  const router = Router();
  const admin = requireRole('admin');

  router.get('/api-keys', admin, async (req: Request, res: Response) => {
    const page = await billstream.readStore.find(API_KEYS, {}, pageOptions(req));
    res.json({ items: (page.items as ApiKeyDocument[]).map(publicView), next: page.next });
  });

  router.post('/api-keys', admin, postHandler(billstream, async (req, res, commandId) => {
    const body = req.body as components['schemas']['ApiKeyCreate'];
    const issued = await issueApiKey(billstream, { name: body.name, roles: body.roles, tenantId: body.tenantId ?? null, clientId: body.clientId ?? null }, { commandId, actor: actorOf(res) });
    return { status: 201, body: { ...publicView(issued.document), key: issued.key } };
  }, { responseHoldsSecret: true }));

  router.delete('/api-keys/:keyId', admin, async (req: Request<{ keyId: string }>, res: Response) => {
    await revokeApiKey(billstream, req.params.keyId, { commandId: uuidv7(billstream.clock), actor: actorOf(res) });
    res.status(204).end();
  });

  return router;
}
