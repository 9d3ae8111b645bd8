/**
 * Debian's Chromium driven by playwright-core, for the console's browser tests and
 * `npm run bench:console`. `.ci/run` installs the `chromium` package; where it is missing,
 * `chromiumPath()` says why and the callers skip (tests) or stop (the bench) with that reason.
 * `BILLSTREAM_CHROMIUM` names another Chromium binary.
 */
import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Headless in a container as root: no sandbox, no GPU, and nothing that reaches the network by itself. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** The Chromium binary to drive, or why there is none. */
export function chromiumPath(): { path: string; reason: null } | { path: null; reason: string } {
  const candidates = process.env.BILLSTREAM_CHROMIUM ? [process.env.BILLSTREAM_CHROMIUM] : ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
  for (const candidate of candidates) {
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return { path: candidate, reason: null };
    } catch {
      // try the next one
    }
  }
  return { path: null, reason: `no Chromium at ${candidates.join(' or ')} (Debian: apt-get install chromium; .ci/run installs it)` };
}

export async function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
}
