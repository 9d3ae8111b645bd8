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

/** Writes test files under `dir` (folders made as needed) and returns each file's path. */
export function fileWriter(dir: string): (name: string, text: string) => string {
  return (name, text) => {
    const target = path.join(dir, name);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text);
    return target;
  };
}
