import { describe, expect, it } from 'vitest';
import { controllerOf } from '../api/meta';
import { isPodActive, isPodReady } from '../api/podutil';
import { labelSelectorFromSet, labelSelectorFromSpec } from '../api/selectors';
import { ObjectStore } from '../api/store';
import type { KObject } from '../api/types';
import { Rng } from '../core/rng';
import { ReplicaSetPodCounts } from './replicaset.podcounts';
import { addControllerIndex } from './util/ownerindex';

const rs = (name: string, uid: string, selector: Record<string, string>, templateLabels: Record<string, string>): KObject => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name, namespace: 'default', uid },
  spec: { selector: { matchLabels: selector }, template: { metadata: { labels: templateLabels } } },
});

/** What claimObjects + calculateReplicaSetStatus count, the slow way. */
function bruteForce(store: ObjectStore, owner: KObject) {
  const sel = labelSelectorFromSpec(owner.spec.selector);
  const tmpl = labelSelectorFromSet(owner.spec.template.metadata.labels);
  const c = { active: 0, claimed: 0, fullyLabeled: 0, ready: 0 };
  for (const p of store.list('/Pod')) {
    if (controllerOf(p)?.uid !== owner.metadata.uid || !isPodActive(p)) continue;
    c.active++;
    if (!sel.matches(p.metadata.labels ?? {})) continue;
    c.claimed++;
    if (tmpl.matches(p.metadata.labels ?? {})) c.fullyLabeled++;
    if (isPodReady(p)) c.ready++;
  }
  return c;
}

describe('ReplicaSetPodCounts', () => {
  it('matches a full count after every random pod change, owner change, and spec change', () => {
    const store = new ObjectStore();
    addControllerIndex(store, '/Pod');
    const counts = new ReplicaSetPodCounts(store, (o) => labelSelectorFromSpec(o.spec?.selector));
    // The informer: tell the counts about every pod change, with the pod's previous controller.
    const prevOwner = new Map<string, string | undefined>();
    store.subscribe((c) => {
      if (c.kindKey !== '/Pod') return;
      const key = `${c.object.metadata.namespace}/${c.object.metadata.name}`;
      counts.podChanged(c, prevOwner.get(key));
      if (c.type === 'DELETED') prevOwner.delete(key);
      else prevOwner.set(key, controllerOf(c.object)?.uid);
    });
    let owners = [rs('a', 'uid-a', { app: 'a' }, { app: 'a', tier: 'x' }), rs('b', 'uid-b', { app: 'b' }, { app: 'b' })];
    const r = new Rng(11);
    const pick = <T,>(xs: readonly T[]): T => xs[r.int(xs.length)]!;
    for (let step = 0; step < 3000; step++) {
      const name = `p${r.int(60)}`;
      const cur = store.get('/Pod', 'default', name);
      const op = r.int(10);
      if (op === 0 && cur) store.remove('/Pod', 'default', name);
      else if (op === 1 && step % 7 === 0) {
        // A template label change (fullyLabeled) or a recreated owner (new uid).
        owners = owners.map((o) => (o.metadata.name === 'a' ? rs('a', r.int(2) ? 'uid-a' : 'uid-a2', { app: 'a' }, r.int(2) ? { app: 'a' } : { app: 'a', tier: 'x' }) : o));
      } else {
        const owner = pick(owners);
        const pod: KObject = {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {
            name,
            namespace: 'default',
            labels: pick<Record<string, string>>([{ app: 'a', tier: 'x' }, { app: 'a' }, { app: 'b' }, { other: '1' }]),
            ...(r.int(4) ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: owner.metadata.name!, uid: pick(['uid-a', 'uid-a2', 'uid-b']), controller: true }] } : {}),
            ...(r.int(8) === 0 ? { deletionTimestamp: '2025-01-15T09:00:00Z' } : {}),
          },
          status: {
            phase: pick(['Pending', 'Running', 'Running', 'Succeeded', 'Failed']),
            conditions: [{ type: 'Ready', status: r.int(2) ? 'True' : 'False' }],
          },
        };
        store.put('/Pod', pod);
      }
      if (step % 3 === 0) {
        for (const o of owners) expect(counts.counts(`default/${o.metadata.name}`, o)).toEqual(bruteForce(store, o));
      }
    }
  });

  it('counts a pod as its newest change shows it, even when an older change is reported after it', () => {
    const store = new ObjectStore();
    addControllerIndex(store, '/Pod');
    const counts = new ReplicaSetPodCounts(store, (o) => labelSelectorFromSpec(o.spec?.selector));
    const owner = rs('a', 'uid-a', { app: 'a' }, { app: 'a' });
    const pod = (ready: boolean): KObject => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'default', labels: { app: 'a' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'a', uid: 'uid-a', controller: true }] },
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
    });
    const first = store.put('/Pod', pod(false));
    expect(counts.counts('default/a', owner)).toMatchObject({ claimed: 1, ready: 0 });
    const second = store.put('/Pod', pod(true));
    // A nested write delivered first: the informer sees rv 2 before rv 1 is re-reported.
    counts.podChanged({ rv: 2, type: 'MODIFIED', kindKey: '/Pod', object: second }, 'uid-a');
    counts.podChanged({ rv: 1, type: 'MODIFIED', kindKey: '/Pod', object: first }, 'uid-a');
    expect(counts.counts('default/a', owner)).toMatchObject({ claimed: 1, ready: 1 });
    expect(counts.counts('default/a', owner)).toEqual(bruteForce(store, owner));
  });
});
