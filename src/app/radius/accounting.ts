/**
 * RADIUS accounting as usage (issue 17): each Accounting-Request is decided by its session's
 * decider (src/domain/radius-session/decider.ts) and what a report adds becomes one usage record,
 * recorded and rated as an imported record is (appendRatedRecord), so usage is visible and priced
 * while the session runs. A prepaid card's session debits the card instead.
 *
 * Speed: open sessions are kept in memory (bounded; an evicted one is read again from its stream),
 * so a report costs no read; reports of different sessions arriving in one turn of the event loop
 * are appended side by side, and the SQLite adapter commits them as one transaction. Reports of
 * one session wait for each other (a queue per session), so none is decided on a state that
 * misses the one before it; another process writing the same session is caught by the expected
 * revision, and the report is decided again on the stream as stored.
 *
 * Order of writes: the session's event first, then the usage record. A report is only answered
 * when both are stored. If the process stops between them, the session says the interval is
 * recorded and the usage record is missing: the next time the session is read from its stream,
 * its last interval's record is written if absent (the same record id, so never twice).
 */
import { Temporal } from 'temporal-polyfill';
import type { AppDeps } from '../deps.ts';
import { uuidv7 } from '../../core/ids.ts';
import { fold } from '../../core/decider.ts';
import { WrongExpectedRevisionError, type EventMetadata, type NewEvent, type RecordedEvent } from '../../eventstore/port.ts';
import { forEachDocument } from '../../readstore/port.ts';
import { epochSecondsOf, isoOfEpochSeconds, radiusSessionDecider, staleAt, type RadiusSessionCommand, type RadiusSessionState, type SessionReport } from '../../domain/radius-session/decider.ts';
import { cardSessionKey, radiusSessionId, radiusSessionStream, type RadiusSessionEvent, type RadiusSessionReported, type SessionOwner } from '../../domain/radius-session/events.ts';
import { RADIUS_USAGE_SOURCE, usageStream, type UsageRecord } from '../../domain/usage/events.ts';
import { validateUsage } from '../../domain/usage/validate.ts';
import { DEFAULT_INTERIM_INTERVAL } from '../../domain/tariff/definition.ts';
import { tariffVersionOn } from '../../domain/tariff/versions.ts';
import { appendRatedRecord, RatingContext, rateUsage } from '../usage/rate.ts';
import { RADIUS_SESSIONS, type RadiusSessionDocument } from '../../../projections/radius-sessions.projection.ts';
import type { AccountingInput } from '../../radius/accounting.ts';
import { cardReferenceOf, debitCard, releaseExpiredReservations } from '../prepaid/realtime.ts';
import { ConflictError, NotFoundError } from '../../core/errors.ts';

/** Sessions kept in memory (about 1 KB each): beyond, the least recently reported are read again from their streams when they report. */
export const MAX_SESSIONS_IN_MEMORY = 100_000;
/**
 * How long one rating context (the CRM and tariffs it has looked up) serves: records are rated
 * against lookups at most this old, so a subscription or tariff changed meanwhile reaches the
 * next records within seconds (and `rerate` fixes the few before).
 */
const RATING_CONTEXT_MS = 5_000;
/** The stale sweep runs at most this often on its own, from the accounting traffic (the server may also call it on a timer). */
const STALE_SWEEP_MS = 60_000;
/** Decisions of one report retried on a conflict with another process writing the same session. */
const MAX_ATTEMPTS = 20;

interface LoadedSession {
  state: RadiusSessionState;
  /** The stream's last revision; null: no stream. */
  revision: number | null;
  nasId: string;
}

export interface RadiusAccountingOptions {
  maxSessionsInMemory?: number;
}

export class RadiusAccounting {
  private readonly sessions = new Map<string, LoadedSession>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private rating: { context: RatingContext; now: Temporal.Instant; until: number } | null = null;
  private lastSweep: number | null = null;
  private sweeping: Promise<number> | null = null;
  private readonly maxSessions: number;

  constructor(private readonly deps: AppDeps, private readonly options: RadiusAccountingOptions = {}) {
    this.maxSessions = options.maxSessionsInMemory ?? MAX_SESSIONS_IN_MEMORY;
  }

  /** Records one Accounting-Request; resolves once everything it changed is stored. */
  async record(input: AccountingInput, receivedAt: Temporal.Instant): Promise<void> {
    this.sweepNowAndThen(receivedAt);
    if (input.statusType === 'Accounting-On' || input.statusType === 'Accounting-Off') {
      await this.closeNasSessions(input.nasId, receivedAt);
      return;
    }
    // A card's session goes by the card, never by its User-Name (the PIN): its id, its events and its view.
    const userName = input.owner && 'cardId' in input.owner ? await cardReferenceOf(this.deps, input.owner.cardId) : input.userName!;
    const acctSessionId = input.acctSessionId!;
    const sessionId = radiusSessionId(input.nasId, acctSessionId, userName);
    await this.inQueue(sessionId, async () => {
      const report = await this.reportOf(input, userName, sessionId, receivedAt);
      await this.decideAndStore(sessionId, input.nasId, { type: 'RecordReport', report }, input.calledStationId);
    });
  }

  /** Closes the open sessions that have not reported for three interim intervals; returns how many. */
  async closeStaleSessions(now: Temporal.Instant): Promise<number> {
    const at = now.toString();
    const candidates = new Map<string, string>();
    for (const [sessionId, { state, nasId }] of this.sessions) if (state.status === 'open' && staleAt(state) <= at) candidates.set(sessionId, nasId);
    await forEachDocument<RadiusSessionDocument>(this.deps.readStore, RADIUS_SESSIONS, { online: true, staleAt: { $lte: at } }, (document) => {
      candidates.set(document.id, document.nasId);
    });
    let closed = 0;
    await Promise.all([...candidates].map(([sessionId, nasId]) => this.inQueue(sessionId, async () => {
      if (await this.decideAndStore(sessionId, nasId, { type: 'CloseIfStale', now: at }, null)) closed += 1;
    })));
    return closed;
  }

  /** Accounting-On/Off: the NAS restarted, every session it had open is over. */
  private async closeNasSessions(nasId: string, receivedAt: Temporal.Instant): Promise<void> {
    const at = receivedAt.toString();
    const candidates = new Set<string>();
    for (const [sessionId, loaded] of this.sessions) if (loaded.nasId === nasId && loaded.state.status === 'open') candidates.add(sessionId);
    await forEachDocument<RadiusSessionDocument>(this.deps.readStore, RADIUS_SESSIONS, { online: true, nasId }, (document) => {
      candidates.add(document.id);
    });
    await Promise.all([...candidates].map((sessionId) => this.inQueue(sessionId, () => this.decideAndStore(sessionId, nasId, { type: 'CloseForNasReboot', at }, null))));
  }

  /** Runs `work` after the session's earlier work: one report of a session at a time. */
  private inQueue<T>(sessionId: string, work: () => Promise<T>): Promise<T> {
    const before = this.queues.get(sessionId);
    const run = before ? before.then(work, work) : work();
    const tail = run.catch(() => undefined);
    this.queues.set(sessionId, tail);
    void tail.then(() => {
      if (this.queues.get(sessionId) === tail) this.queues.delete(sessionId);
    });
    return run;
  }

  /** Decides the command on the session and stores what it causes; true when it caused events. */
  private async decideAndStore(sessionId: string, nasId: string, command: RadiusSessionCommand, calledStationId: string | null): Promise<boolean> {
    const stream = radiusSessionStream(sessionId);
    // A Start of a session not in memory is assumed new (no read): the append checks, and a conflict reads the stream.
    let assumeNew = command.type === 'RecordReport' && command.report.statusType === 'Start';
    for (let attempt = 1; ; attempt++) {
      const loaded = await this.load(sessionId, nasId, assumeNew);
      const events = radiusSessionDecider.decide(command, loaded.state);
      if (events.length === 0) return false;
      // A report is stored only with a usage record it can make: stored alone, its retry would be
      // answered as already recorded and its bytes never billed. Refused, it stays unanswered
      // (dropped, counted and logged), and nothing of it is stored.
      const state = events.reduce(radiusSessionDecider.evolve, loaded.state);
      const reported = events.find((e) => e.type === 'RadiusSessionReported');
      const prepared = reported ? this.usageRecordOf(reported, state) : null;
      // One reading of the clock for the events' ids and metadata; Date's ISO form, not Temporal's toString (a tenth of the time).
      const now = this.deps.clock.now();
      const recordedAt = new Date(now.epochMilliseconds).toISOString();
      const metadata: EventMetadata = { correlationId: sessionId, causationId: null, tenantId: null, actor: `nas:${nasId}`, recordedAt, schemaVersion: 1 };
      const toAppend: NewEvent[] = events.map((event) => ({ id: uuidv7({ now: () => now }), type: event.type, data: event.data, metadata }));
      let revision: number;
      try {
        revision = (await this.deps.eventStore.append(stream, toAppend, loaded.revision ?? 'noStream')).nextExpectedRevision;
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError) || attempt >= MAX_ATTEMPTS) throw error;
        // Another process wrote the session (or a Start found it stored): decide again on the stream as stored.
        this.sessions.delete(sessionId);
        assumeNew = false;
        continue;
      }
      this.remember(sessionId, { state, revision, nasId });
      if (reported) await this.deliver(reported, state, calledStationId, metadata, prepared);
      else if (loaded.state.status !== 'closed' && events.some((e) => e.type === 'RadiusSessionClosed')) await this.finishCard(state, recordedAt);
      else if (events.some((e) => e.type === 'RadiusSessionStarted')) await this.startCard(state, calledStationId, recordedAt);
      return true;
    }
  }

  /** The session as stored: from memory, else from its stream (or, assumed new, from nothing). */
  private async load(sessionId: string, nasId: string, assumeNew: boolean): Promise<LoadedSession> {
    const cached = this.sessions.get(sessionId);
    if (cached) return cached;
    if (assumeNew) return { state: radiusSessionDecider.initialState(), revision: null, nasId };
    const recorded = await this.deps.eventStore.readStream(radiusSessionStream(sessionId));
    const loaded: LoadedSession = {
      state: fold(radiusSessionDecider, recorded as unknown as RadiusSessionEvent[]),
      revision: recorded.length ? recorded[recorded.length - 1]!.revision : null,
      nasId,
    };
    await this.repairLastDelivery(recorded, loaded.state);
    this.remember(sessionId, loaded);
    return loaded;
  }

  private remember(sessionId: string, loaded: LoadedSession): void {
    // Least recently reported first (a Map keeps insertion order): beyond the bound, they go.
    this.sessions.delete(sessionId);
    this.sessions.set(sessionId, loaded);
    while (this.sessions.size > this.maxSessions) this.sessions.delete(this.sessions.keys().next().value!);
  }

  /** A session read from its stream whose last report's usage was not stored (the process stopped between the two writes) gets it now. */
  private async repairLastDelivery(recorded: RecordedEvent[], state: RadiusSessionState): Promise<void> {
    const last = recorded.findLast((e) => e.type === 'RadiusSessionReported') as (RecordedEvent & RadiusSessionReported) | undefined;
    if (!last || state.status === 'none') return;
    // A card's debit is idempotent by its report id: asking again debits once.
    const isCard = state.owner !== null && 'cardId' in state.owner;
    if (isCard || (await this.deps.eventStore.readStream(usageStream(RADIUS_USAGE_SOURCE, last.data.delta.recordId), { limit: 1 })).length === 0) {
      await this.deliver(last, state, null, last.metadata);
    }
  }

  /** What a report added: a usage record (recorded and rated), or a card debit. */
  private async deliver(event: RadiusSessionReported, state: RadiusSessionState, calledStationId: string | null, metadata: EventMetadata, prepared?: ReturnType<RadiusAccounting['usageRecordOf']>): Promise<void> {
    if (state.status === 'none') return;
    if (state.owner && 'cardId' in state.owner) {
      await this.debitCard(state, state.owner, event.data.delta.recordId, calledStationId, state.status === 'closed', event.data.at);
      return;
    }
    const { record, context } = prepared ?? this.usageRecordOf(event, state)!;
    const result = await rateUsage(this.deps, context, record);
    await appendRatedRecord(this.deps.eventStore, record, result, metadata);
  }

  /**
   * The usage record a report of a session makes (none for a card's session: prepaid debits the
   * card instead), and the rating context to rate it in; throws when the record would not be valid
   * (a start before 2000 from an absurd Acct-Session-Time, counters beyond 2^53).
   */
  private usageRecordOf(event: RadiusSessionReported, state: RadiusSessionState): { record: UsageRecord; context: RatingContext } | null {
    if (state.status === 'none' || (state.owner && 'cardId' in state.owner)) return null;
    const { delta } = event.data;
    const rating = this.ratingContext(epochSecondsOf(event.data.at) * 1000);
    const valid = validateUsage({
      recordId: delta.recordId, source: RADIUS_USAGE_SOURCE, identifier: state.userName, type: 'data', startTime: delta.startTime,
      durationSeconds: delta.seconds, calledNumber: null, bytesIn: delta.bytesIn, bytesOut: delta.bytesOut, quantity: null,
    }, rating.now);
    if ('issues' in valid) throw new Error(`session ${state.sessionId} of NAS ${state.nasId}: its usage record is not valid: ${valid.issues.map((i) => `${i.field} ${i.message}`).join('; ')}`);
    return { record: valid.record, context: rating.context };
  }

  /**
   * A card session's report debits the card (prepaid keeps the session's totals and debits the
   * increase, once per report id). A card whose session prepaid already ended refuses a late
   * report: the usage cannot be debited any more, and refusing it again on every retry would stop
   * the NAS's later reports from being answered, so it is only warned about.
   */
  private async debitCard(state: Extract<RadiusSessionState, { sessionId: string }>, owner: Extract<SessionOwner, { cardId: string }>, reportId: string, calledNumber: string | null, final: boolean, at: string): Promise<void> {
    try {
      await debitCard(this.deps, {
        cardId: owner.cardId, sessionKey: cardSessionKey(state.nasId, state.acctSessionId), reservationId: owner.reservationId, reportId, seconds: state.counters.seconds,
        bytes: state.counters.bytesIn + state.counters.bytesOut, calledNumber, final, at: Temporal.Instant.from(at),
      });
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      process.emitWarning(`radius accounting: card ${owner.cardId}, session ${state.sessionId}: ${error.message}`);
    }
  }

  /**
   * A card session's first report that adds nothing (a Start) tells prepaid that accounting came:
   * its reservation no longer waits to expire (card.ts RESERVATION_WAIT), and a reservation made
   * under another key (an Access-Request without Acct-Session-Id) moves to the session's.
   */
  private async startCard(state: RadiusSessionState, calledStationId: string | null, at: string): Promise<void> {
    if (state.status !== 'open' || !state.owner || !('cardId' in state.owner)) return;
    await this.debitCard(state, state.owner, `${state.sessionId}/started`, calledStationId, false, at);
  }

  /** A card session closed without a last delta (Accounting-On, stale, a Stop adding nothing) still ends its reservation. */
  private async finishCard(state: RadiusSessionState, at: string): Promise<void> {
    if (state.status === 'none' || !state.owner || !('cardId' in state.owner)) return;
    await this.debitCard(state, state.owner, `${state.sessionId}/closed`, null, true, at);
  }

  /**
   * The rating context of the moment, and the instant it was made: validation's future limit is
   * computed once per instant, so records share it (a few seconds' difference in a day's limit).
   */
  private ratingContext(ms: number): { context: RatingContext; now: Temporal.Instant } {
    if (!this.rating || ms >= this.rating.until || ms < this.rating.until - RATING_CONTEXT_MS) {
      this.rating = { context: new RatingContext(this.deps), now: Temporal.Instant.fromEpochMilliseconds(ms), until: ms + RATING_CONTEXT_MS };
    }
    return this.rating;
  }

  /** The report as the decider takes it; the interim interval is looked up only for a session's first report. */
  private async reportOf(input: AccountingInput, userName: string, sessionId: string, receivedAt: Temporal.Instant): Promise<SessionReport> {
    const known = this.sessions.get(sessionId);
    const receivedMs = receivedAt.epochMilliseconds;
    const interimInterval = input.interimInterval ?? (known && known.state.status !== 'none' ? known.state.interimInterval : await this.interimIntervalOf(userName, input.owner, receivedMs));
    return {
      sessionId, nasId: input.nasId, nasAddress: input.nasAddress, acctSessionId: input.acctSessionId!, userName, statusType: input.statusType as SessionReport['statusType'],
      receivedAt: isoOfEpochSeconds(Math.floor(receivedMs / 1000)), eventTimestamp: input.eventTimestamp, delaySeconds: input.delaySeconds, sessionTime: input.sessionTime,
      inputOctets: input.inputOctets, outputOctets: input.outputOctets, gigawords: input.gigawords, owner: input.owner, interimInterval,
      callingStationId: input.callingStationId, calledStationId: input.calledStationId, framedIp: input.framedIp, terminateCause: input.terminateCause,
    };
  }

  /**
   * The Acct-Interim-Interval the NAS was told for the subscription's tariff (its radius section),
   * else the default. Looked up through the rating context: the session's usage is rated with the
   * same service point and tariff, so the lookups are made once for both.
   */
  private async interimIntervalOf(userName: string, owner: SessionOwner | null, receivedMs: number): Promise<number> {
    // A card's session: prepaid's own interval. Without a Class (a NAS that does not echo it),
    // the user name's service point and its subscription active then with network access.
    if (owner && !('subscriptionId' in owner)) return DEFAULT_INTERIM_INTERVAL;
    const { context } = this.ratingContext(receivedMs);
    const date = new Date(receivedMs).toISOString().slice(0, 10);
    for (;;) {
      const found = context.owner(userName);
      if (found instanceof Promise) {
        await found;
        continue;
      }
      const candidates = !('subscriptions' in found) ? []
        : owner ? found.subscriptions.filter((s) => s.id === owner.subscriptionId)
        : found.subscriptions.filter((s) => s.startDate <= date && (s.endDate === null || date < s.endDate));
      let pending: Promise<unknown> | null = null;
      let interval: number | undefined;
      for (const subscription of candidates) {
        const tariff = context.tariff(subscription.tariffId);
        if (tariff instanceof Promise) {
          pending = tariff;
          break;
        }
        interval = (tariff && tariffVersionOn(tariff, date)?.radius?.interimInterval) ?? undefined;
        if (interval !== undefined) break;
      }
      if (pending) {
        await pending;
        continue;
      }
      return interval ?? DEFAULT_INTERIM_INTERVAL;
    }
  }

  /**
   * Stale sessions are looked for at most once a minute, in the background: called by every
   * report and by the server's timer (so sessions go stale when no NAS reports at all).
   */
  sweepNowAndThen(now: Temporal.Instant): void {
    const ms = now.epochMilliseconds;
    if (this.lastSweep === null) this.lastSweep = ms;
    if (this.sweeping || ms - this.lastSweep < STALE_SWEEP_MS) return;
    this.lastSweep = ms;
    this.sweeping = (async () => {
      const closed = await this.closeStaleSessions(now);
      // After the stale closes (which end their cards' reservations): authorizations no accounting came for.
      await releaseExpiredReservations(this.deps, now);
      return closed;
    })().catch((error: unknown) => {
      process.emitWarning(`radius accounting: closing stale sessions or releasing expired card reservations failed (tried again in a minute): ${error instanceof Error ? error.message : String(error)}`);
      return 0;
    });
    void this.sweeping.finally(() => (this.sweeping = null));
  }

  /** Resolves when no stale sweep is running (the server waits for it before it closes the store). */
  async sweepFinished(): Promise<void> {
    while (this.sweeping) await this.sweeping;
  }
}

/** One report of a session as its view lists it: when, which kind, the counters after it and what it added. */
export interface SessionReportView {
  at: string;
  statusType: RadiusSessionReported['data']['statusType'];
  sessionTime: number;
  bytesIn: string;
  bytesOut: string;
  delta: RadiusSessionReported['data']['delta'];
}

/** A session as the read model has it, with every report that added to its counters (from its stream). */
export async function radiusSessionView(deps: AppDeps, sessionId: string): Promise<Omit<RadiusSessionDocument, 'reports'> & { reports: SessionReportView[] }> {
  const document = (await deps.readStore.get(RADIUS_SESSIONS, sessionId)) as RadiusSessionDocument | null;
  if (!document) throw new NotFoundError(`RADIUS session ${sessionId} does not exist`);
  const events = await deps.eventStore.readStream(radiusSessionStream(sessionId));
  const reports = events.filter((e) => e.type === 'RadiusSessionReported').map((e) => {
    const { at, statusType, sessionTime, bytesIn, bytesOut, delta } = (e as unknown as RadiusSessionReported).data;
    return { at, statusType, sessionTime, bytesIn, bytesOut, delta };
  });
  return { ...document, reports };
}
