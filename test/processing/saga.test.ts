import path from 'node:path';
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.ts';
import { openSqliteEventStore } from '../../src/eventstore/sqlite/sqlite-event-store.ts';
import { openSqliteReadStore } from '../../src/readstore/sqlite/sqlite-read-store.ts';
import { sagaConsumer, sagaStream } from '../../src/processing/saga.ts';
import { newEvent } from '../support/events.ts';
import { temporaryDataDir } from '../support/billstream.ts';
import { mailboxBus, welcomeSaga } from './fixtures/welcome-saga.ts';

async function messagesOf(eventStore: ReturnType<typeof openSqliteEventStore>, users: number): Promise<string[][]> {
  const out: string[][] = [];
  for (let u = 0; u < users; u++) out.push((await eventStore.readStream(`mailbox-u${u}`)).map((e) => (e.data as { kind: string }).kind));
  return out;
}

describe('saga runner', () => {
  it('issues each command once, keeps its state in its own stream, and ignores what it does not react to', async () => {
    const dir = temporaryDataDir();
    const eventStore = openSqliteEventStore(path.join(dir, 'events.db'));
    const readStore = openSqliteReadStore(path.join(dir, 'read.db'));
    await eventStore.append('user-u0', [newEvent('UserUpgraded'), newEvent('UserSignedUp'), newEvent('UserUpgraded')], 'noStream');
    const consumer = sagaConsumer({ eventStore, readStore, clock: systemClock }, welcomeSaga, mailboxBus(eventStore, systemClock), { owner: 't' });
    await consumer.waitFor();
    await consumer.waitFor();
    expect(await messagesOf(eventStore, 1)).toEqual([['welcome', 'upgrade-note']]);
    const steps = await eventStore.readStream(sagaStream('welcome', 'u0'));
    expect(steps.map((s) => (s.data as { event: { type: string } }).event.type)).toEqual(['UserUpgraded', 'UserSignedUp', 'UserUpgraded']);
    await eventStore.close();
    await readStore.close();
  });

  it('resumes after a failure between recording a step and issuing its command, without issuing anything twice', async () => {
    const dir = temporaryDataDir();
    const eventStore = openSqliteEventStore(path.join(dir, 'events.db'));
    const readStore = openSqliteReadStore(path.join(dir, 'read.db'));
    for (let u = 0; u < 10; u++) await eventStore.append(`user-u${u}`, [newEvent('UserSignedUp'), newEvent('UserUpgraded')], 'noStream');
    let calls = 0;
    const crashing = mailboxBus(eventStore, systemClock, async () => {
      calls += 1;
      if (calls === 7) throw new Error('crash');
    });
    const first = sagaConsumer({ eventStore, readStore, clock: systemClock }, welcomeSaga, crashing, { owner: 'a', batchSize: 4 });
    await expect(first.waitFor()).rejects.toThrow('crash');
    await first.stop();
    const second = sagaConsumer({ eventStore, readStore, clock: systemClock }, welcomeSaga, mailboxBus(eventStore, systemClock), { owner: 'b', batchSize: 4 });
    await second.waitFor();
    expect(await messagesOf(eventStore, 10)).toEqual(Array.from({ length: 10 }, () => ['welcome', 'upgrade-note']));
    await eventStore.close();
    await readStore.close();
  });

  it('survives kill -9 at several points: every command issued exactly once', async () => {
    const dir = temporaryDataDir();
    const users = 60;
    {
      const eventStore = openSqliteEventStore(path.join(dir, 'events.db'));
      for (let u = 0; u < users; u++) await eventStore.append(`user-u${u}`, [newEvent('UserSignedUp'), newEvent('UserUpgraded')], 'noStream');
      await eventStore.close();
      await openSqliteReadStore(path.join(dir, 'read.db')).close();
    }
    const script = path.resolve('test/processing/fixtures/run-welcome-saga.ts');
    let finished = false;
    let kills = 0;
    for (const killAfter of [5, 23, 41, 67, 89, Infinity]) {
      const child = spawn(process.execPath, ['--import', 'tsx', script, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      let seen = 0;
      child.stdout!.on('data', (chunk: Buffer) => {
        for (const line of chunk.toString().trim().split('\n')) {
          if (line === 'done') finished = true;
          else if (++seen === killAfter) {
            kills += 1;
            child.kill('SIGKILL');
          }
        }
      });
      await exited;
      if (finished) break;
      // The dead process's lease (500 ms) must expire before the next one may take over.
      await new Promise((r) => setTimeout(r, 600));
    }
    expect(finished).toBe(true);
    expect(kills).toBeGreaterThanOrEqual(3);
    const eventStore = openSqliteEventStore(path.join(dir, 'events.db'));
    expect(await messagesOf(eventStore, users)).toEqual(Array.from({ length: users }, () => ['welcome', 'upgrade-note']));
    await eventStore.close();
  }, 90_000);
});
