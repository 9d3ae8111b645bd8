import { createHash, randomBytes } from 'node:crypto';
import type { Decider } from '../../core/decider.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../core/errors.ts';
import { streamName } from '../../core/streams.ts';
import { ROLES, type ApiKeyEvent, type Role } from './events.ts';

export type ApiKeyState = { status: 'none' } | { status: 'active' | 'revoked'; keyId: string };

export type ApiKeyCommand =
  | { type: 'IssueApiKey'; keyId: string; name: string; roles: Role[]; secretHash: string; tenantId: string | null; clientId: string | null }
  | { type: 'RevokeApiKey'; keyId: string };

export const apiKeyDecider: Decider<ApiKeyState, ApiKeyCommand, ApiKeyEvent> = {
  initialState: () => ({ status: 'none' }),
  evolve(state, event) {
    switch (event.type) {
      case 'ApiKeyIssued':
        return { status: 'active', keyId: event.data.keyId };
      case 'ApiKeyRevoked':
        return state.status === 'none' ? state : { ...state, status: 'revoked' };
      default: {
        const exhaustive: never = event;
        return exhaustive;
      }
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'IssueApiKey': {
        if (state.status !== 'none') throw new ConflictError(`API key ${command.keyId} exists`);
        const invalid = command.roles.filter((r) => !ROLES.includes(r));
        if (invalid.length || command.roles.length === 0) throw ValidationError.field('roles', `one or more of ${ROLES.join(', ')}`);
        // Partner and client keys see only their own tenant or client: without the scope they would see everything.
        if (command.roles.includes('partner') && !command.tenantId) throw ValidationError.field('tenantId', 'a partner key needs the partner it is scoped to');
        if (command.roles.includes('client') && !command.clientId) throw ValidationError.field('clientId', 'a client key needs the client it is scoped to');
        // A scope only the partner and client roles read: on another key it would be shown and restrict nothing.
        if (command.tenantId && !command.roles.includes('partner')) throw ValidationError.field('tenantId', 'only a partner key is scoped to a partner: give the key the role partner, or leave tenantId out');
        if (command.clientId && !command.roles.includes('client')) throw ValidationError.field('clientId', 'only a client key is scoped to a client: give the key the role client, or leave clientId out');
        const { type: _type, ...data } = command;
        return [{ type: 'ApiKeyIssued', data }];
      }
      case 'RevokeApiKey':
        if (state.status === 'none') throw new NotFoundError(`API key ${command.keyId} does not exist`);
        return state.status === 'revoked' ? [] : [{ type: 'ApiKeyRevoked', data: { keyId: command.keyId } }];
      default: {
        const exhaustive: never = command;
        return exhaustive;
      }
    }
  },
};

export function apiKeyStream(keyId: string): string {
  return streamName('apiKey', keyId);
}

/**
 * Keys are 256 random bits, so a fast hash is enough to store them safely (no dictionary to
 * guess from); a slow password hash would only slow every request.
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function generateApiKey(): string {
  return `bsk_${randomBytes(32).toString('base64url')}`;
}
