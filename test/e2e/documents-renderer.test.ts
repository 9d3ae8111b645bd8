/**
 * `verify` and documents of an earlier renderer: billstream never renders an issued document anew,
 * and a later version renders other bytes from the same snapshot (a UBL fix, a layout change). A
 * document made before the renderer's version was recorded is checked by its stored bytes against
 * its recorded hashes, so it is neither reported as changed nor left unchecked; a document of the
 * current renderer must still render again to its stored bytes.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Billstream } from '../../src/main.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { findInvoices } from '../../src/app/invoice/view.ts';
import { documentsRenderedId, renderInvoiceDocuments, snapshotOf, verifyDocuments } from '../../src/app/documents/documents.ts';
import { invoiceStream } from '../../src/domain/bill-run/events.ts';
import { INVOICE_DOCUMENTS_RENDERED, type InvoiceDocumentsRenderedData } from '../../src/domain/invoice/documents.ts';
import { DOCUMENT_RENDERER } from '../../src/documents/renderer.ts';
import { fileWriter, openTestBillstream, temporaryDataDir } from '../support/billstream.ts';
import { approvedBillRun, importSmallBilling, LINE_RENTAL_TARIFF, lineRentalCrm } from '../support/small-billing.ts';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('verify and the renderer version of stored documents', () => {
  let billstream: Billstream;
  const dir = temporaryDataDir('billstream-renderer-');
  const file = fileWriter(dir);
  const clock = ManualClock.at('2026-11-02T06:00:00Z');

  beforeAll(async () => {
    billstream = await openTestBillstream({ dataDir: path.join(dir, 'data'), clock });
    await importSmallBilling(billstream, dir, file, { 'line.yaml': LINE_RENTAL_TARIFF }, lineRentalCrm(2));
    await approvedBillRun(billstream, '2026-11-01', '2026-11-02', { commandId: 'november' });
  }, 60_000);
  afterAll(async () => {
    await billstream.close();
  });

  it('checks an earlier renderer\'s documents by their stored bytes, and renders the current one\'s again', async () => {
    const [older, current] = (await findInvoices(billstream.readStore, { status: 'issued' })).sort((a, b) => a.number!.localeCompare(b.number!));
    // The first invoice's documents as an earlier billstream stored them: other bytes than today's
    // renderer makes from the same snapshot, and no renderer version in the event.
    const { renderer: _renderer, ...snapshot } = await snapshotOf(billstream, older!);
    const today = await renderInvoiceDocuments(older!, snapshot);
    const oldUbl = Buffer.concat([today.ubl, Buffer.from('<!-- rendered by an earlier billstream -->\n')]);
    const oldData: InvoiceDocumentsRenderedData = {
      invoiceId: older!.id, number: older!.number!, docx: await billstream.documents.put(today.docx), ubl: await billstream.documents.put(oldUbl), pages: 1, ...snapshot,
    };
    await billstream.eventStore.append(invoiceStream(older!.id), [{
      id: documentsRenderedId(older!.id), type: INVOICE_DOCUMENTS_RENDERED, data: oldData,
      metadata: { correlationId: older!.id, causationId: older!.id, tenantId: null, actor: 'an-earlier-billstream', recordedAt: clock.now().toString(), schemaVersion: 1 },
    }], 'any');
    // The second is rendered by this billstream's documents saga, with the version recorded.
    await billstream.catchUp();
    await billstream.catchUpDocuments();
    const events = await billstream.eventStore.readStream(invoiceStream(current!.id));
    expect((events.find((e) => e.type === INVOICE_DOCUMENTS_RENDERED)!.data as InvoiceDocumentsRenderedData).renderer).toBe(DOCUMENT_RENDERER);

    expect(await verifyDocuments(billstream)).toEqual({ checked: 2, earlierRenderer: 1, mismatches: [] });

    // The older document's stored bytes are still checked: changed, they are named.
    const stored = path.join(dir, 'data', 'documents', oldData.ubl);
    const original = fs.readFileSync(stored);
    fs.writeFileSync(stored, Buffer.concat([original, Buffer.from(' ')]));
    try {
      const result = await verifyDocuments(billstream);
      expect(result.mismatches).toEqual([{ number: older!.number, kind: 'ubl', expected: oldData.ubl, actual: sha256(Buffer.concat([original, Buffer.from(' ')])) }]);
    } finally {
      fs.writeFileSync(stored, original);
    }
  });
});
