import { describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster';
import type { ControllerManager } from '../../controllers/manager';
import type { TaintEvictionController } from './tainteviction';
import { events, pinnedPod } from './testutil';

const W = 'kubeplay-worker';

function controllerOf(c: Cluster): TaintEvictionController {
  const mgr = (c as unknown as { controllers: ControllerManager }).controllers;
  return mgr.get('taint-eviction-controller') as TaintEvictionController;
}

describe('taint eviction controller', () => {
  it('a node change seen out of order does not hide the node\'s NoExecute taint from the pod handler', () => {
    const c = new Cluster({ seed: 1, nodes: 2 });
    pinnedPod(c, 'web', W);
    c.advance(10_000);
    const untainted = c.get('/Node', undefined, W)!;
    c.kubectl(`taint nodes ${W} dedicated=x:NoExecute`);
    const tc = controllerOf(c);
    // The untainted version reaches the informer after the tainted one (as a change written
    // while another subscriber handled an earlier one does): its cache says "no NoExecute taints".
    expect(tc.keysFor({ rv: Number(untainted.metadata.resourceVersion), type: 'MODIFIED', kindKey: '/Node', object: untainted })).toEqual([`node:${W}`]);
    // The pod handler still reads the node and evicts the pod, which does not tolerate the taint.
    tc.sync('pod:default/web');
    expect(c.get('/Pod', 'default', 'web')?.metadata.deletionTimestamp).toBeDefined();
    expect(events(c, (e) => e.reason === 'TaintManagerEviction')).toEqual([
      'Normal TaintManagerEviction Pod/web: Marking for deletion Pod default/web (taint-eviction-controller)',
    ]);
  });
});
