/**
 * NAS clients as data: registered by `billstream import nas` and `/radius/nas`, read by the RADIUS
 * server with their secrets opened. The clear secret exists only in a request, an import row and
 * the server's memory: it is sealed here, before the decider sees the details, and the read view
 * the API shows has `secretSet` instead of the secret.
 */
import type { Decider } from '../../core/decider.ts';
import type { EntityCommand, EntityEvent } from '../../core/entity-decider.ts';
import type { FieldIssue } from '../../core/errors.ts';
import { NotFoundError } from '../../core/errors.ts';
import { handleCommand, type CommandContext } from '../command-handler.ts';
import type { AppDeps } from '../deps.ts';
import { executeEntityCommand, type EntityKind, type Loaded, type ResolveContext } from '../crm/commands.ts';
import { fold } from '../../core/decider.ts';
import { findAll } from '../../readstore/port.ts';
import type { DocumentProjection } from '../../processing/projection.ts';
import type { EntityDocument } from '../../processing/entity-projection.ts';
import { NAS_REGISTERED, nasDecider, nasStream, type MessageAuthenticatorPolicy, type NasDetails, type NasState } from '../../domain/nas/decider.ts';
import { parseNasAddress } from '../../domain/nas/address.ts';
import { NAS_CLIENTS, nasProjection, type NasDocument } from '../../../projections/nas.projection.ts';
import { clearSecretProblem, sealsTheSame, secretsOf, SecretUnreadableError } from '../secrets/secret-box.ts';

/** What the RADIUS server needs of a NAS: its secret opened, in memory only. */
export interface NasClient {
  nasId: string;
  name: string;
  /** IP address or CIDR block, canonical. */
  address: string;
  secret: Buffer;
  requireMessageAuthenticator: MessageAuthenticatorPolicy;
}

/**
 * Details as a request or an import row gives them: `clearSecret` is the new secret, if any; it
 * is sealed into `secret` by `resolve` and never reaches the decider (which refuses fields it
 * does not know).
 */
export type NasInput = NasDetails & { clearSecret?: string };

/** A NAS as the API shows it: never the secret, sealed or not. */
export interface NasView {
  id: string;
  name: string;
  address: string;
  requireMessageAuthenticator: MessageAuthenticatorPolicy;
  secretSet: true;
  revision: number;
  createdAt: string;
  updatedAt: string;
}

/** Field by field, so nothing the document gains later is shown unless added here. */
export function nasView(document: NasDocument): NasView {
  return {
    id: document.id,
    name: document.name,
    address: document.address,
    requireMessageAuthenticator: document.requireMessageAuthenticator,
    secretSet: true,
    revision: document.revision,
    createdAt: document.createdAt,
    updatedAt: document.updatedAt,
  };
}

const nasInputDecider: Decider<unknown, EntityCommand<NasInput>, EntityEvent> = {
  initialState: () => nasDecider.initialState(),
  evolve: (state, event) => nasDecider.evolve(state as NasState, event),
  decide: (command, state) => nasDecider.decide(command as EntityCommand<NasDetails>, state as NasState),
};

async function loadNas(deps: AppDeps, nasId: string): Promise<Loaded<NasInput>> {
  const events = await deps.eventStore.readStream(nasStream(nasId));
  const state = fold(nasDecider, events as unknown as EntityEvent[]);
  return { state, details: state.exists ? state.details : null, revision: events.length ? events[events.length - 1]!.revision : null };
}

/**
 * Completes a NAS's details: the address in canonical form and free (no other NAS has it, nor an
 * earlier row of the same file), and the new clear secret checked and sealed, or the stored
 * sealed secret kept when it is the same secret.
 */
async function resolveNas(deps: AppDeps, nasId: string, details: NasInput, context: ResolveContext): Promise<FieldIssue[]> {
  const issues: FieldIssue[] = [];
  const address = parseNasAddress(details.address ?? '');
  if ('problem' in address) issues.push({ field: 'address', message: address.problem });
  else {
    details.address = address.text;
    const claimKey = `nas-address:${address.text}`;
    const claimedInFile = context.claimedIdentifiers.get(claimKey);
    const owners = await findAll<NasDocument>(deps.readStore, NAS_CLIENTS, { address: address.text });
    const other = (claimedInFile && claimedInFile !== nasId ? claimedInFile : null) ?? owners.find((owner) => owner.id !== nasId)?.id;
    if (other) issues.push({ field: 'address', message: `${address.text} is already the address of NAS ${other}` });
    else context.claimedIdentifiers.set(claimKey, nasId);
  }
  if (details.clearSecret !== undefined) {
    const clear = details.clearSecret;
    delete details.clearSecret;
    const problem = clearSecretProblem(clear);
    if (problem) issues.push({ field: 'secret', message: problem });
    else {
      const box = secretsOf(deps);
      if (!sealsTheSame(box, details.secret, clear)) details.secret = box.seal(clear);
    }
  } else if (!details.secret) issues.push({ field: 'secret', message: 'is required' });
  return issues;
}

export const nasKind: EntityKind<NasInput> = {
  name: 'radius/nas',
  noun: 'NAS',
  registered: NAS_REGISTERED,
  stream: nasStream,
  decider: nasInputDecider,
  projection: nasProjection as unknown as DocumentProjection<EntityDocument>,
  load: loadNas,
  resolve: resolveNas,
};

/** Registers, changes (`Change`, `Define`) a NAS; the clear secret in `details.clearSecret`, if it changes. */
export async function saveNas(deps: AppDeps, command: EntityCommand<NasInput>, context: CommandContext) {
  return executeEntityCommand(deps, nasKind, command, context);
}

export async function removeNas(deps: AppDeps, nasId: string, context: CommandContext) {
  return handleCommand(deps, nasDecider, nasStream(nasId), { type: 'Remove', id: nasId }, context);
}

export async function readNas(deps: AppDeps, nasId: string): Promise<NasDocument> {
  const document = (await deps.readStore.get(NAS_CLIENTS, nasId)) as NasDocument | null;
  if (!document) throw new NotFoundError(`NAS ${nasId} does not exist`);
  return document;
}

/** A NAS (or service point) whose secret did not open: the server goes on without it and says which. */
export interface UnreadableSecret {
  id: string;
  reason: string;
}

/**
 * Every NAS client with its secret opened. A secret that does not open (another key) stops the
 * load with an error naming every such NAS, unless `onUnreadable` is given: then those NAS are
 * left out, each reported, and the rest served.
 */
export async function loadNasClients(deps: AppDeps, options: { onUnreadable?: (failure: UnreadableSecret) => void } = {}): Promise<NasClient[]> {
  const box = secretsOf(deps);
  const clients: NasClient[] = [];
  const failures: UnreadableSecret[] = [];
  for (const document of await findAll<NasDocument>(deps.readStore, NAS_CLIENTS, {})) {
    try {
      clients.push({ nasId: document.id, name: document.name, address: document.address, secret: box.open(document.secret), requireMessageAuthenticator: document.requireMessageAuthenticator });
    } catch (error) {
      if (!(error instanceof SecretUnreadableError)) throw error;
      failures.push({ id: document.id, reason: error.message });
    }
  }
  reportUnreadable('NAS', failures, options.onUnreadable);
  return clients;
}

/** Passes each failure to `onUnreadable`, or throws one error naming them all. */
export function reportUnreadable(noun: string, failures: UnreadableSecret[], onUnreadable: ((failure: UnreadableSecret) => void) | undefined): void {
  if (failures.length === 0) return;
  if (onUnreadable) {
    for (const failure of failures) onUnreadable(failure);
    return;
  }
  const shown = failures.slice(0, 10).map((failure) => failure.id).join(', ') + (failures.length > 10 ? ` and ${failures.length - 10} more` : '');
  throw new SecretUnreadableError(`the secret of ${noun} ${shown} cannot be decrypted: ${failures[0]!.reason}. Set BILLSTREAM_SECRET_KEY (or restore the secret.key file) the secrets were sealed with, or import them again to seal them with this key`);
}
