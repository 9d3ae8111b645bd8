/**
 * Turns the port's `AllFilter` into the one server-side filter EventStoreDB applies to a
 * subscription to `$all`: a regular expression over event types or over stream names. Pure code,
 * no client import, so that it can be tested without a server.
 *
 * The server evaluates the expression with .NET's `Regex.IsMatch`; the escaping below is valid
 * and means the same in .NET and in JavaScript (without the `u` flag), which is what the unit
 * tests use to check it:
 * - the .NET metacharacters (`\ * + ? | { } [ ] ( ) ^ $ . #`) get a backslash: a backslash
 *   before a non-word character is that character in both engines (`#` only matters under
 *   IgnorePatternWhitespace, escaped anyway as .NET's own `Regex.Escape` does);
 * - anything outside printable ASCII (whitespace, control characters, non-ASCII letters, each
 *   half of a surrogate pair) becomes `\uXXXX`, one UTF-16 code unit at a time, which both engines
 *   match against their UTF-16 strings;
 * - letters, digits and the other printable ASCII characters stand for themselves outside a
 *   character class in both engines, and they are never put inside one.
 */
import type { AllFilter } from '../port.ts';

/** .NET regular-expression metacharacters (and `#`, see above). */
const METACHARACTERS = new Set(['\\', '*', '+', '?', '|', '{', '}', '[', ']', '(', ')', '^', '$', '.', '#']);

/** `text` as a regular expression that matches exactly `text`, in .NET and in JavaScript. */
export function escapeRegexLiteral(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    const code = text.charCodeAt(i);
    if (METACHARACTERS.has(char)) out += `\\${char}`;
    else if (code <= 0x20 || code >= 0x7f) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += char;
  }
  return out;
}

/**
 * A regular expression matching the names that start with one of `prefixes` and do not start
 * with `$` (system streams and system event types never reach the port, so the server need not
 * send them). An empty list matches nothing (as `matchesFilter` keeps nothing for it).
 */
export function prefixRegex(prefixes: readonly string[]): string {
  const unique = [...new Set(prefixes)];
  if (unique.length === 0) return '(?!)';
  // The empty prefix matches every name: the alternation collapses to it.
  if (unique.includes('')) return '^(?!\\$)';
  return `^(?!\\$)(?:${unique.map(escapeRegexLiteral).join('|')})`;
}

export type ServerFilterPlan =
  /** Nothing to narrow server-side: read `$all` as it is. */
  | { kind: 'none' }
  /** The filter keeps nothing at all (an empty prefix list): no need to ask the server. */
  | { kind: 'empty' }
  /** Filter on the server by this expression; the full filter is re-checked client-side. */
  | { kind: 'regex'; on: 'streamName' | 'eventType'; regex: string };

/**
 * Which dimension the server filters on. EventStoreDB filters on one dimension per request, so
 * when both are given the stream prefixes go to the server (usually the narrower one) and the
 * event types are re-checked client-side with `matchesFilter`, as every event is anyway.
 */
export function planServerFilter(filter: AllFilter | undefined): ServerFilterPlan {
  if (!filter) return { kind: 'none' };
  const { streamPrefixes, eventTypePrefixes } = filter;
  if ((streamPrefixes && streamPrefixes.length === 0) || (eventTypePrefixes && eventTypePrefixes.length === 0)) {
    return { kind: 'empty' };
  }
  if (streamPrefixes) return { kind: 'regex', on: 'streamName', regex: prefixRegex(streamPrefixes) };
  if (eventTypePrefixes) return { kind: 'regex', on: 'eventType', regex: prefixRegex(eventTypePrefixes) };
  return { kind: 'none' };
}
