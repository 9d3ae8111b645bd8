/**
 * The one handler of every route that imports a file (`POST /clients/import`, `/contracts/import`,
 * `/service-points/import`, `/subscriptions/import`, `/usage/import`, `/fx-rates/import`: CSV;
 * `/legal-entities/import`: YAML). The body is the file's text; `allOrNothing=true` refuses the
 * whole file when a row is bad; the read models catch up before the answer, so a read after it
 * sees the import; the answer is the import summary, 422 when any row was rejected (docs/formats.md).
 */
import type { RequestHandler } from 'express';
import type { Billstream } from '../../main.ts';
import type { AppDeps } from '../../app/deps.ts';
import type { CommandContext } from '../../app/command-handler.ts';
import { readCsv, textSource, type CsvColumns, type CsvItem } from '../../import/csv.ts';
import type { ImportOptions, ImportSummary } from '../../import/summary.ts';
import { actorOf } from '../auth.ts';
import { postHandler } from '../idempotency.ts';

type ImportContext = Omit<CommandContext, 'commandId'>;

/** Imports one file given as text (YAML) or as its bytes (CSV: the reader checks they are UTF-8). */
export type FileImporter = (deps: AppDeps, body: string | Buffer, context: ImportContext, options: ImportOptions) => Promise<ImportSummary>;

/** Imports the rows of a CSV source (the importers in src/import take a source they can read again). */
export type CsvImporter = (deps: AppDeps, source: () => AsyncIterable<CsvItem>, context: ImportContext, options: ImportOptions) => Promise<ImportSummary>;

/** A CSV importer as a file importer: the text read with the file's columns. */
export function csvFile(columns: CsvColumns, importRows: CsvImporter): FileImporter {
  return (deps, body, context, options) => importRows(deps, () => readCsv(typeof body === 'string' ? textSource(body) : bytesSource(body), columns), context, options);
}

/** A YAML importer as a file importer: bytes sent under another media type are read as UTF-8 text. */
export function textFile(importText: (deps: AppDeps, text: string, context: ImportContext, options: ImportOptions) => Promise<ImportSummary>): FileImporter {
  return (deps, body, context, options) => importText(deps, typeof body === 'string' ? body : body.toString('utf8'), context, options);
}

/** Bytes per piece of an uploaded file: parsed a piece at a time, as a file read from disk is. */
const BYTES_SLICE = 1 << 16;

/** An upload's bytes as the source the CSV reader takes, in pieces (the reader joins a character or row split between them). */
async function* bytesSource(bytes: Buffer): AsyncGenerator<Buffer> {
  for (let start = 0; start < bytes.length; start += BYTES_SLICE) yield bytes.subarray(start, start + BYTES_SLICE);
}

/** Columns whose cells are secrets: a NAS's shared secret (nas.csv), a service point's password (service-points.csv). */
const SECRET_COLUMNS = new Set(['secret', 'password']);

/** Whether a CSV file of these columns may hold secrets (its request is then fingerprinted under the secret key). */
export function csvColumnsHoldSecrets(columns: CsvColumns): boolean {
  return [...columns.required, ...columns.optional].some((column) => SECRET_COLUMNS.has(column));
}

/** The bytes of CSV uploads, kept by the body parser (src/api/app.ts) beside the decoded text the validator checks. */
const uploads = new WeakMap<object, Buffer>();

export function keepUploadBytes(req: object, bytes: Buffer): void {
  uploads.set(req, bytes);
}

/** `requestHoldsSecret`: the file may hold secrets (NAS secrets, passwords), see postHandler. */
export function fileImportHandler(billstream: Billstream, importFile: FileImporter, options: { requestHoldsSecret?: boolean } = {}): RequestHandler {
  return postHandler(billstream, async (req, res) => {
    // The validator may have turned the query flag into a boolean already.
    const allOrNothing = String(req.query.allOrNothing) === 'true';
    const summary = await importFile(billstream, uploads.get(req) ?? String(req.body ?? ''), { actor: actorOf(res) }, { allOrNothing });
    await billstream.catchUp();
    return { status: summary.rejected ? 422 : 200, body: summary };
  }, options);
}
