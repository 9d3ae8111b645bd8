/**
 * PEPPOL BIS Billing 3.0 rules that the EN 16931 schematron does not hold, checked on a UBL
 * Invoice or CreditNote as a receiving access point would (its PEPPOL schematron is not vendored
 * here): the document is parsed into elements, not searched as text.
 * - PEPPOL-EN16931-R002: no more than one note (BT-22).
 * - PEPPOL-EN16931-R110: the start date of a line period lies within the invoice period.
 * - PEPPOL-EN16931-R111: the end date of a line period lies within the invoice period.
 */
import { assertWellFormed } from './ooxml.ts';

export interface XmlElement {
  /** The name as written, prefix included (`cbc:StartDate`). */
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text, entities resolved. */
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescape = (text: string) => text.replace(/&(#x[0-9A-Fa-f]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_, ref: string) =>
  ref.startsWith('#x') ? String.fromCodePoint(parseInt(ref.slice(2), 16)) : ref.startsWith('#') ? String.fromCodePoint(parseInt(ref.slice(1), 10)) : ENTITIES[ref]!);

/** The root element of a well-formed XML document (throws otherwise): elements, attributes and text; no CDATA, comments or DTD, which billstream never writes. */
export function parseXml(xml: string): XmlElement {
  assertWellFormed(xml);
  let at = xml.startsWith('<?xml') ? xml.indexOf('?>') + 2 : 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  while (at < xml.length) {
    const open = xml.indexOf('<', at);
    if (stack.length) stack[stack.length - 1]!.text += unescape(xml.slice(at, open < 0 ? xml.length : open));
    if (open < 0) break;
    const close = xml.indexOf('>', open);
    const tag = xml.slice(open + 1, close);
    if (tag.startsWith('/')) {
      stack.pop();
    } else {
      const selfClosing = tag.endsWith('/');
      const [, name, rest] = /^(\S+)([\s\S]*?)\/?$/.exec(tag)!;
      const attributes: Record<string, string> = {};
      for (const [, key, value] of rest!.matchAll(/([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) attributes[key!] = unescape(value ?? '');
      const element: XmlElement = { name: name!, attributes, children: [], text: '' };
      if (stack.length) stack[stack.length - 1]!.children.push(element);
      else root = element;
      if (!selfClosing) stack.push(element);
    }
    at = close + 1;
  }
  return root!;
}

/** The children of `element` named `name`. */
export const childrenNamed = (element: XmlElement, name: string): XmlElement[] => element.children.filter((c) => c.name === name);

/** The text of the element a path of child names leads to (`cac:InvoicePeriod/cbc:StartDate`), or undefined. */
export function textAt(element: XmlElement, path: string): string | undefined {
  let here: XmlElement | undefined = element;
  for (const name of path.split('/')) here = here ? childrenNamed(here, name)[0] : undefined;
  return here?.text;
}

export interface PeppolFailure {
  id: 'PEPPOL-EN16931-R002' | 'PEPPOL-EN16931-R110' | 'PEPPOL-EN16931-R111';
  text: string;
}

/** The failures of R002, R110 and R111 in a UBL Invoice or CreditNote (empty: it passes them). */
export function peppolFailures(xml: string): PeppolFailure[] {
  const root = parseXml(xml);
  const failures: PeppolFailure[] = [];
  const notes = childrenNamed(root, 'cbc:Note').length;
  if (notes > 1) failures.push({ id: 'PEPPOL-EN16931-R002', text: `${notes} notes: no more than one note is allowed on document level` });
  const start = textAt(root, 'cac:InvoicePeriod/cbc:StartDate');
  const end = textAt(root, 'cac:InvoicePeriod/cbc:EndDate');
  const lines = childrenNamed(root, root.name === 'CreditNote' ? 'cac:CreditNoteLine' : 'cac:InvoiceLine');
  for (const line of lines) {
    const id = textAt(line, 'cbc:ID');
    const lineStart = textAt(line, 'cac:InvoicePeriod/cbc:StartDate');
    const lineEnd = textAt(line, 'cac:InvoicePeriod/cbc:EndDate');
    // ISO dates (YYYY-MM-DD) compare as strings.
    if (lineStart && start && lineStart < start) failures.push({ id: 'PEPPOL-EN16931-R110', text: `line ${id} starts ${lineStart}, before the invoice period starts (${start})` });
    if (lineEnd && end && lineEnd > end) failures.push({ id: 'PEPPOL-EN16931-R111', text: `line ${id} ends ${lineEnd}, after the invoice period ends (${end})` });
  }
  return failures;
}
