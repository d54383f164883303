// The PersistentVolume controller (pkg/controller/volume/persistentvolume/pv_controller.go),
// simplified: binds unbound claims to matching Available volumes (static provisioning), hands
// claims of a class with a provisioner to it (dynamic provisioning; with WaitForFirstConsumer only
// once the scheduler has put `volume.kubernetes.io/selected-node` on the claim), completes
// pre-bound volumes, and moves volumes through Available / Bound / Released, deleting Released
// volumes whose reclaim policy is Delete. Claims without a class get the default class
// (RetroactiveDefaultStorageClass). Events come from `persistentvolume-controller`.

import type { KindInfo } from '../api/kinds';
import { parseQuantity } from '../api/quantity';
import { labelSelectorFromSpec } from '../api/selectors';
import type { StoredChange } from '../api/store';
import { isStatus, type KObject } from '../api/types';
import type { Component, ComponentHost } from '../host';
import type { Controller } from './manager';
import { BETA_STORAGE_PROVISIONER_ANNOTATION, SELECTED_NODE_ANNOTATION, STORAGE_PROVISIONER_ANNOTATION } from './volumes-annotations';

export { SELECTED_NODE_ANNOTATION, STORAGE_PROVISIONER_ANNOTATION };

export const PV_CONTROLLER = 'persistentvolume-controller';
const BIND_COMPLETED = 'pv.kubernetes.io/bind-completed';
const BOUND_BY_CONTROLLER = 'pv.kubernetes.io/bound-by-controller';
const DEFAULT_CLASS_ANNOTATIONS = ['storageclass.kubernetes.io/is-default-class', 'storageclass.beta.kubernetes.io/is-default-class'];

/** The default StorageClass (the newest one marked default, as upstream picks). */
export function defaultStorageClass(host: ComponentHost): KObject | undefined {
  const defaults = host.store.list('storage.k8s.io/StorageClass').filter((sc) => DEFAULT_CLASS_ANNOTATIONS.some((a) => sc.metadata.annotations?.[a] === 'true'));
  return defaults.sort((a, b) => ((a.metadata.creationTimestamp ?? '') < (b.metadata.creationTimestamp ?? '') ? 1 : -1))[0];
}

/** A claim's class: `spec.storageClassName`, the beta annotation, or (unset) the default class. */
export function claimClassName(host: ComponentHost, pvc: KObject): string {
  const beta = pvc.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'];
  if (beta !== undefined) return beta;
  const name = pvc.spec?.storageClassName;
  if (name !== undefined && name !== null) return name;
  return defaultStorageClass(host)?.metadata.name ?? '';
}

const volumeClassName = (pv: KObject): string => pv.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? pv.spec?.storageClassName ?? '';

/** `checkVolumeSatisfyClaim` + `findMatchingVolume`: the smallest Available volume that fits the claim. */
export function findMatchingVolume(host: ComponentHost, pvc: KObject, className: string, node?: KObject): KObject | undefined {
  const want = parseQuantity(pvc.spec?.resources?.requests?.storage) ?? 0;
  const modes: string[] = pvc.spec?.accessModes ?? [];
  const selector = pvc.spec?.selector ? labelSelectorFromSpec(pvc.spec.selector) : undefined;
  let best: KObject | undefined;
  let bestSize = Infinity;
  for (const pv of host.store.list('/PersistentVolume')) {
    if (pv.metadata.deletionTimestamp) continue;
    const ref = pv.spec?.claimRef;
    const preBound = ref && ref.name === pvc.metadata.name && ref.namespace === pvc.metadata.namespace && (!ref.uid || ref.uid === pvc.metadata.uid);
    if (ref && !preBound) continue;
    if (!preBound && pv.status?.phase !== 'Available') continue;
    if (volumeClassName(pv) !== className) continue;
    if ((pv.spec?.volumeMode ?? 'Filesystem') !== (pvc.spec?.volumeMode ?? 'Filesystem')) continue;
    const pvModes: string[] = pv.spec?.accessModes ?? [];
    if (!modes.every((m) => pvModes.includes(m))) continue;
    const size = parseQuantity(pv.spec?.capacity?.storage) ?? 0;
    if (size < want) continue;
    if (selector && !selector.matches(pv.metadata.labels ?? {})) continue;
    if (node && !volumeFitsNode(pv, node)) continue;
    if (preBound) return pv;
    if (size < bestSize) {
      best = pv;
      bestSize = size;
    }
  }
  return best;
}

function volumeFitsNode(pv: KObject, node: KObject): boolean {
  const terms = pv.spec?.nodeAffinity?.required?.nodeSelectorTerms;
  if (!Array.isArray(terms)) return true;
  const labels: Record<string, string> = node.metadata.labels ?? {};
  return terms.some((t: { matchExpressions?: { key: string; operator: string; values?: string[] }[] }) =>
    (t.matchExpressions ?? []).every((e) => {
      const v = labels[e.key];
      if (e.operator === 'In') return v !== undefined && (e.values ?? []).includes(v);
      if (e.operator === 'NotIn') return v === undefined || !(e.values ?? []).includes(v);
      if (e.operator === 'Exists') return v !== undefined;
      if (e.operator === 'DoesNotExist') return v === undefined;
      return false;
    }),
  );
}

export class PersistentVolumeController implements Controller {
  readonly name = PV_CONTROLLER;
  readonly kinds = ['/PersistentVolumeClaim', '/PersistentVolume'];

  constructor(private readonly host: ComponentHost) {}

  private get pvInfo(): KindInfo {
    return this.host.kinds.byKind('PersistentVolume')!;
  }

  private get pvcInfo(): KindInfo {
    return this.host.kinds.byKind('PersistentVolumeClaim')!;
  }

  keysFor(change: StoredChange): readonly string[] {
    const o = change.object;
    if (change.kindKey === '/PersistentVolumeClaim') {
      const keys = [`claim:${o.metadata.namespace}/${o.metadata.name}`];
      const pv = o.spec?.volumeName ? this.host.store.get('/PersistentVolume', undefined, o.spec.volumeName) : undefined;
      if (pv) keys.push(`volume:${pv.metadata.name}`);
      if (change.type === 'DELETED') {
        for (const v of this.host.store.list('/PersistentVolume')) {
          if (v.spec?.claimRef?.uid === o.metadata.uid && v.metadata.name !== pv?.metadata.name) keys.push(`volume:${v.metadata.name}`);
        }
      }
      return keys;
    }
    if (change.kindKey === '/PersistentVolume') {
      if (change.type === 'DELETED') {
        const ref = o.spec?.claimRef;
        return ref ? [`claim:${ref.namespace}/${ref.name}`] : [];
      }
      const ref = o.spec?.claimRef;
      return [`volume:${o.metadata.name}`, ...(ref ? [`claim:${ref.namespace}/${ref.name}`] : [])];
    }
    return [];
  }

  sync(key: string): void {
    const [what, rest] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
    if (what === 'volume') {
      const pv = this.host.store.get('/PersistentVolume', undefined, rest);
      if (pv) this.syncVolume(pv);
      return;
    }
    const i = rest.indexOf('/');
    const pvc = this.host.store.get('/PersistentVolumeClaim', rest.slice(0, i), rest.slice(i + 1));
    if (pvc && !pvc.metadata.deletionTimestamp) this.syncClaim(pvc);
  }

  private event(o: KObject, type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.host.events.record(o, type, reason, message, { component: PV_CONTROLLER });
  }

  private setPhase(info: KindInfo, o: KObject, phase: string, extra: Record<string, unknown> = {}): KObject {
    const cur = this.host.store.get(info.kind === 'PersistentVolume' ? '/PersistentVolume' : '/PersistentVolumeClaim', o.metadata.namespace, o.metadata.name!);
    if (!cur) return o;
    const status = { ...(cur.status ?? {}), phase, ...extra };
    if (JSON.stringify(status) === JSON.stringify(cur.status ?? {})) return cur;
    const r = this.host.api.update({ ...cur, status }, { subresource: 'status' });
    return isStatus(r) ? cur : r;
  }

  private syncClaim(pvcIn: KObject): void {
    let pvc = pvcIn;
    if (pvc.spec?.volumeName) {
      const pv = this.host.store.get('/PersistentVolume', undefined, pvc.spec.volumeName);
      if (!pv) {
        if (pvc.status?.phase !== 'Lost') {
          this.setPhase(this.pvcInfo, pvc, 'Lost');
          this.event(pvc, 'Warning', 'ClaimLost', 'Bound claim has lost its PersistentVolume. Data on the volume is lost!');
        }
        return;
      }
      if (pv.spec?.claimRef?.uid === pvc.metadata.uid) this.bind(pv, pvc);
      return;
    }
    // RetroactiveDefaultStorageClass: an unset class becomes the default one.
    if (pvc.spec?.storageClassName === undefined || pvc.spec?.storageClassName === null) {
      const def = defaultStorageClass(this.host);
      if (def && pvc.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] === undefined) {
        const r = this.host.api.mutate(this.pvcInfo, pvc.metadata.namespace, pvc.metadata.name!, (o) => {
          o.spec.storageClassName = def.metadata.name;
        });
        if (!isStatus(r)) pvc = r;
      }
    }
    const className = claimClassName(this.host, pvc);
    const sc = className ? this.host.store.get('storage.k8s.io/StorageClass', undefined, className) : undefined;
    const delayed = sc?.volumeBindingMode === 'WaitForFirstConsumer';
    const selectedNode = pvc.metadata.annotations?.[SELECTED_NODE_ANNOTATION];
    const node = selectedNode ? this.host.store.get('/Node', undefined, selectedNode) : undefined;
    if (!delayed || selectedNode) {
      const pv = findMatchingVolume(this.host, pvc, className, node);
      if (pv) {
        this.bind(pv, pvc);
        return;
      }
    }
    if (!className) {
      this.event(pvc, 'Normal', 'FailedBinding', 'no persistent volumes available for this claim and no storage class is set');
      return;
    }
    if (!sc) {
      this.event(pvc, 'Warning', 'ProvisioningFailed', `storageclass.storage.k8s.io "${className}" not found`);
      return;
    }
    if (delayed && !selectedNode) {
      this.event(pvc, 'Normal', 'WaitForFirstConsumer', 'waiting for first consumer to be created before binding');
      return;
    }
    if (sc.provisioner === 'kubernetes.io/no-provisioner') {
      this.event(pvc, 'Normal', 'FailedBinding', 'no persistent volumes available for this claim and no storage class is set');
      return;
    }
    if (pvc.metadata.annotations?.[STORAGE_PROVISIONER_ANNOTATION] !== sc.provisioner) {
      const r = this.host.api.mutate(this.pvcInfo, pvc.metadata.namespace, pvc.metadata.name!, (o) => {
        o.metadata.annotations = { ...(o.metadata.annotations ?? {}), [BETA_STORAGE_PROVISIONER_ANNOTATION]: sc.provisioner, [STORAGE_PROVISIONER_ANNOTATION]: sc.provisioner };
      });
      if (!isStatus(r)) pvc = r;
    }
    this.event(pvc, 'Normal', 'ExternalProvisioning', `Waiting for a volume to be created either by the external provisioner '${sc.provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`);
  }

  /** `bind`: claimRef on the volume, volumeName on the claim, both phases Bound. */
  private bind(pvIn: KObject, pvcIn: KObject): void {
    let pv = pvIn;
    const ref = pv.spec?.claimRef;
    if (!ref || ref.uid !== pvcIn.metadata.uid) {
      const r = this.host.api.mutate(this.pvInfo, undefined, pv.metadata.name!, (o) => {
        o.spec.claimRef = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: pvcIn.metadata.name, namespace: pvcIn.metadata.namespace, resourceVersion: pvcIn.metadata.resourceVersion, uid: pvcIn.metadata.uid };
        if (!ref) o.metadata.annotations = { ...(o.metadata.annotations ?? {}), [BOUND_BY_CONTROLLER]: 'yes' };
      });
      if (isStatus(r)) return;
      pv = r;
    }
    pv = this.setPhase(this.pvInfo, pv, 'Bound');
    let pvc = pvcIn;
    if (pvc.spec?.volumeName !== pv.metadata.name || pvc.metadata.annotations?.[BIND_COMPLETED] !== 'yes') {
      const r = this.host.api.mutate(this.pvcInfo, pvc.metadata.namespace, pvc.metadata.name!, (o) => {
        const byController = !o.spec.volumeName;
        o.spec.volumeName = pv.metadata.name;
        o.metadata.annotations = { ...(o.metadata.annotations ?? {}), [BIND_COMPLETED]: 'yes', ...(byController ? { [BOUND_BY_CONTROLLER]: 'yes' } : {}) };
      });
      if (isStatus(r)) return;
      pvc = r;
    }
    this.setPhase(this.pvcInfo, pvc, 'Bound', { accessModes: pv.spec?.accessModes ?? [], capacity: { ...(pv.spec?.capacity ?? {}) } });
  }

  private syncVolume(pv: KObject): void {
    if (pv.metadata.deletionTimestamp) return;
    const ref = pv.spec?.claimRef;
    if (!ref) {
      if (pv.status?.phase !== 'Available') this.setPhase(this.pvInfo, pv, 'Available');
      return;
    }
    const pvc = this.host.store.get('/PersistentVolumeClaim', ref.namespace, ref.name);
    if (pvc && (!ref.uid || pvc.metadata.uid === ref.uid)) {
      if (!ref.uid || pvc.spec?.volumeName === pv.metadata.name || !pvc.spec?.volumeName) {
        if (pv.status?.phase !== 'Bound' || pvc.status?.phase !== 'Bound') this.bind(pv, pvc);
      }
      return;
    }
    // The claim is gone: Released, then the reclaim policy.
    if (!ref.uid) return;
    if (pv.status?.phase !== 'Released' && pv.status?.phase !== 'Failed') pv = this.setPhase(this.pvInfo, pv, 'Released');
    const policy = pv.spec?.persistentVolumeReclaimPolicy ?? 'Retain';
    if (policy === 'Delete' && !pv.metadata.annotations?.['pv.kubernetes.io/provisioned-by']) {
      this.host.api.delete(this.pvInfo, undefined, pv.metadata.name!);
    } else if (policy === 'Recycle') {
      this.setPhase(this.pvInfo, pv, 'Failed', { message: 'No recycler plugin found for the volume!', reason: 'VolumeFailedRecycle' });
    }
  }
}

/** The `persistentvolume-binder-controller` component. */
export function createPersistentVolumeController(): Component {
  return {
    name: PV_CONTROLLER,
    install(host) {
      host.registerController(new PersistentVolumeController(host));
    },
  };
}
