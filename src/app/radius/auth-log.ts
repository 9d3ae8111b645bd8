/**
 * The support log: every Access-Accept and Access-Reject the RADIUS server sent, with the reason,
 * so support staff can answer "why can't this customer connect?" (GET /radius/auth-log).
 *
 * Off the hot path: the server only appends an entry to a buffer after it has replied; the buffer
 * is written to the read store in batches (one transaction per batch, at most every 200 ms). If
 * the store falls behind, the buffer holds at most MAX_BUFFERED entries and counts what it could
 * not keep (`lost`), rather than slowing down authentication.
 *
 * Bounded: entries live in a ring of MAX_ENTRIES documents (entry n is stored at slot n mod
 * MAX_ENTRIES, overwriting the entry a million before it), and entries older than RETENTION_DAYS
 * are removed once a minute. It is a support tool, not a record of truth: sessions and usage are
 * events; this log is not rebuilt by a replay.
 */
import type { AppDeps } from '../deps.ts';
import type { Filter, Page } from '../../readstore/port.ts';
import { isCardReference, maskedIfPin } from '../../domain/prepaid/card-reference.ts';

export const AUTH_LOG = 'radius_auth_log';
export const MAX_ENTRIES = 1_000_000;
export const RETENTION_DAYS = 30;
const MAX_BUFFERED = 50_000;
const FLUSH_EVERY_MS = 200;
const FLUSH_AT = 1000;
const PRUNE_EVERY_MS = 60_000;
const PRUNE_BATCH = 1000;

export interface AuthLogEntry {
  /** ISO instant the request arrived. */
  at: string;
  result: 'accept' | 'reject';
  /** Why it was refused (authenticate.ts REJECT_REASONS or a prepaid card's reason); null for an accept. */
  reason: string | null;
  /**
   * The User-Name as sent, but never a prepaid card's PIN: a card's request is logged as
   * `card:<serial>`, and a refused user name of a PIN's form that is no service point's is masked
   * but for its last digits (authenticate.ts loggedUserName).
   */
  userName: string;
  nasId: string;
  callingStationId: string | null;
  calledStationId: string | null;
  servicePointId: string | null;
  subscriptionId: string | null;
  cardId: string | null;
}

export interface AuthLogDocument extends AuthLogEntry {
  [key: string]: unknown;
  id: string;
  /** Order of writing; the ring slot is this modulo MAX_ENTRIES. */
  sequence: number;
}

export const AUTH_LOG_COLLECTION = { name: AUTH_LOG, indexes: ['sequence', 'userName', 'nasId', 'result', 'at'] };

export class AuthLog {
  private buffer: AuthLogEntry[] = [];
  private sequence = 0;
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private lastPrune = 0;
  /** Entries not kept because the buffer was full (the store could not keep up). */
  lost = 0;
  /** Failed batch writes (the entries are lost; logged by the owner through onError). */
  failures = 0;

  private constructor(private readonly deps: AppDeps, private readonly onError: (error: unknown) => void) {}

  static async open(deps: AppDeps, onError: (error: unknown) => void = () => {}): Promise<AuthLog> {
    await deps.readStore.ensureCollection(AUTH_LOG_COLLECTION);
    const log = new AuthLog(deps, onError);
    const newest = await deps.readStore.find(AUTH_LOG, {}, { sort: { field: 'sequence', direction: 'desc' }, limit: 1 });
    log.sequence = ((newest.items[0]?.sequence as number | undefined) ?? -1) + 1;
    return log;
  }

  /** Called after the reply is sent: only a push. */
  record(entry: AuthLogEntry): void {
    if (this.buffer.length >= MAX_BUFFERED) {
      this.lost += 1;
      return;
    }
    this.buffer.push(entry);
    if (this.buffer.length >= FLUSH_AT) void this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), FLUSH_EVERY_MS);
      this.timer.unref?.();
    }
  }

  /** Writes what is buffered (and waits for a write in progress). */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    while (this.flushing) await this.flushing;
    if (this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    const first = this.sequence;
    this.sequence += batch.length;
    this.flushing = this.write(batch, first).finally(() => {
      this.flushing = null;
    });
    await this.flushing;
  }

  private async write(batch: AuthLogEntry[], first: number): Promise<void> {
    try {
      await this.deps.readStore.transact(async (uow) => {
        batch.forEach((entry, i) => {
          const sequence = first + i;
          const id = String(sequence % MAX_ENTRIES).padStart(7, '0');
          uow.put(AUTH_LOG, id, { id, sequence, ...entry });
        });
      });
      await this.pruneOld();
    } catch (error) {
      this.failures += 1;
      this.onError(error);
    }
  }

  private async pruneOld(): Promise<void> {
    const now = this.deps.clock.now();
    if (now.epochMilliseconds - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now.epochMilliseconds;
    const cutoff = now.subtract({ hours: 24 * RETENTION_DAYS }).toString();
    const old = await this.deps.readStore.find(AUTH_LOG, { at: { $lt: cutoff } }, { limit: PRUNE_BATCH });
    if (old.items.length === 0) return;
    await this.deps.readStore.transact(async (uow) => {
      for (const doc of old.items) uow.delete(AUTH_LOG, String(doc.id));
    });
  }
}

export interface AuthLogQuery {
  userName?: string;
  nasId?: string;
  result?: 'accept' | 'reject';
  limit?: number;
  after?: string;
}

/** The support log, newest first, filtered; `after` is the previous page's `next`. */
export async function findAuthLog(deps: AppDeps, query: AuthLogQuery): Promise<Page<AuthLogDocument>> {
  await deps.readStore.ensureCollection(AUTH_LOG_COLLECTION);
  const filter: Filter = {};
  if (query.userName !== undefined) filter.userName = query.userName;
  if (query.nasId !== undefined) filter.nasId = query.nasId;
  if (query.result !== undefined) filter.result = query.result;
  const page = (await deps.readStore.find(AUTH_LOG, filter, { sort: { field: 'sequence', direction: 'desc' }, limit: query.limit ?? 50, ...(query.after ? { after: query.after } : {}) })) as Page<AuthLogDocument>;
  return { ...page, items: page.items.map(withoutPin) };
}

/**
 * An entry as shown: the server logs a card's sessions as `card:<serial>` and masks a refused
 * user name of a PIN's form (authenticate.ts loggedUserName). Entries written before it did so may
 * hold a card's PIN: any user name of a PIN's form that is no service point's is shown masked.
 */
function withoutPin(entry: AuthLogDocument): AuthLogDocument {
  if (entry.servicePointId !== null || isCardReference(entry.userName)) return entry;
  const userName = maskedIfPin(entry.userName);
  return userName === entry.userName ? entry : { ...entry, userName };
}
