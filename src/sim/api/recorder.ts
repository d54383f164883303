// The event recorder (client-go tools/record): components record core/v1 Events about objects.
// Identical events are aggregated by count; events expire after the API server's 1h TTL.

import { rfc3339 } from '../core/time';
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
  schedule(atMs: number, type: string, data: unknown): void;
}

export class EventRecorder {
  /**
   * Hash of client-go's aggregation key (namespace, source component and host, involved object
   * kind, name, uid and fieldPath, type, reason, message) → the name of the event recorded under
   * it (a list on a hash collision; the stored fields decide). Rebuilt from the store on restore.
   * A numeric key instead of the key's text: a key string per event was ≈ 0.4 KB of heap.
   */
  private readonly byKey = new Map<number, string | string[]>();

  /**
   * `ns/objName` → the virtual ms and the sequence number every lower one of which is taken at
   * that ms: where uniqueName starts probing (many events about one object in one ms, e.g. a
   * ReplicaSet's SuccessfulCreate burst, would otherwise probe from 0 each time). Dropped when an
   * Event is deleted, so a freed lower name is found again, as the plain probe would.
   */
  private readonly nameHint = new Map<string, { nowMs: number; seq: number }>();
  /** component + host → the shared `source` object of their Events (see sourceObject). */
  private readonly sources = new Map<string, { component: string; host?: string }>();
  /** The involved object of the last Event recorded (see sharedInvolved). */
  private lastInvolved: Record<string, unknown> | undefined;
  /** Messages shared between Events (see sharedMessage). */
  private readonly messages = new Map<string, string>();
  /** The virtual ms of the hints in nameHint. */
  private hintMs = -1;

  constructor(
    private readonly api: ApiServer,
    private readonly store: ObjectStore,
    private readonly timer: EventTimer,
  ) {
    store.subscribe((c) => {
      if (c.type !== 'DELETED') return;
      if (this.nameHint.size) this.nameHint.clear();
      const e = c.object;
      this.forget(keyHash(e.metadata.namespace!, e.involvedObject ?? {}, e.type, e.reason, e.message, e.source ?? {}), e.metadata.name!);
    }, '/Event');
  }

  /** The event aggregating with these fields, if one is recorded. */
  private find(h: number, ns: string, involved: Record<string, unknown>, type: string, reason: string, message: string, source: Partial<EventSource>): string | undefined {
    const v = this.byKey.get(h);
    if (v === undefined) return undefined;
    for (const name of typeof v === 'string' ? [v] : v) {
      const e = this.store.get('/Event', ns, name);
      if (e && sameAggregate(e, involved, type, reason, message, source)) return name;
    }
    return undefined;
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
    const ns = obj.metadata.namespace || 'default';
    // Two literals, not a conditional spread (which made a temporary object and a generic
    // property copy per Event); fieldPath, when given, comes last either way.
    const m = obj.metadata;
    const involved: Record<string, unknown> = fieldPath
      ? { apiVersion: obj.apiVersion, kind: obj.kind, name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, fieldPath }
      : { apiVersion: obj.apiVersion, kind: obj.kind, name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion };
    const nowMs = this.timer.now();
    const ts = rfc3339(nowMs);
    const h = keyHash(ns, involved, type, reason, message, source);
    const existingName = this.find(h, ns, involved, type, reason, message, source);
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
      metadata: { name: this.uniqueName(obj.metadata.name ?? '', ns, nowMs), namespace: ns },
      involvedObject: this.sharedInvolved(involved),
      reason,
      message: this.sharedMessage(message, obj.metadata.name),
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
      this.timer.schedule(nowMs + EVENT_TTL_MS, 'event.expire', { namespace: ns, name: created.metadata.name });
    }
  }

  /**
   * Handles `event.expire`: deletes the event an hour after it was last seen, or re-arms the
   * timer for that moment when it has been seen again since (one timer per event).
   */
  expire(namespace: string, name: string): void {
    const e = this.store.get('/Event', namespace, name);
    if (!e) return;
    const last = Date.parse(e.lastTimestamp ?? e.firstTimestamp ?? '');
    // lastTimestamp has second precision: round the deadline up so it is never early.
    const deadline = Number.isNaN(last) ? 0 : last + 1000 + EVENT_TTL_MS;
    if (deadline <= this.timer.now()) this.api.delete(EVENT_INFO, namespace, name);
    else this.timer.schedule(deadline, 'event.expire', { namespace, name });
  }

  /**
   * The stored `source` of an Event: one object per component and host, shared by every Event
   * they record (stored objects are immutable), instead of one per Event (five per pod).
   */
  private sourceObject(source: EventSource): { component: string; host?: string } {
    const key = source.host ? `${source.component}\n${source.host}` : source.component;
    let o = this.sources.get(key);
    if (!o) {
      o = source.host ? { component: source.component, host: source.host } : { component: source.component };
      this.sources.set(key, o);
    }
    return o;
  }

  /**
   * The involved object of the previous Event when this one is field for field the same (the
   * kubelet's Pulled, Created and Started about one container): stored objects are immutable,
   * so successive Events about one object version can share it.
   */
  private sharedInvolved(involved: Record<string, unknown>): Record<string, unknown> {
    const last = this.lastInvolved;
    if (
      last &&
      last.uid === involved.uid &&
      last.resourceVersion === involved.resourceVersion &&
      last.fieldPath === involved.fieldPath &&
      last.name === involved.name &&
      last.namespace === involved.namespace &&
      last.kind === involved.kind &&
      last.apiVersion === involved.apiVersion &&
      ('fieldPath' in last) === ('fieldPath' in involved)
    ) {
      return last;
    }
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
    if (this.messages.size >= MAX_SHARED_MESSAGES) this.messages.clear();
    this.messages.set(message, message);
    return message;
  }

  /** Rebuilds the aggregation index from stored events. */
  resync(): void {
    this.byKey.clear();
    for (const e of this.store.list('/Event')) {
      const ns = e.metadata.namespace!;
      const source = e.source ?? {};
      const h = keyHash(ns, e.involvedObject ?? {}, e.type, e.reason, e.message, source);
      // Of two events with one aggregation key, the later in list order is the one aggregated into.
      const dup = this.find(h, ns, e.involvedObject ?? {}, e.type, e.reason, e.message, source);
      if (dup) this.forget(h, dup);
      this.remember(h, e.metadata.name!);
    }
  }

  /**
   * Event names are `<object>.<hex unix nanos>`. Events about one object in the same virtual ms
   * get successive nanos; the choice depends only on the store, so it survives snapshot/restore.
   */
  private uniqueName(objName: string, ns: string, nowMs: number): string {
    // A hint is only read at its own ms, and virtual time only moves on: older ones are dead
    // weight (one per object with Events, 150,000 at scale), so they go when the ms changes.
    if (nowMs !== this.hintMs) {
      if (this.nameHint.size) this.nameHint.clear();
      this.hintMs = nowMs;
    }
    const hintKey = `${ns}/${objName}`;
    const hint = this.nameHint.get(hintKey);
    for (let seq = hint && hint.nowMs === nowMs ? hint.seq : 0; ; seq++) {
      const name = `${objName}.${nanosHex(nowMs, seq)}`;
      if (!this.store.get('/Event', ns, name)) {
        // Names below seq are taken; this one is about to be (or the caller fails and the
        // next probe checks it again, since only taken names are skipped). The hint is only
        // read here: an existing one is updated in place.
        if (hint !== undefined) {
          hint.nowMs = nowMs;
          hint.seq = seq;
        } else this.nameHint.set(hintKey, { nowMs, seq });
        return name;
      }
    }
  }
}

const LOW = 2 ** 24; // six hex digits

/** How many distinct messages sharedMessage keeps before it starts over. */
const MAX_SHARED_MESSAGES = 4096;

/**
 * `nowMs × 10⁶ + seq × 10³` in hex, as BigInt would print it, without BigInt (one per Event
 * name): split at 2²⁴ so both halves stay exact doubles, then print them as hex digits.
 */
export function nanosHex(nowMs: number, seq: number): string {
  if (!(nowMs >= 0 && nowMs < 2 ** 40 && seq >= 0 && seq < 2 ** 20 && Number.isInteger(nowMs) && Number.isInteger(seq))) {
    return (BigInt(nowMs) * 1_000_000n + BigInt(seq) * 1_000n).toString(16);
  }
  const hi = Math.floor(nowMs / LOW);
  let lo = (nowMs - hi * LOW) * 1e6 + seq * 1e3; // < 2^24 × 10⁶ + 2^30: exact
  const carry = Math.floor(lo / LOW);
  lo -= carry * LOW;
  const high = hi * 1e6 + carry; // < 2^16 × 10⁶ + 2^30: exact
  return high > 0 ? high.toString(16) + lo.toString(16).padStart(6, '0') : lo.toString(16);
}

/** FNV-1a over the aggregation key's fields (absent and null hash alike, as in the key's JSON). */
function keyHash(ns: string, involved: Record<string, unknown>, type: string, reason: string, message: string, source: Partial<EventSource>): number {
  // Threaded through a plain function, not a closure over `h`: one hash per Event recorded.
  let h = mixHash(0x811c9dc5, ns);
  h = mixHash(h, source.component);
  h = mixHash(h, source.host);
  h = mixHash(h, involved.kind);
  h = mixHash(h, involved.name);
  h = mixHash(h, involved.uid);
  h = mixHash(h, involved.fieldPath);
  h = mixHash(h, type);
  h = mixHash(h, reason);
  h = mixHash(h, message);
  return h >>> 0;
}

/** One field of keyHash: its characters (none when absent or null), then a separator. */
function mixHash(h: number, v: unknown): number {
  if (v !== undefined && v !== null) {
    const str = String(v);
    for (let i = 0; i < str.length; i++) h = Math.imul(h ^ str.charCodeAt(i), 0x01000193);
  }
  return Math.imul(h ^ 0xffff, 0x01000193);
}

/**
 * client-go's aggregation key (source component and host, involved object kind, name, uid and
 * fieldPath, type, reason, message) compared field by field; absent and null are alike, as in
 * the key's JSON. The namespace is equal already: the event was looked up in it.
 */
function sameAggregate(e: KObject, involved: Record<string, unknown>, type: string, reason: string, message: string, source: Partial<EventSource>): boolean {
  const io = e.involvedObject ?? {};
  const eq = (a: unknown, b: unknown) => (a ?? null) === (b ?? null);
  return (
    eq(e.reason, reason) &&
    eq(e.message, message) &&
    eq(e.type, type) &&
    eq(e.source?.component, source.component) &&
    eq(e.source?.host, source.host) &&
    eq(io.kind, involved.kind) &&
    eq(io.name, involved.name) &&
    eq(io.uid, involved.uid) &&
    eq(io.fieldPath, involved.fieldPath)
  );
}
