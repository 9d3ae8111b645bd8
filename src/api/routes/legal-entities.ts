import { Router, type Request, type Response } from 'express';
import type { Billstream } from '../../main.ts';
import type { components } from '../openapi.d.ts';
import { NotFoundError } from '../../core/errors.ts';
import { uuidv7 } from '../../core/ids.ts';
import { normalizeVatId } from '../../core/vat-id.ts';
import { changeLegalEntityLogo, executeLegalEntityCommand, findLegalEntity, legalEntityLogo } from '../../app/legal-entities/service.ts';
import type { LegalEntityDetails } from '../../domain/legal-entity/events.ts';
import { legalEntityStream } from '../../domain/legal-entity/stream.ts';
import { LEGAL_ENTITIES } from '../../../projections/legal-entities.projection.ts';
import { importLegalEntities } from '../../import/legal-entities.ts';
import { actorOf, requireRole, STAFF } from '../auth.ts';
import { etag, expectedRevisionFrom, pageOptions } from '../http.ts';
import { postHandler } from '../idempotency.ts';
import { historyOf } from './history.ts';
import { normalizeIban } from '../../core/iban.ts';
import { fileImportHandler, textFile } from './file-import.ts';

type Schemas = components['schemas'];

function detailsFrom(body: Schemas['LegalEntityDetails']): LegalEntityDetails {
  return {
    name: body.name.trim(),
    country: body.country,
    vatId: body.vatId ? normalizeVatId(body.vatId) : null,
    address: body.address,
    currency: body.currency,
    invoicePrefix: body.invoicePrefix,
    externalId: body.externalId ?? null,
    // Absent and null alike: no payment details (a replacement without them removes them).
    ...(body.payment
      ? { payment: { iban: normalizeIban(body.payment.iban), bic: body.payment.bic ? body.payment.bic.trim().toUpperCase() : null, reference: body.payment.reference?.trim() || null } }
      : {}),
  };
}

export function legalEntitiesRouter(billstream: Billstream): Router {
  const router = Router();
  const writers = requireRole('operator');
  const readers = requireRole(...STAFF);

  router.get('/legal-entities', readers, async (req: Request, res: Response) => {
    const filter: Record<string, string> = {};
    if (typeof req.query.country === 'string') filter.country = req.query.country;
    if (typeof req.query.externalId === 'string') filter.externalId = req.query.externalId;
    const page = await billstream.readStore.find(LEGAL_ENTITIES, filter, pageOptions(req));
    res.json(page satisfies { items: unknown[]; next: string | null });
  });

  router.post('/legal-entities', writers, postHandler(billstream, async (req, res, commandId) => {
    const { id, ...details } = req.body as Schemas['LegalEntityCreate'];
    const { document } = await executeLegalEntityCommand(
      billstream,
      { type: 'RegisterLegalEntity', legalEntityId: id, details: detailsFrom(details) },
      { commandId, actor: actorOf(res) },
    );
    return { status: 201, body: document, headers: { ETag: etag(document.revision), Location: `/legal-entities/${encodeURIComponent(id)}` } };
  }));

  router.post('/legal-entities/import', writers, fileImportHandler(billstream, textFile(importLegalEntities)));

  router.get('/legal-entities/:legalEntityId', readers, async (req: Request<{ legalEntityId: string }>, res: Response) => {
    const document = await findLegalEntity(billstream, req.params.legalEntityId);
    if (!document) throw new NotFoundError(`legal entity ${req.params.legalEntityId} does not exist`);
    res.set('ETag', etag(document.revision)).json(document);
  });

  router.put('/legal-entities/:legalEntityId', writers, async (req: Request<{ legalEntityId: string }>, res: Response) => {
    const expectedRevision = expectedRevisionFrom(req);
    const { document } = await executeLegalEntityCommand(
      billstream,
      { type: 'ChangeLegalEntityDetails', legalEntityId: req.params.legalEntityId, details: detailsFrom(req.body as Schemas['LegalEntityDetails']) },
      { commandId: uuidv7(billstream.clock), actor: actorOf(res), ...(expectedRevision === undefined ? {} : { expectedRevision }) },
    );
    res.set('ETag', etag(document.revision)).json(document);
  });

  // The logo: its bytes here, its hash and media type in the entity (`logo`). PUT /legal-entities/{id}
  // keeps it; it is set and removed only here (or by the legal-entities.yaml import).
  router.get('/legal-entities/:legalEntityId/logo', readers, async (req: Request<{ legalEntityId: string }>, res: Response) => {
    const { logo, bytes } = await legalEntityLogo(billstream, req.params.legalEntityId);
    res.type(logo.mediaType).set({ ETag: `"${logo.sha256}"`, 'X-Content-Type-Options': 'nosniff' }).send(bytes);
  });

  router.put('/legal-entities/:legalEntityId/logo', writers, async (req: Request<{ legalEntityId: string }>, res: Response) => {
    const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const sent = req.is(['image/png', 'image/jpeg']);
    const expectedRevision = expectedRevisionFrom(req);
    const context = { commandId: uuidv7(billstream.clock), actor: actorOf(res), ...(expectedRevision === undefined ? {} : { expectedRevision }) };
    const { document } = await changeLegalEntityLogo(billstream, req.params.legalEntityId, bytes, context, sent === false || sent === null ? undefined : sent);
    res.set('ETag', etag(document.revision)).json(document);
  });

  router.delete('/legal-entities/:legalEntityId/logo', writers, async (req: Request<{ legalEntityId: string }>, res: Response) => {
    const expectedRevision = expectedRevisionFrom(req);
    const context = { commandId: uuidv7(billstream.clock), actor: actorOf(res), ...(expectedRevision === undefined ? {} : { expectedRevision }) };
    const { document } = await changeLegalEntityLogo(billstream, req.params.legalEntityId, null, context);
    res.set('ETag', etag(document.revision)).json(document);
  });

  router.get('/legal-entities/:legalEntityId/history', requireRole('admin', 'operator', 'auditor', 'accountant', 'billing'), async (req: Request<{ legalEntityId: string }>, res: Response) => {
    res.json({ items: await historyOf(billstream, legalEntityStream(req.params.legalEntityId), `legal entity ${req.params.legalEntityId}`) });
  });

  return router;
}
