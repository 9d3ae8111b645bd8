/**
 * Import of legal-entities.yaml (FORMATS.md): a YAML list of sellers. Each entry is validated on
 * its own and reported with the line and column of what is wrong; good entries are imported
 * (unless all-or-nothing), an entry equal to the stored entity changes nothing.
 *
 * `logo:` names a PNG or JPEG file, relative to the YAML file's folder (or absolute): it is read and
 * checked with the entry (exists, readable, at most 512 KB, a PNG or JPEG by its content with a
 * readable size), stored content-addressed in the document store when the entry is written, and
 * recorded by its SHA-256 and media type. Without a folder to resolve it against (a YAML body sent
 * over REST), a `logo:` path is refused: the server does not read files a request names.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { isMap, isSeq, isScalar, type Node, type YAMLMap } from 'yaml';
import { readYaml, type Position } from './yaml.ts';
import { fold } from '../core/decider.ts';
import { BillstreamError, type FieldIssue } from '../core/errors.ts';
import { uuidv7 } from '../core/ids.ts';
import type { CommandContext } from '../app/command-handler.ts';
import type { AppDeps } from '../app/deps.ts';
import { legalEntityDecider, legalEntityDetailsIssues, legalEntityIdProblem } from '../domain/legal-entity/decider.ts';
import type { LegalEntityDetails } from '../domain/legal-entity/events.ts';
import { legalEntityStream } from '../domain/legal-entity/stream.ts';
import { assertInvoicePrefixFree, executeLegalEntityCommand, logoOf, storeLogo } from '../app/legal-entities/service.ts';
import { MAX_LOGO_BYTES, type LegalEntityLogo } from '../domain/legal-entity/logo.ts';
import { normalizeVatId } from '../core/vat-id.ts';
import { normalizeIban } from '../core/iban.ts';
import type { PaymentDetails } from '../domain/legal-entity/payment.ts';
import { emptySummary, type ImportOptions, type ImportSummary, type RowError } from './summary.ts';

const ENTRY_KEYS = new Set(['id', 'name', 'country', 'vatId', 'address', 'currency', 'invoicePrefix', 'externalId', 'payment', 'logo']);
const ADDRESS_KEYS = new Set(['line1', 'line2', 'city', 'postalCode']);
const PAYMENT_KEYS = new Set(['iban', 'bic', 'reference']);

interface Entry {
  id: string;
  details: LegalEntityDetails;
  line: number;
  column: number;
  /** Where each field's value stands, for pointing at it in an error. */
  positions: Map<string, { line: number; column: number }>;
  /** Structural problems found while reading the entry (unknown fields, duplicates). */
  parseProblems: RowError[];
  /** The `logo:` path as written, with its position; null without one (or `logo: null`). */
  logoPath: { value: string; line: number; column: number } | null;
  /** The logo's bytes once read and checked, stored when the entry is written. */
  logoBytes: Uint8Array | null;
}

export interface LegalEntityImportOptions extends ImportOptions {
  /**
   * The folder `logo:` paths are relative to: the YAML file's (the CLI passes it). Absent (a body
   * sent over REST): an entry with a `logo:` path is refused.
   */
  baseDir?: string;
}

export async function importLegalEntities(
  billstream: AppDeps,
  text: string,
  context: Omit<CommandContext, 'commandId'>,
  options: LegalEntityImportOptions = {},
): Promise<ImportSummary> {
  const summary = emptySummary();
  const { entries, errors } = parseEntries(text);
  summary.errors.push(...errors);
  const rejectedLines = new Set(errors.map((e) => e.line));

  // Validate every entry before writing any, so all-or-nothing can refuse the file whole.
  await billstream.catchUp();
  const valid: Entry[] = [];
  const prefixes = new Map<string, string>();
  const logos = new Map<string, Promise<LogoRead>>();
  for (const entry of entries) {
    const logoProblems = await readEntryLogo(billstream, entry, options.baseDir, logos);
    const problems = [...entry.parseProblems, ...logoProblems, ...(await entryProblems(billstream, entry, prefixes))];
    if (problems.length) {
      summary.errors.push(...problems);
      rejectedLines.add(entry.line);
    } else {
      valid.push(entry);
    }
  }
  summary.rejected = rejectedLines.size;
  summary.errors.sort((a, b) => a.line - b.line || a.column - b.column);
  if (options.allOrNothing && summary.rejected > 0) return summary;

  const total = valid.length;
  for (const [done, entry] of valid.entries()) {
    try {
      if (entry.logoBytes && entry.details.logo) await storeLogo(billstream, entry.logoBytes, entry.details.logo);
      const { outcome } = await executeLegalEntityCommand(
        billstream,
        { type: 'DefineLegalEntity', legalEntityId: entry.id, details: entry.details },
        { ...context, commandId: uuidv7(billstream.clock) },
      );
      summary[outcome] += 1;
    } catch (error) {
      if (!(error instanceof BillstreamError)) throw error;
      summary.rejected += 1;
      summary.errors.push({ line: entry.line, column: entry.column, reason: error.message });
    }
    options.onProgress?.(done + 1, total);
  }
  return summary;
}

/** The decider's and the uniqueness checks, as row errors pointing at the offending field. */
async function entryProblems(billstream: AppDeps, entry: Entry, prefixes: Map<string, string>): Promise<RowError[]> {
  const at = (issue: FieldIssue): RowError => {
    const position = entry.positions.get(issue.field) ?? { line: entry.line, column: entry.column };
    return { ...position, reason: `${issue.field}: ${issue.message}` };
  };
  const issues = legalEntityDetailsIssues(entry.details);
  const idProblem = legalEntityIdProblem(entry.id);
  if (idProblem) issues.unshift({ field: 'id', message: idProblem });
  if (issues.length) return issues.map(at);
  if (entry.parseProblems.length) return [];
  const owner = prefixes.get(entry.details.invoicePrefix);
  if (owner && owner !== entry.id) return [at({ field: 'invoicePrefix', message: `${entry.details.invoicePrefix} is already used by ${owner} in this file` })];
  prefixes.set(entry.details.invoicePrefix, entry.id);
  try {
    await assertInvoicePrefixFree(billstream, entry.id, entry.details.invoicePrefix);
    // A dry run of the decider on the stored state: what would be refused is reported now.
    const stored = await billstream.eventStore.readStream(legalEntityStream(entry.id));
    legalEntityDecider.decide({ type: 'DefineLegalEntity', legalEntityId: entry.id, details: entry.details }, fold(legalEntityDecider, stored as never));
  } catch (error) {
    // A refusal naming its field points at that field's value, with the field's own message.
    if (error instanceof BillstreamError) return [at(error.issues[0] ?? { field: 'id', message: error.message })];
    throw error;
  }
  return [];
}

function parseEntries(text: string): { entries: Entry[]; errors: RowError[] } {
  const read = readYaml(text);
  if (!read.document) return { entries: [], errors: read.errors };
  const { document } = read;
  const position = read.positionOfNode;
  if (document.contents === null) return { entries: [], errors: [] };
  if (!isSeq(document.contents)) {
    return { entries: [], errors: [{ ...position(document.contents as Node), reason: 'expected a list of legal entities (each item starting with "- id: …")' }] };
  }

  const entries: Entry[] = [];
  const errors: RowError[] = [];
  const seen = new Map<string, number>();
  for (const item of document.contents.items) {
    const where = position(item as Node);
    if (!isMap(item)) {
      errors.push({ ...where, reason: 'expected a mapping with id, name, country, vatId, address, currency, invoicePrefix' });
      continue;
    }
    const positions = new Map<string, { line: number; column: number }>();
    const problems: RowError[] = [];
    const values = readMap(item, ENTRY_KEYS, '', positions, problems, position);
    const address = values.get('address');
    let addressValues = new Map<string, unknown>();
    if (address !== undefined) {
      if (!isMap(address)) problems.push({ ...positions.get('address')!, reason: 'address: expected a mapping with line1, city, postalCode' });
      else addressValues = readMap(address, ADDRESS_KEYS, 'address.', positions, problems, position);
    }
    const paymentNode = values.get('payment');
    let paymentValues: Map<string, unknown> | null = null;
    if (paymentNode !== undefined && paymentNode !== null && !(isScalar(paymentNode) && paymentNode.value === null)) {
      if (!isMap(paymentNode)) problems.push({ ...positions.get('payment')!, reason: 'payment: expected a mapping with iban, bic, reference' });
      else paymentValues = readMap(paymentNode, PAYMENT_KEYS, 'payment.', positions, problems, position);
    }
    const logoNode = values.get('logo');
    let logoPath: Entry['logoPath'] = null;
    if (logoNode !== undefined && logoNode !== null && !(isScalar(logoNode) && (logoNode.value === null || logoNode.value === ''))) {
      const at = positions.get('logo') ?? where;
      if (isScalar(logoNode) && typeof logoNode.value === 'string' && logoNode.value.trim()) logoPath = { value: logoNode.value.trim(), ...at };
      else problems.push({ ...at, reason: 'logo: expected the path of a PNG or JPEG file (relative to this file\'s folder)' });
    }
    const text = (map: Map<string, unknown>, key: string, field = key): string | null => {
      const value = map.get(key);
      if (value === undefined || value === null || value === '') return null;
      if (isScalar(value) && ['string', 'number'].includes(typeof value.value)) return String(value.value).trim();
      problems.push({ ...(positions.get(field) ?? where), reason: `${field}: expected a text value` });
      return null;
    };
    const id = text(values, 'id');
    if (!id) problems.push({ ...where, reason: 'id: is required' });
    const vatId = text(values, 'vatId');
    let payment: PaymentDetails | null = null;
    if (paymentValues) {
      const iban = text(paymentValues, 'iban', 'payment.iban');
      const bic = text(paymentValues, 'bic', 'payment.bic');
      if (!iban) problems.push({ ...(positions.get('payment') ?? where), reason: 'payment.iban: is required (the account clients pay into)' });
      else payment = { iban: normalizeIban(iban), bic: bic === null ? null : bic.toUpperCase(), reference: text(paymentValues, 'reference', 'payment.reference') };
    }
    const details: LegalEntityDetails = {
      name: text(values, 'name') ?? '',
      country: (text(values, 'country') ?? '').toUpperCase(),
      vatId: vatId === null ? null : normalizeVatId(vatId),
      address: {
        line1: text(addressValues, 'line1', 'address.line1') ?? '',
        ...(text(addressValues, 'line2', 'address.line2') ? { line2: text(addressValues, 'line2', 'address.line2')! } : {}),
        city: text(addressValues, 'city', 'address.city') ?? '',
        ...(text(addressValues, 'postalCode', 'address.postalCode') ? { postalCode: text(addressValues, 'postalCode', 'address.postalCode')! } : {}),
      },
      currency: (text(values, 'currency') ?? '').toUpperCase(),
      invoicePrefix: text(values, 'invoicePrefix') ?? '',
      externalId: text(values, 'externalId'),
      ...(payment ? { payment } : {}),
    };
    if (id && seen.has(id)) problems.push({ ...(positions.get('id') ?? where), reason: `id: ${id} appears twice in this file (first at line ${seen.get(id)})` });
    if (!id) {
      errors.push(...problems);
      continue;
    }
    if (!seen.has(id)) seen.set(id, where.line);
    entries.push({ id, details, ...where, positions, parseProblems: problems, logoPath, logoBytes: null });
  }
  return { entries, errors };
}

function readMap(
  map: YAMLMap,
  allowed: Set<string>,
  prefix: string,
  positions: Map<string, { line: number; column: number }>,
  problems: RowError[],
  position: (node: Node | null | undefined) => Position,
): Map<string, unknown> {
  const values = new Map<string, unknown>();
  for (const pair of map.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    const keyPosition = position(pair.key as Node);
    if (!allowed.has(key)) {
      problems.push({ ...keyPosition, reason: `${prefix}${key}: unknown field (expected one of ${[...allowed].join(', ')})` });
      continue;
    }
    positions.set(`${prefix}${key}`, pair.value ? position(pair.value as Node) : keyPosition);
    values.set(key, pair.value);
  }
  return values;
}

type LogoRead = { bytes: Uint8Array; logo: LegalEntityLogo; problem: null } | { bytes: null; logo: null; problem: string };

/**
 * Reads and checks the entry's `logo:` file (each file once per import) and sets the entry's logo;
 * an entry without `logo:` has none (re-importing it without the key removes the logo, as for
 * `payment`). Answers the problems, at the position of the path.
 */
async function readEntryLogo(billstream: AppDeps, entry: Entry, baseDir: string | undefined, cache: Map<string, Promise<LogoRead>>): Promise<RowError[]> {
  const written = entry.logoPath;
  if (!written) return [];
  const at = { line: written.line, column: written.column };
  if (baseDir === undefined) {
    return [{ ...at, reason: `logo: ${written.value}: a logo file is read by the command line import only (billstream import legal-entities FILE); over REST, send the image to PUT /legal-entities/{id}/logo` }];
  }
  if (!billstream.documents) return [{ ...at, reason: 'logo: no document store is configured to keep it' }];
  const file = path.resolve(baseDir, written.value);
  let read = cache.get(file);
  if (!read) cache.set(file, (read = readLogoFile(file)));
  const result = await read;
  if (result.problem !== null) return [{ ...at, reason: `logo: ${written.value}: ${result.problem}` }];
  entry.logoBytes = result.bytes;
  entry.details = { ...entry.details, logo: result.logo };
  return [];
}

/** A logo file's bytes, read no further than the bound, and checked; or why not. */
async function readLogoFile(file: string): Promise<LogoRead> {
  const refused = (problem: string): LogoRead => ({ bytes: null, logo: null, problem });
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'r');
  } catch (error) {
    return refused(fileProblem(error, file));
  }
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) return refused(`is a folder, not an image file (${file})`);
    if (!stat.isFile()) return refused(`is not a regular file (${file})`);
    if (stat.size > MAX_LOGO_BYTES) return refused(`has ${stat.size} bytes, more than the ${MAX_LOGO_BYTES} (512 KB) a logo may have`);
    // One byte more than allowed: a file that grew since its size was read is still refused.
    const buffer = Buffer.alloc(MAX_LOGO_BYTES + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0 || length + bytesRead >= buffer.length) {
        length += bytesRead;
        break;
      }
      length += bytesRead;
    }
    const bytes = buffer.subarray(0, length);
    const checked = logoOf(bytes);
    if (!checked.logo) return refused(checked.problem);
    return { bytes: Buffer.from(bytes), logo: checked.logo, problem: null };
  } catch (error) {
    return refused(fileProblem(error, file));
  } finally {
    await handle.close();
  }
}

function fileProblem(error: unknown, file: string): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `no such file (looked for ${file})`;
  if (code === 'EACCES' || code === 'EPERM') return `cannot be read: permission denied (${file})`;
  if (code === 'EISDIR') return `is a folder, not an image file (${file})`;
  if (code === 'ENOTDIR') return `no such file: a part of the path is not a folder (${file})`;
  if (code === 'ELOOP') return `cannot be read: too many symbolic links (${file})`;
  throw error;
}
