/** `/radius/sessions/{sessionId}/disconnects`: what billstream asked the NAS about a session (RFC 5176) and what it answered. */
import { Router, type Request, type Response } from 'express';
import type { Billstream } from '../../main.ts';
import { disconnectsOfSession } from '../../app/radius/dynamic-authorization.ts';
import { requireRole, STAFF } from '../auth.ts';
import { historyItem } from './history.ts';

export function radiusDisconnectsRouter(billstream: Billstream): Router {
  const router = Router();
  // Histories name the actors and the NAS: staff only, as the other histories.
  router.get('/radius/sessions/:sessionId/disconnects', requireRole(...STAFF), async (req: Request<{ sessionId: string }>, res: Response) => {
    res.json({ items: (await disconnectsOfSession(billstream, req.params.sessionId)).map(historyItem) });
  });
  return router;
}
