/**
 * Attributes by dictionary name: read from a packet as their type reads, built from values.
 */
import type { AttributeDefinition, Dictionary } from './dictionary.ts';
import type { RadiusPacket, RawAttribute } from './packet.ts';
import { decodeValue, encodeValue, type AttributeValue } from './values.ts';

function definitionOf(dictionary: Dictionary, name: string): AttributeDefinition {
  const definition = dictionary.attribute(name);
  if (!definition) throw new Error(`unknown RADIUS attribute ${name}`);
  return definition;
}

/**
 * The first occurrence of an attribute, decoded by its type (ipaddr/ipv6addr -> text,
 * ipv6prefix -> 'addr/len', integer64 -> bigint, date -> epoch seconds, integers -> number);
 * undefined when absent. A `concat` attribute (EAP-Message) is all its occurrences joined.
 * Throws a RadiusDecodeError when the value is not of its type; an Error for an unknown name.
 */
export function readAttribute(dictionary: Dictionary, packet: RadiusPacket, name: string): AttributeValue | undefined {
  const definition = definitionOf(dictionary, name);
  if (definition.concat) {
    const parts = matching(packet, definition);
    return parts.length === 0 ? undefined : Buffer.concat(parts.map((a) => a.value));
  }
  for (const attribute of packet.attributes) {
    if (attribute.type === definition.type && attribute.vendorId === definition.vendorId) return decodeValue(definition, attribute.value);
  }
  return undefined;
}

/** Every occurrence of an attribute, in order, decoded as readAttribute does. */
export function readAll(dictionary: Dictionary, packet: RadiusPacket, name: string): AttributeValue[] {
  const definition = definitionOf(dictionary, name);
  return matching(packet, definition).map((a) => decodeValue(definition, a.value));
}

function matching(packet: RadiusPacket, definition: AttributeDefinition): RawAttribute[] {
  return packet.attributes.filter((a) => a.type === definition.type && a.vendorId === definition.vendorId);
}

/**
 * An attribute of the dictionary with a value encoded by its type; a VALUE name is accepted for
 * integers. Throws an Error naming the attribute on an unknown name or a bad value.
 */
export function attribute(dictionary: Dictionary, name: string, value: AttributeValue): RawAttribute {
  const definition = definitionOf(dictionary, name);
  const encoded = encodeValue(definition, value, (valueName) => dictionary.value(definition.name, valueName));
  return { type: definition.type, vendorId: definition.vendorId, value: encoded };
}
