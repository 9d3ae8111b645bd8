/**
 * The document store on a filesystem: `<dir>/<sha256 hex>`. A file is written to a temporary name
 * and renamed, so a reader never sees half a document; an existing file is never overwritten (same
 * name, same bytes). In the distributed tier the folder must be shared by every process and backed
 * up with the event store.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import type { DocumentStore } from '../port.ts';

const HASH = /^[0-9a-f]{64}$/;

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function openFsDocumentStore(dir: string): DocumentStore {
  let made: Promise<unknown> | null = null;
  return {
    async put(bytes) {
      const hash = sha256Hex(bytes);
      const file = path.join(dir, hash);
      made ??= fs.mkdir(dir, { recursive: true });
      await made;
      try {
        await fs.access(file);
        return hash;
      } catch { /* not there yet */ }
      const temp = path.join(dir, `.${hash}.${randomBytes(4).toString('hex')}.tmp`);
      await fs.writeFile(temp, bytes, { flag: 'wx' });
      await fs.rename(temp, file);
      return hash;
    },
    async get(sha256) {
      if (!HASH.test(sha256)) return null;
      try {
        return await fs.readFile(path.join(dir, sha256));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
  };
}
