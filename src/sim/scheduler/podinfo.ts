// What the scheduler precomputes once per pod (framework.PodInfo, types.go): requests for fit
// and for scoring, host ports, inter-pod affinity terms compiled to matchers.

import { containerRequest, DEFAULT_MEMORY_REQUEST, DEFAULT_MILLI_CPU_REQUEST, podRequests } from '../api/podutil';
import { parseQuantity } from '../api/quantity';
import { labelSelectorFromSpec, type LabelSelectorMatcher } from '../api/selectors';
import type { KObject } from '../api/types';
import { parseTime } from '../core/time';

/** framework.AffinityTerm: namespaces and namespaceSelector decide where, selector decides which pods. */
export interface AffinityTerm {
  readonly namespaces: ReadonlySet<string>;
  /** labels.Nothing() for a nil namespaceSelector; Everything for `{}`. */
  readonly nsSelector: LabelSelectorMatcher;
  readonly selector: LabelSelectorMatcher;
  readonly topologyKey: string;
  /** Canonical text of the term: equal terms share counters and index entries. */
  readonly key: string;
}

export interface WeightedAffinityTerm {
  readonly term: AffinityTerm;
  readonly weight: number;
}

export interface HostPort {
  ip: string;
  protocol: string;
  port: number;
}

/** The fields of a PodInfo most pods leave empty: kept in one `extra` object, read through getters. */
interface PodExtra {
  readonly ephemeralStorage: number;
  /** Other resources requested (extended resources, hugepages), or null. */
  readonly scalar: Readonly<Record<string, number>> | null;
  readonly ports: readonly HostPort[] | null;
  readonly requiredAffinity: readonly AffinityTerm[] | null;
  readonly requiredAntiAffinity: readonly AffinityTerm[] | null;
  readonly preferredAffinity: readonly WeightedAffinityTerm[] | null;
  readonly preferredAntiAffinity: readonly WeightedAffinityTerm[] | null;
  /** spec.affinity has podAffinity or podAntiAffinity (NodeInfo.PodsWithAffinity). */
  readonly hasPodAffinity: boolean;
}

export interface PodInfo extends PodExtra {
  readonly uid: string;
  readonly namespace: string;
  readonly name: string;
  /** The latest object seen. */
  pod: KObject;
  nodeName: string;
  readonly priority: number;
  readonly labels: Readonly<Record<string, string>>;
  /** Has a deletionTimestamp. */
  readonly terminating: boolean;
  /** Effective requests (fit): millicores, bytes. */
  readonly cpu: number;
  readonly memory: number;
  /** Requests with the scoring defaults (100m, 200Mi) for containers that request nothing. */
  readonly nonZeroCpu: number;
  readonly nonZeroMemory: number;
  /** status.startTime, ms; undefined until the kubelet starts the pod. */
  readonly startMs: number | undefined;
}

const FIT_RESOURCES = new Set(['cpu', 'memory', 'pods']);

export function newPodInfo(pod: KObject): PodInfo {
  const spec = pod.spec ?? {};
  const meta = pod.metadata;
  const ns = meta.namespace ?? 'default';
  const simple = simpleRequests(spec);
  const real = simple ?? podRequests(pod, false);
  const nonZero = simple ? simple.nonZero : podRequests(pod, true);
  const other = (simple ? simple.other : hasOtherRequests(spec)) ? scalarRequests(pod) : NO_REQUESTS;
  let ephemeralStorage = 0;
  let scalar: Record<string, number> | null = null;
  for (const [k, v] of Object.entries(other)) {
    if (k === 'ephemeral-storage') ephemeralStorage = v;
    else if (v > 0) (scalar ??= {})[k] = v;
  }
  const affinity = spec.affinity ?? {};
  const podAffinity = affinity.podAffinity;
  const podAnti = affinity.podAntiAffinity;
  const ports = hostPorts(spec);
  const extra: PodExtra | null =
    ephemeralStorage !== 0 || scalar || ports || podAffinity || podAnti
      ? {
          ephemeralStorage,
          scalar,
          ports,
          requiredAffinity: terms(ns, podAffinity?.requiredDuringSchedulingIgnoredDuringExecution),
          requiredAntiAffinity: terms(ns, podAnti?.requiredDuringSchedulingIgnoredDuringExecution),
          preferredAffinity: weightedTerms(ns, podAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
          preferredAntiAffinity: weightedTerms(ns, podAnti?.preferredDuringSchedulingIgnoredDuringExecution),
          hasPodAffinity: !!(podAffinity || podAnti),
        }
      : null;
  return new PodInfoRecord(
    meta.uid ?? '',
    ns,
    meta.name ?? '',
    pod,
    spec.nodeName ?? '',
    typeof spec.priority === 'number' ? spec.priority : 0,
    meta.labels ?? {},
    !!meta.deletionTimestamp,
    real.cpu,
    real.memory,
    nonZero.cpu,
    nonZero.memory,
    parseTime(pod.status?.startTime),
    extra,
  );
}


/**
 * A PodInfo as held for every pod in the cache (150,000 at the documented limit): the fields
 * most pods leave empty live in one `extra` object, null for most pods (≈ 50 B a pod less).
 * Copy with withNodeName, not a spread (the getters are on the prototype).
 */
class PodInfoRecord implements PodInfo {
  constructor(
    readonly uid: string,
    readonly namespace: string,
    readonly name: string,
    public pod: KObject,
    public nodeName: string,
    readonly priority: number,
    readonly labels: Readonly<Record<string, string>>,
    readonly terminating: boolean,
    readonly cpu: number,
    readonly memory: number,
    readonly nonZeroCpu: number,
    readonly nonZeroMemory: number,
    readonly startMs: number | undefined,
    private readonly extra: PodExtra | null,
  ) {}

  get ephemeralStorage(): number {
    return this.extra ? this.extra.ephemeralStorage : 0;
  }
  get scalar(): Readonly<Record<string, number>> | null {
    return this.extra ? this.extra.scalar : null;
  }
  get ports(): readonly HostPort[] | null {
    return this.extra ? this.extra.ports : null;
  }
  get requiredAffinity(): readonly AffinityTerm[] | null {
    return this.extra ? this.extra.requiredAffinity : null;
  }
  get requiredAntiAffinity(): readonly AffinityTerm[] | null {
    return this.extra ? this.extra.requiredAntiAffinity : null;
  }
  get preferredAffinity(): readonly WeightedAffinityTerm[] | null {
    return this.extra ? this.extra.preferredAffinity : null;
  }
  get preferredAntiAffinity(): readonly WeightedAffinityTerm[] | null {
    return this.extra ? this.extra.preferredAntiAffinity : null;
  }
  get hasPodAffinity(): boolean {
    return this.extra ? this.extra.hasPodAffinity : false;
  }

  withNodeName(nodeName: string): PodInfoRecord {
    return new PodInfoRecord(this.uid, this.namespace, this.name, this.pod, nodeName, this.priority, this.labels, this.terminating, this.cpu, this.memory, this.nonZeroCpu, this.nonZeroMemory, this.startMs, this.extra);
  }
}

/** A copy of a PodInfo placed on another node (a what-if of the nominated pods). */
export function withNodeName(pi: PodInfo, nodeName: string): PodInfo {
  return pi instanceof PodInfoRecord ? pi.withNodeName(nodeName) : { ...pi, nodeName };
}

const NO_REQUESTS: Record<string, number> = Object.freeze({}) as Record<string, number>;

/** One container's requests as podRequests reads them: real, with the scoring defaults, and whether it asks for anything else. */
class ContainerRequests {
  constructor(
    readonly cpu: number,
    readonly memory: number,
    readonly other: boolean,
  ) {}
}

/**
 * Requests by container `resources` object. A template's pods share that object (stored objects
 * share equal subtrees, api/intern.ts) and never change it, so each is read once, not per attempt.
 */
const byResources = new WeakMap<object, ContainerRequests>();
const NO_RESOURCES = new ContainerRequests(0, 0, false);

function containerRequests(c: { resources?: { requests?: Record<string, unknown> } } | undefined): ContainerRequests {
  const res = c?.resources;
  if (res === undefined || res === null) return NO_RESOURCES;
  const cached = typeof res === 'object' ? byResources.get(res) : undefined;
  if (cached !== undefined) return cached;
  let other = false;
  const r = res.requests;
  if (r && typeof r === 'object') for (const k in r) if (!FIT_RESOURCES.has(k)) other = true;
  const out = new ContainerRequests(containerRequest(c!, 'cpu'), containerRequest(c!, 'memory'), other);
  if (typeof res === 'object') byResources.set(res, out);
  return out;
}

interface SimpleRequests {
  cpu: number;
  memory: number;
  nonZero: { cpu: number; memory: number };
  other: boolean;
}

/**
 * podRequests (real and nonZero) and hasOtherRequests for the common pod — app containers only, no
 * init containers, no overhead — from the per-container cache; null for other pods. The same
 * arithmetic in the same order as podRequests, so the numbers are the same.
 */
function simpleRequests(spec: KObject['spec']): SimpleRequests | null {
  if (spec?.initContainers !== undefined || spec?.overhead !== undefined || !Array.isArray(spec?.containers)) return null;
  const containers: unknown[] = spec.containers;
  let cpu = 0;
  let memory = 0;
  let nzCpu = 0;
  let nzMemory = 0;
  let other = false;
  for (let i = 0; i < containers.length; i++) {
    const r = containerRequests(containers[i] as never);
    cpu += r.cpu;
    memory += r.memory;
    nzCpu += r.cpu === 0 ? DEFAULT_MILLI_CPU_REQUEST : r.cpu;
    nzMemory += r.memory === 0 ? DEFAULT_MEMORY_REQUEST : r.memory;
    if (r.other) other = true;
  }
  // podRequests' steps with no sidecars, init containers or overhead: max(sum + 0, 0) + 0.
  return {
    cpu: Math.max(cpu + 0, 0) + 0,
    memory: Math.max(memory + 0, 0) + 0,
    nonZero: { cpu: Math.max(nzCpu + 0, 0) + 0, memory: Math.max(nzMemory + 0, 0) + 0 },
    other,
  };
}

/** Whether any container or the overhead requests something besides cpu and memory (most pods: no). */
function hasOtherRequests(spec: KObject['spec']): boolean {
  for (const list of [spec?.containers, spec?.initContainers]) {
    if (!Array.isArray(list)) continue;
    for (const c of list) {
      const r = c?.resources?.requests;
      if (r && typeof r === 'object') for (const k in r) if (!FIT_RESOURCES.has(k)) return true;
    }
  }
  const o = spec?.overhead;
  if (o && typeof o === 'object') for (const k in o) if (!FIT_RESOURCES.has(k)) return true;
  return false;
}

/** Requests of resources other than cpu and memory, with the same init-container and overhead rules. */
function scalarRequests(pod: KObject): Record<string, number> {
  const spec = pod.spec ?? {};
  const read = (c: { resources?: { requests?: Record<string, unknown> } } | undefined) => {
    const out: Record<string, number> = {};
    for (const [k, v] of Object.entries(c?.resources?.requests ?? {})) {
      if (FIT_RESOURCES.has(k)) continue;
      const q = parseQuantity(v);
      if (q !== undefined && q > 0) out[k] = Math.ceil(q);
    }
    return out;
  };
  const add = (a: Record<string, number>, b: Record<string, number>) => {
    for (const [k, v] of Object.entries(b)) a[k] = (a[k] ?? 0) + v;
  };
  const max = (a: Record<string, number>, b: Record<string, number>) => {
    for (const [k, v] of Object.entries(b)) a[k] = Math.max(a[k] ?? 0, v);
  };
  const total: Record<string, number> = {};
  for (const c of Array.isArray(spec.containers) ? spec.containers : []) add(total, read(c));
  const sidecars: Record<string, number> = {};
  const inits: Record<string, number> = {};
  for (const c of Array.isArray(spec.initContainers) ? spec.initContainers : []) {
    const r = read(c);
    if (c?.restartPolicy === 'Always') {
      add(sidecars, r);
      max(inits, sidecars);
    } else {
      const withSidecars = { ...sidecars };
      add(withSidecars, r);
      max(inits, withSidecars);
    }
  }
  add(total, sidecars);
  max(total, inits);
  const overhead: Record<string, number> = {};
  for (const [k, v] of Object.entries(spec.overhead ?? {})) {
    if (FIT_RESOURCES.has(k)) continue;
    const q = parseQuantity(v);
    if (q !== undefined && q > 0) overhead[k] = Math.ceil(q);
  }
  add(total, overhead);
  return total;
}

/** Container ports with a hostPort (NodePorts' getContainerPorts), sidecars included. */
function hostPorts(spec: KObject['spec']): HostPort[] | null {
  let out: HostPort[] | null = null;
  // Sidecars first, then the app containers (no list is built: this runs for every attempt).
  const inits = spec?.initContainers;
  if (Array.isArray(inits)) for (const c of inits) if (c?.restartPolicy === 'Always') out = addHostPorts(c, out);
  const containers = spec?.containers;
  if (Array.isArray(containers)) for (const c of containers) out = addHostPorts(c, out);
  return out;
}

function addHostPorts(c: { ports?: unknown } | undefined, out: HostPort[] | null): HostPort[] | null {
  const ports = c?.ports;
  if (!Array.isArray(ports)) return out;
  for (const p of ports) {
    const port = Number(p?.hostPort ?? 0);
    if (!(port > 0)) continue;
    (out ??= []).push({ ip: p.hostIP || '0.0.0.0', protocol: p.protocol || 'TCP', port });
  }
  return out;
}

interface PodAffinityTermSpec {
  labelSelector?: unknown;
  namespaceSelector?: unknown;
  namespaces?: string[];
  topologyKey?: string;
}

export function newAffinityTerm(podNamespace: string, t: PodAffinityTermSpec): AffinityTerm {
  const namespaces = new Set<string>();
  if ((!t.namespaces || t.namespaces.length === 0) && (t.namespaceSelector === undefined || t.namespaceSelector === null)) namespaces.add(podNamespace);
  else for (const n of t.namespaces ?? []) namespaces.add(n);
  const selector = labelSelectorFromSpec(t.labelSelector as never);
  const nsSelector = labelSelectorFromSpec(t.namespaceSelector as never);
  return makeTerm(namespaces, nsSelector, selector, t.topologyKey ?? '');
}

export function makeTerm(namespaces: ReadonlySet<string>, nsSelector: LabelSelectorMatcher, selector: LabelSelectorMatcher, topologyKey: string): AffinityTerm {
  const ns = [...namespaces].sort().join(',');
  const sel = (m: LabelSelectorMatcher) => (m.matchesNothing ? '!nothing' : m.empty ? '!everything' : m.selectorString);
  return { namespaces, nsSelector, selector, topologyKey, key: `${topologyKey}|${ns}|${sel(nsSelector)}|${sel(selector)}` };
}

function terms(ns: string, list: unknown): AffinityTerm[] | null {
  if (!Array.isArray(list) || list.length === 0) return null;
  return list.map((t) => newAffinityTerm(ns, (t ?? {}) as PodAffinityTermSpec));
}

function weightedTerms(ns: string, list: unknown): WeightedAffinityTerm[] | null {
  if (!Array.isArray(list) || list.length === 0) return null;
  const out: WeightedAffinityTerm[] = [];
  for (const w of list as { weight?: number; podAffinityTerm?: PodAffinityTermSpec }[]) {
    out.push({ term: newAffinityTerm(ns, w?.podAffinityTerm ?? {}), weight: Number(w?.weight ?? 0) });
  }
  return out;
}

/** AffinityTerm.Matches: the pod is in the term's namespaces (or its namespace's labels match) and its labels match. */
export function termMatches(t: AffinityTerm, podNamespace: string, podLabels: Readonly<Record<string, string>>, nsLabels: Readonly<Record<string, string>> | null): boolean {
  if (t.namespaces.has(podNamespace) || (!t.nsSelector.matchesNothing && t.nsSelector.matches(nsLabels ?? {}))) {
    return t.selector.matches(podLabels);
  }
  return false;
}

/** podMatchesAllAffinityTerms: an empty list matches nothing. */
export function matchesAllTerms(ts: readonly AffinityTerm[], podNamespace: string, podLabels: Readonly<Record<string, string>>): boolean {
  if (ts.length === 0) return false;
  for (const t of ts) if (!termMatches(t, podNamespace, podLabels, null)) return false;
  return true;
}
