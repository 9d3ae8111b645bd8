/**
 * A service point's RADIUS credentials: the password (PAP/CHAP/MS-CHAPv2) of one of its
 * identifiers that is a user name. Events of the service point's own stream, beside its details:
 * set (user name and the sealed password, never the clear one) and cleared. The identifier must
 * belong to the point when the credentials are set; the default is the first of its identifiers
 * that is neither an E.164 number nor a MAC address.
 */
import type { Decider } from '../../core/decider.ts';
import type { EntityCommand, EntityEvent, EntityState } from '../../core/entity-decider.ts';
import { NotFoundError, ValidationError } from '../../core/errors.ts';
import { servicePointDecider, type ServicePointDetails } from './decider.ts';
import { normalizeIdentifier } from './identifiers.ts';

export const CREDENTIALS_SET = 'ServicePointCredentialsSet';
export const CREDENTIALS_CLEARED = 'ServicePointCredentialsCleared';

export interface Credentials {
  /** A user-name identifier of the point, normalized. */
  userName: string;
  /** The password, sealed (`v1:…`). */
  sealed: string;
}

export interface CredentialsState {
  point: EntityState<ServicePointDetails>;
  credentials: Credentials | null;
}

/**
 * The details of an entity command may carry `credentials`: set (a value), cleared (null) or
 * left alone (absent), so a service-points.csv row with a password column changes both at once.
 */
export type PointWithCredentials = ServicePointDetails & { credentials?: Credentials | null };

export type CredentialsCommand =
  | EntityCommand<PointWithCredentials>
  | { type: 'SetCredentials'; id: string; credentials: Credentials }
  | { type: 'ClearCredentials'; id: string };

const SEALED = /^v\d+:[A-Za-z0-9+/]+=*$/;

/** The identifier a password belongs to when none is named: the first user name among them. */
export function defaultUserName(identifiers: readonly string[]): string | null {
  for (const identifier of identifiers) {
    const parsed = normalizeIdentifier(identifier);
    if (!('problem' in parsed) && parsed.kind === 'username') return parsed.value;
  }
  return null;
}

function setEvents(state: CredentialsState, id: string, credentials: Credentials): EntityEvent[] {
  if (!state.point.exists) throw new NotFoundError(`service point ${id} does not exist`);
  const parsed = normalizeIdentifier(credentials.userName);
  if ('problem' in parsed || parsed.kind !== 'username' || !state.point.details.identifiers.includes(parsed.value)) {
    throw ValidationError.field('userName', `${JSON.stringify(credentials.userName)} is not a user-name identifier of service point ${id} (its identifiers: ${state.point.details.identifiers.join(', ') || 'none'})`);
  }
  if (!SEALED.test(credentials.sealed)) throw ValidationError.field('password', 'must be sealed before it is stored');
  const current = state.credentials;
  if (current && current.userName === parsed.value && current.sealed === credentials.sealed) return [];
  return [{ type: CREDENTIALS_SET, data: { servicePointId: id, userName: parsed.value, sealed: credentials.sealed } }];
}

function clearEvents(state: CredentialsState, id: string): EntityEvent[] {
  if (!state.point.exists) throw new NotFoundError(`service point ${id} does not exist`);
  return state.credentials ? [{ type: CREDENTIALS_CLEARED, data: { servicePointId: id, userName: state.credentials.userName } }] : [];
}

export const credentialsDecider: Decider<CredentialsState, CredentialsCommand, EntityEvent> = {
  initialState: () => ({ point: servicePointDecider.initialState(), credentials: null }),
  evolve(state, event) {
    if (event.type === CREDENTIALS_SET) {
      const data = event.data as { userName: string; sealed: string };
      return { ...state, credentials: { userName: data.userName, sealed: data.sealed } };
    }
    if (event.type === CREDENTIALS_CLEARED) return { ...state, credentials: null };
    return { ...state, point: servicePointDecider.evolve(state.point, event) };
  },
  decide(command, state) {
    if (command.type === 'SetCredentials') return setEvents(state, command.id, command.credentials);
    if (command.type === 'ClearCredentials') return clearEvents(state, command.id);
    // The details and the credentials of one row: the details first, the credentials against the point they leave.
    const { credentials, ...details } = command.details;
    const events = servicePointDecider.decide({ ...command, details }, state.point);
    if (credentials === undefined) return events;
    const after = events.reduce((s, e) => credentialsDecider.evolve(s, e), state);
    return [...events, ...(credentials === null ? clearEvents(after, command.id) : setEvents(after, command.id, credentials))];
  },
};
