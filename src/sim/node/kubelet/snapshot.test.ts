import { describe, expect, it } from 'vitest';
import { canonicalNodes, kubeletSnapshot } from './snapshot';
import type { NodeKubeletState, PodState } from './state';

function node(pods: Record<string, PodState>): NodeKubeletState {
  return { name: 'n', images: {}, pullFreeAtMs: 0, lastIpIndex: 1, ips: {}, pods, dirty: [], relistPhaseMs: 0 };
}

describe('kubelet snapshot', () => {
  it('writes the same state with the same bytes, whatever order its fields came and went in', () => {
    // A live pod state: fields set to undefined and set again later (history-dependent key order).
    const live = { uid: 'u', namespace: 'default', name: 'p', node: 'n', pod: { metadata: { name: 'p' } }, slots: {}, pullBackoff: {} } as unknown as PodState;
    live.op = undefined;
    live.sandbox = undefined;
    live.resyncAtMs = undefined;
    live.sandbox = { id: 's', ip: '10.244.1.2', createdAtMs: 5 };
    live.slots.c = { name: 'c', kind: 'app', restartCount: 1, probes: {}, waiting: undefined, current: 'x' };
    live.startTimeMs = 3;
    live.op = { kind: 'start', doneAtMs: 9, token: 2, container: 'c' };
    // The same state as JSON gives it back after a restore, then the same fields set anew.
    const restored = JSON.parse(JSON.stringify(live)) as PodState;
    delete restored.op;
    restored.op = { container: 'c', token: 2, kind: 'start', doneAtMs: 9 };
    const a = JSON.stringify(kubeletSnapshot({ n: node({ u: live }) }, [], 1));
    const b = JSON.stringify(kubeletSnapshot({ n: node({ u: restored }) }, [], 1));
    expect(a).toBe(b);
    expect(Object.keys(canonicalNodes({ n: node({ u: live }) }).n!.pods.u!)).toEqual(['uid', 'namespace', 'name', 'node', 'pod', 'startTimeMs', 'sandbox', 'slots', 'op', 'pullBackoff']);
  });

  it('is a copy: the live state is not shared or reordered', () => {
    const ps = { uid: 'u', namespace: 'default', name: 'p', node: 'n', pod: { metadata: { name: 'p' } }, slots: {}, pullBackoff: {}, startTimeMs: 1 } as unknown as PodState;
    const live = { n: node({ u: ps }) };
    const s = kubeletSnapshot(live, [], 0);
    expect(s.nodes.n!.pods.u).not.toBe(ps);
    expect(s.nodes.n!.pods.u!.pod).not.toBe(ps.pod);
    expect(Object.keys(ps)).toEqual(['uid', 'namespace', 'name', 'node', 'pod', 'slots', 'pullBackoff', 'startTimeMs']);
  });
});
