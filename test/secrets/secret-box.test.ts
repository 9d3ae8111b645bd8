/** Secrets at rest: sealing and opening, the key file, the key setting, and what a wrong key says. */
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { secretBoxFrom, SecretKeyError, SecretUnreadableError, clearSecretProblem } from '../../src/app/secrets/secret-box.ts';
import { temporaryDataDir } from '../support/billstream.ts';

const HEX_KEY = 'a'.repeat(64);
const OTHER_KEY = 'b'.repeat(64);

describe('secret box', () => {
  it('opens what it sealed; every seal of the same secret differs (random IV) and none contains the secret', () => {
    const box = secretBoxFrom({ dataDir: temporaryDataDir(), secretKey: HEX_KEY });
    const first = box.seal('testing123');
    const second = box.seal(Buffer.from('testing123'));
    expect(first).toMatch(/^v1:[A-Za-z0-9+/]+=*$/);
    expect(first).not.toBe(second);
    expect(Buffer.from(first.slice(3), 'base64').includes(Buffer.from('testing123'))).toBe(false);
    expect(box.open(first).toString()).toBe('testing123');
    expect(box.open(second).toString()).toBe('testing123');
    expect(box.open(box.seal('')).length).toBe(0);
    const binary = Buffer.from([0, 255, 1, 254]);
    expect(box.open(box.seal(binary))).toEqual(binary);
  });

  it('fingerprints under the key: the same for the same key, purpose and data; another for another key or purpose; never the unkeyed hash', () => {
    const box = secretBoxFrom({ dataDir: temporaryDataDir(), secretKey: HEX_KEY });
    const digest = box.digest('idempotent request', '{"secret":"testing123"}');
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(secretBoxFrom({ dataDir: temporaryDataDir(), secretKey: HEX_KEY }).digest('idempotent request', '{"secret":"testing123"}')).toBe(digest);
    expect(secretBoxFrom({ dataDir: temporaryDataDir(), secretKey: OTHER_KEY }).digest('idempotent request', '{"secret":"testing123"}')).not.toBe(digest);
    expect(box.digest('another purpose', '{"secret":"testing123"}')).not.toBe(digest);
    expect(box.digest('idempotent request', '{"secret":"testing124"}')).not.toBe(digest);
    expect(digest).not.toBe(createHash('sha256').update('{"secret":"testing123"}').digest('hex'));
  });

  it('detects a changed byte anywhere in a sealed value (IV, tag or ciphertext)', () => {
    const box = secretBoxFrom({ dataDir: temporaryDataDir(), secretKey: HEX_KEY });
    const bytes = Buffer.from(box.seal('a shared secret').slice(3), 'base64');
    for (const index of [0, 11, 12, 27, 28, bytes.length - 1]) {
      const tampered = Buffer.from(bytes);
      tampered[index]! ^= 1;
      expect(() => box.open(`v1:${tampered.toString('base64')}`), `byte ${index}`).toThrow(SecretUnreadableError);
    }
    expect(() => box.open(`v1:${bytes.subarray(0, 20).toString('base64')}`)).toThrow(/truncated/);
    expect(() => box.open('testing123')).toThrow(/not a sealed value/);
    expect(() => box.open('v2:AAAA')).toThrow(/not a sealed value of a version/);
  });

  it('a value sealed with another key does not open, and the message says which key was tried without showing it', () => {
    const dataDir = temporaryDataDir();
    const sealed = secretBoxFrom({ dataDir, secretKey: HEX_KEY }).seal('secret');
    const error = (() => {
      try {
        secretBoxFrom({ dataDir, secretKey: OTHER_KEY }).open(sealed);
      } catch (caught) {
        return caught as Error;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(SecretUnreadableError);
    expect(error!.message).toMatch(/another key than the one in BILLSTREAM_SECRET_KEY/);
    expect(error!.message).not.toContain(OTHER_KEY);
    expect(() => secretBoxFrom({ dataDir, secretKey: null }).open(sealed)).toThrow(new RegExp(`another key than the one in ${path.join(dataDir, 'secret.key').replace(/[.\\/]/g, '\\$&')}`));
  });

  it('without BILLSTREAM_SECRET_KEY creates <dataDir>/secret.key (0600) on first use, not before, and reuses it', () => {
    const dataDir = path.join(temporaryDataDir(), 'not-yet');
    const keyFile = path.join(dataDir, 'secret.key');
    const box = secretBoxFrom({ dataDir, secretKey: null });
    expect(fs.existsSync(keyFile)).toBe(false);
    const sealed = box.seal('nas secret');
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    const key = fs.readFileSync(keyFile, 'utf8');
    expect(key).toMatch(/^[0-9a-f]{64}\n$/);
    // Another process (a new box over the same folder) reads the same key.
    expect(secretBoxFrom({ dataDir, secretKey: null }).open(sealed).toString()).toBe('nas secret');
    expect(fs.readFileSync(keyFile, 'utf8')).toBe(key);
    expect(fs.readdirSync(dataDir)).toEqual(['secret.key']);
  });

  it('processes starting together on an empty folder all end up with one key', async () => {
    const dataDir = temporaryDataDir();
    const script = `import { secretBoxFrom } from ${JSON.stringify(path.resolve('src/app/secrets/secret-box.ts'))};
      const box = secretBoxFrom({ dataDir: ${JSON.stringify(dataDir)}, secretKey: null }); process.stdout.write(box.seal('shared'));`;
    const run = () => new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}`))));
    });
    const sealed = await Promise.all([run(), run(), run()]);
    const box = secretBoxFrom({ dataDir, secretKey: null });
    for (const value of sealed) expect(box.open(value).toString()).toBe('shared');
    expect(fs.readdirSync(dataDir)).toEqual(['secret.key']);
  });

  it('a damaged key file is refused naming the file, not repeating its content', () => {
    const dataDir = temporaryDataDir();
    fs.writeFileSync(path.join(dataDir, 'secret.key'), 'not-a-key-at-all\n', { mode: 0o600 });
    const box = secretBoxFrom({ dataDir, secretKey: null });
    expect(() => box.seal('x')).toThrow(SecretKeyError);
    expect(() => box.seal('x')).toThrow(/secret\.key must hold 64 hexadecimal characters/);
    expect(() => box.seal('x')).not.toThrow(/not-a-key/);
  });

  it('BILLSTREAM_SECRET_KEY takes 64 hex characters or the base64 of 32 bytes; anything else stops with a ConfigError that never echoes it', () => {
    const base64 = Buffer.alloc(32, 7).toString('base64');
    expect(loadConfig({ BILLSTREAM_SECRET_KEY: HEX_KEY }).secretKey).toBe(HEX_KEY);
    expect(loadConfig({ BILLSTREAM_SECRET_KEY: base64 }).secretKey).toBe(base64);
    expect(loadConfig({}).secretKey).toBeNull();
    for (const bad of ['tooshort', 'g'.repeat(64), 'a'.repeat(63), Buffer.alloc(31).toString('base64'), Buffer.alloc(33).toString('base64')]) {
      expect(() => loadConfig({ BILLSTREAM_SECRET_KEY: bad }), bad).toThrow(ConfigError);
      try {
        loadConfig({ BILLSTREAM_SECRET_KEY: bad });
      } catch (error) {
        expect((error as Error).message).toMatch(/^BILLSTREAM_SECRET_KEY must be 32 random bytes/);
        expect((error as Error).message).not.toContain(bad);
      }
    }
    // Both spellings of one key are one key.
    const hexBox = secretBoxFrom({ dataDir: temporaryDataDir(), secretKey: Buffer.alloc(32, 7).toString('hex') });
    expect(secretBoxFrom({ dataDir: temporaryDataDir(), secretKey: base64 }).open(hexBox.seal('same')).toString()).toBe('same');
  });

  it('a clear secret is 1 to 128 bytes without NUL, and problems never repeat it', () => {
    expect(clearSecretProblem('testing123')).toBeNull();
    expect(clearSecretProblem('é'.repeat(64))).toBeNull();
    expect(clearSecretProblem('')).toBe('is required');
    expect(clearSecretProblem('é'.repeat(65))).toMatch(/longer than 128 bytes/);
    expect(clearSecretProblem('a\0b')).toMatch(/NUL/);
  });
});
