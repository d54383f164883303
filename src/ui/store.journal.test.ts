// The Event journal: the timeline reads the Events changed since its last read, not all of them.
import { describe, expect, it } from 'vitest';
import type { ObjectEntry } from '../worker/protocol';
import { PROTOCOL_VERSION } from '../worker/protocol';
import { eventChangesSince, JOURNAL_MAX, useUiStore } from './store';
import { TimelineEntries } from './timeline/model';

const entry = (kindKey: string, uid: string, name: string, rv = 1): ObjectEntry => ({
  kindKey,
  object: { apiVersion: 'v1', kind: kindKey.split('/')[1], metadata: { uid, name, namespace: 'default', resourceVersion: String(rv) }, reason: 'Started', lastTimestamp: `2025-01-15T09:00:${String(rv % 60).padStart(2, '0')}Z` },
});
const reset = (objects: ObjectEntry[]) =>
  useUiStore.getState().mirrorReset({ type: 'ready', version: PROTOCOL_VERSION, snapshotRv: 1, nowMs: 0, playing: true, speed: 1, objects, kinds: [] });
const batch = (added: ObjectEntry[], updated: ObjectEntry[] = [], removed: string[] = []) =>
  useUiStore.getState().mirrorBatch({
    type: 'batch',
    rv: 2,
    nowMs: 16,
    added: Object.fromEntries(added.map((e) => [e.object.metadata.uid, e])),
    updated: Object.fromEntries(updated.map((e) => [e.object.metadata.uid, e])),
    removed,
  });

describe('eventChangesSince', () => {
  it('lists the Events added, changed and removed since a cursor, and asks for a full read after a reset', () => {
    reset([entry('/Event', 'e1', 'a.1'), entry('/Pod', 'p1', 'a')]);
    const first = eventChangesSince(null);
    expect(first.uids).toBeNull();
    batch([entry('/Event', 'e2', 'a.2'), entry('/Pod', 'p2', 'b')], [entry('/Event', 'e1', 'a.1', 2)]);
    batch([entry('events.k8s.io/Event', 'e3', 'a.3')], [], ['e2', 'p1']);
    const next = eventChangesSince(first.cursor);
    expect(next.uids).toEqual(['e2', 'e1', 'e3', 'e2']);
    expect(eventChangesSince(next.cursor).uids).toEqual([]);
    reset([entry('/Event', 'e1', 'a.1')]);
    expect(eventChangesSince(next.cursor).uids).toBeNull();
  });

  it('asks a reader that fell further behind than the journal keeps for a full read', () => {
    reset([]);
    const start = eventChangesSince(null).cursor;
    for (let i = 0; i < JOURNAL_MAX / 100 + 1; i++) batch(Array.from({ length: 100 }, (_, k) => entry('/Event', `e${i}-${k}`, `x.${i}-${k}`)));
    expect(eventChangesSince(start).uids).toBeNull();
  });

  it('gives the timeline what a walk of every Event gives', () => {
    reset([entry('/Event', 'e1', 'a.1', 1), entry('/Event', 'e2', 'a.2', 2)]);
    const walked = new TimelineEntries();
    const journaled = new TimelineEntries();
    const events = () => [...(useUiStore.getState().byKind.get('/Event')?.values() ?? [])];
    let cursor = eventChangesSince(null).cursor;
    journaled.update(events(), []);
    const steps: [ObjectEntry[], ObjectEntry[], string[]][] = [
      [[entry('/Event', 'e3', 'a.3', 3)], [], []],
      [[entry('/Event', 'e4', 'a.4', 4)], [entry('/Event', 'e1', 'a.1', 5)], []],
      [[], [], ['e2']],
      [[entry('/Event', 'e5', 'a.5', 0)], [entry('/Event', 'e4', 'a.4', 6)], ['e3']],
    ];
    for (const [added, updated, removed] of steps) {
      batch(added, updated, removed);
      const changes = eventChangesSince(cursor);
      cursor = changes.cursor;
      const index = useUiStore.getState().index;
      const got = journaled.updateChanged(changes.uids!, (uid) => index.get(uid), []);
      expect(got.map((e) => e.key)).toEqual(walked.update(events(), []).map((e) => e.key));
    }
    expect(journaled.namespaces()).toEqual(['default']);
  });
});
