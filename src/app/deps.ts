/**
 * What an application service may use: the two stores, the clock and the settings, and a way to
 * wait for the read models. Passed explicitly; the composition root (`src/main.ts`) builds one
 * (its `Billstream` has these members among others), and a test can build its own.
 */
import type { Clock } from '../core/clock.ts';
import type { BillstreamConfig } from '../config.ts';
import type { EventStore, Position } from '../eventstore/port.ts';
import type { ReadStore } from '../readstore/port.ts';
import type { DocumentStore } from '../docstore/port.ts';
import type { SecretBox } from './secrets/secret-box.ts';

export interface AppDeps {
  eventStore: EventStore;
  readStore: ReadStore;
  clock: Clock;
  config: BillstreamConfig;
  /** Issued documents by content hash; absent: documents are not rendered (tests that need none). */
  documents?: DocumentStore;
  /** Seals and opens secrets kept at rest (NAS secrets, RADIUS passwords); absent: use cases that need it refuse. */
  secrets?: SecretBox;
  /** Brings every read model and saga up to `target` (default: everything stored now). */
  catchUp(target?: Position | null): Promise<void>;
  /** Waits until every read model reflects `target` (a saga step must not wait on its own consumer). */
  readModelsReached(target: Position | null): Promise<void>;
}
