/** Settings from the environment as `billstream` reads them: a bad one stops the command with one line naming it. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBillstream } from '../support/processes.ts';
import { temporaryDataDir } from '../support/billstream.ts';

describe('settings', () => {
  const dir = temporaryDataDir('billstream-settings-');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const cases: [string, NodeJS.ProcessEnv, RegExp][] = [
    ['a horizon that is not a number', { BILLSTREAM_BILL_RUN_HORIZON_DAYS: 'soon' }, /^billstream: BILLSTREAM_BILL_RUN_HORIZON_DAYS must be a whole number of days from 0 to 3660, not "soon"$/],
    ['a lease time too short', { BILLSTREAM_LEASE_TTL_MS: '5' }, /^billstream: BILLSTREAM_LEASE_TTL_MS must be a whole number of milliseconds, at least 100, not "5"$/],
    ['a port that is not one', { PORT: 'eighty' }, /^billstream: PORT must be a port number from 0 to 65535, not "eighty"$/],
    ['a port out of range', { PORT: '70000' }, /^billstream: PORT must be a port number from 0 to 65535, not "70000"$/],
    ['an event store that is not EventStoreDB', { BILLSTREAM_EVENTSTORE: 'postgres://user:secret@db' }, /^billstream: BILLSTREAM_EVENTSTORE must be an EventStoreDB connection string \(esdb:\/\/…\), not a postgres:\/\/ string$/],
    ['a read store that is not MongoDB', { BILLSTREAM_READSTORE: 'localhost:27017' }, /^billstream: BILLSTREAM_READSTORE must be a MongoDB connection string \(mongodb:\/\/…\), not a string without a scheme$/],
    ['a time zone nobody has', { BILLSTREAM_TIME_ZONE: 'Europe/Atlantis' }, /^billstream: BILLSTREAM_TIME_ZONE must be an IANA time zone \(Europe\/Budapest\), not "Europe\/Atlantis"$/],
    ['a language billstream has no translations for', { BILLSTREAM_LANGUAGE: 'klingon' }, /^billstream: BILLSTREAM_LANGUAGE must be one of the languages billstream has translations for \(de, en, fr, hu\), not "klingon"$/],
    ['bill runs neither on nor off', { BILLSTREAM_BILL_RUNS: 'no' }, /^billstream: BILLSTREAM_BILL_RUNS must be on or off, not "no"$/],
    ['an idle timeout of no time', { BILLSTREAM_SESSION_IDLE_MINUTES: '0' }, /^billstream: BILLSTREAM_SESSION_IDLE_MINUTES must be a whole number of minutes from 1 to 1440, not "0"$/],
    ['a session length that is not a number', { BILLSTREAM_SESSION_MAX_HOURS: '8h' }, /^billstream: BILLSTREAM_SESSION_MAX_HOURS must be a whole number of hours from 1 to 720, not "8h"$/],
    ['an admin key that cannot be sent', { BILLSTREAM_ADMIN_KEY: 'my admin key 2026' }, /^billstream: BILLSTREAM_ADMIN_KEY must be at least 16 characters without spaces or control characters/],
    ['an admin key too short to be secret', { BILLSTREAM_ADMIN_KEY: 'secret' }, /^billstream: BILLSTREAM_ADMIN_KEY must be at least 16 characters/],
  ];

  for (const [what, env, message] of cases) {
    it(`stops serve on ${what}, with one line naming the setting and exit status 2`, { timeout: 30_000 }, async () => {
      const data = path.join(dir, what.replace(/\W+/g, '-'));
      // PORT is read only when --port is not given.
      const port = env.PORT ? [] : ['--port', '0'];
      const run = await runBillstream(['--data', data, 'serve', ...port], { env: { BILLSTREAM_BILL_RUNS: 'off', BILLSTREAM_ADMIN_KEY: 'settings-admin-key-0123456789', ...env }, timeoutMs: 20_000 });
      expect(run.timedOut).toBe(false);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr.trim()).toMatch(message);
      // Nothing was opened: a wrong setting never creates a store.
      expect(fs.existsSync(data)).toBe(false);
    });
  }

  it('stops every other command too, e.g. an import', async () => {
    const run = await runBillstream(['--data', path.join(dir, 'import'), 'import', 'clients', 'examples/clients.csv'], { env: { BILLSTREAM_BILL_RUN_HORIZON_DAYS: '-1' } });
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe('billstream: BILLSTREAM_BILL_RUN_HORIZON_DAYS must be a whole number of days from 0 to 3660, not "-1"');
  });
});
