// The event recorder (client-go tools/record): components record core/v1 Events about objects.
// Identical events are aggregated by count; events expire after the API server's 1h TTL.

import { BoundedMap } from '../core/boundedmap';
import type { EventQueueState, QueuedEvent } from '../core/queue';
import { rfc3339 } from '../core/time';
import { EventExpiries, EXPIRE_EVENT } from './recorder.expiry';
import { EventNames } from './recorder.names';
import type { ApiServer } from './server';
import type { ObjectStore } from './store';
import { isStatus, type KObject } from './types';

export interface EventSource {
  component: string;
  host?: string;
}

export type EventType = 'Normal' | 'Warning';

/** `--event-ttl` default. */
export const EVENT_TTL_MS = 60 * 60 * 1000;

const EVENT_INFO = { kind: 'Event', group: '', version: 'v1', plural: 'events', singular: 'event', shortNames: ['ev'], namespaced: true };

export interface EventTimer {
  now(): number;
  /** Queues a timer; `seq` places it where one queued when `reserveSeq` handed it out would be. */
  schedule(atMs: number, type: string, data: unknown, seq?: number): void;
  /** The event queue's next sequence number, taken without queueing anything. */
  reserveSeq(): number;
}

/**
 * Whether Event expiries wait in one chain (recorder.expiry.ts) rather than as one queued timer
 * each. Off only in tests that check the chain runs exactly as the timers did.
 */
let expiryChain = true;
export function setEventExpiryChain(on: boolean): void {
  expiryChain = on;
}

/** The `source` of a stored Event (shared: see sourceObject). */
type StoredSource = { component: string; host?: string };

export class EventRecorder {
  /**
   * Hash of client-go's aggregation key (namespace, source component and host, involved object
   * kind, name, uid and fieldPath, type, reason, message) → the name of the event recorded under
   * it (a list on a hash collision; the stored fields decide). Rebuilt from the store on restore.
   * A numeric key instead of the key's text: a key string per event was ≈ 0.4 KB of heap.
   */
  private readonly byKey = new Map<number, string | string[]>();

  /** Event names (recorder.names.ts). */
  private readonly names: EventNames;
  /** component → the shared `source` object of its Events without a host, and by host (see sourceObject). */
  private readonly sources = new Map<string, { plain?: StoredSource; byHost?: Map<string, StoredSource> }>();
  /** The aggregation key of the Event being recorded (filled in by record: no object per Event). */
  private readonly key = new AggregateKey();
  /** The same for a deleted Event (its own: a deletion never runs inside record's use of `key`, but need not rely on it). */
  private readonly deletedKey = new AggregateKey();
  /** The involved object of the last Event recorded (see involvedObject). */
  private lastInvolved: Record<string, unknown> | undefined;
  /** Messages shared between Events (see sharedMessage). */
  private readonly messages = new BoundedMap<string, string>(MAX_SHARED_MESSAGES);
  /** Expiry timers waiting their turn; undefined: one queued timer per Event (setEventExpiryChain). */
  private readonly expiries: EventExpiries | undefined;

  constructor(
    private readonly api: ApiServer,
    private readonly store: ObjectStore,
    private readonly timer: EventTimer,
  ) {
    this.expiries = expiryChain ? new EventExpiries(timer) : undefined;
    this.names = new EventNames(store);
    store.subscribe((c) => {
      if (c.type !== 'DELETED') return;
      this.names.clearHints();
      const e = c.object;
      this.forget(keyHash(e.metadata.namespace!, storedKey(e, this.deletedKey)), e.metadata.name!);
    }, '/Event');
  }

  /** The event aggregating with these fields, if one is recorded (`key` holds their values). */
  private find(h: number, ns: string, key: AggregateKey): string | undefined {
    const v = this.byKey.get(h);
    if (v === undefined) return undefined;
    if (typeof v === 'string') return this.aggregates(ns, v, key) ? v : undefined;
    for (let i = 0; i < v.length; i++) if (this.aggregates(ns, v[i]!, key)) return v[i];
    return undefined;
  }

  private aggregates(ns: string, name: string, key: AggregateKey): boolean {
    const e = this.store.get('/Event', ns, name);
    return e !== undefined && sameAggregate(e, key);
  }

  private remember(h: number, name: string): void {
    const v = this.byKey.get(h);
    if (v === undefined || v === name) this.byKey.set(h, name);
    else if (typeof v === 'string') this.byKey.set(h, [v, name]);
    else if (!v.includes(name)) v.push(name);
  }

  private forget(h: number, name: string): void {
    const v = this.byKey.get(h);
    if (v === name) this.byKey.delete(h);
    else if (Array.isArray(v)) {
      const rest = v.filter((n) => n !== name);
      if (rest.length === 0) this.byKey.delete(h);
      else this.byKey.set(h, rest.length === 1 ? rest[0]! : rest);
    }
  }

  record(obj: KObject, type: EventType, reason: string, message: string, source: EventSource, fieldPath?: string): void {
    const m = obj.metadata;
    const ns = m.namespace || 'default';
    const nowMs = this.timer.now();
    const ts = rfc3339(nowMs);
    // The aggregation key's values, hashed and looked up without building the involved object
    // first (it is built only for a new Event, and then only when not shared).
    const key = this.key;
    key.component = source.component;
    key.host = source.host;
    key.kind = obj.kind;
    key.name = m.name;
    key.uid = m.uid;
    const fp = fieldPath || undefined;
    key.fieldPath = fp;
    key.type = type;
    key.reason = reason;
    key.message = message;
    const h = keyHash(ns, key);
    const existingName = this.find(h, ns, key);
    if (existingName) {
      const updated = this.api.mutate(EVENT_INFO, ns, existingName, (e) => {
        e.count = (e.count ?? 1) + 1;
        e.lastTimestamp = ts;
      });
      // Its expiry timer, set at creation, re-arms itself from lastTimestamp when it fires.
      if (!isStatus(updated)) return;
      this.forget(h, existingName);
    }
    const ev: KObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: this.names.next(m.name ?? '', ns, nowMs), namespace: ns },
      involvedObject: this.involvedObject(obj, fp),
      reason,
      message: this.sharedMessage(message, m.name),
      source: this.sourceObject(source),
      firstTimestamp: ts,
      lastTimestamp: ts,
      count: 1,
      type,
      eventTime: null,
      reportingComponent: source.component,
      reportingInstance: source.host ?? '',
    };
    const created = this.api.createEvent(ev);
    if (!isStatus(created)) {
      this.remember(h, created.metadata.name!);
      // The sequence number is taken here, where the timer used to be queued: the expiry keeps
      // its place in the queue's order however long it waits in the chain.
      this.expireAt(nowMs + EVENT_TTL_MS, ns, created.metadata.name!);
    }
  }

  /** Queues the expiry check of an Event (in the chain, or as its own timer). */
  private expireAt(atMs: number, namespace: string, name: string): void {
    if (this.expiries) this.expiries.add(atMs, this.timer.reserveSeq(), namespace, name);
    else this.timer.schedule(atMs, EXPIRE_EVENT, { namespace, name });
  }

  /** Handles an `event.expire` timer (the chain's or one of its own, as older snapshots hold). */
  onExpireTimer(data: unknown): void {
    this.expiries?.fired(data);
    const d = data as { namespace?: unknown; name?: unknown } | null;
    if (typeof d === 'object' && d !== null && typeof d.name === 'string') this.expire(typeof d.namespace === 'string' ? d.namespace : '', d.name);
  }

  /**
   * Deletes the event an hour after it was last seen, or re-arms the timer for that moment when
   * it has been seen again since.
   */
  private expire(namespace: string, name: string): void {
    const e = this.store.get('/Event', namespace, name);
    if (!e) return;
    const last = Date.parse(e.lastTimestamp ?? e.firstTimestamp ?? '');
    // lastTimestamp has second precision: round the deadline up so it is never early.
    const deadline = Number.isNaN(last) ? 0 : last + 1000 + EVENT_TTL_MS;
    if (deadline <= this.timer.now()) this.api.delete(EVENT_INFO, namespace, name);
    else this.expireAt(deadline, namespace, name);
  }

  /** The event queue's snapshot with the expiries waiting in the chain put back in as their timers. */
  snapshotQueue(state: EventQueueState): EventQueueState {
    return this.expiries ? this.expiries.withWaiting(state) : state;
  }

  /**
   * Takes a restored snapshot's `event.expire` timers (split off the queue by the caller, in
   * the snapshot's order) back into the chain, or queues them as they were.
   */
  restoreExpiries(entries: readonly QueuedEvent[]): void {
    if (this.expiries) this.expiries.restore(entries);
    else for (const e of entries) this.timer.schedule(e.atMs, e.type, e.data, e.seq);
  }

  /**
   * The stored `source` of an Event: one object per component and host, shared by every Event
   * they record (stored objects are immutable), instead of one per Event (five per pod).
   */
  private sourceObject(source: EventSource): StoredSource {
    // Two map lookups by strings that are hashed already (no key string built per Event).
    const { component, host } = source;
    let bySource = this.sources.get(component);
    if (bySource === undefined) this.sources.set(component, (bySource = {}));
    if (!host) return (bySource.plain ??= { component });
    const byHost = (bySource.byHost ??= new Map());
    let o = byHost.get(host);
    if (o === undefined) byHost.set(host, (o = { component, host }));
    return o;
  }

  /**
   * The Event's involvedObject: the previous Event's when field for field the same (the
   * kubelet's Pulled, Created and Started about one container; stored objects are immutable, so
   * successive Events about one object version can share it), else a new one. Two literals,
   * not a conditional spread (a temporary object and a generic property copy per Event);
   * fieldPath, when given, comes last either way.
   */
  private involvedObject(obj: KObject, fieldPath: string | undefined): Record<string, unknown> {
    const m = obj.metadata;
    const last = this.lastInvolved;
    if (
      last &&
      last.uid === m.uid &&
      last.resourceVersion === m.resourceVersion &&
      last.fieldPath === fieldPath &&
      last.name === m.name &&
      last.namespace === m.namespace &&
      last.kind === obj.kind &&
      last.apiVersion === obj.apiVersion &&
      ('fieldPath' in last) === (fieldPath !== undefined)
    ) {
      return last;
    }
    const involved: Record<string, unknown> = fieldPath !== undefined
      ? { apiVersion: obj.apiVersion, kind: obj.kind, name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, fieldPath }
      : { apiVersion: obj.apiVersion, kind: obj.kind, name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion };
    this.lastInvolved = involved;
    return involved;
  }

  /**
   * One string per distinct message that does not name its object (`Started container app`,
   * `Container image "nginx:1.27" already present on machine`), instead of one per Event. A
   * message naming its object is unique to it and is not kept. Bounded: emptied when full.
   */
  private sharedMessage(message: string, objName: string | undefined): string {
    if (typeof message !== 'string' || (objName && message.includes(objName))) return message;
    const kept = this.messages.get(message);
    if (kept !== undefined) return kept;
    this.messages.set(message, message);
    return message;
  }

  /** Rebuilds the aggregation index from stored events. */
  resync(): void {
    this.byKey.clear();
    for (const e of this.store.list('/Event')) {
      const ns = e.metadata.namespace!;
      const key = storedKey(e);
      const h = keyHash(ns, key);
      // Of two events with one aggregation key, the later in list order is the one aggregated into.
      const dup = this.find(h, ns, key);
      if (dup) this.forget(h, dup);
      this.remember(h, e.metadata.name!);
    }
  }
}

/** How many distinct messages sharedMessage keeps before it starts over. */
const MAX_SHARED_MESSAGES = 4096;

/**
 * client-go's aggregation key (source component and host, involved object kind, name, uid and
 * fieldPath, type, reason, message; the namespace goes beside it). One instance is filled in per
 * Event recorded (all fields set in the constructor: one hidden class).
 */
class AggregateKey {
  component: unknown = undefined;
  host: unknown = undefined;
  kind: unknown = undefined;
  name: unknown = undefined;
  uid: unknown = undefined;
  fieldPath: unknown = undefined;
  type: unknown = undefined;
  reason: unknown = undefined;
  message: unknown = undefined;
}

/** A stored Event's aggregation key. */
function storedKey(e: KObject, key = new AggregateKey()): AggregateKey {
  const io = e.involvedObject ?? {};
  const source = e.source ?? {};
  key.component = source.component;
  key.host = source.host;
  key.kind = io.kind;
  key.name = io.name;
  key.uid = io.uid;
  key.fieldPath = io.fieldPath;
  key.type = e.type;
  key.reason = e.reason;
  key.message = e.message;
  return key;
}

/**
 * FNV-1a over the namespace and the aggregation key's fields (absent and null hash alike, as in
 * the key's JSON), as an int32 (`| 0`). Collisions are harmless: `find` compares the fields.
 */
function keyHash(ns: string, key: AggregateKey): number {
  // Threaded through a plain function, not a closure over `h`: one hash per Event recorded.
  let h = mixHash(0x811c9dc5, ns);
  h = mixHash(h, key.component);
  h = mixHash(h, key.host);
  h = mixHash(h, key.kind);
  h = mixHash(h, key.name);
  h = mixHash(h, key.uid);
  h = mixHash(h, key.fieldPath);
  h = mixHash(h, key.type);
  h = mixHash(h, key.reason);
  h = mixHash(h, key.message);
  return h | 0;
}

/** One field of keyHash: its characters (none when absent or null), then a separator. */
function mixHash(h: number, v: unknown): number {
  if (v !== undefined && v !== null) {
    const str = typeof v === 'string' ? v : String(v);
    for (let i = 0; i < str.length; i++) h = Math.imul(h ^ str.charCodeAt(i), 0x01000193);
  }
  return Math.imul(h ^ 0xffff, 0x01000193);
}

/** Absent and null alike, as in the key's JSON. */
function eq(a: unknown, b: unknown): boolean {
  return (a ?? null) === (b ?? null);
}

/**
 * Whether a stored Event has this aggregation key, field by field. The namespace is equal
 * already: the event was looked up in it.
 */
function sameAggregate(e: KObject, key: AggregateKey): boolean {
  const io = e.involvedObject ?? {};
  return (
    eq(e.reason, key.reason) &&
    eq(e.message, key.message) &&
    eq(e.type, key.type) &&
    eq(e.source?.component, key.component) &&
    eq(e.source?.host, key.host) &&
    eq(io.kind, key.kind) &&
    eq(io.name, key.name) &&
    eq(io.uid, key.uid) &&
    eq(io.fieldPath, key.fieldPath)
  );
}
