// PodTopologySpread's constraints (plugins/podtopologyspread/common.go, helper.DefaultSelector):
// the pod's own constraints, or the system defaults over its default selector, and the counters
// of matching pods they read. The defaulted constraints, their selectors and counter terms are
// compiled once and shared (all immutable): every pod of a ReplicaSet has the same ones.
import { labelSelectorFromSpec, nothing, type LabelSelectorMatcher, type LabelSelectorSpec } from '../../api/selectors';
import type { KObject } from '../../api/types';
import type { SchedulerCache } from '../cache';
import type { CycleState } from '../cycle';
import type { MatchCounter } from '../indexes';
import type { NodeInfo } from '../nodeinfo';
import { makeTerm, type AffinityTerm } from '../podinfo';
import { doNotScheduleTaints, findUntoleratedTaint, podTolerations, type RequiredNodeAffinity } from './helpers';

export const HOSTNAME = 'kubernetes.io/hostname';
export const ZONE = 'topology.kubernetes.io/zone';
const NOTHING = nothing();

export interface SpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  selector: LabelSelectorMatcher;
  minDomains: number;
  honorNodeAffinity: boolean;
  honorNodeTaints: boolean;
}

/** The system default constraints (config/v1 defaults), in order. */
const SYSTEM_DEFAULTS = [
  { topologyKey: HOSTNAME, whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 3 },
  { topologyKey: ZONE, whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 5 },
];

interface ConstraintSpec {
  maxSkew?: number;
  topologyKey?: string;
  whenUnsatisfiable?: string;
  labelSelector?: LabelSelectorSpec | null;
  matchLabelKeys?: string[];
  minDomains?: number;
  nodeAffinityPolicy?: string;
  nodeTaintsPolicy?: string;
}

/** filterTopologySpreadConstraints: the constraints with `action`, matchLabelKeys merged into the selector. */
function constraintsFor(specs: readonly ConstraintSpec[], podLabels: Readonly<Record<string, string>>, action: string, selector?: LabelSelectorMatcher): SpreadConstraint[] {
  const out: SpreadConstraint[] = [];
  for (const c of specs) {
    if (c.whenUnsatisfiable !== action) continue;
    let sel = selector;
    if (!sel) {
      const spec = c.labelSelector;
      const extra = (c.matchLabelKeys ?? []).filter((k) => Object.prototype.hasOwnProperty.call(podLabels, k));
      if (extra.length > 0 && spec) {
        sel = labelSelectorFromSpec({
          matchLabels: spec.matchLabels,
          matchExpressions: [...(spec.matchExpressions ?? []), ...extra.map((k) => ({ key: k, operator: 'In', values: [podLabels[k]!] }))],
        });
      } else sel = labelSelectorFromSpec(spec);
    }
    out.push({
      maxSkew: Number(c.maxSkew ?? 1),
      topologyKey: c.topologyKey ?? '',
      selector: sel,
      minDomains: Number(c.minDomains ?? 1),
      honorNodeAffinity: (c.nodeAffinityPolicy ?? 'Honor') === 'Honor',
      honorNodeTaints: c.nodeTaintsPolicy === 'Honor',
    });
  }
  return out;
}

/**
 * The last pod's default selector and what it was made from. A ReplicaSet's pods come one after
 * another with the same labels and owner-reference objects (stored objects share equal subtrees
 * and never change): while those, the namespace's Services (their version) and the owner's
 * selector object are the ones seen, the selector is the one made — so it is made once per
 * template, not per attempt.
 */
interface SelectorMemo {
  servicesVersion: number;
  namespace: string;
  labels: Readonly<Record<string, string>>;
  refs: unknown;
  /** The owner's kind key ('' for none) and name, and its selector object as read. */
  ownerKind: string;
  ownerName: string;
  ownerSelector: unknown;
  result: LabelSelectorMatcher;
}
/** One per scheduler cache (held weakly: a dropped cluster's goes with it). */
const memos = new WeakMap<SchedulerCache, SelectorMemo>();

function remember(state: CycleState, refs: unknown, ownerKind: string, ownerName: string, ownerSel: unknown, result: LabelSelectorMatcher): LabelSelectorMatcher {
  const pi = state.pi;
  memos.set(state.cache, { servicesVersion: state.cache.servicesVersion, namespace: pi.namespace, labels: pi.labels, refs, ownerKind, ownerName, ownerSelector: ownerSel, result });
  return result;
}

function ownerSelector(state: CycleState, kind: string, name: string): unknown {
  return kind === '' ? undefined : state.store.get(kind, state.pi.namespace, name)?.spec?.selector;
}

/** helper.DefaultSelector: the pod's Services, and its controller's selector. Nothing when neither. */
export function defaultSelector(state: CycleState): LabelSelectorMatcher {
  const pi = state.pi;
  const cache = state.cache;
  const refs: unknown = state.pod.metadata.ownerReferences;
  const m = memos.get(cache);
  if (m !== undefined && m.servicesVersion === cache.servicesVersion && m.namespace === pi.namespace && m.labels === pi.labels && m.refs === refs) {
    if (ownerSelector(state, m.ownerKind, m.ownerName) === m.ownerSelector) return m.result;
  }
  const matchLabels: Record<string, string> = {};
  const services = cache.services.get(pi.namespace);
  if (services) {
    for (const sel of services.values()) {
      let ok = true;
      for (const k in sel) if (pi.labels[k] !== sel[k]) ok = false;
      if (ok) Object.assign(matchLabels, sel);
    }
  }
  let ownerKind = '';
  let ownerName = '';
  let ownerSel: unknown;
  const exprs: { key: string; operator: string; values?: string[] }[] = [];
  const owner = (state.pod.metadata.ownerReferences ?? []).find((r: { controller?: boolean }) => r.controller);
  if (owner) {
    const group = String(owner.apiVersion ?? '').includes('/') ? String(owner.apiVersion).split('/')[0] : '';
    if (owner.kind === 'ReplicationController' && group === '') {
      ownerKind = '/ReplicationController';
      ownerName = owner.name;
      const rc = state.store.get(ownerKind, pi.namespace, owner.name);
      ownerSel = rc?.spec?.selector;
      if (rc?.spec?.selector) Object.assign(matchLabels, rc.spec.selector);
    } else if ((owner.kind === 'ReplicaSet' || owner.kind === 'StatefulSet') && group === 'apps') {
      ownerKind = `apps/${owner.kind}`;
      ownerName = owner.name;
      const o: KObject | undefined = state.store.get(ownerKind, pi.namespace, owner.name);
      const sel = o?.spec?.selector;
      ownerSel = sel;
      if (sel) {
        // The common case, no Service selecting the pod: the selector is the owner's alone, and a
        // stored object never changes (a write stores a new one), so it is compiled once per object.
        if (o && Object.keys(matchLabels).length === 0) {
          const cached = byOwner.get(o);
          if (cached) return remember(state, refs, ownerKind, ownerName, ownerSel, cached);
        }
        for (const [k, v] of Object.entries(sel.matchLabels ?? {})) exprs.push({ key: k, operator: 'In', values: [String(v)] });
        for (const e of sel.matchExpressions ?? []) exprs.push(e);
        if (o && Object.keys(matchLabels).length === 0 && exprs.length > 0) {
          const compiled = compiledSelector(JSON.stringify([matchLabels, exprs]), matchLabels, exprs);
          byOwner.set(o, compiled);
          return remember(state, refs, ownerKind, ownerName, ownerSel, compiled);
        }
      }
    }
  }
  if (Object.keys(matchLabels).length === 0 && exprs.length === 0) return remember(state, refs, ownerKind, ownerName, ownerSel, NOTHING);
  // Every pod of a ReplicaSet has the same default selector: compile it once (matchers are immutable).
  const key = JSON.stringify([matchLabels, exprs]);
  return remember(state, refs, ownerKind, ownerName, ownerSel, compiledSelector(key, matchLabels, exprs));
}

function compiledSelector(key: string, matchLabels: Record<string, string>, exprs: { key: string; operator: string; values?: string[] }[]): LabelSelectorMatcher {
  let sel = defaultSelectors.get(key);
  if (!sel) {
    if (defaultSelectors.size >= 256) defaultSelectors.clear();
    sel = labelSelectorFromSpec({ matchLabels, matchExpressions: exprs });
    defaultSelectors.set(key, sel);
  }
  return sel;
}

/** Compiled default selectors by their spec's JSON (bounded: cleared when full). */
const defaultSelectors = new Map<string, LabelSelectorMatcher>();
/** Default selectors of pods no Service selects, by their owning ReplicaSet / StatefulSet object. */
const byOwner = new WeakMap<KObject, LabelSelectorMatcher>();
/** The system default constraints over a default selector (immutable, shared by every pod with it). */
const defaultConstraints = new WeakMap<LabelSelectorMatcher, SpreadConstraint[]>();
const sharedConstraints = new WeakSet<SpreadConstraint>();

/** The pod's constraints with `action`, or the system defaults over its default selector. */
export function podConstraints(state: CycleState, action: 'DoNotSchedule' | 'ScheduleAnyway'): SpreadConstraint[] {
  const specs: ConstraintSpec[] = Array.isArray(state.pod.spec?.topologySpreadConstraints) ? state.pod.spec.topologySpreadConstraints : [];
  if (specs.length > 0) return constraintsFor(specs, state.pi.labels, action);
  if (action !== 'ScheduleAnyway') return [];
  const sel = defaultSelector(state);
  if (sel.matchesNothing || sel.empty) return [];
  let cs = defaultConstraints.get(sel);
  if (!cs) {
    cs = constraintsFor(SYSTEM_DEFAULTS, state.pi.labels, action, sel);
    defaultConstraints.set(sel, cs);
    for (const c of cs) sharedConstraints.add(c);
  }
  return cs;
}

export function hasAllKeys(labels: Readonly<Record<string, string>>, cs: readonly SpreadConstraint[]): boolean {
  for (const c of cs) if (!Object.prototype.hasOwnProperty.call(labels, c.topologyKey)) return false;
  return true;
}

export function includesNode(c: SpreadConstraint, state: CycleState, rna: RequiredNodeAffinity, node: NodeInfo): boolean {
  if (c.honorNodeAffinity && !rna.match(node.name, node.labels)) return false;
  if (c.honorNodeTaints && findUntoleratedTaint(node.taints, podTolerations(state.pod), doNotScheduleTaints)) return false;
  return true;
}

/** Counter of non-terminating pods in the pod's namespace matching a constraint's selector, per node. */
export function counterFor(state: CycleState, c: SpreadConstraint): MatchCounter | null {
  if (c.selector.empty || c.selector.matchesNothing) return null;
  // The term list is the counter's key: one per (constraint, namespace), reused (terms are immutable).
  let byNs = constraintTerms.get(c);
  if (!byNs) {
    byNs = new Map();
    if (sharedConstraints.has(c)) constraintTerms.set(c, byNs);
  }
  let terms = byNs.get(state.pi.namespace);
  if (!terms) {
    terms = [makeTerm(new Set([state.pi.namespace]), NOTHING, c.selector, c.topologyKey)];
    if (sharedConstraints.has(c)) byNs.set(state.pi.namespace, terms);
  }
  return state.cache.counters.get(terms, true, state.cache.pods.values());
}

/** Term lists of the shared (system default) constraints, per namespace. */
const constraintTerms = new WeakMap<SpreadConstraint, Map<string, AffinityTerm[]>>();
