// The Web Worker loads kubectl, YAML and the editor's commands after `ready` (host.core.ts with a
// `tools` loader): what arrives before they are there waits, in order, and is answered once they
// load; a load that fails answers with an error and is tried again on the next command.
import { describe, expect, it } from 'vitest';
import { Cluster } from '../sim/cluster';
import { FRAME_MS, WorkerHost } from './host.core';
import type { WorkerTools } from './toolgate';
import { PROTOCOL_VERSION, type FromWorker, type ReplyMessage } from './protocol';
import * as linkedTools from './tools';

function harness() {
  const sent: FromWorker[] = [];
  let wall = 0;
  let timer: (() => void) | undefined;
  const loads: { resolve: (t: WorkerTools) => void; reject: (e: Error) => void }[] = [];
  const host = new WorkerHost({
    post: (m) => sent.push(structuredClone(m)),
    wallNow: () => wall,
    dateNow: () => 0,
    setTimer: (fn) => ((timer = fn), 1),
    clearTimer: () => (timer = undefined),
    createCluster: (o) => new Cluster(o),
    tools: () => new Promise<WorkerTools>((resolve, reject) => loads.push({ resolve, reject })),
  });
  const frame = () => {
    wall += FRAME_MS;
    const t = timer;
    timer = undefined;
    t?.();
  };
  const replies = () => sent.filter((m): m is ReplyMessage => m.type === 'reply');
  // A settled promise's callbacks run after the microtasks queued before them.
  const settle = () => new Promise((r) => setTimeout(r, 0));
  return { host, sent, frame, loads, replies, settle };
}

const boot = { type: 'boot', version: PROTOCOL_VERSION, seed: 1, nodes: 1, startMs: Date.UTC(2025, 0, 15, 9), playing: false } as const;
const output = (r: ReplyMessage | undefined) => (r?.result.ok && r.result.op === 'kubectl' ? r.result.value.output : r?.result.ok === false ? r.result.status.message : undefined);

describe('WorkerHost: tools loaded after ready', () => {
  it('sends ready before loading the tools, and loads them once', () => {
    const h = harness();
    h.host.handle(boot);
    expect(h.sent[0].type).toBe('ready');
    expect(h.loads).toHaveLength(1);
    h.host.handle({ type: 'kubectl', id: 1, line: 'kubectl get nodes' });
    expect(h.loads).toHaveLength(1);
  });

  it('holds commands that arrive before the tools, with everything after them, and answers in order', async () => {
    const h = harness();
    h.host.handle(boot);
    h.host.handle({ type: 'control', id: 1, line: 'kubeplay node add extra' });
    h.host.handle({ type: 'kubectl', id: 2, line: 'kubectl get nodes -o name' });
    // Not a tools command, but after one: it waits too, so the order is kept.
    h.host.handle({ type: 'control', id: 3, line: 'kubeplay node delete extra' });
    h.host.handle({ type: 'apply', id: 4, text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n' });
    for (let i = 0; i < 3; i++) h.frame();
    expect(h.replies().map((r) => r.id)).toEqual([1]);
    h.loads[0].resolve(linkedTools);
    await h.settle();
    h.frame();
    expect(h.replies().map((r) => r.id)).toEqual([1, 2, 3, 4]);
    expect(output(h.replies()[1])).toBe('node/extra\nnode/kubeplay-control-plane\nnode/kubeplay-worker\n');
    expect(h.replies()[3].result).toMatchObject({ ok: true, op: 'apply', value: { errors: [], results: [{ text: 'configmap/cm created' }] } });
    // Loaded: the next command runs at once.
    h.host.handle({ type: 'kubectl', id: 5, line: 'kubectl get configmap cm -o name' });
    h.frame();
    expect(output(h.replies()[4])).toBe('configmap/cm\n');
  });

  it('answers with an error when the tools fail to load, keeps the simulation going, and tries again', async () => {
    const h = harness();
    h.host.handle(boot);
    h.host.handle({ type: 'kubectl', id: 1, line: 'kubectl get nodes' });
    h.host.handle({ type: 'diff', id: 2, text: 'x: 1' });
    h.host.handle({ type: 'clock', playing: true, speed: 1 });
    h.loads[0].reject(new Error('Failed to fetch dynamically imported module'));
    await h.settle();
    h.frame();
    const [a, b] = h.replies();
    expect(output(a)).toBe("Internal error occurred: kubectl and the editor's commands could not be loaded (Failed to fetch dynamically imported module); reload the page");
    expect(b.result.ok).toBe(false);
    expect(h.sent.some((m) => m.type === 'error')).toBe(false);
    h.host.handle({ type: 'kubectl', id: 3, line: 'kubectl get nodes -o name' });
    expect(h.loads).toHaveLength(2);
    h.loads[1].resolve(linkedTools);
    await h.settle();
    h.frame();
    expect(output(h.replies()[2])).toBe('node/kubeplay-control-plane\nnode/kubeplay-worker\n');
  });
});

describe('Cluster.useKubectl', () => {
  it("sets the kubectl Cluster's kubectl methods run (the worker's, once its tools chunk has loaded)", () => {
    const c = new Cluster({ seed: 1, nodes: 0 });
    // Outside the browser kubectl is linked in (src/worker/kubectl.link.ts).
    expect(c.kubectl('kubectl get nodes -o name').output).toBe('node/kubeplay-control-plane\n');
    const lines: string[] = [];
    try {
      Cluster.useKubectl({ ...linkedTools, runKubectl: (cluster, line, io) => (lines.push(line), linkedTools.runKubectl(cluster, line, io)) });
      expect(c.kubectl('kubectl get nodes -o name').output).toBe('node/kubeplay-control-plane\n');
      expect(lines).toEqual(['kubectl get nodes -o name']);
    } finally {
      Cluster.useKubectl(linkedTools);
    }
  });
});
