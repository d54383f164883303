// DaemonSet placement helpers (pkg/controller/daemon/util/daemonset_util.go,
// daemon_controller.go `NodeShouldRunDaemonPod`): the tolerations every daemon pod gets, the
// required node affinity that pins a pod to its node (the default scheduler binds it), the
// should-run / should-continue-running decision, and the template-generation bookkeeping.

import type { KObject } from '../api/types';
import { findUntoleratedTaint, RequiredNodeAffinity, type Toleration } from '../scheduler/plugins/helpers';
import { POD_REVISION_LABEL } from './history';

export const POD_TEMPLATE_GENERATION_LABEL = 'pod-template-generation';
/** apps/v1 keeps the template generation in this annotation (`DaemonSet.spec.templateGeneration` of extensions). */
export const TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation';

interface Taint {
  key: string;
  value?: string;
  effect: string;
}

function matchToleration(a: Toleration, b: Toleration): boolean {
  return (a.key ?? '') === (b.key ?? '') && (a.operator ?? '') === (b.operator ?? '') && (a.value ?? '') === (b.value ?? '') && (a.effect ?? '') === (b.effect ?? '');
}

/** `AddOrUpdateTolerationInPodSpec`: replaces a toleration with the same key/operator/value/effect, else appends. */
function addOrUpdateToleration(spec: KObject['spec'], t: Toleration): void {
  const list: Toleration[] = Array.isArray(spec.tolerations) ? spec.tolerations : [];
  const i = list.findIndex((x) => matchToleration(x, t));
  if (i >= 0) list[i] = t;
  else list.push(t);
  spec.tolerations = list;
}

/** `AddOrUpdateDaemonPodTolerations`: not-ready/unreachable NoExecute, the pressure/unschedulable NoSchedule ones. */
export function addDaemonPodTolerations(spec: KObject['spec']): void {
  addOrUpdateToleration(spec, { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' });
  addOrUpdateToleration(spec, { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' });
  addOrUpdateToleration(spec, { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' });
  addOrUpdateToleration(spec, { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' });
  addOrUpdateToleration(spec, { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' });
  addOrUpdateToleration(spec, { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' });
  if (spec.hostNetwork) addOrUpdateToleration(spec, { key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' });
}

/** `GetTemplateGeneration`: the deprecated annotation, else (the API server does not set it) metadata.generation. */
export function templateGeneration(ds: KObject): number | undefined {
  const a = ds.metadata.annotations?.[TEMPLATE_GENERATION_ANNOTATION];
  if (a !== undefined) return /^\d+$/.test(a) ? Number(a) : undefined;
  return ds.metadata.generation;
}

/** `CreatePodTemplate`: the template with the daemon tolerations and the generation/hash labels. */
export function daemonPodTemplate(ds: KObject, hash: string): KObject['spec'] {
  const t = structuredClone(ds.spec.template ?? {});
  t.spec = t.spec ?? {};
  addDaemonPodTolerations(t.spec);
  t.metadata = t.metadata ?? {};
  t.metadata.labels = { ...(t.metadata.labels ?? {}) };
  const gen = templateGeneration(ds);
  if (gen !== undefined) t.metadata.labels[POD_TEMPLATE_GENERATION_LABEL] = String(gen);
  if (hash) t.metadata.labels[POD_REVISION_LABEL] = hash;
  return t;
}

/** `ReplaceDaemonSetPodNodeNameNodeAffinity`: the pod's required node affinity becomes `metadata.name In [node]`. */
export function replaceNodeNameAffinity(spec: KObject['spec'], node: string): void {
  const term = { matchFields: [{ key: 'metadata.name', operator: 'In', values: [node] }] };
  spec.affinity = spec.affinity ?? {};
  spec.affinity.nodeAffinity = spec.affinity.nodeAffinity ?? {};
  const na = spec.affinity.nodeAffinity;
  if (!na.requiredDuringSchedulingIgnoredDuringExecution) na.requiredDuringSchedulingIgnoredDuringExecution = { nodeSelectorTerms: [term] };
  else na.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms = [term];
}

/** `GetTargetNodeName`: spec.nodeName, or the node of the `metadata.name` affinity term. */
export function targetNodeName(pod: KObject): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  for (const term of pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []) {
    for (const f of term?.matchFields ?? []) {
      if (f.key === 'metadata.name' && f.operator === 'In' && Array.isArray(f.values) && f.values.length === 1) return f.values[0];
    }
  }
  return undefined;
}

// The answers of `nodeShouldRunDaemonPod` and its taint filters, made once: a sync asks for every
// node two or three times (5,000 nodes), and its callers only read the answer.
const RUN: readonly [boolean, boolean] = [true, true];
const KEEP_RUNNING: readonly [boolean, boolean] = [false, true];
const DONT_RUN: readonly [boolean, boolean] = [false, false];
const stopsNewPods = (t: Taint) => t.effect === 'NoSchedule' || t.effect === 'NoExecute';
const evicts = (t: Taint) => t.effect === 'NoExecute';

/**
 * `NodeShouldRunDaemonPod`: [shouldRun, shouldContinueRunning]. The template's nodeName, node
 * selector and required affinity must match; untolerated NoSchedule/NoExecute taints stop new pods,
 * untolerated NoExecute taints also evict running ones.
 */
export function nodeShouldRunDaemonPod(node: KObject, ds: KObject): readonly [boolean, boolean] {
  const tpl = daemonTemplateOf(ds);
  const name = node.metadata.name!;
  if (tpl.nodeName && tpl.nodeName !== name) return DONT_RUN;
  if (!tpl.affinity.match(name, node.metadata.labels ?? {})) return DONT_RUN;
  const taints: Taint[] = node.spec?.taints ?? [];
  const tolerations = tpl.tolerations;
  if (!findUntoleratedTaint(taints, tolerations, stopsNewPods)) return RUN;
  return findUntoleratedTaint(taints, tolerations, evicts) ? DONT_RUN : KEEP_RUNNING;
}

/** What `nodeShouldRunDaemonPod` needs of a DaemonSet's template, the same for every node. */
interface DaemonTemplate {
  nodeName?: string;
  affinity: RequiredNodeAffinity;
  tolerations: Toleration[];
}

/**
 * Per template spec object (stored objects are never changed in place, and a sync's working copy
 * keeps its template): a sync asks for every node, two or three times, and each answer used to
 * clone the template and add the daemon tolerations again (5,000 nodes: 15,000 clones per sync).
 */
const daemonTemplates = new WeakMap<object, DaemonTemplate>();

function daemonTemplateOf(ds: KObject): DaemonTemplate {
  const spec = ds.spec?.template?.spec;
  const cacheable = !!spec && typeof spec === 'object';
  let t = cacheable ? daemonTemplates.get(spec) : undefined;
  if (!t) {
    const tplSpec = structuredClone(spec ?? {});
    addDaemonPodTolerations(tplSpec);
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: {}, spec: tplSpec } as KObject;
    t = { nodeName: tplSpec.nodeName, affinity: new RequiredNodeAffinity(pod), tolerations: tplSpec.tolerations ?? [] };
    if (cacheable) daemonTemplates.set(spec, t);
  }
  return t;
}

/** `IsPodUpdated`: the revision hash or the template generation matches. */
export function isPodUpdated(pod: KObject, hash: string, generation: number | undefined): boolean {
  const labels = pod.metadata.labels ?? {};
  return (generation !== undefined && labels[POD_TEMPLATE_GENERATION_LABEL] === String(generation)) || (hash !== '' && labels[POD_REVISION_LABEL] === hash);
}

/** `podByCreationTimestampAndPhase`: scheduled before unscheduled, then oldest first, then name. */
export function sortDaemonPods(pods: KObject[]): KObject[] {
  return pods.sort((a, b) => {
    const ra = a.spec?.nodeName ? 0 : 1;
    const rb = b.spec?.nodeName ? 0 : 1;
    if (ra !== rb) return ra - rb;
    const ta = a.metadata.creationTimestamp ?? '';
    const tb = b.metadata.creationTimestamp ?? '';
    if (ta !== tb) return ta < tb ? -1 : 1;
    return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1;
  });
}

/** `intstr.GetScaledValueFromIntOrPercent(v, total, true)`. */
export function scaledValue(v: unknown, total: number, roundUp: boolean): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\d+%$/.test(v)) {
    const x = (Number(v.slice(0, -1)) * total) / 100;
    return roundUp ? Math.ceil(x) : Math.floor(x);
  }
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return 0;
}

