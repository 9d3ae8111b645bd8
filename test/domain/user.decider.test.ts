import { describe, expect, it } from 'vitest';
import { LOCK_OUT_MINUTES, MAX_FAILED_SIGN_INS, UserLockedError, userDecider, WrongCredentialsError, type UserCommand } from '../../src/domain/user/decider.ts';
import type { UserEvent } from '../../src/domain/user/events.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../src/core/errors.ts';
import { DeciderSpecification } from '../support/decider-spec.ts';

const spec = DeciderSpecification.for(userDecider);

const HASH = 'scrypt$32768$8$1$c2FsdA$a2V5';
const NEW_HASH = 'scrypt$32768$8$1$bmV3$bmV3a2V5';
const created: UserEvent = { type: 'UserCreated', data: { userId: 'anna', name: 'anna', roles: ['billing'], clientId: null, partnerId: null, language: 'hu', passwordHash: HASH } };
const create: UserCommand = { type: 'CreateUser', ...created.data } as UserCommand;

/** A sign-in at minute `minute` past 08:00. */
function signIn(minute: number, passwordMatches: boolean, sessionId = `s${minute}`): UserCommand {
  const at = `2026-11-02T08:${String(minute).padStart(2, '0')}:00Z`;
  return { type: 'SignIn', userId: 'anna', at, passwordMatches, checkedHash: HASH, sessionId, tokenHash: `hash-${sessionId}`, expiresAt: `2026-11-02T20:${String(minute).padStart(2, '0')}:00Z` };
}
const signedIn = (minute: number, sessionId = `s${minute}`): UserEvent => {
  const command = signIn(minute, true, sessionId) as Extract<UserCommand, { type: 'SignIn' }>;
  return { type: 'UserSignedIn', data: { userId: 'anna', sessionId, tokenHash: command.tokenHash, at: command.at, expiresAt: command.expiresAt } };
};
const failed = (minute: number, failures: number): UserEvent => ({ type: 'UserSignInFailed', data: { userId: 'anna', at: `2026-11-02T08:${String(minute).padStart(2, '0')}:00Z`, failures } });

describe('user decider', () => {
  it('creates a user with its hash, once', () => {
    spec.given([]).when(create).then([created]);
    spec.given([created]).when(create).thenThrows(ConflictError);
  });

  it('refuses a user without roles, a name that is not lower case, and scoped roles without their scope', () => {
    spec.given([]).when({ ...create, name: 'Anna', roles: [] } as UserCommand).thenThrows(ValidationError, (error) => {
      expect(error.issues.map((i) => i.field)).toEqual(['name', 'roles']);
    });
    spec.given([]).when({ ...create, roles: ['client', 'partner'] } as UserCommand).thenThrows(ValidationError, (error) => {
      expect(error.issues.map((i) => i.field)).toEqual(['partnerId', 'clientId']);
    });
  });

  it('signs in with the right password, opening a session', () => {
    spec.given([created]).when(signIn(0, true)).then([signedIn(0)]);
  });

  it(`counts failures in a row and locks the user for ${LOCK_OUT_MINUTES} minutes at the ${MAX_FAILED_SIGN_INS}th`, () => {
    const four = [1, 2, 3, 4].map((n) => failed(n, n));
    spec.given([created]).when(signIn(1, false)).then([failed(1, 1)]);
    spec.given([created, ...four]).when(signIn(5, false)).then([
      failed(5, 5),
      { type: 'UserLockedOut', data: { userId: 'anna', at: '2026-11-02T08:05:00Z', until: '2026-11-02T08:20:00Z' } },
    ]);
  });

  it('refuses every sign-in while locked, the right password too, and records nothing', () => {
    const locked = [created, ...[1, 2, 3, 4, 5].map((n) => failed(n, n)), { type: 'UserLockedOut', data: { userId: 'anna', at: '2026-11-02T08:05:00Z', until: '2026-11-02T08:20:00Z' } } as UserEvent];
    spec.given(locked).when(signIn(19, true)).thenThrows(UserLockedError, (error) => expect(error.until).toBe('2026-11-02T08:20:00Z'));
    // Once the lock is over: the right password signs in; a wrong one starts counting again from one.
    spec.given(locked).when(signIn(20, true)).then([signedIn(20)]);
    spec.given(locked).when(signIn(21, false)).then([failed(21, 1)]);
    spec.given([...locked, failed(21, 1)]).when(signIn(22, false)).then([failed(22, 2)]);
  });

  it('starts counting again after a success', () => {
    spec.given([created, failed(1, 1), failed(2, 2), failed(3, 3), failed(4, 4), signedIn(5)]).when(signIn(6, false)).then([failed(6, 1)]);
  });

  it('fails a sign-in whose password was checked against a hash replaced meanwhile', () => {
    const changed: UserEvent = { type: 'UserPasswordChanged', data: { userId: 'anna', passwordHash: NEW_HASH } };
    spec.given([created, changed]).when(signIn(1, true)).then([failed(1, 1)]);
  });

  it('tells an unknown or a disabled user what it tells a wrong password', () => {
    spec.given([]).when(signIn(0, true)).thenThrows(WrongCredentialsError);
    spec.given([created, { type: 'UserDisabled', data: { userId: 'anna' } }]).when(signIn(0, true)).thenThrows(WrongCredentialsError, (error) => {
      expect(error.message).toBe(new WrongCredentialsError().message);
    });
  });

  it('ends every open session when the user is disabled, and only the sessions not expired', () => {
    const old: UserEvent = { type: 'UserSignedIn', data: { userId: 'anna', sessionId: 'old', tokenHash: 'h-old', at: '2026-11-01T07:00:00Z', expiresAt: '2026-11-01T19:00:00Z' } };
    spec.given([created, old, signedIn(0, 'a'), signedIn(1, 'b')]).when({ type: 'DisableUser', userId: 'anna', at: '2026-11-02T09:00:00Z' }).then([
      { type: 'UserDisabled', data: { userId: 'anna' } },
      { type: 'UserSignedOut', data: { userId: 'anna', sessionId: 'a', at: '2026-11-02T09:00:00Z', reason: 'disabled' } },
      { type: 'UserSignedOut', data: { userId: 'anna', sessionId: 'b', at: '2026-11-02T09:00:00Z', reason: 'disabled' } },
    ]);
    spec.given([created, { type: 'UserDisabled', data: { userId: 'anna' } }]).when({ type: 'DisableUser', userId: 'anna', at: '2026-11-02T09:00:00Z' }).thenNothingHappens();
    spec.given([]).when({ type: 'DisableUser', userId: 'anna', at: '2026-11-02T09:00:00Z' }).thenThrows(NotFoundError);
  });

  it('enables a disabled user, and nothing else', () => {
    const disabled: UserEvent = { type: 'UserDisabled', data: { userId: 'anna' } };
    spec.given([created, disabled]).when({ type: 'EnableUser', userId: 'anna' }).then([{ type: 'UserEnabled', data: { userId: 'anna' } }]);
    spec.given([created]).when({ type: 'EnableUser', userId: 'anna' }).thenNothingHappens();
    spec.given([created, disabled, { type: 'UserEnabled', data: { userId: 'anna' } }]).when(signIn(0, true)).then([signedIn(0)]);
  });

  it('changes the password, ends the sessions opened with the old one and lifts a lock', () => {
    const locked = [created, signedIn(0, 'a'), ...[1, 2, 3, 4, 5].map((n) => failed(n, n)), { type: 'UserLockedOut', data: { userId: 'anna', at: '2026-11-02T08:05:00Z', until: '2026-11-02T08:20:00Z' } } as UserEvent];
    const change: UserCommand = { type: 'ChangeUserPassword', userId: 'anna', passwordHash: NEW_HASH, at: '2026-11-02T08:06:00Z' };
    const changed: UserEvent = { type: 'UserPasswordChanged', data: { userId: 'anna', passwordHash: NEW_HASH } };
    spec.given(locked).when(change).then([changed, { type: 'UserSignedOut', data: { userId: 'anna', sessionId: 'a', at: '2026-11-02T08:06:00Z', reason: 'password-changed' } }]);
    const after = { ...signIn(7, true), checkedHash: NEW_HASH } as UserCommand;
    spec.given([...locked, changed]).when(after).then([signedIn(7)]);
  });

  it('signs a session out once', () => {
    const out: UserCommand = { type: 'SignOut', userId: 'anna', sessionId: 'a', at: '2026-11-02T09:00:00Z', reason: 'signed-out' };
    spec.given([created, signedIn(0, 'a')]).when(out).then([{ type: 'UserSignedOut', data: { userId: 'anna', sessionId: 'a', at: '2026-11-02T09:00:00Z', reason: 'signed-out' } }]);
    spec.given([created, signedIn(0, 'a'), { type: 'UserSignedOut', data: { userId: 'anna', sessionId: 'a', at: '2026-11-02T09:00:00Z', reason: 'signed-out' } }]).when(out).thenNothingHappens();
    spec.given([created]).when({ ...out, sessionId: '__proto__' } as UserCommand).thenNothingHappens();
  });
});
