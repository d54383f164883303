import { describe, expect, it } from 'vitest';
import type { ObjectEntry } from '../../worker/protocol';
import { allEntries, eventsFor, filterEntries } from './model';

const ev = (name: string, type: string, reason: string, kind: string, obj: string, ns: string, ts: string, rv: number): ObjectEntry => ({
  kindKey: '/Event',
  object: {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: ns, uid: `e-${name}`, resourceVersion: String(rv) },
    involvedObject: { kind, name: obj, namespace: ns, uid: `u-${obj}` },
    type,
    reason,
    message: `${reason} ${obj}`,
    source: { component: 'kubelet' },
    lastTimestamp: ts,
    count: 1,
  },
});

const objects: Record<string, ObjectEntry> = {
  a: ev('a', 'Normal', 'Scheduled', 'Pod', 'web-1', 'default', '2025-01-15T09:00:01Z', 10),
  b: ev('b', 'Normal', 'Pulled', 'Pod', 'web-1', 'default', '2025-01-15T09:00:01Z', 11),
  c: ev('c', 'Warning', 'FailedScheduling', 'Pod', 'db-0', 'data', '2025-01-15T09:00:05Z', 12),
};

describe('timeline model', () => {
  it('sorts newest first, resourceVersion breaking ties, with actions', () => {
    const entries = allEntries(objects, [{ id: 1, timeMs: Date.parse('2025-01-15T09:00:03Z'), label: 'Crash node', output: 'ok', ok: true }]);
    expect(entries.map((e) => e.reason)).toEqual(['FailedScheduling', 'UserAction', 'Pulled', 'Scheduled']);
    expect(entries[0]).toMatchObject({ type: 'Warning', object: 'Pod/db-0', namespace: 'data', source: 'kubelet', uid: 'u-db-0' });
  });

  it('filters by type, reason, object and namespace', () => {
    const entries = allEntries(objects, []);
    expect(filterEntries(entries, { type: 'Warning' }).map((e) => e.key)).toEqual(['e-c']);
    expect(filterEntries(entries, { reason: 'pull' }).map((e) => e.key)).toEqual(['e-b']);
    expect(filterEntries(entries, { object: 'web' }).length).toBe(2);
    expect(filterEntries(entries, { namespace: 'data' }).map((e) => e.key)).toEqual(['e-c']);
  });

  it('gives an object’s events oldest first', () => {
    const entries = allEntries(objects, []);
    expect(eventsFor(entries, new Set(['u-web-1'])).map((e) => e.reason)).toEqual(['Scheduled', 'Pulled']);
  });
});
