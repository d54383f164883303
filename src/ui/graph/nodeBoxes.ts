// The graph's boxes: one per Node holding its pods (conditions, taints, requested-vs-allocatable
// bars), and a "Pending" box for pods without a node (with the scheduler's reason). Past GROUP_AT
// pods in a box, or past CHIP_BUDGET in the graph, a box shows count badges per owner and status
// instead of one chip per pod (expansion.ts). Order: control plane first, then by name; pods by
// namespace/name, the learner's before the system's.
//
// Incremental: a 1,000-pod rollout changes a few pods per batch, so NodeBoxBuilder keeps each box's
// view and rebuilds only the boxes whose Node object or set of Pod objects changed (the mirror
// replaces an object on every change and keeps unchanged ones, so identity says "unchanged").
// Per-pod facts (status, tone, requests, …) are cached per Pod object. An unchanged box hands back
// the same view object, which layout.ts's reuseUnchanged turns into the same React Flow node.

import { nodeAllocatable, podRequests } from '../../sim/api/podutil';
import type { KObject } from '../../sim/api/types';
import type { ObjectEntry } from '../../worker/protocol';
import { nodeReadiness, nodeRoles, nodeUnschedulable, nodeZone } from '../kube/nodes';
import { podStatusText, podTone, type PodTone } from '../kube/pods';
import { shouldGroup } from './expansion';
import { compareNames, GROUP_AT, sameData, UNSCHEDULED_ID, type GraphFilter, type NodeBoxView, type PodChipView, type PodGroupView } from './views';

/** What a box needs of a pod, derived once per Pod object. */
interface PodFacts {
  /** The Pod object these facts are of. */
  pod: KObject;
  uid: string;
  name: string;
  namespace: string;
  status: string;
  tone: PodTone;
  system: boolean;
  restarts: number;
  /** Counts against its node's capacity (not Completed / Succeeded / Failed). */
  active: boolean;
  /** The owner's name, for count badges. */
  owner: string;
  /** Requested cpu (millicores) and memory (bytes), summed into the node's bars. */
  cpu: number;
  memory: number;
  /** The chip drawn for it (the Pending box's chips, which carry a reason, are built apart). */
  chip: PodChipView;
}

const factsCache = new WeakMap<KObject, PodFacts>();

function podFacts(p: KObject): PodFacts {
  let f = factsCache.get(p);
  if (f) return f;
  const status = podStatusText(p);
  const name = p.metadata.name ?? '';
  const uid = p.metadata.uid ?? `${p.metadata.namespace}/${p.metadata.name}`;
  // Per Pod object, like the rest: a rebuilt box sums its pods' requests without recomputing them.
  const r = podRequests(p);
  const namespace = p.metadata.namespace ?? '';
  const tone = podTone(p, status);
  const system = isSystemNamespace(p.metadata.namespace);
  const restarts = podRestarts(p);
  f = {
    pod: p,
    uid,
    name,
    namespace,
    status,
    tone,
    system,
    restarts,
    active: !isFinished(status),
    owner: p.metadata.ownerReferences?.[0]?.name ?? name.replace(/-[^-]+$/, ''),
    cpu: r.cpu,
    memory: r.memory,
    chip: { uid, name, namespace, status, tone, system, reason: undefined, restarts },
  };
  factsCache.set(p, f);
  return f;
}

/** One box as last built: what it was built from, and the view (without count badges). */
interface BoxMemo {
  node: KObject | undefined;
  pods: KObject[];
  /** The facts of `pods` in drawing order: the next version of the box sorts only its new pods in. */
  sorted: PodFacts[];
  view: NodeBoxView;
  /** The view with count badges, built from `view` when the box groups. */
  grouped?: NodeBoxView;
}

type FilterKey = [string, string, boolean, GraphFilter['labels']];

export class NodeBoxBuilder {
  private memo = new Map<string, BoxMemo>();
  private filterKey: FilterKey | null = null;
  /** Node names in drawing order as last sorted, and whether each was a control-plane node. */
  private nodeRank = new Map<string, { rank: number; controlPlane: boolean }>();

  /** The boxes for these Node and Pod entries (any other kinds are skipped). */
  build(nodeEntries: Iterable<ObjectEntry>, podEntries: Iterable<ObjectEntry>, filter: GraphFilter = {}): NodeBoxView[] {
    const key: FilterKey = [filter.namespace ?? '', (filter.search ?? '').trim().toLowerCase(), !!filter.collapseControlPlane, filter.labels];
    if (!this.filterKey || key.some((k, i) => k !== this.filterKey![i])) this.memo.clear();
    this.filterKey = key;

    const nodes: KObject[] = [];
    for (const e of nodeEntries) if (e.kindKey === '/Node') nodes.push(e.object);
    this.sortNodes(nodes);
    const byNode = new Map<string, KObject[]>();
    for (const n of nodes) byNode.set(n.metadata.name ?? '', []);
    const pending: KObject[] = [];
    for (const e of podEntries) {
      if (e.kindKey !== '/Pod') continue;
      (byNode.get(e.object.spec?.nodeName ?? '') ?? pending).push(e.object);
    }

    const seen = new Set<string>();
    const out: NodeBoxView[] = [];
    const memos: BoxMemo[] = [];
    const visit = (id: string, node: KObject | undefined, pods: KObject[]) => {
      seen.add(id);
      let m = this.memo.get(id);
      if (!m || m.node !== node || !sameObjects(m.pods, pods)) {
        const sorted = sortFacts(pods, m?.sorted);
        const view = boxView(node, sorted, pods.length, filter, key[1]);
        // A box rebuilt but drawn the same (a Node status write, a pod update no chip shows)
        // keeps its view object: the layout and React Flow then skip it.
        m = m && sameData(m.view, view) ? { node, pods, sorted, view: m.view, grouped: m.grouped } : { node, pods, sorted, view };
        this.memo.set(id, m);
      }
      out.push(m.view);
      memos.push(m);
    };
    for (const n of nodes) visit(n.metadata.name ?? '', n, byNode.get(n.metadata.name ?? '')!);
    if (pending.length > 0) visit(`\0${UNSCHEDULED_ID}`, undefined, pending);
    for (const id of this.memo.keys()) if (!seen.has(id)) this.memo.delete(id);

    // Whether a box groups depends on the chips of the whole graph.
    const shown = out.reduce((n, b) => n + b.pods.length, 0);
    for (let i = 0; i < out.length; i++) {
      const m = memos[i];
      if (m.view.pods.length === 0 || !shouldGroup(m.view.pods.length, shown, GROUP_AT)) continue;
      m.grouped ??= { ...m.view, groups: groupChips(m.view.pods, m.sorted) };
      out[i] = m.grouped;
    }
    return out;
  }

  /**
   * Control plane first, then by name. A hundred collator comparisons per build add up, and the
   * set of nodes rarely changes: while every node is one of the last sort's (and still on the same
   * side of the control-plane line), their last ranks give the order.
   */
  private sortNodes(nodes: KObject[]): void {
    const ranks: number[] = [];
    let known = nodes.length === this.nodeRank.size;
    for (let i = 0; known && i < nodes.length; i++) {
      const r = this.nodeRank.get(nodes[i].metadata.name ?? '');
      if (!r || r.controlPlane !== isControlPlane(nodes[i])) known = false;
      else ranks.push(r.rank);
    }
    if (known) {
      const order = nodes.map((n, i) => ({ n, rank: ranks[i] })).sort((a, b) => a.rank - b.rank);
      for (let i = 0; i < nodes.length; i++) nodes[i] = order[i].n;
      return;
    }
    nodes.sort(compareNodes);
    this.nodeRank = new Map(nodes.map((n, rank) => [n.metadata.name ?? '', { rank, controlPlane: isControlPlane(n) }]));
  }
}

/** The boxes of a uid → entry record, built from scratch (tests, one-off callers). */
export function buildNodeBoxes(objects: Record<string, ObjectEntry>, filter: GraphFilter = {}): NodeBoxView[] {
  const entries = Object.values(objects);
  return new NodeBoxBuilder().build(entries, entries, filter);
}

function sameObjects(a: KObject[], b: KObject[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The facts of `pods` in drawing order. A pod's sort fields (namespace, name, system) never change,
 * so the pods of the box's last version (`prev`) keep their order and only new pods are sorted
 * and merged in: a rolling box changes a few of its pods per rebuild.
 */
function sortFacts(pods: KObject[], prev: PodFacts[] | undefined): PodFacts[] {
  const facts = pods.map(podFacts);
  if (!prev || prev.length === 0) return facts.sort(comparePods);
  const fresh = new Map<string, PodFacts>();
  for (const f of facts) fresh.set(f.uid, f);
  const kept: PodFacts[] = [];
  for (const f of prev) {
    const now = fresh.get(f.uid);
    if (now === undefined) continue;
    kept.push(now);
    fresh.delete(f.uid);
  }
  if (fresh.size === 0) return kept;
  const added = [...fresh.values()].sort(comparePods);
  const out: PodFacts[] = [];
  let i = 0;
  let j = 0;
  while (i < kept.length && j < added.length) out.push(comparePods(kept[i], added[j]) <= 0 ? kept[i++] : added[j++]);
  while (i < kept.length) out.push(kept[i++]);
  while (j < added.length) out.push(added[j++]);
  return out;
}

/**
 * One box's view from its pods' facts in drawing order: `node` undefined for the Pending box;
 * `podCount` its pods before filtering. `search` is trimmed and lower-cased.
 */
function boxView(node: KObject | undefined, sorted: PodFacts[], podCount: number, filter: GraphFilter, search: string): NodeBoxView {
  const name = node ? (node.metadata.name ?? '') : 'Pending';
  const collapsed = node ? isControlPlane(node) && !!filter.collapseControlPlane : false;
  const chips: PodChipView[] = [];
  let cpu = 0;
  let memory = 0;
  let count = 0;
  for (const f of sorted) {
    if (node && f.active) {
      cpu += f.cpu;
      memory += f.memory;
      count += 1;
    }
    if (filter.namespace && f.namespace !== filter.namespace) continue;
    if (search && !f.name.toLowerCase().includes(search) && !name.toLowerCase().includes(search)) continue;
    if (filter.labels && !filter.labels(f.pod.metadata.labels)) continue;
    if (collapsed) continue;
    // Node boxes share each pod version's chip object; a Pending chip carries the scheduler's reason.
    chips.push(node ? f.chip : { ...f.chip, reason: pendingReason(f.pod) });
  }
  if (!node) return { id: UNSCHEDULED_ID, name, pods: chips, podCount };
  const a = nodeAllocatable(node);
  return {
    id: node.metadata.uid ?? `node/${name}`,
    name,
    readiness: nodeReadiness(node),
    unschedulable: nodeUnschedulable(node),
    roles: nodeRoles(node),
    zone: nodeZone(node),
    controlPlane: isControlPlane(node),
    conditions: nodeConditions(node),
    taints: (node.spec?.taints ?? []).map(formatTaint),
    capacity: [
      { resource: 'cpu', requested: cpu, allocatable: a.cpu },
      { resource: 'memory', requested: memory, allocatable: a.memory },
      { resource: 'pods', requested: count, allocatable: a.pods ?? 0 },
    ],
    pods: chips,
    podCount,
    collapsed,
  };
}

/** Count badges of a box's chips; `facts` are its pods' (owners come from them). */
function groupChips(chips: PodChipView[], facts: PodFacts[]): PodGroupView[] {
  const owners = new Map<string, string>();
  for (const f of facts) owners.set(f.uid, f.owner);
  return groupPods(chips, (uid) => owners.get(uid));
}

/** Count badges per owner (the ownerReference's name, else the pod's name without its last segment) and status. */
export function groupPods(pods: PodChipView[], ownerOf: (uid: string) => string | undefined = () => undefined): PodGroupView[] {
  const groups = new Map<string, PodGroupView>();
  for (const p of pods) {
    const owner = ownerOf(p.uid) ?? p.name.replace(/-[^-]+$/, '');
    const key = `${p.namespace}/${owner}|${p.status}`;
    const g = groups.get(key);
    if (g) g.count++;
    else groups.set(key, { key, label: owner, tone: p.tone, status: p.status, count: 1 });
  }
  return [...groups.values()];
}

function isFinished(status: string): boolean {
  return status === 'Completed' || status === 'Succeeded' || status === 'Failed';
}

/** The PodScheduled=False message (`0/4 nodes are available: …`), or its reason. */
export function pendingReason(pod: KObject): string | undefined {
  const c = (pod.status?.conditions ?? []).find((x: { type?: string }) => x.type === 'PodScheduled');
  if (!c || c.status !== 'False') return undefined;
  return c.message || c.reason;
}

const PRESSURE = ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'NetworkUnavailable'];

function nodeConditions(n: KObject): string[] {
  const conds: { type?: string; status?: string; reason?: string }[] = n.status?.conditions ?? [];
  const out: string[] = [];
  for (const c of conds) {
    if (c.type && PRESSURE.includes(c.type) && c.status !== 'False') out.push(`${c.type}${c.status === 'Unknown' ? '?' : ''}`);
    if (c.type === 'Ready' && c.status !== 'True' && c.reason) out.push(c.reason);
  }
  return out;
}

export function formatTaint(t: { key?: string; value?: string; effect?: string }): string {
  return `${t.key ?? ''}${t.value ? `=${t.value}` : ''}:${t.effect ?? ''}`;
}

function isControlPlane(n: KObject): boolean {
  return 'node-role.kubernetes.io/control-plane' in (n.metadata.labels ?? {});
}

function compareNodes(a: KObject, b: KObject): number {
  const ca = isControlPlane(a) ? 0 : 1;
  const cb = isControlPlane(b) ? 0 : 1;
  if (ca !== cb) return ca - cb;
  return compareNames(a.metadata.name ?? '', b.metadata.name ?? '');
}

const SYSTEM_NAMESPACES = new Set(['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage']);

export function isSystemNamespace(ns: string | undefined): boolean {
  return SYSTEM_NAMESPACES.has(ns ?? '');
}

/** The learner's pods first, system pods after; then namespace, name. */
function comparePods(fa: PodFacts, fb: PodFacts): number {
  return Number(fa.system) - Number(fb.system) || compareNames(fa.namespace, fb.namespace) || compareNames(fa.name, fb.name);
}

/** Restarts of the pod's containers, as kubectl's RESTARTS column adds them up. */
function podRestarts(p: KObject): number {
  let n = 0;
  for (const list of [p.status?.initContainerStatuses, p.status?.containerStatuses]) if (Array.isArray(list)) for (const st of list) n += Number(st?.restartCount) || 0;
  return n;
}
