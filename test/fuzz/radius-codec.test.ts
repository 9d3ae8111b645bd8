/**
 * Fuzz (issue 17): 100,000 random and mutated datagrams (truncated, wrong Length fields,
 * overrunning, short and zero-length attributes, broken VSAs, unknown vendors, flipped octets)
 * through decodePacket, the typed readers and the authenticator checks. Each may succeed or
 * throw a RadiusDecodeError; anything else fails, and so does a datagram that takes too long.
 * Seeded by BILLSTREAM_FUZZ_SEED (default 20261011); BILLSTREAM_FUZZ_RUNS overrides the count.
 */
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { attribute, readAll } from '../../src/radius/codec/attributes.ts';
import { messageAuthenticatorValid, requestAuthenticatorValid, revealPassword } from '../../src/radius/codec/crypto.ts';
import { bundledDictionary } from '../../src/radius/codec/dictionary-files.ts';
import { decodePacket, encodePacket, RadiusDecodeError, type RawAttribute } from '../../src/radius/codec/packet.ts';

const RUNS = Number(process.env.BILLSTREAM_FUZZ_RUNS || 100_000);
const SEED = Number(process.env.BILLSTREAM_FUZZ_SEED || 20261011);
/** One datagram through everything must stay far below a server's per-packet budget. */
const MAX_MS_PER_DATAGRAM = 100;

const dictionary = bundledDictionary();
const SECRET = Buffer.from('fuzz-secret');
/** Attributes of every data type the readers decode, standard and vendor. */
const READ_NAMES = [
  'User-Name', 'User-Password', 'NAS-IP-Address', 'NAS-Port', 'Service-Type', 'Class', 'Event-Timestamp',
  'Acct-Status-Type', 'Acct-Input-Octets', 'Acct-Input-Gigawords', 'EAP-Message', 'Message-Authenticator',
  'NAS-IPv6-Address', 'Framed-Interface-Id', 'Framed-IPv6-Prefix', 'Delegated-IPv6-Prefix', 'Tunnel-Type',
  'Tunnel-Private-Group-Id', 'Cisco-AVPair', 'h323-credit-time', 'MS-CHAP2-Response', 'Mikrotik-Rate-Limit',
  'ChilliSpot-Max-Total-Octets', 'WISPr-Bandwidth-Max-Down',
];

/** xorshift32: a small seeded generator, so that a failure names the seed and the run that reproduce it. */
function generator(seed: number): { int(max: number): number; bytes(n: number): Buffer } {
  let state = seed >>> 0 || 1;
  const next = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x100000000;
  };
  return {
    int: (max) => Math.floor(next() * max),
    bytes: (n) => Buffer.from(Array.from({ length: n }, () => Math.floor(next() * 256))),
  };
}

type Random = ReturnType<typeof generator>;

const VALID_ATTRIBUTES: RawAttribute[] = [
  attribute(dictionary, 'User-Name', 'alice@example.net'),
  attribute(dictionary, 'User-Password', Buffer.alloc(16, 0x42)),
  attribute(dictionary, 'NAS-IP-Address', '10.0.0.1'),
  attribute(dictionary, 'Acct-Status-Type', 'Interim-Update'),
  attribute(dictionary, 'Acct-Input-Gigawords', 3),
  attribute(dictionary, 'Event-Timestamp', 1_790_000_000),
  attribute(dictionary, 'Framed-IPv6-Prefix', '2001:db8:1::/48'),
  attribute(dictionary, 'NAS-IPv6-Address', '2001:db8::1'),
  attribute(dictionary, 'Mikrotik-Rate-Limit', '10M/50M'),
  attribute(dictionary, 'ChilliSpot-Max-Total-Octets', 123456),
  attribute(dictionary, 'h323-credit-time', 'h323-credit-time=60'),
  attribute(dictionary, 'Message-Authenticator', Buffer.alloc(16)),
  { type: 7, vendorId: 65001, value: Buffer.from('unknown vendor') },
];

/** A well-formed datagram of random valid and random-byte attributes. */
function validDatagram(random: Random): Buffer {
  const attributes: RawAttribute[] = [];
  for (let i = random.int(10); i >= 0; i--) {
    if (random.int(3) === 0) attributes.push({ type: 1 + random.int(255), vendorId: random.int(4) === 0 ? 1 + random.int(0xffffff) : 0, value: random.bytes(1 + random.int(40)) });
    else attributes.push(VALID_ATTRIBUTES[random.int(VALID_ATTRIBUTES.length)]!);
  }
  const clean = attributes.map((a) => (a.vendorId === 0 && a.type === 26 ? { ...a, type: 25 } : a));
  return encodePacket({ code: [1, 2, 3, 4, 5, 11, 12, 40, 43][random.int(9)]!, identifier: random.int(256), authenticator: random.bytes(16), attributes: clean });
}

/** The offsets of the attribute headers in a datagram (as far as they chain). */
function attributeOffsets(bytes: Buffer): number[] {
  const offsets: number[] = [];
  for (let at = 20; at + 1 < bytes.length && bytes[at + 1]! >= 2; at += bytes[at + 1]!) offsets.push(at);
  return offsets;
}

const MUTATIONS: ((bytes: Buffer, random: Random) => Buffer)[] = [
  // truncated anywhere
  (bytes, random) => bytes.subarray(0, random.int(bytes.length + 1)),
  // a wrong Length field
  (bytes, random) => {
    if (bytes.length < 4) return bytes;
    const out = Buffer.from(bytes);
    out.writeUInt16BE([0, 19, 20, bytes.length - 1, Math.min(bytes.length + 1, 65535), 4096, 4097, 65535, random.int(65536)][random.int(9)]!, 2);
    return out;
  },
  // an attribute's length octet set to 0, 1, 2, one too many or random (overrunning, zero-length)
  (bytes, random) => {
    const offsets = attributeOffsets(bytes);
    if (offsets.length === 0) return bytes;
    const out = Buffer.from(bytes);
    const at = offsets[random.int(offsets.length)]!;
    out[at + 1] = [0, 1, 2, out[at + 1]! + 1, random.int(256)][random.int(5)]!;
    return out;
  },
  // a VSA's inside broken: vendor id, a sub-attribute's length
  (bytes, random) => {
    const out = Buffer.from(bytes);
    const vsas = attributeOffsets(bytes).filter((at) => bytes[at] === 26 && at + 6 <= bytes.length);
    if (vsas.length === 0) return out;
    const at = vsas[random.int(vsas.length)]!;
    if (random.int(2) === 0) out.writeUInt32BE([0, 0x01000009, 14988, 24757, random.int(0x1000000)][random.int(5)]!, at + 2);
    else if (at + 7 < out.length) out[at + 7] = random.int(8);
    return out;
  },
  // random octets flipped
  (bytes, random) => {
    const out = Buffer.from(bytes);
    for (let i = 1 + random.int(4); i > 0; i--) out[random.int(out.length)] = random.int(256);
    return out;
  },
  // garbage after Length, or a datagram over 4096 octets
  (bytes, random) => Buffer.concat([bytes, random.bytes(random.int(2) === 0 ? random.int(40) : 4097)]),
];

function fuzzDatagram(random: Random): Buffer {
  const kind = random.int(10);
  if (kind === 0) return random.bytes(random.int(64));
  if (kind === 1) return random.bytes(20 + random.int(300));
  let bytes = validDatagram(random);
  for (let i = random.int(3); i >= 0; i--) bytes = MUTATIONS[random.int(MUTATIONS.length)]!(bytes, random);
  return bytes;
}

/** Everything a server does with a datagram before it looks up a user: decode, check, read. */
function exercise(bytes: Buffer): string {
  try {
    decodePacket(bytes);
    const packet = decodePacket(bytes, dictionary);
    messageAuthenticatorValid(packet, SECRET, Buffer.alloc(16));
    requestAuthenticatorValid(packet, SECRET);
    for (const name of READ_NAMES) readAll(dictionary, packet, name);
    for (const hidden of readAll(dictionary, packet, 'User-Password')) revealPassword(hidden as Buffer, SECRET, packet.authenticator);
    return 'ok';
  } catch (error) {
    if (error instanceof RadiusDecodeError) return error.reason;
    throw error;
  }
}

describe('fuzz: RADIUS codec', () => {
  it(`${RUNS} random and mutated datagrams: only RadiusDecodeError, in bounded time`, () => {
    const random = generator(SEED);
    const outcomes = new Map<string, number>();
    let slowest = 0;
    const started = performance.now();
    for (let run = 0; run < RUNS; run++) {
      const bytes = fuzzDatagram(random);
      const before = performance.now();
      let outcome: string;
      try {
        outcome = exercise(bytes);
      } catch (error) {
        throw new Error(`seed ${SEED}, run ${run}: ${(error as Error).stack}\ndatagram: ${bytes.toString('hex')}`);
      }
      slowest = Math.max(slowest, performance.now() - before);
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }
    const seconds = (performance.now() - started) / 1000;
    const summary = [...outcomes].sort((a, b) => b[1] - a[1]).map(([reason, count]) => `${reason} ${count}`).join(', ');
    console.log(`radius codec fuzz: ${RUNS} datagrams in ${seconds.toFixed(2)} s (${Math.round(RUNS / seconds)}/s, slowest ${slowest.toFixed(2)} ms), seed ${SEED}: ${summary}`);
    expect(slowest).toBeLessThan(MAX_MS_PER_DATAGRAM);
    // Both accepted and refused datagrams of the main kinds are reached.
    for (const reason of ['ok', 'too-short', 'too-long', 'length-mismatch', 'attribute-overrun', 'attribute-too-short', 'zero-length-attribute', 'bad-vsa', 'bad-value-size']) {
      expect(outcomes.get(reason) ?? 0, reason).toBeGreaterThan(0);
    }
  }, 120_000);
});
