/** API keys: who may call the API, with which roles. Only a hash of the secret is ever stored. */
import type { DomainEvent } from '../../core/decider.ts';

export const ROLES = ['admin', 'operator', 'billing', 'accountant', 'auditor', 'partner', 'client'] as const;
export type Role = (typeof ROLES)[number];

export type ApiKeyIssued = DomainEvent<'ApiKeyIssued', {
  keyId: string;
  name: string;
  roles: Role[];
  /** SHA-256 of the whole key, hex. */
  secretHash: string;
  /** The partner a partner key is scoped to. */
  tenantId: string | null;
  /** The client a client key is scoped to. */
  clientId: string | null;
}>;
export type ApiKeyRevoked = DomainEvent<'ApiKeyRevoked', { keyId: string }>;
export type ApiKeyEvent = ApiKeyIssued | ApiKeyRevoked;
export const API_KEY_EVENT_TYPES: ApiKeyEvent['type'][] = ['ApiKeyIssued', 'ApiKeyRevoked'];
