/**
 * Subscribers' RADIUS credentials: set from service-points.csv's `password` column or
 * `PUT /service-points/{id}/credentials`, sealed here before any event is made, and opened for the
 * RADIUS server from the credentials read model. Nothing returns a password: views say which user
 * name has one.
 */
import type { Decider } from '../../core/decider.ts';
import { fold } from '../../core/decider.ts';
import type { EntityCommand, EntityEvent } from '../../core/entity-decider.ts';
import type { FieldIssue } from '../../core/errors.ts';
import { NotFoundError, ValidationError } from '../../core/errors.ts';
import { handleCommand, type CommandContext } from '../command-handler.ts';
import type { AppDeps } from '../deps.ts';
import { servicePointKind, type EntityKind, type Loaded } from '../crm/commands.ts';
import { forEachDocument } from '../../readstore/port.ts';
import { streams } from '../../domain/streams.ts';
import type { ServicePointDetails } from '../../domain/service-point/decider.ts';
import { normalizeIdentifier } from '../../domain/service-point/identifiers.ts';
import { credentialsDecider, defaultUserName, type CredentialsState, type PointWithCredentials } from '../../domain/service-point/credentials.ts';
import { RADIUS_CREDENTIALS, type RadiusCredentialDocument } from '../../../projections/radius-credentials.projection.ts';
import { clearSecretProblem, sealsTheSame, secretsOf, SecretUnreadableError, type SecretBox } from '../secrets/secret-box.ts';
import { reportUnreadable, type UnreadableSecret } from './nas.ts';

export interface RadiusCredential {
  servicePointId: string;
  password: Buffer;
}

/** What the API shows of a point's credentials: the user name, never the password. */
export interface CredentialsView {
  servicePointId: string;
  userName: string | null;
  passwordSet: boolean;
}

async function loadCredentialsState(deps: AppDeps, servicePointId: string): Promise<{ state: CredentialsState; revision: number | null }> {
  const events = await deps.eventStore.readStream(streams.servicePoint(servicePointId));
  return { state: fold(credentialsDecider, events as unknown as EntityEvent[]), revision: events.length ? events[events.length - 1]!.revision : null };
}

/**
 * The credentials to store for `password` given to a point with `identifiers`: the stored sealed
 * value kept when the password and user name are the same, else the password sealed anew. An
 * issue (field `password` or `userName`) when it cannot be stored.
 */
function credentialsFor(box: SecretBox, state: CredentialsState, identifiers: readonly string[], password: string, userName: string | null): { userName: string; sealed: string } | FieldIssue {
  const problem = clearSecretProblem(password);
  if (problem) return { field: 'password', message: problem };
  const name = userName ?? defaultUserName(identifiers);
  if (name === null) return { field: 'password', message: 'the service point has no identifier that is a RADIUS user name (neither an E.164 number nor a MAC address) to log in with' };
  const current = state.credentials;
  const sealed = current && current.userName === name && sealsTheSame(box, current.sealed, password) ? current.sealed : box.seal(password);
  return { userName: name, sealed };
}

/** A service-points.csv row's details: `password` (clear, or null for none) when the file has the column. */
export type PointRow = ServicePointDetails & { password?: string | null };

const rowDecider: Decider<unknown, EntityCommand<PointRow>, EntityEvent> = {
  initialState: () => credentialsDecider.initialState(),
  evolve: (state, event) => credentialsDecider.evolve(state as CredentialsState, event),
  decide(command, state) {
    // resolve turns the clear password into sealed credentials; one left here would be stored as a detail.
    if ('password' in command.details) throw new Error('a clear password reached the service point decider');
    return credentialsDecider.decide(command as EntityCommand<PointWithCredentials>, state as CredentialsState);
  },
};

/**
 * Service points as service-points.csv imports them: the CRM kind, plus the optional `password`
 * column sealed into the point's credentials in the same append as its details.
 */
export const servicePointWithCredentialsKind: EntityKind<PointRow> = {
  ...servicePointKind,
  decider: rowDecider,
  async load(deps, id): Promise<Loaded<PointRow>> {
    const { state, revision } = await loadCredentialsState(deps, id);
    return { state, details: state.point.exists ? state.point.details : null, revision };
  },
  async resolve(deps, id, details, context) {
    const issues = await servicePointKind.resolve(deps, id, details, context);
    if (!('password' in details)) return issues;
    const password = details.password ?? null;
    delete details.password;
    const withCredentials = details as PointWithCredentials;
    if (password === null) {
      withCredentials.credentials = null;
      return issues;
    }
    const { state } = await loadCredentialsState(deps, id);
    const credentials = credentialsFor(secretsOf(deps), state, details.identifiers, password, null);
    if ('field' in credentials) return [...issues, credentials];
    withCredentials.credentials = credentials;
    return issues;
  },
};

/** Sets a point's password, for `userName` (one of its user-name identifiers) or the first of them. */
export async function setCredentials(deps: AppDeps, servicePointId: string, request: { userName?: string | null; password: string }, context: CommandContext): Promise<{ view: CredentialsView; position: number | null; revision: number | null }> {
  const { state } = await loadCredentialsState(deps, servicePointId);
  if (!state.point.exists) throw new NotFoundError(`service point ${servicePointId} does not exist`);
  let userName: string | null = null;
  if (request.userName) {
    const parsed = normalizeIdentifier(request.userName);
    if ('problem' in parsed) throw ValidationError.field('userName', parsed.problem);
    userName = parsed.value;
  }
  const credentials = credentialsFor(secretsOf(deps), state, state.point.details.identifiers, request.password, userName);
  if ('field' in credentials) throw ValidationError.field(credentials.field, credentials.message);
  const result = await handleCommand(deps, credentialsDecider, streams.servicePoint(servicePointId), { type: 'SetCredentials', id: servicePointId, credentials }, context);
  return { view: viewOf(servicePointId, result.state), position: result.position, revision: result.revision };
}

export async function clearCredentials(deps: AppDeps, servicePointId: string, context: CommandContext) {
  return handleCommand(deps, credentialsDecider, streams.servicePoint(servicePointId), { type: 'ClearCredentials', id: servicePointId }, context);
}

export async function credentialsOf(deps: AppDeps, servicePointId: string): Promise<CredentialsView> {
  const { state } = await loadCredentialsState(deps, servicePointId);
  if (!state.point.exists) throw new NotFoundError(`service point ${servicePointId} does not exist`);
  return viewOf(servicePointId, state);
}

function viewOf(servicePointId: string, state: CredentialsState): CredentialsView {
  return { servicePointId, userName: state.credentials?.userName ?? null, passwordSet: state.credentials !== null };
}

/**
 * The service point and password of a RADIUS user name (normalized as identifiers are), or null
 * when no active point has credentials for it. A password sealed with another key throws, naming
 * the service point.
 */
export async function loadCredential(deps: AppDeps, userName: string): Promise<RadiusCredential | null> {
  const parsed = normalizeIdentifier(userName);
  if ('problem' in parsed) return null;
  const document = (await deps.readStore.get(RADIUS_CREDENTIALS, parsed.value)) as RadiusCredentialDocument | null;
  if (!document) return null;
  try {
    return { servicePointId: document.servicePointId, password: secretsOf(deps).open(document.sealed) };
  } catch (error) {
    if (!(error instanceof SecretUnreadableError)) throw error;
    reportUnreadable('service point', [{ id: document.servicePointId, reason: error.message }], undefined);
    return null;
  }
}

/**
 * Every credential, by normalized user name, for the server's in-memory directory. Passwords that
 * do not open stop the load naming every such service point, unless `onUnreadable` is given: then
 * those are left out and reported one by one.
 */
export async function loadAllCredentials(deps: AppDeps, options: { onUnreadable?: (failure: UnreadableSecret) => void } = {}): Promise<Map<string, RadiusCredential>> {
  const box = secretsOf(deps);
  const credentials = new Map<string, RadiusCredential>();
  const failures: UnreadableSecret[] = [];
  await forEachDocument<RadiusCredentialDocument>(deps.readStore, RADIUS_CREDENTIALS, {}, (document) => {
    try {
      credentials.set(document.id, { servicePointId: document.servicePointId, password: box.open(document.sealed) });
    } catch (error) {
      if (!(error instanceof SecretUnreadableError)) throw error;
      failures.push({ id: document.servicePointId, reason: error.message });
    }
  });
  reportUnreadable('service point', failures, options.onUnreadable);
  return credentials;
}
