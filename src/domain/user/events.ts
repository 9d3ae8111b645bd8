/**
 * People who sign in (the operator console): a name, a password hash, roles as for API keys and
 * an optional client or partner scope. The domain never sees a password, only its hash (made in
 * src/app/users/), and never a session token, only its SHA-256.
 */
import type { DomainEvent } from '../../core/decider.ts';
import type { Role } from '../api-key/events.ts';

export type UserCreated = DomainEvent<'UserCreated', {
  userId: string;
  name: string;
  roles: Role[];
  /** The client a user with the role `client` sees (as a client key's). */
  clientId: string | null;
  /** The partner a user with the role `partner` acts for (a partner key's tenant). */
  partnerId: string | null;
  /** The language the console speaks to the user: a primary language tag (`hu`). */
  language: string;
  /** scrypt, its parameters and salt with it (`scrypt$N$r$p$salt$key`). */
  passwordHash: string;
}>;
export type UserDisabled = DomainEvent<'UserDisabled', { userId: string }>;
export type UserEnabled = DomainEvent<'UserEnabled', { userId: string }>;
export type UserPasswordChanged = DomainEvent<'UserPasswordChanged', { userId: string; passwordHash: string }>;
export type UserSignedIn = DomainEvent<'UserSignedIn', {
  userId: string;
  sessionId: string;
  /** SHA-256 of the session token (hex): the token itself is only ever in the user's cookie. */
  tokenHash: string;
  /** ISO instant. */
  at: string;
  /** The latest the session can last, however active (ISO instant). */
  expiresAt: string;
}>;
export type UserSignInFailed = DomainEvent<'UserSignInFailed', {
  userId: string;
  at: string;
  /** Failed sign-ins in a row, this one included. */
  failures: number;
}>;
export type UserLockedOut = DomainEvent<'UserLockedOut', { userId: string; at: string; until: string }>;
export const SESSION_END_REASONS = ['signed-out', 'expired', 'disabled', 'password-changed'] as const;
export type SessionEndReason = (typeof SESSION_END_REASONS)[number];
export type UserSignedOut = DomainEvent<'UserSignedOut', { userId: string; sessionId: string; at: string; reason: SessionEndReason }>;

export type UserEvent =
  | UserCreated
  | UserDisabled
  | UserEnabled
  | UserPasswordChanged
  | UserSignedIn
  | UserSignInFailed
  | UserLockedOut
  | UserSignedOut;

export const USER_EVENT_TYPES: UserEvent['type'][] = [
  'UserCreated', 'UserDisabled', 'UserEnabled', 'UserPasswordChanged', 'UserSignedIn', 'UserSignInFailed', 'UserLockedOut', 'UserSignedOut',
];
