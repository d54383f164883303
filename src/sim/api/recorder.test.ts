import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import { EVENT_TTL_MS } from './recorder';
import { isStatus, type KObject, type Status } from './types';

describe('EventRecorder', () => {
  it('records core/v1 Events named <object>.<hex nanos>, in the object namespace or default', () => {
    const c = new Cluster({ seed: 1 });
    const node = c.get('/Node', undefined, 'kubeplay-worker')!;
    c.events.record(node, 'Normal', 'NodeReady', 'Node kubeplay-worker status is now: NodeReady', { component: 'kubelet', host: 'kubeplay-worker' });
    const [ev] = c.list('/Event', 'default');
    expect(ev.metadata.name).toMatch(/^kubeplay-worker\.[0-9a-f]{16}$/);
    expect(ev).toMatchObject({
      reason: 'NodeReady',
      type: 'Normal',
      count: 1,
      source: { component: 'kubelet', host: 'kubeplay-worker' },
      involvedObject: { kind: 'Node', name: 'kubeplay-worker', uid: node.metadata.uid },
    });
  });

  it('aggregates identical events by count and lastTimestamp; different messages are separate', () => {
    const c = new Cluster({ seed: 1 });
    const ns = c.get('/Namespace', undefined, 'default')!;
    c.events.record(ns, 'Warning', 'Test', 'same', { component: 'me' });
    const first = c.list('/Event', 'default')[0];
    c.advance(30_000);
    c.events.record(ns, 'Warning', 'Test', 'same', { component: 'me' });
    c.events.record(ns, 'Warning', 'Test', 'other', { component: 'me' });
    const events = c.list('/Event', 'default');
    expect(events).toHaveLength(2);
    const same = events.find((e) => e.message === 'same')!;
    expect(same.metadata.name).toBe(first.metadata.name);
    expect(same.count).toBe(2);
    expect(Date.parse(same.lastTimestamp) - Date.parse(same.firstTimestamp)).toBe(30_000);
    const r = c.kubectl('get events');
    expect(r.output).toContain('Warning   Test     namespace/default   same');
  });

  it('aggregates by every field of the key (source host, fieldPath, type), after a deleted event starts a new one, and after a restore', () => {
    const c = new Cluster({ seed: 1 });
    const ns = c.get('/Namespace', undefined, 'default')!;
    const src = { component: 'kubelet', host: 'a' };
    c.events.record(ns, 'Normal', 'R', 'm', src);
    c.events.record(ns, 'Normal', 'R', 'm', { component: 'kubelet', host: 'b' });
    c.events.record(ns, 'Normal', 'R', 'm', src, 'spec.containers{x}');
    c.events.record(ns, 'Warning', 'R', 'm', src);
    c.events.record(ns, 'Normal', 'R', 'm', src);
    expect(c.list('/Event', 'default').map((e) => e.count)).toEqual([2, 1, 1, 1]);
    const first = c.list('/Event', 'default')[0]!;
    c.kubectl(`delete event ${first.metadata.name}`);
    c.events.record(ns, 'Normal', 'R', 'm', src);
    const again = c.list('/Event', 'default').find((e) => e.source.host === 'a' && !e.involvedObject.fieldPath && e.type === 'Normal')!;
    expect(again.metadata.uid).not.toBe(first.metadata.uid);
    expect(again.count).toBe(1);
    const restored = Cluster.restore(c.snapshot());
    restored.events.record(restored.get('/Namespace', undefined, 'default')!, 'Normal', 'R', 'm', src);
    expect(restored.get('/Event', 'default', again.metadata.name!)!.count).toBe(2);
    expect(restored.list('/Event', 'default')).toHaveLength(4);
  });

  it('expires events an hour after they were last seen', () => {
    const c = new Cluster({ seed: 1 });
    const ns = c.get('/Namespace', undefined, 'default')!;
    c.events.record(ns, 'Normal', 'Test', 'x', { component: 'me' });
    c.advance(EVENT_TTL_MS - 1000);
    c.events.record(ns, 'Normal', 'Test', 'x', { component: 'me' });
    c.advance(2000);
    expect(c.list('/Event', 'default')).toHaveLength(1);
    c.advance(EVENT_TTL_MS);
    expect(c.list('/Event', 'default')).toHaveLength(0);
  });
});

describe('watch from a resourceVersion', () => {
  it('replays missed changes in order, then follows live ones; too old is 410 Gone', () => {
    const c = new Cluster({ seed: 1 });
    const cm = c.kinds.byKind('ConfigMap')!;
    const from = c.resourceVersion;
    c.kubectl('create configmap a');
    c.kubectl('create configmap b');
    const seen: string[] = [];
    const stop = c.api.watchFrom(cm, from, (ch) => seen.push(`${ch.type} ${ch.object.metadata.name} ${ch.rv}`));
    expect(isStatus(stop)).toBe(false);
    c.kubectl('delete configmap a');
    (stop as () => void)();
    c.kubectl('delete configmap b');
    expect(seen).toEqual([`ADDED a ${from + 1}`, `ADDED b ${from + 2}`, `DELETED a ${from + 3}`]);
    // Push the window past the start: 20,000 more writes.
    for (let i = 0; i < 20_001; i++) c.api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'x-' } });
    const gone = c.api.watchFrom(cm, from, () => {}) as Status;
    expect(gone.code).toBe(410);
    expect(gone.message).toMatch(/^too old resource version: \d+ \(\d+\)$/);
  });
});

describe('ApiServer.createEvent (the recorder fast path)', () => {
  const event = (name: string, namespace: string, involvedNs: string | undefined) => ({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace },
    involvedObject: { apiVersion: 'v1', kind: 'Pod', name: 'web', namespace: involvedNs, uid: 'u-1', resourceVersion: '7' },
    reason: 'Pulled',
    message: 'Successfully pulled image',
    source: { component: 'kubelet', host: 'kubeplay-worker' },
    firstTimestamp: '2025-01-15T09:00:00Z',
    lastTimestamp: '2025-01-15T09:00:00Z',
    count: 1,
    type: 'Normal',
    eventTime: null,
    reportingComponent: 'kubelet',
    reportingInstance: 'kubeplay-worker',
  });

  it('stores byte for byte what create stores, with the same resourceVersion and rng draws, and the same errors', () => {
    const kindFirst = ({ kind, ...rest }: ReturnType<typeof event>) => ({ kind, ...rest });
    const cases: Record<string, unknown>[] = [
      event('web.1', 'default', 'default'),
      event('web.2', 'default', undefined),
      event('x'.repeat(260), 'default', 'default'), // name too long: invalid
      event('web.3', 'missing', 'missing'), // namespace not found (admission)
      event('web.4', 'default', 'other'), // involvedObject.namespace mismatch: invalid
      event('web.1', 'default', 'default'), // already exists
      event('Web.5', 'default', 'default'), // not a DNS subdomain: invalid
      event('web-.6', 'default', 'default'), // not a DNS subdomain: invalid
      event('web.7', 'kube-system', undefined), // no involved namespace outside default: invalid
      event('web.8', 'kube-system', 'kube-system'),
      event('web.9', 'default', ''),
      { ...event('web.10', 'default', 'default'), message: 42 }, // wrong type: invalid
      { ...event('web.11', 'default', 'default'), metadata: { name: 'web.11', namespace: 'default', labels: { 'a/b/c': 'x' } } }, // bad label: invalid
      // Not the recorder's shape: the general create path (labels and annotations kept, key order, undefined fields).
      { ...event('web.12', 'default', 'default'), metadata: { name: 'web.12', namespace: 'default', labels: { a: 'b' }, annotations: { x: 'y' } } },
      { ...event('web.13', 'default', 'default'), metadata: { namespace: 'default', name: 'web.13' } },
      { ...event('web.14', 'default', 'default'), metadata: { name: 'web.14', namespace: 'default', uid: 'mine', creationTimestamp: '2020-01-01T00:00:00Z' } },
      kindFirst(event('web.15', 'default', 'default')),
      { ...event('web.16', 'default', 'default'), reportingInstance: undefined },
      { ...event('web.17', 'default', 'default'), extra: 'field' },
      { ...event('', 'default', 'default'), metadata: { generateName: 'web-', namespace: 'default' } },
    ];
    const slow = new Cluster({ seed: 4 });
    const fast = new Cluster({ seed: 4 });
    for (const ev of cases) {
      const a = slow.api.create(structuredClone(ev) as KObject);
      const b = fast.api.createEvent(structuredClone(ev) as KObject);
      expect(JSON.stringify(b)).toBe(JSON.stringify(a));
      expect(isStatus(b)).toBe(isStatus(a));
      expect(fast.resourceVersion).toBe(slow.resourceVersion);
      // The rng stands at the same draw: the next generated name is the same.
      const probe = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'probe-' } };
      expect(JSON.stringify(fast.api.create(structuredClone(probe)))).toBe(JSON.stringify(slow.api.create(structuredClone(probe))));
    }
    expect(JSON.stringify(fast.list('/Event'))).toBe(JSON.stringify(slow.list('/Event')));
  });
  it('shares the source, an identical involved object and messages that do not name the object between Events', () => {
    const c = new Cluster({ seed: 1 });
    const node = c.get('/Node', undefined, 'kubeplay-worker')!;
    const src = { component: 'kubelet', host: 'kubeplay-worker' };
    c.events.record(node, 'Normal', 'A', 'Pulled the image', src, 'spec.containers{app}');
    c.events.record(node, 'Normal', 'B', 'Started container app', src, 'spec.containers{app}');
    c.events.record(node, 'Normal', 'C', `Node ${node.metadata.name} is ready`, { component: 'kubelet', host: 'other' });
    const byReason = Object.fromEntries(c.list('/Event', 'default').map((e) => [e.reason, e]));
    expect(byReason.A.source).toBe(byReason.B.source);
    expect(byReason.A.involvedObject).toBe(byReason.B.involvedObject);
    expect(byReason.C.source).not.toBe(byReason.A.source);
    expect(byReason.C.involvedObject).not.toBe(byReason.A.involvedObject);
    expect(byReason.C.involvedObject.fieldPath).toBeUndefined();
    expect(byReason.A.source).toEqual(src);
    expect(byReason.C.source).toEqual({ component: 'kubelet', host: 'other' });
    c.events.record(node, 'Normal', 'D', 'Started container app', { component: 'kubelet' });
    const d = c.list('/Event', 'default').find((e) => e.reason === 'D')!;
    expect(d.message).toBe('Started container app');
    expect(d.source).toEqual({ component: 'kubelet' });
  });
});
