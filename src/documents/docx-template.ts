/**
 * The markup of printable documents, written by `docx` once and filled many times.
 *
 * `docx` builds an object per paragraph, run and cell and packs every part of the package on each
 * call: about 10 ms for an empty document and 30 ms for an invoice of 20 lines, where a bill run
 * of 10,000 invoices leaves it well under 5. So `docx` writes a prototype once: the package (styles,
 * theme, settings, page setup, and the logo's image and relationship) and one sample of every kind
 * of paragraph, run and table row the documents use, each holding a token in place of its text.
 * A document is then the prototype's body markup with the tokens replaced by escaped text, zipped
 * with the package's other parts as they were compressed the first time.
 */
import { createHash } from 'node:crypto';
import {
  AlignmentType, BorderStyle, Document, ImageRun, Packer, Paragraph, ShadingType, Table, TableCell, TableLayoutType, TableRow, TextRun, WidthType,
  type IBorderOptions,
} from 'docx';
import { deflatedEntry, entryContent, readZip, writeZip, type ZipEntry } from './zip.ts';
import { imageHeader, MAX_LOGO_BYTES } from '../domain/legal-entity/logo.ts';

// ---------------------------------------------------------------------------------------------
// The layout: A4, 2 cm margins, Arial 9 pt.

export const A4 = { width: 11906, height: 16838 };
const MARGIN = 1134;
export const CONTENT_WIDTH = A4.width - 2 * MARGIN;
const HALF = CONTENT_WIDTH / 2;
const FONT = 'Arial';
/** Half-points. */
const SIZE = { small: 16, body: 18, heading: 22, title: 32 };
const NONE: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const NO_BORDERS = { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE };
const RULE: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: '999999' };
const GRID = { top: RULE, bottom: RULE, left: RULE, right: RULE, insideHorizontal: RULE, insideVertical: RULE };
const HEADER_SHADING = { type: ShadingType.CLEAR, color: 'auto', fill: 'E8E8E8' };

const RUN_STYLES = {
  plain: {},
  bold: { bold: true },
  small: { size: SIZE.small },
  smallBold: { bold: true, size: SIZE.small },
  heading: { bold: true, size: SIZE.heading },
  title: { bold: true, size: SIZE.title },
} as const;
export type RunKind = keyof typeof RUN_STYLES;

const PARAGRAPH_STYLES = {
  left: { after: 0, right: false },
  right: { after: 0, right: true },
  /** Below the document's title. */
  title: { after: 120, right: true },
  /** Below a section's heading ("Lines", "VAT summary", "Payment"). */
  section: { after: 80, right: false },
  /** Legal mentions and exchange rates, one after another. */
  note: { after: 60, right: false },
  /** Between blocks. */
  spacer: { after: 160, right: false },
} as const;
export type ParagraphKind = keyof typeof PARAGRAPH_STYLES;

interface TableSpec {
  widths: readonly number[];
  borders: 'grid' | 'none';
  header: boolean;
}

export const TABLES = {
  /** Supplier and customer on the left, the document's title, number and dates on the right. */
  parties: { widths: [HALF, HALF], borders: 'none', header: false },
  lines: { widths: [3838, 1100, 900, 1300, 1000, 1500], borders: 'grid', header: true },
  vat: { widths: [3438, 1500, 2400, 2300], borders: 'grid', header: true },
  /** With the VAT in the national currency (art. 230). */
  vatNational: { widths: [2838, 1300, 1900, 1800, 1800], borders: 'grid', header: true },
  totals: { widths: [CONTENT_WIDTH - 4200, 2400, 1800], borders: 'none', header: false },
} as const satisfies Record<string, TableSpec>;
export type TableKind = keyof typeof TABLES;

const LOGO_BOX = { width: 170, height: 68 };
/** A logo is a small picture: a larger file would be copied into every document of a run (the bound legal entities accept). */
export { MAX_LOGO_BYTES };

// ---------------------------------------------------------------------------------------------
// Prototype elements, each with tokens where text goes.

const token = (name: string) => `\u27e6${name}\u27e7`;

function prototypeParagraph(kind: ParagraphKind, children: TextRun[]): Paragraph {
  const style = PARAGRAPH_STYLES[kind];
  return new Paragraph({ children, alignment: style.right ? AlignmentType.RIGHT : undefined, spacing: { after: style.after } });
}

function prototypeTable(kind: TableKind): Table {
  const spec: TableSpec = TABLES[kind];
  const row = (part: 'head' | 'body') => new TableRow({
    tableHeader: part === 'head' || undefined,
    cantSplit: true,
    children: spec.widths.map((width, i) => new TableCell({
      children: [new Paragraph({ children: [new TextRun(token(`table ${kind} ${part} ${i}`))] })],
      width: { size: width, type: WidthType.DXA },
      shading: part === 'head' ? HEADER_SHADING : undefined,
      margins: { top: 40, bottom: 40, left: 80, right: 80 },
    })),
  });
  return new Table({
    rows: spec.header ? [row('head'), row('body')] : [row('body')],
    width: { size: spec.widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: [...spec.widths],
    layout: TableLayoutType.FIXED,
    borders: spec.borders === 'grid' ? GRID : NO_BORDERS,
  });
}

/** Width and height in pixels from a PNG's IHDR or a JPEG's start-of-frame; null for anything else (the reader legal entities' logos are checked with). */
export function imageSize(bytes: Uint8Array): { type: 'png' | 'jpg'; width: number; height: number } | null {
  const header = imageHeader(bytes);
  return header && { type: header.mediaType === 'image/png' ? 'png' : 'jpg', width: header.width, height: header.height };
}

/** The logo is not an image the documents can print. */
export class LogoError extends Error {
  override readonly name = 'LogoError';
}

function prototypeLogo(bytes: Uint8Array): Paragraph {
  if (bytes.length > MAX_LOGO_BYTES) throw new LogoError(`the logo has ${bytes.length} bytes, more than the ${MAX_LOGO_BYTES} a logo may have`);
  const size = imageSize(bytes);
  if (!size || size.width === 0 || size.height === 0) throw new LogoError('the logo is not a PNG or JPEG image');
  const scale = Math.min(1, LOGO_BOX.width / size.width, LOGO_BOX.height / size.height);
  return new Paragraph({
    spacing: { after: 80 },
    children: [new ImageRun({
      type: size.type,
      data: bytes,
      transformation: { width: Math.max(1, Math.round(size.width * scale)), height: Math.max(1, Math.round(size.height * scale)) },
      // A fixed drawing id: docx would otherwise number drawings by a counter that runs across documents.
      altText: { id: '1', name: 'logo', description: 'logo', title: 'logo' },
    })],
  });
}

async function packPrototype(children: (Paragraph | Table)[]): Promise<ZipEntry[]> {
  const document = new Document({
    styles: { default: { document: { run: { font: FONT, size: SIZE.body } } } },
    sections: [{ properties: { page: { size: A4, margin: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN } } }, children }],
  });
  return readZip((await Packer.pack(document, 'uint8array')) as Uint8Array);
}

// ---------------------------------------------------------------------------------------------
// Cutting the prototype's markup into templates.

/** Static markup around the places text (or cell content) goes: `parts[0] slot parts[1] slot ... parts[n]`. */
export type Template = readonly string[];

export interface Markup {
  runs: Record<RunKind, { ltr: Template; rtl: Template }>;
  paragraphs: Record<ParagraphKind, Template>;
  tables: Record<TableKind, { open: string; head: Template | null; row: Template; close: string }>;
}

interface Package {
  /** document.xml before and after the body's content. */
  before: string;
  after: string;
  /** Every part but word/document.xml and docProps/core.xml, compressed once; null marks where those two go. */
  parts: (ZipEntry | 'word/document.xml' | 'docProps/core.xml')[];
  logo: string | null;
}

function expectFound(at: number, what: string): number {
  if (at < 0) throw new Error(`docx template: ${what} not found in the prototype (has docx changed its markup?)`);
  return at;
}

/** The element `tag` (`w:p`, `w:r`, `w:tr`, `w:tbl`) that contains position `at`. */
function enclosing(xml: string, at: number, tag: string): { start: number; end: number } {
  let start = at;
  do start = expectFound(xml.lastIndexOf(`<${tag}`, start - 1), `<${tag}>`);
  while (!/[\s>]/.test(xml[start + tag.length + 1]!));
  const end = expectFound(xml.indexOf(`</${tag}>`, at), `</${tag}>`) + tag.length + 3;
  return { start, end };
}

function cutMarkup(xml: string): Markup {
  const at = (name: string) => expectFound(xml.indexOf(token(name)), token(name));
  const runs = {} as Markup['runs'];
  for (const kind of Object.keys(RUN_STYLES) as RunKind[]) {
    const template = (direction: 'ltr' | 'rtl'): Template => {
      const name = `run ${kind} ${direction}`;
      const { start, end } = enclosing(xml, at(name), 'w:r');
      return xml.slice(start, end).split(token(name));
    };
    runs[kind] = { ltr: template('ltr'), rtl: template('rtl') };
  }
  const paragraphs = {} as Markup['paragraphs'];
  for (const kind of Object.keys(PARAGRAPH_STYLES) as ParagraphKind[]) {
    const name = `paragraph ${kind}`;
    const paragraph = enclosing(xml, at(name), 'w:p');
    const run = enclosing(xml, at(name), 'w:r');
    paragraphs[kind] = [xml.slice(paragraph.start, run.start), xml.slice(run.end, paragraph.end)];
  }
  const tables = {} as Markup['tables'];
  for (const kind of Object.keys(TABLES) as TableKind[]) {
    const spec: TableSpec = TABLES[kind];
    const row = (part: 'head' | 'body'): { template: Template; start: number; end: number } => {
      const cells = spec.widths.map((_, i) => enclosing(xml, at(`table ${kind} ${part} ${i}`), 'w:p'));
      const { start, end } = enclosing(xml, cells[0]!.start, 'w:tr');
      const parts: string[] = [];
      let from = start;
      for (const cell of cells) {
        parts.push(xml.slice(from, cell.start));
        from = cell.end;
      }
      parts.push(xml.slice(from, end));
      return { template: parts, start, end };
    };
    const body = row('body');
    const head = spec.header ? row('head') : null;
    const table = enclosing(xml, (head ?? body).start, 'w:tbl');
    tables[kind] = {
      open: xml.slice(table.start, (head ?? body).start),
      head: head?.template ?? null,
      row: body.template,
      close: xml.slice(body.end, table.end),
    };
  }
  return { runs, paragraphs, tables };
}

function prototypeChildren(): (Paragraph | Table)[] {
  const children: (Paragraph | Table)[] = [];
  for (const [kind, style] of Object.entries(RUN_STYLES)) {
    for (const direction of ['ltr', 'rtl']) {
      children.push(new Paragraph({ children: [new TextRun({ text: token(`run ${kind} ${direction}`), ...style, rightToLeft: direction === 'rtl' || undefined })] }));
    }
  }
  for (const kind of Object.keys(PARAGRAPH_STYLES) as ParagraphKind[]) children.push(prototypeParagraph(kind, [new TextRun(token(`paragraph ${kind}`))]));
  for (const kind of Object.keys(TABLES) as TableKind[]) children.push(prototypeTable(kind));
  return children;
}

function packageOf(entries: ZipEntry[], withLogo: boolean): Package {
  const documentEntry = entries.find((e) => e.name === 'word/document.xml');
  if (!documentEntry) throw new Error('docx template: the prototype has no word/document.xml');
  const xml = entryContent(documentEntry).toString('utf8');
  const bodyStart = expectFound(xml.indexOf('<w:body>'), '<w:body>') + '<w:body>'.length;
  const sectionStart = expectFound(xml.lastIndexOf('<w:sectPr'), '<w:sectPr>');
  let logo: string | null = null;
  if (withLogo) {
    const drawing = expectFound(xml.indexOf('<w:drawing>'), 'the logo');
    const { start, end } = enclosing(xml, drawing, 'w:p');
    logo = xml.slice(start, end);
  }
  return {
    before: xml.slice(0, bodyStart),
    after: xml.slice(sectionStart),
    parts: entries.map((e) => (e.name === 'word/document.xml' || e.name === 'docProps/core.xml' ? e.name : e)),
    logo,
  };
}

let compiled: Promise<{ markup: Markup; plain: Package }> | null = null;
/** Packages with a logo, by the logo's SHA-256: a few legal entities, a few logos. */
const withLogos = new Map<string, Promise<Package>>();
const MAX_LOGOS = 64;
/** The digest of a logo the caller passes again and again (the same bytes for every invoice of a run, never changed in place): hashed once. */
const digests = new WeakMap<Uint8Array, string>();

function base(): Promise<{ markup: Markup; plain: Package }> {
  compiled ??= packPrototype(prototypeChildren()).then((entries) => {
    const plain = packageOf(entries, false);
    const xml = entryContent(entries.find((e) => e.name === 'word/document.xml')!).toString('utf8');
    return { markup: cutMarkup(xml), plain };
  });
  return compiled;
}

export async function markup(): Promise<Markup> {
  return (await base()).markup;
}

async function packageFor(logo: Uint8Array | null): Promise<Package> {
  if (!logo) return (await base()).plain;
  let key = digests.get(logo);
  if (key === undefined) digests.set(logo, (key = createHash('sha256').update(logo).digest('hex')));
  let found = withLogos.get(key);
  if (!found) {
    // Checked before caching, so a bad logo fails every time it is given, not only the first.
    const paragraph = prototypeLogo(logo);
    if (withLogos.size >= MAX_LOGOS) withLogos.delete(withLogos.keys().next().value!);
    found = packPrototype([paragraph]).then((entries) => packageOf(entries, true));
    withLogos.set(key, found);
  }
  return found;
}

/** `template` with its slots filled by `values`, in order. */
export function fill(template: Template, values: readonly string[]): string {
  let out = template[0]!;
  for (let i = 1; i < template.length; i += 1) out += values[i - 1]! + template[i]!;
  return out;
}

/**
 * The package of a document: the prototype's parts with `body` (markup made from the templates)
 * as word/document.xml, `coreXml` as its properties, every entry dated `date`.
 */
export async function pack(body: string, coreXml: string, logo: Uint8Array | null, date: string): Promise<Uint8Array> {
  const pkg = await packageFor(logo);
  const document = deflatedEntry('word/document.xml', pkg.before + body + pkg.after);
  const core = deflatedEntry('docProps/core.xml', coreXml);
  return writeZip(pkg.parts.map((part) => (part === 'word/document.xml' ? document : part === 'docProps/core.xml' ? core : part)), date);
}

/** The logo paragraph's markup for `logo` (its image is in the package `pack` writes for it). */
export async function logoMarkup(logo: Uint8Array): Promise<string> {
  return (await packageFor(logo)).logo!;
}
