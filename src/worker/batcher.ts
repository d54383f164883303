// Squashes store changes into one batch per frame, keyed by uid (tldraw's added/updated/removed).
// Pure: no timers, so it is unit-tested directly.

import type { StoredChange } from '../sim/api/store';
import { mirrorKey, type BatchMessage, type ObjectEntry } from './protocol';

type Pending =
  | { op: 'added'; entry: ObjectEntry }
  | { op: 'updated'; entry: ObjectEntry }
  | { op: 'removed' };

export class ChangeBatcher {
  private pending = new Map<string, Pending>();
  private lastRv: number;

  constructor(startRv: number) {
    this.lastRv = startRv;
  }

  get isEmpty(): boolean {
    return this.pending.size === 0;
  }

  get rv(): number {
    return this.lastRv;
  }

  add(change: StoredChange): void {
    const key = mirrorKey(change.kindKey, change.object);
    const prev = this.pending.get(key);
    const entry: ObjectEntry = { kindKey: change.kindKey, object: change.object };
    this.lastRv = Math.max(this.lastRv, change.rv);
    switch (change.type) {
      case 'ADDED':
        // Removed then re-added under the same key (only possible for uid-less objects): an update.
        this.pending.set(key, prev?.op === 'removed' ? { op: 'updated', entry } : { op: 'added', entry });
        break;
      case 'MODIFIED':
        this.pending.set(key, prev?.op === 'added' ? { op: 'added', entry } : { op: 'updated', entry });
        break;
      case 'DELETED':
        if (prev?.op === 'added') this.pending.delete(key);
        else this.pending.set(key, { op: 'removed' });
        break;
    }
  }

  /** Takes the squashed batch and starts a new one. */
  take(nowMs: number): BatchMessage {
    const batch: BatchMessage = { type: 'batch', rv: this.lastRv, nowMs, added: {}, updated: {}, removed: [] };
    for (const [key, p] of this.pending) {
      if (p.op === 'added') batch.added[key] = p.entry;
      else if (p.op === 'updated') batch.updated[key] = p.entry;
      else batch.removed.push(key);
    }
    this.pending = new Map();
    return batch;
  }
}
