// The host over a real Cluster: boot list, a command's effects arrive as a squashed batch.
import { describe, expect, it } from 'vitest';
import { Cluster } from '../sim/cluster';
import { buildNodeBoxes } from '../ui/graph/layout';
import { FRAME_MS, WorkerHost } from './host';
import { PROTOCOL_VERSION, type BatchMessage, type FromWorker, type ObjectEntry, type ReplyMessage } from './protocol';

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: nginx
    image: nginx:1.27
`;

describe('WorkerHost over a real Cluster', () => {
  it('lists the booted cluster and streams an applied pod', () => {
    const sent: FromWorker[] = [];
    let wall = 0;
    let timer: (() => void) | undefined;
    const host = new WorkerHost({
      post: (m) => sent.push(structuredClone(m)),
      wallNow: () => wall,
      dateNow: () => 0,
      setTimer: (fn) => ((timer = fn), 1),
      clearTimer: () => (timer = undefined),
      createCluster: (o) => new Cluster(o),
    });
    host.handle({ type: 'boot', version: PROTOCOL_VERSION, seed: 1, nodes: 3, startMs: Date.UTC(2025, 0, 15, 9) });
    const ready = sent[0];
    if (ready.type !== 'ready') throw new Error(`expected ready, got ${ready.type}`);
    const mirror: Record<string, ObjectEntry> = {};
    for (const e of ready.objects) mirror[e.object.metadata.uid!] = e;
    const boxes = buildNodeBoxes(mirror);
    expect(boxes.map((b) => `${b.name} ${b.readiness} ${b.roles}`)).toEqual([
      'kubeplay-control-plane Ready control-plane',
      'kubeplay-worker Ready worker',
      'kubeplay-worker2 Ready worker',
      'kubeplay-worker3 Ready worker',
    ]);

    host.handle({ type: 'apply', id: 1, text: POD });
    wall += FRAME_MS;
    timer?.();
    const batch = sent.find((m): m is BatchMessage => m.type === 'batch')!;
    const reply = sent.find((m): m is ReplyMessage => m.type === 'reply')!;
    expect(sent.indexOf(batch)).toBeLessThan(sent.indexOf(reply));
    expect(reply.result).toMatchObject({ ok: true, op: 'apply' });
    const pods = Object.values(batch.added).filter((e) => e.kindKey === '/Pod');
    expect(pods.map((e) => e.object.metadata.name)).toEqual(['web']);
    expect(batch.rv).toBeGreaterThan(ready.snapshotRv);
    host.dispose();
  });
});
