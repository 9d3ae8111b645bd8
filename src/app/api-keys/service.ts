/** API key use cases: issue, revoke, authenticate, and the admin key of a new installation. */
import { timingSafeEqual } from 'node:crypto';
import { handleCommand, loadAggregate, type CommandContext } from '../command-handler.ts';
import { ConflictError, ValidationError } from '../../core/errors.ts';
import { streams } from '../../domain/streams.ts';
import { deterministicId, uuidv7 } from '../../core/ids.ts';
import type { AppDeps } from '../deps.ts';
import { API_KEYS, type ApiKeyDocument } from '../../../projections/api-keys.projection.ts';
import { apiKeyDecider, apiKeyStream, generateApiKey, hashApiKey } from '../../domain/api-key/decider.ts';
import type { Role } from '../../domain/api-key/events.ts';

export interface IssuedKey {
  document: ApiKeyDocument;
  /** The secret: returned once, never stored. */
  key: string;
}

export async function issueApiKey(
  billstream: AppDeps,
  request: { name: string; roles: Role[]; tenantId?: string | null; clientId?: string | null; key?: string; keyId?: string },
  context: CommandContext,
): Promise<IssuedKey> {
  // A client key scoped to a client that does not exist would open a door to nobody's data, or to
  // the data of whoever is later created with that id.
  if (request.clientId && (await billstream.eventStore.readStream(streams.client(request.clientId), { limit: 1 })).length === 0) {
    throw ValidationError.field('clientId', `client ${request.clientId} does not exist`);
  }
  // The same for a partner key and its partner (the tenant).
  if (request.tenantId && (await billstream.eventStore.readStream(streams.partner(request.tenantId), { limit: 1 })).length === 0) {
    throw ValidationError.field('tenantId', `partner ${request.tenantId} does not exist`);
  }
  const key = request.key ?? generateApiKey();
  const keyId = request.keyId ?? uuidv7(billstream.clock);
  const result = await handleCommand(billstream, apiKeyDecider, apiKeyStream(keyId), {
    type: 'IssueApiKey',
    keyId,
    name: request.name,
    roles: request.roles,
    secretHash: hashApiKey(key),
    tenantId: request.tenantId ?? null,
    clientId: request.clientId ?? null,
  }, context);
  await billstream.readModelsReached(result.position);
  const document = (await billstream.readStore.get(API_KEYS, keyId)) as ApiKeyDocument;
  return { document, key };
}

export async function revokeApiKey(billstream: AppDeps, keyId: string, context: CommandContext): Promise<void> {
  const result = await handleCommand(billstream, apiKeyDecider, apiKeyStream(keyId), { type: 'RevokeApiKey', keyId }, context);
  await billstream.readModelsReached(result.position);
}

/** The active key document for a presented secret, or null. */
export async function authenticate(billstream: AppDeps, presented: string): Promise<ApiKeyDocument | null> {
  const hash = hashApiKey(presented);
  const { items } = await billstream.readStore.find(API_KEYS, { secretHash: hash }, { limit: 1 });
  const doc = items[0] as ApiKeyDocument | undefined;
  if (!doc || doc.revoked) return null;
  // The lookup was by hash; compare in constant time anyway so no timing tells how close a guess was.
  return timingSafeEqual(Buffer.from(doc.secretHash, 'hex'), Buffer.from(hash, 'hex')) ? doc : null;
}

/**
 * A new installation needs one admin key to create the others. With `BILLSTREAM_ADMIN_KEY` set,
 * that key is registered (once; its id derives from its hash). Otherwise, when no key exists at
 * all, one is generated and returned so the caller can print it: its only appearance.
 */
export async function bootstrapAdminKey(billstream: AppDeps): Promise<{ key: string; generated: boolean } | null> {
  // The read models only: a saga's work (a bill run to resume) must never keep a server from starting.
  const head = await billstream.eventStore.headPosition();
  await billstream.readModelsReached(head);
  const context = (commandId: string): CommandContext => ({ commandId, actor: 'system:bootstrap' });
  if (billstream.config.adminKey) {
    const key = billstream.config.adminKey;
    if (await authenticate(billstream, key)) return null;
    const keyId = `admin-${hashApiKey(key).slice(0, 16)}`;
    await issueApiKey(billstream, { name: 'admin (BILLSTREAM_ADMIN_KEY)', roles: ['admin'], key, keyId }, context(deterministicId('bootstrap', keyId)));
    return { key, generated: false };
  }
  const existing = await billstream.readStore.find(API_KEYS, {}, { limit: 1 });
  if (existing.items.length) return null;
  // A fixed stream for the first key: two processes starting on an empty store create only one.
  const keyId = 'admin';
  const { state } = await loadAggregate(billstream.eventStore, apiKeyDecider, apiKeyStream(keyId));
  if (state.status !== 'none') return null;
  try {
    const issued = await issueApiKey(billstream, { name: 'admin (first start)', roles: ['admin'], keyId }, context(uuidv7(billstream.clock)));
    return { key: issued.key, generated: true };
  } catch (error) {
    if (error instanceof ConflictError) return null; // another process created it first
    throw error;
  }
}
