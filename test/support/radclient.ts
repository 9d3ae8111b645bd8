/**
 * Debian's `radclient` (package freeradius-utils) as a real RADIUS peer for tests: it encodes the
 * requests (User-Password hiding, CHAP, Message-Authenticator, accounting authenticators) and
 * checks every reply's Response Authenticator and Message-Authenticator with FreeRADIUS's own
 * code, so a test that passes here passes against the NAS software people run. Where radclient
 * is not installed, suites skip with `RADCLIENT_SKIP_REASON` (`.ci/run` installs it).
 *
 * radclient is run with `-x` (print every packet sent and received) and `-p 1` (one packet at a
 * time, in the order given), and its output is parsed into one exchange per request sent.
 * radclient stops at the first request that gets no reply: the requests after it are not sent
 * and have no exchange (send a request expected to be dropped last, or on its own).
 */
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

let available: boolean | undefined;

/** Whether `radclient` can be run here (checked once). */
export function radclientAvailable(): boolean {
  if (available === undefined) {
    try {
      execFileSync('radclient', ['-v'], { stdio: 'ignore', timeout: 10_000 });
      available = true;
    } catch {
      available = false;
    }
  }
  return available;
}

/** For `describe.skipIf(!radclientAvailable())(...)`'s name or a skip message. */
export const RADCLIENT_SKIP_REASON = 'radclient not found (Debian package freeradius-utils; .ci/run installs it)';

/** radclient's request kinds: auth = Access-Request, acct = Accounting-Request, status = Status-Server, coa / disconnect = RFC 5176. */
export type RadclientCommand = 'auth' | 'acct' | 'status' | 'coa' | 'disconnect';

/**
 * One request: attribute name (FreeRADIUS dictionary name) to value, written as radclient reads
 * it (`User-Password` in clear: radclient hides it; `CHAP-Password` in clear: radclient computes
 * the CHAP response; `Message-Authenticator = 0x00`: radclient computes it; octets as `0x…`).
 * A list of pairs when an attribute repeats.
 */
export type RadiusRequestAttributes = Record<string, string | number | bigint> | [string, string | number | bigint][];

export interface RadiusAttributeValue { name: string; value: string }

export interface RadclientReply {
  /** The reply's code as FreeRADIUS names it: 'Access-Accept', 'Access-Reject', 'Accounting-Response', 'CoA-ACK', … */
  code: string;
  identifier: number;
  /** First value of each attribute, as radclient prints it with the quotes of strings removed (integers with a VALUE name by that name, octets as 0x…). */
  attributes: Record<string, string>;
  /** Every attribute in packet order, repeats included. */
  list: RadiusAttributeValue[];
}

export interface RadclientExchange {
  /** Which request (0-based, in the order given; with `count` > 1 each request appears `count` times in a row). */
  request: number;
  identifier: number;
  /** Source port radclient sent from. */
  sourcePort: number;
  /** Times the packet was sent: 1, or more when radclient retransmitted it after a timeout. */
  sends: number;
  /** The attributes radclient sent, as it printed them. */
  sent: RadiusAttributeValue[];
  /** null when no (valid) reply came: radclient drops a reply whose authenticator does not verify with the secret. */
  reply: RadclientReply | null;
}

export interface RadclientResult {
  exchanges: RadclientExchange[];
  /** radclient's exit status (1 when a reply was not the expected one or did not come). */
  exitCode: number | null;
  stdout: string;
  /** radclient's complaints, e.g. "(0) No reply from server for ID 12 socket 3" or a reply that failed verification. */
  stderr: string;
}

export interface RadclientOptions {
  /** Packets sent per request before giving up (radclient `-r`; it counts the first send). Default 1: no retransmission. */
  retries?: number;
  /** Seconds to wait for each reply (radclient `-t`). Default 2. */
  timeout?: number;
  /** Send each request this many times, one after another, each as a new packet (new identifier and authenticator: radclient `-c`). Default 1. */
  count?: number;
}

export interface RadiusServerAddress { address?: string; port: number }

/** radclient's `server[:port]`: an IPv6 address in brackets. */
function serverTarget(server: RadiusServerAddress): string {
  const address = server.address ?? '127.0.0.1';
  return `${address.includes(':') ? `[${address}]` : address}:${server.port}`;
}

/** Runs radclient against `server` and returns one exchange per packet it sent. */
export async function radclient(
  server: RadiusServerAddress | string,
  secret: string,
  command: RadclientCommand,
  requests: RadiusRequestAttributes | RadiusRequestAttributes[] | string,
  options: RadclientOptions = {},
): Promise<RadclientResult> {
  const retries = options.retries ?? 1;
  const timeout = options.timeout ?? 2;
  const count = options.count ?? 1;
  const input = typeof requests === 'string' ? requests : requestFile(isRequestList(requests) ? requests : [requests]);
  const packets = typeof requests === 'string' ? requests.split(/\n\s*\n/).filter((block) => block.trim()).length : isRequestList(requests) ? requests.length : 1;
  const target = typeof server === 'string' ? server : serverTarget(server);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'radclient-'));
  const file = path.join(dir, 'requests.txt');
  fs.writeFileSync(file, input);
  // radclient stops by itself after its own timeouts; the deadline only catches a hang.
  const deadlineMs = (packets * count * retries * timeout + 10) * 1000;
  try {
    const { stdout, stderr, exitCode } = await new Promise<{ stdout: string; stderr: string; exitCode: number | null }>((resolve, reject) => {
      execFile('radclient', ['-x', '-p', '1', '-r', String(retries), '-t', String(timeout), '-c', String(count), '-f', file, target, command, secret], { timeout: deadlineMs, killSignal: 'SIGKILL' }, (error, out, err) => {
        const failure = error as (Error & { code?: number | string; killed?: boolean }) | null;
        if (failure?.killed) reject(new Error(`radclient did not finish within ${deadlineMs} ms:\n${out}\n${err}`));
        else if (failure && typeof failure.code !== 'number') reject(failure);
        else resolve({ stdout: out, stderr: err, exitCode: failure ? (failure.code as number) : 0 });
      });
    });
    return { exchanges: parseRadclientOutput(stdout, retries, count), exitCode, stdout, stderr };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function isRequestList(requests: RadiusRequestAttributes | RadiusRequestAttributes[]): requests is RadiusRequestAttributes[] {
  // A list of pairs is one request; a list of records or of pair lists is many.
  return Array.isArray(requests) && requests.every((r) => !Array.isArray(r) || Array.isArray(r[0]) || r.length === 0);
}

/** radclient's input: one request per paragraph, `Name = "value"` pairs separated by commas. */
export function requestFile(requests: RadiusRequestAttributes[]): string {
  return requests
    .map((request) => {
      const pairs = Array.isArray(request) ? request : Object.entries(request);
      // Quoted values are converted by each attribute's type, so numbers, addresses, enumerated names and 0x octets all work quoted.
      return pairs.map(([name, value]) => `${name} = "${String(value).replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',\n');
    })
    .join('\n\n') + '\n';
}

const SENT = /^Sent (\S+(?: \S+)*?) Id (\d+) from [^ ]*:(\d+) to /;
const RECEIVED = /^Received (\S+(?: \S+)*?) Id (\d+) from /;

/**
 * radclient `-x -p 1` prints, per packet, "Sent <code> Id <n> from <addr>:<port> to …" and its
 * attributes (tab-indented), again for each retransmission, then "Received <code> Id <n> …" and
 * the reply's attributes, or nothing when no reply came. A packet that got no reply was sent
 * exactly `retries` times, which tells a retransmission from the next request even when both
 * happen to have the same identifier and port.
 */
export function parseRadclientOutput(stdout: string, retries: number, count = 1): RadclientExchange[] {
  const exchanges: RadclientExchange[] = [];
  let open: RadclientExchange | null = null;
  let attributes: RadiusAttributeValue[] | null = null;
  let packetsSeen = 0;
  for (const line of stdout.split('\n')) {
    const sent = SENT.exec(line);
    const received = sent ? null : RECEIVED.exec(line);
    if (sent) {
      const identifier = Number(sent[2]);
      const sourcePort = Number(sent[3]);
      if (open && open.reply === null && open.identifier === identifier && open.sourcePort === sourcePort && open.sends < retries) {
        open.sends++;
        attributes = null; // the retransmission repeats the same attributes
      } else {
        open = { request: Math.floor(packetsSeen / count), identifier, sourcePort, sends: 1, sent: [], reply: null };
        packetsSeen++;
        exchanges.push(open);
        attributes = open.sent;
      }
    } else if (received) {
      const reply: RadclientReply = { code: received[1]!, identifier: Number(received[2]), attributes: {}, list: [] };
      if (open && open.reply === null && open.identifier === reply.identifier) open.reply = reply;
      attributes = reply.list;
    } else if (attributes && line.startsWith('\t')) {
      const pair = /^\t(\S+) = (.*)$/.exec(line);
      if (pair) attributes.push({ name: pair[1]!, value: unquote(pair[2]!) });
    }
  }
  for (const exchange of exchanges) {
    for (const { name, value } of exchange.reply?.list ?? []) exchange.reply!.attributes[name] ??= value;
    // radclient lists the Cleartext-Password it used to compute User-Password or CHAP-Password: not on the wire.
    exchange.sent = exchange.sent.filter((a) => a.name !== 'Cleartext-Password');
  }
  return exchanges;
}

/** A value as FreeRADIUS prints it: strings in double quotes with \\ \" \n \r \t and \ooo escapes, everything else bare. */
function unquote(printed: string): string {
  if (!printed.startsWith('"') || !printed.endsWith('"') || printed.length < 2) return printed;
  const bytes: number[] = [];
  const body = Buffer.from(printed.slice(1, -1), 'utf8');
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== 0x5c || i + 1 >= body.length) {
      bytes.push(c);
      continue;
    }
    const next = String.fromCharCode(body[++i]!);
    const octal = /^[0-7]{3}$/.test(body.subarray(i, i + 3).toString('latin1'));
    if (octal) {
      bytes.push(parseInt(body.subarray(i, i + 3).toString('latin1'), 8));
      i += 2;
    } else bytes.push(({ n: 0x0a, r: 0x0d, t: 0x09 } as Record<string, number>)[next] ?? next.charCodeAt(0));
  }
  return Buffer.from(bytes).toString('utf8');
}

export interface RadtestOptions extends RadclientOptions {
  /** How the password travels: in User-Password (PAP) or as a CHAP response radclient computes. Default 'pap'. */
  method?: 'pap' | 'chap';
  /** NAS-IP-Address sent (radtest sends the host's address); default 127.0.0.1. */
  nasIpAddress?: string;
  /** Sends a Message-Authenticator (as NASes hardened against BlastRADIUS do). Default true. */
  messageAuthenticator?: boolean;
  /** More attributes to send. */
  attributes?: Record<string, string | number | bigint>;
}

/** radtest-like: one Access-Request for `user` with `password` by PAP or CHAP; the exchange with its reply (null when none came). */
export async function radtest(server: RadiusServerAddress | string, secret: string, user: string, password: string, options: RadtestOptions = {}): Promise<RadclientExchange> {
  // radclient reads CHAP-Password as octets and keeps a backslash's escape in it: the CHAP response would be for another password.
  if (options.method === 'chap' && password.includes('\\')) throw new Error('radclient cannot send a CHAP password holding a backslash');
  const request: Record<string, string | number | bigint> = {
    'User-Name': user,
    [options.method === 'chap' ? 'CHAP-Password' : 'User-Password']: password,
    'NAS-IP-Address': options.nasIpAddress ?? '127.0.0.1',
    ...(options.messageAuthenticator === false ? {} : { 'Message-Authenticator': '0x00' }),
    ...options.attributes,
  };
  const result = await radclient(server, secret, 'auth', request, options);
  const exchange = result.exchanges[0];
  if (!exchange) throw new Error(`radclient sent nothing:\n${result.stdout}\n${result.stderr}`);
  return exchange;
}
