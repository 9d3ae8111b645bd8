/**
 * Configuration from flags and environment: which storage tier runs and where. Every setting is
 * checked here, before anything is opened, so a mistyped one stops the command with one line
 * naming it instead of a stack trace (or, worse, a server that starts and fails later).
 */
import path from 'node:path';
import { timeZoneProblem } from './core/validate.ts';
import { availableLanguages, DEFAULT_LANGUAGE } from './i18n/translator.ts';

/** A setting with a value it cannot take; the message names the setting and the expected form. */
export class ConfigError extends Error {}

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
  /** Whether `serve` starts the daily bill run (`BILLSTREAM_BILL_RUNS`, `on` or `off`, default on). */
  billRuns: boolean;
  /** The operator's language for what the CLI prints (`BILLSTREAM_LANGUAGE`, default English): one billstream has translations for. */
  language: string;
  /** A person's session ends after this many minutes without a request (`BILLSTREAM_SESSION_IDLE_MINUTES`, default 30). */
  sessionIdleMinutes: number;
  /** A person's session ends this many hours after sign-in however active (`BILLSTREAM_SESSION_MAX_HOURS`, default 12). */
  sessionMaxHours: number;
  /**
   * The key that encrypts secrets at rest (NAS secrets, RADIUS passwords): `BILLSTREAM_SECRET_KEY`,
   * 64 hexadecimal characters or the base64 of 32 bytes. Null: `<dataDir>/secret.key`, created on first use.
   */
  secretKey: string | null;
}

export const DEFAULT_BILL_RUN_HORIZON_DAYS = 400;
export const DEFAULT_SESSION_IDLE_MINUTES = 30;
export const DEFAULT_SESSION_MAX_HOURS = 12;

export function loadConfig(env: NodeJS.ProcessEnv, flags: { dataDir?: string | undefined } = {}): BillstreamConfig {
  const eventStoreUrl = env.BILLSTREAM_EVENTSTORE || null;
  const readStoreUrl = env.BILLSTREAM_READSTORE || null;
  if (eventStoreUrl && !/^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover|kdb|kdb\+discover):\/\//.test(eventStoreUrl)) {
    throw new ConfigError(`BILLSTREAM_EVENTSTORE must be an EventStoreDB connection string (esdb://…), not ${schemeOf(eventStoreUrl)}`);
  }
  if (readStoreUrl && !/^mongodb(\+srv)?:\/\//.test(readStoreUrl)) {
    throw new ConfigError(`BILLSTREAM_READSTORE must be a MongoDB connection string (mongodb://…), not ${schemeOf(readStoreUrl)}`);
  }
  const timeZone = env.BILLSTREAM_TIME_ZONE;
  // Read where "today" is needed (operatorToday); checked here so a typo stops `serve` at once, not its first bill run.
  if (timeZone && timeZoneProblem(timeZone)) throw new ConfigError(`BILLSTREAM_TIME_ZONE must be an IANA time zone (Europe/Budapest), not ${JSON.stringify(timeZone)}`);
  return {
    dataDir: path.resolve(flags.dataDir ?? env.BILLSTREAM_DATA ?? './data'),
    eventStoreUrl,
    readStoreUrl,
    adminKey: adminKey(env.BILLSTREAM_ADMIN_KEY),
    leaseTtlMs: leaseTtl(env.BILLSTREAM_LEASE_TTL_MS),
    billRunHorizonDays: horizonDays(env.BILLSTREAM_BILL_RUN_HORIZON_DAYS),
    billRuns: billRuns(env.BILLSTREAM_BILL_RUNS),
    language: operatorLanguage(env.BILLSTREAM_LANGUAGE),
    sessionIdleMinutes: wholeNumber('BILLSTREAM_SESSION_IDLE_MINUTES', env.BILLSTREAM_SESSION_IDLE_MINUTES, DEFAULT_SESSION_IDLE_MINUTES, 1, 1440, 'minutes'),
    sessionMaxHours: wholeNumber('BILLSTREAM_SESSION_MAX_HOURS', env.BILLSTREAM_SESSION_MAX_HOURS, DEFAULT_SESSION_MAX_HOURS, 1, 720, 'hours'),
    secretKey: secretKey(env.BILLSTREAM_SECRET_KEY),
  };
}

/** The 32 bytes of an AES-256 key written as 64 hex characters or as base64 (44 characters), or null when it is neither. */
export function secretKeyBytes(text: string): Buffer | null {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (/^[A-Za-z0-9+/]{43}=$/.test(trimmed)) {
    const bytes = Buffer.from(trimmed, 'base64');
    if (bytes.length === 32) return bytes;
  }
  return null;
}

function secretKey(text: string | undefined): string | null {
  if (!text) return null;
  // The key itself is never repeated: a message may end up in a log or a ticket.
  if (!secretKeyBytes(text)) throw new ConfigError('BILLSTREAM_SECRET_KEY must be 32 random bytes written as 64 hexadecimal characters or as base64 (44 characters) (the key is not repeated here); `openssl rand -hex 32` makes one');
  return text.trim();
}

/** A connection string may hold a password: only its scheme is repeated. */
function schemeOf(url: string): string {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1];
  return scheme ? `a ${scheme}:// string` : 'a string without a scheme';
}

/** The port of `billstream serve` when `--port` is not given (`PORT`, default 8080; 0: any free port). */
export function serverPort(env: NodeJS.ProcessEnv): number {
  const text = env.PORT;
  if (!text) return 8080;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new ConfigError(`PORT must be a port number from 0 to 65535, not ${JSON.stringify(text)}`);
  return port;
}

function adminKey(text: string | undefined): string | null {
  if (!text) return null;
  // A key is presented as "Bearer <key>": one with a space could never be sent; a short one is guessed.
  if (text.length < 16 || /[\s\p{Cc}]/u.test(text)) {
    throw new ConfigError(`BILLSTREAM_ADMIN_KEY must be at least 16 characters without spaces or control characters (the key is not repeated here)`);
  }
  return text;
}

function billRuns(text: string | undefined): boolean {
  if (!text || text === 'on') return true;
  if (text === 'off') return false;
  throw new ConfigError(`BILLSTREAM_BILL_RUNS must be on or off, not ${JSON.stringify(text)}`);
}

function leaseTtl(text: string | undefined): number | null {
  if (!text) return null;
  const ms = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(ms) || ms < 100) throw new ConfigError(`BILLSTREAM_LEASE_TTL_MS must be a whole number of milliseconds, at least 100, not ${JSON.stringify(text)}`);
  return ms;
}

function horizonDays(text: string | undefined): number {
  if (!text) return DEFAULT_BILL_RUN_HORIZON_DAYS;
  const days = Number(text);
  if (!/^\d+$/.test(text) || days > 3660) throw new ConfigError(`BILLSTREAM_BILL_RUN_HORIZON_DAYS must be a whole number of days from 0 to 3660, not ${JSON.stringify(text)}`);
  return days;
}

function wholeNumber(setting: string, text: string | undefined, fallback: number, min: number, max: number, unit: string): number {
  if (!text) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) throw new ConfigError(`${setting} must be a whole number of ${unit} from ${min} to ${max}, not ${JSON.stringify(text)}`);
  return value;
}

function operatorLanguage(value: string | undefined): string {
  if (!value) return DEFAULT_LANGUAGE;
  const languages = availableLanguages();
  if (!languages.includes(value.toLowerCase().split('-')[0]!)) {
    throw new ConfigError(`BILLSTREAM_LANGUAGE must be one of the languages billstream has translations for (${languages.join(', ')}), not ${JSON.stringify(value)}`);
  }
  return value;
}
