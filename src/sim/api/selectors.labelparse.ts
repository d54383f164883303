// The label selector string syntax (labels.Parse): `app=web,tier in (a,b),!canary`, with the
// lexer's and parser's upstream error texts, e.g.
//   unable to parse requirement: found '', expected: identifier
import { goSorted, makeLabelMatcher, type LabelOperator, type LabelRequirement, type LabelSelectorMatcher, type SelectorError } from './selectors.label.ts';
import { invalid, newRequirementError, qualifiedNameErrors } from './selectors.validation.ts';

type Tok = 'error' | 'eos' | ')' | ',' | '!' | '==' | '=' | '>' | 'id' | 'in' | '<' | '!=' | 'notin' | '(';
const KEYWORDS: Record<string, Tok> = { ')': ')', ',': ',', '!': '!', '==': '==', '=': '=', '>': '>', in: 'in', '<': '<', '!=': '!=', notin: 'notin', '(': '(' };
const isWhitespace = (c: string) => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isSpecial = (c: string) => '=!(),><'.includes(c);

function lex(s: string): { tok: Tok; lit: string }[] {
  const out: { tok: Tok; lit: string }[] = [];
  let pos = 0;
  for (;;) {
    while (pos < s.length && isWhitespace(s[pos]!)) pos++;
    if (pos >= s.length) {
      out.push({ tok: 'eos', lit: '' });
      return out;
    }
    if (isSpecial(s[pos]!)) {
      let buf = '';
      let last: { tok: Tok; lit: string } | undefined;
      while (pos < s.length && isSpecial(s[pos]!)) {
        buf += s[pos];
        const t = KEYWORDS[buf];
        if (t) {
          last = { tok: t, lit: buf };
          pos++;
        } else if (last) break;
        else pos++;
      }
      out.push(last ?? { tok: 'error', lit: `error expected: keyword found '${buf}'` });
    } else {
      let buf = '';
      while (pos < s.length && !isSpecial(s[pos]!) && !isWhitespace(s[pos]!)) buf += s[pos++];
      const kw = KEYWORDS[buf];
      out.push(kw ? { tok: kw, lit: buf } : { tok: 'id', lit: buf });
    }
  }
}

class ParseError extends Error {}

/** labels.Parse: `app=web,tier in (a,b),!canary`. */
export function parseLabelSelector(s: string): LabelSelectorMatcher | SelectorError {
  const items = lex(s);
  let p = 0;
  // In a value position the keywords in/notin are plain identifiers.
  const look = (values: boolean) => {
    const it = items[Math.min(p, items.length - 1)]!;
    return values && (it.tok === 'in' || it.tok === 'notin') ? { tok: 'id' as Tok, lit: it.lit } : it;
  };
  const consume = (values: boolean) => {
    const it = look(values);
    p++;
    return it;
  };
  const fail = (m: string): never => {
    throw new ParseError(m);
  };
  const BINARY = 'in, notin, =, ==, !=, gt, lt';

  const parseRequirement = (): LabelRequirement => {
    let op: LabelOperator | undefined;
    let t = consume(true);
    if (t.tok === '!') {
      op = '!';
      t = consume(true);
    }
    if (t.tok !== 'id') fail(`found '${t.lit}', expected: identifier`);
    const key = t.lit;
    const keyErrs = qualifiedNameErrors(key);
    if (keyErrs.length) fail(invalid('<nil>', key, keyErrs.join('; ')));
    const next = look(true).tok;
    if (next === 'eos' || next === ',') {
      if (op !== '!') op = 'exists';
    }
    if (op === 'exists' || op === '!') {
      const err = newRequirementError(key, op, [], 'key');
      if (err) fail(err);
      return { key, operator: op, values: [] };
    }
    const o = consume(false);
    const opMap: Partial<Record<Tok, LabelOperator>> = { in: 'in', '=': '=', '==': '==', '>': 'gt', '<': 'lt', notin: 'notin', '!=': '!=' };
    const operator = opMap[o.tok] ?? fail(`found '${o.lit}', expected: ${BINARY}`);
    let values: string[];
    if (operator === 'in' || operator === 'notin') {
      const open = consume(true);
      if (open.tok !== '(') fail(`found '${open.lit}' expected: '('`);
      const first = look(true);
      if (first.tok === 'id' || first.tok === ',') {
        const set = new Set<string>();
        for (;;) {
          const v = consume(true);
          if (v.tok === 'id') {
            set.add(v.lit);
            const n = look(true);
            if (n.tok === ',') continue;
            if (n.tok === ')') break;
            fail(`found '${n.lit}', expected: ',' or ')'`);
          } else if (v.tok === ',') {
            if (set.size === 0) set.add('');
            const n = look(true);
            if (n.tok === ')') {
              set.add('');
              break;
            }
            if (n.tok === ',') {
              consume(true);
              set.add('');
            }
          } else fail(`found '${v.lit}', expected: ',', or identifier`);
        }
        if (consume(true).tok !== ')') fail(`found '${first.lit}', expected: ')'`);
        values = goSorted([...set]);
      } else if (first.tok === ')') {
        consume(true);
        values = [''];
      } else fail(`found '${first.lit}', expected: ',', ')' or identifier`);
    } else {
      const n = look(true);
      if (n.tok === 'eos' || n.tok === ',') values = [''];
      else {
        const v = consume(true);
        if (v.tok !== 'id') fail(`found '${v.lit}', expected: identifier`);
        values = [v.lit];
      }
    }
    const err = newRequirementError(key, operator, values!, 'key');
    if (err) fail(err);
    return { key, operator, values: values! };
  };

  const reqs: LabelRequirement[] = [];
  try {
    for (;;) {
      const t = look(true);
      if (t.tok === 'eos') break;
      if (t.tok !== 'id' && t.tok !== '!') return { error: `found '${t.lit}', expected: !, identifier, or 'end of string'` };
      try {
        reqs.push(parseRequirement());
      } catch (e) {
        if (e instanceof ParseError) return { error: `unable to parse requirement: ${e.message}` };
        throw e;
      }
      const after = consume(true);
      if (after.tok === 'eos') break;
      if (after.tok === ',') {
        const n = look(true);
        if (n.tok !== 'id' && n.tok !== '!') return { error: `found '${n.lit}', expected: identifier after ','` };
        continue;
      }
      return { error: `found '${after.lit}', expected: ',' or 'end of string'` };
    }
  } catch (e) {
    if (e instanceof ParseError) return { error: e.message };
    throw e;
  }
  return makeLabelMatcher(reqs);
}
