/**
 * NAS clients (network access servers: BRAS, WiFi controllers, VoIP gateways): who may send
 * RADIUS requests, from which address, with which shared secret. Registered, changed and removed
 * like the CRM entities (the generic entity decider), plus removal; a removed NAS may be
 * registered again under its id (a re-imported file brings it back).
 *
 * The secret is sealed before it reaches the decider (src/app/secrets): events hold only the
 * sealed form, and a clear secret in the details is refused, so no path can store one.
 */
import { entityDecider, type EntityCommand, type EntityEvent, type EntityState } from '../../core/entity-decider.ts';
import type { Decider } from '../../core/decider.ts';
import { NotFoundError } from '../../core/errors.ts';
import { streamName } from '../../core/streams.ts';
import { idProblem, Issues } from '../../core/validate.ts';
import { parseNasAddress } from './address.ts';

export type MessageAuthenticatorPolicy = 'yes' | 'auto';
export const MESSAGE_AUTHENTICATOR_POLICIES: readonly MessageAuthenticatorPolicy[] = ['yes', 'auto'];

export interface NasDetails {
  name: string;
  /** Canonical IP address or CIDR block (address.ts). */
  address: string;
  /** Sealed (`v1:…`), never the clear secret. */
  secret: string;
  /** `yes`: every Access-Request must carry a Message-Authenticator; `auto`: required once the NAS has sent one. */
  requireMessageAuthenticator: MessageAuthenticatorPolicy;
}

export const NAS_REGISTERED = 'NasRegistered';
export const NAS_CHANGED = 'NasChanged';
export const NAS_REMOVED = 'NasRemoved';

export const nasStream = (nasId: string) => streamName('nas', nasId);

export const MAX_NAS_NAME = 200;
const NAS_FIELDS: readonly string[] = ['name', 'address', 'secret', 'requireMessageAuthenticator'] satisfies (keyof NasDetails)[];
/** What a sealed secret looks like; the clear secret's own rules are checked before sealing (src/app/radius/nas.ts). */
const SEALED = /^v\d+:[A-Za-z0-9+/]+=*$/;

export function nasIssues(details: NasDetails, id: string) {
  const issues = new Issues();
  issues.check('id', idProblem(id));
  // A field of a request or import that was not turned into a stored one (a clear secret) must not be stored as it is.
  for (const key of Object.keys(details)) if (!NAS_FIELDS.includes(key)) issues.check(key, 'is not a field of a NAS');
  if (issues.require('name', details.name?.trim()) && details.name.length > MAX_NAS_NAME) issues.check('name', `is longer than ${MAX_NAS_NAME} characters`);
  const address = parseNasAddress(details.address ?? '');
  if ('problem' in address) issues.check('address', address.problem);
  else if (address.text !== details.address) issues.check('address', `${details.address} is not in canonical form (${address.text})`);
  if (typeof details.secret !== 'string' || !SEALED.test(details.secret)) issues.check('secret', 'must be sealed before it is stored');
  if (!MESSAGE_AUTHENTICATOR_POLICIES.includes(details.requireMessageAuthenticator)) {
    issues.check('requireMessageAuthenticator', `must be yes or auto, not ${JSON.stringify(details.requireMessageAuthenticator)}`);
  }
  return issues.list;
}

const registry = entityDecider<NasDetails>({
  noun: 'NAS',
  registered: NAS_REGISTERED,
  changed: NAS_CHANGED,
  idKey: 'nasId',
  issues: nasIssues,
});

export type NasCommand = EntityCommand<NasDetails> | { type: 'Remove'; id: string };
export type NasState = EntityState<NasDetails>;

export const nasDecider: Decider<NasState, NasCommand, EntityEvent> = {
  initialState: registry.initialState,
  evolve(state, event) {
    return event.type === NAS_REMOVED ? registry.initialState() : registry.evolve(state, event);
  },
  decide(command, state) {
    if (command.type !== 'Remove') return registry.decide(command, state);
    if (!state.exists) throw new NotFoundError(`NAS ${command.id} does not exist`);
    return [{ type: NAS_REMOVED, data: { nasId: command.id } }];
  },
};
