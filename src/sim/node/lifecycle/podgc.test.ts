import { describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster';
import type { ComponentHost } from '../../host';
import { isStatus } from '../../api/types';
import { PodGC } from './podgc';
import { advanceUntil, pinnedPod } from './testutil';

const W2 = 'kubeplay-worker2';

/** The parts of a component host PodGC.gc() uses, over a running cluster. */
function hostOf(c: Cluster): ComponentHost {
  return { api: c.api, store: c.api.store, kinds: c.kinds, events: c.events, now: () => c.nowMs } as unknown as ComponentHost;
}

describe('PodGC', () => {
  it('deletes terminated pods beyond the threshold, oldest first', () => {
    const c = new Cluster({ seed: 1, nodes: 1 });
    for (const name of ['old', 'mid', 'new']) {
      const p = c.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { schedulerName: 'nobody', containers: [{ name: 'c', image: 'busybox' }] } });
      if (isStatus(p)) throw new Error(p.message);
      c.api.update({ ...p, status: { ...p.status, phase: name === 'mid' ? 'Failed' : 'Succeeded' } }, { subresource: 'status' });
      c.advance(1_000);
    }
    new PodGC(hostOf(c), 2).gc();
    expect(c.list('/Pod', 'default').map((p) => p.metadata.name)).toEqual(['mid', 'new']);
    new PodGC(hostOf(c), 0).gc();
    expect(c.list('/Pod', 'default')).toHaveLength(2);
  });

  it('force-deletes terminating pods on a NotReady node tainted out-of-service', () => {
    const c = new Cluster({ seed: 2, nodes: 3 });
    pinnedPod(c, 'p', W2);
    c.advance(20_000);
    c.control(`kubeplay node crash ${W2}`);
    advanceUntil(c, () => !!c.get('/Pod', 'default', 'p')!.metadata.deletionTimestamp, 400_000);
    c.advance(60_000);
    expect(c.get('/Pod', 'default', 'p')).toBeDefined();
    expect(c.kubectl(`taint nodes ${W2} node.kubernetes.io/out-of-service=nodeshutdown:NoExecute`).exitCode).toBe(0);
    const took = advanceUntil(c, () => !c.get('/Pod', 'default', 'p'), 30_000);
    expect(took).toBeLessThanOrEqual(20_000);
  });
});
