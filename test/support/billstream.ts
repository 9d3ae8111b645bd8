import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openBillstream, type Billstream, type OpenOptions } from '../../src/main.ts';
import { loadConfig } from '../../src/config.ts';

export function temporaryDataDir(prefix = 'billstream-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A real embedded-tier installation in a fresh temporary folder. */
export async function openTestBillstream(options: OpenOptions & { dataDir?: string; adminKey?: string } = {}): Promise<Billstream> {
  const dataDir = options.dataDir ?? temporaryDataDir();
  const config = { ...loadConfig({}, { dataDir }), adminKey: options.adminKey ?? null };
  return openBillstream(config, options);
}
