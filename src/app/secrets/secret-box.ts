/**
 * Secrets at rest (NAS shared secrets, subscribers' RADIUS passwords): sealed with AES-256-GCM
 * before they go into an event, so the event store, its backups and the read models hold only
 * ciphertext. A sealed value is `v1:` + base64(IV | tag | ciphertext): the prefix names the
 * algorithm and key scheme, so either can change later while old values still open.
 *
 * The key comes from `BILLSTREAM_SECRET_KEY`, else from `<dataDir>/secret.key`, created (mode
 * 0600) the first time a secret is sealed or opened and read again after. The key file is made
 * by an exclusive create and a link: two processes starting at once end up with the same key.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { secretKeyBytes } from '../../config.ts';

export interface SecretBox {
  /** `v1:` + base64(12-byte IV | 16-byte tag | ciphertext); a new random IV every time. */
  seal(plain: Buffer | string): string;
  /** The plain bytes; throws SecretUnreadableError when the value is not ours or the key differs. */
  open(sealed: string): Buffer;
  /**
   * HMAC-SHA256 (hex) of `data` under a key derived from the secret key for `purpose` (HKDF):
   * a fingerprint of something holding a secret that cannot be tested against guesses without
   * the key (an unkeyed hash of a short password can).
   */
  digest(purpose: string, data: string): string;
}

/** A sealed value that cannot be opened: another key, a damaged value, or not a sealed value at all. */
export class SecretUnreadableError extends Error {
  override readonly name = 'SecretUnreadableError';
}

/** A key that cannot be used: an unreadable or malformed key file. The message names the file, never the key. */
export class SecretKeyError extends Error {
  override readonly name = 'SecretKeyError';
}

export const SEALED_PREFIX = 'v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_FILE = 'secret.key';

/** `v1:` and the base64 of at least an IV and a tag (28 bytes, 40 characters). */
const SEALED_FORM = /^v1:[A-Za-z0-9+/]{38,}={0,2}$/;

export function isSealed(value: unknown): value is string {
  return typeof value === 'string' && SEALED_FORM.test(value);
}

export function secretBoxFrom(config: { dataDir: string; secretKey: string | null }): SecretBox {
  let key: Buffer | null = null;
  const currentKey = (): Buffer => {
    key ??= config.secretKey !== null ? keyFromSetting(config.secretKey) : keyFromFile(path.join(config.dataDir, KEY_FILE));
    return key;
  };
  const keySource = config.secretKey !== null ? 'BILLSTREAM_SECRET_KEY' : path.join(config.dataDir, KEY_FILE);
  const digestKeys = new Map<string, Buffer>();
  return {
    digest(purpose, data) {
      let digestKey = digestKeys.get(purpose);
      if (!digestKey) digestKeys.set(purpose, (digestKey = Buffer.from(crypto.hkdfSync('sha256', currentKey(), Buffer.alloc(0), `billstream digest: ${purpose}`, 32))));
      return crypto.createHmac('sha256', digestKey).update(data, 'utf8').digest('hex');
    },
    seal(plain) {
      const iv = crypto.randomBytes(IV_BYTES);
      const cipher = crypto.createCipheriv('aes-256-gcm', currentKey(), iv);
      const ciphertext = Buffer.concat([cipher.update(typeof plain === 'string' ? Buffer.from(plain, 'utf8') : plain), cipher.final()]);
      return SEALED_PREFIX + Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64');
    },
    open(sealed) {
      if (!sealed.startsWith(SEALED_PREFIX)) throw new SecretUnreadableError(`not a sealed value of a version this billstream knows (${JSON.stringify(sealed.slice(0, 3))}…)`);
      const bytes = Buffer.from(sealed.slice(SEALED_PREFIX.length), 'base64');
      if (bytes.length < IV_BYTES + TAG_BYTES) throw new SecretUnreadableError('the sealed value is truncated');
      const decipher = crypto.createDecipheriv('aes-256-gcm', currentKey(), bytes.subarray(0, IV_BYTES));
      decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      try {
        return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
      } catch {
        throw new SecretUnreadableError(`it was sealed with another key than the one in ${keySource}, or it was altered`);
      }
    },
  };
}

function keyFromSetting(text: string): Buffer {
  const bytes = secretKeyBytes(text);
  if (!bytes) throw new SecretKeyError('BILLSTREAM_SECRET_KEY must be 64 hexadecimal characters or the base64 of 32 bytes (the key is not repeated here)');
  return bytes;
}

/** Reads the key file, or creates it (0600, exclusively) when there is none yet. */
function keyFromFile(file: string): Buffer {
  const existing = readKeyFile(file);
  if (existing) return existing;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Written whole under a name of its own, then linked into place: a process that starts at the
  // same moment reads either no key file or a complete one, never a half-written one.
  const draft = `${file}.${crypto.randomBytes(6).toString('hex')}.new`;
  try {
    fs.writeFileSync(draft, `${crypto.randomBytes(32).toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
    fs.linkSync(draft, file);
  } catch (error) {
    // Another process created it between our read and our link: use theirs.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new SecretKeyError(`cannot create the secret key file ${file}: ${(error as Error).message}`);
  } finally {
    fs.rmSync(draft, { force: true });
  }
  const created = readKeyFile(file);
  if (!created) throw new SecretKeyError(`the secret key file ${file} disappeared while it was being created`);
  return created;
}

function readKeyFile(file: string): Buffer | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new SecretKeyError(`cannot read the secret key file ${file}: ${(error as Error).message}`);
  }
  const bytes = secretKeyBytes(text);
  if (!bytes) throw new SecretKeyError(`the secret key file ${file} must hold 64 hexadecimal characters or the base64 of 32 bytes (its content is not repeated here)`);
  return bytes;
}

/**
 * RADIUS carries a password in at most 128 bytes (RFC 2865 s5.2), and FreeRADIUS takes shared
 * secrets of the same length: a longer one could be stored but never used. The message never
 * repeats the value.
 */
export const MAX_SECRET_BYTES = 128;

export function clearSecretProblem(value: string): string | null {
  if (value === '') return 'is required';
  if (Buffer.byteLength(value, 'utf8') > MAX_SECRET_BYTES) return `is longer than ${MAX_SECRET_BYTES} bytes (the RADIUS limit; the value is not repeated here)`;
  if (value.includes('\0')) return 'contains a NUL character, which RADIUS cannot carry (the value is not repeated here)';
  return null;
}

/** The secret box of the deps, or a clear error for a caller wired without one. */
export function secretsOf(deps: { secrets?: SecretBox }): SecretBox {
  if (!deps.secrets) throw new Error('no secret box is configured: secrets cannot be sealed or opened');
  return deps.secrets;
}

/**
 * Whether `sealed` opens to `plain`: a re-imported file or a repeated request keeps the stored
 * sealed value instead of sealing again (a new IV each time would make every repeat a change).
 * A value sealed with another key counts as different, so the next import re-seals it.
 */
export function sealsTheSame(box: SecretBox, sealed: string | null | undefined, plain: string): boolean {
  if (!isSealed(sealed)) return false;
  try {
    return box.open(sealed).equals(Buffer.from(plain, 'utf8'));
  } catch (error) {
    if (error instanceof SecretUnreadableError) return false;
    throw error;
  }
}

/** What a history or the audit log shows in place of a sealed value: that there is one, not what. */
export const WITHHELD = 'withheld';
const MAX_WITHHOLD_DEPTH = 8;

/**
 * Event data as histories and the audit log show it: every sealed value (a NAS secret, a RADIUS
 * password, whatever else is sealed) replaced by `withheld`, at any depth (`changes.secret`).
 * Ciphertext is not plain text, but it is no one's business either, and a leaked key would open it.
 */
export function withSecretsWithheld(data: unknown, depth = 0): unknown {
  if (isSealed(data)) return WITHHELD;
  if (data === null || typeof data !== 'object' || depth >= MAX_WITHHOLD_DEPTH) return data;
  if (Array.isArray(data)) return data.some((item) => typeof item === 'object' || isSealed(item)) ? data.map((item) => withSecretsWithheld(item, depth + 1)) : data;
  let copy: Record<string, unknown> | null = null;
  for (const [key, value] of Object.entries(data)) {
    const shown = withSecretsWithheld(value, depth + 1);
    if (shown !== value) (copy ??= { ...(data as Record<string, unknown>) })[key] = shown;
  }
  return copy ?? data;
}
