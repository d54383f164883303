import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import type { KObject } from '../api/types';
import { addFakeNodes, podsOf } from './job-testutil';
import { eventLines, finishTerminating, mustCreate, recordWrites, setPodRunning, TEST_SCHEDULER } from './util/testing';

const events = (c: Cluster) => eventLines(c, 'default', { sources: ['statefulset-controller'] });

function sts(spec: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web' },
    spec: {
      serviceName: 'nginx',
      replicas: 3,
      selector: { matchLabels: { app: 'nginx' } },
      template: { metadata: { labels: { app: 'nginx' } }, spec: { schedulerName: TEST_SCHEDULER, containers: [{ name: 'nginx', image: 'nginx:1.27', volumeMounts: [{ name: 'www', mountPath: '/usr/share/nginx/html' }] }] } },
      volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      ...spec,
    },
  };
}

function setup(): Cluster {
  const c = new Cluster({ seed: 5, nodes: 0 });
  addFakeNodes(c, 1);
  return c;
}

const names = (c: Cluster) => podsOf(c, 'web').map((p) => p.metadata.name);
/** Marks every pending pod of the set Running and Ready, then lets the controller react. */
function readyPending(c: Cluster): void {
  for (const p of podsOf(c, 'web')) if (p.status.phase === 'Pending' && !p.metadata.deletionTimestamp) setPodRunning(c, p);
  c.advance(10);
}
const stsInfo = (c: Cluster) => c.kinds.byApiVersionKind('apps/v1', 'StatefulSet')!;
const setOf = (c: Cluster) => c.get('apps/StatefulSet', 'default', 'web')!;

describe('statefulset controller', () => {
  it('OrderedReady: claim then pod, one ordinal at a time, each after its predecessor is Running and Ready', () => {
    const c = setup();
    const w = recordWrites(c, ['/Pod', '/PersistentVolumeClaim']);
    mustCreate(c, sts());
    c.advance(10);
    expect(names(c)).toEqual(['web-0']);
    c.advance(10_000);
    expect(names(c)).toEqual(['web-0']);
    readyPending(c);
    expect(names(c)).toEqual(['web-0', 'web-1']);
    readyPending(c);
    readyPending(c);
    expect(names(c)).toEqual(['web-0', 'web-1', 'web-2']);
    expect(w.writes.filter((x) => /^ADDED \w+\/(web|www)-/.test(x))).toEqual([
      'ADDED PersistentVolumeClaim/www-web-0', 'ADDED Pod/web-0',
      'ADDED PersistentVolumeClaim/www-web-1', 'ADDED Pod/web-1',
      'ADDED PersistentVolumeClaim/www-web-2', 'ADDED Pod/web-2',
    ]);
    expect(events(c)).toEqual([
      'Normal SuccessfulCreate StatefulSet/web: create Claim www-web-0 Pod web-0 in StatefulSet web success',
      'Normal SuccessfulCreate StatefulSet/web: create Pod web-0 in StatefulSet web successful',
      'Normal SuccessfulCreate StatefulSet/web: create Claim www-web-1 Pod web-1 in StatefulSet web success',
      'Normal SuccessfulCreate StatefulSet/web: create Pod web-1 in StatefulSet web successful',
      'Normal SuccessfulCreate StatefulSet/web: create Claim www-web-2 Pod web-2 in StatefulSet web success',
      'Normal SuccessfulCreate StatefulSet/web: create Pod web-2 in StatefulSet web successful',
    ]);
    const pod = c.get('/Pod', 'default', 'web-1')!;
    const rev = setOf(c).status.updateRevision;
    expect(pod.metadata.labels).toEqual({ app: 'nginx', 'statefulset.kubernetes.io/pod-name': 'web-1', 'apps.kubernetes.io/pod-index': '1', 'controller-revision-hash': rev });
    expect(pod.metadata.generateName).toBe('web-');
    expect([pod.spec.hostname, pod.spec.subdomain]).toEqual(['web-1', 'nginx']);
    expect(pod.spec.volumes[0]).toEqual({ name: 'www', persistentVolumeClaim: { claimName: 'www-web-1' } });
    expect(c.get('/PersistentVolumeClaim', 'default', 'www-web-1')!.metadata.labels).toEqual({ app: 'nginx' });
    expect(rev).toMatch(/^web-[4-9bcdf]+$/);
    expect(setOf(c).status).toEqual({
      availableReplicas: 3, collisionCount: 0, currentReplicas: 3, currentRevision: rev, observedGeneration: 1, readyReplicas: 3, replicas: 3, updateRevision: rev, updatedReplicas: 3,
    });
    expect(c.list('apps/ControllerRevision', 'default').map((r) => [r.metadata.name, r.revision])).toEqual([[rev, 1]]);
  });

  it('Parallel creates all pods at once; scale-down deletes from the highest ordinal and keeps the claims', () => {
    const c = setup();
    mustCreate(c, sts({ podManagementPolicy: 'Parallel' }));
    c.advance(10);
    expect(names(c)).toEqual(['web-0', 'web-1', 'web-2']);
    readyPending(c);
    c.api.mutate(stsInfo(c), 'default', 'web', (o) => {
      o.spec.replicas = 1;
    });
    c.advance(10);
    expect(podsOf(c, 'web').filter((p) => p.metadata.deletionTimestamp).map((p) => p.metadata.name)).toEqual(['web-1', 'web-2']);
    finishTerminating(c);
    c.advance(10);
    expect(names(c)).toEqual(['web-0']);
    expect(c.list('/PersistentVolumeClaim', 'default').map((p) => p.metadata.name)).toEqual(['www-web-0', 'www-web-1', 'www-web-2']);
  });

  it('OrderedReady scale-down: one pod at a time, highest ordinal first', () => {
    const c = setup();
    mustCreate(c, sts());
    for (let i = 0; i < 4; i++) readyPending(c);
    c.api.mutate(stsInfo(c), 'default', 'web', (o) => {
      o.spec.replicas = 1;
    });
    c.advance(10);
    expect(podsOf(c, 'web').filter((p) => p.metadata.deletionTimestamp).map((p) => p.metadata.name)).toEqual(['web-2']);
    finishTerminating(c);
    c.advance(10);
    expect(podsOf(c, 'web').filter((p) => p.metadata.deletionTimestamp).map((p) => p.metadata.name)).toEqual(['web-1']);
    finishTerminating(c);
    c.advance(10);
    expect(names(c)).toEqual(['web-0']);
    expect(events(c).slice(-2)).toEqual([
      'Normal SuccessfulDelete StatefulSet/web: delete Pod web-2 in StatefulSet web successful',
      'Normal SuccessfulDelete StatefulSet/web: delete Pod web-1 in StatefulSet web successful',
    ]);
  });

  it('RollingUpdate from the highest ordinal down to the partition; currentRevision follows', () => {
    const c = setup();
    mustCreate(c, sts());
    for (let i = 0; i < 4; i++) readyPending(c);
    const oldRev = setOf(c).status.currentRevision;
    c.api.mutate(stsInfo(c), 'default', 'web', (o) => {
      o.spec.template.spec.containers[0].image = 'nginx:1.28';
      o.spec.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { partition: 1 } };
    });
    const order: string[] = [];
    c.subscribe((ch) => {
      if (ch.kindKey === '/Pod' && ch.type === 'ADDED') order.push(ch.object.metadata.name!);
    });
    for (let i = 0; i < 6; i++) {
      c.advance(10);
      finishTerminating(c);
      c.advance(10);
      readyPending(c);
    }
    expect(order).toEqual(['web-2', 'web-1']);
    const st = setOf(c).status;
    expect(st.currentRevision).toBe(oldRev);
    expect(st.updateRevision).not.toBe(oldRev);
    expect([st.currentReplicas, st.updatedReplicas]).toEqual([1, 2]);
    expect(c.get('/Pod', 'default', 'web-0')!.metadata.labels!['controller-revision-hash']).toBe(oldRev);
    // Partition 0 finishes the rollout: the update revision becomes current.
    c.api.mutate(stsInfo(c), 'default', 'web', (o) => {
      o.spec.updateStrategy.rollingUpdate.partition = 0;
    });
    for (let i = 0; i < 3; i++) {
      c.advance(10);
      finishTerminating(c);
      c.advance(10);
      readyPending(c);
    }
    expect(setOf(c).status.currentRevision).toBe(st.updateRevision);
    expect(setOf(c).status.currentReplicas).toBe(3);
  });

  it('OnDelete never deletes pods for an update; a deleted pod comes back at the new revision', () => {
    const c = setup();
    mustCreate(c, sts({ replicas: 2, updateStrategy: { type: 'OnDelete' } }));
    for (let i = 0; i < 3; i++) readyPending(c);
    c.api.mutate(stsInfo(c), 'default', 'web', (o) => {
      o.spec.template.spec.containers[0].image = 'nginx:1.28';
    });
    c.advance(1000);
    expect(podsOf(c, 'web').some((p) => p.metadata.deletionTimestamp)).toBe(false);
    c.api.delete(c.kinds.byKind('Pod')!, 'default', 'web-1', { gracePeriodSeconds: 0 });
    c.advance(10);
    expect(c.get('/Pod', 'default', 'web-1')!.spec.containers[0].image).toBe('nginx:1.28');
    expect(c.get('/Pod', 'default', 'web-0')!.spec.containers[0].image).toBe('nginx:1.27');
  });

  it('at most one: a Terminating pod (lost node) is not replaced until it is force-deleted', () => {
    const c = setup();
    mustCreate(c, sts({ replicas: 2 }));
    for (let i = 0; i < 3; i++) readyPending(c);
    // Graceful delete the kubelet never confirms (its node is gone silent).
    c.api.delete(c.kinds.byKind('Pod')!, 'default', 'web-1');
    c.advance(40_000);
    expect(names(c)).toEqual(['web-0', 'web-1']);
    expect(c.get('/Pod', 'default', 'web-1')!.metadata.deletionTimestamp).toBeDefined();
    const uid = c.get('/Pod', 'default', 'web-1')!.metadata.uid;
    expect(c.kubectl('delete pod web-1 --grace-period=0 --force').output).toContain('pod "web-1" force deleted');
    c.advance(10);
    const again = c.get('/Pod', 'default', 'web-1')!;
    expect(again.metadata.uid).not.toBe(uid);
    expect(again.spec.volumes[0].persistentVolumeClaim.claimName).toBe('www-web-1');
  });

  it('persistentVolumeClaimRetentionPolicy: whenScaled Delete hands claims of removed ordinals to their pods', () => {
    const c = setup();
    mustCreate(c, sts({ podManagementPolicy: 'Parallel', persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Delete' } }));
    c.advance(10);
    readyPending(c);
    const setUid = setOf(c).metadata.uid;
    expect(c.get('/PersistentVolumeClaim', 'default', 'www-web-2')!.metadata.ownerReferences).toEqual([
      { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: setUid, controller: true, blockOwnerDeletion: true },
    ]);
    c.api.mutate(stsInfo(c), 'default', 'web', (o) => {
      o.spec.replicas = 2;
    });
    c.advance(10);
    const pod2 = c.get('/Pod', 'default', 'web-2');
    expect(c.get('/PersistentVolumeClaim', 'default', 'www-web-2')!.metadata.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Pod', name: 'web-2', uid: pod2!.metadata.uid }]);
    finishTerminating(c);
    c.advance(100);
    expect(c.get('/PersistentVolumeClaim', 'default', 'www-web-2')).toBeUndefined();
    expect(c.get('/PersistentVolumeClaim', 'default', 'www-web-1')).toBeDefined();
  });
});

describe('snapshot and restore', () => {
  it('StatefulSet, DaemonSet, HPA and volumes resume identically after a restore', () => {
    const manifests = ['sts-web.yaml', 'ds-ssd-monitor.yaml', 'hpa-php-apache.yaml'].map((f) => readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), '../../../test/transcripts/manifests', f), 'utf8'));
    const run = (restore: boolean) => {
      let c = new Cluster({ seed: 12 });
      for (const m of manifests) c.apply(m);
      c.kubectl('label node kubeplay-worker disk=ssd');
      c.kubectl('autoscale deployment php-apache --cpu-percent=50 --max=5');
      c.advance(20_000);
      if (restore) c = Cluster.restore(c.snapshot());
      c.kubectl('scale sts web --replicas=3');
      c.advance(60_000);
      return c.kubectl('get sts,ds,hpa,pods,pvc,pv,controllerrevisions -o yaml').output + c.kubectl('get events').output;
    };
    expect(run(true)).toBe(run(false));
  });
});

describe('statefulset controller on odd objects that got past validation', () => {
  it('reports a null claim template as a failed create instead of crashing', () => {
    const c = setup();
    mustCreate(c, sts({ replicas: 1, volumeClaimTemplates: [null] }));
    c.advance(5000);
    const lines = events(c);
    expect(lines.some((l) => l.includes('create Claim -web-0 for Pod web-0 in StatefulSet web failed'))).toBe(true);
  });

  it('refuses a pod template spec that is not an object, as the API server\'s decoding does', () => {
    const c = setup();
    const r = c.api.create({ ...sts({ replicas: 1, template: { metadata: { labels: { app: 'nginx' } }, spec: 3 } }), metadata: { name: 'odd', namespace: 'default' } } as KObject);
    expect(r).toMatchObject({ kind: 'Status', code: 422 });
    expect((r as { message: string }).message).toContain('spec.template.spec: Invalid value: 3: spec.template.spec in body must be of type object: "integer"');
  });
});
