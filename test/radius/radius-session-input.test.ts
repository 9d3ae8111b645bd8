/**
 * An Accounting-Request read into a session report (src/radius/accounting.ts): counters with
 * gigawords, names of enumerated values, the Class billstream gave, and every request that cannot
 * be recorded refused with the attribute it lacks.
 */
import { describe, expect, it } from 'vitest';
import { accountingInputFrom, type AccountingInput } from '../../src/radius/accounting.ts';
import { attribute } from '../../src/radius/codec/attributes.ts';
import { bundledDictionary } from '../../src/radius/codec/dictionary-files.ts';
import { encodeRequest } from '../../src/radius/codec/crypto.ts';
import { decodePacket, RADIUS_CODES, type RawAttribute } from '../../src/radius/codec/packet.ts';
import { encodeClass } from '../../src/radius/class.ts';

const dictionary = bundledDictionary();
const SECRET = Buffer.from('s3cret');

function read(attributes: Record<string, string | number | bigint | Buffer>, extra: RawAttribute[] = []) {
  const raw = [...Object.entries(attributes).map(([name, value]) => attribute(dictionary, name, value)), ...extra];
  return accountingInputFrom(dictionary, 'nas-1', decodePacket(encodeRequest(RADIUS_CODES.AccountingRequest, 7, raw, SECRET)));
}

describe('accountingInputFrom', () => {
  it('reads an Interim-Update: octets plus gigawords * 2^32, times, the Class, the stations and address', () => {
    const input = read({
      'Acct-Status-Type': 'Interim-Update', 'User-Name': ' 00-1A-2B-3C-4D-5E ', 'Acct-Session-Id': 'abc-1', 'Acct-Session-Time': 600, 'Acct-Delay-Time': 2, 'Event-Timestamp': 1_791_000_000,
      'Acct-Input-Octets': 5, 'Acct-Input-Gigawords': 3, 'Acct-Output-Octets': 4_294_967_295, Class: encodeClass({ servicePointId: 'SP-1', subscriptionId: 'S-1' }),
      'Called-Station-Id': 'hotspot-1', 'Calling-Station-Id': '00-1A-2B-3C-4D-5E', 'Framed-IP-Address': '10.0.0.7', 'Acct-Interim-Interval': 120,
    }) as AccountingInput;
    expect(input).toMatchObject({
      nasId: 'nas-1', statusType: 'Interim-Update', userName: '00:1a:2b:3c:4d:5e', acctSessionId: 'abc-1', sessionTime: 600, delaySeconds: 2, eventTimestamp: 1_791_000_000,
      inputOctets: 3n * 2n ** 32n + 5n, outputOctets: 4_294_967_295n, gigawords: true, owner: { servicePointId: 'SP-1', subscriptionId: 'S-1' },
      calledStationId: 'hotspot-1', framedIp: '10.0.0.7', interimInterval: 120, terminateCause: null,
    });
  });

  it('reads a Stop\'s cause by its name, counters without gigawords as 32-bit, another server\'s Class as no owner', () => {
    const input = read({ 'Acct-Status-Type': 'Stop', 'User-Name': 'anna', 'Acct-Session-Id': 'x', 'Acct-Session-Time': 0, 'Acct-Input-Octets': 10, 'Acct-Terminate-Cause': 'Idle-Timeout', Class: Buffer.from('other-server') }) as AccountingInput;
    expect([input.terminateCause, input.inputOctets, input.outputOctets, input.gigawords, input.owner, input.classValue?.toString()]).toEqual(['Idle-Timeout', 10n, null, false, null, 'other-server']);
  });

  it('reads Accounting-On and Accounting-Off with nothing but the status type', () => {
    expect(read({ 'Acct-Status-Type': 'Accounting-On' })).toMatchObject({ statusType: 'Accounting-On', userName: null, acctSessionId: null });
    expect(read({ 'Acct-Status-Type': 'Accounting-Off' })).toMatchObject({ statusType: 'Accounting-Off' });
  });

  it('refuses what cannot be recorded, naming the attribute', () => {
    const session = { 'User-Name': 'anna', 'Acct-Session-Id': 'x' };
    expect(read({ 'User-Name': 'anna' })).toEqual({ error: 'Acct-Status-Type is missing' });
    expect(read({ 'Acct-Status-Type': 'Tunnel-Start', ...session })).toEqual({ error: 'Acct-Status-Type 9 (Tunnel-Start) is not recorded: only Start, Interim-Update, Stop, Accounting-On and Accounting-Off are' });
    expect(read({ 'Acct-Status-Type': 'Start', 'User-Name': 'anna' })).toEqual({ error: 'Acct-Session-Id is missing: a Start must name its session' });
    expect(read({ 'Acct-Status-Type': 'Stop', 'Acct-Session-Id': 'x', 'Acct-Session-Time': 1 })).toEqual({ error: 'User-Name is missing: a session\'s usage is its user\'s' });
    expect(read({ 'Acct-Status-Type': 'Interim-Update', ...session })).toEqual({ error: 'Acct-Session-Time is missing: Interim-Update and Stop report the session\'s time so far' });
    expect(read({ 'Acct-Status-Type': 'Start', ...session, 'User-Name': 'a b' })).toEqual({ error: 'User-Name: "a b" is not a user name (no spaces, commas or semicolons)' });
    expect(read({ 'Acct-Status-Type': 'Start', ...session, 'Acct-Delay-Time': 40 * 86_400 })).toEqual({ error: 'Acct-Delay-Time 3456000 is more than 2592000 seconds (30 days)' });
    // An integer attribute of the wrong length: the codec names it.
    const bad = read({ 'Acct-Status-Type': 'Interim-Update', ...session }, [{ type: 46, vendorId: 0, value: Buffer.from([1, 2]) }]);
    expect('error' in bad && bad.error).toMatch(/Acct-Session-Time/);
  });
});
