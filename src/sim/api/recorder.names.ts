// Event names, as client-go's recorder makes them: `<object>.<hex unix nanos>`.

import type { ObjectStore } from './store';

/**
 * Picks unique Event names. Events about one object in the same virtual ms get successive nanos
 * (the lowest not taken); the choice depends only on the store, so it survives snapshot/restore.
 *
 * Probing starts from a hint: a sequence number every lower one of which is taken at this ms
 * (many Events about one object in one ms, e.g. a ReplicaSet's SuccessfulCreate burst, would
 * otherwise probe from 0 each time). The probe checks the store whatever the hint says, so a
 * hint only saves probes: any sound one gives the same names. Hints hold for their ms only and
 * all go when an Event is deleted (a freed lower name is found again, as a plain probe would).
 */
export class EventNames {
  /** The virtual ms the hints are for. */
  private hintMs = -1;
  // The object of the last name given, and its hint: most Events about an object in one ms
  // come one after another, and this needs no key string (at ≈ 1.4 Events per virtual ms in
  // a Deployment's start-up, the hints are cleared before nearly every Event).
  private lastNs: string | undefined;
  private lastObj: string | undefined;
  private lastSeq = 0;
  /** `ns/objName` → hint, for objects other than the last one, in this ms. */
  private readonly others = new Map<string, number>();

  /** The last name suffix made (`.<hex nanos>`), and its ms and sequence number. */
  private suffixMs = -1;
  private suffixSeq = -1;
  private lastSuffix = '';

  constructor(private readonly store: ObjectStore) {}

  /**
   * `.${nanosHex(nowMs, seq)}`, kept while the ms and sequence number stay: Events about
   * different objects in one ms mostly share both (sequence 0), and the hex digits are four
   * strings each time they are made.
   */
  private suffix(nowMs: number, seq: number): string {
    if (nowMs !== this.suffixMs || seq !== this.suffixSeq) {
      this.lastSuffix = `.${nanosHex(nowMs, seq)}`;
      this.suffixMs = nowMs;
      this.suffixSeq = seq;
    }
    return this.lastSuffix;
  }

  /** Forgets every hint (an Event was deleted: a lower name may be free again). */
  clearHints(): void {
    this.lastObj = undefined;
    if (this.others.size) this.others.clear();
  }

  /** A free name for an Event about `objName` in `ns` at `nowMs`. */
  next(objName: string, ns: string, nowMs: number): string {
    // Virtual time only moves on, so older hints are dead weight: they go when the ms changes.
    if (nowMs !== this.hintMs) {
      this.clearHints();
      this.hintMs = nowMs;
    }
    let seq = 0;
    if (this.lastObj === objName && this.lastNs === ns) seq = this.lastSeq;
    else {
      // Switching objects within one ms: the last one's hint is kept for its next Event.
      if (this.lastObj !== undefined) this.others.set(`${this.lastNs}/${this.lastObj}`, this.lastSeq);
      if (this.others.size) seq = this.others.get(`${ns}/${objName}`) ?? 0;
      this.lastNs = ns;
      this.lastObj = objName;
    }
    for (; ; seq++) {
      const name = objName + this.suffix(nowMs, seq);
      if (!this.store.get('/Event', ns, name)) {
        // Names below seq are taken; this one is about to be (or the caller fails and the
        // next probe checks it again, since only taken names are skipped).
        this.lastSeq = seq;
        return name;
      }
    }
  }
}

const LOW = 2 ** 24; // six hex digits

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
