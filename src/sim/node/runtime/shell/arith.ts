// Shell arithmetic `$((…))`: integers, + - * / %, comparisons, && || !, parentheses, variables.

export function evalArith(src: string, lookup: (name: string) => number): number {
  const toks = src.match(/\d+|[A-Za-z_][A-Za-z0-9_]*|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|&&|\|\||==|!=|<=|>=|[-+*/%()<>!]/g) ?? [];
  let p = 0;
  const peek = () => toks[p];
  const next = () => toks[p++];
  const primary = (): number => {
    const t = next();
    if (t === undefined) return 0;
    if (t === '(') {
      const v = or();
      if (peek() === ')') p++;
      return v;
    }
    if (t === '-') return -primary();
    if (t === '+') return primary();
    if (t === '!') return primary() ? 0 : 1;
    if (/^\d+$/.test(t)) return Number(t);
    return lookup(t.replace(/[${}]/g, ''));
  };
  const mul = (): number => {
    let v = primary();
    while (peek() === '*' || peek() === '/' || peek() === '%') {
      const op = next();
      const r = primary();
      v = op === '*' ? v * r : r === 0 ? 0 : op === '/' ? Math.trunc(v / r) : v % r;
    }
    return v;
  };
  const add = (): number => {
    let v = mul();
    while (peek() === '+' || peek() === '-') v = next() === '+' ? v + mul() : v - mul();
    return v;
  };
  const cmp = (): number => {
    let v = add();
    for (;;) {
      const op = peek();
      if (op !== '<' && op !== '>' && op !== '<=' && op !== '>=' && op !== '==' && op !== '!=') return v;
      p++;
      const r = add();
      v = Number(op === '<' ? v < r : op === '>' ? v > r : op === '<=' ? v <= r : op === '>=' ? v >= r : op === '==' ? v === r : v !== r);
    }
  };
  const and = (): number => {
    let v = cmp();
    while (peek() === '&&') {
      p++;
      const r = cmp();
      v = Number(v !== 0 && r !== 0);
    }
    return v;
  };
  const or = (): number => {
    let v = and();
    while (peek() === '||') {
      p++;
      const r = and();
      v = Number(v !== 0 || r !== 0);
    }
    return v;
  };
  return Math.trunc(or()) || 0;
}
