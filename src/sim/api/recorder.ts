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
  /** Aggregation key → event name, rebuilt from the store on restore. */
  private readonly byKey = new Map<string, string>();

  /**
   * `ns/objName` → the virtual ms and the sequence number every lower one of which is taken at
   * that ms: where uniqueName starts probing (many events about one object in one ms, e.g. a
   * ReplicaSet's SuccessfulCreate burst, would otherwise probe from 0 each time). Dropped when an
   * Event is deleted, so a freed lower name is found again, as the plain probe would.
   */
  private readonly nameHint = new Map<string, { nowMs: number; seq: number }>();

  constructor(
    private readonly api: ApiServer,
    private readonly store: ObjectStore,
    private readonly timer: EventTimer,
  ) {
    store.subscribe((c) => {
      if (c.type === 'DELETED' && c.kindKey === '/Event' && this.nameHint.size) this.nameHint.clear();
    });
  }

  record(obj: KObject, type: EventType, reason: string, message: string, source: EventSource, fieldPath?: string): void {
    const ns = obj.metadata.namespace || 'default';
    const involved = {
      apiVersion: obj.apiVersion,
      kind: obj.kind,
      name: obj.metadata.name,
      namespace: obj.metadata.namespace,
      uid: obj.metadata.uid,
      resourceVersion: obj.metadata.resourceVersion,
      ...(fieldPath ? { fieldPath } : {}),
    };
    const key = aggregationKey(ns, involved, type, reason, message, source);
    const nowMs = this.timer.now();
    const ts = rfc3339(nowMs);
    const existingName = this.byKey.get(key);
    if (existingName) {
      const updated = this.api.mutate(EVENT_INFO, ns, existingName, (e) => {
        e.count = (e.count ?? 1) + 1;
        e.lastTimestamp = ts;
      });
      // Its expiry timer, set at creation, re-arms itself from lastTimestamp when it fires.
      if (!isStatus(updated)) return;
      this.byKey.delete(key);
    }
    const ev: KObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: this.uniqueName(obj.metadata.name ?? '', ns, nowMs), namespace: ns },
      involvedObject: involved,
      reason,
      message,
      source: source.host ? { component: source.component, host: source.host } : { component: source.component },
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
      this.byKey.set(key, created.metadata.name!);
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

  /** Rebuilds the aggregation index from stored events. */
  resync(): void {
    this.byKey.clear();
    for (const e of this.store.list('/Event')) {
      this.byKey.set(aggregationKey(e.metadata.namespace!, e.involvedObject, e.type, e.reason, e.message, e.source ?? {}), e.metadata.name!);
    }
  }

  /**
   * Event names are `<object>.<hex unix nanos>`. Events about one object in the same virtual ms
   * get successive nanos; the choice depends only on the store, so it survives snapshot/restore.
   */
  private uniqueName(objName: string, ns: string, nowMs: number): string {
    const hintKey = `${ns}/${objName}`;
    const hint = this.nameHint.get(hintKey);
    for (let seq = hint && hint.nowMs === nowMs ? hint.seq : 0; ; seq++) {
      const nanos = BigInt(nowMs) * 1_000_000n + BigInt(seq) * 1_000n;
      const name = `${objName}.${nanos.toString(16)}`;
      if (!this.store.get('/Event', ns, name)) {
        // Names below seq are taken; this one is about to be (or the caller fails and the
        // next probe checks it again, since only taken names are skipped).
        this.nameHint.set(hintKey, { nowMs, seq });
        return name;
      }
    }
  }
}

function aggregationKey(ns: string, involved: Record<string, unknown>, type: string, reason: string, message: string, source: Partial<EventSource>): string {
  return JSON.stringify([ns, source.component, source.host, involved.kind, involved.name, involved.uid, involved.fieldPath, type, reason, message]);
}
