import { describe, expect, it } from 'vitest';
import type { ObjectEntry } from '../../worker/protocol';
import type { ActionEntry } from '../views/viewStore';
import { actionEntry, eventEntry, eventsAbout, filterEntries, isEvent, newestFirst, TimelineEntries, type TimelineEntry } from './model';

/** The reference: every Event and action, sorted from scratch (what TimelineEntries keeps sorted). */
function allEntries(objects: Record<string, ObjectEntry>, actions: ActionEntry[]): TimelineEntry[] {
  const out = Object.values(objects).filter(isEvent).map((e) => eventEntry(e.object));
  for (const a of actions) out.push(actionEntry(a));
  return out.sort(newestFirst);
}

/** The reference cause chain: the entries about `uids`, oldest first. */
function eventsFor(entries: TimelineEntry[], uids: Set<string>): TimelineEntry[] {
  return entries.filter((e) => e.uid && uids.has(e.uid)).reverse();
}

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

describe('TimelineEntries (kept sorted across renders)', () => {
  it('merges new Events in, drops gone and replaced ones, and matches a full sort', () => {
    const t = new TimelineEntries();
    const first = t.update(Object.values(objects), []);
    expect(first).toEqual(allEntries(objects, []));
    expect(t.update(Object.values(objects), [])).toBe(first);
    // b is replaced (count 2, later), d arrives between a and c, an action arrives.
    const b2 = ev('b', 'Normal', 'Pulled', 'Pod', 'web-1', 'default', '2025-01-15T09:00:06Z', 14);
    const d = ev('d', 'Normal', 'Started', 'Pod', 'web-1', 'default', '2025-01-15T09:00:02Z', 13);
    const next = { a: objects.a, b: b2, c: objects.c, d };
    const actions = [{ id: 1, timeMs: Date.parse('2025-01-15T09:00:03Z'), label: 'Crash node', output: 'ok', ok: true }];
    const second = t.update(Object.values(next), actions);
    expect(second.map((e) => e.key)).toEqual(['e-b', 'e-c', 'action-1', 'e-d', 'e-a']);
    expect(second).toEqual(allEntries(next, actions));
    // Entries are the cached ones: an unchanged Event keeps its entry object.
    expect(second[4]).toBe(first[2]);
    // a goes.
    const third = t.update([next.b, next.c, next.d], actions);
    expect(third.map((e) => e.key)).toEqual(['e-b', 'e-c', 'action-1', 'e-d']);
  });

  it('takes only changed Events (updateChanged) and keeps the namespaces of its entries', () => {
    const t = new TimelineEntries();
    const first = t.update(Object.values(objects), []);
    expect(t.namespaces()).toEqual(['data', 'default']);
    const lookup = (m: Record<string, ObjectEntry>) => (uid: string) => Object.values(m).find((e) => e.object.metadata.uid === uid);
    // Nothing changed under the keys given: the same array.
    expect(t.updateChanged(['e-a', 'e-a'], lookup(objects), [])).toBe(first);
    // c (the only Event in `data`) goes, d arrives in `web`.
    const d = ev('d', 'Normal', 'Started', 'Pod', 'web-2', 'web', '2025-01-15T09:00:02Z', 13);
    const next = { a: objects.a, b: objects.b, d };
    const second = t.updateChanged(['e-c', 'e-d'], lookup(next), []);
    expect(second).toEqual(allEntries(next, []));
    expect(t.namespaces()).toEqual(['default', 'web']);
  });

  it('hands back the list itself when no filter is set', () => {
    const entries = allEntries(objects, []);
    expect(filterEntries(entries, {})).toBe(entries);
  });

  it('eventsAbout gives what eventsFor over every entry gives, oldest first', () => {
    const more = { ...objects, d: ev('d', 'Normal', 'Started', 'Pod', 'web-1', 'default', '2025-01-15T09:00:01Z', 9) };
    const actions = [{ id: 1, timeMs: Date.parse('2025-01-15T09:00:03Z'), label: 'Kill pod', output: 'ok', ok: true, uid: 'u-web-1' }];
    for (const uids of [new Set(['u-web-1']), new Set(['u-db-0', 'u-web-1']), new Set(['nobody'])]) {
      const want = eventsFor(allEntries(more, actions), uids);
      expect(eventsAbout(Object.values(more), actions, uids)).toEqual(want);
    }
    expect(eventsAbout(Object.values(more), actions, new Set(['u-web-1'])).map((e) => e.reason)).toEqual(['Started', 'Scheduled', 'Pulled', 'UserAction']);
  });
});
