/** API keys by id, looked up by the hash of the presented key on every request. */
import { documentProjection } from '../src/processing/projection.ts';
import { API_KEY_EVENT_TYPES, type ApiKeyEvent, type Role } from '../src/domain/api-key/events.ts';

export const API_KEYS = 'api_keys';

export interface ApiKeyDocument {
  [key: string]: unknown;
  id: string;
  name: string;
  roles: Role[];
  secretHash: string;
  tenantId: string | null;
  clientId: string | null;
  revoked: boolean;
  createdAt: string;
}

export const apiKeysProjection = documentProjection<ApiKeyDocument>({
  name: 'api-keys',
  version: 1,
  collection: { name: API_KEYS, indexes: ['secretHash'] },
  handles: API_KEY_EVENT_TYPES,
  documentId: (event) => (event.data as { keyId: string }).keyId,
  evolve(document, recorded) {
    const event = recorded as unknown as ApiKeyEvent;
    switch (event.type) {
      case 'ApiKeyIssued': {
        const { keyId, ...rest } = event.data;
        return { id: keyId, ...rest, revoked: false, createdAt: recorded.metadata.recordedAt };
      }
      case 'ApiKeyRevoked':
        return document && { ...document, revoked: true };
      default:
        return document;
    }
  },
});
