/**
 * Passwords and session tokens. A password is kept only as an scrypt hash with its own random
 * salt and its cost parameters (`scrypt$N$r$p$salt$key`, base64url): a hash made with today's
 * parameters still verifies after they are raised. A session token is 256 random bits, so its
 * SHA-256 is enough to store it safely (nothing to guess it from), as for API keys.
 */
import { createHash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { ValidationError } from '../../core/errors.ts';

/** 32 MiB and about a tenth of a second per hash on a 2-core machine: slow for a guesser, quick enough for a sign-in. */
const COST = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_BYTES = 32;
const SALT_BYTES = 16;
/** Above what any parameters billstream writes need (128 * N * r bytes), below what a forged hash could ask. */
const MAX_MEMORY = 256 * 1024 * 1024;

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 200;

/** The password policy: 12 to 200 characters (of any kind: a long phrase beats character classes). */
export function checkPasswordPolicy(password: string, field = 'password'): void {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) throw ValidationError.field(field, `at least ${MIN_PASSWORD_LENGTH} characters`);
  if (length > MAX_PASSWORD_LENGTH) throw ValidationError.field(field, `at most ${MAX_PASSWORD_LENGTH} characters`);
}

function derive(password: string, salt: Buffer, options: ScryptOptions, bytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, bytes, { ...options, maxmem: MAX_MEMORY }, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, COST, KEY_BYTES);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

const FORMAT = /^scrypt\$(\d{1,8})\$(\d{1,3})\$(\d{1,3})\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;

/** Whether `password` is the one `hash` was made from; compared in constant time. */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  const match = FORMAT.exec(hash);
  if (!match) return false;
  const [, n, r, p, salt, key] = match;
  const expected = Buffer.from(key!, 'base64url');
  const actual = await derive(password, Buffer.from(salt!, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) }, expected.length);
  return timingSafeEqual(actual, expected);
}

let standIn: Promise<string> | undefined;
/**
 * A hash no password is known for: checked against for a user name nobody has, so that the answer
 * takes as long as for a wrong password and does not tell which names exist.
 */
export function standInHash(): Promise<string> {
  return (standIn ??= hashPassword(randomBytes(32).toString('base64url')));
}

export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What `user_sessions` stores of a token: its SHA-256, hex. */
export function tokenHashOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * The session's CSRF token, derived from its session token (so nothing more is stored): a page
 * reads it from the sign-in or session answer and sends it back in `X-CSRF-Token`, which another
 * site cannot do, since it can neither read the cookie nor those answers.
 */
export function csrfTokenOf(token: string): string {
  return createHash('sha256').update('billstream csrf\u0000').update(token).digest('base64url');
}

/** Whether a presented CSRF token is the session's, compared in constant time. */
export function csrfTokenMatches(presented: string | undefined, expected: string): boolean {
  if (presented === undefined) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
