// core/v1 defaulting other than pods and workloads (`pkg/apis/core/v1/defaults.go`), plus the
// few fields the registry strategies fill before validation (Service IP families, Namespace
// finalizers, Secret stringData).

import { type Obj, ensureObj, isObj, isUnset, objAt, objItems, setIfUnset } from './pod';

/** `SetDefaults_Service` plus the IP-family fields the Service REST storage sets on create. */
export function defaultService(obj: Obj): void {
  const spec = ensureObj(obj, 'spec');
  if (!spec) return;
  setIfUnset(spec, 'sessionAffinity', 'None');
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === 'ClientIP') {
    const cfg = objAt(spec, 'sessionAffinityConfig');
    const cip = cfg && objAt(cfg, 'clientIP');
    if (!cip || isUnset(cip.timeoutSeconds)) spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10800 } };
  }
  setIfUnset(spec, 'type', 'ClusterIP');
  for (const port of objItems(spec.ports)) {
    setIfUnset(port, 'protocol', 'TCP');
    if (port.targetPort === undefined || port.targetPort === null || port.targetPort === 0 || port.targetPort === '') port.targetPort = port.port;
  }
  const type = spec.type;
  const external = type === 'NodePort' || type === 'LoadBalancer' || (Array.isArray(spec.externalIPs) && spec.externalIPs.length > 0);
  if (external) setIfUnset(spec, 'externalTrafficPolicy', 'Cluster');
  if ((type === 'ClusterIP' || type === 'NodePort' || type === 'LoadBalancer') && isUnset(spec.internalTrafficPolicy)) spec.internalTrafficPolicy = 'Cluster';
  if (type === 'LoadBalancer' && (spec.allocateLoadBalancerNodePorts === undefined || spec.allocateLoadBalancerNodePorts === null))
    spec.allocateLoadBalancerNodePorts = true;
  if (type !== 'ExternalName') {
    if (typeof spec.clusterIP === 'string' && spec.clusterIP && !Array.isArray(spec.clusterIPs)) spec.clusterIPs = [spec.clusterIP];
    const headlessSelectorless = spec.clusterIP === 'None' && (!isObj(spec.selector) || Object.keys(spec.selector).length === 0);
    setIfUnset(spec, 'ipFamilyPolicy', headlessSelectorless ? 'RequireDualStack' : 'SingleStack');
    if (!Array.isArray(spec.ipFamilies) || spec.ipFamilies.length === 0) spec.ipFamilies = ['IPv4'];
  }
}

/** `SetDefaults_Namespace`, `SetDefaults_NamespaceStatus` and the strategy's `spec.finalizers`. */
export function defaultNamespace(obj: Obj): void {
  const meta = ensureObj(obj, 'metadata');
  if (meta && typeof meta.name === 'string' && meta.name) {
    const labels = ensureObj(meta, 'labels');
    if (labels) labels['kubernetes.io/metadata.name'] = meta.name;
  }
  const spec = ensureObj(obj, 'spec');
  if (spec && (spec.finalizers === undefined || spec.finalizers === null)) spec.finalizers = ['kubernetes'];
  const status = ensureObj(obj, 'status');
  if (status) setIfUnset(status, 'phase', 'Active');
}

function base64Utf8(s: string): string {
  const bytes = new TextEncoder().encode(s);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

/** `SetDefaults_Secret`, and `stringData` merged into `data` as the v1 → internal conversion does. */
export function defaultSecret(obj: Obj): void {
  setIfUnset(obj, 'type', 'Opaque');
  const sd = objAt(obj, 'stringData');
  if (sd) {
    const data = ensureObj(obj, 'data');
    if (data) {
      for (const [k, v] of Object.entries(sd)) if (typeof v === 'string') data[k] = base64Utf8(v);
      delete obj.stringData;
    }
  }
}

export function defaultConfigMap(obj: Obj): void {
  if (obj.data === undefined || obj.data === null) obj.data = {};
}

export function defaultPersistentVolume(obj: Obj): void {
  const spec = objAt(obj, 'spec');
  if (spec) {
    setIfUnset(spec, 'persistentVolumeReclaimPolicy', 'Retain');
    setIfUnset(spec, 'volumeMode', 'Filesystem');
    const hp = objAt(spec, 'hostPath');
    if (hp && (hp.type === undefined || hp.type === null)) hp.type = '';
  }
  const status = ensureObj(obj, 'status');
  if (status) setIfUnset(status, 'phase', 'Pending');
}

export function defaultEndpoints(obj: Obj): void {
  for (const ss of objItems(obj.subsets)) for (const p of objItems(ss.ports)) setIfUnset(p, 'protocol', 'TCP');
}

export function defaultNode(obj: Obj): void {
  const status = objAt(obj, 'status');
  if (status && isObj(status.capacity) && (status.allocatable === undefined || status.allocatable === null))
    status.allocatable = { ...status.capacity };
}

/** `SetDefaults_LimitRangeItem`: Container limits get default/defaultRequest from max/min. */
export function defaultLimitRange(obj: Obj): void {
  const spec = objAt(obj, 'spec');
  if (!spec) return;
  for (const item of objItems(spec.limits)) {
    if (item.type !== 'Container') continue;
    const def = ensureObj(item, 'default');
    const defReq = ensureObj(item, 'defaultRequest');
    if (!def || !defReq) continue;
    const max = objAt(item, 'max') ?? {};
    const min = objAt(item, 'min') ?? {};
    for (const [k, v] of Object.entries(max)) if (!Object.hasOwn(def, k)) def[k] = v;
    for (const [k, v] of Object.entries(def)) if (!Object.hasOwn(defReq, k)) defReq[k] = v;
    for (const [k, v] of Object.entries(min)) if (!Object.hasOwn(defReq, k)) defReq[k] = v;
  }
}
