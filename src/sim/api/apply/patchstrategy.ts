// Strategic-merge-patch metadata of the built-in kinds, as data: which list fields merge by a key
// instead of being replaced, which merge as sets, which maps drop keys the manifest no longer has
// (`retainKeys`). These are the `patchStrategy`/`patchMergeKey` struct tags of k8s.io/api v1.32
// that matter for what people apply. Lists not listed here are atomic (replaced whole), and so is
// every list of a kind that is not built in (custom resources use JSON merge patch).
//
// Paths are field names joined with dots, with `[]` for "each item of the list":
// `spec.template.spec.containers[].env`.

import { BUILTIN_KINDS } from '../kinds.ts';

export type PatchStrategy =
  /** A list of objects merged item by item, matched on `key` (e.g. containers by `name`). */
  | { list: 'merge'; key: string; retainKeys?: boolean }
  /** A list of scalars merged as a set (e.g. `metadata.finalizers`). */
  | { list: 'set' }
  /** A map whose keys not in the manifest are dropped when it changes (e.g. a Deployment strategy). */
  | { retainKeys: true };

const by = (key: string): PatchStrategy => ({ list: 'merge', key });
const SET: PatchStrategy = { list: 'set' };
const RETAIN_KEYS: PatchStrategy = { retainKeys: true };

/** Every object's metadata. */
const OBJECT_META: Record<string, PatchStrategy> = {
  'metadata.finalizers': SET,
  'metadata.ownerReferences': by('uid'),
};

/** Fields of a Container (also initContainers, ephemeralContainers). */
const CONTAINER: Record<string, PatchStrategy> = {
  ports: by('containerPort'),
  env: by('name'),
  volumeMounts: by('mountPath'),
  volumeDevices: by('devicePath'),
  // envFrom, command, args, resizePolicy: atomic
};

/** Fields of a PodSpec. tolerations, readinessGates, nodeSelectorTerms...: atomic. */
const POD_SPEC: Record<string, PatchStrategy> = {
  containers: by('name'),
  initContainers: by('name'),
  ephemeralContainers: by('name'),
  volumes: { list: 'merge', key: 'name', retainKeys: true },
  imagePullSecrets: by('name'),
  hostAliases: by('ip'),
  topologySpreadConstraints: by('topologyKey'),
  resourceClaims: { list: 'merge', key: 'name', retainKeys: true },
  schedulingGates: by('name'),
};

/** Where each workload kind keeps its PodSpec. */
const POD_SPEC_AT: Record<string, string[]> = {
  '/Pod': ['spec'],
  '/PodTemplate': ['template.spec'],
  '/ReplicationController': ['spec.template.spec'],
  'apps/Deployment': ['spec.template.spec'],
  'apps/ReplicaSet': ['spec.template.spec'],
  'apps/DaemonSet': ['spec.template.spec'],
  'apps/StatefulSet': ['spec.template.spec'],
  'batch/Job': ['spec.template.spec'],
  'batch/CronJob': ['spec.jobTemplate.spec.template.spec'],
};

/** Other kind-specific fields. */
const KIND_FIELDS: Record<string, Record<string, PatchStrategy>> = {
  '/Service': { 'spec.ports': by('port') },
  '/ServiceAccount': { secrets: by('name') },
  '/Node': { 'spec.podCIDRs': SET },
  'apps/Deployment': { 'spec.strategy': RETAIN_KEYS },
  // Endpoints.subsets and its addresses/ports are atomic in v1.32 (`+listType=atomic`).
};

function podSpecFields(prefix: string): Record<string, PatchStrategy> {
  const out: Record<string, PatchStrategy> = {};
  for (const [field, s] of Object.entries(POD_SPEC)) out[`${prefix}.${field}`] = s;
  for (const list of ['containers', 'initContainers', 'ephemeralContainers']) {
    for (const [field, s] of Object.entries(CONTAINER)) out[`${prefix}.${list}[].${field}`] = s;
  }
  return out;
}

const kindKey = (group: string, kind: string) => `${group}/${kind}`;

/** The complete table: `group/Kind` → path → strategy. Built once from the pieces above. */
export const PATCH_STRATEGIES: ReadonlyMap<string, ReadonlyMap<string, PatchStrategy>> = (() => {
  const table = new Map<string, Map<string, PatchStrategy>>();
  for (const info of BUILTIN_KINDS) {
    const key = kindKey(info.group, info.kind);
    const fields = new Map<string, PatchStrategy>(Object.entries(OBJECT_META));
    for (const prefix of POD_SPEC_AT[key] ?? []) {
      for (const [p, s] of Object.entries(podSpecFields(prefix))) fields.set(p, s);
    }
    for (const [p, s] of Object.entries(KIND_FIELDS[key] ?? {})) fields.set(p, s);
    table.set(key, fields);
  }
  return table;
})();

/**
 * The strategy table for a kind, or undefined for kinds that are not built in (custom
 * resources), which kubectl patches with JSON merge patch semantics.
 */
export function patchStrategiesFor(kind: { group: string; kind: string }): ReadonlyMap<string, PatchStrategy> | undefined {
  return PATCH_STRATEGIES.get(kindKey(kind.group, kind.kind));
}
