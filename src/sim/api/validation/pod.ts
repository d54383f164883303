// PodSpec, volumes and pod templates (`pkg/apis/core/validation/validation.go` ValidatePodSpec,
// ValidateVolumes, ValidatePodTemplateSpec, ValidateTolerations).

import { child, duplicate, forbidden, index, invalid, notSupported, required } from './errors';
import { type Errs, type Obj, getBool, getInt, getObj, getObjArr, getStr, getStrArr, isObj, nonNegative } from './check';
import { validateAllContainers } from './container';
import { validateAnnotations, validateLabelSelector, validateLabels } from './meta';
import { inclusiveRangeError, isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue } from './names';
import { canonicalQuantity, compareQuantities } from './quantity';

export const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const HOST_PATH_TYPES = ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket'];
const FILE_MODE_ERROR = 'must be a number between 0 and 0777 (octal), both inclusive';
const MAX_INT32 = 2147483647;

/** Volume sources in the order `validateVolumeSource` checks them. */
const VOLUME_SOURCES = [
  'hostPath', 'emptyDir', 'gitRepo', 'gcePersistentDisk', 'awsElasticBlockStore', 'secret', 'nfs', 'iscsi',
  'glusterfs', 'flocker', 'persistentVolumeClaim', 'rbd', 'quobyte', 'cinder', 'cephfs', 'downwardAPI', 'fc',
  'azureFile', 'vsphereVolume', 'photonPersistentDisk', 'portworxVolume', 'azureDisk', 'storageos', 'projected',
  'scaleIO', 'configMap', 'csi', 'ephemeral', 'image', 'flexVolume',
];

function validateMode(errs: Errs, path: string, v: unknown): void {
  const mode = getInt(errs, path, v);
  if (mode !== undefined && (mode < 0 || mode > 0o777)) errs.push(invalid(path, mode, FILE_MODE_ERROR));
}

function validateKeyToPaths(errs: Errs, path: string, v: unknown): void {
  getObjArr(errs, path, v).forEach((kp, i) => {
    if (!kp) return;
    const p = index(path, i);
    if (!getStr(errs, child(p, 'key'), kp.key)) errs.push(required(child(p, 'key')));
    const fp = getStr(errs, child(p, 'path'), kp.path) ?? '';
    if (!fp) errs.push(required(child(p, 'path')));
    validateLocalPath(errs, child(p, 'path'), fp);
    validateMode(errs, child(p, 'mode'), kp.mode);
  });
}

function validateLocalPath(errs: Errs, path: string, v: string): void {
  if (v.startsWith('/')) errs.push(invalid(path, v, 'must be a relative path'));
  if (v.split('/').includes('..')) errs.push(invalid(path, v, "must not contain '..'"));
  if (v.startsWith('..')) errs.push(invalid(path, v, "must not start with '..'"));
}

function validateVolumeSource(errs: Errs, path: string, vol: Obj): void {
  let n = 0;
  for (const src of VOLUME_SOURCES) {
    if (vol[src] === undefined || vol[src] === null) continue;
    const p = child(path, src);
    if (n > 0) {
      errs.push(forbidden(p, 'may not specify more than 1 volume type'));
      continue;
    }
    n++;
    const s = getObj(errs, p, vol[src]) ?? {};
    switch (src) {
      case 'hostPath': {
        const hp = getStr(errs, child(p, 'path'), s.path) ?? '';
        if (!hp) errs.push(required(child(p, 'path')));
        else if (hp.split('/').includes('..')) errs.push(invalid(child(p, 'path'), hp, "must not contain '..'"));
        const t = getStr(errs, child(p, 'type'), s.type);
        if (t !== undefined && !HOST_PATH_TYPES.includes(t)) errs.push(notSupported(child(p, 'type'), t, HOST_PATH_TYPES));
        break;
      }
      case 'emptyDir': {
        getStr(errs, child(p, 'medium'), s.medium);
        const size = s.sizeLimit;
        if (size !== undefined && size !== null && (canonicalQuantity(size) === undefined || compareQuantities(size, '0') < 0))
          errs.push(forbidden(child(p, 'sizeLimit'), 'SizeLimit field must be a valid resource quantity'));
        break;
      }
      case 'secret':
        if (!getStr(errs, child(p, 'secretName'), s.secretName)) errs.push(required(child(p, 'secretName')));
        validateMode(errs, child(p, 'defaultMode'), s.defaultMode);
        validateKeyToPaths(errs, child(p, 'items'), s.items);
        break;
      case 'configMap':
        if (!getStr(errs, child(p, 'name'), s.name)) errs.push(required(child(p, 'name')));
        validateMode(errs, child(p, 'defaultMode'), s.defaultMode);
        validateKeyToPaths(errs, child(p, 'items'), s.items);
        break;
      case 'persistentVolumeClaim':
        if (!getStr(errs, child(p, 'claimName'), s.claimName)) errs.push(required(child(p, 'claimName')));
        getBool(errs, child(p, 'readOnly'), s.readOnly);
        break;
      case 'nfs': {
        if (!getStr(errs, child(p, 'server'), s.server)) errs.push(required(child(p, 'server')));
        const np = getStr(errs, child(p, 'path'), s.path) ?? '';
        if (!np) errs.push(required(child(p, 'path')));
        else if (!np.startsWith('/')) errs.push(invalid(child(p, 'path'), np, 'must be an absolute path'));
        break;
      }
      case 'downwardAPI':
        validateMode(errs, child(p, 'defaultMode'), s.defaultMode);
        getObjArr(errs, child(p, 'items'), s.items).forEach((it, i) => {
          if (!it) return;
          const ip = index(child(p, 'items'), i);
          const fp = getStr(errs, child(ip, 'path'), it.path) ?? '';
          if (!fp) errs.push(required(child(ip, 'path')));
          validateLocalPath(errs, child(ip, 'path'), fp);
        });
        break;
      case 'projected':
        validateMode(errs, child(p, 'defaultMode'), s.defaultMode);
        getObjArr(errs, child(p, 'sources'), s.sources).forEach((ps, i) => {
          if (!ps) return;
          const sp = index(child(p, 'sources'), i);
          const kinds = ['secret', 'downwardAPI', 'configMap', 'serviceAccountToken', 'clusterTrustBundle'].filter((k) => isObj(ps[k]));
          if (kinds.length === 0) errs.push(required(sp, 'must specify exactly 1 of: secret, downwardAPI, configMap, serviceAccountToken, clusterTrustBundle'));
          for (const k of kinds.slice(1)) errs.push(forbidden(child(sp, k), 'may not specify more than 1 volume type per source'));
        });
        break;
      case 'csi':
        if (!getStr(errs, child(p, 'driver'), s.driver)) errs.push(required(child(p, 'driver')));
        break;
      case 'ephemeral':
        if (!isObj(s.volumeClaimTemplate)) errs.push(required(child(p, 'volumeClaimTemplate')));
        break;
    }
  }
  if (n === 0) errs.push(required(path, 'must specify a volume type'));
}

/** `ValidateVolumes`: returns the names of the valid volumes (mounts may refer only to those). */
export function validateVolumes(errs: Errs, path: string, v: unknown): Set<string> {
  const names = new Set<string>();
  getObjArr(errs, path, v).forEach((vol, i) => {
    if (!vol) return;
    const p = index(path, i);
    const el: Errs = [];
    validateVolumeSource(el, p, vol);
    const name = getStr(el, child(p, 'name'), vol.name) ?? '';
    if (!name) el.push(required(child(p, 'name')));
    else for (const m of isDNS1123Label(name)) el.push(invalid(child(p, 'name'), name, m));
    if (names.has(name)) el.push(duplicate(child(p, 'name'), name));
    if (el.length === 0) names.add(name);
    else errs.push(...el);
  });
  return names;
}

export function validateTolerations(errs: Errs, path: string, v: unknown): void {
  getObjArr(errs, path, v).forEach((t, i) => {
    if (!t) return;
    const p = index(path, i);
    const k = getStr(errs, child(p, 'key'), t.key) ?? '';
    const op = getStr(errs, child(p, 'operator'), t.operator) ?? '';
    const value = getStr(errs, child(p, 'value'), t.value) ?? '';
    const effect = getStr(errs, child(p, 'effect'), t.effect) ?? '';
    const seconds = getInt(errs, child(p, 'tolerationSeconds'), t.tolerationSeconds);
    if (k) for (const m of isQualifiedName(k)) errs.push(invalid(child(p, 'key'), k, m));
    if (!k && op !== 'Exists')
      errs.push(invalid(child(p, 'operator'), op, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    if (seconds !== undefined && effect !== 'NoExecute') errs.push(invalid(child(p, 'effect'), effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    if (op === 'Equal' || op === '') {
      const msgs = isValidLabelValue(value);
      if (msgs.length) errs.push(invalid(child(p, 'operator'), value, msgs.join(';')));
    } else if (op === 'Exists') {
      if (value) errs.push(invalid(child(p, 'operator'), t, "value must be empty when `operator` is 'Exists'"));
    } else errs.push(notSupported(child(p, 'operator'), op, ['Equal', 'Exists']));
    if (effect && !TAINT_EFFECTS.includes(effect)) errs.push(notSupported(child(p, 'effect'), effect, TAINT_EFFECTS));
  });
}

function validateNodeSelectorTerms(errs: Errs, path: string, v: unknown): void {
  const termsPath = child(path, 'nodeSelectorTerms');
  const terms = getObjArr(errs, termsPath, v);
  if (terms.length === 0) errs.push(required(termsPath, 'must have at least one node selector term'));
  terms.forEach((term, i) => {
    if (!term) return;
    const tp = index(termsPath, i);
    getObjArr(errs, child(tp, 'matchExpressions'), term.matchExpressions).forEach((r, j) => {
      if (!r) return;
      const rp = index(child(tp, 'matchExpressions'), j);
      const op = getStr(errs, child(rp, 'operator'), r.operator) ?? '';
      const values = getStrArr(errs, child(rp, 'values'), r.values) ?? [];
      if ((op === 'In' || op === 'NotIn') && values.length === 0)
        errs.push(required(child(rp, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"));
      else if ((op === 'Exists' || op === 'DoesNotExist') && values.length > 0)
        errs.push(forbidden(child(rp, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      else if ((op === 'Gt' || op === 'Lt') && values.length !== 1)
        errs.push(required(child(rp, 'values'), "must be specified single value when `operator` is 'Lt' or 'Gt'"));
      else if (!['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'].includes(op))
        errs.push(invalid(child(rp, 'operator'), op, 'not a valid selector operator'));
      const k = getStr(errs, child(rp, 'key'), r.key) ?? '';
      for (const m of isQualifiedName(k)) errs.push(invalid(child(rp, 'key'), k, m));
    });
  });
}

function validatePodAffinityTerms(errs: Errs, path: string, v: unknown, weighted: boolean): void {
  getObjArr(errs, path, v).forEach((t, i) => {
    if (!t) return;
    let p = index(path, i);
    let term: Obj | undefined = t;
    if (weighted) {
      const w = getInt(errs, child(p, 'weight'), t.weight) ?? 0;
      if (w <= 0 || w > 100) errs.push(invalid(child(p, 'weight'), w, 'must be in the range 1-100'));
      p = child(p, 'podAffinityTerm');
      term = getObj(errs, p, t.podAffinityTerm);
      if (!term) return;
    }
    validateLabelSelector(errs, child(p, 'labelSelector'), term.labelSelector);
    validateLabelSelector(errs, child(p, 'namespaceSelector'), term.namespaceSelector);
    if (!getStr(errs, child(p, 'topologyKey'), term.topologyKey)) errs.push(required(child(p, 'topologyKey'), 'can not be empty'));
  });
}

function validateAffinity(errs: Errs, path: string, v: unknown): void {
  const aff = getObj(errs, path, v);
  if (!aff) return;
  const na = getObj(errs, child(path, 'nodeAffinity'), aff.nodeAffinity);
  if (na) {
    const rp = child(child(path, 'nodeAffinity'), 'requiredDuringSchedulingIgnoredDuringExecution');
    const req = getObj(errs, rp, na.requiredDuringSchedulingIgnoredDuringExecution);
    if (req) validateNodeSelectorTerms(errs, rp, req.nodeSelectorTerms);
  }
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const pa = getObj(errs, child(path, kind), aff[kind]);
    if (!pa) continue;
    validatePodAffinityTerms(errs, child(child(path, kind), 'requiredDuringSchedulingIgnoredDuringExecution'), pa.requiredDuringSchedulingIgnoredDuringExecution, false);
    validatePodAffinityTerms(errs, child(child(path, kind), 'preferredDuringSchedulingIgnoredDuringExecution'), pa.preferredDuringSchedulingIgnoredDuringExecution, true);
  }
}

function validateTopologySpread(errs: Errs, path: string, v: unknown): void {
  getObjArr(errs, path, v).forEach((c, i) => {
    if (!c) return;
    const p = index(path, i);
    const skew = getInt(errs, child(p, 'maxSkew'), c.maxSkew) ?? 0;
    if (skew <= 0) errs.push(invalid(child(p, 'maxSkew'), skew, 'must be greater than zero'));
    if (!getStr(errs, child(p, 'topologyKey'), c.topologyKey)) errs.push(required(child(p, 'topologyKey'), 'can not be empty'));
    const wu = getStr(errs, child(p, 'whenUnsatisfiable'), c.whenUnsatisfiable) ?? '';
    if (wu !== 'DoNotSchedule' && wu !== 'ScheduleAnyway') errs.push(notSupported(child(p, 'whenUnsatisfiable'), wu, ['DoNotSchedule', 'ScheduleAnyway']));
    validateLabelSelector(errs, child(p, 'labelSelector'), c.labelSelector);
  });
}

/** `ValidatePodSpec`. Defaulted fields that are absent are not reported (validate after defaults). */
export function validatePodSpec(errs: Errs, path: string, specValue: unknown): void {
  const spec = getObj(errs, path, specValue);
  if (!spec) {
    errs.push(required(child(path, 'containers')));
    return;
  }
  const volumes = validateVolumes(errs, child(path, 'volumes'), spec.volumes);
  validateAllContainers(errs, path, spec, volumes);
  if (getBool(errs, child(path, 'hostNetwork'), spec.hostNetwork) === true && Array.isArray(spec.containers)) {
    spec.containers.forEach((c: unknown, ci: number) => {
      if (!isObj(c) || !Array.isArray(c.ports)) return;
      c.ports.forEach((port: unknown, pi: number) => {
        if (isObj(port) && typeof port.hostPort === 'number' && port.hostPort !== port.containerPort)
          errs.push(invalid(child(index(child(index(child(path, 'containers'), ci), 'ports'), pi), 'hostPort'), port.hostPort, 'must match `containerPort` when `hostNetwork` is true'));
      });
    });
  }
  const rp = getStr(errs, child(path, 'restartPolicy'), spec.restartPolicy);
  if (rp === '') errs.push(required(child(path, 'restartPolicy')));
  else if (rp !== undefined && !RESTART_POLICIES.includes(rp)) errs.push(notSupported(child(path, 'restartPolicy'), rp, RESTART_POLICIES));
  const dp = getStr(errs, child(path, 'dnsPolicy'), spec.dnsPolicy);
  if (dp === '') errs.push(required(child(path, 'dnsPolicy')));
  else if (dp !== undefined && !DNS_POLICIES.includes(dp)) errs.push(notSupported(child(path, 'dnsPolicy'), dp, DNS_POLICIES));
  validateLabels(errs, child(path, 'nodeSelector'), spec.nodeSelector);
  getObj(errs, child(path, 'securityContext'), spec.securityContext);
  getObjArr(errs, child(path, 'imagePullSecrets'), spec.imagePullSecrets);
  validateAffinity(errs, child(path, 'affinity'), spec.affinity);
  validateTopologySpread(errs, child(path, 'topologySpreadConstraints'), spec.topologySpreadConstraints);
  const sa = getStr(errs, child(path, 'serviceAccountName'), spec.serviceAccountName) ?? '';
  if (sa) for (const m of isDNS1123Subdomain(sa)) errs.push(invalid(child(path, 'serviceAccountName'), sa, m));
  const node = getStr(errs, child(path, 'nodeName'), spec.nodeName) ?? '';
  if (node) for (const m of isDNS1123Subdomain(node)) errs.push(invalid(child(path, 'nodeName'), node, m));
  const ads = getInt(errs, child(path, 'activeDeadlineSeconds'), spec.activeDeadlineSeconds);
  if (ads !== undefined && (ads < 1 || ads > MAX_INT32)) errs.push(invalid(child(path, 'activeDeadlineSeconds'), ads, inclusiveRangeError(1, MAX_INT32)));
  for (const f of ['hostname', 'subdomain']) {
    const s = getStr(errs, child(path, f), spec[f]) ?? '';
    if (s) for (const m of isDNS1123Label(s)) errs.push(invalid(child(path, f), s, m));
  }
  validateTolerations(errs, child(path, 'tolerations'), spec.tolerations);
  const pc = getStr(errs, child(path, 'priorityClassName'), spec.priorityClassName) ?? '';
  if (pc) for (const m of isDNS1123Subdomain(pc)) errs.push(invalid(child(path, 'priorityClassName'), pc, m));
  const pp = getStr(errs, child(path, 'preemptionPolicy'), spec.preemptionPolicy);
  if (pp !== undefined && pp !== 'Never' && pp !== 'PreemptLowerPriority')
    errs.push(notSupported(child(path, 'preemptionPolicy'), pp, ['Never', 'PreemptLowerPriority']));
  nonNegative(errs, child(path, 'terminationGracePeriodSeconds'), spec.terminationGracePeriodSeconds);
  getBool(errs, child(path, 'enableServiceLinks'), spec.enableServiceLinks);
  getInt(errs, child(path, 'priority'), spec.priority);
}

/**
 * `ValidatePodTemplateSpec`. Note the upstream quirk: template labels are reported at
 * `<path>.labels`, not `<path>.metadata.labels`.
 */
export function validatePodTemplateSpec(errs: Errs, path: string, tmplValue: unknown): Obj {
  const tmpl = getObj(errs, path, tmplValue) ?? {};
  const meta = getObj(errs, child(path, 'metadata'), tmpl.metadata) ?? {};
  validateLabels(errs, child(path, 'labels'), meta.labels);
  validateAnnotations(errs, child(path, 'annotations'), meta.annotations);
  validatePodSpec(errs, child(path, 'spec'), tmpl.spec);
  if (isObj(tmpl.spec) && Array.isArray(tmpl.spec.ephemeralContainers) && tmpl.spec.ephemeralContainers.length > 0)
    errs.push(forbidden(child(child(path, 'spec'), 'ephemeralContainers'), 'ephemeral containers not allowed in pod template'));
  return tmpl;
}

/** Template labels and restartPolicy, read leniently (errors were reported by the template check). */
export function templateLabels(tmpl: unknown): Record<string, string> | undefined {
  if (!isObj(tmpl) || !isObj(tmpl.metadata) || !isObj(tmpl.metadata.labels)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(tmpl.metadata.labels)) if (typeof v === 'string') out[k] = v;
  return out;
}
export function templateRestartPolicy(tmpl: unknown): string {
  return isObj(tmpl) && isObj(tmpl.spec) && typeof tmpl.spec.restartPolicy === 'string' ? tmpl.spec.restartPolicy : 'Always';
}
export function templateHasActiveDeadline(tmpl: unknown): boolean {
  return isObj(tmpl) && isObj(tmpl.spec) && tmpl.spec.activeDeadlineSeconds !== undefined && tmpl.spec.activeDeadlineSeconds !== null;
}
