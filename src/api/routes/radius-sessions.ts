/**
 * `/radius/sessions`: the RADIUS accounting sessions online now and the closed ones, and one
 * session with every report that added to its counters. Staff who run the network and auditors
 * read them; like usage records, they are not shown to partners or clients.
 */
import { Router, type Request, type Response } from 'express';
import type { Billstream } from '../../main.ts';
import type { Filter } from '../../readstore/port.ts';
import { radiusSessionView } from '../../app/radius/accounting.ts';
import { RADIUS_SESSIONS } from '../../../projections/radius-sessions.projection.ts';
import { requireRole } from '../auth.ts';
import { pageOptions, sendJson } from '../http.ts';

export function radiusSessionsRouter(billstream: Billstream): Router {
  const router = Router();
  const readers = requireRole('admin', 'operator', 'auditor');

  router.get('/radius/sessions', readers, async (req: Request, res: Response) => {
    const filter: Filter = {};
    if (req.query.online !== undefined) filter.online = String(req.query.online) === 'true';
    for (const field of ['nasId', 'userName', 'servicePointId'] as const) if (typeof req.query[field] === 'string') filter[field] = req.query[field] as string;
    // Newest first: the sessions support asks about are the ones just started or ended.
    sendJson(res, await billstream.readStore.find(RADIUS_SESSIONS, filter, { ...pageOptions(req), sort: { field: 'startTime', direction: 'desc' } }));
  });

  router.get('/radius/sessions/:sessionId', readers, async (req: Request<{ sessionId: string }>, res: Response) => {
    sendJson(res, await radiusSessionView(billstream, req.params.sessionId));
  });
  return router;
}
