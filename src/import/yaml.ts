/**
 * YAML read with the position of every value, so that a check on the plain value can point the
 * user at the exact line and column of what is wrong (`usage[0].tiers[1].price`).
 */
import { LineCounter, parseDocument, isMap, isSeq, isScalar, type Node } from 'yaml';
import type { RowError } from './summary.ts';

export interface PositionedYaml {
  value: unknown;
  /** Line and column of the value at a path (or of its nearest parent that exists). */
  positionOf(path: string): { line: number; column: number };
  errors: RowError[];
}

export function parseYamlWithPositions(text: string): PositionedYaml {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const positions = new Map<string, { line: number; column: number }>();
  const at = (node: Node | null | undefined) => {
    const offset = node?.range?.[0];
    if (offset === undefined) return { line: 1, column: 1 };
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const walk = (node: unknown, path: string) => {
    if (!node || typeof node !== 'object') return;
    positions.set(path, at(node as Node));
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const child = path ? `${path}.${key}` : key;
        positions.set(child, at((pair.value ?? pair.key) as Node));
        walk(pair.value, child);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => walk(item, `${path}[${index}]`));
    }
  };
  const errors = document.errors.map((e) => {
    const { line, col } = lineCounter.linePos(e.pos[0]);
    return { line, column: col, reason: `YAML syntax: ${e.message.split('\n')[0]}` };
  });
  if (errors.length === 0) walk(document.contents, '');
  return {
    value: errors.length ? null : document.toJS(),
    errors,
    positionOf(path) {
      for (let p = path; ; p = p.replace(/(\.[^.[\]]+|\[\d+\])$/, '')) {
        const position = positions.get(p);
        if (position) return position;
        if (p === '') return { line: 1, column: 1 };
      }
    },
  };
}
