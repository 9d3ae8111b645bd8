import { randomUUID } from 'node:crypto';
import type { EventMetadata, NewEvent } from '../../src/eventstore/port.ts';

export function metadata(overrides: Partial<EventMetadata> = {}): EventMetadata {
  return {
    correlationId: randomUUID(),
    causationId: null,
    tenantId: null,
    actor: 'test',
    recordedAt: '2026-11-25T10:00:00Z',
    schemaVersion: 1,
    ...overrides,
  };
}

export function newEvent(type: string, data: unknown = {}, overrides: Partial<NewEvent> = {}): NewEvent {
  return { id: randomUUID(), type, data, metadata: metadata(), ...overrides };
}
