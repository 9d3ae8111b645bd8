/**
 * One load process of bench:radius (started by load.ts with an IPC channel): encodes its pool,
 * binds its sockets, reports 'ready', and on 'go' sends for warm-up + measurement, then reports
 * what it counted and exits.
 *
 * Closed loop (no rate): each slot has one request outstanding and sends its next one when the
 * reply comes, so the server is offered exactly as much as it can answer with `slots` requests
 * in flight. Open loop (rate): requests leave on a 1 ms schedule at the rate whatever the
 * replies, each on a free slot; when none is free (`slots` requests unanswered) the request is
 * not sent and counted as `notSent`.
 *
 * A request unanswered after `timeoutMs` is lost; its slot rests another `timeoutMs` before it
 * sends again, so a late reply cannot be taken for the reply to the next request with the same
 * identifier. When a slot has sent its whole pool it starts over from the next set of sockets
 * (other source ports: RFC 5080 duplicate detection keys on the source port, so the requests are
 * still new to the server) and the repeats are counted.
 */
import dgram from 'node:dgram';
import { decodePacket } from '../../../src/radius/codec/packet.ts';
import { messageAuthenticatorValid, responseAuthenticatorValid, hasMessageAuthenticator } from '../../../src/radius/codec/crypto.ts';
import { buildPool, type PoolSpec } from './pool.ts';
import { newHistogram, recordLatency } from './histogram.ts';

export interface LoadProcessConfig {
  pool: Omit<PoolSpec, 'sockets'>;
  address: string;
  port: number;
  /** Sockets per socket set (source ports used at once). */
  sockets: number;
  socketSets: number;
  warmupSeconds: number;
  seconds: number;
  /** Requests per second offered by this process (open loop), or null for closed loop. */
  rate: number | null;
  timeoutMs: number;
  /** Check the Response Authenticator (and Message-Authenticator) of one reply in this many (0: none). */
  verifyEvery: number;
}

export interface LoadProcessResult {
  encodeMs: number;
  poolRequests: number;
  /** Requests sent during the measurement. */
  sent: number;
  /** Requests sent in all (warm-up and after the measurement included). */
  sentAll: number;
  /** Replies received during the measurement (to requests sent in it or in the warm-up). */
  completed: number;
  /** Replies during the measurement by code. */
  codes: Record<number, number>;
  lost: number;
  late: number;
  unmatched: number;
  notSent: number;
  repeats: number;
  verified: number;
  verifyFailures: number;
  withMessageAuthenticator: number;
  measuredMs: number;
  histogram: number[];
  /** This process's CPU time (user + system) during the measurement, in ms. */
  cpuMs: number;
}

type Message = { type: 'config'; config: LoadProcessConfig } | { type: 'go'; at: number };

const IDLE = 0;
const OUTSTANDING = 1;
const RESTING = 2;

async function prepare(config: LoadProcessConfig) {
  const started = performance.now();
  const pool = buildPool({ ...config.pool, sockets: config.sockets });
  const encodeMs = performance.now() - started;
  const sockets: dgram.Socket[] = [];
  for (let i = 0; i < config.sockets * config.socketSets; i++) {
    const socket = dgram.createSocket({ type: config.address.includes(':') ? 'udp6' : 'udp4', recvBufferSize: 4 * 1024 * 1024, sendBufferSize: 4 * 1024 * 1024 });
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.connect(config.port, config.address, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    sockets.push(socket);
  }
  return { pool, sockets, encodeMs };
}

function run(config: LoadProcessConfig, prepared: Awaited<ReturnType<typeof prepare>>, goAt: number): Promise<LoadProcessResult> {
  const { pool, sockets } = prepared;
  const slots = config.pool.slots;
  const perSlot = pool.perSlot;
  const S = config.sockets;
  const state = new Uint8Array(slots);
  const cursor = new Uint32Array(slots); // requests sent so far by each slot
  const sentAt = new Float64Array(slots);
  const inMeasurement = new Uint8Array(slots); // the outstanding request was sent during the measurement
  const histogram = newHistogram();
  // Free slots in a ring, taken in turn, so every slot goes through its share of the pool at the same pace.
  const free = new Int32Array(slots);
  let freeHead = 0;
  let freeCount = 0;
  const release = (slot: number) => {
    free[(freeHead + freeCount++) % slots] = slot;
  };
  const take = (): number => {
    if (freeCount === 0) return -1;
    const slot = free[freeHead]!;
    freeHead = (freeHead + 1) % slots;
    freeCount--;
    return slot;
  };
  const result: LoadProcessResult = {
    encodeMs: prepared.encodeMs, poolRequests: slots * perSlot, sent: 0, sentAll: 0, completed: 0, codes: {}, lost: 0, late: 0, unmatched: 0, notSent: 0,
    repeats: 0, verified: 0, verifyFailures: 0, withMessageAuthenticator: 0, measuredMs: 0, histogram: [], cpuMs: 0,
  };
  const measureFrom = goAt + config.warmupSeconds * 1000;
  const measureTo = measureFrom + config.seconds * 1000;
  let sending = true;
  let seen = 0;
  let cpuAtStart: NodeJS.CpuUsage | null = null;

  const send = (slot: number, now: number) => {
    const n = cursor[slot]!++;
    const round = Math.floor(n / perSlot);
    const index = slot * perSlot + (n % perSlot);
    const socket = sockets[(slot % S) + S * (round % config.socketSets)]!;
    state[slot] = OUTSTANDING;
    sentAt[slot] = now;
    const measuring = now >= measureFrom && now < measureTo ? 1 : 0;
    inMeasurement[slot] = measuring;
    result.sentAll++;
    if (measuring) {
      result.sent++;
      if (round > 0) result.repeats++;
    }
    socket.send(pool.data, pool.offsets[index]!, pool.offsets[index + 1]! - pool.offsets[index]!);
  };

  const next = (slot: number, now: number) => {
    if (sending && config.rate === null) send(slot, now);
    else {
      state[slot] = IDLE;
      release(slot);
    }
  };

  const secret = Buffer.from(config.pool.secret);
  const verify = (slot: number, reply: Buffer) => {
    const n = cursor[slot]! - 1;
    const index = slot * perSlot + (n % perSlot);
    const requestAuthenticator = pool.data.subarray(pool.offsets[index]! + 4, pool.offsets[index]! + 20);
    try {
      const packet = decodePacket(reply);
      const withMessageAuthenticator = hasMessageAuthenticator(packet);
      if (withMessageAuthenticator) result.withMessageAuthenticator++;
      const ok = responseAuthenticatorValid(packet, requestAuthenticator, secret) && (!withMessageAuthenticator || messageAuthenticatorValid(packet, secret, requestAuthenticator));
      if (ok) result.verified++;
      else result.verifyFailures++;
    } catch {
      result.verifyFailures++;
    }
  };

  sockets.forEach((socket, socketIndex) => {
    socket.on('message', (reply: Buffer) => {
      const now = performance.now();
      const slot = reply.length >= 20 ? reply[1]! * S + (socketIndex % S) : -1;
      if (slot < 0 || slot >= slots || state[slot] !== OUTSTANDING) {
        if (slot >= 0 && slot < slots && state[slot] === RESTING) result.late++;
        else result.unmatched++;
        return;
      }
      if (now >= measureFrom && now < measureTo) {
        result.completed++;
        result.codes[reply[0]!] = (result.codes[reply[0]!] ?? 0) + 1;
        recordLatency(histogram, (now - sentAt[slot]!) * 1000);
        if (config.verifyEvery > 0 && seen++ % config.verifyEvery === 0) verify(slot, reply);
      }
      next(slot, now);
    });
  });

  return new Promise((resolve) => {
    const sweep = setInterval(() => {
      const now = performance.now();
      for (let slot = 0; slot < slots; slot++) {
        if (state[slot] === OUTSTANDING && now - sentAt[slot]! > config.timeoutMs) {
          if (inMeasurement[slot]) result.lost++;
          state[slot] = RESTING;
          sentAt[slot] = now;
        } else if (state[slot] === RESTING && now - sentAt[slot]! > config.timeoutMs) next(slot, now);
      }
    }, 20);

    let scheduled = 0;
    let ticker: NodeJS.Timeout | null = null;
    const start = () => {
      const now = performance.now();
      if (config.rate === null) {
        for (let slot = 0; slot < slots; slot++) send(slot, now);
        return;
      }
      for (let slot = 0; slot < slots; slot++) release(slot);
      const rate = config.rate;
      ticker = setInterval(() => {
        const at = performance.now();
        if (!sending) return;
        const due = Math.floor(((at - goAt) * rate) / 1000) - scheduled;
        for (let i = 0; i < due; i++) {
          scheduled++;
          const slot = take();
          if (slot < 0) {
            if (at >= measureFrom && at < measureTo) result.notSent++;
          } else send(slot, at);
        }
      }, 1);
    };

    setTimeout(() => {
      start();
      setTimeout(() => { cpuAtStart = process.cpuUsage(); }, Math.max(0, measureFrom - performance.now()));
      setTimeout(() => {
        sending = false;
        const cpu = process.cpuUsage(cpuAtStart ?? undefined);
        result.cpuMs = (cpu.user + cpu.system) / 1000;
        result.measuredMs = performance.now() - measureFrom;
        // Replies still on their way belong to no measurement; wait for them so the sockets close quietly.
        setTimeout(() => {
          clearInterval(sweep);
          if (ticker) clearInterval(ticker);
          for (let slot = 0; slot < slots; slot++) if (state[slot] === OUTSTANDING && inMeasurement[slot]) result.lost++;
          for (const socket of sockets) socket.close();
          result.histogram = Array.from(histogram);
          resolve(result);
        }, config.timeoutMs + 50);
      }, Math.max(0, measureTo - performance.now()));
    }, Math.max(0, goAt - performance.now()));
  });
}

// Clocks differ between processes: 'go' carries a delay, turned into this process's own time.
let prepared: Awaited<ReturnType<typeof prepare>> | null = null;
let config: LoadProcessConfig | null = null;
process.on('message', (message: Message) => {
  void (async () => {
    try {
      if (message.type === 'config') {
        config = message.config;
        prepared = await prepare(config);
        process.send!({ type: 'ready', encodeMs: prepared.encodeMs });
      } else if (message.type === 'go' && prepared && config) {
        const result = await run(config, prepared, performance.now() + message.at);
        process.send!({ type: 'result', result }, () => process.exit(0));
      }
    } catch (error) {
      process.send!({ type: 'failed', message: error instanceof Error ? error.stack ?? error.message : String(error) }, () => process.exit(1));
    }
  })();
});
