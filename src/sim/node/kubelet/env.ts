// A container's environment (kubelet_pods.go makeEnvironmentVariables): service links,
// envFrom, env with `$(VAR)` expansion and valueFrom. A missing ConfigMap/Secret or key is the
// CreateContainerConfigError message. Also volume contents (ConfigMap, Secret, projected,
// downward API) and the FailedMount error of a missing source.
import { BoundedMap } from '../../core/boundedmap';
import type { ObjectStore } from '../../api/store';
import type { KObject } from '../../api/types';
import { parseQuantity } from '../../api/quantity';
import type { VolumeContent } from '../runtime/runtime';
import { catalogEntry } from '../images/catalog';
import { parseImageRef } from '../images/reference';
import { expandKubeVars } from '../runtime/program';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

export type EnvResult = { env: [string, string][] } | { error: string };

const PATHS: Record<string, string> = {
  debian: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  busybox: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
};

/**
 * Environment variables an image sets (ENV in its Dockerfile), computed once per image name: the
 * pairs are shared by every container of the image (env pairs are only ever read).
 */
const imageEnvCache = new BoundedMap<string, [string, string][]>(1000);
function imageEnv(image: string): [string, string][] {
  let env = imageEnvCache.get(image);
  if (!env) {
    env = computeImageEnv(image);
    imageEnvCache.set(image, env);
  }
  return env;
}

function computeImageEnv(image: string): [string, string][] {
  const ref = parseImageRef(image);
  const name = 'error' in ref ? '' : ref.shortName;
  const entry = catalogEntry(name);
  const out: [string, string][] = [['PATH', PATHS[entry?.os ?? 'debian'] ?? PATHS.debian]];
  if (name === 'nginx') out.push(['NGINX_VERSION', '1.27.3'], ['NJS_VERSION', '0.8.7'], ['NJS_RELEASE', '1~bookworm'], ['PKG_RELEASE', '1~bookworm'], ['DYNPKG_RELEASE', '1~bookworm']);
  if (name === 'httpd') out.push(['HTTPD_PREFIX', '/usr/local/apache2'], ['HTTPD_VERSION', '2.4.62']);
  if (name === 'redis') out.push(['REDIS_VERSION', '7.4.2']);
  if (name === 'postgres') out.push(['PG_MAJOR', '17'], ['PG_VERSION', '17.2-1.pgdg120+1'], ['PGDATA', '/var/lib/postgresql/data']);
  if (name === 'luksa/kubia' || name === 'luksa/kubia-unhealthy' || name === 'luksa/kubia-pet') out.push(['NODE_VERSION', '7.10.1'], ['YARN_VERSION', '0.24.4']);
  return out;
}

/**
 * Per store and namespace, the service variables and the Services write they were computed at:
 * every container start reads them, and Services change far less often than containers start.
 * The arrays are shared: callers only read them.
 */
const serviceEnvCache = new WeakMap<ObjectStore, Map<string, { rv: number; env: [string, string][] }>>();

export function serviceEnv(store: ObjectStore, namespace: string): [string, string][] {
  const rv = store.lastWriteRv('/Service');
  let byNs = serviceEnvCache.get(store);
  if (!byNs) serviceEnvCache.set(store, (byNs = new Map()));
  const hit = byNs.get(namespace);
  if (hit && hit.rv === rv) return hit.env;
  const env = computeServiceEnv(store, namespace);
  byNs.set(namespace, { rv, env });
  return env;
}

function computeServiceEnv(store: ObjectStore, namespace: string): [string, string][] {
  const svcs = store.list('/Service', namespace).filter((s) => s.spec?.clusterIP && s.spec.clusterIP !== 'None');
  const master = store.get('/Service', 'default', 'kubernetes');
  if (master && namespace !== 'default') svcs.push(master);
  svcs.sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
  const out: [string, string][] = [];
  for (const s of svcs) {
    const name = s.metadata.name!.toUpperCase().replace(/-/g, '_');
    const ip = s.spec.clusterIP;
    const ports: Json[] = s.spec.ports ?? [];
    if (ports.length === 0) continue;
    out.push([`${name}_SERVICE_HOST`, ip], [`${name}_SERVICE_PORT`, String(ports[0].port)]);
    for (const p of ports) if (p.name) out.push([`${name}_SERVICE_PORT_${p.name.toUpperCase().replace(/-/g, '_')}`, String(p.port)]);
    const proto = (p: Json) => (p.protocol ?? 'TCP').toLowerCase();
    out.push([`${name}_PORT`, `${proto(ports[0])}://${ip}:${ports[0].port}`]);
    for (const p of ports) {
      const pre = `${name}_PORT_${p.port}_${(p.protocol ?? 'TCP').toUpperCase()}`;
      out.push([pre, `${proto(p)}://${ip}:${p.port}`], [`${pre}_PROTO`, proto(p)], [`${pre}_PORT`, String(p.port)], [`${pre}_ADDR`, ip]);
    }
  }
  return out;
}

/** A downward-API field of the pod (`metadata.name`, `status.podIP`, `metadata.labels['app']`). */
export function podField(pod: KObject, path: string, podIP: string, hostIP: string): string {
  const m = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (m) return (pod.metadata[m[1] as 'labels' | 'annotations'] ?? {})[m[2]] ?? '';
  switch (path) {
    case 'metadata.name': return pod.metadata.name ?? '';
    case 'metadata.namespace': return pod.metadata.namespace ?? '';
    case 'metadata.uid': return pod.metadata.uid ?? '';
    case 'metadata.labels': return Object.entries(pod.metadata.labels ?? {}).sort().map(([k, v]) => `${k}="${v}"`).join('\n');
    case 'metadata.annotations': return Object.entries(pod.metadata.annotations ?? {}).sort().map(([k, v]) => `${k}="${v}"`).join('\n');
    case 'spec.nodeName': return pod.spec?.nodeName ?? '';
    case 'spec.serviceAccountName': return pod.spec?.serviceAccountName ?? '';
    case 'status.podIP': case 'status.podIPs': return podIP;
    case 'status.hostIP': case 'status.hostIPs': return hostIP;
    default: return '';
  }
}

function resourceField(c: Json, ref: Json, nodeAlloc: { cpu: number; memory: number }): string {
  const res: string = ref.resource ?? '';
  const [kind, name] = res.split('.');
  const q = parseQuantity(c.resources?.[kind]?.[name]);
  const divisor = parseQuantity(ref.divisor) ?? 1;
  let v = q ?? (kind === 'limits' ? (name === 'cpu' ? nodeAlloc.cpu / 1000 : nodeAlloc.memory) : 0);
  if (v === undefined) v = 0;
  return String(Math.ceil(v / (divisor || 1)));
}

function decode(b64: string): string {
  try {
    return atob(b64);
  } catch {
    return b64;
  }
}

/**
 * Whether a container sets no variables of its own (no env, no envFrom): its environment is then
 * plainEnv's, with nothing to look up or expand.
 */
export function hasNoOwnEnv(c: Json): boolean {
  return !c.envFrom?.length && !c.env?.length;
}

/**
 * The container's environment, or the CreateContainerConfigError message. For a container with
 * `hasNoOwnEnv` it reads neither `hostIP` nor `nodeAlloc` (worker.ts configEnv relies on that).
 */
export function containerEnv(store: ObjectStore, pod: KObject, c: Json, podIP: string, hostIP: string, nodeAlloc: { cpu: number; memory: number }): EnvResult {
  const ns = pod.metadata.namespace!;
  if (hasNoOwnEnv(c)) return { env: plainEnv(store, pod, c, ns) };
  const vars = new Map<string, string>();
  const order: string[] = [];
  const set = (k: string, v: string) => {
    if (!vars.has(k)) order.push(k);
    vars.set(k, v);
  };
  const svc = pod.spec?.enableServiceLinks === false ? serviceEnv(store, ns).filter(([k]) => k.startsWith('KUBERNETES_')) : serviceEnv(store, ns);
  for (const e of c.envFrom ?? []) {
    const kind = e.configMapRef ? 'configmap' : 'secret';
    const ref = e.configMapRef ?? e.secretRef ?? {};
    const obj = store.get(kind === 'configmap' ? '/ConfigMap' : '/Secret', ns, ref.name);
    if (!obj) {
      if (ref.optional) continue;
      return { error: `${kind} "${ref.name}" not found` };
    }
    const data: Record<string, string> = kind === 'configmap' ? (obj.data ?? {}) : Object.fromEntries(Object.entries(obj.data ?? {}).map(([k, v]) => [k, decode(String(v))]));
    for (const [k, v] of Object.entries(data).sort()) set(`${e.prefix ?? ''}${k}`, String(v));
  }
  const lookup = () => Object.fromEntries([...svc, ...order.map((k) => [k, vars.get(k)!] as [string, string])]);
  for (const e of c.env ?? []) {
    if (!e.valueFrom) {
      set(e.name, expandKubeVars(String(e.value ?? ''), lookup()));
      continue;
    }
    const vf = e.valueFrom;
    if (vf.configMapKeyRef || vf.secretKeyRef) {
      const isCm = !!vf.configMapKeyRef;
      const ref = vf.configMapKeyRef ?? vf.secretKeyRef;
      const obj = store.get(isCm ? '/ConfigMap' : '/Secret', ns, ref.name);
      if (!obj) {
        if (ref.optional) continue;
        return { error: `${isCm ? 'configmap' : 'secret'} "${ref.name}" not found` };
      }
      const raw = isCm ? (obj.data?.[ref.key] ?? obj.binaryData?.[ref.key]) : obj.data?.[ref.key];
      if (raw === undefined) {
        if (ref.optional) continue;
        return { error: `couldn't find key ${ref.key} in ${isCm ? 'ConfigMap' : 'Secret'} ${ns}/${ref.name}` };
      }
      set(e.name, isCm ? String(raw) : decode(String(raw)));
    } else if (vf.fieldRef) {
      set(e.name, podField(pod, vf.fieldRef.fieldPath, podIP, hostIP));
    } else if (vf.resourceFieldRef) {
      set(e.name, resourceField(c, vf.resourceFieldRef, nodeAlloc));
    }
  }
  const image = imageEnv(c.image ?? '');
  const out: [string, string][] = [image[0], ['HOSTNAME', hostnameOf(pod)], ...image.slice(1).filter(([k]) => !vars.has(k))];
  for (const k of order) out.push([k, vars.get(k)!]);
  // The service pairs are shared with the cache (see serviceEnv), not copied.
  for (const p of svc) if (!vars.has(p[0])) out.push(p);
  if (!vars.has('HOME')) out.push(HOME);
  return { env: out };
}

const HOME: [string, string] = ['HOME', '/root'];

/**
 * containerEnv of a container without env or envFrom (most of them): no variables of its own, so
 * nothing is looked up or expanded — the image's, HOSTNAME, the service links and HOME, in the
 * order the general path gives them.
 */
function plainEnv(store: ObjectStore, pod: KObject, c: Json, ns: string): [string, string][] {
  const image = imageEnv(c.image ?? '');
  const out: [string, string][] = [image[0], ['HOSTNAME', hostnameOf(pod)]];
  for (let i = 1; i < image.length; i++) out.push(image[i]);
  const svc = serviceEnv(store, ns);
  const linksOff = pod.spec?.enableServiceLinks === false;
  for (const p of svc) if (!linksOff || p[0].startsWith('KUBERNETES_')) out.push(p);
  out.push(HOME);
  return out;
}

/** The pod's hostname: spec.hostname, else its name (cut to 63 characters). */
export function hostnameOf(pod: KObject): string {
  return (pod.spec?.hostname || pod.metadata.name || '').slice(0, 63);
}

/** Volume content for the runtime, or undefined. */
export function volumeContent(store: ObjectStore, pod: KObject, name: string, podIP: string, hostIP: string): VolumeContent | undefined {
  const v = (pod.spec?.volumes ?? []).find((x: Json) => x.name === name);
  if (!v) return undefined;
  const ns = pod.metadata.namespace!;
  const fromMap = (data: Record<string, string>, items: Json[] | undefined): Record<string, string> => {
    if (!items || items.length === 0) return { ...data };
    const out: Record<string, string> = {};
    for (const it of items) if (it.key in data) out[it.path] = data[it.key];
    return out;
  };
  if (v.configMap) return { kind: 'files', files: fromMap(store.get('/ConfigMap', ns, v.configMap.name)?.data ?? {}, v.configMap.items) };
  if (v.secret) {
    const data = store.get('/Secret', ns, v.secret.secretName)?.data ?? {};
    return { kind: 'files', files: fromMap(Object.fromEntries(Object.entries(data).map(([k, x]) => [k, decode(String(x))])), v.secret.items) };
  }
  if (v.downwardAPI) {
    const files: Record<string, string> = {};
    for (const it of v.downwardAPI.items ?? []) if (it.fieldRef) files[it.path] = podField(pod, it.fieldRef.fieldPath, podIP, hostIP);
    return { kind: 'files', files };
  }
  if (v.projected) {
    const files: Record<string, string> = {};
    for (const src of v.projected.sources ?? []) {
      if (src.serviceAccountToken) files[src.serviceAccountToken.path ?? 'token'] = serviceAccountToken(pod);
      if (src.configMap) Object.assign(files, fromMap(store.get('/ConfigMap', ns, src.configMap.name)?.data ?? {}, src.configMap.items));
      if (src.secret) Object.assign(files, fromMap(Object.fromEntries(Object.entries(store.get('/Secret', ns, src.secret.name)?.data ?? {}).map(([k, x]) => [k, decode(String(x))])), src.secret.items));
      if (src.downwardAPI) for (const it of src.downwardAPI.items ?? []) if (it.fieldRef) files[it.path] = podField(pod, it.fieldRef.fieldPath, podIP, hostIP);
    }
    return { kind: 'files', files };
  }
  if (v.emptyDir) return { kind: 'emptyDir' };
  return { kind: 'dir' };
}

/** The FailedMount message of a volume whose source is missing, if any. */
export function mountError(store: ObjectStore, pod: KObject): string | undefined {
  const ns = pod.metadata.namespace!;
  // Indexed: runs on every sync of a pod without a sandbox (for-of made an iterator per call).
  const volumes: Json[] = pod.spec?.volumes ?? NO_VOLUMES;
  for (let i = 0; i < volumes.length; i++) {
    const v = volumes[i];
    if (v.configMap && !v.configMap.optional) {
      const cm = store.get('/ConfigMap', ns, v.configMap.name);
      if (!cm) return `${mountPrefix(v)}configmap "${v.configMap.name}" not found`;
      const missing = (v.configMap.items ?? []).find((it: Json) => !(it.key in (cm.data ?? {})) && !(it.key in (cm.binaryData ?? {})));
      if (missing) return `${mountPrefix(v)}configmap references non-existent config key: ${missing.key}`;
    }
    if (v.secret && !v.secret.optional) {
      const s = store.get('/Secret', ns, v.secret.secretName);
      if (!s) return `${mountPrefix(v)}secret "${v.secret.secretName}" not found`;
      const missing = (v.secret.items ?? []).find((it: Json) => !(it.key in (s.data ?? {})));
      if (missing) return `${mountPrefix(v)}references non-existent secret key: ${missing.key}`;
    }
    const sources: Json[] = v.projected?.sources ?? NO_VOLUMES;
    for (let j = 0; j < sources.length; j++) {
      const src = sources[j];
      if (src.configMap && !src.configMap.optional && !store.get('/ConfigMap', ns, src.configMap.name)) return `${mountPrefix(v)}configmap "${src.configMap.name}" not found`;
      if (src.secret && !src.secret.optional && !store.get('/Secret', ns, src.secret.name)) return `${mountPrefix(v)}secret "${src.secret.name}" not found`;
    }
  }
  return undefined;
}

const NO_VOLUMES: Json[] = Object.freeze([]) as unknown as Json[];

/** The FailedMount message's start (built only for a volume that fails: mountError runs per pod sync). */
function mountPrefix(v: Json): string {
  return `MountVolume.SetUp failed for volume "${v.name}" : `;
}

function serviceAccountToken(pod: KObject): string {
  const b64url = (s: string) => btoa(s).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  const header = b64url('{"alg":"RS256","kid":"kubeplay"}');
  const claims = b64url(JSON.stringify({ aud: ['https://kubernetes.default.svc.cluster.local'], iss: 'https://kubernetes.default.svc.cluster.local', 'kubernetes.io': { namespace: pod.metadata.namespace, pod: { name: pod.metadata.name, uid: pod.metadata.uid }, serviceaccount: { name: pod.spec?.serviceAccountName ?? 'default' } }, sub: `system:serviceaccount:${pod.metadata.namespace}:${pod.spec?.serviceAccountName ?? 'default'}` }));
  return `${header}.${claims}.${b64url(pod.metadata.uid ?? 'signature')}`;
}

/** Limits of a container, as numbers. */
export function containerLimits(c: Json): { memory?: number; cpuMilli?: number } {
  const mem = parseQuantity(c.resources?.limits?.memory);
  const cpu = parseQuantity(c.resources?.limits?.cpu);
  return { memory: mem === undefined ? undefined : Math.round(mem), cpuMilli: cpu === undefined ? undefined : Math.round(cpu * 1000) };
}
