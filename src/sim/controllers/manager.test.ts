import { describe, expect, it } from 'vitest';
import { ObjectStore, type StoredChange } from '../api/store';
import type { KObject } from '../api/types';
import { ControllerManager, type Controller } from './manager';

const obj = (kind: string, name: string): KObject => ({ apiVersion: 'v1', kind, metadata: { name, namespace: 'default' } });

/** A controller that records every change it is shown and asks for one key per change. */
function recorder(name: string, kinds?: string[]): Controller & { seen: string[]; synced: string[] } {
  const c = {
    name,
    seen: [] as string[],
    synced: [] as string[],
    keysFor(ch: StoredChange) {
      c.seen.push(`${ch.kindKey} ${ch.object.metadata.name}`);
      return [`${ch.kindKey}/${ch.object.metadata.name}`];
    },
    sync(key: string) {
      c.synced.push(key);
    },
    ...(kinds ? { kinds } : {}),
  };
  return c;
}

function fixture() {
  const store = new ObjectStore();
  const timers: { atMs: number; data: { controller: string } }[] = [];
  const mgr = new ControllerManager(store, { now: () => 0, schedule: (atMs, _type, data) => timers.push({ atMs, data: data as { controller: string } }) });
  return { store, mgr, timers };
}

describe('ControllerManager', () => {
  it('shows a controller only the changes of the kinds it declares; one without kinds sees every change', () => {
    const { store, mgr } = fixture();
    const pods = recorder('pods', ['/Pod']);
    const all = recorder('all');
    mgr.register(pods);
    mgr.register(all);
    mgr.start();
    store.put('/Pod', obj('Pod', 'p'));
    store.put('/Event', obj('Event', 'e'));
    store.remove('/Pod', 'default', 'p');
    expect(pods.seen).toEqual(['/Pod p', '/Pod p']);
    expect(all.seen).toEqual(['/Pod p', '/Event e', '/Pod p']);
  });

  it('keeps registration order per kind, also for a controller registered after the first change', () => {
    const { store, mgr, timers } = fixture();
    mgr.register(recorder('b', ['/Pod']));
    mgr.start();
    store.put('/Pod', obj('Pod', 'p1'));
    const late = recorder('a', ['/Pod', '/Node']);
    mgr.register(late);
    store.put('/Pod', obj('Pod', 'p2'));
    store.put('/Node', obj('Node', 'n'));
    expect(late.seen).toEqual(['/Pod p2', '/Node n']);
    // Work is queued in the order controllers were registered: b, then a.
    expect(timers.map((t) => t.data.controller)).toEqual(['b', 'a']);
  });
});
