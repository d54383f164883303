// The traffic part of the worker's batches: bounded, sampled request records and generator totals.
import { describe, expect, it } from 'vitest';
import type { TrafficClient, TrafficRequest } from '../sim/network/traffic';
import { TrafficBatcher, sample } from './batcher';
import { bootTestHost } from './testhost';
import type { BatchMessage } from './protocol';

const req = (seq: number, pod = `default/web-${seq % 3}`): TrafficRequest => ({ seq, atMs: seq * 10, client: 'load', ok: true, status: 200, pod, service: 'default/web', latencyMs: 1 });
const client = (sent: number, running = true): TrafficClient => ({
  name: 'load', url: 'http://web', rps: 10, startedAtMs: 0, running, generation: 1,
  sent, succeeded: sent, failed: {}, byPod: { 'default/web-0': sent }, byStatus: {}, latencySumMs: 0, latencyMaxMs: 0,
});
const source = (records: TrafficRequest[], clients: TrafficClient[]) => ({
  recent: (after = 0) => records.filter((r) => r.seq > after),
  clients: () => clients,
});

describe('TrafficBatcher', () => {
  it('sends each record once, and nothing when nothing changed', () => {
    const b = new TrafficBatcher();
    const records = [req(1), req(2)];
    const clients = [client(2)];
    const first = b.take(source(records, clients))!;
    expect(first.records.map((r) => r.seq)).toEqual([1, 2]);
    expect(first.lastSeq).toBe(2);
    expect(first.clients[0]).toMatchObject({ name: 'load', sent: 2, succeeded: 2, running: true, byPod: { 'default/web-0': 2 } });
    expect(b.take(source(records, clients))).toBeUndefined();
    records.push(req(3));
    expect(b.take(source(records, [client(3)]))!.records.map((r) => r.seq)).toEqual([3]);
    // A stopped generator sends no records but its totals change.
    const stopped = b.take(source(records, [client(3, false)]))!;
    expect(stopped.records).toEqual([]);
    expect(stopped.clients[0].running).toBe(false);
  });

  it('samples evenly to the bound and counts what it dropped', () => {
    const b = new TrafficBatcher(200);
    const records = Array.from({ length: 500 }, (_, i) => req(i + 1));
    const t = b.take(source(records, [client(500)]))!;
    expect(t.records).toHaveLength(200);
    expect(t.dropped).toBe(300);
    expect(t.lastSeq).toBe(500);
    expect(new Set(t.records.map((r) => r.pod)).size).toBe(3);
    expect(sample([1, 2, 3, 4], 2)).toEqual([1, 3]);
  });

  it('skips the requests a restored cluster already holds', () => {
    const b = new TrafficBatcher();
    b.skipTo(source([req(1), req(2)], [client(2)]));
    expect(b.take(source([req(1), req(2), req(3)], [client(3)]))!.records.map((r) => r.seq)).toEqual([3]);
  });

  it('starts over when a restored snapshot numbers requests lower', () => {
    const b = new TrafficBatcher();
    b.take(source([req(5)], [client(5)]));
    expect(b.take(source([req(1), req(2)], [client(2)]))!.records.map((r) => r.seq)).toEqual([1, 2]);
  });
});

describe('WorkerHost traffic batches', () => {
  it('streams the generator requests of a running client with its totals', () => {
    const t = bootTestHost({ paused: true });
    t.host.handle({ type: 'kubectl', id: 1, line: 'kubectl create deployment web --image=nginx --replicas=2' });
    t.host.handle({ type: 'kubectl', id: 2, line: 'kubectl expose deployment web --port=80' });
    t.host.handle({ type: 'step', id: 3, mode: 'second' });
    for (let i = 0; i < 60; i++) t.host.handle({ type: 'step', id: 100 + i, mode: 'second' });
    t.host.handle({ type: 'control', id: 4, line: 'kubeplay traffic start load --to http://web --rps 10' });
    for (let i = 0; i < 3; i++) t.host.handle({ type: 'step', id: 200 + i, mode: 'second' });
    t.frame();
    const batches = t.sent.filter((m): m is BatchMessage => m.type === 'batch' && !!m.traffic);
    const records = batches.flatMap((b) => b.traffic!.records);
    expect(records.length).toBeGreaterThanOrEqual(20);
    expect(records.every((r) => r.ok && r.service === 'default/web' && r.pod?.startsWith('default/web-'))).toBe(true);
    const last = batches[batches.length - 1].traffic!;
    expect(last.clients).toEqual([expect.objectContaining({ name: 'load', url: 'http://web', running: true, sent: records.length, succeeded: records.length })]);
    // Nothing new: the next frame carries no traffic.
    t.sent.length = 0;
    t.frame();
    expect(t.sent.filter((m) => m.type === 'batch' && m.traffic)).toEqual([]);
    t.host.dispose();
  });
});
