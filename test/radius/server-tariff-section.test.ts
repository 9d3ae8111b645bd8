/**
 * The tariff's radius section, as an operator writes it in a tariff file: every key read into
 * what the RADIUS server sends, every mistake refused at its line and column (a setting nothing
 * reads is never taken silently), and the reply attributes the server encodes from it.
 */
import { describe, expect, it } from 'vitest';
import { checkTariff } from '../../src/import/tariffs.ts';
import { contentHash } from '../../src/domain/tariff/decider.ts';
import { tariffReplyAttributes } from '../../src/radius/server.ts';
import { bundledDictionary } from '../../src/radius/codec/dictionary-files.ts';
import { decodeValue } from '../../src/radius/codec/values.ts';

const HEAD = `id: NET
name: Network
currency: EUR
validFrom: 2026-01-01
category: internet
`;

const check = (text: string) => checkTariff(text, () => null, null, 'net.yaml');
const reasons = async (text: string) => (await check(text)).errors.map((e) => `${e.line}:${e.column}: ${e.reason}`);

describe('tariff radius section', () => {
  it('given every key, when imported, then the section holds rates in bit/s, the timeouts, the pool and the extra attributes', async () => {
    const { checked, errors } = await check(`${HEAD}radius:
  rateLimit: { up: 10M, down: 512k }
  sessionTimeout: 86400
  interimInterval: 600
  framedPool: pool-a
  attributes: { Cisco-AVPair: "ip:addr-pool=pool-a", Framed-MTU: 1480 }
`);
    expect(errors).toEqual([]);
    expect(checked!.tariff.radius).toEqual({
      rateLimit: { upBitsPerSecond: 10_000_000, downBitsPerSecond: 512_000 },
      sessionTimeout: 86400,
      interimInterval: 600,
      framedPool: 'pool-a',
      attributes: { 'Cisco-AVPair': 'ip:addr-pool=pool-a', 'Framed-MTU': 1480 },
    });
  });

  it('given an empty section, then network access with the default interim interval of 300 s', async () => {
    const { checked } = await check(`${HEAD}radius: {}\n`);
    expect(checked!.tariff.radius).toEqual({ rateLimit: null, sessionTimeout: null, interimInterval: 300, framedPool: null, attributes: {} });
  });

  it('given no section, then no network access, and the content hash of tariffs written before the section existed is unchanged', async () => {
    const { checked } = await check(HEAD);
    expect(checked!.tariff).not.toHaveProperty('radius');
    expect(contentHash(checked!.tariff)).toBe(contentHash({ id: 'NET', name: { en: 'Network' }, currency: 'EUR', validFrom: '2026-01-01', category: 'internet', recurring: [], oneTime: [], usage: [] }));
  });

  it('refuses unknown keys, bad rates and timeouts, and attributes the dictionary does not know or cannot hold, each at its line and column', async () => {
    expect(await reasons(`${HEAD}radius:
  speed: 10M
  rateLimit: { up: 10X, sideways: 1M }
  sessionTimeout: 0
  interimInterval: 30
  framedPool: "pool a"
  attributes: { Not-An-Attribute: x, Framed-MTU: lots, Class: x }
`)).toEqual([
      '7:3: radius.speed: unknown field (expected one of rateLimit, sessionTimeout, interimInterval, framedPool, attributes)',
      '8:14: radius.rateLimit.down: is required (like 50M)',
      '8:20: radius.rateLimit.up: "10X" is not a rate (bit/s as a whole number, or with k, M or G: 512k, 10M, 1G)',
      '8:25: radius.rateLimit.sideways: unknown field (expected one of up, down)',
      '9:19: radius.sessionTimeout: 0 is not a whole number of seconds from 1 to 31536000',
      '10:20: radius.interimInterval: 30 is not a whole number of seconds from 60 to 86400',
      '11:15: radius.framedPool: "pool a" is not a pool name (1 to 253 printable ASCII characters, no spaces)',
      '12:17: radius.attributes.Not-An-Attribute: Not-An-Attribute is not an attribute of billstream\'s RADIUS dictionary (names as FreeRADIUS writes them, like Cisco-AVPair or Framed-MTU)',
      '12:50: radius.attributes.Framed-MTU: Framed-MTU (integer): \'lots\' is not an integer in 0..4294967295',
      '12:63: radius.attributes.Class: Class is set by billstream itself (from the radius section or the protocol); it cannot be an extra attribute',
    ]);
  });

  it('refuses a rate beyond what a 32-bit attribute holds, and a section that is not a mapping', async () => {
    expect(await reasons(`${HEAD}radius:\n  rateLimit: { up: 5G, down: 1G }\n`)).toEqual(['7:20: radius.rateLimit.up: 5G is not from 1 bit/s to 4294967295 bit/s (a 32-bit attribute)']);
    expect(await reasons(`${HEAD}radius: yes\n`)).toEqual(['6:9: radius: the radius section is a mapping: rateLimit, sessionTimeout, interimInterval, framedPool, attributes']);
  });

  it('encodes the reply: Mikrotik rx/tx as up/down, WISPr in bit/s, ChilliSpot in kbit/s rounded up, and the standard attributes', () => {
    const dictionary = bundledDictionary();
    const attributes = tariffReplyAttributes(dictionary, { rateLimit: { upBitsPerSecond: 1_500, downBitsPerSecond: 2_000_000_000 }, sessionTimeout: 3600, interimInterval: 300, framedPool: 'p', attributes: { 'Idle-Timeout': 600 } });
    const named = Object.fromEntries(attributes.map((a) => {
      const definition = dictionary.attributeByCode(a.vendorId, a.type)!;
      return [definition.name, decodeValue(definition, a.value)];
    }));
    expect(named).toEqual({
      'Session-Timeout': 3600,
      'Acct-Interim-Interval': 300,
      'Framed-Pool': 'p',
      'Mikrotik-Rate-Limit': '1500/2G',
      'WISPr-Bandwidth-Max-Up': 1500,
      'WISPr-Bandwidth-Max-Down': 2_000_000_000,
      'ChilliSpot-Bandwidth-Max-Up': 2,
      'ChilliSpot-Bandwidth-Max-Down': 2_000_000,
      'Idle-Timeout': 600,
    });
  });
});
