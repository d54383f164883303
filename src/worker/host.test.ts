import { describe, expect, it } from 'vitest';
import type { StoredChange } from '../sim/api/store';
import type { KObject } from '../sim/api/types';
import type { Cluster } from '../sim/cluster';
import { finishedProcess } from '../sim/kubectl/process';
import { FRAME_MS, WorkerHost } from './host';
import { MAX_BATCH_ENTRIES, PROTOCOL_VERSION, type BatchMessage, type FromWorker, type ReplyMessage } from './protocol';

/** The few Cluster members the host uses, over a tiny in-memory store. */
class FakeCluster {
  nowMs: number;
  resourceVersion = 0;
  kinds = { all: () => [{ group: '', kind: 'Node' }, { group: '', kind: 'Pod' }] };
  private objects = new Map<string, { kindKey: string; object: KObject }>();
  private handlers = new Set<(c: StoredChange) => void>();
  constructor(startMs: number) {
    this.nowMs = startMs;
    this.put('/Node', 'n1', 'ADDED');
  }
  put(kindKey: string, name: string, type: StoredChange['type']): void {
    const object: KObject = { apiVersion: 'v1', kind: kindKey.slice(1), metadata: { name, uid: `uid-${name}` } };
    const rv = ++this.resourceVersion;
    if (type === 'DELETED') this.objects.delete(name);
    else this.objects.set(name, { kindKey, object });
    for (const h of this.handlers) h({ rv, type, kindKey, object });
  }
  list(kindKey: string): KObject[] {
    return [...this.objects.values()].filter((e) => e.kindKey === kindKey).map((e) => e.object);
  }
  subscribe(h: (c: StoredChange) => void): () => void {
    this.handlers.add(h);
    return () => this.handlers.delete(h);
  }
  advance(ms: number): void {
    this.nowMs += ms;
  }
  kubectl(line: string) {
    if (line === 'boom') throw new Error('kaboom');
    this.put('/Pod', line, 'ADDED');
    return { stdout: `ran ${line}\n`, stderr: '', output: `ran ${line}\n`, exitCode: 0 };
  }
  startKubectl(line: string) {
    return finishedProcess(this.kubectl(line));
  }
}

function harness() {
  const sent: FromWorker[] = [];
  let wall = 1000;
  let timer: (() => void) | undefined;
  let fake: FakeCluster | undefined;
  const host = new WorkerHost({
    post: (m) => sent.push(structuredClone(m)),
    wallNow: () => wall,
    dateNow: () => Date.UTC(2025, 0, 15, 9, 0, 0, 400),
    setTimer: (fn) => ((timer = fn), 1),
    clearTimer: () => (timer = undefined),
    createCluster: (o) => (fake = new FakeCluster(o.startMs!)) as unknown as Cluster,
  });
  const frame = (ms = FRAME_MS) => {
    wall += ms;
    const t = timer;
    timer = undefined;
    t?.();
  };
  return { host, sent, frame, cluster: () => fake!, hasTimer: () => timer !== undefined };
}

const boot = { type: 'boot', version: PROTOCOL_VERSION, seed: 1, nodes: 3 } as const;

describe('WorkerHost', () => {
  it('boots with the full list, starting at the current date to the second', () => {
    const h = harness();
    h.host.handle(boot);
    const ready = h.sent[0];
    expect(ready.type).toBe('ready');
    if (ready.type !== 'ready') return;
    expect(ready.nowMs).toBe(Date.UTC(2025, 0, 15, 9, 0, 0));
    expect(ready.objects.map((e) => e.object.metadata.name)).toEqual(['n1']);
    expect(ready.snapshotRv).toBe(1);
  });

  it('advances virtual time with wall time at the chosen speed', () => {
    const h = harness();
    h.host.handle(boot);
    const t0 = h.cluster().nowMs;
    for (let i = 0; i < 10; i++) h.frame(100);
    expect(h.cluster().nowMs - t0).toBe(1000);
    h.host.handle({ type: 'clock', playing: true, speed: 10 });
    h.frame(100);
    expect(h.cluster().nowMs - t0).toBe(2000);
    h.host.handle({ type: 'clock', playing: false, speed: 10 });
    h.frame(100);
    expect(h.cluster().nowMs - t0).toBe(2000);
    expect(h.hasTimer()).toBe(false);
  });

  it('sends no batch when nothing changed, and the reply after the batch with its effects', () => {
    const h = harness();
    h.host.handle(boot);
    h.host.handle({ type: 'clock', playing: false, speed: 1 });
    h.frame();
    expect(h.sent.length).toBe(1);
    h.host.handle({ type: 'kubectl', id: 7, line: 'web' });
    expect(h.sent.length).toBe(1);
    h.frame();
    const [batch, reply] = h.sent.slice(1) as [BatchMessage, ReplyMessage];
    expect(batch.type).toBe('batch');
    expect(Object.keys(batch.added)).toEqual(['uid-web']);
    expect(reply).toMatchObject({ type: 'reply', id: 7, result: { ok: true, op: 'kubectl' } });
  });

  it('splits a large batch into parts of MAX_BATCH_ENTRIES, sent in the same frame, the reply after the last', () => {
    const h = harness();
    h.host.handle(boot);
    h.host.handle({ type: 'clock', playing: false, speed: 1 });
    h.frame();
    const n = MAX_BATCH_ENTRIES * 2 + 5;
    for (let i = 0; i < n; i++) h.cluster().put('/Pod', `p${i}`, 'ADDED');
    h.host.handle({ type: 'kubectl', id: 9, line: 'web' });
    h.frame();
    const out = h.sent.slice(1);
    expect(out.map((m) => m.type)).toEqual(['batch', 'batch', 'batch', 'reply']);
    const parts = out.slice(0, 3) as BatchMessage[];
    expect(parts.map((b) => Object.keys(b.added).length)).toEqual([MAX_BATCH_ENTRIES, MAX_BATCH_ENTRIES, 6]);
    expect(parts.map((b) => b.more)).toEqual([true, true, undefined]);
    // Nothing lost or repeated, in the order the changes happened.
    expect(parts.flatMap((b) => Object.keys(b.added))).toEqual([...Array.from({ length: n }, (_, i) => `uid-p${i}`), 'uid-web']);
    expect(parts[2].rv).toBe(h.cluster().resourceVersion);
  });

  it('turns a throwing command into an error reply and keeps going', () => {
    const h = harness();
    h.host.handle(boot);
    h.host.handle({ type: 'kubectl', id: 1, line: 'boom' });
    h.frame();
    const reply = h.sent.find((m) => m.type === 'reply') as ReplyMessage;
    expect(reply.result.ok).toBe(false);
    if (!reply.result.ok) expect(reply.result.status.message).toContain('kaboom');
    h.host.handle({ type: 'kubectl', id: 2, line: 'fine' });
    h.frame();
    expect(h.sent.filter((m) => m.type === 'reply')).toHaveLength(2);
  });

  it('reports malformed messages and commands before boot as errors', () => {
    const h = harness();
    h.host.handle(null);
    h.host.handle({ type: 'nope' });
    h.host.handle({ type: 'clock', playing: true, speed: -1 });
    expect(h.sent.map((m) => m.type)).toEqual(['error', 'error', 'error']);
    h.host.handle({ type: 'kubectl', id: 1, line: 'get pods' });
    h.frame();
    const reply = h.sent.at(-1) as ReplyMessage;
    expect(reply.result.ok).toBe(false);
  });

  it('rejects a boot from another protocol version', () => {
    const h = harness();
    h.host.handle({ ...boot, version: PROTOCOL_VERSION + 1 });
    expect(h.sent[0]).toMatchObject({ type: 'error' });
  });
});
