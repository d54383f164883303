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

export function allEntries(objects: Record<string, ObjectEntry>, actions: ActionEntry[]): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  for (const e of Object.values(objects)) if (e.kindKey === '/Event' || e.kindKey === 'events.k8s.io/Event') out.push(cachedEventEntry(e.object));
  for (const a of actions) {
    let e = actionCache.get(a);
    if (!e) actionCache.set(a, (e = actionEntry(a)));
    out.push(e);
  }
  return out.sort((a, b) => b.timeMs - a.timeMs || b.seq - a.seq);
}

export function filterEntries(entries: TimelineEntry[], f: TimelineFilter): TimelineEntry[] {
  const reason = (f.reason ?? '').trim().toLowerCase();
  const object = (f.object ?? '').trim().toLowerCase();
  return entries.filter(
    (e) =>
      (!f.type || e.type === f.type) &&
      (!f.namespace || e.namespace === f.namespace) &&
      (!reason || e.reason.toLowerCase().includes(reason)) &&
      (!object || e.object.toLowerCase().includes(object)),
  );
}

/** Events about an object or any of the given uids (its owners), oldest first: the cause chain. */
export function eventsFor(entries: TimelineEntry[], uids: Set<string>): TimelineEntry[] {
  return entries.filter((e) => e.uid && uids.has(e.uid)).reverse();
}
