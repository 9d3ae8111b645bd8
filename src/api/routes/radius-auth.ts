/** The RADIUS support log over REST: why a subscriber was let in or refused (docs/radius.md). */
import { Router, type Request, type Response } from 'express';
import type { Billstream } from '../../main.ts';
import { findAuthLog } from '../../app/radius/auth-log.ts';
import { requireRole } from '../auth.ts';
import { pageOptions } from '../http.ts';

export function radiusAuthRouter(billstream: Billstream): Router {
  const router = Router();
  // Support staff (operators) answer "why can't I connect?"; auditors review who was let in.
  router.get('/radius/auth-log', requireRole('admin', 'operator', 'auditor'), async (req: Request, res: Response) => {
    const text = (name: string) => (typeof req.query[name] === 'string' ? (req.query[name] as string) : undefined);
    const result = text('result') as 'accept' | 'reject' | undefined;
    const { limit, after } = pageOptions(req);
    const page = await findAuthLog(billstream, {
      ...(text('userName') !== undefined ? { userName: text('userName') } : {}),
      ...(text('nasId') !== undefined ? { nasId: text('nasId') } : {}),
      ...(result ? { result } : {}),
      limit,
      ...(after !== undefined ? { after } : {}),
    });
    res.json({ items: page.items.map(({ id: _id, sequence: _sequence, ...entry }) => entry), next: page.next });
  });
  return router;
}
