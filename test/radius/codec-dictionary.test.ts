/**
 * FreeRADIUS-format dictionaries: what billstream reads, what it refuses (naming file:line),
 * and the bundled dictionary's attributes and vendors.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DictionaryError, parseDictionary } from '../../src/radius/codec/dictionary.ts';
import { bundledDictionary } from '../../src/radius/codec/dictionary-files.ts';

const parse = (files: Record<string, string>, entry = 'dictionary') => parseDictionary(new Map(Object.entries(files)), entry);

function parseError(files: Record<string, string>): string {
  try {
    parse(files);
  } catch (error) {
    if (error instanceof DictionaryError) return error.message;
    throw error;
  }
  throw new Error('parsed');
}

describe('dictionary format', () => {
  it('reads ATTRIBUTE, VALUE, VENDOR, BEGIN/END-VENDOR, $INCLUDE relative to the including file, flags and comments', () => {
    const dictionary = parse({
      dictionary: '# entry\n$INCLUDE vendors/dictionary.acme\nATTRIBUTE\tUser-Name\t1\tstring # the user\nVALUE Service-Type Framed-User 2\nATTRIBUTE Service-Type 6 integer\n',
      'vendors/dictionary.acme': '$INCLUDE dictionary.acme-values\nVENDOR Acme 0x7fff format=1,1\nBEGIN-VENDOR Acme\nATTRIBUTE Acme-Secret 1 string encrypt=2,has_tag\nATTRIBUTE Acme-Level 2 integer\nEND-VENDOR Acme\nATTRIBUTE Acme-Old-Style 3 octets Acme\n',
      'vendors/dictionary.acme-values': 'VALUE Acme-Level High 0x10\n',
    });
    expect(dictionary.attribute('user-name')).toMatchObject({ name: 'User-Name', vendorId: 0, type: 1, dataType: 'string' });
    expect(dictionary.attribute('Acme-Secret')).toMatchObject({ vendorId: 32767, type: 1, encrypt: 2, hasTag: true });
    expect(dictionary.attributeByCode(32767, 3)?.name).toBe('Acme-Old-Style');
    expect(dictionary.vendor('ACME')).toBe(32767);
    expect(dictionary.value('Acme-Level', 'high')).toBe(16);
    expect(dictionary.value('Service-Type', 'Framed-User')).toBe(2);
    expect(dictionary.valueName(dictionary.attribute('Service-Type')!, 2)).toBe('Framed-User');
  });

  it('an alias (second name for a number) is found by name and shares the VALUEs; the first name stays the one by number', () => {
    const dictionary = parse({ dictionary: 'ATTRIBUTE Client-Id 4 ipaddr\nATTRIBUTE NAS-IP-Address 4 ipaddr\nATTRIBUTE Kind 5 integer\nATTRIBUTE Sort 5 integer\nVALUE Kind Big 2\n' });
    expect(dictionary.attribute('NAS-IP-Address')?.type).toBe(4);
    expect(dictionary.attributeByCode(0, 4)?.name).toBe('Client-Id');
    expect(dictionary.value('Sort', 'Big')).toBe(2);
  });

  it('octets[n] fixes a value size: other sizes are refused when decoding and encoding', () => {
    const dictionary = parse({ dictionary: 'ATTRIBUTE Token 200 octets[4]\n' });
    expect(dictionary.attribute('Token')).toMatchObject({ dataType: 'octets', size: 4 });
  });

  const refusals: [string, Record<string, string>, string][] = [
    ['an unknown keyword', { dictionary: '\nPROTOCOL RADIUS 1\n' }, "dictionary:2: unknown keyword 'PROTOCOL'"],
    ['an unknown type', { dictionary: 'ATTRIBUTE X 1 text\n' }, "dictionary:1: unknown type 'text'"],
    ['a bad attribute number', { dictionary: 'ATTRIBUTE X one string\n' }, "dictionary:1: attribute number 'one' is not a number"],
    ['a standard attribute number over 255', { dictionary: 'ATTRIBUTE X 256 string\n' }, 'dictionary:1: attribute number 256 is not 1..255'],
    ['an extended attribute (RFC 6929)', { dictionary: 'ATTRIBUTE X 241.1 string\n' }, 'dictionary:1: attribute number 241.1: extended and TLV attributes (RFC 6929) are not supported'],
    ['an unsupported flag', { dictionary: 'ATTRIBUTE X 1 string array\n' }, "dictionary:1: flag 'array' is not supported"],
    ['a fixed size on another type than octets', { dictionary: 'ATTRIBUTE X 1 string[16]\n' }, 'dictionary:1: type string[16]: only octets take a fixed size (octets[n])'],
    ['a fixed size of 0', { dictionary: 'ATTRIBUTE X 1 octets[0]\n' }, 'dictionary:1: type octets[0]: a size is 1..253 octets'],
    ['a fixed size on an encrypted attribute', { dictionary: 'ATTRIBUTE X 1 octets[16] encrypt=1\n' }, 'dictionary:1: an encrypted attribute cannot have a fixed size'],
    ['concat on a string', { dictionary: 'ATTRIBUTE X 1 string concat\n' }, 'dictionary:1: concat is only for octets attributes'],
    ['a missing $INCLUDE', { dictionary: 'ATTRIBUTE X 1 string\n$INCLUDE dictionary.none\n' }, 'dictionary:2: $INCLUDE dictionary.none: no such file'],
    ['an absolute $INCLUDE', { dictionary: '$INCLUDE /etc/raddb/dictionary\n' }, 'dictionary:1: $INCLUDE /etc/raddb/dictionary: only paths relative to this file are supported'],
    ['an $INCLUDE cycle', { dictionary: '$INCLUDE a\n', a: '\n$INCLUDE dictionary\n' }, 'a:2: $INCLUDE dictionary includes itself (dictionary -> a -> dictionary)'],
    ['a VALUE of an unknown attribute', { dictionary: 'ATTRIBUTE X 1 integer\n\nVALUE Y Z 1\n' }, 'dictionary:3: VALUE for unknown attribute Y'],
    ['a VALUE of a string attribute', { dictionary: 'ATTRIBUTE X 1 string\nVALUE X Z 1\n' }, 'dictionary:2: VALUE for X of type string (only integer types take VALUEs)'],
    ['a VALUE name given two numbers', { dictionary: 'ATTRIBUTE X 1 integer\nVALUE X Z 1\nVALUE X Z 2\n' }, 'dictionary:3: VALUE X Z is already 1'],
    ['an attribute name given two numbers', { dictionary: 'ATTRIBUTE X 1 integer\nATTRIBUTE X 2 integer\n' }, 'dictionary:2: attribute X is already defined as 1 integer'],
    ['BEGIN-VENDOR of an unknown vendor', { dictionary: 'BEGIN-VENDOR Acme\n' }, 'dictionary:1: unknown vendor Acme (define it with VENDOR first)'],
    ['BEGIN-VENDOR with a parent format', { dictionary: 'VENDOR Acme 9\nBEGIN-VENDOR Acme format=Extended-Vendor-Specific-1\n' }, 'dictionary:2: BEGIN-VENDOR format=Extended-Vendor-Specific-1: only a vendor name is supported'],
    ['a BEGIN-VENDOR never ended', { dictionary: 'VENDOR Acme 9\nBEGIN-VENDOR Acme\nATTRIBUTE A 1 string\n' }, 'dictionary:4: BEGIN-VENDOR Acme without END-VENDOR'],
    ['END-VENDOR of another vendor', { dictionary: 'VENDOR Acme 9\nBEGIN-VENDOR Acme\nEND-VENDOR Other\n' }, 'dictionary:3: END-VENDOR Other without BEGIN-VENDOR Other'],
    ['a bad vendor format', { dictionary: 'VENDOR Acme 9 format=3,1\n' }, "dictionary:1: 'format=3,1' is not format=t,l[,c]"],
    ['a vendor number out of range', { dictionary: 'VENDOR Acme 16777216\n' }, "dictionary:1: vendor number '16777216' is not 1..16777215"],
    ['attributes of a non-1/1 vendor', { dictionary: 'VENDOR USR 429 format=4,0\nBEGIN-VENDOR USR\nATTRIBUTE USR-Speed 36865 integer\nEND-VENDOR USR\n' }, 'dictionary:3: attribute number 36865 is not 0..255'],
    ['attributes of a vendor with continuation', { dictionary: 'VENDOR WiMAX 24757 format=1,1,c\nBEGIN-VENDOR WiMAX\nATTRIBUTE WiMAX-Capability 1 octets\nEND-VENDOR WiMAX\n' }, 'dictionary:3: vendor WiMAX has format=1,1,c: only 1,1 vendors\' attributes are supported (their VSAs are kept raw)'],
  ];
  for (const [what, files, message] of refusals) {
    it(`refuses ${what}, naming file:line`, () => expect(parseError(files)).toContain(message));
  }

  it('a missing entry file is named', () => {
    expect(() => parse({}, 'dictionary')).toThrow('dictionary:0: no such file');
  });
});

describe('the bundled dictionary', () => {
  const dictionary = bundledDictionary();

  it('is read once and cached', () => expect(bundledDictionary()).toBe(dictionary));

  const expected: [string, number, number, string][] = [
    ['User-Name', 0, 1, 'string'],
    ['User-Password', 0, 2, 'string'],
    ['CHAP-Challenge', 0, 60, 'octets'],
    ['Acct-Input-Gigawords', 0, 52, 'integer'],
    ['Acct-Output-Gigawords', 0, 53, 'integer'],
    ['Event-Timestamp', 0, 55, 'date'],
    ['Message-Authenticator', 0, 80, 'octets'],
    ['Acct-Interim-Interval', 0, 85, 'integer'],
    ['Framed-Pool', 0, 88, 'string'],
    ['Framed-IPv6-Prefix', 0, 97, 'ipv6prefix'],
    ['Framed-Interface-Id', 0, 96, 'ifid'],
    ['Error-Cause', 0, 101, 'integer'],
    ['Delegated-IPv6-Prefix', 0, 123, 'ipv6prefix'],
    ['Framed-IPv6-Address', 0, 168, 'ipv6addr'],
    ['Cisco-AVPair', 9, 1, 'string'],
    ['h323-remote-address', 9, 23, 'string'],
    ['h323-conf-id', 9, 24, 'string'],
    ['h323-credit-time', 9, 102, 'string'],
    ['h323-return-code', 9, 103, 'string'],
    ['MS-CHAP-Error', 311, 2, 'string'],
    ['MS-CHAP-Challenge', 311, 11, 'octets'],
    ['MS-CHAP2-Response', 311, 25, 'octets'],
    ['MS-CHAP2-Success', 311, 26, 'octets'],
    ['MS-MPPE-Send-Key', 311, 16, 'octets'],
    ['MS-MPPE-Recv-Key', 311, 17, 'octets'],
    ['Mikrotik-Rate-Limit', 14988, 8, 'string'],
    ['Mikrotik-Recv-Limit', 14988, 1, 'integer'],
    ['Mikrotik-Xmit-Limit', 14988, 2, 'integer'],
    ['Mikrotik-Total-Limit', 14988, 17, 'integer'],
    ['Mikrotik-Total-Limit-Gigawords', 14988, 18, 'integer'],
    ['ChilliSpot-Max-Input-Octets', 14559, 1, 'integer'],
    ['ChilliSpot-Max-Output-Octets', 14559, 2, 'integer'],
    ['ChilliSpot-Max-Total-Octets', 14559, 3, 'integer'],
    ['ChilliSpot-Bandwidth-Max-Up', 14559, 4, 'integer'],
    ['ChilliSpot-Bandwidth-Max-Down', 14559, 5, 'integer'],
    ['ChilliSpot-Max-Total-Gigawords', 14559, 23, 'integer'],
    ['WISPr-Location-ID', 14122, 1, 'string'],
    ['WISPr-Bandwidth-Max-Up', 14122, 7, 'integer'],
    ['WISPr-Bandwidth-Max-Down', 14122, 8, 'integer'],
    ['WISPr-Session-Terminate-Time', 14122, 9, 'string'],
  ];
  for (const [name, vendorId, type, dataType] of expected) {
    it(`${name} is ${vendorId}:${type} ${dataType}`, () => {
      expect(dictionary.attribute(name)).toMatchObject({ vendorId, type, dataType });
      expect(dictionary.attributeByCode(vendorId, type)?.name).toBe(name);
    });
  }

  it('User-Password is hidden (encrypt=1), Tunnel-Password and the MPPE keys salt-encrypted (encrypt=2), EAP-Message concatenated', () => {
    expect(dictionary.attribute('User-Password')?.encrypt).toBe(1);
    expect(dictionary.attribute('Tunnel-Password')).toMatchObject({ encrypt: 2, hasTag: true });
    expect(dictionary.attribute('MS-MPPE-Send-Key')?.encrypt).toBe(2);
    expect(dictionary.attribute('EAP-Message')?.concat).toBe(true);
  });

  it('names the accounting status types and termination causes', () => {
    expect(['Start', 'Stop', 'Interim-Update', 'Accounting-On', 'Accounting-Off'].map((name) => dictionary.value('Acct-Status-Type', name))).toEqual([1, 2, 3, 7, 8]);
    expect(dictionary.value('Acct-Terminate-Cause', 'Session-Timeout')).toBe(5);
    expect(dictionary.value('Error-Cause', 'Session-Context-Not-Found')).toBe(503);
    expect(dictionary.value('Service-Type', 'Authorize-Only')).toBe(17);
  });
});

/** FreeRADIUS's own dictionaries, where the Debian package is installed (`.ci/run` installs it). */
const FREERADIUS_DICTIONARIES = '/usr/share/freeradius';

describe.skipIf(!fs.existsSync(`${FREERADIUS_DICTIONARIES}/dictionary.rfc2865`))('the bundled dictionary agrees with FreeRADIUS (its files read here, not copied)', () => {
  const dictionary = bundledDictionary();
  const FILES = ['rfc2865', 'rfc2866', 'rfc2867', 'rfc2868', 'rfc2869', 'rfc3162', 'rfc3576', 'rfc4818', 'rfc5176', 'rfc6911', 'cisco', 'microsoft', 'mikrotik', 'chillispot', 'wispr'];
  /** Attributes we define and FreeRADIUS 3.2 does not: CoovaChilli's accounting view and quotas in gigawords. */
  const OURS_ONLY = new Set(['14559:10', '14559:21', '14559:22', '14559:23']);
  /** Four octets either way: RFC 2865 s5.23 calls it a network number, FreeRADIUS shows it as an address. */
  const TYPE_DIFFERS = new Set(['0:23']);

  /** vendor:type -> FreeRADIUS's name and type, from the ATTRIBUTE lines of its files. */
  function freeradiusAttributes(): Map<string, { name: string; type: string; encrypted: boolean }> {
    const vendors = new Map<string, number>();
    const out = new Map<string, { name: string; type: string; encrypted: boolean }>();
    for (const file of FILES) {
      let vendor = 0;
      for (const line of fs.readFileSync(`${FREERADIUS_DICTIONARIES}/dictionary.${file}`, 'utf8').split('\n')) {
        const [keyword, a, b, c, flags] = line.replace(/#.*/, '').trim().split(/\s+/);
        if (keyword === 'VENDOR') vendors.set(a!, Number(b));
        else if (keyword === 'BEGIN-VENDOR') vendor = vendors.get(a!)!;
        else if (keyword === 'END-VENDOR') vendor = 0;
        else if (keyword === 'ATTRIBUTE' && !out.has(`${vendor}:${b}`)) out.set(`${vendor}:${b}`, { name: a!, type: c!, encrypted: (flags ?? '').includes('encrypt') });
      }
    }
    return out;
  }

  it('every attribute we define has FreeRADIUS\'s number, type and (as name or alias) name', () => {
    const theirs = freeradiusAttributes();
    const differences: string[] = [];
    let compared = 0;
    for (const vendorId of [0, 9, 311, 14988, 14559, 14122]) {
      for (let type = 0; type < 256; type++) {
        const ours = dictionary.attributeByCode(vendorId, type);
        const key = `${vendorId}:${type}`;
        if (!ours || OURS_ONLY.has(key)) continue;
        const their = theirs.get(key);
        if (!their) {
          differences.push(`${key} ${ours.name}: not in FreeRADIUS`);
          continue;
        }
        compared++;
        const ourType = ours.size !== undefined ? `octets[${ours.size}]` : ours.dataType;
        const theirType = ours.encrypt !== 0 && their.encrypted ? their.type.replace(/\[\d+\]$/, '') : their.type;
        if (ourType !== theirType && !TYPE_DIFFERS.has(key)) differences.push(`${key} ${ours.name}: ${ourType}, FreeRADIUS ${their.name} ${their.type}`);
        const byTheirName = dictionary.attribute(their.name);
        if (byTheirName?.vendorId !== vendorId || byTheirName.type !== type) differences.push(`${key}: FreeRADIUS's name ${their.name} is not ours for it`);
      }
    }
    expect(differences).toEqual([]);
    expect(compared).toBeGreaterThan(150);
  });
});
