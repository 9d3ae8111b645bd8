/**
 * Service point identifiers: E.164 numbers, MAC addresses and RADIUS user names. Usage records
 * find their service point by any of them, so both sides normalize through this one function:
 * `+36 1 234-5678` and `+3612345678` are one number, `00-1A-2B-3C-4D-5E` and `001a.2b3c.4d5e`
 * one MAC.
 */
export type IdentifierKind = 'e164' | 'mac' | 'username';

export interface Identifier {
  kind: IdentifierKind;
  value: string;
}

const MAC = /^[0-9a-f]{2}([:\-.]?[0-9a-f]{2}){5}$|^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$/i;

export function normalizeIdentifier(raw: string): Identifier | { problem: string } {
  const text = raw.trim();
  if (text === '') return { problem: 'empty identifier' };
  if (text.startsWith('+')) {
    const digits = text.slice(1).replace(/[\s\-().]/g, '');
    if (!/^[1-9]\d{6,14}$/.test(digits)) return { problem: `${JSON.stringify(text)} is not an E.164 number (+ and 7 to 15 digits)` };
    return { kind: 'e164', value: `+${digits}` };
  }
  if (MAC.test(text)) {
    const hex = text.replace(/[:\-.]/g, '').toLowerCase();
    return { kind: 'mac', value: hex.match(/../g)!.join(':') };
  }
  if (/[\s;,]/.test(text)) return { problem: `${JSON.stringify(text)} is not a user name (no spaces, commas or semicolons)` };
  return { kind: 'username', value: text };
}

/** Splits the `;`-separated identifiers column; each is normalized or reported. */
export function parseIdentifiers(column: string): { identifiers: string[]; problems: string[] } {
  const identifiers: string[] = [];
  const problems: string[] = [];
  for (const part of column.split(';')) {
    if (part.trim() === '') continue;
    const result = normalizeIdentifier(part);
    if ('problem' in result) problems.push(result.problem);
    else if (identifiers.includes(result.value)) problems.push(`${result.value} is listed twice`);
    else identifiers.push(result.value);
  }
  return { identifiers, problems };
}
