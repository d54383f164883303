// A minimal field path reader for `.a.b[0].c` (used by `wait --for=jsonpath`).
export function evalSimplePath(obj: unknown, path: string): unknown {
  const p = path.trim().replace(/^\$/, '');
  const parts = p.match(/[^.[\]]+|\[\d+\]/g) ?? [];
  let cur: unknown = obj;
  for (const part of parts) {
    if (cur === null || cur === undefined) return undefined;
    if (part.startsWith('[')) {
      if (!Array.isArray(cur)) return undefined;
      cur = cur[Number(part.slice(1, -1))];
    } else {
      if (typeof cur !== 'object') return undefined;
      cur = (cur as Record<string, unknown>)[part];
    }
  }
  return cur;
}
