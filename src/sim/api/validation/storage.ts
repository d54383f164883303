// PersistentVolume, PersistentVolumeClaim (`pkg/apis/core/validation`) and StorageClass
// (`pkg/apis/storage/validation`).

import { forbidden, invalid, notSupported, required, safeString } from './errors';
import { type Errs, type Obj, deepEqual, getObj, getStr, getStrArr, getStrMap, isObj } from './check';
import { readResourceList } from './container';
import { goStringMap } from './gorepr';
import { validateLabelSelector, validateObjectMeta } from './meta';
import { isDNS1123Subdomain, isQualifiedName, nameIsDNSSubdomain } from './names';
import { canonicalQuantity, compareQuantities } from './quantity';

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
const VOLUME_MODES = ['Block', 'Filesystem'];
const PV_SOURCES = [
  'gcePersistentDisk', 'awsElasticBlockStore', 'hostPath', 'glusterfs', 'nfs', 'rbd', 'quobyte', 'cinder', 'cephfs',
  'iscsi', 'fc', 'flocker', 'flexVolume', 'azureFile', 'vsphereVolume', 'photonPersistentDisk', 'portworxVolume',
  'azureDisk', 'scaleIO', 'local', 'storageos', 'csi',
];

function validateAccessModes(errs: Errs, path: string, v: unknown, requiredDetail: string): void {
  const modes = getStrArr(errs, path, v) ?? [];
  if (modes.length === 0) errs.push(required(path, requiredDetail));
  let rwop = false;
  let other = false;
  for (const m of modes) {
    if (m === 'ReadWriteOncePod') rwop = true;
    else if (ACCESS_MODES.includes(m)) other = true;
    else errs.push(notSupported(path, m, ACCESS_MODES));
  }
  if (rwop && other) errs.push(forbidden(path, 'may not use ReadWriteOncePod with other access modes'));
}

function validateClassName(errs: Errs, path: string, v: unknown): void {
  const name = getStr(errs, path, v) ?? '';
  if (name) for (const m of isDNS1123Subdomain(name)) errs.push(invalid(path, name, m));
}

export function validatePersistentVolume(errs: Errs, obj: Obj, old?: Obj): void {
  validateObjectMeta(errs, obj.metadata, false, nameIsDNSSubdomain);
  const spec = getObj(errs, 'spec', obj.spec) ?? {};
  validateAccessModes(errs, 'spec.accessModes', spec.accessModes, '');
  const cap = readResourceList(errs, 'spec.capacity', spec.capacity);
  const rawCap = isObj(spec.capacity) ? spec.capacity : {};
  if (Object.keys(rawCap).length === 0) errs.push(required('spec.capacity'));
  if (!cap.has('storage') || Object.keys(rawCap).length > 1) errs.push(notSupported('spec.capacity', rawCap, ['storage'], goResourceList(rawCap)));
  for (const [k, q] of cap)
    if (compareQuantities(q, '0') <= 0) errs.push(invalid(`spec.capacity[${k}]`, canonicalQuantity(q), 'must be greater than zero'));
  validateClassName(errs, 'spec.storageClassName', spec.storageClassName);
  const rp = getStr(errs, 'spec.persistentVolumeReclaimPolicy', spec.persistentVolumeReclaimPolicy);
  if (rp && !['Delete', 'Recycle', 'Retain'].includes(rp))
    errs.push(notSupported('spec.persistentVolumeReclaimPolicy', rp, ['Delete', 'Recycle', 'Retain']));
  let n = 0;
  for (const src of PV_SOURCES) {
    if (spec[src] === undefined || spec[src] === null) continue;
    if (n++ > 0) {
      errs.push(forbidden(`spec.${src}`, 'may not specify more than 1 volume type'));
      continue;
    }
    const s = getObj(errs, `spec.${src}`, spec[src]) ?? {};
    if ((src === 'hostPath' || src === 'local' || src === 'nfs') && !getStr(errs, `spec.${src}.path`, s.path)) errs.push(required(`spec.${src}.path`));
    if (src === 'nfs' && !getStr(errs, 'spec.nfs.server', s.server)) errs.push(required('spec.nfs.server'));
    if (src === 'csi') {
      if (!getStr(errs, 'spec.csi.driver', s.driver)) errs.push(required('spec.csi.driver'));
      if (!getStr(errs, 'spec.csi.volumeHandle', s.volumeHandle)) errs.push(required('spec.csi.volumeHandle'));
    }
    if (src === 'local' && !isObj(spec.nodeAffinity)) errs.push(required('spec.nodeAffinity', 'Local volume requires node affinity'));
  }
  if (n === 0) errs.push(required('spec', 'must specify a volume type'));
  const vm = getStr(errs, 'spec.volumeMode', spec.volumeMode);
  if (vm !== undefined && !VOLUME_MODES.includes(vm)) errs.push(notSupported('spec.volumeMode', vm, VOLUME_MODES));
  if (old) {
    const os = isObj(old.spec) ? old.spec : {};
    if (PV_SOURCES.some((s) => !deepEqual(spec[s], os[s])))
      errs.push(forbidden('spec.persistentvolumesource', 'spec.persistentvolumesource is immutable after creation'));
    if (!deepEqual(spec.volumeMode, os.volumeMode)) errs.push(invalid('spec.volumeMode', spec.volumeMode ?? null, 'field is immutable'));
  }
}

/** `core.ResourceList{...}` approximated (Go prints Quantity structs). */
function goResourceList(m: Obj): string {
  return 'core.ResourceList' + goStringMap(Object.fromEntries(Object.entries(m).map(([k, v]) => [k, safeString(v)]))).slice('map[string]string'.length);
}

export function validatePersistentVolumeClaim(errs: Errs, obj: Obj, old?: Obj): void {
  validateObjectMeta(errs, obj.metadata, true, nameIsDNSSubdomain);
  const spec = getObj(errs, 'spec', obj.spec) ?? {};
  validateAccessModes(errs, 'spec.accessModes', spec.accessModes, 'at least 1 access mode is required');
  validateLabelSelector(errs, 'spec.selector', spec.selector);
  const res = getObj(errs, 'spec.resources', spec.resources) ?? {};
  const requests = readResourceList(errs, 'spec.resources.requests', res.requests);
  readResourceList(errs, 'spec.resources.limits', res.limits);
  const storage = requests.get('storage');
  if (storage === undefined) errs.push(required('spec.resources[storage]'));
  else if (compareQuantities(storage, '0') <= 0)
    errs.push(invalid('spec.resources[storage]', canonicalQuantity(storage), 'must be greater than zero'));
  validateClassName(errs, 'spec.storageClassName', spec.storageClassName);
  const vm = getStr(errs, 'spec.volumeMode', spec.volumeMode);
  if (vm !== undefined && !VOLUME_MODES.includes(vm)) errs.push(notSupported('spec.volumeMode', vm, VOLUME_MODES));
  getStr(errs, 'spec.volumeName', spec.volumeName);
  if (old) {
    const os = isObj(old.spec) ? old.spec : {};
    const strip = (s: Obj): Obj => {
      const c = structuredClone(s);
      if (isObj(c.resources)) delete c.resources.requests;
      delete c.volumeAttributesClassName;
      if (!os.volumeName) delete c.volumeName;
      // RetroactiveDefaultStorageClass (GA 1.28): a class may be set on a claim that had none.
      if (os.storageClassName === undefined) delete c.storageClassName;
      return c;
    };
    if (!deepEqual(strip(spec), strip(os)))
      errs.push(forbidden('spec', 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims'));
    const oldStorage = isObj(os.resources) && isObj(os.resources.requests) ? os.resources.requests.storage : undefined;
    if (storage !== undefined && oldStorage !== undefined && compareQuantities(storage, oldStorage) < 0)
      errs.push(forbidden('spec.resources.requests.storage', 'field can not be less than status.capacity'));
  }
}

export function validateStorageClass(errs: Errs, obj: Obj, old?: Obj): void {
  validateObjectMeta(errs, obj.metadata, false, nameIsDNSSubdomain);
  const prov = getStr(errs, 'provisioner', obj.provisioner) ?? '';
  if (!prov) errs.push(required('provisioner'));
  else for (const m of isQualifiedName(prov.toLowerCase())) errs.push(invalid('provisioner', prov.toLowerCase(), m));
  getStrMap(errs, 'parameters', obj.parameters);
  const rp = getStr(errs, 'reclaimPolicy', obj.reclaimPolicy);
  if (rp !== undefined && rp !== 'Delete' && rp !== 'Retain') errs.push(notSupported('reclaimPolicy', rp, ['Delete', 'Retain']));
  const vbm = getStr(errs, 'volumeBindingMode', obj.volumeBindingMode);
  if (vbm !== undefined && vbm !== 'Immediate' && vbm !== 'WaitForFirstConsumer')
    errs.push(notSupported('volumeBindingMode', vbm, ['Immediate', 'WaitForFirstConsumer']));
  if (old) {
    if (!deepEqual(obj.parameters, old.parameters)) errs.push(forbidden('parameters', 'updates to parameters are forbidden.'));
    if (obj.provisioner !== old.provisioner) errs.push(forbidden('provisioner', 'updates to provisioner are forbidden.'));
    if (obj.reclaimPolicy !== old.reclaimPolicy) errs.push(forbidden('reclaimPolicy', 'updates to reclaimPolicy are forbidden.'));
    if (obj.volumeBindingMode !== old.volumeBindingMode) errs.push(invalid('volumeBindingMode', obj.volumeBindingMode ?? null, 'field is immutable'));
  }
}
