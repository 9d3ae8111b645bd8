/** Validation and cursors shared by every read store adapter, so all of them accept the same queries. */
import { InvalidQueryError, type CollectionSpec, type Filter, type FindOptions, type Scalar } from './port.ts';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;

const RANGE_OPERATORS = new Set(['$gt', '$gte', '$lt', '$lte']);

export type NormalizedCondition =
  | { op: 'eq'; value: Scalar }
  | { op: 'in'; values: Scalar[] }
  | { op: 'range'; bounds: { $gt?: Scalar; $gte?: Scalar; $lt?: Scalar; $lte?: Scalar } }
  | { op: 'prefix'; prefix: string };

export interface NormalizedQuery {
  conditions: { field: string; condition: NormalizedCondition }[];
  sortField: string | null;
  direction: 'asc' | 'desc';
  limit: number;
  after: Cursor | null;
}

export interface Cursor {
  /** Sort value of the last document of the previous page (absent when sorting by id). */
  value?: Scalar;
  id: string;
}

function isScalar(value: unknown): value is Scalar {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

export function normalizeCondition(field: string, raw: unknown): NormalizedCondition {
  if (isScalar(raw)) return { op: 'eq', value: raw };
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new InvalidQueryError(`filter on ${field}: unsupported value`);
  const keys = Object.keys(raw as object);
  const obj = raw as Record<string, unknown>;
  if (keys.length === 1 && keys[0] === '$eq' && isScalar(obj.$eq)) return { op: 'eq', value: obj.$eq };
  if (keys.length === 1 && keys[0] === '$in') {
    if (!Array.isArray(obj.$in) || !obj.$in.every(isScalar)) throw new InvalidQueryError(`filter on ${field}: $in takes a list of scalars`);
    return { op: 'in', values: obj.$in };
  }
  if (keys.length === 1 && keys[0] === '$prefix') {
    if (typeof obj.$prefix !== 'string') throw new InvalidQueryError(`filter on ${field}: $prefix takes a string`);
    return { op: 'prefix', prefix: obj.$prefix };
  }
  if (keys.length > 0 && keys.every((k) => RANGE_OPERATORS.has(k))) {
    for (const k of keys) if (!isScalar(obj[k])) throw new InvalidQueryError(`filter on ${field}: ${k} takes a scalar`);
    return { op: 'range', bounds: obj as { $gt?: Scalar; $gte?: Scalar; $lt?: Scalar; $lte?: Scalar } };
  }
  throw new InvalidQueryError(`filter on ${field}: unknown operator ${keys.join(', ')}`);
}

export function normalizeQuery(spec: CollectionSpec, filter: Filter, options: FindOptions = {}): NormalizedQuery {
  const indexed = new Set(spec.indexes);
  const conditions = Object.entries(filter).map(([field, raw]) => {
    if (field !== 'id' && !indexed.has(field)) {
      throw new InvalidQueryError(`collection ${spec.name}: ${field} is not an indexed field (indexed: id, ${spec.indexes.join(', ')})`);
    }
    return { field, condition: normalizeCondition(field, raw) };
  });
  const sortField = options.sort?.field && options.sort.field !== 'id' ? options.sort.field : null;
  if (sortField && !indexed.has(sortField)) throw new InvalidQueryError(`collection ${spec.name}: cannot sort on ${sortField}, it is not indexed`);
  const limit = options.limit ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) throw new InvalidQueryError(`limit must be an integer from 1 to ${MAX_PAGE_SIZE}`);
  const after = options.after ? decodeCursor(options.after) : null;
  if (after && sortField && !('value' in after)) throw new InvalidQueryError('cursor does not belong to this sort order');
  return { conditions, sortField, direction: options.sort?.direction ?? 'asc', limit, after };
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

export function decodeCursor(text: string): Cursor {
  try {
    const parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown;
    if (parsed && typeof parsed === 'object' && typeof (parsed as Cursor).id === 'string') return parsed as Cursor;
  } catch {
    // fall through to the error below: a cursor is opaque, so any damage is just "invalid"
  }
  throw new InvalidQueryError('invalid cursor', 'after');
}

/** Reads a dot path out of a document, as both adapters index it. */
export function fieldValue(doc: Record<string, unknown>, path: string): Scalar {
  let value: unknown = doc;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return null;
    value = (value as Record<string, unknown>)[part];
  }
  return isScalar(value) ? value : null;
}

/**
 * What an adapter may offer beyond the port: a page as the bytes of its JSON, exactly
 * `JSON.stringify(await find(...))`, without parsing documents only to serialize them again
 * (the embedded store's documents are stored as JSON text). Callers use it when present and
 * `find` otherwise.
 */
export interface JsonPages {
  findJson(collection: string, filter: Filter, options?: FindOptions): Promise<Buffer>;
}

export function jsonPages(store: object): JsonPages | null {
  const pages = store as Partial<JsonPages>;
  return typeof pages.findJson === 'function' ? (store as JsonPages) : null;
}

/**
 * What an adapter may offer beyond the port: the concatenation of one string field of a page's
 * documents, in page order, without parsing the documents in JavaScript (text kept ready in a
 * read model, such as the journal's CSV rows). `lastId` is the page's last document's id and
 * `next` the cursor `find` gives for the same page. Callers use it when present and `find`
 * otherwise.
 */
export interface TextPages {
  findText(collection: string, field: string, filter: Filter, options?: FindOptions): Promise<TextPage>;
}

export interface TextPage {
  text: Buffer;
  /** How many documents the page holds. */
  count: number;
  lastId: string | null;
  next: string | null;
}

export function textPages(store: object): TextPages | null {
  const pages = store as Partial<TextPages>;
  return typeof pages.findText === 'function' ? (store as TextPages) : null;
}
