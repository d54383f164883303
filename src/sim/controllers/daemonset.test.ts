import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import type { KObject } from '../api/types';
import { targetNodeName } from './daemonset-util';
import { addFakeNodes, podsOf, setPodFinished } from './job-testutil';
import { eventLines, finishTerminating, mustCreate, recordWrites, setPodRunning, TEST_SCHEDULER } from './util/testing';

const anon = (s: string) => s.replace(/-[bcdfghjklmnpqrstvwxz2456789]{5}\b/g, '-*****');
const events = (c: Cluster) => eventLines(c, 'default', { sources: ['daemonset-controller'] }).map(anon);

function ds(spec: Record<string, unknown> = {}, podSpec: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'fluentd' },
    spec: {
      selector: { matchLabels: { app: 'fluentd' } },
      template: { metadata: { labels: { app: 'fluentd' } }, spec: { schedulerName: TEST_SCHEDULER, containers: [{ name: 'fluentd', image: 'fluentd:v1' }], ...podSpec } },
      ...spec,
    },
  };
}

function setup(nodes = 3, labels?: (i: number) => Record<string, string>): Cluster {
  const c = new Cluster({ seed: 9, nodes: 0 });
  addFakeNodes(c, nodes, labels);
  return c;
}

/** Binds and readies the set's pending pods on their target nodes, as scheduler and kubelet would. */
function runPending(c: Cluster): void {
  for (const p of podsOf(c, 'fluentd')) if (p.status.phase === 'Pending' && !p.metadata.deletionTimestamp) setPodRunning(c, p, { node: targetNodeName(p) });
  c.advance(10);
}
const nodesOf = (c: Cluster) => podsOf(c, 'fluentd').filter((p) => !p.metadata.deletionTimestamp).map((p) => targetNodeName(p)).sort();
const dsInfo = (c: Cluster) => c.kinds.byApiVersionKind('apps/v1', 'DaemonSet')!;
const nodeInfo = (c: Cluster) => c.kinds.byKind('Node')!;

describe('daemonset controller', () => {
  it('reconciles the bootstrap kindnet and kube-proxy DaemonSets without touching their pods', () => {
    const c = new Cluster({ seed: 1 });
    const w = recordWrites(c, ['/Pod', 'apps/DaemonSet']);
    c.advance(60_000);
    expect(w.writes.filter((x) => /(kindnet|kube-proxy)/.test(x) && !x.startsWith('MODIFIED Pod'))).toEqual([]);
    expect(c.list('apps/ControllerRevision', 'kube-system').map((r) => [r.metadata.name!.replace(/-\w+$/, ''), r.revision])).toEqual([['kindnet', 1], ['kube-proxy', 1]]);
    expect(c.get('apps/DaemonSet', 'kube-system', 'kindnet')!.status).toMatchObject({ desiredNumberScheduled: 4, currentNumberScheduled: 4, updatedNumberScheduled: 4, numberMisscheduled: 0 });
  });

  it('leaves alone pods in another namespace that name it as controller (upstream lists only its namespace)', () => {
    const c = setup(2);
    mustCreate(c, ds());
    c.runUntilIdle();
    runPending(c);
    const uid = c.get('apps/DaemonSet', 'default', 'fluentd')!.metadata.uid!;
    const ref = { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'fluentd', uid, controller: true, blockOwnerDeletion: true };
    c.apply(`apiVersion: v1\nkind: Namespace\nmetadata: {name: b}\n`);
    const nodes = nodesOf(c);
    for (const app of ['fluentd', 'other']) {
      for (const node of nodes) {
        c.apply(JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `${app}-${node}`, namespace: 'b', labels: { app }, ownerReferences: [ref] }, spec: { nodeName: node, containers: [{ name: 'c', image: 'nginx' }] } }));
      }
    }
    c.api.mutate(dsInfo(c), 'default', 'fluentd', (o) => { o.metadata.annotations = { touch: '1' }; });
    c.runUntilIdle();
    // Not released (a patch dropping the reference), not deleted as surplus, not counted.
    for (const app of ['fluentd', 'other']) for (const node of nodes) expect(c.get('/Pod', 'b', `${app}-${node}`)?.metadata.ownerReferences).toEqual([ref]);
    expect(nodesOf(c)).toEqual(nodes);
    expect(c.get('apps/DaemonSet', 'default', 'fluentd')!.status).toMatchObject({ currentNumberScheduled: 2, numberMisscheduled: 0 });
  });

  it('creates one pod per eligible node, pinned by node affinity, with the daemon tolerations and labels', () => {
    const c = setup();
    const d = mustCreate(c, ds());
    c.advance(10);
    // The control-plane node's NoSchedule taint keeps it out.
    expect(nodesOf(c)).toEqual(['fake-node-1', 'fake-node-2', 'fake-node-3']);
    const pod = podsOf(c, 'fluentd').find((p) => targetNodeName(p) === 'fake-node-2')!;
    expect(pod.spec.nodeName).toBeUndefined();
    expect(pod.spec.affinity).toEqual({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['fake-node-2'] }] }] } } });
    expect(pod.spec.tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
    ]);
    const [rev] = c.list('apps/ControllerRevision', 'default');
    expect(rev.metadata.name).toBe(`fluentd-${rev.metadata.labels!['controller-revision-hash']}`);
    expect(rev.metadata.ownerReferences![0].uid).toBe(d.metadata.uid);
    expect(pod.metadata.labels).toEqual({ app: 'fluentd', 'controller-revision-hash': rev.metadata.labels!['controller-revision-hash'], 'pod-template-generation': '1' });
    expect(events(c)).toEqual([
      'Normal SuccessfulCreate DaemonSet/fluentd: Created pod: fluentd-*****',
      'Normal SuccessfulCreate DaemonSet/fluentd: Created pod: fluentd-*****',
      'Normal SuccessfulCreate DaemonSet/fluentd: Created pod: fluentd-*****',
    ]);
    expect(c.get('apps/DaemonSet', 'default', 'fluentd')!.status).toEqual({
      currentNumberScheduled: 3, desiredNumberScheduled: 3, numberMisscheduled: 0, numberReady: 0, numberUnavailable: 3, observedGeneration: 1, updatedNumberScheduled: 3,
    });
    runPending(c);
    expect(c.get('apps/DaemonSet', 'default', 'fluentd')!.status).toEqual({
      currentNumberScheduled: 3, desiredNumberScheduled: 3, numberAvailable: 3, numberMisscheduled: 0, numberReady: 3, observedGeneration: 1, updatedNumberScheduled: 3,
    });
  });

  it('follows nodeSelector, node labels, new nodes and NoExecute taints', () => {
    const c = setup(2, (i): Record<string, string> => (i === 1 ? { disk: 'ssd' } : {}));
    mustCreate(c, ds({}, { nodeSelector: { disk: 'ssd' } }));
    c.advance(10);
    expect(nodesOf(c)).toEqual(['fake-node-1']);
    c.api.mutate(nodeInfo(c), undefined, 'fake-node-2', (n) => {
      n.metadata.labels = { ...n.metadata.labels, disk: 'ssd' };
    });
    c.advance(10);
    expect(nodesOf(c)).toEqual(['fake-node-1', 'fake-node-2']);
    addFakeNodes(c, 1, () => ({ disk: 'ssd' }), 3);
    c.advance(10);
    expect(nodesOf(c)).toEqual(['fake-node-1', 'fake-node-2', 'fake-node-3']);
    c.api.mutate(nodeInfo(c), undefined, 'fake-node-1', (n) => {
      delete n.metadata.labels!.disk;
    });
    c.api.mutate(nodeInfo(c), undefined, 'fake-node-2', (n) => {
      n.spec.taints = [{ key: 'dedicated', value: 'db', effect: 'NoExecute' }];
    });
    c.advance(10);
    expect(nodesOf(c)).toEqual(['fake-node-3']);
    expect(c.kubectl('get ds fluentd').output).toMatch(/fluentd\s+1\s+1\s+0\s+1\s+0\s+disk=ssd\s+/);
  });

  it('kills failed daemon pods with a per-node back-off and recreates them', () => {
    const c = setup(1);
    mustCreate(c, ds());
    c.advance(10);
    runPending(c);
    setPodFinished(c, podsOf(c, 'fluentd')[0], 'Failed');
    c.advance(20);
    expect(podsOf(c, 'fluentd').map((p) => p.status.phase)).toEqual(['Pending']);
    // A second failure within the 1 s back-off waits for it.
    setPodFinished(c, podsOf(c, 'fluentd')[0], 'Failed');
    c.advance(20);
    expect(podsOf(c, 'fluentd').map((p) => p.status.phase)).toEqual(['Failed']);
    c.advance(1000);
    expect(podsOf(c, 'fluentd').map((p) => p.status.phase)).toEqual(['Pending']);
    expect(events(c).filter((e) => e.includes('FailedDaemonPod'))).toEqual([
      'Warning FailedDaemonPod DaemonSet/fluentd: Found failed daemon pod default/fluentd-***** on node fake-node-1, will try to kill it',
      'Warning FailedDaemonPod DaemonSet/fluentd: Found failed daemon pod default/fluentd-***** on node fake-node-1, will try to kill it',
    ]);
  });

  it('RollingUpdate replaces pods on at most maxUnavailable nodes at a time', () => {
    const c = setup(3);
    mustCreate(c, ds());
    c.advance(10);
    runPending(c);
    c.api.mutate(dsInfo(c), 'default', 'fluentd', (o) => {
      o.spec.template.spec.containers[0].image = 'fluentd:v2';
    });
    c.advance(10);
    const deleting = () => podsOf(c, 'fluentd').filter((p) => p.metadata.deletionTimestamp).length;
    expect(deleting()).toBe(1);
    for (let i = 0; i < 3; i++) {
      finishTerminating(c);
      c.advance(10);
      runPending(c);
      expect(deleting()).toBeLessThanOrEqual(1);
    }
    expect(podsOf(c, 'fluentd').map((p) => p.spec.containers[0].image)).toEqual(['fluentd:v2', 'fluentd:v2', 'fluentd:v2']);
    expect(podsOf(c, 'fluentd').every((p) => p.metadata.labels!['pod-template-generation'] === '2')).toBe(true);
    expect(c.list('apps/ControllerRevision', 'default').map((r) => r.revision)).toEqual(expect.arrayContaining([1, 2]));
  });

  it('RollingUpdate with maxSurge starts the new pod before deleting the old one', () => {
    const c = setup(1);
    mustCreate(c, ds({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } }));
    c.advance(10);
    runPending(c);
    c.api.mutate(dsInfo(c), 'default', 'fluentd', (o) => {
      o.spec.template.spec.containers[0].image = 'fluentd:v2';
    });
    c.advance(10);
    expect(podsOf(c, 'fluentd').map((p) => [p.spec.containers[0].image, p.status.phase, !!p.metadata.deletionTimestamp])).toEqual(
      expect.arrayContaining([['fluentd:v1', 'Running', false], ['fluentd:v2', 'Pending', false]]),
    );
    runPending(c);
    expect(podsOf(c, 'fluentd').filter((p) => p.metadata.deletionTimestamp).map((p) => p.spec.containers[0].image)).toEqual(['fluentd:v1']);
  });

  it('OnDelete leaves old pods until they are deleted', () => {
    const c = setup(2);
    mustCreate(c, ds({ updateStrategy: { type: 'OnDelete' } }));
    c.advance(10);
    runPending(c);
    c.api.mutate(dsInfo(c), 'default', 'fluentd', (o) => {
      o.spec.template.spec.containers[0].image = 'fluentd:v2';
    });
    c.advance(1000);
    expect(podsOf(c, 'fluentd').some((p) => p.metadata.deletionTimestamp)).toBe(false);
    expect(c.get('apps/DaemonSet', 'default', 'fluentd')!.status.updatedNumberScheduled).toBeUndefined();
    const victim = podsOf(c, 'fluentd')[0];
    c.api.delete(c.kinds.byKind('Pod')!, 'default', victim.metadata.name!, { gracePeriodSeconds: 0 });
    c.advance(10);
    expect(podsOf(c, 'fluentd').map((p) => p.spec.containers[0].image).sort()).toEqual(['fluentd:v1', 'fluentd:v2']);
  });
});
