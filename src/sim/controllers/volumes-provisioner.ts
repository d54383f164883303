// The local-path provisioner a kind cluster runs (rancher/local-path-provisioner, class `standard`,
// provisioner `rancher.io/local-path`): for a claim handed to it whose pod has been scheduled
// (`volume.kubernetes.io/selected-node`), it creates a hostPath PersistentVolume `pvc-<claim uid>`
// pinned to that node; it deletes Released volumes it provisioned when their policy is Delete.
// SIMPLIFICATION: no helper pods (the real provisioner runs one to create/remove the directory).

import { parseQuantity } from '../api/quantity';
import type { StoredChange } from '../api/store';
import { isStatus, type KObject } from '../api/types';
import type { Component, ComponentHost } from '../host';
import type { Controller } from './manager';
import { SELECTED_NODE_ANNOTATION, STORAGE_PROVISIONER_ANNOTATION } from './volumes-annotations';
import { claimClassName } from './volumes';

export const LOCAL_PATH_PROVISIONER = 'rancher.io/local-path';
const PROVISIONED_BY = 'pv.kubernetes.io/provisioned-by';

export class LocalPathProvisioner implements Controller {
  readonly name = 'local-path-provisioner';
  readonly kinds = ['/PersistentVolumeClaim', '/PersistentVolume'];

  constructor(private readonly host: ComponentHost) {}

  /** The event source: `<provisioner>_<provisioner pod>_<id>`, as the external-provisioner library names it. */
  private get component(): string {
    const pod = this.host.store.list('/Pod', 'local-path-storage').find((p) => p.metadata.name?.startsWith('local-path-provisioner-'));
    const uid = pod?.metadata.uid ?? '00000000-0000-0000-0000-000000000000';
    return `${LOCAL_PATH_PROVISIONER}_${pod?.metadata.name ?? 'local-path-provisioner'}_${uid}`;
  }

  keysFor(change: StoredChange): readonly string[] {
    const o = change.object;
    if (change.type === 'DELETED') return [];
    if (change.kindKey === '/PersistentVolumeClaim') {
      const a = o.metadata.annotations ?? {};
      if (a[STORAGE_PROVISIONER_ANNOTATION] === LOCAL_PATH_PROVISIONER && !o.spec?.volumeName) return [`claim:${o.metadata.namespace}/${o.metadata.name}`];
    }
    if (change.kindKey === '/PersistentVolume' && o.metadata.annotations?.[PROVISIONED_BY] === LOCAL_PATH_PROVISIONER && o.status?.phase === 'Released') {
      return [`volume:${o.metadata.name}`];
    }
    return [];
  }

  sync(key: string): void {
    const [what, rest] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
    const pvInfo = this.host.kinds.byKind('PersistentVolume')!;
    if (what === 'volume') {
      const pv = this.host.store.get('/PersistentVolume', undefined, rest);
      if (pv && pv.status?.phase === 'Released' && pv.spec?.persistentVolumeReclaimPolicy === 'Delete' && !pv.metadata.deletionTimestamp) {
        this.host.api.delete(pvInfo, undefined, rest);
      }
      return;
    }
    const i = rest.indexOf('/');
    const pvc = this.host.store.get('/PersistentVolumeClaim', rest.slice(0, i), rest.slice(i + 1));
    if (!pvc || pvc.spec?.volumeName || pvc.metadata.deletionTimestamp) return;
    const name = `pvc-${pvc.metadata.uid}`;
    if (this.host.store.get('/PersistentVolume', undefined, name)) return;
    const src = { component: this.component };
    const className = claimClassName(this.host, pvc);
    const sc = this.host.store.get('storage.k8s.io/StorageClass', undefined, className);
    const node = pvc.metadata.annotations?.[SELECTED_NODE_ANNOTATION];
    this.host.events.record(pvc, 'Normal', 'Provisioning', `External provisioner is provisioning volume for claim "${pvc.metadata.namespace}/${pvc.metadata.name}"`, src);
    if (!node) {
      this.host.events.record(pvc, 'Warning', 'ProvisioningFailed', 'failed to provision volume with StorageClass "' + (sc?.metadata.name ?? '') + '": configuration error, no node was specified', src);
      return;
    }
    const modes: string[] = pvc.spec?.accessModes ?? [];
    if (modes.some((m) => m !== 'ReadWriteOnce' && m !== 'ReadWriteOncePod')) {
      this.host.events.record(pvc, 'Warning', 'ProvisioningFailed', `failed to provision volume with StorageClass "${sc?.metadata.name ?? ''}": Only support ReadWriteOnce access mode`, src);
      return;
    }
    const storage = pvc.spec?.resources?.requests?.storage;
    const pv: KObject = {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: {
        name,
        annotations: { 'local.path.provisioner/selected-node': node, [PROVISIONED_BY]: LOCAL_PATH_PROVISIONER },
      },
      spec: {
        accessModes: modes,
        capacity: { storage: storage ?? '0' },
        claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: pvc.metadata.name, namespace: pvc.metadata.namespace, resourceVersion: pvc.metadata.resourceVersion, uid: pvc.metadata.uid },
        hostPath: { path: `/var/local-path-provisioner/${name}_${pvc.metadata.namespace}_${pvc.metadata.name}`, type: 'DirectoryOrCreate' },
        nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }] }] } },
        persistentVolumeReclaimPolicy: sc?.reclaimPolicy ?? 'Delete',
        storageClassName: className,
        volumeMode: pvc.spec?.volumeMode ?? 'Filesystem',
      },
    };
    if (parseQuantity(storage) === undefined) delete pv.spec.capacity;
    const r = this.host.api.create(pv);
    if (isStatus(r)) {
      this.host.events.record(pvc, 'Warning', 'ProvisioningFailed', `failed to provision volume with StorageClass "${sc?.metadata.name ?? ''}": ${r.message}`, src);
      return;
    }
    this.host.events.record(pvc, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${name}`, src);
  }
}

export function createLocalPathProvisioner(): Component {
  return {
    name: 'local-path-provisioner',
    install(host) {
      host.registerController(new LocalPathProvisioner(host));
    },
  };
}
