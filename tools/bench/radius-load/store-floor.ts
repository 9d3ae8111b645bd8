/**
 * The event store's share of an Accounting-Request, alone: what billstream's RADIUS thread
 * commits for each report (one event to the session's stream, the usage record's two events to a
 * new stream of its own), appended to a fresh SQLite event store with the server's durability
 * (synchronous=FULL) and group commits of the size the server makes, with no UDP, no decoding,
 * no deciding and no rating. The events are copies of those the server stored in the run (the
 * same types, data and sizes), under new stream names.
 *
 * It is the floor under billstream's accounting rate on this machine: the server can answer no
 * faster than its thread can commit these rows.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { openSqliteEventStore } from '../../../src/eventstore/sqlite/sqlite-event-store.ts';
import type { EventMetadata, NewEvent } from '../../../src/eventstore/port.ts';
import { radiusSessionStream } from '../../../src/domain/radius-session/events.ts';
import { usageStream } from '../../../src/domain/usage/events.ts';
import { RADIUS_USAGE_SOURCE } from '../../../src/domain/usage/events.ts';

export interface StoreFloorResult {
  reports: number;
  reportsPerSecond: number;
  /** CPU of this process per report (user and system). */
  cpuUsPerReport: number;
  eventsPerReport: number;
  bytesPerReport: number;
}

interface Shape {
  type: string;
  data: unknown;
  metadata: EventMetadata;
}

/** The newest stored accounting reports of `dataDir`: each one's session event and its usage record's events. */
function reportShapes(dataDir: string, limit: number): Shape[][] {
  const db = new Database(path.join(dataDir, 'events.db'), { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare(
      `SELECT stream_id, type, data, correlation_id, actor, recorded_at FROM events
       WHERE type IN ('RadiusSessionReported', 'UsageRecorded', 'UsageRated') ORDER BY position DESC LIMIT ?`,
    ).all(limit * 3) as { stream_id: string; type: string; data: string; correlation_id: string; actor: string; recorded_at: string }[];
    rows.reverse();
    const shapes: Shape[][] = [];
    for (let i = 0; i + 2 < rows.length; i++) {
      const [session, recorded, rated] = [rows[i]!, rows[i + 1]!, rows[i + 2]!];
      if (session.type !== 'RadiusSessionReported' || recorded.type !== 'UsageRecorded' || rated.type !== 'UsageRated') continue;
      shapes.push([session, recorded, rated].map((row) => ({
        type: row.type,
        data: JSON.parse(row.data) as unknown,
        metadata: { correlationId: row.correlation_id, causationId: null, tenantId: null, actor: row.actor, recordedAt: row.recorded_at, schemaVersion: 1 },
      })));
      i += 2;
    }
    return shapes;
  } finally {
    db.close();
  }
}

/**
 * Appends accounting-shaped reports for `seconds` (after `warmupSeconds`) to a new store in
 * `dir`: `sessions` open sessions, each report to one of them in turn, `perCommit` reports
 * issued together (the SQLite adapter commits them as one transaction).
 */
export async function measureStoreFloor(options: { dataDir: string; dir: string; sessions: number; perCommit: number; seconds: number; warmupSeconds: number }): Promise<StoreFloorResult> {
  const shapes = reportShapes(options.dataDir, 5_000);
  if (shapes.length === 0) throw new Error(`no accounting reports stored in ${options.dataDir} to copy`);
  fs.rmSync(options.dir, { recursive: true, force: true });
  fs.mkdirSync(options.dir, { recursive: true });
  const store = openSqliteEventStore(path.join(options.dir, 'events.db'));
  const sessions = Array.from({ length: options.sessions }, () => ({ stream: radiusSessionStream(randomUUID()), revision: null as number | null }));
  let next = 0;
  const bytesPerReport = shapes.reduce((sum, report) => sum + report.reduce((s, e) => s + JSON.stringify(e.data).length, 0), 0) / shapes.length;

  const oneReport = async (): Promise<void> => {
    const report = shapes[next % shapes.length]!;
    const session = sessions[next % sessions.length]!;
    next += 1;
    const copy = (shape: Shape): NewEvent => ({ id: randomUUID(), type: shape.type, data: shape.data, metadata: shape.metadata });
    const stored = await store.append(session.stream, [copy(report[0]!)], session.revision ?? 'noStream');
    session.revision = stored.nextExpectedRevision;
    await store.append(usageStream(RADIUS_USAGE_SOURCE, randomUUID()), [copy(report[1]!), copy(report[2]!)], 'noStream');
  };
  const runFor = async (seconds: number): Promise<number> => {
    const until = performance.now() + seconds * 1000;
    let reports = 0;
    while (performance.now() < until) {
      await Promise.all(Array.from({ length: options.perCommit }, oneReport));
      reports += options.perCommit;
    }
    return reports;
  };

  try {
    await runFor(options.warmupSeconds);
    const cpu = process.cpuUsage();
    const started = performance.now();
    const reports = await runFor(options.seconds);
    const elapsed = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    return { reports, reportsPerSecond: reports / elapsed, cpuUsPerReport: (used.user + used.system) / reports, eventsPerReport: 3, bytesPerReport };
  } finally {
    await store.close();
    fs.rmSync(options.dir, { recursive: true, force: true });
  }
}
