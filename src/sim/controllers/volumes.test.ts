import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import type { KObject } from '../api/types';
import { eventLines, mustCreate } from './util/testing';

const pvc = (name: string, spec: Record<string, unknown> = {}): KObject => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...spec },
});
const pv = (name: string, size: string, spec: Record<string, unknown> = {}): KObject => ({
  apiVersion: 'v1',
  kind: 'PersistentVolume',
  metadata: { name },
  spec: { storageClassName: 'manual', accessModes: ['ReadWriteOnce'], capacity: { storage: size }, hostPath: { path: `/data/${name}` }, ...spec },
});
const events = (c: Cluster) => eventLines(c, 'default', { sources: ['persistentvolume-controller', c.list('/Event', 'default').find((e) => e.source?.component?.startsWith('rancher.io/local-path'))?.source.component ?? 'x'] });
const phase = (c: Cluster, kk: string, name: string, ns?: string) => c.get(kk, ns, name)?.status?.phase;

describe('persistent volume controller and local-path provisioner', () => {
  it('binds a claim to the smallest matching Available volume, both Bound', () => {
    const c = new Cluster({ seed: 3 });
    mustCreate(c, pv('big', '10Gi'));
    mustCreate(c, pv('small', '2Gi'));
    mustCreate(c, pv('tiny', '500Mi'));
    c.advance(10);
    expect(phase(c, '/PersistentVolume', 'small')).toBe('Available');
    mustCreate(c, pvc('data', { storageClassName: 'manual' }));
    c.advance(20);
    const claim = c.get('/PersistentVolumeClaim', 'default', 'data')!;
    expect(claim.spec.volumeName).toBe('small');
    expect(claim.status).toEqual({ accessModes: ['ReadWriteOnce'], capacity: { storage: '2Gi' }, phase: 'Bound' });
    expect(claim.metadata.annotations).toEqual({ 'pv.kubernetes.io/bind-completed': 'yes', 'pv.kubernetes.io/bound-by-controller': 'yes' });
    const vol = c.get('/PersistentVolume', undefined, 'small')!;
    expect(vol.status.phase).toBe('Bound');
    expect(vol.spec.claimRef).toEqual({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: 'data', namespace: 'default', resourceVersion: vol.spec.claimRef.resourceVersion, uid: claim.metadata.uid });
    expect(c.kubectl('get pvc data').output).toMatch(/data\s+Bound\s+small\s+2Gi\s+RWO\s+manual\s+<unset>/);
  });

  it('WaitForFirstConsumer: waits for the selected node, then local-path provisions pvc-<uid> on it', () => {
    const c = new Cluster({ seed: 3 });
    const claim = mustCreate(c, pvc('www', { storageClassName: 'standard' }));
    c.advance(20);
    expect(phase(c, '/PersistentVolumeClaim', 'www', 'default')).toBe('Pending');
    expect(events(c)).toEqual(['Normal WaitForFirstConsumer PersistentVolumeClaim/www: waiting for first consumer to be created before binding']);
    // What the scheduler's VolumeBinding PreBind does once the pod has a node.
    c.api.mutate(c.kinds.byKind('PersistentVolumeClaim')!, 'default', 'www', (o) => {
      o.metadata.annotations = { 'volume.kubernetes.io/selected-node': 'kubeplay-worker2' };
    });
    c.advance(30);
    const name = `pvc-${claim.metadata.uid}`;
    const vol = c.get('/PersistentVolume', undefined, name)!;
    expect(vol.spec.hostPath).toEqual({ path: `/var/local-path-provisioner/${name}_default_www`, type: 'DirectoryOrCreate' });
    expect(vol.spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions).toEqual([{ key: 'kubernetes.io/hostname', operator: 'In', values: ['kubeplay-worker2'] }]);
    expect([vol.spec.persistentVolumeReclaimPolicy, vol.spec.storageClassName, vol.status.phase]).toEqual(['Delete', 'standard', 'Bound']);
    expect(vol.metadata.annotations).toEqual({ 'local.path.provisioner/selected-node': 'kubeplay-worker2', 'pv.kubernetes.io/provisioned-by': 'rancher.io/local-path' });
    const bound = c.get('/PersistentVolumeClaim', 'default', 'www')!;
    expect(bound.spec.volumeName).toBe(name);
    expect(bound.metadata.annotations!['volume.kubernetes.io/storage-provisioner']).toBe('rancher.io/local-path');
    expect(events(c).slice(1)).toEqual([
      "Normal ExternalProvisioning PersistentVolumeClaim/www: Waiting for a volume to be created either by the external provisioner 'rancher.io/local-path' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.",
      'Normal Provisioning PersistentVolumeClaim/www: External provisioner is provisioning volume for claim "default/www"',
      `Normal ProvisioningSucceeded PersistentVolumeClaim/www: Successfully provisioned volume ${name}`,
    ]);
    // Deleting the claim releases the volume, and Delete reclaims it.
    c.api.delete(c.kinds.byKind('PersistentVolumeClaim')!, 'default', 'www');
    c.advance(30);
    expect(c.get('/PersistentVolume', undefined, name)).toBeUndefined();
  });

  it('a Retain volume stays Released after its claim is deleted', () => {
    const c = new Cluster({ seed: 3 });
    mustCreate(c, pv('keep', '1Gi'));
    mustCreate(c, pvc('data', { storageClassName: 'manual' }));
    c.advance(20);
    c.api.delete(c.kinds.byKind('PersistentVolumeClaim')!, 'default', 'data');
    c.advance(20);
    expect(phase(c, '/PersistentVolume', 'keep')).toBe('Released');
    expect(c.kubectl('get pv keep').output).toMatch(/keep\s+1Gi\s+RWO\s+Retain\s+Released\s+default\/data\s+manual/);
  });

  it('a claim without a class and no matching volume reports FailedBinding', () => {
    const c = new Cluster({ seed: 3 });
    mustCreate(c, pvc('none', { storageClassName: '' }));
    c.advance(20);
    expect(events(c)).toEqual(['Normal FailedBinding PersistentVolumeClaim/none: no persistent volumes available for this claim and no storage class is set']);
  });
});
