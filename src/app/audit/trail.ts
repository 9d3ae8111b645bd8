/**
 * The event log for auditors (`GET /audit/events`): every stored event, filtered by when it was
 * recorded, by whom, its type and its stream, in position order, a page at a time.
 *
 * The work of one page is bounded whatever the filters: a page reads at most `scanLimit` events
 * of the log past its cursor and keeps those that match. When that budget runs out before the
 * page is full, the page comes back short (even empty) with a `next` cursor at the last event
 * read, and the next request continues the scan from there. So a filter that matches nothing in
 * a log of millions of events costs each request the same as any other page, and `next` is null
 * only once the whole log has been read. Filters the store answers through an index narrow what
 * is read: event types (the store's filtered `readAll`) and a single stream (its stream index).
 * Time, actor and stream category are tested on the events read: recording times follow the
 * clocks of whoever recorded (several processes, or a test's clock), so they are not in
 * position order and cannot end a scan early.
 */
import type { EventStore, Position, RecordedEvent } from '../../eventstore/port.ts';
import { InvalidParameterError } from '../../core/errors.ts';
import { withSecretsWithheld } from '../secrets/secret-box.ts';

/** Events of the log read at most per page (the budget that keeps an unselective filter cheap). */
export const AUDIT_SCAN_LIMIT = 10_000;

export interface AuditQuery {
  /** Recorded at or after this instant (ISO 8601 with offset). */
  from?: string;
  /** Recorded strictly before this instant. */
  to?: string;
  /** The recorded actor, exactly (`apikey:<id>`, `cli:<user>`, `saga:…`). */
  actor?: string;
  /** Any of these event types, exactly. */
  types?: string[];
  /** Exactly this stream (a whole stream name, category and id). */
  stream?: string;
  /** Streams of this category: names starting with `<category>-`. */
  category?: string;
  /** The cursor of the previous page: the position of the last event it read. */
  after?: string;
  limit: number;
}

export interface AuditEvent {
  position: Position;
  streamId: string;
  revision: number;
  id: string;
  type: string;
  data: unknown;
  /** As stored: actor, recordedAt, correlationId, causationId, tenantId, schemaVersion, and whatever else the store records. */
  metadata: Record<string, unknown>;
}

export interface AuditPage {
  items: AuditEvent[];
  /** Pass as `after` for the rest; null once the log has been read to its end. */
  next: string | null;
}

const CURSOR = /^(0|[1-9][0-9]{0,15})$/;

/** A cursor of this list: the decimal position of the last event a page read. */
export function parseAuditCursor(cursor: string, head: Position | null): Position {
  if (!CURSOR.test(cursor)) throw InvalidParameterError.field('after', `${JSON.stringify(cursor)} is not a cursor of /audit/events (the decimal position of the last event a page read)`);
  const position = Number(cursor);
  // Positions only grow: a cursor past the newest event was never handed out.
  if (position > (head ?? 0)) throw InvalidParameterError.field('after', `cursor ${cursor} was never issued: the log ends at position ${head ?? 0}`);
  return position;
}

function instantOf(parameter: string, value: string): number {
  // ISO 8601 with a zone: a local time alone would mean something else on every server.
  const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw InvalidParameterError.field(parameter, `${JSON.stringify(value)} is not an instant (ISO 8601 with an offset, e.g. 2026-11-01T00:00:00Z)`);
  return ms;
}

const CATEGORY = /^[a-z][A-Za-z0-9]*$/;

/** One page of the audit log; see the module comment for what a page reads. */
export async function auditEvents(deps: { eventStore: EventStore }, query: AuditQuery, scanLimit = AUDIT_SCAN_LIMIT): Promise<AuditPage> {
  const from = query.from === undefined ? null : instantOf('from', query.from);
  const to = query.to === undefined ? null : instantOf('to', query.to);
  if (from !== null && to !== null && to <= from) throw InvalidParameterError.field('to', `${query.to} is not after from ${query.from}: the range [from, to) is empty`);
  if (query.category !== undefined && !CATEGORY.test(query.category)) throw InvalidParameterError.field('category', `${JSON.stringify(query.category)} is not a stream category (letters and digits, starting with a lower-case letter, e.g. invoice)`);
  const after = query.after === undefined ? undefined : parseAuditCursor(query.after, await deps.eventStore.headPosition());
  const types = query.types && query.types.length ? new Set(query.types) : null;
  const categoryPrefix = query.category === undefined ? null : `${query.category}-`;

  const matches = (event: RecordedEvent): boolean => {
    if (types && !types.has(event.type)) return false;
    if (query.stream !== undefined && event.streamId !== query.stream) return false;
    if (categoryPrefix !== null && !event.streamId.startsWith(categoryPrefix)) return false;
    if (query.actor !== undefined && event.metadata.actor !== query.actor) return false;
    if (from !== null || to !== null) {
      const at = Date.parse(event.metadata.recordedAt);
      if (from !== null && at < from) return false;
      if (to !== null && at >= to) return false;
    }
    return true;
  };

  const read = query.stream !== undefined
    ? await readStreamAfter(deps.eventStore, query.stream, after, scanLimit)
    : await deps.eventStore.readAll({ ...(after === undefined ? {} : { after }), ...(types ? { filter: { eventTypePrefixes: [...types] } } : {}), limit: scanLimit });

  const items: AuditEvent[] = [];
  for (let i = 0; i < read.length; i++) {
    const event = read[i]!;
    if (!matches(event)) continue;
    items.push(auditEventOf(event));
    if (items.length === query.limit) {
      // Full: more may follow unless this was the last event of a read that reached the end.
      const more = i < read.length - 1 || read.length === scanLimit;
      return { items, next: more ? String(event.position) : null };
    }
  }
  // The budget ran out (or the page is short because the log ended): continue after what was read.
  return { items, next: read.length === scanLimit ? String(read[read.length - 1]!.position) : null };
}

/**
 * Fields of event data the log shows nobody: a key's hash is unsalted SHA-256, so a weak key (one
 * chosen through BILLSTREAM_ADMIN_KEY) could be found from it offline by whoever reads the log; a
 * password's hash is salted and slow, but a weak password can still be guessed from it; a
 * session's token hash would only help someone who already holds the cookie, and tells no one anything.
 */
const WITHHELD: Record<string, readonly string[]> = {
  ApiKeyIssued: ['secretHash'],
  UserCreated: ['passwordHash'],
  UserPasswordChanged: ['passwordHash'],
  UserSignedIn: ['tokenHash'],
};

function auditEventOf(event: RecordedEvent): AuditEvent {
  const withheld = WITHHELD[event.type];
  let data = event.data;
  if (withheld && data !== null && typeof data === 'object') {
    const { ...visible } = data as Record<string, unknown>;
    for (const field of withheld) delete visible[field];
    data = visible;
  }
  return {
    position: event.position,
    streamId: event.streamId,
    revision: event.revision,
    id: event.id,
    type: event.type,
    data: withSecretsWithheld(data),
    metadata: { ...event.metadata },
  };
}

/**
 * Up to `limit` events of one stream after a global position. A stream's positions grow with its
 * revisions, so the first revision past the cursor is found by a doubling then a halving search,
 * one indexed read of one event per probe, rather than by reading the stream from its start.
 */
async function readStreamAfter(store: EventStore, stream: string, after: Position | undefined, limit: number): Promise<RecordedEvent[]> {
  const fromRevision = after === undefined ? 0 : await firstRevisionAfter(store, stream, after);
  return store.readStream(stream, { fromRevision, limit });
}

async function firstRevisionAfter(store: EventStore, stream: string, after: Position): Promise<number> {
  const positionAt = async (revision: number) => (await store.readStream(stream, { fromRevision: revision, limit: 1 }))[0]?.position ?? Number.POSITIVE_INFINITY;
  if ((await positionAt(0)) > after) return 0;
  // Invariant: positionAt(low) <= after < positionAt(high).
  let low = 0;
  let step = 1;
  while ((await positionAt(low + step)) <= after) {
    low += step;
    step *= 2;
  }
  let high = low + step;
  while (high - low > 1) {
    const middle = low + Math.floor((high - low) / 2);
    if ((await positionAt(middle)) <= after) low = middle;
    else high = middle;
  }
  return high;
}
