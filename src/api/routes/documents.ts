/**
 * Issued documents over REST: an invoice's or credit note's .docx (a PDF through LibreOffice where
 * it is installed) and UBL e-invoice, and a bill run's print file (a zip of its documents and an index).
 */
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Router, type Request, type Response } from 'express';
import type { Billstream } from '../../main.ts';
import { creditNoteDocument, invoiceDocument } from '../../app/documents/documents.ts';
import { printFile } from '../../app/documents/print-file.ts';
import { requireRole, STAFF } from '../auth.ts';
import { problem, sendProblem } from '../problems.ts';

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

let sofficeFound: boolean | null = null;
function hasSoffice(): boolean {
  sofficeFound ??= spawnSync('soffice', ['--version'], { stdio: 'ignore', timeout: 20_000 }).status === 0;
  return sofficeFound;
}

async function toPdf(docx: Buffer): Promise<Buffer> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'billstream-pdf-'));
  try {
    await fs.writeFile(path.join(dir, 'document.docx'), docx);
    await promisify(execFile)('soffice', [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', dir, path.join(dir, 'document.docx')], { timeout: 120_000 });
    return await fs.readFile(path.join(dir, 'document.pdf'));
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

export function documentsRouter(billstream: Billstream): Router {
  const router = Router();
  const readers = requireRole(...STAFF);

  router.get('/invoices/:idOrNumber/document', readers, async (req: Request<{ idOrNumber: string }>, res: Response) => {
    const wanted = req.accepts([DOCX_TYPE, 'application/pdf']);
    if (!wanted) return sendProblem(res, problem(406, 'not-acceptable', `the document is ${DOCX_TYPE} or application/pdf`));
    const { invoice, bytes } = await invoiceDocument(billstream, req.params.idOrNumber, 'docx');
    if (wanted === 'application/pdf') {
      if (!hasSoffice()) return sendProblem(res, problem(406, 'pdf-not-available', 'PDF is not available here: LibreOffice (soffice) is not installed; ask for the .docx'));
      res.type('application/pdf').setHeader('Content-Disposition', `attachment; filename="${invoice.number}.pdf"`);
      return res.send(await toPdf(bytes));
    }
    res.type(DOCX_TYPE).setHeader('Content-Disposition', `attachment; filename="${invoice.number}.docx"`);
    res.setHeader('ETag', `"${invoice.documents!.docx}"`);
    res.send(bytes);
  });

  router.get('/invoices/:idOrNumber/ubl', readers, async (req: Request<{ idOrNumber: string }>, res: Response) => {
    const { invoice, bytes } = await invoiceDocument(billstream, req.params.idOrNumber, 'ubl');
    res.type('application/xml').setHeader('Content-Disposition', `attachment; filename="${invoice.number}.xml"`);
    res.setHeader('ETag', `"${invoice.documents!.ubl}"`);
    res.send(bytes);
  });

  router.get('/credit-notes/:idOrNumber/document', readers, async (req: Request<{ idOrNumber: string }>, res: Response) => {
    const wanted = req.accepts([DOCX_TYPE, 'application/pdf']);
    if (!wanted) return sendProblem(res, problem(406, 'not-acceptable', `the document is ${DOCX_TYPE} or application/pdf`));
    const { note, sha256, bytes } = await creditNoteDocument(billstream, req.params.idOrNumber, 'docx');
    if (wanted === 'application/pdf') {
      if (!hasSoffice()) return sendProblem(res, problem(406, 'pdf-not-available', 'PDF is not available here: LibreOffice (soffice) is not installed; ask for the .docx'));
      res.type('application/pdf').setHeader('Content-Disposition', `attachment; filename="${note.number}.pdf"`);
      return res.send(await toPdf(bytes));
    }
    res.type(DOCX_TYPE).setHeader('Content-Disposition', `attachment; filename="${note.number}.docx"`);
    res.setHeader('ETag', `"${sha256}"`);
    res.send(bytes);
  });

  router.get('/credit-notes/:idOrNumber/ubl', readers, async (req: Request<{ idOrNumber: string }>, res: Response) => {
    const { note, sha256, bytes } = await creditNoteDocument(billstream, req.params.idOrNumber, 'ubl');
    res.type('application/xml').setHeader('Content-Disposition', `attachment; filename="${note.number}.xml"`);
    res.setHeader('ETag', `"${sha256}"`);
    res.send(bytes);
  });

  router.get('/bill-runs/:runId/documents', readers, async (req: Request<{ runId: string }>, res: Response) => {
    const file = await printFile(billstream, req.params.runId);
    res.type('application/zip').setHeader('Content-Disposition', `attachment; filename="${req.params.runId}-documents.zip"`);
    res.send(Buffer.from(file.zip));
  });
  return router;
}
