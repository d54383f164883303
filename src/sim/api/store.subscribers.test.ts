import { describe, expect, it } from 'vitest';
import { ObjectStore } from './store';
import type { KObject } from './types';

const obj = (kind: string, name: string): KObject => ({ apiVersion: 'v1', kind, metadata: { name, namespace: 'default' } });

describe('ObjectStore subscriptions', () => {
  it('hands each change to every-kind and same-kind subscribers in subscription order', () => {
    const s = new ObjectStore();
    const seen: string[] = [];
    s.subscribe((c) => seen.push(`all1 ${c.kindKey}`));
    s.subscribe((c) => seen.push(`pod ${c.kindKey}`), '/Pod');
    s.subscribe((c) => seen.push(`all2 ${c.kindKey}`));
    s.subscribe((c) => seen.push(`event ${c.kindKey}`), '/Event');
    s.put('/Pod', obj('Pod', 'p'));
    s.put('/Event', obj('Event', 'e'));
    s.put('/ConfigMap', obj('ConfigMap', 'c'));
    s.remove('/Pod', 'default', 'p');
    expect(seen).toEqual([
      'all1 /Pod', 'pod /Pod', 'all2 /Pod',
      'all1 /Event', 'all2 /Event', 'event /Event',
      'all1 /ConfigMap', 'all2 /ConfigMap',
      'all1 /Pod', 'pod /Pod', 'all2 /Pod',
    ]);
  });

  it('skips a subscription ended by an earlier handler of the same change', () => {
    const s = new ObjectStore();
    const seen: string[] = [];
    let stopB = (): void => {};
    s.subscribe(() => {
      seen.push('a');
      stopB();
    });
    stopB = s.subscribe(() => seen.push('b'), '/Pod');
    s.subscribe(() => seen.push('c'));
    s.put('/Pod', obj('Pod', 'p'));
    s.put('/Pod', obj('Pod', 'q'));
    expect(seen).toEqual(['a', 'c', 'a', 'c']);
  });

  it('hands the current change to subscriptions made while it is handed out, last, as a Set iteration would', () => {
    const s = new ObjectStore();
    const seen: string[] = [];
    let once = true;
    s.subscribe((c) => {
      seen.push(`a ${c.object.metadata.name}`);
      if (once) {
        once = false;
        s.subscribe((c2) => seen.push(`late-pod ${c2.object.metadata.name}`), '/Pod');
        s.subscribe((c2) => seen.push(`late-cm ${c2.object.metadata.name}`), '/ConfigMap');
        s.subscribe((c2) => seen.push(`late-all ${c2.object.metadata.name}`));
      }
    });
    s.subscribe((c) => seen.push(`b ${c.object.metadata.name}`));
    s.put('/Pod', obj('Pod', 'p'));
    s.put('/Pod', obj('Pod', 'q'));
    expect(seen).toEqual(['a p', 'b p', 'late-pod p', 'late-all p', 'a q', 'b q', 'late-pod q', 'late-all q']);
  });

  it('subscribes a handler once per kind; its unsubscribe is idempotent', () => {
    const s = new ObjectStore();
    let calls = 0;
    const h = (): void => {
      calls++;
    };
    const stop1 = s.subscribe(h);
    s.subscribe(h);
    s.put('/Pod', obj('Pod', 'p'));
    expect(calls).toBe(1);
    stop1();
    stop1();
    s.put('/Pod', obj('Pod', 'q'));
    expect(calls).toBe(1);
  });
});
