// Container validation (`pkg/apis/core/validation/validation.go`: validateContainerCommon,
// validateContainerPorts, ValidateEnv, ValidateVolumeMounts, ValidateResourceRequirements, probes).

import { child, duplicate, forbidden, index, invalid, key, notFound, notSupported, required } from './errors';
import { type Errs, type Obj, getInt, getIntOrString, getObj, getObjArr, getStr, getStrArr, isObj, nonNegative } from './check';
import { isConfigMapKey, isDNS1123Label, isDNS1123Subdomain, isEnvVarName, isQualifiedName, isValidPortName, isValidPortNum } from './names';
import { QUANTITY_FORMAT_ERROR, canonicalQuantity, compareQuantities } from './quantity';

const PORT_PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const ENV_FIELD_PATHS = [
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.serviceAccountName',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
];
const ENV_RESOURCE_FIELDS = ['limits.cpu', 'limits.ephemeral-storage', 'limits.memory', 'requests.cpu', 'requests.ephemeral-storage', 'requests.memory'];

/** `ValidatePortNumOrName` for an IntOrString port. */
export function validatePortNumOrName(errs: Errs, path: string, v: unknown): void {
  const port = getIntOrString(errs, path, v) ?? 0;
  if (typeof port === 'number') for (const m of isValidPortNum(port)) errs.push(invalid(path, port, m));
  else for (const m of isValidPortName(port)) errs.push(invalid(path, port, m));
}

function validateHandler(errs: Errs, path: string, h: Obj, kinds: readonly string[]): void {
  let n = 0;
  for (const kind of kinds) {
    if (h[kind] === undefined || h[kind] === null) continue;
    const p = child(path, kind);
    if (n > 0) {
      errs.push(forbidden(p, 'may not specify more than 1 handler type'));
      continue;
    }
    n++;
    const a = getObj(errs, p, h[kind]) ?? {};
    if (kind === 'exec') {
      if ((getStrArr(errs, child(p, 'command'), a.command) ?? []).length === 0) errs.push(required(child(p, 'command')));
    } else if (kind === 'httpGet') {
      const path_ = getStr(errs, child(p, 'path'), a.path);
      if (path_ === '') errs.push(required(child(p, 'path')));
      validatePortNumOrName(errs, child(p, 'port'), a.port);
      const scheme = getStr(errs, child(p, 'scheme'), a.scheme);
      if (scheme !== undefined && scheme !== 'HTTP' && scheme !== 'HTTPS') errs.push(notSupported(child(p, 'scheme'), scheme, ['HTTP', 'HTTPS']));
      getObjArr(errs, child(p, 'httpHeaders'), a.httpHeaders);
    } else if (kind === 'tcpSocket') {
      validatePortNumOrName(errs, child(p, 'port'), a.port);
    } else if (kind === 'grpc') {
      const port = getInt(errs, child(p, 'port'), a.port) ?? 0;
      for (const m of isValidPortNum(port)) errs.push(invalid(child(p, 'port'), port, m));
    } else if (kind === 'sleep') {
      const s = getInt(errs, child(p, 'seconds'), a.seconds) ?? 0;
      if (s <= 0) errs.push(invalid(child(p, 'seconds'), s, 'must be greater than 0'));
    }
  }
  if (n === 0) errs.push(required(path, 'must specify a handler type'));
}

function validateProbe(errs: Errs, path: string, v: unknown, mustSucceedOnce: boolean): void {
  const probe = getObj(errs, path, v);
  if (!probe) return;
  validateHandler(errs, path, probe, ['exec', 'httpGet', 'tcpSocket', 'grpc']);
  for (const f of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'])
    nonNegative(errs, child(path, f), probe[f]);
  const tgp = getInt(errs, child(path, 'terminationGracePeriodSeconds'), probe.terminationGracePeriodSeconds);
  if (tgp !== undefined && tgp <= 0) errs.push(invalid(child(path, 'terminationGracePeriodSeconds'), tgp, 'must be greater than 0'));
  const st = typeof probe.successThreshold === 'number' ? probe.successThreshold : 1;
  if (mustSucceedOnce && st !== 1) errs.push(invalid(child(path, 'successThreshold'), st, 'must be 1'));
}

function validateKeySelector(errs: Errs, path: string, sel: Obj): void {
  const name = getStr(errs, child(path, 'name'), sel.name) ?? '';
  for (const m of isDNS1123Subdomain(name)) errs.push(invalid(child(path, 'name'), name, m));
  const k = getStr(errs, child(path, 'key'), sel.key) ?? '';
  if (!k) errs.push(required(child(path, 'key')));
  else for (const m of isConfigMapKey(k)) errs.push(invalid(child(path, 'key'), k, m));
}

function validateEnv(errs: Errs, path: string, v: unknown): void {
  getObjArr(errs, path, v).forEach((ev, i) => {
    if (!ev) return;
    const p = index(path, i);
    const name = getStr(errs, child(p, 'name'), ev.name) ?? '';
    if (!name) errs.push(required(child(p, 'name')));
    else for (const m of isEnvVarName(name)) errs.push(invalid(child(p, 'name'), name, m));
    const value = getStr(errs, child(p, 'value'), ev.value) ?? '';
    const vfPath = child(p, 'valueFrom');
    const vf = getObj(errs, vfPath, ev.valueFrom);
    if (!vf) return;
    let sources = 0;
    const fieldRef = getObj(errs, child(vfPath, 'fieldRef'), vf.fieldRef);
    if (fieldRef) {
      sources++;
      const fp = child(vfPath, 'fieldRef');
      const apiVersion = getStr(errs, child(fp, 'apiVersion'), fieldRef.apiVersion);
      const fieldPath = getStr(errs, child(fp, 'fieldPath'), fieldRef.fieldPath) ?? '';
      if (apiVersion === '') errs.push(required(child(fp, 'apiVersion')));
      if (!fieldPath) errs.push(required(child(fp, 'fieldPath')));
      else if (!/^metadata\.(labels|annotations)\['[^']+'\]$/.test(fieldPath) && !ENV_FIELD_PATHS.includes(fieldPath))
        errs.push(notSupported(child(fp, 'fieldPath'), fieldPath, ENV_FIELD_PATHS));
    }
    const rf = getObj(errs, child(vfPath, 'resourceFieldRef'), vf.resourceFieldRef);
    if (rf) {
      sources++;
      const res = getStr(errs, child(child(vfPath, 'resourceFieldRef'), 'resource'), rf.resource) ?? '';
      if (!res) errs.push(required(child(child(vfPath, 'resourceFieldRef'), 'resource')));
      else if (!ENV_RESOURCE_FIELDS.includes(res) && !/^(limits|requests)\.hugepages-/.test(res))
        errs.push(notSupported(child(child(vfPath, 'resourceFieldRef'), 'resource'), res, ENV_RESOURCE_FIELDS));
    }
    for (const kind of ['configMapKeyRef', 'secretKeyRef']) {
      const sel = getObj(errs, child(vfPath, kind), vf[kind]);
      if (sel) {
        sources++;
        validateKeySelector(errs, child(vfPath, kind), sel);
      }
    }
    if (sources === 0) errs.push(invalid(vfPath, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'));
    else if (value) errs.push(invalid(vfPath, '', 'may not be specified when `value` is not empty'));
    else if (sources > 1) errs.push(invalid(vfPath, '', 'may not have more than one field specified at a time'));
  });
}

function validateEnvFrom(errs: Errs, path: string, v: unknown): void {
  getObjArr(errs, path, v).forEach((ev, i) => {
    if (!ev) return;
    const p = index(path, i);
    const prefix = getStr(errs, child(p, 'prefix'), ev.prefix) ?? '';
    if (prefix) for (const m of isEnvVarName(prefix)) errs.push(invalid(child(p, 'prefix'), prefix, m));
    let sources = 0;
    for (const kind of ['configMapRef', 'secretRef']) {
      const ref = getObj(errs, child(p, kind), ev[kind]);
      if (!ref) continue;
      sources++;
      const name = getStr(errs, child(child(p, kind), 'name'), ref.name) ?? '';
      if (!name) errs.push(required(child(child(p, kind), 'name')));
      else for (const m of isDNS1123Subdomain(name)) errs.push(invalid(child(child(p, kind), 'name'), name, m));
    }
    if (sources === 0) errs.push(invalid(path, '', 'must specify one of: `configMapRef` or `secretRef`'));
    else if (sources > 1) errs.push(invalid(path, '', 'may not have more than one field specified at a time'));
  });
}

function validatePorts(errs: Errs, path: string, v: unknown): void {
  const names = new Set<string>();
  getObjArr(errs, path, v).forEach((port, i) => {
    if (!port) return;
    const p = index(path, i);
    const name = getStr(errs, child(p, 'name'), port.name) ?? '';
    if (name) {
      const msgs = isValidPortName(name);
      for (const m of msgs) errs.push(invalid(child(p, 'name'), name, m));
      if (!msgs.length) {
        if (names.has(name)) errs.push(duplicate(child(p, 'name'), name));
        else names.add(name);
      }
    }
    const cp = getInt(errs, child(p, 'containerPort'), port.containerPort) ?? 0;
    if (cp === 0) errs.push(required(child(p, 'containerPort')));
    else for (const m of isValidPortNum(cp)) errs.push(invalid(child(p, 'containerPort'), cp, m));
    const hp = getInt(errs, child(p, 'hostPort'), port.hostPort) ?? 0;
    if (hp !== 0) for (const m of isValidPortNum(hp)) errs.push(invalid(child(p, 'hostPort'), hp, m));
    const proto = getStr(errs, child(p, 'protocol'), port.protocol);
    if (proto === '') errs.push(required(child(p, 'protocol')));
    else if (proto !== undefined && !PORT_PROTOCOLS.includes(proto)) errs.push(notSupported(child(p, 'protocol'), proto, PORT_PROTOCOLS));
  });
}

function validateVolumeMounts(errs: Errs, path: string, v: unknown, volumes: ReadonlySet<string>): void {
  const mountPoints = new Set<string>();
  getObjArr(errs, path, v).forEach((mnt, i) => {
    if (!mnt) return;
    const p = index(path, i);
    const name = getStr(errs, child(p, 'name'), mnt.name) ?? '';
    if (!name) errs.push(required(child(p, 'name')));
    if (!volumes.has(name)) errs.push(notFound(child(p, 'name'), name));
    const mountPath = getStr(errs, child(p, 'mountPath'), mnt.mountPath) ?? '';
    if (!mountPath) errs.push(required(child(p, 'mountPath')));
    if (mountPoints.has(mountPath)) errs.push(invalid(child(p, 'mountPath'), mountPath, 'must be unique'));
    mountPoints.add(mountPath);
    const subPath = getStr(errs, child(p, 'subPath'), mnt.subPath) ?? '';
    if (subPath) {
      if (subPath.startsWith('/')) errs.push(invalid(child(path, 'subPath'), subPath, 'must be a relative path'));
      if (subPath.split('/').includes('..')) errs.push(invalid(child(path, 'subPath'), subPath, "must not contain '..'"));
    }
  });
}

const STANDARD_CONTAINER_RESOURCES = ['cpu', 'memory', 'ephemeral-storage'];
const isNative = (n: string) => !n.includes('/') || n.includes('kubernetes.io/');
const isHugePages = (n: string) => n.startsWith('hugepages-');

function validateResourceName(errs: Errs, path: string, name: string): void {
  for (const m of isQualifiedName(name)) errs.push(invalid(path, name, m));
  if (!name.includes('/')) {
    if (!STANDARD_CONTAINER_RESOURCES.includes(name) && !isHugePages(name))
      errs.push(invalid(path, name, 'must be a standard resource for containers'));
  }
}

/** Reads a ResourceList, reporting unparsable quantities; returns name → quantity text. */
export function readResourceList(errs: Errs, path: string, v: unknown): Map<string, string> {
  const out = new Map<string, string>();
  const o = getObj(errs, path, v);
  if (!o) return out;
  for (const name of Object.keys(o).sort()) {
    const p = key(path, name);
    const q = o[name];
    if (q === null || q === undefined) continue;
    if (typeof q !== 'string' && typeof q !== 'number') {
      errs.push(invalid(p, q, `${p} in body must be of type string: "${Array.isArray(q) ? 'array' : typeof q}"`));
      continue;
    }
    const text = String(q);
    if (canonicalQuantity(text) === undefined) {
      errs.push(invalid(p, text, QUANTITY_FORMAT_ERROR));
      continue;
    }
    out.set(name, text);
  }
  return out;
}

function validateResources(errs: Errs, path: string, v: unknown): void {
  const res = getObj(errs, path, v);
  if (!res) return;
  const limPath = child(path, 'limits');
  const reqPath = child(path, 'requests');
  const limits = readResourceList(errs, limPath, res.limits);
  const requests = readResourceList(errs, reqPath, res.requests);
  const nonNegativeQuantity = (p: string, q: string) => {
    if (compareQuantities(q, '0') < 0) errs.push(invalid(p, canonicalQuantity(q), 'must be greater than or equal to 0'));
  };
  for (const [name, q] of limits) {
    validateResourceName(errs, key(limPath, name), name);
    nonNegativeQuantity(key(limPath, name), q);
  }
  for (const [name, q] of requests) {
    validateResourceName(errs, key(reqPath, name), name);
    nonNegativeQuantity(key(reqPath, name), q);
    const lim = limits.get(name);
    const overcommit = isNative(name) && !isHugePages(name);
    if (lim !== undefined) {
      const cmp = compareQuantities(q, lim);
      if (cmp !== 0 && !overcommit)
        errs.push(invalid(reqPath, canonicalQuantity(q), `must be equal to ${name} limit of ${canonicalQuantity(lim)}`));
      else if (cmp > 0) errs.push(invalid(reqPath, canonicalQuantity(q), `must be less than or equal to ${name} limit of ${canonicalQuantity(lim)}`));
    } else if (!overcommit) errs.push(required(limPath, 'Limit must be set for non overcommitable resources'));
  }
}

/** `validateContainerCommon`: the checks every container kind shares. */
function validateContainerCommon(errs: Errs, path: string, c: Obj, volumes: ReadonlySet<string>): string {
  const name = getStr(errs, child(path, 'name'), c.name) ?? '';
  if (!name) errs.push(required(child(path, 'name')));
  else for (const m of isDNS1123Label(name)) errs.push(invalid(child(path, 'name'), name, m));
  if (!getStr(errs, child(path, 'image'), c.image)) errs.push(required(child(path, 'image')));
  const tmp = getStr(errs, child(path, 'terminationMessagePolicy'), c.terminationMessagePolicy);
  if (tmp === '') errs.push(required(child(path, 'terminationMessagePolicy')));
  else if (tmp !== undefined && tmp !== 'File' && tmp !== 'FallbackToLogsOnError')
    errs.push(notSupported(child(path, 'terminationMessagePolicy'), tmp, ['File', 'FallbackToLogsOnError']));
  getStrArr(errs, child(path, 'command'), c.command);
  getStrArr(errs, child(path, 'args'), c.args);
  validatePorts(errs, child(path, 'ports'), c.ports);
  validateEnv(errs, child(path, 'env'), c.env);
  validateEnvFrom(errs, child(path, 'envFrom'), c.envFrom);
  validateVolumeMounts(errs, child(path, 'volumeMounts'), c.volumeMounts, volumes);
  const pp = getStr(errs, child(path, 'imagePullPolicy'), c.imagePullPolicy);
  if (pp === '') errs.push(required(child(path, 'imagePullPolicy')));
  else if (pp !== undefined && !PULL_POLICIES.includes(pp)) errs.push(notSupported(child(path, 'imagePullPolicy'), pp, PULL_POLICIES));
  validateResources(errs, child(path, 'resources'), c.resources);
  getObj(errs, child(path, 'securityContext'), c.securityContext);
  return name;
}

function validateLifecycle(errs: Errs, path: string, v: unknown): void {
  const lc = getObj(errs, path, v);
  if (!lc) return;
  for (const hook of ['postStart', 'preStop']) {
    const h = getObj(errs, child(path, hook), lc[hook]);
    if (h) validateHandler(errs, child(path, hook), h, ['exec', 'httpGet', 'tcpSocket', 'sleep']);
  }
}

function validateHostPorts(errs: Errs, path: string, containers: (Obj | undefined)[]): void {
  const seen = new Set<string>();
  containers.forEach((c, ci) => {
    if (!c || !Array.isArray(c.ports)) return;
    c.ports.forEach((port: unknown, pi: number) => {
      if (!isObj(port) || typeof port.hostPort !== 'number' || port.hostPort === 0) return;
      const s = `${typeof port.hostIP === 'string' ? port.hostIP : ''}/${typeof port.protocol === 'string' ? port.protocol : ''}/${port.hostPort}`;
      if (seen.has(s)) errs.push(duplicate(child(index(child(index(path, ci), 'ports'), pi), 'hostPort'), s));
      else seen.add(s);
    });
  });
}

/** `validateContainers` + `validateInitContainers`, in upstream order. */
export function validateAllContainers(errs: Errs, specPath: string, spec: Obj, volumes: ReadonlySet<string>): void {
  const cPath = child(specPath, 'containers');
  const containers = getObjArr(errs, cPath, spec.containers);
  const names = new Set<string>();
  const raw = spec.containers;
  if (containers.length === 0 && (raw === undefined || raw === null || Array.isArray(raw))) errs.push(required(cPath));
  containers.forEach((c, i) => {
    if (!c) return;
    const p = index(cPath, i);
    const name = validateContainerCommon(errs, p, c, volumes);
    if (names.has(name)) errs.push(duplicate(child(p, 'name'), name));
    else names.add(name);
    validateProbe(errs, child(p, 'livenessProbe'), c.livenessProbe, true);
    validateProbe(errs, child(p, 'readinessProbe'), c.readinessProbe, false);
    validateProbe(errs, child(p, 'startupProbe'), c.startupProbe, true);
    validateLifecycle(errs, child(p, 'lifecycle'), c.lifecycle);
    if (c.restartPolicy !== undefined && c.restartPolicy !== null) errs.push(forbidden(child(p, 'restartPolicy'), 'may not be set for non-init containers'));
  });
  validateHostPorts(errs, cPath, containers);

  const iPath = child(specPath, 'initContainers');
  getObjArr(errs, iPath, spec.initContainers).forEach((c, i) => {
    if (!c) return;
    const p = index(iPath, i);
    const name = validateContainerCommon(errs, p, c, volumes);
    const rp = getStr(errs, child(p, 'restartPolicy'), c.restartPolicy);
    if (rp !== undefined && rp !== 'Always') errs.push(notSupported(child(p, 'restartPolicy'), rp, ['Always']));
    if (names.has(name)) errs.push(duplicate(child(p, 'name'), name));
    else if (name) names.add(name);
    if (rp === 'Always') {
      validateLifecycle(errs, child(p, 'lifecycle'), c.lifecycle);
      validateProbe(errs, child(p, 'livenessProbe'), c.livenessProbe, true);
      validateProbe(errs, child(p, 'readinessProbe'), c.readinessProbe, false);
      validateProbe(errs, child(p, 'startupProbe'), c.startupProbe, true);
    } else {
      for (const f of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe'])
        if (c[f] !== undefined && c[f] !== null) errs.push(forbidden(child(p, f), 'may not be set for init containers without restartPolicy=Always'));
    }
  });
}
