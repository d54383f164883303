// Share-link replay end to end in Node: a Bridge wired to a real WorkerHost and Cluster with a
// fake wall clock. A session recorded while the clock runs at several speeds (actions landing at
// arbitrary virtual times) is encoded, decoded and replayed on a fresh cluster; the replayed
// cluster must equal the recorded one exactly (its whole snapshot).
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../sim/cluster';
import { WorkerHost } from '../../worker/host';
import type { FromWorker, ToWorker } from '../../worker/protocol';
import { Bridge, type WorkerLike } from '../bridge';
import { ActionLog } from './actionLog';
import { decodeShare, encodeShare } from './codec';
import { replayShare } from './replay';

const START = Date.UTC(2025, 0, 15, 9);

function harness() {
  let wall = 0;
  let timer: (() => void) | undefined;
  let cluster: Cluster | undefined;
  const listeners: ((e: MessageEvent<FromWorker>) => void)[] = [];
  const host = new WorkerHost({
    post: (m) => {
      for (const fn of listeners) fn({ data: structuredClone(m) } as MessageEvent<FromWorker>);
    },
    wallNow: () => wall,
    dateNow: () => START,
    setTimer: (fn) => ((timer = fn), 1),
    clearTimer: () => (timer = undefined),
    createCluster: (o) => (cluster = new Cluster(o)),
  });
  const worker: WorkerLike = {
    postMessage: (m: ToWorker) => host.handle(structuredClone(m)),
    addEventListener: (type: string, fn: (e: never) => void) => {
      if (type === 'message') listeners.push(fn as (e: MessageEvent<FromWorker>) => void);
    },
    terminate: () => undefined,
  };
  const bridge = new Bridge(worker);
  const log = new ActionLog();
  bridge.setTap(log);
  /** `n` animation frames of `ms` wall time each. */
  const frames = (n: number, ms = 16) => {
    for (let i = 0; i < n; i++) {
      wall += ms;
      const t = timer;
      timer = undefined;
      t?.();
    }
  };
  /** Runs frames until the promise settles (replies come with the next frame). */
  const settle = async <T,>(p: Promise<T>): Promise<T> => {
    let done = false;
    void p.then(() => (done = true));
    for (let i = 0; i < 1000 && !done; i++) {
      frames(1);
      await Promise.resolve();
    }
    return p;
  };
  return { bridge, log, frames, settle, cluster: () => cluster!, dispose: () => host.dispose() };
}

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
`;

function podNames(c: Cluster): string[] {
  return c.list('/Pod', 'default').map((p) => `${p.metadata.name}@${(p.spec as { nodeName?: string }).nodeName ?? ''}`);
}

describe('share-link replay', () => {
  it('rebuilds exactly the cluster a session recorded at varying clock speeds', async () => {
    const rec = harness();
    rec.bridge.boot({ seed: 11, nodes: 3, startMs: START });
    rec.frames(37);
    await rec.settle(rec.bridge.apply(DEPLOYMENT, { source: 'web.yaml' }));
    rec.bridge.setClock(true, 30);
    rec.frames(23, 13);
    await rec.settle(rec.bridge.kubectl('kubectl scale deployment web --replicas=5'));
    rec.frames(50, 17);
    await rec.settle(rec.bridge.kubectl('kubectl get pods')); // read-only: not logged
    await rec.settle(rec.bridge.control('kubeplay node crash kubeplay-worker2'));
    rec.bridge.setClock(false, 30);
    rec.frames(2);
    await rec.settle(rec.bridge.step('event'));
    await rec.settle(rec.bridge.step('event'));
    rec.bridge.setClock(true, 1000);
    rec.frames(40, 19);
    await rec.settle(rec.bridge.kubectl('kubectl apply -f web.yaml', { files: { 'web.yaml': DEPLOYMENT.replace('replicas: 2', 'replicas: 4'), 'other.yaml': 'x' } }));
    rec.frames(30, 11);
    rec.bridge.setClock(false, 1000);
    rec.frames(2);
    const recorded = rec.cluster();
    expect(rec.log.actions.map((a) => a.op)).toEqual(['apply', 'kubectl', 'control', 'step', 'step', 'kubectl']);
    const kubectlFiles = rec.log.actions[5].op === 'kubectl' ? rec.log.actions[5].files : undefined;
    expect(Object.keys(kubectlFiles ?? {})).toEqual(['web.yaml']);
    const made = rec.log.toShareState([{ name: 'web.yaml', text: DEPLOYMENT }], recorded.nowMs);
    if (!made.ok) throw new Error(made.why);
    rec.dispose();

    const decoded = decodeShare(encodeShare(made.state));
    if (!decoded.ok) throw new Error(decoded.error.message);
    const rep = harness();
    rep.bridge.setClock(false, 1);
    rep.bridge.boot({ seed: decoded.state.seed, nodes: decoded.state.nodes, startMs: decoded.state.startMs });
    const report = await rep.settle(replayShare(rep.bridge, decoded.state));
    expect(report).toEqual({ actions: 6, failed: 0, running: 0, nowMs: recorded.nowMs });
    const replayed = rep.cluster();
    expect(podNames(replayed)).toEqual(podNames(recorded));
    expect(podNames(replayed).length).toBeGreaterThanOrEqual(4);
    expect(replayed.resourceVersion).toBe(recorded.resourceVersion);
    expect(JSON.stringify(replayed.snapshot())).toBe(JSON.stringify(recorded.snapshot()));
    // Replay logs the same actions again, so a link made after replay is the same link.
    expect(rep.log.actions).toEqual(made.state.actions);
    rep.dispose();

    // The control: the same actions at other virtual times build another cluster.
    const shifted = { ...decoded.state, actions: decoded.state.actions.map((a, i) => (i === 1 ? { ...a, at: a.at + 1500 } : a)) };
    const other = harness();
    other.bridge.setClock(false, 1);
    other.bridge.boot({ seed: 11, nodes: 3, startMs: START });
    await other.settle(replayShare(other.bridge, shifted));
    expect(JSON.stringify(other.cluster().snapshot())).not.toBe(JSON.stringify(recorded.snapshot()));
    other.dispose();
  });

  it('rebuilds a session with commands that wait, a Ctrl+C and one still running when shared', async () => {
    const rec = harness();
    rec.bridge.boot({ seed: 3, nodes: 2, startMs: START });
    rec.frames(20);
    await rec.settle(rec.bridge.apply(DEPLOYMENT, { source: 'web.yaml' }));
    rec.bridge.setClock(true, 10);
    rec.frames(60);
    const pod = rec.cluster().list('/Pod', 'default')[0].metadata.name!;
    // The delete waits for the pod to go (its grace period); an apply lands meanwhile.
    const del = rec.bridge.startKubectl(`kubectl delete pod ${pod}`);
    rec.frames(3);
    await rec.settle(rec.bridge.kubectl('kubectl create configmap settings --from-literal=a=b'));
    await rec.settle(del.result);
    await rec.settle(rec.bridge.kubectl('kubectl set image deployment/web nginx=nginx:1.28'));
    const status = rec.bridge.startKubectl('kubectl rollout status deployment/web');
    rec.frames(4);
    rec.bridge.cancel(status.id);
    await rec.settle(status.result);
    const waiting = rec.bridge.startKubectl('kubectl wait --for=delete configmap/settings --timeout=1h');
    rec.frames(50, 7);
    rec.bridge.setClock(false, 10);
    rec.frames(2);
    const ops = rec.log.actions.map((a) => (a.op === 'kubectl' ? a.line.split(' ').slice(0, 3).join(' ') : a.op));
    expect(ops).toEqual(['apply', 'kubectl delete pod', 'kubectl create configmap', 'kubectl set image', 'kubectl rollout status', 'cancel', 'kubectl wait --for=delete']);
    const recorded = rec.cluster();
    const made = rec.log.toShareState([], recorded.nowMs);
    if (!made.ok) throw new Error(made.why);
    const decoded = decodeShare(encodeShare(made.state));
    if (!decoded.ok) throw new Error(decoded.error.message);
    expect(waiting.id).toBeGreaterThan(0);
    rec.dispose();

    const rep = harness();
    rep.bridge.setClock(false, 1);
    rep.bridge.boot({ seed: 3, nodes: 2, startMs: START });
    const report = await rep.settle(replayShare(rep.bridge, decoded.state));
    expect(report).toEqual({ actions: 7, failed: 1, running: 1, nowMs: recorded.nowMs }); // the cancelled one exits 130
    expect(podNames(rep.cluster())).toEqual(podNames(recorded));
    expect(JSON.stringify(rep.cluster().snapshot())).toBe(JSON.stringify(recorded.snapshot()));
    rep.dispose();
  });

  it('reports commands that fail and a simulation that refuses', async () => {
    const h = harness();
    h.bridge.setClock(false, 1);
    h.bridge.boot({ seed: 1, nodes: 1, startMs: START });
    const state = {
      v: 1 as const, seed: 1, nodes: 1, startMs: START, endMs: START + 5000, buffers: [],
      actions: [
        { at: START + 1000, op: 'kubectl' as const, line: 'kubectl delete pod nope' },
        { at: START + 2000, op: 'control' as const, line: 'kubeplay node crash nope' },
        { at: START + 2000, op: 'kubectl' as const, line: 'kubectl create namespace team-a' },
      ],
    };
    const report = await h.settle(replayShare(h.bridge, state));
    expect(report).toEqual({ actions: 3, failed: 2, running: 0, nowMs: START + 5000 });
    expect(h.cluster().list('/Namespace').map((n) => n.metadata.name)).toContain('team-a');
    h.dispose();
  });
});
