/**
 * Reading .docx files back in tests: the zip's entries (stored or deflated, through node:zlib),
 * a strict well-formedness check of an XML part, and the text of each paragraph of
 * word/document.xml, so a test can say what a reader of the printed document would see.
 */
import zlib from 'node:zlib';

/** CRC-32 as zip files and PNG chunks check data by: the trailer of a gzip member holds it. */
export function crc32(bytes: Uint8Array): number {
  const gzip = zlib.gzipSync(bytes, { level: 0 });
  return gzip.readUInt32LE(gzip.length - 8);
}

/** The entries of a zip file by name, from its central directory; each entry's size and CRC-32 checked. */
export function unzip(bytes: Uint8Array): Map<string, Buffer> {
  const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = data.length - 22;
  while (end >= 0 && data.readUInt32LE(end) !== 0x06054b50) end -= 1;
  if (end < 0) throw new Error('not a zip file');
  const files = new Map<string, Buffer>();
  let at = data.readUInt32LE(end + 16);
  for (let i = 0; i < data.readUInt16LE(end + 10); i += 1) {
    if (data.readUInt32LE(at) !== 0x02014b50) throw new Error(`bad central directory entry at ${at}`);
    const method = data.readUInt16LE(at + 10);
    const compressed = data.readUInt32LE(at + 20);
    const size = data.readUInt32LE(at + 24);
    const nameLength = data.readUInt16LE(at + 28);
    const name = data.toString('utf8', at + 46, at + 46 + nameLength);
    const local = data.readUInt32LE(at + 42);
    const start = local + 30 + data.readUInt16LE(local + 26) + data.readUInt16LE(local + 28);
    const raw = data.subarray(start, start + compressed);
    const content = method === 0 ? Buffer.from(raw) : zlib.inflateRawSync(raw);
    if (content.length !== size) throw new Error(`${name}: ${content.length} bytes, the directory says ${size}`);
    if (crc32(content) !== data.readUInt32LE(at + 16)) throw new Error(`${name}: CRC-32 does not match the directory's`);
    files.set(name, content);
    at += 46 + nameLength + data.readUInt16LE(at + 30) + data.readUInt16LE(at + 32);
  }
  return files;
}

/** The zip entries' MS-DOS modification dates and times, as the central directory holds them. */
export function entryTimes(bytes: Uint8Array): { name: string; date: string; time: number }[] {
  const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = data.length - 22;
  while (data.readUInt32LE(end) !== 0x06054b50) end -= 1;
  const out: { name: string; date: string; time: number }[] = [];
  let at = data.readUInt32LE(end + 16);
  for (let i = 0; i < data.readUInt16LE(end + 10); i += 1) {
    const dos = data.readUInt16LE(at + 14);
    const nameLength = data.readUInt16LE(at + 28);
    const date = `${(dos >> 9) + 1980}-${String((dos >> 5) & 15).padStart(2, '0')}-${String(dos & 31).padStart(2, '0')}`;
    out.push({ name: data.toString('utf8', at + 46, at + 46 + nameLength), date, time: data.readUInt16LE(at + 12) });
    at += 46 + nameLength + data.readUInt16LE(at + 30) + data.readUInt16LE(at + 32);
  }
  return out;
}

const NAME = '[A-Za-z_][\\w.-]*(?::[A-Za-z_][\\w.-]*)?';
const ATTRIBUTE = new RegExp(`^\\s+(${NAME})\\s*=\\s*("[^"<]*"|'[^'<]*')`);
const REFERENCE = /&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);/g;

/**
 * Throws unless `xml` is well-formed XML 1.0 as far as an OOXML part goes: one root element,
 * tags nested and closed, attributes quoted and unique, no `<` or stray `&` in text or values,
 * only characters XML allows. Enough to catch a value that was not escaped.
 */
export function assertWellFormed(xml: string): void {
  const badChar = xml.search(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  if (badChar >= 0) throw new Error(`character U+${xml.charCodeAt(badChar).toString(16)} at ${badChar} is not allowed in XML`);
  let at = 0;
  if (xml.startsWith('<?xml')) at = xml.indexOf('?>') + 2;
  const stack: string[] = [];
  let roots = 0;
  const checkText = (text: string, where: number) => {
    if (text.replace(REFERENCE, '').includes('&')) throw new Error(`unescaped & at ${where}: ${JSON.stringify(text.slice(0, 80))}`);
    if (text.includes('>') && /\]\]>/.test(text)) throw new Error(`]]> in text at ${where}`);
  };
  while (at < xml.length) {
    const open = xml.indexOf('<', at);
    const text = xml.slice(at, open < 0 ? xml.length : open);
    if (stack.length === 0 && text.trim()) throw new Error(`text outside the root element at ${at}`);
    checkText(text, at);
    if (open < 0) break;
    const close = xml.indexOf('>', open);
    if (close < 0) throw new Error(`unclosed tag at ${open}`);
    const tag = xml.slice(open + 1, close);
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      if (stack.pop() !== name) throw new Error(`</${name}> at ${open} closes nothing open`);
    } else {
      const selfClosing = tag.endsWith('/');
      const body = selfClosing ? tag.slice(0, -1) : tag;
      const name = new RegExp(`^${NAME}`).exec(body)?.[0];
      if (!name) throw new Error(`bad tag name at ${open}: ${JSON.stringify(tag.slice(0, 40))}`);
      let rest = body.slice(name.length);
      const seen = new Set<string>();
      while (rest.trim()) {
        const attribute = ATTRIBUTE.exec(rest);
        if (!attribute) throw new Error(`bad attribute in <${name}> at ${open}: ${JSON.stringify(rest.slice(0, 60))}`);
        if (seen.has(attribute[1]!)) throw new Error(`attribute ${attribute[1]} twice in <${name}> at ${open}`);
        seen.add(attribute[1]!);
        checkText(attribute[2]!, open);
        rest = rest.slice(attribute[0].length);
      }
      if (stack.length === 0) roots += 1;
      if (!selfClosing) stack.push(name);
    }
    at = close + 1;
  }
  if (stack.length) throw new Error(`unclosed elements: ${stack.join(' > ')}`);
  if (roots !== 1) throw new Error(`${roots} root elements`);
}

function unescape(text: string): string {
  return text.replace(REFERENCE, (ref) => {
    switch (ref) {
      case '&amp;': return '&';
      case '&lt;': return '<';
      case '&gt;': return '>';
      case '&quot;': return '"';
      case '&apos;': return "'";
      default: return String.fromCodePoint(ref[2] === 'x' ? parseInt(ref.slice(3, -1), 16) : parseInt(ref.slice(2, -1), 10));
    }
  });
}

/**
 * The text of each paragraph of a WordprocessingML part, in document order (table cells are
 * paragraphs too). Fluent's bidi isolation marks are dropped and every kind of space is one
 * plain space, so tests compare what a reader sees.
 */
export function paragraphTexts(documentXml: string): string[] {
  const out: string[] = [];
  for (const match of documentXml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>|<w:p\/>/g)) {
    let text = '';
    for (const piece of match[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:tab\/>/g)) text += piece[1] === undefined ? '\t' : unescape(piece[1]);
    out.push(text.replace(/[\u2068\u2069]/g, '').replace(/[\s\u00a0\u202f]+/g, ' ').trim());
  }
  return out;
}

/** The whole text of a .docx's body, paragraphs joined by line breaks. */
export function docxText(bytes: Uint8Array): string {
  const xml = unzip(bytes).get('word/document.xml');
  if (!xml) throw new Error('no word/document.xml');
  return paragraphTexts(xml.toString('utf8')).join('\n');
}
