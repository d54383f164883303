// The host's UI requests: simulator controls, the scheduler's decision records, stepping the clock.
import { describe, expect, it } from 'vitest';
import { Cluster } from '../sim/cluster';
import { FRAME_MS, WorkerHost } from './host';
import { PROTOCOL_VERSION, type CommandResult, type FromWorker } from './protocol';
import { bootTestHost } from './testhost';

function boot() {
  const { host, sent, frame, reply } = bootTestHost();
  let nextId = 1;
  const run = (msg: Record<string, unknown>): CommandResult => {
    const id = nextId++;
    host.handle({ ...msg, id } as never);
    frame();
    const r = reply(id);
    if (!r) throw new Error('no reply');
    return r.result;
  };
  return { host, sent, run };
}

describe('WorkerHost UI requests', () => {
  it('runs kubeplay controls', () => {
    const { host, run } = boot();
    const r = run({ type: 'control', line: 'kubeplay node crash kubeplay-worker2' });
    expect(r).toMatchObject({ ok: true, op: 'control', value: { exitCode: 0 } });
    const bad = run({ type: 'control', line: 'kubeplay node crash nope' });
    expect(bad).toMatchObject({ ok: true, op: 'control', value: { exitCode: 1 } });
    host.dispose();
  });

  it('steps the clock by an event, a second and to the next Event', () => {
    const { host, run } = boot();
    const s = run({ type: 'step', mode: 'second' });
    expect(s).toMatchObject({ ok: true, op: 'step', value: { advancedMs: 1000 } });
    run({ type: 'kubectl', line: 'kubectl create deployment web --image=nginx' });
    const e = run({ type: 'step', mode: 'event' });
    expect(e.ok && e.op === 'step').toBe(true);
    const n = run({ type: 'step', mode: 'nextEvent' });
    expect(n.ok && n.op === 'step' && n.value.advancedMs).toBeLessThan(60 * 60 * 1000);
    host.dispose();
  });

  it('answers a pod’s scheduling decision', () => {
    const { host, run, sent } = boot();
    run({ type: 'kubectl', line: 'kubectl create deployment solo --image=nginx' });
    for (let i = 0; i < 5; i++) run({ type: 'step', mode: 'second' });
    const uid = sent
      .flatMap((m) => (m.type === 'batch' ? [...Object.values(m.added), ...Object.values(m.updated)] : []))
      .find((e) => e.kindKey === '/Pod' && e.object.metadata.name?.startsWith('solo-'))!.object.metadata.uid!;
    const d = run({ type: 'decision', podUid: uid });
    if (!d.ok || d.op !== 'decision' || !d.value) throw new Error(`no decision: ${JSON.stringify(d)}`);
    expect(d.value.outcome).toBe('Scheduled');
    expect(d.value.nodes.length).toBeGreaterThan(0);
    expect(run({ type: 'decision', podUid: 'nope' })).toMatchObject({ ok: true, op: 'decision', value: null });
    host.dispose();
  });

  it('sends the exact virtual time the clock paused at', () => {
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
    const start = Date.UTC(2025, 0, 15, 9);
    host.handle({ type: 'boot', version: PROTOCOL_VERSION, seed: 1, nodes: 1, startMs: start });
    for (let i = 0; i < 20; i++) {
      wall += FRAME_MS;
      timer?.();
    }
    host.handle({ type: 'clock', playing: false, speed: 1 });
    timer?.();
    const last = sent.filter((m) => m.type === 'batch').at(-1);
    const ready = sent[0];
    expect(ready.type === 'ready' && ready.nowMs).toBe(start);
    // The clock runs from where the cluster's start-up work left it (run right after `ready`).
    const settledMs = new Cluster({ seed: 1, nodes: 1, startMs: start }).nowMs;
    expect(last && last.type === 'batch' && last.nowMs).toBe(settledMs + 20 * FRAME_MS);
    host.dispose();
  });

  it('sends ready before the start-up work, which arrives as the first batch: the same cluster as a settled one', () => {
    const sent: FromWorker[] = [];
    let timer: (() => void) | undefined;
    let cluster: Cluster | undefined;
    const host = new WorkerHost({
      post: (m) => sent.push(structuredClone(m)),
      wallNow: () => 0,
      dateNow: () => 0,
      setTimer: (fn) => ((timer = fn), 1),
      clearTimer: () => (timer = undefined),
      createCluster: (o) => (cluster = new Cluster(o)),
    });
    const start = Date.UTC(2025, 0, 15, 9);
    host.handle({ type: 'boot', version: PROTOCOL_VERSION, seed: 1, nodes: 3, startMs: start, playing: false });
    const ready = sent[0];
    if (ready.type !== 'ready') throw new Error('no ready message');
    // The nodes are there to draw at once.
    expect(ready.objects.filter((e) => e.kindKey === '/Node')).toHaveLength(4);
    timer?.();
    const batch = sent.find((m) => m.type === 'batch');
    expect(batch && batch.type === 'batch' && Object.keys(batch.updated).length + Object.keys(batch.added).length).toBeGreaterThan(0);
    const settled = new Cluster({ seed: 1, nodes: 3, startMs: start });
    expect(cluster!.nowMs).toBe(settled.nowMs);
    expect(JSON.stringify(cluster!.snapshot({ watchLog: false }))).toBe(JSON.stringify(settled.snapshot({ watchLog: false })));
    host.dispose();
  });
});
