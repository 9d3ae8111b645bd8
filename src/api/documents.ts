/**
 * The documents the REST API returns are the OpenAPI schemas' generated types (openapi.yaml,
 * `npm run api:types`): routes type what they send with these, never with a second hand-written
 * shape. The read models and the domain keep their own types (they may not import the REST layer),
 * so where one is sent as it is, the checks below make tsc fail the day the two drift apart.
 */
import type { components } from './openapi.d.ts';
import type { CommunicationDocument } from '../../projections/client-communications.projection.ts';
import type { InvoiceView } from '../../projections/invoices.projection.ts';
import type { CycleUsage } from '../domain/usage/cycle-usage.ts';
import type { RecordedEvent } from '../eventstore/port.ts';

type Schemas = components['schemas'];

export type Problem = Schemas['Problem'];
export type Communication = Schemas['Communication'];
export type CycleUsageDocument = Schemas['CycleUsage'];
export type HistoryEvent = Schemas['HistoryEvent'];
export type Invoice = Schemas['Invoice'];

/** A page of a list, as every list route sends it. */
export interface Page<T> {
  items: T[];
  next: Schemas['NextCursor'];
}

/** The named keys of a type, without its index signature (read-store documents have one). */
type Known<T> = { [K in keyof T as string extends K ? never : K]: T[K] };

/** `true` when a value of the read model's type is a valid document of the schema. */
type Sends<ReadModel, Schema> = [Known<ReadModel>] extends [Schema] ? true : false;

/** Each read model or domain type sent as it is, against its schema. */
export const SENT_AS_SCHEMA = {
  invoice: true satisfies Sends<InvoiceView, Invoice>,
  communication: true satisfies Sends<CommunicationDocument, Communication>,
  cycleUsage: true satisfies Sends<CycleUsage, CycleUsageDocument>,
  historyEvent: true satisfies Sends<Pick<RecordedEvent, 'id' | 'type' | 'revision' | 'position' | 'metadata'>, Omit<HistoryEvent, 'data'>>,
} as const;
