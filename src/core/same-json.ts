/**
 * Whether two values would be written as the same JSON, apart from the order of object keys:
 * `toJSON` is applied (a Decimal compares as its string) and keys whose value is undefined count
 * as absent, as `JSON.stringify` does. Walks both at once and stops at the first difference, so
 * comparing a fresh document with a stored one costs less than serialising either.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  const stack: [unknown, unknown][] = [[a, b]];
  while (stack.length > 0) {
    let [x, y] = stack.pop()!;
    if (x !== null && typeof x === 'object' && typeof (x as { toJSON?: unknown }).toJSON === 'function') x = (x as { toJSON(): unknown }).toJSON();
    if (y !== null && typeof y === 'object' && typeof (y as { toJSON?: unknown }).toJSON === 'function') y = (y as { toJSON(): unknown }).toJSON();
    if (x === y) continue;
    if (x === null || y === null || typeof x !== 'object' || typeof y !== 'object') return false;
    if (Array.isArray(x) !== Array.isArray(y)) return false;
    if (Array.isArray(x)) {
      const other = y as unknown[];
      if (x.length !== other.length) return false;
      // JSON writes an undefined array element as null.
      for (let i = 0; i < x.length; i++) stack.push([x[i] === undefined ? null : x[i], other[i] === undefined ? null : other[i]]);
      continue;
    }
    const left = x as Record<string, unknown>;
    const right = y as Record<string, unknown>;
    let count = 0;
    for (const key in left) {
      if (left[key] === undefined) continue;
      count += 1;
      if (right[key] === undefined) return false;
      stack.push([left[key], right[key]]);
    }
    for (const key in right) if (right[key] !== undefined) count -= 1;
    if (count !== 0) return false;
  }
  return true;
}
