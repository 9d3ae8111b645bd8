/**
 * Vitest global setup: every temporary file or folder the tests (and the processes they start)
 * make goes under one folder of this run, removed when the run ends, so `npm test` leaves no data
 * folders behind in the system's temporary directory however a test ends. `os.tmpdir()` follows
 * TMPDIR, and test workers and child processes inherit it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'billstream-test-run-'));
  process.env.TMPDIR = root;
  return () => fs.rmSync(root, { recursive: true, force: true });
}
