// Pure model of the event timeline: every Event object plus the local action log, newest first,
// filtered by type, reason, object and namespace.

import type { KObject } from '../../sim/api/types';
import { mirrorKey, type ObjectEntry } from '../../worker/protocol';
import type { ActionEntry } from '../views/viewStore';

export interface TimelineEntry {
  key: string;
  timeMs: number;
  /** `Normal`, `Warning`, or `Action` for the user's own actions. */
  type: string;
  reason: string;
  /** `Pod/web-5d8f-abcde` */
  object: string;
  namespace: string;
  message: string;
  source: string;
  count: number;
  /** The involved object's uid (clicking selects it). */
  uid?: string;
  /** Tie-break within a second: the Event's resourceVersion. */
  seq: number;
}

export interface TimelineFilter {
  type?: string;
  reason?: string;
  object?: string;
  namespace?: string;
}

export function eventEntry(e: KObject): TimelineEntry {
  const inv = e.involvedObject ?? e.regarding ?? {};
  const t = Date.parse(e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata.creationTimestamp ?? '');
  return {
    key: e.metadata.uid ?? `${e.metadata.namespace}/${e.metadata.name}`,
    timeMs: Number.isFinite(t) ? t : 0,
    type: e.type ?? 'Normal',
    reason: e.reason ?? '',
    object: `${inv.kind ?? '?'}/${inv.name ?? '?'}`,
    namespace: inv.namespace ?? e.metadata.namespace ?? '',
    message: e.message ?? e.note ?? '',
    source: e.source?.component ?? e.reportingComponent ?? e.reportingController ?? '',
    count: e.count ?? 1,
    uid: inv.uid,
    seq: Number(e.metadata.resourceVersion ?? 0),
  };
}

export function actionEntry(a: ActionEntry): TimelineEntry {
  return {
    key: `action-${a.id}`,
    timeMs: a.timeMs,
    type: 'Action',
    reason: a.ok ? 'UserAction' : 'UserActionFailed',
    object: a.label,
    namespace: '',
    message: a.output,
    source: 'you',
    count: 1,
    uid: a.uid,
    seq: Number.MAX_SAFE_INTEGER - 1_000_000 + a.id,
  };
}

/**
 * Entries of the mirror's Event objects, by object: the mirror replaces an object on every change
 * and keeps the unchanged ones, so a batch parses only its new Events (and rows keep their props).
 */
const entryCache = new WeakMap<KObject, TimelineEntry>();

function cachedEventEntry(o: KObject): TimelineEntry {
  let e = entryCache.get(o);
  if (!e) entryCache.set(o, (e = eventEntry(o)));
  return e;
}

const actionCache = new WeakMap<ActionEntry, TimelineEntry>();

function cachedActionEntry(a: ActionEntry): TimelineEntry {
  let e = actionCache.get(a);
  if (!e) actionCache.set(a, (e = actionEntry(a)));
  return e;
}

/** Timeline order: newest first; within a millisecond, the later resourceVersion first. */
export function newestFirst(a: TimelineEntry, b: TimelineEntry): number {
  return b.timeMs - a.timeMs || b.seq - a.seq;
}

/**
 * The timeline's entries kept sorted across renders. A rollout makes thousands of Events and a
 * batch adds a few, so instead of sorting them all again only the entries
 * not seen before are sorted and merged in; entries whose Event went (or changed: the mirror
 * replaces a changed object) drop out. Same order as sorting them all (model.test.ts checks). An unchanged timeline returns the
 * same array. `updateChanged` takes only the Events that changed (the store's journal), so a read
 * costs what changed, not the thousands of Events kept.
 */
export class TimelineEntries {
  private sorted: TimelineEntry[] = [];
  /** The entry of each Event in `sorted`, by its mirror key (uid). */
  private events = new Map<string, TimelineEntry>();
  private actionList: ActionEntry[] | null = null;
  private actionEntries = new Set<TimelineEntry>();
  /** Entries per namespace, for the namespace filter's options. */
  private perNamespace = new Map<string, number>();
  private namespaceList: string[] | null = null;

  /** Walks every Event: the first read, or when the journal cannot say what changed. */
  update(events: Iterable<ObjectEntry>, actions: ActionEntry[]): TimelineEntry[] {
    const now = new Map<string, ObjectEntry>();
    for (const e of events) if (isEvent(e)) now.set(mirrorKey(e.kindKey, e.object), e);
    const keys = new Set(this.events.keys());
    for (const k of now.keys()) keys.add(k);
    return this.updateChanged(keys, (k) => now.get(k), actions);
  }

  /**
   * Takes the Events under these mirror keys as they are now (`lookup`: undefined when removed;
   * repeats are fine) and the actions; other Events are as last read.
   */
  updateChanged(keys: Iterable<string>, lookup: (key: string) => ObjectEntry | undefined, actions: ActionEntry[]): TimelineEntry[] {
    const fresh: TimelineEntry[] = [];
    const dropped = new Set<TimelineEntry>();
    for (const k of keys) {
      const o = lookup(k);
      const next = o && isEvent(o) ? cachedEventEntry(o.object) : undefined;
      const prev = this.events.get(k);
      if (prev === next) continue;
      if (prev) {
        dropped.add(prev);
        this.count(prev, -1);
      }
      if (next) {
        fresh.push(next);
        this.events.set(k, next);
        this.count(next, 1);
      } else this.events.delete(k);
    }
    if (actions !== this.actionList) {
      const now = new Set(actions.map(cachedActionEntry));
      for (const e of this.actionEntries) {
        if (now.has(e)) continue;
        dropped.add(e);
        this.count(e, -1);
      }
      for (const e of now) {
        if (this.actionEntries.has(e)) continue;
        fresh.push(e);
        this.count(e, 1);
      }
      this.actionList = actions;
      this.actionEntries = now;
    }
    if (fresh.length === 0 && dropped.size === 0) return this.sorted;
    // `fresh` holds no entry of `sorted` (a key read twice is unchanged the second time).
    const kept = dropped.size > 0 ? this.sorted.filter((e) => !dropped.has(e)) : this.sorted;
    this.sorted = mergeSorted(kept, fresh.sort(newestFirst));
    return this.sorted;
  }

  /** The namespaces of the entries, sorted. */
  namespaces(): string[] {
    this.namespaceList ??= [...this.perNamespace.keys()].filter(Boolean).sort();
    return this.namespaceList;
  }

  private count(e: TimelineEntry, by: 1 | -1): void {
    const n = (this.perNamespace.get(e.namespace) ?? 0) + by;
    if (n > 0 === this.perNamespace.has(e.namespace)) {
      this.perNamespace.set(e.namespace, n);
      return;
    }
    if (n > 0) this.perNamespace.set(e.namespace, n);
    else this.perNamespace.delete(e.namespace);
    this.namespaceList = null;
  }
}

export function isEvent(e: ObjectEntry): boolean {
  return e.kindKey === '/Event' || e.kindKey === 'events.k8s.io/Event';
}

/** Two newest-first lists as one; on a tie `a`'s entry comes first. */
function mergeSorted(a: TimelineEntry[], b: TimelineEntry[]): TimelineEntry[] {
  if (b.length === 0) return a.slice();
  const out: TimelineEntry[] = new Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = newestFirst(a[i], b[j]) <= 0 ? a[i++] : b[j++];
  while (i < a.length) out[k++] = a[i++];
  while (j < b.length) out[k++] = b[j++];
  return out;
}

export function filterEntries(entries: TimelineEntry[], f: TimelineFilter): TimelineEntry[] {
  const reason = (f.reason ?? '').trim().toLowerCase();
  const object = (f.object ?? '').trim().toLowerCase();
  if (!f.type && !f.namespace && !reason && !object) return entries;
  return entries.filter(
    (e) =>
      (!f.type || e.type === f.type) &&
      (!f.namespace || e.namespace === f.namespace) &&
      (!reason || e.reason.toLowerCase().includes(reason)) &&
      (!object || e.object.toLowerCase().includes(object)),
  );
}

/**
 * Events and actions about `uids` (an object and its owners), oldest first: the cause chain. Only
 * those about `uids` are sorted, not every Event of the cluster (the inspector does this per batch).
 */
export function eventsAbout(events: Iterable<ObjectEntry>, actions: ActionEntry[], uids: Set<string>): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  for (const e of events) {
    if (!isEvent(e)) continue;
    const t = cachedEventEntry(e.object);
    if (t.uid && uids.has(t.uid)) out.push(t);
  }
  for (const a of actions) {
    const t = cachedActionEntry(a);
    if (t.uid && uids.has(t.uid)) out.push(t);
  }
  return out.sort(newestFirst).reverse();
}
