/**
 * People who sign in (`users`, without their password hash: sign-in reads the user's stream) and
 * their sessions (`user_sessions`, looked up by the SHA-256 of the session token on every request
 * a browser sends).
 */
import { documentProjection, projectionGroup } from '../src/processing/projection.ts';
import type { RecordedEvent } from '../src/eventstore/port.ts';
import type { Role } from '../src/domain/api-key/events.ts';
import { USER_EVENT_TYPES, type SessionEndReason, type UserEvent } from '../src/domain/user/events.ts';

export const USERS = 'users';
export const USER_SESSIONS = 'user_sessions';

export interface UserDocument {
  [key: string]: unknown;
  id: string;
  name: string;
  roles: Role[];
  clientId: string | null;
  partnerId: string | null;
  language: string;
  disabled: boolean;
  /** Until when sign-ins are refused after failures in a row (ISO instant), or null. */
  lockedUntil: string | null;
  /** Failed sign-ins in a row since the last success. */
  failedSignIns: number;
  lastSignInAt: string | null;
  createdAt: string;
}

export interface UserSessionDocument {
  [key: string]: unknown;
  /** The session id. */
  id: string;
  userId: string;
  /** SHA-256 of the token (hex); the token is only in the user's cookie. */
  tokenHash: string;
  startedAt: string;
  /** The latest the session lasts, however active. */
  expiresAt: string;
  endedAt: string | null;
  endReason: SessionEndReason | null;
}

export const usersDocuments = documentProjection<UserDocument>({
  name: 'users',
  version: 1,
  collection: { name: USERS, indexes: [] },
  handles: USER_EVENT_TYPES.filter((type) => type !== 'UserSignedOut'),
  creates: ['UserCreated'],
  documentId: (event) => (event.data as { userId: string }).userId,
  evolve(document, recorded) {
    const event = recorded as unknown as UserEvent;
    if (event.type === 'UserCreated') {
      const { userId, passwordHash: _never, ...rest } = event.data;
      return { id: userId, ...rest, disabled: false, lockedUntil: null, failedSignIns: 0, lastSignInAt: null, createdAt: recorded.metadata.recordedAt };
    }
    if (!document) return null;
    switch (event.type) {
      case 'UserDisabled':
        return { ...document, disabled: true };
      case 'UserEnabled':
        return { ...document, disabled: false };
      case 'UserPasswordChanged':
        return { ...document, failedSignIns: 0, lockedUntil: null };
      case 'UserSignedIn':
        return { ...document, failedSignIns: 0, lockedUntil: null, lastSignInAt: event.data.at };
      case 'UserSignInFailed':
        return { ...document, failedSignIns: event.data.failures, lockedUntil: null };
      case 'UserLockedOut':
        return { ...document, lockedUntil: event.data.until };
      default:
        return document;
    }
  },
});

const sessionId = (event: RecordedEvent) => (event.data as { sessionId: string }).sessionId;

export const userSessionsDocuments = documentProjection<UserSessionDocument>({
  name: 'user-sessions',
  version: 1,
  collection: { name: USER_SESSIONS, indexes: ['tokenHash', 'userId'] },
  handles: ['UserSignedIn', 'UserSignedOut'],
  creates: ['UserSignedIn'],
  documentId: sessionId,
  evolve(document, recorded) {
    const event = recorded as unknown as UserEvent;
    switch (event.type) {
      case 'UserSignedIn': {
        const { sessionId: id, userId, tokenHash, at, expiresAt } = event.data;
        return { id, userId, tokenHash, startedAt: at, expiresAt, endedAt: null, endReason: null };
      }
      case 'UserSignedOut':
        return document && { ...document, endedAt: event.data.at, endReason: event.data.reason };
      default:
        return document;
    }
  },
});

/** Both read models from the users' events, in one pass. */
export const usersProjection = projectionGroup('users', [usersDocuments, userSessionsDocuments]);
