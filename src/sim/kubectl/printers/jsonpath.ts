// kubectl's JSONPath template language (client-go/util/jsonpath): evaluation and printing.
// Values are plain JSON; integral numbers behave as Go int64, others as float64.

import { goFloatG, goJsonMarshal, goNumber, isMap, sortedKeys } from './goformat';
import { parseJsonPath, type ListNode, type Node, type Param } from './jsonpath-parser';

export { parseJsonPath };

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

/** A number literal of the template (Go int / float64), distinct from JSON data numbers. */
class Literal {
  constructor(readonly value: number, readonly goKind: 'int' | 'float') {}
}

/** Go's reflect type name of a JSON value, for error messages. */
function goTypeName(v: unknown): string {
  if (Array.isArray(v)) return '[]interface {}';
  if (isMap(v)) return 'map[string]interface {}';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64';
  return 'interface {}';
}

type Kind = 'bool' | 'int' | 'float' | 'string';
function basicKind(v: unknown): Kind | undefined {
  if (v instanceof Literal) return v.goKind;
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  return undefined;
}
const numeric = (v: unknown): number => (v instanceof Literal ? v.value : (v as number));

/** evalOperator (template.Less/Equal...): incompatible or unordered types never pass. */
function evalOperator(op: string, l: unknown, r: unknown): boolean {
  // Template int literals are converted to float64 before comparing.
  if (l instanceof Literal && l.goKind === 'int') l = new Literal(l.value, 'float');
  if (r instanceof Literal && r.goKind === 'int') r = new Literal(r.value, 'float');
  const k1 = basicKind(l);
  const k2 = basicKind(r);
  if (k1 === undefined || k2 === undefined || k1 !== k2) return false;
  const a = k1 === 'string' || k1 === 'bool' ? l : numeric(l);
  const b = k2 === 'string' || k2 === 'bool' ? r : numeric(r);
  const eq = a === b;
  if (k1 === 'bool' && op !== '==' && op !== '!=') return false;
  const lt = (a as number | string) < (b as number | string);
  switch (op) {
    case '==': return eq;
    case '!=': return !eq;
    case '<': return lt;
    case '<=': return lt || eq;
    case '>': return !(lt || eq);
    case '>=': return !lt;
  }
  throw new Error(`unrecognized filter operator ${op}`);
}

/** Children of a map (sorted by key) or array; undefined when not iterable. */
function iterate(v: unknown): unknown[] | undefined {
  if (Array.isArray(v)) return v;
  if (isMap(v)) return sortedKeys(v).map((k) => v[k]);
  return undefined;
}

const isNil = (v: unknown): boolean => v === null || v === undefined;

class Evaluator {
  private stack: unknown[][] = [];
  private cur: unknown[] = [];
  private beginRange = 0;
  private inRange = 0;
  private endRange = 0;

  constructor(private readonly root: ListNode, private readonly allowMissingKeys: boolean) {}

  findResults(data: unknown): unknown[][] {
    this.cur = [data];
    const nodes = this.root.nodes;
    const full: unknown[][] = [];
    for (let i = 0; i < nodes.length; i++) {
      const results = this.walk(this.cur, nodes[i]);
      if (this.endRange > 0 && this.endRange <= this.inRange) {
        this.endRange--;
        break;
      }
      if (this.beginRange > 0) {
        this.beginRange--;
        this.inRange++;
        for (let k = 0; k < results.length; k++) {
          this.root.nodes = nodes.slice(i + 1);
          if (k === results.length - 1) this.inRange--;
          full.push(...this.findResults(results[k]));
        }
        break;
      }
      full.push(results);
    }
    return full;
  }

  private walk(value: unknown[], node: Node): unknown[] {
    switch (node.t) {
      case 'list': return this.evalList(value, node);
      case 'text': return [node.text];
      case 'field': return this.evalField(value, node.name);
      case 'array': return this.evalArray(value, node.params);
      case 'filter': return this.evalFilter(value, node);
      case 'int': return value.map(() => new Literal(node.value, 'int'));
      case 'float': return value.map(() => new Literal(node.value, 'float'));
      case 'bool': return value.map(() => node.value);
      case 'wildcard': return this.evalWildcard(value);
      case 'recursive': return this.evalRecursive(value);
      case 'union': return node.nodes.flatMap((l) => this.evalList(value, l));
      case 'identifier': return this.evalIdentifier(value, node.name);
    }
  }

  private evalList(value: unknown[], node: ListNode): unknown[] {
    let cur = value;
    for (const n of node.nodes) cur = this.walk(cur, n);
    return cur;
  }

  private evalIdentifier(input: unknown[], name: string): unknown[] {
    if (name === 'range') {
      this.stack.push(this.cur);
      this.beginRange++;
      return input;
    }
    if (name === 'end') {
      if (this.endRange < this.inRange) {
        this.endRange++;
        return [];
      }
      const top = this.stack.pop();
      if (top === undefined) throw new Error('not in range, nothing to end');
      this.cur = top;
      return [];
    }
    throw new Error(`unrecognized identifier ${name}`);
  }

  private evalField(input: unknown[], name: string): unknown[] {
    const results: unknown[] = [];
    if (input.length === 0) return results;
    for (const v of input) {
      if (isNil(v)) continue;
      if (isMap(v) && Object.prototype.hasOwnProperty.call(v, name) && v[name] !== undefined) results.push(v[name]);
    }
    if (results.length === 0 && !this.allowMissingKeys) throw new Error(`${name} is not found`);
    return results;
  }

  private evalArray(input: unknown[], nodeParams: [Param, Param, Param]): unknown[] {
    const result: unknown[] = [];
    for (const v of input) {
      if (isNil(v)) continue;
      if (!Array.isArray(v)) throw new Error(`${goTypeName(v)} is not array or slice`);
      const p = nodeParams.map((x) => ({ ...x }));
      const len = v.length;
      if (!p[0].known) p[0].value = 0;
      if (p[0].value < 0) p[0].value += len;
      if (!p[1].known) p[1].value = len;
      if (p[1].value < 0 || (p[1].value === 0 && p[1].derived)) p[1].value += len;
      if (p[1].value !== p[0].value) {
        if (p[0].value >= len || p[0].value < 0) throw new Error(`array index out of bounds: index ${p[0].value}, length ${len}`);
        if (p[1].value > len || p[1].value < 0) throw new Error(`array index out of bounds: index ${p[1].value - 1}, length ${len}`);
        if (p[0].value > p[1].value) throw new Error(`starting index ${p[0].value} is greater than ending index ${p[1].value}`);
      } else {
        return result;
      }
      const slice = v.slice(p[0].value, p[1].value);
      let step = 1;
      if (p[2].known) {
        if (p[2].value <= 0) throw new Error('step must be > 0');
        step = p[2].value;
      }
      for (let i = 0; i < slice.length; i += step) result.push(slice[i]);
    }
    return result;
  }

  private evalWildcard(input: unknown[]): unknown[] {
    const results: unknown[] = [];
    for (const v of input) {
      if (isNil(v)) continue;
      const children = iterate(v);
      if (children) results.push(...children);
    }
    return results;
  }

  private evalRecursive(input: unknown[]): unknown[] {
    const result: unknown[] = [];
    for (const v of input) {
      if (isNil(v)) continue;
      const children = iterate(v);
      if (!children || children.length === 0) continue;
      result.push(v);
      result.push(...this.evalRecursive(children));
    }
    return result;
  }

  private evalFilter(input: unknown[], node: { left: ListNode; right: ListNode; op: string }): unknown[] {
    const results: unknown[] = [];
    for (const value of input) {
      const items = iterate(value) ?? [value];
      for (const item of items) {
        let lefts: unknown[] = [];
        try {
          lefts = this.evalList([item], node.left);
        } catch (e) {
          if (!this.allowMissingKeys) throw e;
        }
        const rights = this.evalList([item], node.right);
        if (lefts.length === 0) continue;
        if (lefts.length > 1) throw new Error('can only compare one element at a time');
        if (node.op === 'exists') {
          results.push(item);
          continue;
        }
        if (rights.length === 0) continue;
        if (rights.length > 1) throw new Error('can only compare one element at a time');
        if (evalOperator(node.op, lefts[0], rights[0])) results.push(item);
      }
    }
    return results;
  }
}


/** JSONPath.FindResults: one result list per template node. */
export function findResults(template: string, data: unknown, allowMissingKeys = true): unknown[][] {
  return new Evaluator(parseJsonPath(template), allowMissingKeys).findResults(data);
}

/** evalToText: fmt.Fprint of the value. */
function evalToText(v: unknown): string {
  if (v instanceof Literal) return v.goKind === 'int' ? String(v.value) : goFloatG(v.value);
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return goNumber(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return String(v);
}

/** PrintResults: maps and arrays as compact JSON, the rest as text, separated by spaces. */
export function printResults(results: unknown[]): string {
  return results.map((r) => (Array.isArray(r) || isMap(r) ? goJsonMarshal(r) : evalToText(r))).join(' ');
}

/** JSONPath.Execute: the template's output for `data`. */
export function executeJsonPath(template: string, data: unknown, allowMissingKeys = true): string {
  return findResults(template, data, allowMissingKeys).map(printResults).join('');
}

const RELAXED = /^\{\.?([^{}]+)\}$|^\.?([^{}]+)$/;

/** RelaxedJSONPathExpression (custom-columns, --sort-by): `.a.b`, `a.b`, `{.a.b}` → `{.a.b}`. */
export function relaxedJsonPath(expr: string): string {
  if (expr.length === 0) return expr;
  const m = RELAXED.exec(expr);
  if (!m) {
    throw new Error("unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'");
  }
  return `{.${m[1] || m[2]}}`;
}

export type { Json };
