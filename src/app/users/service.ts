/**
 * People who sign in: created, disabled, enabled and given a new password by an admin; their
 * sign-in (a session: a random token in a cookie, its SHA-256 in `user_sessions`), sign-out and
 * the session behind each request a browser sends. A user's id is its name (one stream per name,
 * so a name is never given twice, and `user:<name>` in the log always means the same person).
 */
import { timingSafeEqual } from 'node:crypto';
import { Temporal } from 'temporal-polyfill';
import { handleCommand, loadAggregate, type CommandContext } from '../command-handler.ts';
import { NotFoundError, ValidationError } from '../../core/errors.ts';
import { deterministicId, uuidv7 } from '../../core/ids.ts';
import { streams } from '../../domain/streams.ts';
import type { Role } from '../../domain/api-key/events.ts';
import { afterFailedSignIn, lockInForce, USER_NAME, UserLockedError, userDecider, WrongCredentialsError, type SignInFailures } from '../../domain/user/decider.ts';
import type { UserSignedOut } from '../../domain/user/events.ts';
import { availableLanguages, primaryLanguage } from '../../i18n/translator.ts';
import type { ReadStore } from '../../readstore/port.ts';
import { USER_SESSIONS, USERS, type UserDocument, type UserSessionDocument } from '../../../projections/users.projection.ts';
import type { AppDeps } from '../deps.ts';
import { checkPasswordPolicy, csrfTokenOf, hashPassword, newSessionToken, standInHash, tokenHashOf, verifyPassword } from './passwords.ts';

/** The user as a session shows it: who is signed in, what they may do, in which language. */
export interface SessionUser {
  id: string;
  name: string;
  roles: Role[];
  clientId: string | null;
  partnerId: string | null;
  language: string;
}

export interface SessionView {
  user: SessionUser;
  /** Sent back in `X-CSRF-Token` with every change. */
  csrfToken: string;
  /** When the session ends unless a request comes first (idle timeout), or its absolute end if sooner. */
  expiresAt: string;
}

export type SessionLookup =
  | { status: 'valid'; sessionId: string; user: UserDocument; view: SessionView }
  | { status: 'expired' }
  | { status: 'none' };

/** The actor the log records for a user's requests. */
export function userActor(userId: string): string {
  return `user:${userId}`;
}

/** The user id of a user name, or null for a name no user can have. */
function userIdOf(name: string): string | null {
  const normalized = name.normalize('NFC').trim().toLowerCase();
  return USER_NAME.test(normalized) ? normalized : null;
}

function languageOf(deps: AppDeps, language: string | null | undefined): string {
  const languages = availableLanguages();
  if (language === null || language === undefined) {
    const operators = primaryLanguage(deps.config.language);
    return languages.includes(operators) ? operators : 'en';
  }
  if (!languages.includes(language)) throw ValidationError.field('language', `one of ${languages.join(', ')}`);
  return language;
}

async function userDocument(deps: AppDeps, userId: string): Promise<UserDocument> {
  const document = (await deps.readStore.get(USERS, userId)) as UserDocument | null;
  if (!document) throw new NotFoundError(`user ${userId} does not exist`);
  return document;
}

/** A user by its name (which is its id; any case). */
export async function findUser(deps: AppDeps, name: string): Promise<UserDocument> {
  const userId = userIdOf(name);
  if (!userId) throw new NotFoundError(`user ${name} does not exist`);
  return userDocument(deps, userId);
}

export interface NewUser {
  name: string;
  password: string;
  roles: Role[];
  clientId?: string | null;
  partnerId?: string | null;
  language?: string | null;
}

export async function createUser(deps: AppDeps, request: NewUser, context: CommandContext): Promise<UserDocument> {
  if (!USER_NAME.test(request.name)) throw ValidationError.field('name', 'lower-case letters, digits and . _ @ -, starting with a letter or digit, at most 64 characters');
  checkPasswordPolicy(request.password);
  const language = languageOf(deps, request.language);
  // A scope naming nobody would open a door to nobody's data, or to whoever later gets that id.
  if (request.clientId && (await deps.eventStore.readStream(streams.client(request.clientId), { limit: 1 })).length === 0) {
    throw ValidationError.field('clientId', `client ${request.clientId} does not exist`);
  }
  if (request.partnerId && (await deps.eventStore.readStream(streams.partner(request.partnerId), { limit: 1 })).length === 0) {
    throw ValidationError.field('partnerId', `partner ${request.partnerId} does not exist`);
  }
  const result = await handleCommand(deps, userDecider, streams.user(request.name), {
    type: 'CreateUser',
    userId: request.name,
    name: request.name,
    roles: request.roles,
    clientId: request.clientId ?? null,
    partnerId: request.partnerId ?? null,
    language,
    passwordHash: await hashPassword(request.password),
  }, context);
  await deps.readModelsReached(result.position);
  return userDocument(deps, request.name);
}

/** Refuses every sign-in of the user and ends its sessions. */
export async function disableUser(deps: AppDeps, name: string, context: CommandContext): Promise<UserDocument> {
  const userId = userIdOf(name);
  if (!userId) throw new NotFoundError(`user ${name} does not exist`);
  const result = await handleCommand(deps, userDecider, streams.user(userId), { type: 'DisableUser', userId, at: deps.clock.now().toString() }, context);
  await deps.readModelsReached(result.position);
  return userDocument(deps, userId);
}

export async function enableUser(deps: AppDeps, name: string, context: CommandContext): Promise<UserDocument> {
  const userId = userIdOf(name);
  if (!userId) throw new NotFoundError(`user ${name} does not exist`);
  const result = await handleCommand(deps, userDecider, streams.user(userId), { type: 'EnableUser', userId }, context);
  await deps.readModelsReached(result.position);
  return userDocument(deps, userId);
}

/** Sets a new password; the user's sessions end (whoever knew the old one is signed out) and a lock-out is lifted. */
export async function changeUserPassword(deps: AppDeps, name: string, password: string, context: CommandContext): Promise<void> {
  const userId = userIdOf(name);
  if (!userId) throw new NotFoundError(`user ${name} does not exist`);
  checkPasswordPolicy(password);
  const passwordHash = await hashPassword(password);
  const result = await handleCommand(deps, userDecider, streams.user(userId), { type: 'ChangeUserPassword', userId, passwordHash, at: deps.clock.now().toString() }, context);
  await deps.readModelsReached(result.position);
}

function sessionUser(document: UserDocument): SessionUser {
  return { id: document.id, name: document.name, roles: document.roles, clientId: document.clientId, partnerId: document.partnerId, language: document.language };
}

function earlier(a: Temporal.Instant, b: Temporal.Instant): Temporal.Instant {
  return Temporal.Instant.compare(a, b) <= 0 ? a : b;
}

/**
 * Signs a person in: a new session whose token goes in the cookie (returned here once, stored
 * nowhere). Whatever is wrong (no such user, a wrong password, a disabled user) fails the same
 * way, after the same password check, so neither the answer nor its time tells which. Failures in
 * a row lock the user out for a while (UserLockedError).
 */
export async function signIn(deps: AppDeps, credentials: { user: string; password: string }): Promise<{ token: string; view: SessionView }> {
  const started = performance.now();
  try {
    return await attemptSignIn(deps, credentials);
  } catch (error) {
    // A known user's failure also records it (an append, the read models): answered no sooner than
    // an unknown name's, whose work is the password check alone, it does not tell them apart.
    if (error instanceof WrongCredentialsError || error instanceof UserLockedError) await new Promise((resolve) => setTimeout(resolve, started + FAILED_SIGN_IN_MS - performance.now()));
    throw error;
  }
}

/** Names without an active user whose failed sign-ins are counted (in memory: nothing of theirs is an event); beyond, the oldest are forgotten. */
const MAX_NAMES_COUNTED = 10_000;
const failuresOfNames = new WeakMap<AppDeps, Map<string, SignInFailures>>();

/**
 * A sign-in as a name nobody has (or a disabled user's) fails as a wrong password does, and the
 * same number of failures in a row locks it out for as long as a user's: otherwise the lock-out
 * (423 after five tries) would tell which names are users.
 */
function failForName(deps: AppDeps, name: string, at: string): never {
  let names = failuresOfNames.get(deps);
  if (!names) failuresOfNames.set(deps, (names = new Map()));
  const known = names.get(name) ?? { failures: 0, lockedUntil: null };
  const locked = lockInForce(known, at);
  if (locked) throw new UserLockedError(locked);
  const next = afterFailedSignIn(known, at);
  names.delete(name);
  names.set(name, next);
  while (names.size > MAX_NAMES_COUNTED) names.delete(names.keys().next().value!);
  if (next.lockedUntil) throw new UserLockedError(next.lockedUntil);
  throw new WrongCredentialsError();
}

/** The least time a failed sign-in is answered in: more than the work of any failure on an unloaded machine. */
const FAILED_SIGN_IN_MS = 300;

async function attemptSignIn(deps: AppDeps, credentials: { user: string; password: string }): Promise<{ token: string; view: SessionView }> {
  const userId = userIdOf(credentials.user);
  const { state } = userId ? await loadAggregate(deps.eventStore, userDecider, streams.user(userId)) : { state: userDecider.initialState() };
  const checkedHash = state.status === 'none' ? await standInHash() : state.passwordHash;
  const passwordMatches = await verifyPassword(credentials.password, checkedHash);
  const now = deps.clock.now();
  if (state.status !== 'active' || !userId) failForName(deps, userId ?? credentials.user.toLowerCase(), now.toString());

  const token = newSessionToken();
  const expiresAt = now.add({ hours: deps.config.sessionMaxHours });
  const result = await handleCommand(deps, userDecider, streams.user(userId), {
    type: 'SignIn', userId, at: now.toString(), passwordMatches, checkedHash,
    sessionId: uuidv7(deps.clock), tokenHash: tokenHashOf(token), expiresAt: expiresAt.toString(),
  }, { commandId: uuidv7(deps.clock), actor: passwordMatches ? userActor(userId) : 'anonymous' });
  await deps.readModelsReached(result.position);
  for (const event of result.events) if (event.type === 'UserLockedOut') throw new UserLockedError(event.data.until);
  if (!result.events.some((event) => event.type === 'UserSignedIn')) throw new WrongCredentialsError();
  const user = await userDocument(deps, userId);
  return { token, view: { user: sessionUser(user), csrfToken: csrfTokenOf(token), expiresAt: earlier(expiresAt, now.add({ minutes: deps.config.sessionIdleMinutes })).toString() } };
}

/**
 * Last requests are written at most once a minute per session (a tenth of an idle timeout under
 * ten minutes): the idle timeout is then up to that step longer than set (never shorter:
 * `sessionOf` adds the step), and a busy console costs one write a minute, not one per request.
 */
const ACTIVITY_STEP_MS = 60_000;

/** The step for an idle timeout: a minute, or a tenth of a shorter timeout (so the grace stays small beside it). */
const activityStepMs = (idleMinutes: number) => Math.min(ACTIVITY_STEP_MS, (idleMinutes * 60_000) / 10);
/**
 * When each session last saw a request: not an event (it would be one per request) and not part
 * of a read model (those are rebuilt from events alone), but a collection of its own.
 */
export const USER_SESSION_ACTIVITY = 'user_session_activity';
const ensured = new WeakMap<ReadStore, Promise<void>>();

async function activityCollection(readStore: ReadStore): Promise<void> {
  let ready = ensured.get(readStore);
  if (!ready) {
    ready = readStore.ensureCollection({ name: USER_SESSION_ACTIVITY, indexes: [] });
    ensured.set(readStore, ready);
  }
  await ready;
}

/**
 * The session a token opens, as of now: valid (and then its last request is now), expired (idle
 * too long, or past its absolute end: recorded as ended), or none (unknown, signed out, or its
 * user disabled).
 */
export async function sessionOf(deps: AppDeps, token: string): Promise<SessionLookup> {
  const tokenHash = tokenHashOf(token);
  const found = (await deps.readStore.find(USER_SESSIONS, { tokenHash }, { limit: 1 })).items[0] as UserSessionDocument | undefined;
  // The lookup was by hash; compare in constant time anyway so that no timing tells how close a guess was.
  if (!found || !timingSafeEqual(Buffer.from(found.tokenHash, 'hex'), Buffer.from(tokenHash, 'hex'))) return { status: 'none' };
  if (found.endedAt !== null) return { status: found.endReason === 'expired' ? 'expired' : 'none' };
  const user = (await deps.readStore.get(USERS, found.userId)) as UserDocument | null;
  if (!user || user.disabled) return { status: 'none' };

  await activityCollection(deps.readStore);
  const now = deps.clock.now();
  const activity = (await deps.readStore.get(USER_SESSION_ACTIVITY, found.id)) as { lastSeenAt: string } | null;
  const lastSeen = Temporal.Instant.from(activity?.lastSeenAt ?? found.startedAt);
  // The last request may be up to a step after the one recorded: the step is added, so a session
  // never ends sooner than its idle timeout after its last request (at most a step later).
  const ends = earlier(Temporal.Instant.from(found.expiresAt), lastSeen.add({ minutes: deps.config.sessionIdleMinutes, milliseconds: activityStepMs(deps.config.sessionIdleMinutes) }));
  if (Temporal.Instant.compare(now, ends) >= 0) {
    // Recorded once, whoever notices first (the command id is the session's): the log shows when it ended.
    await endSession(deps, found, 'expired', ends.toString(), { commandId: deterministicId('session-expired', found.id), actor: 'system:sessions' });
    return { status: 'expired' };
  }
  if (now.epochMilliseconds - lastSeen.epochMilliseconds >= activityStepMs(deps.config.sessionIdleMinutes)) {
    await deps.readStore.transact(async (uow) => uow.put(USER_SESSION_ACTIVITY, found.id, { lastSeenAt: now.toString() }));
  }
  const expiresAt = earlier(Temporal.Instant.from(found.expiresAt), now.add({ minutes: deps.config.sessionIdleMinutes }));
  return { status: 'valid', sessionId: found.id, user, view: { user: sessionUser(user), csrfToken: csrfTokenOf(token), expiresAt: expiresAt.toString() } };
}

async function endSession(deps: AppDeps, session: Pick<UserSessionDocument, 'id' | 'userId'>, reason: UserSignedOut['data']['reason'] & ('signed-out' | 'expired'), at: string, context: CommandContext): Promise<number | null> {
  const result = await handleCommand(deps, userDecider, streams.user(session.userId), { type: 'SignOut', userId: session.userId, sessionId: session.id, at, reason }, context);
  return result.position;
}

/** Ends a valid session (the user signs out); the token opens nothing once this returns. */
export async function signOut(deps: AppDeps, session: { sessionId: string; user: Pick<UserDocument, 'id'> }): Promise<void> {
  const position = await endSession(deps, { id: session.sessionId, userId: session.user.id }, 'signed-out', deps.clock.now().toString(), {
    commandId: uuidv7(deps.clock), actor: userActor(session.user.id),
  });
  await deps.readModelsReached(position);
}
