/**
 * The one YAML reader of every YAML input (legal entities, tariffs, and every later YAML file):
 * the same limits for all of them, and the position of every value, so that a check on the
 * plain value can point the user at the exact line and column of what is wrong
 * (`usage[0].tiers[1].price`).
 *
 * Limits: a YAML file is small configuration, never bulk data, so anything far beyond what a real
 * one holds is refused before it can cost time or memory. Size first (the parser's work grows
 * with it); then nesting, counted on the raw text for flow collections (`[[[[…`), because the
 * parser itself recurses and 50,000 open brackets exhaust its stack or the heap; then nesting and
 * aliases on the parsed tree (an alias bomb expands exponentially when turned into values).
 */
import { LineCounter, parseDocument, isAlias, isMap, isSeq, isScalar, isPair, visit, type Document, type Node } from 'yaml';
import type { RowError } from './summary.ts';

export interface YamlLimits {
  /** Bytes of text (UTF-8). */
  maxBytes: number;
  /** Collections inside collections. */
  maxDepth: number;
  /** Alias nodes (`*name`) in the document, and values an anchor may expand to through them. */
  maxAliases: number;
  /**
   * Lines and flow items (counted as newlines and commas, before parsing): what the parser's
   * work grows with. A megabyte of `[0,0,…]` or of one-line keys would keep the parser busy for
   * seconds; a tariff or a legal entities file has a few hundred lines.
   */
  maxValues: number;
}

export const YAML_LIMITS: YamlLimits = { maxBytes: 1024 * 1024, maxDepth: 64, maxAliases: 100, maxValues: 10_000 };

export interface Position {
  line: number;
  column: number;
}

export interface YamlRead {
  /** The parsed document; null when the text broke a limit or has a syntax error. */
  document: Document.Parsed | null;
  /** The document as plain values (aliases resolved); null when there are errors. */
  value: unknown;
  /** Syntax errors and broken limits, each with its line and column. */
  errors: RowError[];
  /** Line and column where a node starts. */
  positionOfNode(node: Node | null | undefined, fallback?: Position): Position;
}

const START: Position = { line: 1, column: 1 };

/** Reads YAML text within the limits; every problem comes back as a row error, never as a throw. */
export function readYaml(source: string, limits: YamlLimits = YAML_LIMITS): YamlRead {
  // A byte order mark is an encoding detail, not content; the parser reads every token after one as an error.
  const text = source.startsWith('\uFEFF') ? source.slice(1) : source;
  const lineCounter = new LineCounter();
  const positionAt = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const positionOfNode = (node: Node | null | undefined, fallback: Position = START): Position => {
    const offset = node?.range?.[0];
    return offset === undefined ? fallback : positionAt(offset);
  };
  const refused = (errors: RowError[]): YamlRead => ({ document: null, value: null, errors, positionOfNode });

  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > limits.maxBytes) {
    return refused([{ ...START, reason: `YAML: the text is ${bytes} bytes, more than the ${limits.maxBytes} a YAML file may have` }]);
  }
  const tooMany = offsetOfValueBeyond(text, limits.maxValues);
  if (tooMany !== null) {
    const { line, column } = lineAndColumn(text, tooMany);
    return refused([{ line, column, reason: `YAML: more than ${limits.maxValues} lines and flow items; split the file` }]);
  }
  const flowDepth = deepestFlowNesting(text, limits.maxDepth);
  if (flowDepth !== null) {
    const { line, column } = lineAndColumn(text, flowDepth);
    return refused([{ line, column, reason: `YAML: collections nested more than ${limits.maxDepth} deep` }]);
  }

  let document: Document.Parsed;
  try {
    // Duplicate keys are found by treeLimitProblem in one pass: the parser's own check compares
    // every key with every other (20,000 keys took four seconds).
    document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  } catch (error) {
    // Block nesting on one line (`- - - …`, `a: a: a: …`) recurses in the parser past the stack.
    if (error instanceof RangeError) return refused([{ ...START, reason: `YAML: collections nested more than the parser can read (at most ${limits.maxDepth} deep)` }]);
    throw error;
  }
  const syntax = document.errors.map((e) => ({
    ...positionAt(e.pos[0]),
    // The parser's own words name its API; the user needs to know what to change in the file.
    reason: e.code === 'MULTIPLE_DOCS' ? 'YAML: a second document (after ---) in one file; put each in a file of its own, or make them one list' : `YAML syntax: ${e.message.split('\n')[0]}`,
  }));
  if (syntax.length) return refused(syntax);

  const treeProblem = treeLimitProblem(document.contents, limits);
  if (treeProblem) return refused([{ ...positionOfNode(treeProblem.node), reason: treeProblem.reason }]);
  keepNumbersAsWritten(document);
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: limits.maxAliases });
  } catch (error) {
    // The library's guard against alias expansion (and any other refusal while building values).
    return refused([{ ...START, reason: `YAML: ${error instanceof Error ? error.message : String(error)}` }]);
  }
  return { document, value, errors: [], positionOfNode };
}

/**
 * An unquoted number that does not print back as it was written becomes the text it was written
 * as: `postalCode: 01067` would otherwise lose its zero (`1067`), `invoicePrefix: 007` become
 * `7`, `amount: 99999999999999.99` be rounded by the float to `.98`, `price: 5.10` lose its
 * trailing zero, and `1e3`, `0x1F` or `.inf` pass for decimals. As text, a field that takes text
 * keeps it exactly, a decimal amount is read exactly from it, and what is no decimal (an exponent,
 * hex) is refused by the field's own check, naming what was written. Numbers that print as
 * written (`6000`, `12.5`) stay numbers.
 */
function keepNumbersAsWritten(document: Document.Parsed): void {
  visit(document, {
    Scalar(_key, node) {
      if (typeof node.value === 'number' && node.type === 'PLAIN' && node.source !== undefined && node.source !== String(node.value)) node.value = node.source;
    },
  });
}

/** The offset of the newline or comma past the first `maxValues`, or null when there are no more. */
function offsetOfValueBeyond(text: string, maxValues: number): number | null {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c === 10 || c === 44) && ++count > maxValues) return i;
  }
  return null;
}

/**
 * The offset of the first flow bracket that opens deeper than `maxDepth`, or null. Quoted text and
 * comments are skipped; outside a flow collection a bracket opens one only where a value starts
 * (`name: a[b` is a plain word), inside one every bracket is an indicator.
 */
function deepestFlowNesting(text: string, maxDepth: number): number | null {
  let depth = 0;
  let quote: '"' | "'" | null = null;
  let previous = '\n';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = null;
      continue;
    }
    const valueStart = depth > 0 || previous === '\n' || ':-,[{?'.includes(previous);
    if ((c === '"' || c === "'") && (valueStart || /\s/.test(text[i - 1] ?? ' '))) {
      quote = c;
    } else if (c === '#' && /\s/.test(text[i - 1] ?? ' ')) {
      const end = text.indexOf('\n', i);
      if (end < 0) break;
      i = end - 1;
      continue;
    } else if ((c === '[' || c === '{') && valueStart) {
      depth += 1;
      if (depth > maxDepth) return i;
    } else if ((c === ']' || c === '}') && depth > 0) {
      depth -= 1;
    }
    if (c !== ' ' && c !== '\t' && c !== '\r') previous = c;
  }
  return null;
}

function lineAndColumn(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** Nesting, alias count and duplicate keys of the parsed tree, walked without recursion. */
function treeLimitProblem(root: unknown, limits: YamlLimits): { node: Node; reason: string } | null {
  const stack: { node: unknown; depth: number }[] = [{ node: root, depth: 0 }];
  let aliases = 0;
  while (stack.length) {
    const { node, depth } = stack.pop()!;
    if (isAlias(node)) {
      aliases += 1;
      if (aliases > limits.maxAliases) return { node, reason: `YAML: more than ${limits.maxAliases} aliases` };
    } else if (isMap(node) || isSeq(node)) {
      if (depth + 1 > limits.maxDepth) return { node, reason: `YAML: collections nested more than ${limits.maxDepth} deep` };
      const keys = new Set<unknown>();
      for (const item of node.items) {
        if (isMap(node) && isPair(item) && isScalar(item.key)) {
          if (keys.has(item.key.value)) return { node: item.key, reason: `YAML syntax: Map keys must be unique (${String(item.key.value)} appears twice)` };
          keys.add(item.key.value);
        }
        if (isPair(item)) {
          stack.push({ node: item.key, depth: depth + 1 });
          stack.push({ node: item.value, depth: depth + 1 });
        } else {
          stack.push({ node: item, depth: depth + 1 });
        }
      }
    }
  }
  return null;
}

export interface PositionedYaml {
  value: unknown;
  /** Line and column of the value at a path (or of its nearest parent that exists). */
  positionOf(path: string): Position;
  /** Line and column of the key of a mapping's entry at a path; of the value (positionOf) when the path ends in no key. */
  positionOfKey(path: string): Position;
  /** Where a check's problem at a path is: the key when the key itself is wrong (isKeyProblem), else the value. */
  positionOfIssue(issue: { path: string; message: string }): Position;
  errors: RowError[];
}

/**
 * Whether a check's message is about the key at its path rather than its value: an unknown field,
 * selector or condition (`percnt: "5"`, a typo), or a field the entry's kind does not take. What
 * to correct is the key; its value may be right, and a nested one starts lines further down.
 * The messages are the readers' (src/domain/tariff/definition.ts, src/domain/discount/validate.ts).
 */
export function isKeyProblem(message: string): boolean {
  return /^unknown \w+ \(expected one of /.test(message) || message.startsWith('is not a field of ');
}

/** The last step of a path (`.key`, `key` at the top, or `[index]`), removed to reach its parent. */
const LAST_PATH_STEP = /(?:^|\.)[^.[\]]+$|\[\d+\]$/;

/** The parent of a path: `usage[0].tiers` of `usage[0].tiers[1]`, `` of `id`. Always shorter, so a walk up ends. */
export function parentPath(path: string): string {
  const parent = path.replace(LAST_PATH_STEP, '');
  // A path that matches no step (`.` or `]` at odd places) jumps to the top rather than looping.
  return parent.length < path.length ? parent : '';
}

export function parseYamlWithPositions(text: string, limits: YamlLimits = YAML_LIMITS): PositionedYaml {
  const read = readYaml(text, limits);
  const positions = new Map<string, Position>();
  const keyPositions = new Map<string, Position>();
  if (read.document) {
    const stack: { node: unknown; path: string }[] = [{ node: read.document.contents, path: '' }];
    while (stack.length) {
      const { node, path } = stack.pop()!;
      if (!node || typeof node !== 'object') continue;
      positions.set(path, read.positionOfNode(node as Node));
      if (isMap(node)) {
        for (const pair of node.items) {
          const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
          const child = path ? `${path}.${key}` : key;
          positions.set(child, read.positionOfNode((pair.value ?? pair.key) as Node));
          if ((pair.key as Node | null)?.range) keyPositions.set(child, read.positionOfNode(pair.key as Node));
          stack.push({ node: pair.value, path: child });
        }
      } else if (isSeq(node)) {
        node.items.forEach((item, index) => stack.push({ node: item, path: `${path}[${index}]` }));
      }
    }
  }
  const positionOf = (path: string): Position => {
    for (let p = path; ; p = parentPath(p)) {
      const position = positions.get(p);
      if (position) return position;
      if (p === '') return START;
    }
  };
  const positionOfKey = (path: string): Position => keyPositions.get(path) ?? positionOf(path);
  return {
    value: read.value,
    errors: read.errors,
    positionOf,
    positionOfKey,
    positionOfIssue: (issue) => (isKeyProblem(issue.message) ? positionOfKey(issue.path) : positionOf(issue.path)),
  };
}
