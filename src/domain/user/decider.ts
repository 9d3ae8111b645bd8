/**
 * A person's account: created, disabled and enabled by an admin, its password changed, and its
 * sign-ins, with the lock-out that makes guessing a password slow. Pure: the password arrives
 * already checked (`passwordMatches`, against the hash named in `checkedHash`), and every time
 * arrives in the command.
 */
import { Temporal } from 'temporal-polyfill';
import type { Decider } from '../../core/decider.ts';
import { BillstreamError, ConflictError, NotFoundError, ValidationError, type FieldIssue } from '../../core/errors.ts';
import { ROLES, type Role } from '../api-key/events.ts';
import type { SessionEndReason, UserEvent } from './events.ts';

/** Failed sign-ins in a row that lock a user out. */
export const MAX_FAILED_SIGN_INS = 5;
/** How long a lock-out lasts. */
export const LOCK_OUT_MINUTES = 15;

/**
 * User names, also the users' ids (one stream per name, so two admins creating the same name at
 * once create one user): lower case, so that `Anna` and `anna` are one person at sign-in.
 */
export const USER_NAME = /^[a-z0-9][a-z0-9._@-]{0,63}$/;

export type UserState =
  | { status: 'none' }
  | {
      status: 'active' | 'disabled';
      userId: string;
      passwordHash: string;
      /** Failed sign-ins in a row since the last success, lock-out or new password. */
      failures: number;
      /** Until when sign-ins are refused (ISO instant), or null. */
      lockedUntil: string | null;
      /** The sessions not ended, by id: when each expires at the latest. */
      sessions: Record<string, string>;
    };

export type UserCommand =
  | { type: 'CreateUser'; userId: string; name: string; roles: Role[]; clientId: string | null; partnerId: string | null; language: string; passwordHash: string }
  | { type: 'DisableUser'; userId: string; at: string }
  | { type: 'EnableUser'; userId: string }
  | { type: 'ChangeUserPassword'; userId: string; passwordHash: string; at: string }
  | {
      type: 'SignIn';
      userId: string;
      at: string;
      /** Whether the password given matched `checkedHash`. */
      passwordMatches: boolean;
      /** The hash the password was checked against: a password changed meanwhile makes the check stale. */
      checkedHash: string;
      sessionId: string;
      tokenHash: string;
      expiresAt: string;
    }
  | { type: 'SignOut'; userId: string; sessionId: string; at: string; reason: Extract<SessionEndReason, 'signed-out' | 'expired'> };

/** The one answer to a sign-in that fails for want of the right name, password or an enabled user: it tells nobody which. */
export class WrongCredentialsError extends BillstreamError {
  override readonly name = 'WrongCredentialsError';
  readonly status = 401;
  readonly problemType = 'wrong-credentials';
  constructor() {
    super('wrong user name or password');
  }
}

/** Sign-ins are refused until `until`, whatever the password. */
export class UserLockedError extends BillstreamError {
  override readonly name = 'UserLockedError';
  readonly status = 423;
  readonly problemType = 'user-locked';
  constructor(readonly until: string) {
    super(`too many failed sign-ins: the user is locked until ${until}`);
  }
}

const before = (a: string, b: string) => Temporal.Instant.compare(Temporal.Instant.from(a), Temporal.Instant.from(b)) < 0;

/** Failed sign-ins in a row and the lock-out they caused, of a user name. */
export interface SignInFailures {
  failures: number;
  lockedUntil: string | null;
}

/** The lock-out in force at `at` (its end), or null. */
export function lockInForce(failures: SignInFailures, at: string): string | null {
  return failures.lockedUntil !== null && before(at, failures.lockedUntil) ? failures.lockedUntil : null;
}

/**
 * One more failed sign-in at `at`: counted from zero after a lock-out that is over; the
 * MAX_FAILED_SIGN_INS-th in a row locks the name out for LOCK_OUT_MINUTES. The one rule for a
 * user's stream and for a name nobody has (or a disabled user), so the answers cannot tell them apart.
 */
export function afterFailedSignIn(state: SignInFailures, at: string): SignInFailures {
  const failures = (state.lockedUntil !== null ? 0 : state.failures) + 1;
  if (failures < MAX_FAILED_SIGN_INS) return { failures, lockedUntil: null };
  return { failures, lockedUntil: Temporal.Instant.from(at).add({ minutes: LOCK_OUT_MINUTES }).toString() };
}

function creationIssues(command: Extract<UserCommand, { type: 'CreateUser' }>): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!USER_NAME.test(command.name)) issues.push({ field: 'name', message: 'lower-case letters, digits and . _ @ -, starting with a letter or digit, at most 64 characters' });
  const invalid = command.roles.filter((r) => !ROLES.includes(r));
  if (invalid.length || command.roles.length === 0) issues.push({ field: 'roles', message: `one or more of ${ROLES.join(', ')}` });
  // As for keys: a partner or client user without its scope would see everything.
  if (command.roles.includes('partner') && !command.partnerId) issues.push({ field: 'partnerId', message: 'a partner user needs the partner it acts for' });
  if (command.roles.includes('client') && !command.clientId) issues.push({ field: 'clientId', message: 'a client user needs the client it is scoped to' });
  // A scope only the partner and client roles read: on another user it would be shown and restrict nothing.
  if (command.partnerId && !command.roles.includes('partner')) issues.push({ field: 'partnerId', message: 'only a partner user acts for a partner: give the user the role partner, or leave partnerId out' });
  if (command.clientId && !command.roles.includes('client')) issues.push({ field: 'clientId', message: 'only a client user is scoped to a client: give the user the role client, or leave clientId out' });
  return issues;
}

/** The sessions still open after `at`: expired ones are dropped, so the state holds at most a day of sign-ins. */
function openAt(sessions: Record<string, string>, at: string): Record<string, string> {
  return Object.fromEntries(Object.entries(sessions).filter(([, expiresAt]) => before(at, expiresAt)));
}

export const userDecider: Decider<UserState, UserCommand, UserEvent> = {
  initialState: () => ({ status: 'none' }),
  evolve(state, event) {
    if (event.type === 'UserCreated') {
      return { status: 'active', userId: event.data.userId, passwordHash: event.data.passwordHash, failures: 0, lockedUntil: null, sessions: {} };
    }
    if (state.status === 'none') return state;
    switch (event.type) {
      case 'UserDisabled':
        return { ...state, status: 'disabled' };
      case 'UserEnabled':
        return { ...state, status: 'active' };
      case 'UserPasswordChanged':
        // A new password lifts a lock-out: the admin who sets it has dealt with whoever was guessing.
        return { ...state, passwordHash: event.data.passwordHash, failures: 0, lockedUntil: null };
      case 'UserSignedIn':
        return { ...state, failures: 0, lockedUntil: null, sessions: { ...openAt(state.sessions, event.data.at), [event.data.sessionId]: event.data.expiresAt } };
      case 'UserSignInFailed':
        // Failures are only recorded while no lock holds: whatever lock there was is over.
        return { ...state, failures: event.data.failures, lockedUntil: null };
      case 'UserLockedOut':
        return { ...state, lockedUntil: event.data.until };
      case 'UserSignedOut': {
        const { [event.data.sessionId]: _ended, ...sessions } = state.sessions;
        return { ...state, sessions };
      }
      default: {
        const exhaustive: never = event;
        return exhaustive;
      }
    }
  },
  decide(command, state) {
    if (command.type === 'CreateUser') {
      if (state.status !== 'none') throw new ConflictError(`user ${command.userId} exists`);
      const issues = creationIssues(command);
      if (issues.length) throw new ValidationError(issues.map((i) => `${i.field}: ${i.message}`).join('; '), issues);
      const { type: _type, ...data } = command;
      return [{ type: 'UserCreated', data }];
    }
    if (command.type === 'SignIn') {
      // An unknown or disabled user is told what a wrong password is told.
      if (state.status !== 'active') throw new WrongCredentialsError();
      const locked = lockInForce(state, command.at);
      if (locked) throw new UserLockedError(locked);
      if (command.passwordMatches && command.checkedHash === state.passwordHash) {
        return [{ type: 'UserSignedIn', data: { userId: command.userId, sessionId: command.sessionId, tokenHash: command.tokenHash, at: command.at, expiresAt: command.expiresAt } }];
      }
      const next = afterFailedSignIn(state, command.at);
      const failed: UserEvent = { type: 'UserSignInFailed', data: { userId: command.userId, at: command.at, failures: next.failures } };
      if (next.lockedUntil === null) return [failed];
      return [failed, { type: 'UserLockedOut', data: { userId: command.userId, at: command.at, until: next.lockedUntil } }];
    }
    if (state.status === 'none') throw new NotFoundError(`user ${command.userId} does not exist`);
    const endSessions = (at: string, reason: SessionEndReason): UserEvent[] =>
      Object.keys(openAt(state.sessions, at)).map((sessionId) => ({ type: 'UserSignedOut', data: { userId: command.userId, sessionId, at, reason } }));
    switch (command.type) {
      case 'DisableUser':
        return state.status === 'disabled' ? [] : [{ type: 'UserDisabled', data: { userId: command.userId } }, ...endSessions(command.at, 'disabled')];
      case 'EnableUser':
        return state.status === 'active' ? [] : [{ type: 'UserEnabled', data: { userId: command.userId } }];
      case 'ChangeUserPassword':
        // Whoever knew the old password is signed out with it.
        return [{ type: 'UserPasswordChanged', data: { userId: command.userId, passwordHash: command.passwordHash } }, ...endSessions(command.at, 'password-changed')];
      case 'SignOut':
        return Object.hasOwn(state.sessions, command.sessionId)
          ? [{ type: 'UserSignedOut', data: { userId: command.userId, sessionId: command.sessionId, at: command.at, reason: command.reason } }]
          : [];
      default: {
        const exhaustive: never = command;
        return exhaustive;
      }
    }
  },
};
