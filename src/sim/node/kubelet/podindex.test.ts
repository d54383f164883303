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
    const nodes = { a: node('a') };
    const idx = new PodIndex(nodes);
    const web = podState('a', 'u1', 'web');
    nodes.a.pods[web.uid] = web;
    idx.add(web);
    expect(idx.podByUid('u1')).toBe(web);
    const db = podState('a', 'u2', 'db');
    nodes.a.pods[db.uid] = db;
    idx.add(db);
    expect(idx.podByUid('u2')).toBe(db);
    delete nodes.a.pods[web.uid];
    idx.remove(web);
    expect(idx.podByUid('u1')).toBeUndefined();
  });
});
