/** Configuration from flags and environment: which storage tier runs and where. */
import path from 'node:path';

export interface BillstreamConfig {
  /** Folder of the embedded tier's SQLite files. */
  dataDir: string;
  /** `esdb://…` selects EventStoreDB instead of the embedded event store. */
  eventStoreUrl: string | null;
  /** `mongodb://…` selects MongoDB instead of the embedded read store. */
  readStoreUrl: string | null;
  /** A fixed admin key to register at start (`BILLSTREAM_ADMIN_KEY`). */
  adminKey: string | null;
  /**
   * How long a process's hold on a projection or saga outlives it (`BILLSTREAM_LEASE_TTL_MS`,
   * default 15 s): after a crash, another process takes over once it expires.
   */
  leaseTtlMs: number | null;
  /**
   * How far after today a bill run's as-of date may lie (`BILLSTREAM_BILL_RUN_HORIZON_DAYS`,
   * default 400): a run closes the cycles ended by its as-of date, and one as of 9999-12-31 would
   * draft every contract's next eight thousand years.
   */
  billRunHorizonDays: number;
}

export const DEFAULT_BILL_RUN_HORIZON_DAYS = 400;

export function loadConfig(env: NodeJS.ProcessEnv, flags: { dataDir?: string | undefined } = {}): BillstreamConfig {
  const eventStoreUrl = env.BILLSTREAM_EVENTSTORE || null;
  const readStoreUrl = env.BILLSTREAM_READSTORE || null;
  if (eventStoreUrl && !/^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover|kdb|kdb\+discover):\/\//.test(eventStoreUrl)) {
    throw new Error(`BILLSTREAM_EVENTSTORE must be an EventStoreDB connection string (esdb://…), not ${eventStoreUrl}`);
  }
  if (readStoreUrl && !/^mongodb(\+srv)?:\/\//.test(readStoreUrl)) {
    throw new Error(`BILLSTREAM_READSTORE must be a MongoDB connection string (mongodb://…)`);
  }
  return {
    dataDir: path.resolve(flags.dataDir ?? env.BILLSTREAM_DATA ?? './data'),
    eventStoreUrl,
    readStoreUrl,
    adminKey: env.BILLSTREAM_ADMIN_KEY || null,
    leaseTtlMs: leaseTtl(env.BILLSTREAM_LEASE_TTL_MS),
    billRunHorizonDays: horizonDays(env.BILLSTREAM_BILL_RUN_HORIZON_DAYS),
  };
}

function leaseTtl(text: string | undefined): number | null {
  if (!text) return null;
  const ms = Number(text);
  if (!Number.isInteger(ms) || ms < 100) throw new Error(`BILLSTREAM_LEASE_TTL_MS must be a whole number of milliseconds, at least 100, not ${text}`);
  return ms;
}

function horizonDays(text: string | undefined): number {
  if (!text) return DEFAULT_BILL_RUN_HORIZON_DAYS;
  const days = Number(text);
  if (!Number.isInteger(days) || days < 0 || days > 3660) throw new Error(`BILLSTREAM_BILL_RUN_HORIZON_DAYS must be a whole number of days from 0 to 3660, not ${text}`);
  return days;
}
