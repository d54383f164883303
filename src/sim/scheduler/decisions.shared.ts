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
/** The last flags looked up (an own copy) and their shared copy: most records repeat the last one's. */
let lastFlags: boolean[] = [];
let lastShared: readonly boolean[] | undefined;
export function shared(flags: readonly boolean[]): boolean[] {
  if (lastShared !== undefined && flags.length === lastFlags.length) {
    let i = 0;
    while (i < flags.length && flags[i] === lastFlags[i]) i++;
    if (i === flags.length) return lastShared as boolean[];
  }
  let key = '';
  for (let i = 0; i < flags.length; i++) key += flags[i] ? '1' : '0';
  let s = sharedFlags.get(key);
  if (!s) {
    s = Object.freeze(flags.slice());
    sharedFlags.set(key, s);
  }
  lastFlags = flags.slice();
  lastShared = s;
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
  let h = n;
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    // -0 equals 0 under ===, yet is another number: such an array is kept as is.
    if (x === 0 && 1 / x < 0) return a;
    h = (Math.imul(h, 31) + (x | 0) + ((x * 1024) | 0)) | 0;
  }
  const list = sharedArrays.get(h);
  if (list) {
    for (const s of list) {
      if (s.length !== n) continue;
      let i = 0;
      while (i < n && s[i] === a[i]) i++;
      if (i === n) return s as number[];
    }
  }
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
export function sharedRejectedBy(r: Record<string, number>): Record<string, number> {
  let key = '';
  for (const k in r) key += `${k}\u0000${r[k]}\u0000`;
  const s = sharedRejected.get(key);
  if (s) return s as Record<string, number>;
  Object.freeze(r);
  sharedRejected.set(key, r);
  return r;
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
