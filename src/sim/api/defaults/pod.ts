// Pod and PodSpec defaulting (`pkg/apis/core/v1/defaults.go`: SetDefaults_PodSpec,
// SetDefaults_Container, SetDefaults_Probe, SetDefaults_Volume, ...; `SetDefaults_Pod` for what
// only a Pod gets, not a pod template).

import { canonicalQuantity } from '../validation/quantity';

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
/** The object under `o[k]`, or undefined when it is not an object. */
export const objAt = (o: Obj, k: string): Obj | undefined => (isObj(o[k]) ? (o[k] as Obj) : undefined);
/** The object under `o[k]`, created when absent; undefined when something else is there. */
export function ensureObj(o: Obj, k: string): Obj | undefined {
  if (o[k] === undefined || o[k] === null) o[k] = {};
  return objAt(o, k);
}
export const isUnset = (v: unknown): boolean => v === undefined || v === null || v === '';
export function setIfUnset(o: Obj, k: string, v: unknown): void {
  if (isUnset(o[k])) o[k] = v;
}
export const objItems = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);

const REPO_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;

/**
 * The tag `parsers.ParseImageName` finds: `latest` when the reference has neither tag nor digest,
 * '' for a digest-only or unparsable reference.
 */
export function imageTag(image: string): string {
  if (!image) return '';
  let rest = image;
  let digest = '';
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!/^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/.test(digest)) return '';
  }
  let tag = '';
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > slash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return '';
  }
  const parts = rest.split('/');
  // The first component is a registry domain when it has a '.' or ':' or is localhost.
  const first = parts[0];
  const repo = parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost') ? parts.slice(1) : parts;
  if (repo.length === 0 || !repo.every((c) => REPO_COMPONENT.test(c))) return '';
  if (!tag && !digest) return 'latest';
  return tag;
}

function defaultProbe(p: unknown): void {
  if (!isObj(p)) return;
  for (const [k, v] of [['timeoutSeconds', 1], ['periodSeconds', 10], ['successThreshold', 1], ['failureThreshold', 3]] as const)
    if (isUnset(p[k]) || p[k] === 0) p[k] = v;
  defaultHandler(p);
}

function defaultHandler(h: Obj): void {
  const http = objAt(h, 'httpGet');
  if (http) {
    setIfUnset(http, 'path', '/');
    setIfUnset(http, 'scheme', 'HTTP');
  }
  const grpc = objAt(h, 'grpc');
  if (grpc && (grpc.service === undefined || grpc.service === null)) grpc.service = '';
}

function defaultEnv(env: unknown): void {
  for (const e of objItems(env)) {
    const vf = objAt(e, 'valueFrom');
    const fr = vf && objAt(vf, 'fieldRef');
    if (fr) setIfUnset(fr, 'apiVersion', 'v1');
  }
}

export function defaultContainer(c: Obj): void {
  if (isUnset(c.imagePullPolicy)) c.imagePullPolicy = imageTag(typeof c.image === 'string' ? c.image : '') === 'latest' ? 'Always' : 'IfNotPresent';
  setIfUnset(c, 'terminationMessagePath', '/dev/termination-log');
  setIfUnset(c, 'terminationMessagePolicy', 'File');
  for (const port of objItems(c.ports)) setIfUnset(port, 'protocol', 'TCP');
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
  const lc = objAt(c, 'lifecycle');
  if (lc) for (const hook of ['postStart', 'preStop']) if (isObj(lc[hook])) defaultHandler(lc[hook] as Obj);
  defaultEnv(c.env);
}

const VOLUME_SOURCE_KEYS = [
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc', 'azureFile',
  'configMap', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected', 'portworxVolume',
  'scaleIO', 'storageos', 'csi', 'ephemeral', 'image',
];

function defaultDownwardAPIItems(items: unknown): void {
  for (const it of objItems(items)) {
    const fr = objAt(it, 'fieldRef');
    if (fr) setIfUnset(fr, 'apiVersion', 'v1');
  }
}

export function defaultVolume(v: Obj): void {
  if (!VOLUME_SOURCE_KEYS.some((k) => v[k] !== undefined && v[k] !== null)) v.emptyDir = {};
  const secret = objAt(v, 'secret');
  if (secret && isUnset(secret.defaultMode)) secret.defaultMode = 420;
  const cm = objAt(v, 'configMap');
  if (cm && isUnset(cm.defaultMode)) cm.defaultMode = 420;
  const dapi = objAt(v, 'downwardAPI');
  if (dapi) {
    if (isUnset(dapi.defaultMode)) dapi.defaultMode = 420;
    defaultDownwardAPIItems(dapi.items);
  }
  const projected = objAt(v, 'projected');
  if (projected) {
    if (isUnset(projected.defaultMode)) projected.defaultMode = 420;
    for (const src of objItems(projected.sources)) {
      const tok = objAt(src, 'serviceAccountToken');
      if (tok && isUnset(tok.expirationSeconds)) tok.expirationSeconds = 3600;
      const d = objAt(src, 'downwardAPI');
      if (d) defaultDownwardAPIItems(d.items);
    }
  }
  const hp = objAt(v, 'hostPath');
  if (hp && (hp.type === undefined || hp.type === null)) hp.type = '';
  const eph = objAt(v, 'ephemeral');
  const vct = eph && objAt(eph, 'volumeClaimTemplate');
  const vctSpec = vct && objAt(vct, 'spec');
  if (vctSpec) setIfUnset(vctSpec, 'volumeMode', 'Filesystem');
}

/** `SetDefaults_PodSpec` and the defaulters of everything inside a PodSpec. */
export function defaultPodSpec(spec: unknown): void {
  if (!isObj(spec)) return;
  setIfUnset(spec, 'dnsPolicy', 'ClusterFirst');
  setIfUnset(spec, 'restartPolicy', 'Always');
  if (spec.securityContext === undefined || spec.securityContext === null) spec.securityContext = {};
  if (spec.terminationGracePeriodSeconds === undefined || spec.terminationGracePeriodSeconds === null) spec.terminationGracePeriodSeconds = 30;
  setIfUnset(spec, 'schedulerName', 'default-scheduler');
  for (const c of objItems(spec.containers)) defaultContainer(c);
  for (const c of objItems(spec.initContainers)) defaultContainer(c);
  for (const c of objItems(spec.ephemeralContainers)) defaultContainer(c);
  for (const v of objItems(spec.volumes)) defaultVolume(v);
}

/** A PodTemplateSpec (`spec.template` of the workload kinds). */
export function defaultPodTemplate(tmpl: unknown): void {
  if (isObj(tmpl)) defaultPodSpec(tmpl.spec);
}

/** `SetDefaults_Pod`: what a Pod gets on top of the PodSpec defaults, and a template does not. */
export function defaultPod(pod: Obj): void {
  const spec = objAt(pod, 'spec');
  if (!spec) return;
  defaultPodSpec(spec);
  for (const c of [...objItems(spec.containers), ...objItems(spec.initContainers)]) {
    const res = objAt(c, 'resources');
    const limits = res && objAt(res, 'limits');
    if (!res || !limits) continue;
    const requests = ensureObj(res, 'requests');
    if (!requests) continue;
    // An unparsable quantity fails decoding upstream before defaulting; do not copy it.
    for (const [k, v] of Object.entries(limits)) if (!Object.hasOwn(requests, k) && canonicalQuantity(v) !== undefined) requests[k] = v;
  }
  if (spec.enableServiceLinks === undefined || spec.enableServiceLinks === null) spec.enableServiceLinks = true;
  if (spec.hostNetwork === true)
    for (const c of [...objItems(spec.containers), ...objItems(spec.initContainers)])
      for (const port of objItems(c.ports)) if (isUnset(port.hostPort) || port.hostPort === 0) port.hostPort = port.containerPort;
}
