// Defaulting of the other groups: autoscaling/v2, storage.k8s.io/v1, networking.k8s.io/v1,
// rbac.authorization.k8s.io/v1, scheduling.k8s.io/v1, discovery.k8s.io/v1, apiextensions.k8s.io/v1.

import { type Obj, ensureObj, isUnset, objAt, objItems, setIfUnset } from './pod';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

function scalingRules(from: unknown, defaults: Obj): Obj {
  const out = structuredClone(defaults);
  if (from && typeof from === 'object' && !Array.isArray(from)) {
    const f = from as Obj;
    if (!isUnset(f.selectPolicy)) out.selectPolicy = f.selectPolicy;
    if (!isUnset(f.stabilizationWindowSeconds)) out.stabilizationWindowSeconds = f.stabilizationWindowSeconds;
    if (f.policies !== undefined && f.policies !== null) out.policies = f.policies;
    for (const [k, v] of Object.entries(f)) if (!(k in out)) out[k] = v;
  }
  return out;
}

/** autoscaling/v2 `SetDefaults_HorizontalPodAutoscaler` (v1 objects only get minReplicas). */
export function defaultHorizontalPodAutoscaler(obj: Obj): void {
  const spec = ensureObj(obj, 'spec');
  if (!spec) return;
  setIfUnset(spec, 'minReplicas', 1);
  if (obj.apiVersion === 'autoscaling/v1') return;
  if (!Array.isArray(spec.metrics) || spec.metrics.length === 0)
    spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
  const b = objAt(spec, 'behavior');
  if (b) {
    b.scaleUp = scalingRules(b.scaleUp, {
      stabilizationWindowSeconds: 0,
      selectPolicy: 'Max',
      policies: [
        { type: 'Pods', value: 4, periodSeconds: 15 },
        { type: 'Percent', value: 100, periodSeconds: 15 },
      ],
    });
    b.scaleDown = scalingRules(b.scaleDown, { selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] });
  }
}

export function defaultStorageClass(obj: Obj): void {
  setIfUnset(obj, 'reclaimPolicy', 'Delete');
  setIfUnset(obj, 'volumeBindingMode', 'Immediate');
}

export function defaultNetworkPolicy(obj: Obj): void {
  const spec = objAt(obj, 'spec');
  if (!spec) return;
  for (const dir of ['ingress', 'egress'])
    for (const rule of objItems(spec[dir])) for (const port of objItems(rule.ports)) setIfUnset(port, 'protocol', 'TCP');
  if (!Array.isArray(spec.policyTypes) || spec.policyTypes.length === 0) {
    spec.policyTypes = Array.isArray(spec.egress) && spec.egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
  }
}

export function defaultIngressClass(obj: Obj): void {
  const spec = objAt(obj, 'spec');
  const params = spec && objAt(spec, 'parameters');
  if (params) setIfUnset(params, 'scope', 'Cluster');
}

/** RoleBinding / ClusterRoleBinding: roleRef.apiGroup and subjects' apiGroup. */
export function defaultBinding(obj: Obj): void {
  const ref = objAt(obj, 'roleRef');
  if (ref) setIfUnset(ref, 'apiGroup', RBAC_GROUP);
  for (const s of objItems(obj.subjects)) {
    if (!isUnset(s.apiGroup)) continue;
    if (s.kind === 'ServiceAccount') s.apiGroup = '';
    else if (s.kind === 'User' || s.kind === 'Group') s.apiGroup = RBAC_GROUP;
  }
}

export function defaultPriorityClass(obj: Obj): void {
  setIfUnset(obj, 'preemptionPolicy', 'PreemptLowerPriority');
}

export function defaultEndpointSlice(obj: Obj): void {
  for (const p of objItems(obj.ports)) {
    if (p.name === undefined || p.name === null) p.name = '';
    setIfUnset(p, 'protocol', 'TCP');
  }
}

export function defaultCustomResourceDefinition(obj: Obj): void {
  const spec = objAt(obj, 'spec');
  if (!spec) return;
  const names = objAt(spec, 'names');
  if (names && typeof names.kind === 'string' && names.kind) {
    setIfUnset(names, 'singular', names.kind.toLowerCase());
    setIfUnset(names, 'listKind', names.kind + 'List');
  }
  if (spec.conversion === undefined || spec.conversion === null) spec.conversion = { strategy: 'None' };
  const conv = objAt(spec, 'conversion');
  const webhook = conv && objAt(conv, 'webhook');
  const cc = webhook && objAt(webhook, 'clientConfig');
  const svc = cc && objAt(cc, 'service');
  if (svc) setIfUnset(svc, 'port', 443);
}
