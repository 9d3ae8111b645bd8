/**
 * RADIUS dictionaries in the FreeRADIUS text format, so that vendor dictionaries written for
 * FreeRADIUS can be read: ATTRIBUTE, VALUE, VENDOR (with `format=`), BEGIN-VENDOR / END-VENDOR,
 * $INCLUDE, and the flags `encrypt=1|2|3`, `has_tag` and `concat`. What we do not implement
 * (RFC 6929 extended and TLV attributes, `array`, other flags) is
 * refused with file:line rather than read and then ignored.
 */

export type AttributeType =
  | 'string'
  | 'octets'
  | 'ipaddr'
  | 'ipv4prefix'
  | 'integer'
  | 'byte'
  | 'short'
  | 'signed'
  | 'integer64'
  | 'date'
  | 'ipv6addr'
  | 'ipv6prefix'
  | 'ifid'
  | 'ether'
  | 'abinary'
  | 'vsa';

const ATTRIBUTE_TYPES: ReadonlySet<string> = new Set<AttributeType>([
  'string', 'octets', 'ipaddr', 'ipv4prefix', 'integer', 'byte', 'short', 'signed', 'integer64',
  'date', 'ipv6addr', 'ipv6prefix', 'ifid', 'ether', 'abinary', 'vsa',
]);
/** Types whose values are numbers a VALUE line may name. */
const ENUMERABLE_TYPES: ReadonlySet<AttributeType> = new Set<AttributeType>(['integer', 'byte', 'short', 'signed', 'integer64']);

export interface AttributeDefinition {
  name: string;
  vendorId: number;
  type: number;
  dataType: AttributeType;
  /** 1: User-Password style (RFC 2865 s5.2), 2: Tunnel-Password style (RFC 2868 s3.5), 3: Ascend secret. */
  encrypt: 0 | 1 | 2 | 3;
  hasTag: boolean;
  /** Long values are split over consecutive attributes (EAP-Message). */
  concat: boolean;
  /** An exact value size in octets (`octets[50]`), for octets attributes of a fixed layout (MS-CHAP2-Response). */
  size?: number;
  values: ReadonlyMap<string, number>;
}

/** A vendor's VSA layout: octets of the type and length fields (RFC 2865 s5.26 recommends 1 and 1). */
export interface VendorFormat {
  typeSize: number;
  lengthSize: number;
  continuation: boolean;
}

export class DictionaryError extends Error {
  override readonly name = 'DictionaryError';
  constructor(
    readonly file: string,
    readonly line: number,
    readonly detail: string,
  ) {
    super(`${file}:${line}: ${detail}`);
  }
}

interface MutableDefinition extends AttributeDefinition {
  values: Map<string, number>;
  /** Names of the values by number (the first name written wins). */
  names: Map<number, string>;
}

export class Dictionary {
  constructor(
    private readonly byName: ReadonlyMap<string, MutableDefinition>,
    private readonly byCode: ReadonlyMap<number, ReadonlyMap<number, MutableDefinition>>,
    private readonly vendorsByName: ReadonlyMap<string, { name: string; id: number; format: VendorFormat }>,
    private readonly vendorsById: ReadonlyMap<number, { name: string; id: number; format: VendorFormat }>,
  ) {}

  /** By name, case-insensitively (as FreeRADIUS reads names). */
  attribute(name: string): AttributeDefinition | undefined {
    return this.byName.get(name.toLowerCase());
  }

  attributeByCode(vendorId: number, type: number): AttributeDefinition | undefined {
    return this.byCode.get(vendorId)?.get(type);
  }

  /** A vendor's id by name. */
  vendor(name: string): number | undefined {
    return this.vendorsByName.get(name.toLowerCase())?.id;
  }

  /** True unless the dictionary declares the vendor with a format other than 1-octet type and length. */
  vendorHasStandardFormat(vendorId: number): boolean {
    const format = this.vendorsById.get(vendorId)?.format;
    return format === undefined || (format.typeSize === 1 && format.lengthSize === 1 && !format.continuation);
  }

  /** A VALUE's number, by attribute and value name (case-insensitively). */
  value(attributeName: string, valueName: string): number | undefined {
    return this.byName.get(attributeName.toLowerCase())?.values.get(valueName.toLowerCase());
  }

  /** The name a VALUE line gives a number of an attribute, if any. */
  valueName(definition: AttributeDefinition, value: number): string | undefined {
    return this.byName.get(definition.name.toLowerCase())?.names.get(value);
  }
}

const STANDARD_FORMAT: VendorFormat = { typeSize: 1, lengthSize: 1, continuation: false };
const MAX_INCLUDE_DEPTH = 16;

/**
 * Reads a dictionary from its files (path -> text; `$INCLUDE` paths are relative to the
 * including file), starting at `entry`. Throws a DictionaryError naming file:line.
 */
export function parseDictionary(files: Map<string, string>, entry: string): Dictionary {
  const byName = new Map<string, MutableDefinition>();
  const byCode = new Map<number, Map<number, MutableDefinition>>();
  const vendorsByName = new Map<string, { name: string; id: number; format: VendorFormat }>();
  const vendorsById = new Map<number, { name: string; id: number; format: VendorFormat }>();
  const pendingValues: { file: string; line: number; attribute: string; name: string; value: number }[] = [];

  const readFile = (path: string, includedFrom: { file: string; line: number } | null, stack: string[]): void => {
    const text = files.get(path);
    if (text === undefined) {
      if (includedFrom) throw new DictionaryError(includedFrom.file, includedFrom.line, `$INCLUDE ${path}: no such file`);
      throw new DictionaryError(path, 0, 'no such file');
    }
    if (stack.includes(path)) throw new DictionaryError(includedFrom!.file, includedFrom!.line, `$INCLUDE ${path} includes itself (${[...stack, path].join(' -> ')})`);
    if (stack.length >= MAX_INCLUDE_DEPTH) throw new DictionaryError(includedFrom!.file, includedFrom!.line, `$INCLUDE nested deeper than ${MAX_INCLUDE_DEPTH}`);
    let currentVendor: { name: string; id: number } | null = null;
    const lines = text.split(/\r?\n/);
    for (let index = 0; index < lines.length; index++) {
      const lineNumber = index + 1;
      const err = (detail: string): DictionaryError => new DictionaryError(path, lineNumber, detail);
      const content = lines[index]!.replace(/#.*$/, '').trim();
      if (content === '') continue;
      const fields = content.split(/\s+/);
      const keyword = fields[0]!;
      switch (keyword) {
        case '$INCLUDE':
        case '$INCLUDE-': {
          if (fields.length !== 2) throw err('$INCLUDE takes one file name');
          if (fields[1]!.startsWith('/')) throw err(`$INCLUDE ${fields[1]}: only paths relative to this file are supported`);
          const target = resolvePath(path, fields[1]!);
          if (keyword === '$INCLUDE-' && !files.has(target)) break;
          readFile(target, { file: path, line: lineNumber }, [...stack, path]);
          break;
        }
        case 'VENDOR': {
          if (fields.length < 3 || fields.length > 4) throw err('VENDOR takes a name, a number and optionally format=t,l[,c]');
          const name = fields[1]!;
          const id = parseNumber(fields[2]!);
          if (id === null || id < 1 || id > 0xffffff) throw err(`vendor number '${fields[2]}' is not 1..16777215`);
          const format = fields[3] === undefined ? STANDARD_FORMAT : parseVendorFormat(fields[3], err);
          const existing = vendorsByName.get(name.toLowerCase());
          if (existing && existing.id !== id) throw err(`vendor ${name} is already ${existing.id}`);
          const vendor = { name, id, format };
          vendorsByName.set(name.toLowerCase(), vendor);
          if (!vendorsById.has(id)) vendorsById.set(id, vendor);
          break;
        }
        case 'BEGIN-VENDOR': {
          if (fields.length !== 2) throw err(fields.length > 2 ? `BEGIN-VENDOR ${fields.slice(2).join(' ')}: only a vendor name is supported` : 'BEGIN-VENDOR takes a vendor name');
          if (currentVendor) throw err(`BEGIN-VENDOR ${fields[1]} inside BEGIN-VENDOR ${currentVendor.name}`);
          const vendor = vendorsByName.get(fields[1]!.toLowerCase());
          if (!vendor) throw err(`unknown vendor ${fields[1]} (define it with VENDOR first)`);
          currentVendor = { name: vendor.name, id: vendor.id };
          break;
        }
        case 'END-VENDOR': {
          if (fields.length !== 2) throw err('END-VENDOR takes a vendor name');
          if (!currentVendor || currentVendor.name.toLowerCase() !== fields[1]!.toLowerCase()) throw err(`END-VENDOR ${fields[1]} without BEGIN-VENDOR ${fields[1]}`);
          currentVendor = null;
          break;
        }
        case 'ATTRIBUTE': {
          if (fields.length < 4 || fields.length > 5) throw err('ATTRIBUTE takes a name, a number, a type and optionally flags or a vendor');
          const [, name, numberText, typeText, extra] = fields as [string, string, string, string, string | undefined];
          if (numberText.includes('.')) throw err(`attribute number ${numberText}: extended and TLV attributes (RFC 6929) are not supported`);
          const type = parseNumber(numberText);
          if (type === null) throw err(`attribute number '${numberText}' is not a number`);
          const sized = /^octets\[(\d{1,3})\]$/.exec(typeText);
          const size = sized ? Number(sized[1]) : undefined;
          if (size !== undefined && (size < 1 || size > 253)) throw err(`type ${typeText}: a size is 1..253 octets`);
          if (!sized && typeText.includes('[')) throw err(`type ${typeText}: only octets take a fixed size (octets[n])`);
          if (!sized && !ATTRIBUTE_TYPES.has(typeText)) throw err(`unknown type '${typeText}' (one of ${[...ATTRIBUTE_TYPES].join(', ')}, octets[n])`);
          const dataType = (sized ? 'octets' : typeText) as AttributeType;
          let vendorId = currentVendor?.id ?? 0;
          let encrypt: 0 | 1 | 2 | 3 = 0;
          let hasTag = false;
          let concat = false;
          if (extra !== undefined) {
            const vendor = vendorsByName.get(extra.toLowerCase());
            if (vendor) vendorId = vendor.id;
            else {
              for (const flag of extra.split(',')) {
                if (flag === 'has_tag') hasTag = true;
                else if (flag === 'concat') concat = true;
                else if (/^encrypt=[123]$/.test(flag)) encrypt = Number(flag.slice(8)) as 1 | 2 | 3;
                else throw err(`flag '${flag}' is not supported (has_tag, concat, encrypt=1|2|3) and is not a known vendor`);
              }
            }
          }
          const minType = vendorId === 0 ? 1 : 0;
          if (type < minType || type > 255) throw err(`attribute number ${type} is not ${minType}..255`);
          if (vendorId !== 0 && !vendorsById.get(vendorId)?.format) throw err(`vendor ${vendorId} is not defined`);
          if (vendorId !== 0 && !isStandard(vendorsById.get(vendorId)!.format)) {
            throw err(`vendor ${vendorsById.get(vendorId)!.name} has format=${formatText(vendorsById.get(vendorId)!.format)}: only 1,1 vendors' attributes are supported (their VSAs are kept raw)`);
          }
          if (concat && (dataType !== 'octets' || size !== undefined)) throw err('concat is only for octets attributes without a fixed size');
          if (size !== undefined && encrypt !== 0) throw err('an encrypted attribute cannot have a fixed size (its hidden value is padded)');
          if (vendorId === 0 && type === 26 && dataType !== 'vsa') throw err('attribute 26 is Vendor-Specific (type vsa)');
          const key = name.toLowerCase();
          const existing = byName.get(key);
          if (existing) {
            if (existing.vendorId !== vendorId || existing.type !== type || existing.dataType !== dataType || existing.size !== size) {
              throw err(`attribute ${name} is already defined as ${existing.vendorId === 0 ? '' : `${existing.vendorId}:`}${existing.type} ${existing.dataType}`);
            }
            break;
          }
          let codes = byCode.get(vendorId);
          if (!codes) byCode.set(vendorId, (codes = new Map()));
          // A second name for the same number is an alias: the first stays the one decoding shows,
          // and both share the VALUE names.
          const primary = codes.get(type);
          const shared = primary?.dataType === dataType ? primary : undefined;
          const definition: MutableDefinition = { name, vendorId, type, dataType, encrypt, hasTag, concat, values: shared?.values ?? new Map(), names: shared?.names ?? new Map() };
          if (size !== undefined) definition.size = size;
          byName.set(key, definition);
          if (!primary) codes.set(type, definition);
          break;
        }
        case 'VALUE': {
          if (fields.length !== 4) throw err('VALUE takes an attribute name, a value name and a number');
          const value = parseNumber(fields[3]!);
          if (value === null) throw err(`value '${fields[3]}' is not a number`);
          pendingValues.push({ file: path, line: lineNumber, attribute: fields[1]!, name: fields[2]!, value });
          break;
        }
        default:
          throw err(`unknown keyword '${keyword}' (ATTRIBUTE, VALUE, VENDOR, BEGIN-VENDOR, END-VENDOR, $INCLUDE)`);
      }
    }
    if (currentVendor) throw new DictionaryError(path, lines.length, `BEGIN-VENDOR ${currentVendor.name} without END-VENDOR`);
  };

  readFile(entry, null, []);
  // VALUE lines may come before their ATTRIBUTE (FreeRADIUS allows it): resolved once all is read.
  for (const pending of pendingValues) {
    const definition = byName.get(pending.attribute.toLowerCase());
    if (!definition) throw new DictionaryError(pending.file, pending.line, `VALUE for unknown attribute ${pending.attribute}`);
    if (!ENUMERABLE_TYPES.has(definition.dataType)) throw new DictionaryError(pending.file, pending.line, `VALUE for ${definition.name} of type ${definition.dataType} (only integer types take VALUEs)`);
    const key = pending.name.toLowerCase();
    const existing = definition.values.get(key);
    if (existing !== undefined && existing !== pending.value) throw new DictionaryError(pending.file, pending.line, `VALUE ${definition.name} ${pending.name} is already ${existing}`);
    definition.values.set(key, pending.value);
    if (!definition.names.has(pending.value)) definition.names.set(pending.value, pending.name);
  }
  return new Dictionary(byName, byCode, vendorsByName, vendorsById);
}

function isStandard(format: VendorFormat): boolean {
  return format.typeSize === 1 && format.lengthSize === 1 && !format.continuation;
}

function formatText(format: VendorFormat): string {
  return `${format.typeSize},${format.lengthSize}${format.continuation ? ',c' : ''}`;
}

function parseVendorFormat(text: string, err: (detail: string) => DictionaryError): VendorFormat {
  const match = /^format=([124]),([012])(,c)?$/.exec(text);
  if (!match) throw err(`'${text}' is not format=t,l[,c] (t 1, 2 or 4; l 0, 1 or 2)`);
  return { typeSize: Number(match[1]), lengthSize: Number(match[2]), continuation: match[3] !== undefined };
}

/** Decimal, 0x hex or 0 octal numbers, as the format allows; null when not a number. */
function parseNumber(text: string): number | null {
  let value: number;
  if (/^0x[0-9a-f]+$/i.test(text)) value = parseInt(text.slice(2), 16);
  else if (/^0[0-7]+$/.test(text)) value = parseInt(text.slice(1), 8);
  else if (/^\d+$/.test(text)) value = parseInt(text, 10);
  else return null;
  return Number.isSafeInteger(value) ? value : null;
}

function resolvePath(from: string, target: string): string {
  const slash = from.lastIndexOf('/');
  return normalize(slash < 0 ? target : `${from.slice(0, slash)}/${target}`);
}

function normalize(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}
