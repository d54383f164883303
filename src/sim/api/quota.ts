// ResourceQuota admission: a create that would take a namespace over a quota's `hard` limits is
// rejected with the quota plugin's messages. Usage is computed from the store at admission time,
// the figure the quota controller publishes as `status.used` (see quotaUsage).

import { forbidden } from './errors';
import type { AdmissionContext, Operation } from './admission';
import type { KindInfo } from './kinds';
import { formatQuantity, isBinaryQuantity, parseQuantity } from './quantity';
import type { ObjectStore } from './store';
import type { KObject, Status } from './types';

const COUNTED: Record<string, string> = {
  pods: '/Pod',
  services: '/Service',
  configmaps: '/ConfigMap',
  secrets: '/Secret',
  persistentvolumeclaims: '/PersistentVolumeClaim',
  replicationcontrollers: '/ReplicationController',
  resourcequotas: '/ResourceQuota',
};

function podIsActive(p: KObject): boolean {
  const phase = p.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !p.metadata.deletionTimestamp;
}

function podResource(p: KObject, which: 'requests' | 'limits', r: string): { value: number; binary: boolean; missing: string[] } {
  let value = 0;
  let binary = false;
  const missing: string[] = [];
  const containers = Array.isArray(p.spec?.containers) ? p.spec.containers : [];
  for (const c of containers) {
    const raw = c?.resources?.[which]?.[r];
    const q = parseQuantity(raw);
    if (q === undefined) missing.push(c?.name ?? '');
    else value += q;
    binary ||= isBinaryQuantity(raw);
  }
  const inits = Array.isArray(p.spec?.initContainers) ? p.spec.initContainers : [];
  for (const c of inits) value = Math.max(value, parseQuantity(c?.resources?.[which]?.[r]) ?? 0);
  return { value, binary, missing };
}

/** What one object adds to a quota resource name, or undefined when the resource doesn't count it. */
function usageOf(obj: KObject, resource: string): { value: number; binary: boolean; missing?: string[] } | undefined {
  const kind = obj.kind;
  if (COUNTED[resource] === `/${kind}` && obj.apiVersion === 'v1') {
    return kind === 'Pod' && !podIsActive(obj) ? { value: 0, binary: false } : { value: 1, binary: false };
  }
  if (resource.startsWith('count/')) {
    const [plural, group = ''] = resource.slice(6).split(/\.(.*)/s);
    const objGroup = obj.apiVersion.includes('/') ? obj.apiVersion.split('/')[0] : '';
    return plural === `${kind.toLowerCase()}s` && group === objGroup ? { value: 1, binary: false } : undefined;
  }
  if (kind === 'Pod') {
    if (!podIsActive(obj)) return { value: 0, binary: false };
    const m = /^(requests\.|limits\.)?(cpu|memory|ephemeral-storage)$/.exec(resource);
    if (m) return podResource(obj, m[1] === 'limits.' ? 'limits' : 'requests', m[2]);
  }
  if (kind === 'Service') {
    if (resource === 'services.nodeports') return { value: obj.spec?.type === 'NodePort' || obj.spec?.type === 'LoadBalancer' ? (obj.spec?.ports?.length ?? 0) : 0, binary: false };
    if (resource === 'services.loadbalancers') return { value: obj.spec?.type === 'LoadBalancer' ? 1 : 0, binary: false };
  }
  if (kind === 'PersistentVolumeClaim' && resource === 'requests.storage') {
    const raw = obj.spec?.resources?.requests?.storage;
    return { value: parseQuantity(raw) ?? 0, binary: isBinaryQuantity(raw) };
  }
  return undefined;
}

/** Current usage of every resource a quota names, as the quota controller computes it. */
export function quotaUsage(store: ObjectStore, quota: KObject): Record<string, number> {
  const ns = quota.metadata.namespace;
  const used: Record<string, number> = {};
  const kinds = ['/Pod', '/Service', '/ConfigMap', '/Secret', '/PersistentVolumeClaim', '/ReplicationController', '/ResourceQuota'];
  for (const r of Object.keys(quota.spec?.hard ?? {})) {
    used[r] = 0;
    const kks = r.startsWith('count/') ? store.kindKeys() : kinds;
    for (const kk of kks) for (const o of store.list(kk, ns)) used[r] += usageOf(o, r)?.value ?? 0;
  }
  return used;
}

export function admitResourceQuota(ctx: AdmissionContext, op: Operation, info: KindInfo, obj: KObject, _old: KObject | undefined, name: string): Status | undefined {
  // (Every namespaced create asks, most of them Events: no list at all while no quota exists.)
  if (op !== 'CREATE' || !info.namespaced || ctx.store.count('/ResourceQuota') === 0) return undefined;
  const quotas = ctx.store.list('/ResourceQuota', obj.metadata.namespace);
  for (const q of quotas) {
    const hard: Record<string, unknown> = q.spec?.hard ?? {};
    const used = quotaUsage(ctx.store, q);
    const requested: string[] = [];
    const usedS: string[] = [];
    const limited: string[] = [];
    const missing: string[] = [];
    for (const r of Object.keys(hard).sort()) {
      const add = usageOf(obj, r);
      if (!add) continue;
      if (add.missing && add.missing.length > 0 && obj.kind === 'Pod' && /^(requests\.|limits\.)?(cpu|memory)$/.test(r)) {
        missing.push(`${r} for: ${add.missing.join(',')}`);
        continue;
      }
      const limit = parseQuantity(hard[r]) ?? 0;
      if (used[r] + add.value > limit) {
        const bin = add.binary || isBinaryQuantity(hard[r]);
        requested.push(`${r}=${formatQuantity(add.value, bin)}`);
        usedS.push(`${r}=${formatQuantity(used[r], bin)}`);
        limited.push(`${r}=${String(hard[r])}`);
      }
    }
    if (missing.length > 0) {
      return forbidden(info, name, `failed quota: ${q.metadata.name}: must specify ${missing.join('; ')}`);
    }
    if (requested.length > 0) {
      return forbidden(
        info,
        name,
        `exceeded quota: ${q.metadata.name}, requested: ${requested.join(',')}, used: ${usedS.join(',')}, limited: ${limited.join(',')}`,
      );
    }
  }
  return undefined;
}
