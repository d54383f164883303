// Sharing for decision records (decisions.ts): the parts of a stored record that repeat across
// records are kept once, frozen, in bounded tables. Nothing changes a stored record's arrays in
// place; a snapshot restore swaps in the shared copies too (decisions.held.ts shareParts).
import { BoundedMap } from '../core/boundedmap';
import type { Status } from './types';

/** A row of a record's status table. */
export interface StatusEntry {
  code: number;
  reasons: string[];
}

/**
 * The skipped-plugin flags take a few shapes only: records share one frozen copy of each
 * (nothing changes a stored record; a restore swaps in the shared copies: decisions.held.ts).
 */
const sharedFlags = new BoundedMap<string, readonly boolean[]>(1000);
/**
 * The last two shared copies handed out: a record looks up its filter flags, then its score flags,
 * and each is most often the previous record's (one slot for both missed every time).
 */
let recentFlags0: readonly boolean[] | undefined;
let recentFlags1: readonly boolean[] | undefined;
function sameFlags(a: readonly boolean[], b: readonly boolean[] | undefined): boolean {
  if (b === undefined || a.length !== b.length) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i === a.length;
}
export function shared(flags: readonly boolean[]): boolean[] {
  if (sameFlags(flags, recentFlags0)) return recentFlags0 as boolean[];
  if (sameFlags(flags, recentFlags1)) return recentFlags1 as boolean[];
  let key = '';
  for (let i = 0; i < flags.length; i++) key += flags[i] ? '1' : '0';
  let s = sharedFlags.get(key);
  if (!s) {
    s = Object.freeze(flags.slice());
    sharedFlags.set(key, s);
  }
  recentFlags1 = recentFlags0;
  recentFlags0 = s;
  return s as boolean[];
}

/**
 * Per-node index arrays, score rows and rejection tallies repeat across records (in a large
 * cluster most records keep 20-odd nodes with the same pattern: one shared score row, the
 * control-plane node rejected by the same taint, the same scores on alike nodes). Records share
 * one frozen copy of each (a bounded table, cleared when full); nothing changes a stored record's
 * arrays, and a restore swaps in the shared copies (decisions.held.ts). Heap per record at 1,000 nodes: 2.05 → 0.54 KB.
 */
const MAX_SHARED = 4096;
const MAX_SHARED_LENGTH = 128;
/** Shared arrays by a hash of their numbers (collisions: a short list, compared element by element). */
const sharedArrays = new Map<number, (readonly number[])[]>();
let sharedCount = 0;
export function sharedIndexes(a: number[]): number[] {
  const n = a.length;
  // Long arrays rarely repeat; the bound keeps the table ≤ 4096 × 128 numbers (≈ 4 MB).
  if (n === 0 || n > MAX_SHARED_LENGTH) return a;
  const h = hashNumbers(a, n);
  if (h === undefined) return a;
  return findShared(a, n, h) ?? addShared(a, h);
}

/**
 * sharedIndexes of the first `n` numbers of a scratch buffer: the shared copy when there is one,
 * else a new exact-length array (shared from then on). A record's arrays mostly repeat an
 * earlier record's: they are looked up before any array is made for them.
 */
export function sharedIndexesOf(buf: Float64Array, n: number): number[] {
  if (n === 0 || n > MAX_SHARED_LENGTH) return copyOf(buf, n);
  const h = hashNumbers(buf, n);
  if (h === undefined) return copyOf(buf, n);
  return findShared(buf, n, h) ?? addShared(copyOf(buf, n), h);
}

/**
 * A plain copy. Integers are written as int32 (small integers): a typed array's element read is a
 * boxed double, which would turn the array into one of doubles (and pack() spreads it into boxes).
 */
function copyOf(buf: Float64Array, n: number): number[] {
  const a: number[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const v = buf[i]!;
    const k = v | 0;
    a[i] = k === v && (k !== 0 || 1 / v > 0) ? k : v;
  }
  return a;
}

/** A hash of the numbers, or undefined when one is -0 (it equals 0 under ===, yet is another number: kept as is). */
function hashNumbers(a: ArrayLike<number>, n: number): number | undefined {
  let h = n;
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    if (x === 0 && 1 / x < 0) return undefined;
    h = (Math.imul(h, 31) + (x | 0) + ((x * 1024) | 0)) | 0;
  }
  return h;
}

function findShared(a: ArrayLike<number>, n: number, h: number): number[] | undefined {
  const list = sharedArrays.get(h);
  if (list === undefined) return undefined;
  for (const s of list) {
    if (s.length !== n) continue;
    let i = 0;
    while (i < n && s[i] === a[i]) i++;
    if (i === n) return s as number[];
  }
  return undefined;
}

function addShared(a: number[], h: number): number[] {
  Object.freeze(a);
  // Full: start over (what records hold stays shared; new patterns get their turn).
  if (sharedCount >= MAX_SHARED) {
    sharedArrays.clear();
    sharedCount = 0;
  }
  const l = sharedArrays.get(h);
  if (l) l.push(a);
  else sharedArrays.set(h, [a]);
  sharedCount++;
  return a;
}

const sharedRejected = new BoundedMap<string, Readonly<Record<string, number>>>(MAX_SHARED);
/** The last tally handed out (it stays in the table until a later one is added). */
let lastRejected: Record<string, number> | undefined;
export function sharedRejectedBy(r: Record<string, number>): Record<string, number> {
  let key = '';
  for (const k in r) key += `${k}\u0000${r[k]}\u0000`;
  let s = sharedRejected.get(key) as Record<string, number> | undefined;
  if (!s) {
    s = Object.freeze(r);
    sharedRejected.set(key, s);
  }
  return (lastRejected = s);
}

/**
 * sharedRejectedBy of the tally `names[i]: counts[i]` (i < len, in key order): most records
 * tally what the previous one did, and get its object without one being made.
 */
export function sharedTally(names: readonly string[], counts: readonly number[], len: number): Record<string, number> {
  const last = lastRejected;
  if (last !== undefined) {
    let i = 0;
    let same = true;
    for (const k in last) {
      if (i >= len || k !== names[i] || last[k] !== counts[i]) {
        same = false;
        break;
      }
      i++;
    }
    if (same && i === len) return last;
  }
  const r: Record<string, number> = {};
  for (let i = 0; i < len; i++) r[names[i]!] = counts[i]!;
  return sharedRejectedBy(r);
}

/** A status's table entry, one per (frozen, shared) Status object; tables of one entry shared too. */
const statusEntries = new WeakMap<Status, StatusEntry>();
const singleTables = new WeakMap<StatusEntry, StatusEntry[]>();
export function statusEntry(st: Status): StatusEntry {
  if (!Object.isFrozen(st)) return { code: st.code, reasons: [...st.reasons] };
  let e = statusEntries.get(st);
  if (!e) statusEntries.set(st, (e = Object.freeze({ code: st.code, reasons: Object.freeze([...st.reasons]) as string[] })));
  return e;
}

const EMPTY_TABLE = Object.freeze([]) as unknown as StatusEntry[];

/** A record's status table: the shared empty one, one shared per single (shared) entry, else itself. */
export function sharedTable(table: StatusEntry[]): StatusEntry[] {
  if (table.length === 0) return EMPTY_TABLE;
  if (table.length !== 1 || !Object.isFrozen(table[0])) return table;
  let t = singleTables.get(table[0]!);
  if (!t) singleTables.set(table[0]!, (t = Object.freeze(table) as StatusEntry[]));
  return t;
}

/**
 * Node names of a record, kept as one string of char codes (one per node, an index into a
 * process-wide name table) instead of an array of pointers: 2 bytes a node instead of 8, and one
 * object instead of two. A record keeps 20-odd nodes; at 150,000 pods that was ≈ 160 B a pod.
 * The table only grows (a name, once seen, keeps its index), so a code always reads back as the
 * name it was written for; what a record holds does not depend on the table's order. Past 65,535
 * distinct names (far beyond the 5,000 nodes a cluster may have), records keep plain arrays.
 */
const nodeNames: string[] = [];
const nodeCodes = new Map<string, number>();
const MAX_CODES = 0xffff;

/** The compact form of a record's node list: a string, or the array itself when a name has no code. */
export function encodeNodes(names: readonly string[]): string | string[] {
  // Up to DETAIL_ALL_LIMIT nodes, every attempt lists the same nodes in the same order: the last
  // list's string serves again (one string shared by those records, not one each).
  const n = names.length;
  if (lastEncoded !== undefined && n === lastNames.length) {
    let i = 0;
    while (i < n && names[i] === lastNames[i]) i++;
    if (i === n) return lastEncoded;
  }
  const codes: number[] = new Array(names.length);
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    let c = nodeCodes.get(name);
    if (c === undefined) {
      if (nodeNames.length >= MAX_CODES) return names.slice();
      c = nodeNames.length;
      nodeNames.push(name);
      nodeCodes.set(name, c);
    }
    codes[i] = c;
  }
  // One flat string (concatenating char by char would build a rope of many small objects).
  const encoded = String.fromCharCode(...codes);
  lastNames = names.slice();
  lastEncoded = encoded;
  return encoded;
}
let lastNames: string[] = [];
let lastEncoded: string | undefined;

export function decodeNodes(nodes: string | readonly string[]): string[] {
  if (typeof nodes !== 'string') return nodes.slice();
  const out: string[] = new Array(nodes.length);
  for (let i = 0; i < nodes.length; i++) out[i] = nodeNames[nodes.charCodeAt(i)]!;
  return out;
}

// ---- a restored record's parts (a snapshot restore clones every record: nothing is shared) ----

/** Status table entries by value (restored entries are plain copies, not the plugins' Status objects). */
const entriesByValue = new BoundedMap<string, StatusEntry>(MAX_SHARED);
function sharedEntry(e: StatusEntry): StatusEntry {
  const key = `${e.code}\u0000${e.reasons.join('\u0000')}`;
  let s = entriesByValue.get(key);
  if (!s) {
    s = Object.freeze({ code: e.code, reasons: Object.freeze([...e.reasons]) as string[] });
    entriesByValue.set(key, s);
  }
  return s;
}

/** A restored status table: entries shared by value, and a single-entry table shared as sharedTable does. */
export function sharedRestoredTable(table: StatusEntry[]): StatusEntry[] {
  return sharedTable(table.map(sharedEntry));
}

/** Plugin name lists (and [name, weight] lists) by value: a live scheduler has one per profile. */
const pluginLists = new BoundedMap<string, readonly unknown[]>(64);
export function sharedPluginList<T extends string | [string, number]>(list: T[]): T[] {
  const key = JSON.stringify(list);
  let s = pluginLists.get(key);
  if (!s) {
    s = Object.freeze(list.map((x) => (Array.isArray(x) ? Object.freeze([...x]) : x)));
    pluginLists.set(key, s);
  }
  return s as T[];
}
