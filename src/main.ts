/**
 * The composition root: picks the storage adapters from configuration and wires the projections
 * and sagas. Domain code, projections and sagas never learn which tier runs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { systemClock, type Clock } from './core/clock.ts';
import type { CommandContext } from './app/command-handler.ts';
import { StoreUnavailableError, type EventStore, type Position } from './eventstore/port.ts';
import type { ReadStore } from './readstore/port.ts';
import { openSqliteEventStore } from './eventstore/sqlite/sqlite-event-store.ts';
import { openSqliteReadStore } from './readstore/sqlite/sqlite-read-store.ts';
import { openFsDocumentStore } from './docstore/fs/fs-document-store.ts';
import type { DocumentStore } from './docstore/port.ts';
import { secretBoxFrom, type SecretBox } from './app/secrets/secret-box.ts';
import { CheckpointedConsumer } from './processing/checkpointed-consumer.ts';
import { projectionConsumer } from './processing/projection-runner.ts';
import { sagaConsumer, type CommandBus } from './processing/saga.ts';
import type { BillstreamConfig } from './config.ts';
import { newestCheckpoint } from './app/audit/verify.ts';
import { ALL_PROJECTIONS } from '../projections/index.ts';
import { ALL_PROCESSORS, ALL_SAGAS, BACKGROUND_PROCESSORS } from '../sagas/index.ts';

export interface Billstream {
  config: BillstreamConfig;
  eventStore: EventStore;
  readStore: ReadStore;
  clock: Clock;
  /** Issued documents by content hash: `<dataDir>/documents/`. */
  documents: DocumentStore;
  /** Secrets at rest: key from BILLSTREAM_SECRET_KEY or `<dataDir>/secret.key` (read or created on first use). */
  secrets: SecretBox;
  /** Identity of this process in leases. */
  owner: string;
  consumers: CheckpointedConsumer[];
  /** The projections among the consumers (the read models), without sagas and processors. */
  readModels: CheckpointedConsumer[];
  /** Brings every projection and saga up to `target` (default: everything stored now). */
  catchUp(target?: Position | null): Promise<void>;
  /** Waits until every read model reflects `target` (for processors, which must not wait on themselves). */
  readModelsReached(target: Position | null): Promise<void>;
  /** Brings everything, the background processors too (documents rendered after issue), up to date. */
  catchUpDocuments(): Promise<void>;
  /**
   * Keeps projections and sagas running (serve); `background`: only the background processors,
   * when a processing worker thread runs the rest. Starting a running consumer changes nothing.
   */
  startProcessing(which?: 'all' | 'background'): void;
  close(): Promise<void>;
}

export interface OpenOptions {
  clock?: Clock;
  /** Executes saga commands; the default knows none yet. */
  commandBus?: CommandBus;
  /**
   * Opens an installation whose read models reflect events its log no longer holds, instead of
   * refusing to: for `verify` and `replay --check`, which report that state (and start no saga,
   * so they append nothing to the log they check).
   */
  allowTruncatedLog?: boolean;
}

async function openEventStore(config: BillstreamConfig): Promise<EventStore> {
  if (config.eventStoreUrl) {
    const { openEsdbEventStore } = await import('./eventstore/esdb/esdb-event-store.ts');
    return openEsdbEventStore(config.eventStoreUrl);
  }
  return openSqliteEventStore(path.join(config.dataDir, 'events.db'));
}

async function openReadStore(config: BillstreamConfig): Promise<ReadStore> {
  if (config.readStoreUrl) {
    const { openMongoReadStore } = await import('./readstore/mongodb/mongo-read-store.ts');
    return openMongoReadStore(config.readStoreUrl);
  }
  return openSqliteReadStore(path.join(config.dataDir, 'read.db'));
}

export async function openBillstream(config: BillstreamConfig, options: OpenOptions = {}): Promise<Billstream> {
  const clock = options.clock ?? systemClock;
  const eventLog = config.eventStoreUrl ? null : path.join(config.dataDir, 'events.db');
  const logWas = eventLog === null ? 'there' : fileState(eventLog);
  const eventStore = await openEventStore(config);
  let readStore: ReadStore;
  try {
    readStore = await openReadStore(config);
  } catch (error) {
    await eventStore.close();
    throw error;
  }
  // Leave the folder as it was found: an empty event store created by opening a lost log must not pass for a restored one later.
  let restoreAtClose = false;
  const restoreLostLog = () => {
    if (eventLog === null || logWas === 'there') return;
    for (const file of [`${eventLog}-wal`, `${eventLog}-shm`]) fs.rmSync(file, { force: true });
    if (logWas === 'missing') fs.rmSync(eventLog, { force: true });
    else fs.truncateSync(eventLog, 0);
  };
  const owner = `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const deps = { eventStore, readStore, clock };
  const consumers: CheckpointedConsumer[] = [];
  const consumerOptions = { owner, ...(config.leaseTtlMs ? { leaseTtlMs: config.leaseTtlMs } : {}) };
  for (const projection of ALL_PROJECTIONS) consumers.push(await projectionConsumer(deps, projection, consumerOptions));
  const bus: CommandBus = options.commandBus ?? (async (command) => {
    throw new Error(`no handler for saga command ${command.type}`);
  });
  const projectionConsumers = [...consumers];
  const background: CheckpointedConsumer[] = [];
  for (const saga of ALL_SAGAS) consumers.push(sagaConsumer(deps, saga, bus, consumerOptions));

  const billstream: Billstream = {
    config,
    eventStore,
    readStore,
    clock,
    documents: openFsDocumentStore(path.join(config.dataDir, 'documents')),
    secrets: secretBoxFrom(config),
    owner,
    consumers,
    readModels: projectionConsumers,
    async catchUp(target) {
      if (target !== undefined) {
        for (const consumer of consumers) await consumer.waitFor(target);
        return;
      }
      // Sagas append events that projections then reflect: go round until nothing new appears.
      for (let round = 0; round < 10; round++) {
        const goal = await eventStore.headPosition();
        for (const consumer of consumers) await consumer.waitFor(goal);
        if ((await eventStore.headPosition()) === goal) return;
      }
    },
    async readModelsReached(target) {
      if (target === null) return;
      for (const consumer of projectionConsumers) await consumer.waitFor(target);
    },
    async catchUpDocuments() {
      for (let round = 0; round < 10; round++) {
        await billstream.catchUp();
        const goal = await eventStore.headPosition();
        for (const consumer of background) await consumer.waitFor(goal);
        if ((await eventStore.headPosition()) === goal) return;
      }
    },
    startProcessing(which = 'all') {
      for (const consumer of which === 'all' ? [...consumers, ...background] : background) consumer.start();
    },
    async close() {
      for (const consumer of [...consumers, ...background]) await consumer.stop();
      await readStore.close();
      await eventStore.close();
      if (restoreAtClose) restoreLostLog();
    },
  };
  // Processors that read the read models run after the projections they read (catch-up goes in this order).
  for (const processor of ALL_PROCESSORS) consumers.push(new CheckpointedConsumer(deps, processor(billstream), consumerOptions));
  for (const processor of BACKGROUND_PROCESSORS) background.push(new CheckpointedConsumer(deps, processor(billstream), consumerOptions));
  let lost: StoreUnavailableError | null;
  try {
    lost = await truncatedLogError(config, billstream, logWas);
  } catch (error) {
    await billstream.close();
    throw error;
  }
  if (lost && !options.allowTruncatedLog) {
    await billstream.close();
    restoreLostLog();
    throw lost;
  }
  // Opened to be checked: nothing runs that could append, so the file created is still empty at close.
  restoreAtClose = lost !== null;
  return billstream;
}

function fileState(file: string): 'missing' | 'empty' | 'there' {
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(file, { throwIfNoEntry: false });
  } catch {
    return 'there'; // not a folder on the way, no permission: opening it names the problem
  }
  return !stat ? 'missing' : stat.size === 0 ? 'empty' : 'there';
}

/**
 * The refusal of an event log that ends before what the read models and sagas reflect: events.db
 * lost, emptied or cut back behind billstream's back while read.db survived. Running on it would
 * be a new installation over the old read models (its first admin key refused by the old key
 * list), and new events would take the lost events' positions, which the read models skip.
 * Checkpoints are read before the head: another process may append meanwhile, never remove.
 */
async function truncatedLogError(config: BillstreamConfig, billstream: Billstream, logWas: 'missing' | 'empty' | 'there'): Promise<StoreUnavailableError | null> {
  const reflected = await newestCheckpoint(billstream.readStore);
  if (!reflected) return null;
  const head = await billstream.eventStore.headPosition();
  if (head !== null && reflected.position <= head) return null;
  const log = config.eventStoreUrl ? 'the event store (BILLSTREAM_EVENTSTORE)' : path.join(config.dataDir, 'events.db');
  const read = config.readStoreUrl ? 'the read store (BILLSTREAM_READSTORE)' : path.join(config.dataDir, 'read.db');
  const [logName, readName] = [config.eventStoreUrl ? 'the event store' : 'events.db', config.readStoreUrl ? 'the read store' : 'read.db'];
  const reflects = `${read} reflects events up to position ${reflected.position} (${reflected.consumer})`;
  if (head === null) {
    const state = logWas === 'missing' ? 'is missing' : logWas === 'empty' ? 'is empty (0 bytes)' : 'holds no events';
    return new StoreUnavailableError(
      `${log} ${state}, but ${reflects}: the event log was lost. Restore ${logName} from the backup, `
      + `or remove ${readName} as well to start a new installation; billstream does not start on a lost log`,
    );
  }
  return new StoreUnavailableError(
    `${log} ends at position ${head}, but ${reflects}: the newest events were removed from the log. Restore ${logName} from the backup `
    + `(with the ${readName} backed up with it, or none); \`billstream verify\` reports the log as truncated; billstream does not start on a truncated log`,
  );
}

/**
 * An empty embedded read store in `dir` for `replay --check` to rebuild into, whatever tier runs:
 * documents are the same JSON in either read store.
 */
export async function openScratchReadStore(dir: string): Promise<ReadStore> {
  return openSqliteReadStore(path.join(dir, 'read.db'));
}

/** Commands typed at the CLI are recorded as the OS user's. */
export function cliActor(): string {
  return `cli:${os.userInfo().username}`;
}

export function cliContext(commandId: string): CommandContext {
  return { commandId, actor: cliActor() };
}
