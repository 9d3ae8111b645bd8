/**
 * `npm run bench:radius-codec`: our RADIUS codec against the `radius` npm package (1.1.4) on the
 * same work, single-threaded in this process:
 * - decode + verify: an Access-Request with PAP and Message-Authenticator, decoded, its
 *   Message-Authenticator checked and User-Name and the revealed User-Password read;
 * - encode + sign: the Access-Accept to it (Session-Timeout, Acct-Interim-Interval,
 *   Framed-IP-Address, Class, Reply-Message) with Message-Authenticator and Response Authenticator.
 * The requests are 1,000 distinct pre-encoded datagrams. Rounds alternate between the two
 * codecs and the median round is printed. Prints figures; asserts nothing but that both codecs
 * read the same user and password and accept each other's packets.
 *
 *   npm run bench:radius-codec -- [--seconds S per round] [--rounds N]
 */
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { attribute, readAttribute } from '../../src/radius/codec/attributes.ts';
import { encodeReply, encodeRequest, messageAuthenticatorValid, revealPassword } from '../../src/radius/codec/crypto.ts';
import { bundledDictionary } from '../../src/radius/codec/dictionary-files.ts';
import { decodePacket, RADIUS_CODES, type RadiusPacket } from '../../src/radius/codec/packet.ts';

/** The part of the `radius` package's API used here (it ships no types). */
interface RadiusLibraryPacket {
  code: string;
  identifier: number;
  authenticator: Buffer;
  attributes: Record<string, unknown>;
  raw_attributes: unknown[];
}
interface RadiusLibrary {
  decode(args: { packet: Buffer; secret: string }): RadiusLibraryPacket;
  encode_response(args: { packet: RadiusLibraryPacket; code: string; secret: string; attributes: [string, unknown][] }): Buffer;
  verify_response(args: { request: Buffer; response: Buffer; secret: string }): boolean;
}
const radius = createRequire(import.meta.url)('radius') as RadiusLibrary;

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '1.5' }, rounds: { type: 'string', default: '5' } } });
const ROUND_MS = Number(values.seconds) * 1000;
const ROUNDS = Number(values.rounds);
if (!(ROUND_MS > 0) || !Number.isInteger(ROUNDS) || ROUNDS < 1) throw new Error('--seconds must be > 0 and --rounds a whole number >= 1');

const dictionary = bundledDictionary();
const SECRET_TEXT = 'bench-shared-secret';
const SECRET = Buffer.from(SECRET_TEXT);
const REQUESTS = 1000;

const requests: Buffer[] = Array.from({ length: REQUESTS }, (_, i) =>
  encodeRequest(
    RADIUS_CODES.AccessRequest,
    i % 256,
    [
      attribute(dictionary, 'User-Name', `user${String(i).padStart(6, '0')}@isp.example`),
      attribute(dictionary, 'NAS-IP-Address', '10.20.30.40'),
      attribute(dictionary, 'NAS-Port', 1000 + i),
      attribute(dictionary, 'NAS-Port-Type', 'Ethernet'),
      attribute(dictionary, 'Service-Type', 'Framed-User'),
      attribute(dictionary, 'Calling-Station-Id', '00:11:22:33:44:55'),
      attribute(dictionary, 'Called-Station-Id', 'bras-1'),
      attribute(dictionary, 'NAS-Identifier', 'bras-1.pop.example'),
    ],
    SECRET,
    { password: Buffer.from(`pw-${i}-secret`) },
  ),
);

const REPLY = {
  sessionTimeout: 86_400,
  interim: 300,
  framedIp: '100.64.1.2',
  classValue: Buffer.from('bs1:sp=SP-000001;sub=S-000001'),
  message: 'Welcome',
};
const ourReplyAttributes = [
  attribute(dictionary, 'Session-Timeout', REPLY.sessionTimeout),
  attribute(dictionary, 'Acct-Interim-Interval', REPLY.interim),
  attribute(dictionary, 'Framed-IP-Address', REPLY.framedIp),
  attribute(dictionary, 'Class', REPLY.classValue),
  attribute(dictionary, 'Reply-Message', REPLY.message),
];
const theirReplyAttributes = (): [string, unknown][] => [
  ['Session-Timeout', REPLY.sessionTimeout],
  ['Acct-Interim-Interval', REPLY.interim],
  ['Framed-IP-Address', REPLY.framedIp],
  ['Class', REPLY.classValue],
  ['Reply-Message', REPLY.message],
];

function oursDecode(bytes: Buffer): { packet: RadiusPacket; user: string; password: string } {
  const packet = decodePacket(bytes, dictionary);
  if (!messageAuthenticatorValid(packet, SECRET)) throw new Error('Message-Authenticator invalid');
  const user = readAttribute(dictionary, packet, 'User-Name') as string;
  const password = revealPassword(readAttribute(dictionary, packet, 'User-Password') as Buffer, SECRET, packet.authenticator).toString('utf8');
  return { packet, user, password };
}

function theirsDecode(bytes: Buffer): { packet: RadiusLibraryPacket; user: string; password: string } {
  const packet = radius.decode({ packet: bytes, secret: SECRET_TEXT });
  return { packet, user: packet.attributes['User-Name'] as string, password: packet.attributes['User-Password'] as string };
}

// Both read the same; each accepts the other's reply.
for (const bytes of requests.slice(0, 20)) {
  const ours = oursDecode(bytes);
  const theirs = theirsDecode(bytes);
  if (ours.user !== theirs.user || ours.password !== theirs.password) throw new Error(`codecs disagree: ${ours.user}/${ours.password} vs ${theirs.user}/${theirs.password}`);
  const ourReply = encodeReply(ours.packet, RADIUS_CODES.AccessAccept, ourReplyAttributes, SECRET);
  if (!radius.verify_response({ request: bytes, response: ourReply, secret: SECRET_TEXT })) throw new Error('radius package refuses our reply');
  const theirReply = radius.encode_response({ packet: theirs.packet, code: 'Access-Accept', secret: SECRET_TEXT, attributes: theirReplyAttributes() });
  if (!messageAuthenticatorValid(decodePacket(theirReply), SECRET, ours.packet.authenticator)) throw new Error("we refuse the radius package's reply");
}

/** Operations per second of `work` over a round (checked against the clock every 256 operations). */
function round(work: (i: number) => void): number {
  const started = performance.now();
  let done = 0;
  while (performance.now() - started < ROUND_MS) {
    for (let i = 0; i < 256; i++, done++) work(done);
  }
  return done / ((performance.now() - started) / 1000);
}

const oursDecoded = requests.map((bytes) => oursDecode(bytes).packet);
const theirsDecoded = requests.map((bytes) => theirsDecode(bytes).packet);
const workloads: Record<string, (i: number) => void> = {
  'ours   decode+verify': (i) => void oursDecode(requests[i % REQUESTS]!),
  'radius decode+verify': (i) => void theirsDecode(requests[i % REQUESTS]!),
  'ours   encode+sign  ': (i) => void encodeReply(oursDecoded[i % REQUESTS]!, RADIUS_CODES.AccessAccept, ourReplyAttributes, SECRET),
  'radius encode+sign  ': (i) => void radius.encode_response({ packet: theirsDecoded[i % REQUESTS]!, code: 'Access-Accept', secret: SECRET_TEXT, attributes: theirReplyAttributes() }),
};

// Warm both up (JIT) before measuring.
for (const work of Object.values(workloads)) for (let i = 0; i < 20_000; i++) work(i);

const rates = new Map<string, number[]>(Object.keys(workloads).map((name) => [name, []]));
for (let r = 0; r < ROUNDS; r++) for (const [name, work] of Object.entries(workloads)) rates.get(name)!.push(round(work));
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const format = (n: number): string => `${Math.round(n).toLocaleString('en-US')}/s`.padStart(12);

console.log(`RADIUS codec, Access-Request with PAP and Message-Authenticator (${REQUESTS} distinct datagrams of ${requests[0]!.length} octets), Node ${process.version}, median of ${ROUNDS} rounds of ${ROUND_MS / 1000} s`);
for (const [name, list] of rates) console.log(`  ${name} ${format(median(list))}`);
const ratio = (a: string, b: string): string => (median(rates.get(a)!) / median(rates.get(b)!)).toFixed(1);
console.log(`  ours / radius: decode+verify ${ratio('ours   decode+verify', 'radius decode+verify')}x, encode+sign ${ratio('ours   encode+sign  ', 'radius encode+sign  ')}x`);
