import { describe, expect, it } from 'vitest';
import type { KObject } from '../../api/types';
import { getPodsToDelete, rankPodsForDeletion } from './ranking';
import { slowStartBatch } from './podcontrol';

const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);
const iso = (msAgo: number) => new Date(Math.floor((NOW - msAgo) / 1000) * 1000).toISOString().replace('.000Z', 'Z');

function pod(name: string, o: { node?: string; phase?: string; ready?: boolean; readyAgoMs?: number; createdAgoMs?: number; cost?: number; restarts?: number; uid?: string } = {}): KObject {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, uid: o.uid ?? name, creationTimestamp: iso(o.createdAgoMs ?? 3_600_000), ...(o.cost !== undefined ? { annotations: { 'controller.kubernetes.io/pod-deletion-cost': String(o.cost) } } : {}) },
    spec: { nodeName: o.node, containers: [{ name: 'c' }] },
    status: {
      phase: o.phase ?? 'Running',
      conditions: o.ready === false ? [] : [{ type: 'Ready', status: 'True', lastTransitionTime: iso(o.readyAgoMs ?? 3_600_000) }],
      containerStatuses: [{ name: 'c', restartCount: o.restarts ?? 0 }],
    },
  };
}

const names = (pods: KObject[]) => pods.map((p) => p.metadata.name);

describe('scale-down ranking', () => {
  it('unscheduled < scheduled, Pending < Running, not ready < ready', () => {
    const pods = [pod('running', { node: 'n1' }), pod('notready', { node: 'n1', ready: false }), pod('pending', { node: 'n1', phase: 'Pending', ready: false }), pod('unscheduled', { phase: 'Pending', ready: false })];
    expect(names(rankPodsForDeletion(pods, [], NOW))).toEqual(['unscheduled', 'pending', 'notready', 'running']);
  });

  it('lower pod-deletion-cost first, before node rank', () => {
    const pods = [pod('a', { node: 'n1', cost: 10 }), pod('b', { node: 'n2', cost: -5 })];
    expect(names(rankPodsForDeletion(pods, pods, NOW))).toEqual(['b', 'a']);
  });

  it('more related pods on the node first', () => {
    const pods = [pod('alone', { node: 'n1' }), pod('crowded', { node: 'n2' })];
    const related = [...pods, pod('x', { node: 'n2' }), pod('y', { node: 'n2' })];
    expect(names(rankPodsForDeletion(pods, related, NOW))).toEqual(['crowded', 'alone']);
  });

  it('ready more recently first on a log2 scale; the same bucket compares uids', () => {
    const pods = [pod('old', { node: 'n', readyAgoMs: 3_600_000 }), pod('new', { node: 'n', readyAgoMs: 60_000 })];
    expect(names(rankPodsForDeletion(pods, [], NOW))).toEqual(['new', 'old']);
    // 61 s and 62 s ago fall in the same log2 bucket of nanoseconds: uid decides.
    const same = [pod('p', { node: 'n', readyAgoMs: 61_000, uid: 'b' }), pod('q', { node: 'n', readyAgoMs: 62_000, uid: 'a' })];
    expect(names(rankPodsForDeletion(same, [], NOW))).toEqual(['q', 'p']);
  });

  it('more restarts first, then newer first', () => {
    const pods = [pod('calm', { node: 'n' }), pod('crashy', { node: 'n', restarts: 4 })];
    expect(names(rankPodsForDeletion(pods, [], NOW))).toEqual(['crashy', 'calm']);
    const ages = [pod('older', { node: 'n', ready: false, createdAgoMs: 7_200_000 }), pod('newer', { node: 'n', ready: false, createdAgoMs: 10_000 })];
    expect(names(rankPodsForDeletion(ages, [], NOW))).toEqual(['newer', 'older']);
  });

  it('getPodsToDelete takes the first diff; all of them unsorted', () => {
    const pods = [pod('a', { node: 'n' }), pod('b')];
    expect(names(getPodsToDelete(pods, [], 1, NOW))).toEqual(['b']);
    expect(names(getPodsToDelete(pods, [], 2, NOW))).toEqual(['a', 'b']);
  });
});

describe('slowStartBatch', () => {
  it('runs batches of 1, 2, 4, … and stops after the first batch with a failure', () => {
    let calls = 0;
    const r = slowStartBatch(10, 1, () => (++calls > 4 ? { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'quota', reason: 'Forbidden', code: 403 } : undefined));
    // Batches 1 and 2 succeed (3 calls), batch of 4 runs entirely: 1 success, 3 failures.
    expect(calls).toBe(7);
    expect(r.successes).toBe(4);
    expect(r.error?.message).toBe('quota');
    let n = 0;
    expect(slowStartBatch(5, 1, () => { n++; return undefined; })).toEqual({ successes: 5 });
    expect(n).toBe(5);
  });
});
