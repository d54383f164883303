// Incremental indexes over the assigned pods that make inter-pod affinity and topology spreading
// cheap per scheduling attempt (upstream walks every pod on every node instead):
// - ExistingTermIndex: the affinity terms of pods already placed, grouped by equal term, counting
//   the pods carrying each per node and per topology value (the term's topologyKey on their node);
// - MatchCounters: for a term list an incoming pod asks about, how many placed pods match it, per
//   node and, on request, per value of a topology key. Created on first use from the pods in the
//   cache, then kept up to date on every pod and node-label change; the least recently used are
//   dropped beyond a bound. A pod change is offered only to the counters whose terms could match
//   it: each counter is filed under one label its pods must carry (its "anchor", from an `=` or
//   single-value `in` requirement), so a cluster of many Deployments does not test every pod
//   against every Deployment's selector. Pure caches: results never depend on them.
// Pods on a node the cache has no Node object for count per node but under no topology value.

import { matchesAllTerms, termMatches, type AffinityTerm, type PodInfo } from './podinfo';

export type TermKind = 'requiredAffinity' | 'requiredAntiAffinity' | 'preferredAffinity' | 'preferredAntiAffinity';

/** Node name → its labels ({} for a node without a Node object). */
export type LabelsOf = (node: string) => Readonly<Record<string, string>>;
/** Node name → its NodeInfo's slot (a number never reused for another NodeInfo), or -1. */
export type SlotOf = (node: string) => number;

function bump(m: Map<string, number>, k: string, delta: number): void {
  const n = (m.get(k) ?? 0) + delta;
  if (n <= 0) m.delete(k);
  else m.set(k, n);
}

export interface TermEntry {
  readonly kind: TermKind;
  readonly term: AffinityTerm;
  readonly weight: number;
  /** node name → pods on it carrying the term. */
  readonly perNode: Map<string, number>;
  /** value of term.topologyKey on the pods' nodes → pods carrying the term. */
  readonly perValue: Map<string, number>;
  total: number;
}

export class ExistingTermIndex {
  readonly entries = new Map<string, TermEntry>();

  constructor(private readonly labelsOf: LabelsOf) {}

  add(pi: PodInfo, sign: 1 | -1): void {
    if (!pi.hasPodAffinity) return;
    const node = pi.nodeName;
    const labels = this.labelsOf(node);
    const each = (kind: TermKind, term: AffinityTerm, weight: number) => {
      const key = `${kind}|${weight}|${term.key}`;
      let e = this.entries.get(key);
      if (!e) {
        if (sign < 0) return;
        e = { kind, term, weight, perNode: new Map(), perValue: new Map(), total: 0 };
        this.entries.set(key, e);
      }
      bump(e.perNode, node, sign);
      const v = labels[term.topologyKey];
      if (v !== undefined) bump(e.perValue, v, sign);
      e.total += sign;
      if (e.total <= 0) this.entries.delete(key);
    };
    for (const t of pi.requiredAffinity ?? []) each('requiredAffinity', t, 0);
    for (const t of pi.requiredAntiAffinity ?? []) each('requiredAntiAffinity', t, 0);
    for (const w of pi.preferredAffinity ?? []) each('preferredAffinity', w.term, w.weight);
    for (const w of pi.preferredAntiAffinity ?? []) each('preferredAntiAffinity', w.term, w.weight);
  }

  /** A node's labels changed: move its pods' counts between topology values. */
  relabel(node: string, prev: Readonly<Record<string, string>>, next: Readonly<Record<string, string>>): void {
    for (const e of this.entries.values()) {
      const n = e.perNode.get(node);
      if (!n) continue;
      const k = e.term.topologyKey;
      if (prev[k] === next[k]) continue;
      if (prev[k] !== undefined) bump(e.perValue, prev[k]!, -n);
      if (next[k] !== undefined) bump(e.perValue, next[k]!, n);
    }
  }
}

export interface MatchCounter {
  readonly key: string;
  readonly terms: readonly AffinityTerm[];
  /** Topology spreading does not count terminating pods (countPodsMatchSelector); affinity does. */
  readonly excludeTerminating: boolean;
  /** node name → matching pods on it. */
  readonly perNode: Map<string, number>;
  /**
   * The same counts by the node's NodeInfo slot (undefined or 0: none): topology spreading's
   * hostname score reads it for every scored node, an array index instead of a string-keyed lookup.
   * A typed array grown on demand: a plain array first written at a high slot (pods land on any
   * node) is kept by V8 as a dictionary, a hash lookup per read again.
   */
  perSlot: Int32Array;
  /** topology key → value on the pods' nodes → matching pods (keys added on request). */
  readonly perKey: Map<string, Map<string, number>>;
  /**
   * perKey's entries as a list, in insertion order (entries are only ever added): every pod
   * change offered to the counter walks them, and a Map's entries iterator makes a [key, value]
   * array per entry per walk.
   */
  readonly perKeyList: { readonly topologyKey: string; readonly counts: Map<string, number> }[];
  lastUsed: number;
  /** A label every matching pod carries, or undefined (offered every pod). */
  readonly anchor: AnchorLabel | undefined;
}

/**
 * Counters kept at most. Each scheduled workload with a topology spread constraint (the system
 * defaults give every ReplicaSet's pods one) or affinity term asks for its own counter, and the
 * scheduling queue interleaves workloads: with fewer counters than workloads being scheduled,
 * counters were dropped and rebuilt from every pod in the cache over and over (150 Deployments
 * at 5,000 nodes spent half the scheduler's time there with a bound of 64). A counter costs
 * a map entry per node its pods are on, plus its `perSlot` array up to the highest node slot it
 * has counted on.
 */
export const MAX_COUNTERS = 512;

/** A new counter's perSlot (empty: the first count on a node replaces it). */
const NO_SLOTS = new Int32Array(0);

export interface AnchorLabel {
  readonly key: string;
  readonly value: string;
}

/** A label every pod matching all `terms` must carry: the counter's anchor. */
export function anchorLabelOf(terms: readonly AffinityTerm[]): AnchorLabel | undefined {
  for (const t of terms) {
    if (t.selector.matchesNothing) continue;
    for (const r of t.selector.requirements) {
      if ((r.operator === '=' || r.operator === '==' || r.operator === 'in') && r.values.length === 1) return { key: r.key, value: r.values[0]! };
    }
  }
  return undefined;
}

/**
 * A term list's counter keys (excluding terminating pods or not), per list: lists are immutable,
 * and the same lists are asked about attempt after attempt (topology spreading's are shared per
 * constraint), so the key strings are made once, not per lookup.
 */
const termKeys = new WeakMap<readonly AffinityTerm[], { readonly live: string; readonly all: string }>();

export class MatchCounters {
  private readonly counters = new Map<string, MatchCounter>();
  /**
   * anchor label key → value → counters filed under it; `unanchored` holds those without one.
   * Two levels, so a pod change looks its labels up as they are (no `key=value` string per label).
   */
  private readonly byAnchor = new Map<string, Map<string, Set<MatchCounter>>>();
  private readonly unanchored = new Set<MatchCounter>();
  private clock = 0;

  constructor(
    private readonly labelsOf: LabelsOf,
    private readonly slotOf: SlotOf = () => -1,
  ) {}

  /** Counts a pod more (sign 1) or less (-1) on its node, by name and by slot. */
  private count(c: MatchCounter, node: string, sign: 1 | -1): void {
    bump(c.perNode, node, sign);
    const slot = this.slotOf(node);
    if (slot >= 0) {
      if (slot >= c.perSlot.length) {
        const grown = new Int32Array(Math.max(slot + 1, c.perSlot.length * 2, 64));
        grown.set(c.perSlot);
        c.perSlot = grown;
      }
      const n = c.perSlot[slot]! + sign;
      c.perSlot[slot] = n > 0 ? n : 0;
    }
  }

  /** The counter for pods matching every term; built from `pods` on first use. */
  get(terms: readonly AffinityTerm[], excludeTerminating: boolean, pods: Iterable<PodInfo>): MatchCounter {
    let keys = termKeys.get(terms);
    if (keys === undefined) {
      const joined = terms.map((t) => t.key).join('#');
      termKeys.set(terms, (keys = { live: `T#${joined}`, all: `A#${joined}` }));
    }
    const key = excludeTerminating ? keys.live : keys.all;
    let c = this.counters.get(key);
    if (!c) {
      c = { key, terms, excludeTerminating, perNode: new Map(), perSlot: NO_SLOTS, perKey: new Map(), perKeyList: [], lastUsed: 0, anchor: anchorLabelOf(terms) };
      for (const pi of pods) if (pi.nodeName && matches(c, pi)) this.count(c, pi.nodeName, 1);
      this.counters.set(key, c);
      this.file(c);
    }
    // Marked used before any eviction: a new counter must not be the one dropped (it had
    // lastUsed 0, so each counter made past the bound was dropped at once and rebuilt next time).
    c.lastUsed = ++this.clock;
    if (this.counters.size > MAX_COUNTERS) this.evict();
    return c;
  }

  /** Matching pods per value of `topologyKey` on their nodes. */
  perValue(c: MatchCounter, topologyKey: string): Map<string, number> {
    let m = c.perKey.get(topologyKey);
    if (!m) {
      m = new Map();
      for (const [node, n] of c.perNode) {
        const v = this.labelsOf(node)[topologyKey];
        if (v !== undefined) bump(m, v, n);
      }
      c.perKey.set(topologyKey, m);
      c.perKeyList.push({ topologyKey, counts: m });
    }
    return m;
  }

  private file(c: MatchCounter): void {
    if (c.anchor === undefined) {
      this.unanchored.add(c);
      return;
    }
    const { key, value } = c.anchor;
    let byValue = this.byAnchor.get(key);
    if (!byValue) this.byAnchor.set(key, (byValue = new Map()));
    let set = byValue.get(value);
    if (!set) byValue.set(value, (set = new Set()));
    set.add(c);
  }

  private unfile(c: MatchCounter): void {
    if (c.anchor === undefined) {
      this.unanchored.delete(c);
      return;
    }
    const { key, value } = c.anchor;
    const byValue = this.byAnchor.get(key);
    const set = byValue?.get(value);
    if (!byValue || !set) return;
    set.delete(c);
    if (set.size > 0) return;
    byValue.delete(value);
    if (byValue.size === 0) this.byAnchor.delete(key);
  }

  onPod(pi: PodInfo, sign: 1 | -1): void {
    if (!pi.nodeName) return;
    if (this.counters.size === 0) return;
    for (const c of this.unanchored) this.offer(c, pi, sign);
    if (this.byAnchor.size === 0) return;
    const labels = pi.labels;
    for (const k in labels) {
      const set = this.byAnchor.get(k)?.get(labels[k]!);
      if (set !== undefined) for (const c of set) this.offer(c, pi, sign);
    }
  }

  private offer(c: MatchCounter, pi: PodInfo, sign: 1 | -1): void {
    if (!matches(c, pi)) return;
    this.count(c, pi.nodeName!, sign);
    const list = c.perKeyList;
    if (list.length === 0) return;
    const labels = this.labelsOf(pi.nodeName!);
    for (let i = 0; i < list.length; i++) {
      const e = list[i]!;
      const v = labels[e.topologyKey];
      if (v !== undefined) bump(e.counts, v, sign);
    }
  }

  relabel(node: string, prev: Readonly<Record<string, string>>, next: Readonly<Record<string, string>>): void {
    for (const c of this.counters.values()) {
      const n = c.perNode.get(node);
      if (!n) continue;
      for (const [k, m] of c.perKey) {
        if (prev[k] === next[k]) continue;
        if (prev[k] !== undefined) bump(m, prev[k]!, -n);
        if (next[k] !== undefined) bump(m, next[k]!, n);
      }
    }
  }

  private evict(): void {
    let oldest: MatchCounter | undefined;
    for (const c of this.counters.values()) if (!oldest || c.lastUsed < oldest.lastUsed) oldest = c;
    if (oldest) {
      this.counters.delete(oldest.key);
      this.unfile(oldest);
    }
  }
}

function matches(c: MatchCounter, pi: PodInfo): boolean {
  if (c.excludeTerminating && pi.terminating) return false;
  if (c.terms.length === 1) return termMatches(c.terms[0]!, pi.namespace, pi.labels, null);
  return matchesAllTerms(c.terms, pi.namespace, pi.labels);
}
