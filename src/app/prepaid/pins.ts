/**
 * PINs are credentials: generated from the operating system's CSPRNG, shown once, and stored
 * only as HMAC-SHA256 under a key of this installation. The key is 32 random bytes made on first
 * use and kept in the event store sealed by the secret box (AES-256-GCM under
 * BILLSTREAM_SECRET_KEY or the data folder's key file), so a copy of the events alone cannot be
 * used to test guessed PINs, and every process of the installation hashes alike.
 */
import { createHmac, randomBytes, randomInt } from 'node:crypto';
import type { AppDeps } from '../deps.ts';
import { streamName } from '../../core/streams.ts';
import { WrongExpectedRevisionError, type EventStore } from '../../eventstore/port.ts';
import { deterministicId } from '../../core/ids.ts';

export const PIN_KEY_STREAM = streamName('prepaidKey', 'pins');
const PIN_KEY_CREATED = 'PinLookupKeyCreated';

const keys = new WeakMap<EventStore, Promise<Buffer>>();

/** The keyed hash of a PIN (hex): the only form a PIN is stored in. */
export type PinHasher = (pin: string) => string;

export async function pinHasher(deps: AppDeps): Promise<PinHasher> {
  let key = keys.get(deps.eventStore);
  if (!key) {
    key = loadOrCreateKey(deps);
    keys.set(deps.eventStore, key);
    key.catch(() => keys.delete(deps.eventStore));
  }
  const bytes = await key;
  return (pin) => createHmac('sha256', bytes).update(pin, 'utf8').digest('hex');
}

async function loadOrCreateKey(deps: AppDeps): Promise<Buffer> {
  const box = deps.secrets;
  if (!box) throw new Error('prepaid cards need the secret box (BILLSTREAM_SECRET_KEY or the data folder\'s secret.key) to hash PINs');
  for (;;) {
    const [stored] = await deps.eventStore.readStream(PIN_KEY_STREAM, { limit: 1 });
    if (stored) return box.open((stored.data as { sealedKey: string }).sealedKey);
    const sealedKey = box.seal(randomBytes(32));
    try {
      await deps.eventStore.append(PIN_KEY_STREAM, [{
        id: deterministicId(PIN_KEY_STREAM, 'created'),
        type: PIN_KEY_CREATED,
        data: { sealedKey },
        metadata: { correlationId: PIN_KEY_STREAM, causationId: null, tenantId: null, actor: 'system', recordedAt: deps.clock.now().toString(), schemaVersion: 1 },
      }], 'noStream');
    } catch (error) {
      // Another process made the key first: use theirs.
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
    }
  }
}

/** A PIN of `length` decimal digits, each drawn uniformly (randomInt rejects biased draws). */
export function generatePin(length: number): string {
  let pin = '';
  for (let i = 0; i < length; i++) pin += String(randomInt(10));
  return pin;
}

/** A serial: the batch's prefix and the card's number in it (printed on the card; not a secret). */
export function serialOf(prefix: string, index: number, count: number): string {
  return `${prefix}${String(index + 1).padStart(Math.max(4, String(count).length), '0')}`;
}
