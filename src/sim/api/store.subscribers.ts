// The object store's subscribers: who gets each change, in which order. Split from store.ts.
import type { ChangeHandler, StoredChange } from './store';

interface Subscription {
  /** Subscription order. */
  seq: number;
  handler: ChangeHandler;
  /** Only this kind's changes; undefined: every change. */
  kindKey: string | undefined;
  /** False once unsubscribed (a change being handed out skips it). */
  active: boolean;
}

/**
 * Handlers are called in the order they subscribed, whatever kinds they want: exactly as one
 * list of every handler, each filtering by kind itself, would call them (the order is observable:
 * the controller manager enqueues before the scheduler hears of a pod, and so on). What a kind
 * filter saves is the call: most writes are Pods and Events, which only the all-kinds subscribers
 * (the controller manager, the scheduler) want, so a watch of one kind (the
 * recorder's, the CRD registry's, every API watch the UI and `kubectl get -w` open) costs the
 * other kinds' writes nothing.
 */
export class Subscribers {
  /** Active subscriptions in subscription order. */
  private subs: Subscription[] = [];
  private seq = 0;
  /** Derived: kindKey → the subscriptions its changes go to, in order. Dropped on any (un)subscribe. */
  private readonly byKind = new Map<string, Subscription[]>();

  /**
   * Subscribes `handler` (for one kind's changes, or every change); returns the unsubscribe.
   * Subscribing a handler already subscribed for the same kind changes nothing (one call per
   * change), as adding it to a Set again would not.
   */
  add(handler: ChangeHandler, kindKey?: string): () => void {
    let sub = this.subs.find((s) => s.handler === handler && s.kindKey === kindKey);
    if (!sub) {
      sub = { seq: ++this.seq, handler, kindKey, active: true };
      this.subs.push(sub);
      this.byKind.clear();
    }
    const mine = sub;
    return () => {
      if (!mine.active) return;
      mine.active = false;
      this.subs = this.subs.filter((s) => s !== mine);
      this.byKind.clear();
    };
  }

  emit(change: StoredChange): void {
    const list = this.of(change.kindKey);
    const lastSeq = this.seq;
    // The list is this change's snapshot: a subscription an earlier handler ended is skipped.
    for (let i = 0; i < list.length; i++) {
      const sub = list[i]!;
      if (sub.active) sub.handler(change);
    }
    // A subscription made by a handler during this change gets it too, after the others, as a
    // Set being iterated visits what is added to it.
    if (this.seq !== lastSeq) this.emitToNewer(change, lastSeq);
  }

  private of(kindKey: string): Subscription[] {
    let list = this.byKind.get(kindKey);
    if (!list) {
      list = this.subs.filter((s) => s.kindKey === undefined || s.kindKey === kindKey);
      this.byKind.set(kindKey, list);
    }
    return list;
  }

  /** Rare (a handler subscribing): a scan per call is fine. */
  private emitToNewer(change: StoredChange, afterSeq: number): void {
    for (let seq = afterSeq; ; ) {
      const next = this.subs.find((s) => s.seq > seq && (s.kindKey === undefined || s.kindKey === change.kindKey));
      if (!next) return;
      seq = next.seq;
      next.handler(change);
    }
  }
}
