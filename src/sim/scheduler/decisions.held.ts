// How the scheduler holds its decision records (one per pod, 150,000 at the documented limit).
//
// A stored record (decisions.ts) has 23-odd fields, most of which repeat across records: at 1,000
// nodes / 5,000 pods there were 22 distinct combinations of everything but the pod, the time, the
// chosen node, the node list and the scores. A held record keeps its own fields only and points
// to a shared, frozen `Body` with the rest; its node list is a string of 2-byte codes
// (decisions.shared.ts), its score rows strings of char codes (`pack`). `materialize` rebuilds the stored form with the same keys in the same
// order, so snapshots, restores and the expanded views are what they were.
//
// Records whose key order is not the one recordAttempt writes (a restored record from an older
// run) are held as they are, node list encoded: `EncodedDecision`.

import { BoundedMap } from '../core/boundedmap';
import { expandDecision, type EncodedDecision, type StoredDecision } from './decisions';
import { decodeNodes, encodeNodes, shared, sharedIndexes, sharedPluginList, sharedRejectedBy, sharedRestoredTable } from './decisions.shared';
import type { PreemptionDecision, SchedulingDecision } from './types';
import { keepShape } from '../core/shapes';
import { DEFAULT_START_MS } from '../core/time';

/** The fields records share. */
interface Body {
  readonly namespace: string;
  readonly attempt: number;
  readonly outcome: StoredDecision['outcome'];
  readonly numAllNodes: number;
  readonly evaluatedNodes: number;
  readonly feasibleNodes: number;
  readonly filterPlugins: string[];
  readonly filterSkipped: boolean[];
  readonly scorePlugins: [string, number][];
  readonly scoreSkipped: boolean[];
  readonly scoringSkipped: boolean;
  readonly failedBy: number[];
  readonly status: number[];
  readonly statusTable: { code: number; reasons: string[] }[];
  readonly omittedNodes: number;
  readonly rejectedBy: Record<string, number>;
  readonly message: string | undefined;
  readonly nominatedNode: string | undefined;
  readonly preFilter: StoredDecision['preFilter'];
  readonly preemption: PreemptionDecision | undefined;
}

/** One record as held: its own fields and the shared rest. */
class CompactDecision {
  constructor(
    readonly podUid: string,
    readonly name: string,
    readonly timeMs: number,
    readonly selectedNode: string | undefined,
    readonly nodes: string | string[],
    readonly scoreRow: Ints,
    readonly scores: Ints,
    readonly totals: Ints,
    readonly body: Body,
  ) {}
}

// Records outlive their cluster's scheduler only through snapshots (see core/shapes.ts); the
// time is a large integer, held as a double, as real records' are.
keepShape(new CompactDecision('', '', DEFAULT_START_MS, undefined, '', '', '', '', null!));

type HeldDecision = CompactDecision | EncodedDecision;

/**
 * A record's own number arrays (score rows, scores, totals), packed into a string when every value
 * is an integer in [-1, 65534]: one char code (value + 1) per number, 1 or 2 bytes instead of 8,
 * and equal strings stored once (a bounded table). In clusters of up to 100 nodes a record keeps
 * every node, and its unshared score rows were most of its memory (≈ 0.9 KB a pod at 50 nodes).
 * Other values (fractions, -0, large numbers) keep the array.
 */
type Ints = string | number[];
const MAX_PACKED = 4096;
const packed = new BoundedMap<string, string>(MAX_PACKED);

/**
 * Shared (frozen, never changed) arrays' packed forms: records hold the same shared arrays over
 * and over (decisions.shared.ts), and each packs to the same string. Held weakly: the sharing
 * table lets go of its arrays when full.
 */
const packedOf = new WeakMap<readonly number[], Ints>();

function pack(a: number[]): Ints {
  if (!Object.isFrozen(a)) return packNew(a);
  let p = packedOf.get(a);
  if (p === undefined) packedOf.set(a, (p = packNew(a)));
  return p;
}

function packNew(a: number[]): Ints {
  const n = a.length;
  const codes: number[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const v = a[i]!;
    if (!Number.isInteger(v) || v < -1 || v > 65534 || Object.is(v, -0)) return a;
    codes[i] = v + 1;
  }
  const str = String.fromCharCode(...codes);
  const same = packed.get(str);
  if (same !== undefined) return same;
  packed.set(str, str);
  return str;
}

function unpack(x: Ints): number[] {
  if (typeof x !== 'string') return x;
  const out: number[] = new Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = x.charCodeAt(i) - 1;
  return out;
}

/** The key order recordAttempt writes: the fixed keys, then the optional ones present, in this order. */
const FIXED_KEYS = [
  'podUid', 'namespace', 'name', 'attempt', 'timeMs', 'outcome', 'numAllNodes', 'evaluatedNodes', 'feasibleNodes',
  'filterPlugins', 'filterSkipped', 'scorePlugins', 'scoreSkipped', 'scoringSkipped', 'nodes', 'failedBy', 'status',
  'statusTable', 'scoreRow', 'scores', 'totals', 'omittedNodes', 'rejectedBy',
];
const OPTIONAL_KEYS = ['selectedNode', 'message', 'nominatedNode', 'preFilter', 'preemption'] as const;

function hasCanonicalKeys(d: EncodedDecision): boolean {
  // for-in walks own keys in Object.keys' order (a record has no inherited enumerable keys),
  // without making the array of them.
  let i = 0;
  let optional = 0;
  for (const k in d) {
    if (i < FIXED_KEYS.length) {
      if (k !== FIXED_KEYS[i]) return false;
    } else {
      while (optional < OPTIONAL_KEYS.length && d[OPTIONAL_KEYS[optional]!] === undefined) optional++;
      if (optional === OPTIONAL_KEYS.length || k !== OPTIONAL_KEYS[optional]) return false;
      optional++;
    }
    i++;
  }
  if (i < FIXED_KEYS.length) return false;
  while (optional < OPTIONAL_KEYS.length && d[OPTIONAL_KEYS[optional]!] === undefined) optional++;
  return optional === OPTIONAL_KEYS.length;
}

/**
 * Shared bodies, keyed by their primitive fields and the identities of their (shared, frozen)
 * arrays. Bounded and cleared when full, as the other sharing tables: what records hold stays.
 */
const MAX_BODIES = 4096;
const bodies = new BoundedMap<string, Body>(MAX_BODIES);
const objectIds = new WeakMap<object, number>();
let nextObjectId = 1;
function idOf(o: object): number {
  let id = objectIds.get(o);
  if (id === undefined) objectIds.set(o, (id = nextObjectId++));
  return id;
}

/** The last shared body handed out: most records share the previous record's. */
let lastBody: Body | undefined;

function sameArray(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a === b || (a.length === 0 && b.length === 0);
}

/** Whether `d` has `b`'s fields (its arrays the same shared ones; empty arrays alike). */
function hasBody(d: EncodedDecision, b: Body): boolean {
  return (
    d.namespace === b.namespace && d.attempt === b.attempt && d.outcome === b.outcome && d.numAllNodes === b.numAllNodes &&
    d.evaluatedNodes === b.evaluatedNodes && d.feasibleNodes === b.feasibleNodes && d.filterPlugins === b.filterPlugins &&
    sameArray(d.filterSkipped, b.filterSkipped) && d.scorePlugins === b.scorePlugins && sameArray(d.scoreSkipped, b.scoreSkipped) &&
    d.scoringSkipped === b.scoringSkipped && sameArray(d.failedBy, b.failedBy) && sameArray(d.status, b.status) &&
    sameArray(d.statusTable, b.statusTable) && d.omittedNodes === b.omittedNodes && d.rejectedBy === b.rejectedBy &&
    d.message === b.message && d.nominatedNode === b.nominatedNode && d.preFilter === undefined && d.preemption === undefined
  );
}

function bodyOf(d: EncodedDecision): Body {
  if (lastBody !== undefined && hasBody(d, lastBody)) return lastBody;
  const body: Body = Object.freeze({
    namespace: d.namespace,
    attempt: d.attempt,
    outcome: d.outcome,
    numAllNodes: d.numAllNodes,
    evaluatedNodes: d.evaluatedNodes,
    feasibleNodes: d.feasibleNodes,
    filterPlugins: d.filterPlugins,
    filterSkipped: d.filterSkipped,
    scorePlugins: d.scorePlugins,
    scoreSkipped: d.scoreSkipped,
    scoringSkipped: d.scoringSkipped,
    failedBy: d.failedBy,
    status: d.status,
    statusTable: d.statusTable,
    omittedNodes: d.omittedNodes,
    rejectedBy: d.rejectedBy,
    message: d.message,
    nominatedNode: d.nominatedNode,
    preFilter: d.preFilter,
    preemption: d.preemption,
  });
  // Only bodies made of shared (frozen) parts can repeat; the others are not worth a table entry.
  const parts = [d.filterPlugins, d.filterSkipped, d.scorePlugins, d.scoreSkipped, d.failedBy, d.status, d.statusTable, d.rejectedBy];
  if (d.preFilter || d.preemption) return body;
  for (const p of parts) if (p.length !== 0 && !Object.isFrozen(p) && p !== d.filterPlugins && p !== d.scorePlugins) return body;
  let key = `${d.namespace}\u0000${d.attempt}\u0000${d.outcome}\u0000${d.numAllNodes}\u0000${d.evaluatedNodes}\u0000${d.feasibleNodes}\u0000${d.scoringSkipped}\u0000${d.omittedNodes}\u0000${d.message ?? '\u0001'}\u0000${d.nominatedNode ?? '\u0001'}`;
  for (const p of parts) key += `\u0000${p.length === 0 ? 'e' : idOf(p)}`;
  const same = bodies.get(key);
  if (same) return (lastBody = same);
  bodies.set(key, body);
  return (lastBody = body);
}

/** The held form of a record whose node list is already encoded. */
function compact(d: EncodedDecision): HeldDecision {
  if (!hasCanonicalKeys(d)) return d;
  return new CompactDecision(d.podUid, d.name, d.timeMs, d.selectedNode, d.nodes, pack(d.scoreRow), pack(d.scores), pack(d.totals), bodyOf(d));
}

/** The stored form (node list still encoded), keys in recordAttempt's order. */
function materialize(h: HeldDecision): EncodedDecision {
  if (!(h instanceof CompactDecision)) return h;
  const b = h.body;
  const out: EncodedDecision = {
    podUid: h.podUid,
    namespace: b.namespace,
    name: h.name,
    attempt: b.attempt,
    timeMs: h.timeMs,
    outcome: b.outcome,
    numAllNodes: b.numAllNodes,
    evaluatedNodes: b.evaluatedNodes,
    feasibleNodes: b.feasibleNodes,
    filterPlugins: b.filterPlugins,
    filterSkipped: b.filterSkipped,
    scorePlugins: b.scorePlugins,
    scoreSkipped: b.scoreSkipped,
    scoringSkipped: b.scoringSkipped,
    nodes: h.nodes,
    failedBy: b.failedBy,
    status: b.status,
    statusTable: b.statusTable,
    scoreRow: unpack(h.scoreRow),
    scores: unpack(h.scores),
    totals: unpack(h.totals),
    omittedNodes: b.omittedNodes,
    rejectedBy: b.rejectedBy,
  };
  if (h.selectedNode !== undefined) out.selectedNode = h.selectedNode;
  if (b.message !== undefined) out.message = b.message;
  if (b.nominatedNode !== undefined) out.nominatedNode = b.nominatedNode;
  if (b.preFilter !== undefined) out.preFilter = b.preFilter;
  if (b.preemption !== undefined) out.preemption = b.preemption;
  return out;
}

/** The latest record per pod uid, insertion-ordered for a stable snapshot. */
export class DecisionStore {
  private readonly byUid = new Map<string, HeldDecision>();

  /** Takes `d` over (its node list is replaced by the encoded one). */
  set(d: StoredDecision): void {
    const enc = d as unknown as EncodedDecision;
    enc.nodes = encodeNodes(d.nodes);
    this.byUid.delete(d.podUid);
    this.byUid.set(d.podUid, compact(enc));
  }

  /** Takes over a record whose node list is encoded already (recordAttemptEncoded). */
  setEncoded(d: EncodedDecision): void {
    this.byUid.delete(d.podUid);
    this.byUid.set(d.podUid, compact(d));
  }

  get(uid: string): SchedulingDecision | undefined {
    const d = this.byUid.get(uid);
    return d ? expandDecision(materialize(d)) : undefined;
  }

  /** The record in its stored form (node list encoded); a shallow copy (its arrays are shared and frozen): change it with markError. */
  raw(uid: string): EncodedDecision | undefined {
    const d = this.byUid.get(uid);
    return d ? materialize(d) : undefined;
  }

  /**
   * Whether the record is held compactly. A record whose keys are not in FIXED_KEYS' order (say
   * recordAttempt gained a field) is kept as it is — correct, but ≈ 2× larger — so a test checks
   * that real records are compacted.
   */
  isCompact(uid: string): boolean {
    return this.byUid.get(uid) instanceof CompactDecision;
  }

  /**
   * A binding that failed after the attempt was recorded: the record's outcome becomes Error with
   * the API's message (a message the record did not have goes last, as an added key does).
   */
  markError(uid: string, message: string | undefined): void {
    const d = this.byUid.get(uid);
    if (!d) return;
    const plain = materialize(d);
    plain.outcome = 'Error';
    plain.message = message;
    this.byUid.set(uid, plain);
  }

  delete(uid: string): void {
    this.byUid.delete(uid);
  }

  get size(): number {
    return this.byUid.size;
  }

  snapshot(): StoredDecision[] {
    return [...this.byUid.values()].map((h) => {
      const d = materialize(h);
      const c = structuredClone(d) as unknown as StoredDecision;
      c.nodes = decodeNodes(d.nodes);
      return c;
    });
  }

  restore(list: StoredDecision[]): void {
    this.byUid.clear();
    for (const d of list) {
      const c = structuredClone(d) as unknown as EncodedDecision;
      c.nodes = encodeNodes(d.nodes);
      this.byUid.set(d.podUid, compact(shareParts(c)));
    }
  }

  /** The shared part a record is held with (undefined: held as it is); for tests of the sharing. */
  bodyOf(uid: string): object | undefined {
    const d = this.byUid.get(uid);
    return d instanceof CompactDecision ? d.body : undefined;
  }
}

/** shared() keys flags by truthiness: only real booleans may be swapped for a shared copy. */
function isFlags(a: unknown): a is boolean[] {
  return Array.isArray(a) && a.every((x) => typeof x === 'boolean');
}

/**
 * A restored record (a structured clone: every array its own) with its repeated parts swapped for
 * the shared, frozen copies recordAttempt hands out, so that restored records share bodies as the
 * live ones did (≈ 0.5 KB a record instead of ≈ 2 KB). Values are unchanged; only `c` is changed.
 */
function shareParts(c: EncodedDecision): EncodedDecision {
  if (Array.isArray(c.filterPlugins)) c.filterPlugins = sharedPluginList(c.filterPlugins);
  if (Array.isArray(c.scorePlugins)) c.scorePlugins = sharedPluginList(c.scorePlugins);
  if (isFlags(c.filterSkipped)) c.filterSkipped = shared(c.filterSkipped);
  if (isFlags(c.scoreSkipped)) c.scoreSkipped = shared(c.scoreSkipped);
  // Empty per-node arrays stay as they are (a live record's are its own too).
  if (Array.isArray(c.failedBy) && c.failedBy.length > 0) c.failedBy = sharedIndexes(c.failedBy);
  if (Array.isArray(c.status) && c.status.length > 0) c.status = sharedIndexes(c.status);
  if (Array.isArray(c.statusTable)) c.statusTable = sharedRestoredTable(c.statusTable);
  if (c.rejectedBy && typeof c.rejectedBy === 'object') c.rejectedBy = sharedRejectedBy(c.rejectedBy);
  if (Array.isArray(c.scoreRow)) c.scoreRow = sharedIndexes(c.scoreRow);
  if (Array.isArray(c.scores)) c.scores = sharedIndexes(c.scores);
  if (Array.isArray(c.totals)) c.totals = sharedIndexes(c.totals);
  return c;
}
