// The mirror's per-kind revisions: views that show one kind re-derive only when it changed.
import { describe, expect, it } from 'vitest';
import type { ObjectEntry } from '../worker/protocol';
import { PROTOCOL_VERSION } from '../worker/protocol';
import { objectsOfKind, objectsSnapshot, useUiStore } from './store';

const entry = (kindKey: string, uid: string, name: string): ObjectEntry => ({ kindKey, object: { apiVersion: 'v1', kind: kindKey.split('/')[1], metadata: { uid, name, namespace: 'default' } } });

describe('kindRevs and membersRev', () => {
  it('move for the kinds a batch touched, and membersRev only on adds and removes', () => {
    const s = useUiStore.getState();
    s.mirrorReset({ type: 'ready', version: PROTOCOL_VERSION, snapshotRv: 1, nowMs: 0, playing: true, speed: 1, objects: [entry('/Pod', 'p1', 'a'), entry('/Namespace', 'n1', 'default')], kinds: [] });
    const r0 = useUiStore.getState();
    expect(r0.kindRevs['/Pod']).toBeDefined();
    expect(r0.kindRevs['/Event']).toBeUndefined();

    // A pod update: Pods move, Namespaces and membership do not.
    s.mirrorBatch({ type: 'batch', rv: 2, nowMs: 16, added: {}, updated: { p1: entry('/Pod', 'p1', 'a') }, removed: [] });
    const r1 = useUiStore.getState();
    expect(r1.kindRevs['/Pod']).not.toBe(r0.kindRevs['/Pod']);
    expect(r1.kindRevs['/Namespace']).toBe(r0.kindRevs['/Namespace']);
    expect(r1.membersRev).toBe(r0.membersRev);

    // An Event added: Events and membership move.
    s.mirrorBatch({ type: 'batch', rv: 3, nowMs: 32, added: { e1: entry('/Event', 'e1', 'a.1') }, updated: {}, removed: [] });
    const r2 = useUiStore.getState();
    expect(r2.kindRevs['/Event']).toBeDefined();
    expect(r2.membersRev).not.toBe(r1.membersRev);
    expect(r2.kindRevs['/Pod']).toBe(r1.kindRevs['/Pod']);

    // A removal moves the removed object's kind.
    s.mirrorBatch({ type: 'batch', rv: 4, nowMs: 48, added: {}, updated: {}, removed: ['n1'] });
    const r3 = useUiStore.getState();
    expect(r3.kindRevs['/Namespace']).not.toBe(r2.kindRevs['/Namespace']);
    expect(r3.membersRev).not.toBe(r2.membersRev);

    // A clock-only batch moves nothing.
    s.mirrorBatch({ type: 'batch', rv: 4, nowMs: 1000, added: {}, updated: {}, removed: [] });
    expect(useUiStore.getState().kindRevs).toBe(r3.kindRevs);
  });
});

describe('the mirror', () => {
  it('applies batches in place per kind, and snapshots a record once per revision', () => {
    const s = useUiStore.getState();
    s.mirrorReset({ type: 'ready', version: PROTOCOL_VERSION, snapshotRv: 1, nowMs: 0, playing: true, speed: 1, objects: [entry('/Pod', 'p1', 'a'), entry('/Node', 'n1', 'w1')], kinds: [] });
    const r0 = useUiStore.getState();
    const snap0 = objectsSnapshot(r0);
    expect(Object.keys(snap0)).toEqual(['p1', 'n1']);
    expect(objectsSnapshot(r0)).toBe(snap0);
    const p1b = entry('/Pod', 'p1', 'a');
    s.mirrorBatch({ type: 'batch', rv: 2, nowMs: 16, added: { p2: entry('/Pod', 'p2', 'b') }, updated: { p1: p1b }, removed: ['n1'] });
    const r1 = useUiStore.getState();
    expect(r1.index).toBe(r0.index);
    expect(r1.objectsRev).not.toBe(r0.objectsRev);
    expect([...objectsOfKind(r1, '/Pod').keys()]).toEqual(['p1', 'p2']);
    expect(objectsOfKind(r1, '/Pod').get('p1')).toBe(p1b);
    expect(objectsOfKind(r1, '/Node').size).toBe(0);
    expect(r1.index.has('n1')).toBe(false);
    const snap1 = objectsSnapshot(r1);
    expect(snap1).not.toBe(snap0);
    expect(Object.keys(snap1)).toEqual(['p1', 'p2']);
    expect(snap0.n1).toBeDefined();
    // Selecting a removed object clears the selection.
    s.select('p2');
    s.mirrorBatch({ type: 'batch', rv: 3, nowMs: 32, added: {}, updated: {}, removed: ['p2'] });
    expect(useUiStore.getState().selection.uid).toBeNull();
    // A reset starts fresh maps.
    s.mirrorReset({ type: 'ready', version: PROTOCOL_VERSION, snapshotRv: 5, nowMs: 0, playing: true, speed: 1, objects: [], kinds: [] });
    expect(useUiStore.getState().index).not.toBe(r1.index);
    expect(useUiStore.getState().index.size).toBe(0);
    expect(r1.index.size).toBe(1);
  });
});
