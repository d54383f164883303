// Pure model of the event timeline: every Event object plus the local action log, newest first,
// filtered by type, reason, object and namespace.

import type { KObject } from '../../sim/api/types';
import type { ObjectEntry } from '../../worker/protocol';
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

export function allEntries(objects: Record<string, ObjectEntry>, actions: ActionEntry[]): TimelineEntry[] {
  return timelineEntries(Object.values(objects), actions);
}

/** The entries of these mirror entries' Events (other kinds are skipped) and the actions, newest first. */
export function timelineEntries(entries: Iterable<ObjectEntry>, actions: ActionEntry[]): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  for (const e of entries) if (e.kindKey === '/Event' || e.kindKey === 'events.k8s.io/Event') out.push(cachedEventEntry(e.object));
  for (const a of actions) out.push(cachedActionEntry(a));
  return out.sort(newestFirst);
}

/** Timeline order: newest first; within a millisecond, the later resourceVersion first. */
function newestFirst(a: TimelineEntry, b: TimelineEntry): number {
  return b.timeMs - a.timeMs || b.seq - a.seq;
}

/**
 * The timeline's entries kept sorted across renders. A rollout makes thousands of Events and a
 * batch adds a few, so instead of sorting them all again (what allEntries does) `update` sorts
 * only the entries it has not seen and merges them in; entries whose Event went (or changed: the
 * mirror replaces a changed object) drop out. Same order as allEntries. An unchanged timeline
 * returns the same array.
 */
export class TimelineEntries {
  private sorted: TimelineEntry[] = [];
  private members = new Set<TimelineEntry>();

  update(events: Iterable<ObjectEntry>, actions: ActionEntry[]): TimelineEntry[] {
    const all: TimelineEntry[] = [];
    const fresh: TimelineEntry[] = [];
    let kept = 0;
    const visit = (e: TimelineEntry) => {
      all.push(e);
      if (this.members.has(e)) kept++;
      else fresh.push(e);
    };
    for (const e of events) if (e.kindKey === '/Event' || e.kindKey === 'events.k8s.io/Event') visit(cachedEventEntry(e.object));
    for (const a of actions) visit(cachedActionEntry(a));
    if (fresh.length === 0 && kept === this.members.size) return this.sorted;
    let old = this.sorted;
    if (kept < this.members.size) {
      this.members = new Set(all);
      old = old.filter((e) => this.members.has(e));
    } else for (const e of fresh) this.members.add(e);
    this.sorted = mergeSorted(old, fresh.sort(newestFirst));
    return this.sorted;
  }
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
 * What `eventsFor(timelineEntries(events, actions), uids)` gives, without sorting every Event of
 * the cluster: only those about `uids` are sorted (the inspector does this per batch).
 */
export function eventsAbout(events: Iterable<ObjectEntry>, actions: ActionEntry[], uids: Set<string>): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  for (const e of events) {
    if (e.kindKey !== '/Event' && e.kindKey !== 'events.k8s.io/Event') continue;
    const t = cachedEventEntry(e.object);
    if (t.uid && uids.has(t.uid)) out.push(t);
  }
  for (const a of actions) {
    const t = cachedActionEntry(a);
    if (t.uid && uids.has(t.uid)) out.push(t);
  }
  return out.sort(newestFirst).reverse();
}

/** Events about an object or any of the given uids (its owners), oldest first: the cause chain. */
export function eventsFor(entries: TimelineEntry[], uids: Set<string>): TimelineEntry[] {
  return entries.filter((e) => e.uid && uids.has(e.uid)).reverse();
}
