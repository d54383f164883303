import { describe, expect, it } from 'vitest';
import type { KObject } from '../../api/types';
import { PodIndex } from './podindex';
import type { NodeKubeletState, PodState } from './state';

function node(name: string): NodeKubeletState {
  return { name, images: {}, pullFreeAtMs: 0, lastIpIndex: 1, ips: {}, pods: {}, dirty: [], relistPhaseMs: 0 };
}

function podState(nodeName: string, uid: string, name: string): PodState {
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { uid, name, namespace: 'default' } } as KObject;
  return { uid, namespace: 'default', name, node: nodeName, pod, slots: {}, pullBackoff: {} };
}

describe('PodIndex', () => {
  it('indexes the pods it is built over and the ones added later', () => {
    const nodes = { a: node('a') };
    const web = podState('a', 'u1', 'web');
    nodes.a.pods[web.uid] = web;
    const idx = new PodIndex(nodes);
    expect(idx.podByUid('u1')).toBe(web);
    expect(idx.podByKey('default', 'web')).toBe(web);
    const db = podState('a', 'u2', 'db');
    nodes.a.pods[db.uid] = db;
    idx.add(db);
    expect(idx.podByKey('default', 'db')).toBe(db);
    expect(idx.podByKey('default', 'nope')).toBeUndefined();
  });

  it('checks hits against the cache: a pod removed from the cache but not the index is not found', () => {
    const nodes = { a: node('a') };
    const web = podState('a', 'u1', 'web');
    nodes.a.pods[web.uid] = web;
    const idx = new PodIndex(nodes);
    delete nodes.a.pods[web.uid];
    expect(idx.podByUid('u1')).toBeUndefined();
    expect(idx.podByKey('default', 'web')).toBeUndefined();
  });

  it('a name on two nodes (recreated elsewhere) answers the first in node order; removal keeps the other', () => {
    const nodes = { a: node('a'), b: node('b') };
    const old = podState('a', 'u1', 'web');
    const fresh = podState('b', 'u2', 'web');
    nodes.b.pods[fresh.uid] = fresh;
    nodes.a.pods[old.uid] = old;
    const idx = new PodIndex(nodes);
    expect(idx.podByKey('default', 'web')).toBe(old);
    delete nodes.a.pods[old.uid];
    idx.remove(old);
    expect(idx.podByKey('default', 'web')).toBe(fresh);
    expect(idx.podByUid('u2')).toBe(fresh);
  });

  it('builds its uid lookup on first use, then keeps it up to date', () => {
    // podByUid falls back to a scan over `nodes` on a miss, so a lookup alone cannot tell an
    // index kept up to date from a scan: count the scans (each walks the node map's keys).
    let scans = 0;
    const nodes = new Proxy({ a: node('a'), b: node('b') } as Record<string, NodeKubeletState>, {
      ownKeys(target) {
        scans++;
        return Reflect.ownKeys(target);
      },
    });
    const idx = new PodIndex(nodes);
    const web = podState('a', 'u1', 'web');
    nodes.a!.pods[web.uid] = web;
    idx.add(web);
    scans = 0;
    expect(idx.podByUid('u1')).toBe(web);
    expect(scans).toBe(1); // the lookup built on first use
    // add(): the new pod is found through the lookup, without a scan.
    const db = podState('a', 'u2', 'db');
    nodes.a!.pods[db.uid] = db;
    idx.add(db);
    expect(idx.podByUid('u2')).toBe(db);
    expect(scans).toBe(1);
    // remove(): its entry goes, so the same uid registered again elsewhere is indexed afresh
    // (add() keeps an existing entry) and found without a scan.
    delete nodes.a!.pods[web.uid];
    idx.remove(web);
    const moved = podState('b', 'u1', 'web');
    nodes.b!.pods[moved.uid] = moved;
    idx.add(moved);
    expect(idx.podByUid('u1')).toBe(moved);
    expect(scans).toBe(1);
    // A uid the cache no longer holds: not found (the miss scans).
    delete nodes.b!.pods[moved.uid];
    idx.remove(moved);
    expect(idx.podByUid('u1')).toBeUndefined();
  });
});
