// The UI's one store. The mirror of the API objects (`index` by uid, `byKind` per kind) is written
// only by the bridge (mirrorReset / mirrorBatch). Batches apply to it in place — a 1,000-pod
// rollout sends dozens of batches a second over ~5,000 objects, and copying the whole record per
// batch was the main thread's largest cost — so components select a revision (`objectsRev`,
// `kindRevs`, `membersRev`) and read the maps when it moves; `objectsSnapshot` gives the old
// uid→entry record, built once per revision, to views that need all kinds.

import { create } from 'zustand';
import type { KindInfo } from '../sim/api/kinds';
import { mirrorKey, type BatchMessage, type ObjectEntry, type ReadyMessage, type TrafficClientTotals, type TrafficRecord } from '../worker/protocol';

export interface ClockState {
  /** Virtual time, ms since the epoch. */
  nowMs: number;
  playing: boolean;
  /** Virtual ms per wall ms. */
  speed: number;
}

export interface SelectionState {
  /** uid of the selected object, if any. */
  uid: string | null;
}

/**
 * The traffic generator as the network view shows it: every generator's totals, and the request
 * records of the latest batch. The dots are drawn by subscribing to `recordsId` outside React
 * (one DOM element per dot, no re-render per request).
 */
export interface TrafficSlice {
  clients: TrafficClientTotals[];
  /** Records of the latest batch that had any, oldest first. */
  records: TrafficRecord[];
  /** Bumped whenever `records` is replaced. */
  recordsId: number;
  /** Records the worker sampled away so far (more requests than a frame can show). */
  dropped: number;
}

export type ConnectionStatus = 'booting' | 'ready' | 'dead';

export interface ConnectionState {
  status: ConnectionStatus;
  /** Why the worker died or what last went wrong, shown to the user. */
  error: string | null;
}

/** Mirrored objects of one kind, by uid (insertion order; an update keeps its place). */
export type KindMap = ReadonlyMap<string, ObjectEntry>;

export interface UiState {
  /**
   * Every mirrored object by uid. Updated in place: select `objectsRev` (or a kind's revision) to
   * learn of changes; `s.index.get(uid)` in a selector is fine (it re-runs on every change).
   */
  index: ReadonlyMap<string, ObjectEntry>;
  /** Per kind (`group/Kind`), its objects by uid. Updated in place, like `index`. */
  byKind: ReadonlyMap<string, KindMap>;
  /** Changes whenever any object is added, changed or removed. */
  objectsRev: number;
  /**
   * Per kind (`group/Kind`), a number that changes whenever an object of that kind is added,
   * changed or removed: views that show one kind (the timeline's Events, the namespace list, the
   * zones of the nodes) re-derive only when it moves, not on every batch of pod updates.
   */
  kindRevs: Record<string, number>;
  /** Changes whenever an object of any kind is added or removed (not on updates). */
  membersRev: number;
  /** resourceVersion the mirror is consistent with. */
  rv: number;
  /** The kinds the API serves, built-in and from CRDs (sent by the worker). */
  kinds: KindInfo[];
  clock: ClockState;
  selection: SelectionState;
  connection: ConnectionState;
  traffic: TrafficSlice;

  // Bridge-only writers.
  mirrorReset(msg: ReadyMessage): void;
  mirrorBatch(msg: BatchMessage): void;
  setClock(clock: Partial<ClockState>): void;
  setConnection(connection: ConnectionState): void;

  select(uid: string | null): void;
}

const EMPTY_TRAFFIC: TrafficSlice = { clients: [], records: [], recordsId: 0, dropped: 0 };

/** The source of kindRevs / membersRev values: never reused, so a reset changes them all. */
let revSeq = 0;

/** The writable maps behind `index` and `byKind` (the state exposes them read-only). */
let index = new Map<string, ObjectEntry>();
let byKind = new Map<string, Map<string, ObjectEntry>>();

function put(uid: string, e: ObjectEntry) {
  const old = index.get(uid);
  if (old && old.kindKey !== e.kindKey) byKind.get(old.kindKey)?.delete(uid);
  index.set(uid, e);
  let m = byKind.get(e.kindKey);
  if (!m) byKind.set(e.kindKey, (m = new Map()));
  m.set(uid, e);
}

/**
 * The Event kinds' journal: the uid of every Event added, changed or removed, in batch order. The
 * timeline reads what changed since its last read instead of walking the cluster's thousands of
 * Events each time (a 1,000-pod rollout leaves ≈ 14,000). Bounded: a reader that fell further
 * behind than JOURNAL_MAX changes (or read before a reset) walks them all once.
 */
const JOURNALED_KINDS = new Set(['/Event', 'events.k8s.io/Event']);
export const JOURNAL_MAX = 20_000;
let journal: string[] = [];
/** The sequence number of journal[0]. */
let journalStart = 0;
/** Bumped by mirrorReset: cursors of an older mirror are void. */
let journalEpoch = 0;

export interface JournalCursor {
  epoch: number;
  seq: number;
}

function journalPush(kindKey: string, uid: string): void {
  if (!JOURNALED_KINDS.has(kindKey)) return;
  journal.push(uid);
  if (journal.length > JOURNAL_MAX) {
    const drop = journal.length - JOURNAL_MAX / 2;
    journal = journal.slice(drop);
    journalStart += drop;
  }
}

/**
 * The uids of Events changed since `cursor` (repeats possible; look each up in `index`: absent
 * means removed), or `null` when the reader must walk every Event (first read, a reset, or too far
 * behind); and the cursor to pass next time.
 */
export function eventChangesSince(cursor: JournalCursor | null): { uids: string[] | null; cursor: JournalCursor } {
  const next = { epoch: journalEpoch, seq: journalStart + journal.length };
  if (!cursor || cursor.epoch !== journalEpoch || cursor.seq < journalStart) return { uids: null, cursor: next };
  return { uids: journal.slice(cursor.seq - journalStart), cursor: next };
}

const EMPTY_KIND: KindMap = new Map();

/** The objects of one kind (`/Pod`, `apps/Deployment`, …), by uid; read-only. */
export function objectsOfKind(s: Pick<UiState, 'byKind'>, kindKey: string): KindMap {
  return s.byKind.get(kindKey) ?? EMPTY_KIND;
}

let snapshot: { rev: number; objects: Record<string, ObjectEntry> } = { rev: -1, objects: {} };

/**
 * The mirror as a uid → entry record, a new one per `objectsRev` (built on first use, O(objects)):
 * for views that walk every kind and memoize on the record's identity (inspector, workloads,
 * network). A stable selector: the same revision gives the same record.
 */
export function objectsSnapshot(s: Pick<UiState, 'index' | 'objectsRev'>): Record<string, ObjectEntry> {
  if (snapshot.rev !== s.objectsRev) snapshot = { rev: s.objectsRev, objects: Object.fromEntries(s.index) };
  return snapshot.objects;
}

export const useUiStore = create<UiState>()((set) => ({
  index,
  byKind,
  objectsRev: 0,
  kindRevs: {},
  membersRev: 0,
  rv: 0,
  kinds: [],
  clock: { nowMs: 0, playing: true, speed: 1 },
  selection: { uid: null },
  connection: { status: 'booting', error: null },
  traffic: EMPTY_TRAFFIC,

  mirrorReset: (msg) => {
    // Fresh maps: anything still holding the old ones keeps a consistent (old) picture.
    index = new Map();
    byKind = new Map();
    journal = [];
    journalStart = 0;
    journalEpoch++;
    const kindRevs: Record<string, number> = {};
    for (const e of msg.objects) {
      put(mirrorKey(e.kindKey, e.object), e);
      kindRevs[e.kindKey] ??= ++revSeq;
    }
    const rev = ++revSeq;
    set({
      index,
      byKind,
      objectsRev: rev,
      kindRevs,
      membersRev: rev,
      rv: msg.snapshotRv,
      kinds: msg.kinds ?? [],
      clock: { nowMs: msg.nowMs, playing: msg.playing, speed: msg.speed },
      selection: { uid: null },
      connection: { status: 'ready', error: null },
      traffic: EMPTY_TRAFFIC,
    });
  },

  mirrorBatch: (msg) =>
    set((s) => {
      const clock = { ...s.clock, nowMs: msg.nowMs };
      const kinds: Partial<UiState> = msg.kinds ? { kinds: msg.kinds } : {};
      if (msg.traffic) kinds.traffic = nextTraffic(s.traffic, msg.traffic);
      const changed = msg.removed.length > 0 || hasKeys(msg.added) || hasKeys(msg.updated);
      if (!changed) return { clock, rv: msg.rv, ...kinds };
      const kindRevs = { ...s.kindRevs };
      const rev = ++revSeq;
      for (const uid in msg.added) {
        const e = msg.added[uid];
        put(uid, e);
        kindRevs[e.kindKey] = rev;
        journalPush(e.kindKey, uid);
      }
      for (const uid in msg.updated) {
        const e = msg.updated[uid];
        put(uid, e);
        kindRevs[e.kindKey] = rev;
        journalPush(e.kindKey, uid);
      }
      for (const uid of msg.removed) {
        const gone = index.get(uid);
        if (!gone) continue;
        kindRevs[gone.kindKey] = rev;
        journalPush(gone.kindKey, uid);
        index.delete(uid);
        byKind.get(gone.kindKey)?.delete(uid);
      }
      const membersRev = msg.removed.length > 0 || hasKeys(msg.added) ? rev : s.membersRev;
      const selection = s.selection.uid && !index.has(s.selection.uid) ? { uid: null } : s.selection;
      return { objectsRev: rev, kindRevs, membersRev, clock, rv: msg.rv, selection, ...kinds };
    }),

  setClock: (clock) => set((s) => ({ clock: { ...s.clock, ...clock } })),
  setConnection: (connection) => set({ connection }),

  select: (uid) => set({ selection: { uid } }),
}));

function nextTraffic(prev: TrafficSlice, t: NonNullable<BatchMessage['traffic']>): TrafficSlice {
  const fresh = t.records.length > 0;
  return {
    clients: t.clients,
    records: fresh ? t.records : prev.records,
    recordsId: fresh ? prev.recordsId + 1 : prev.recordsId,
    dropped: prev.dropped + t.dropped,
  };
}

function hasKeys(r: Record<string, unknown>): boolean {
  for (const _ in r) return true;
  return false;
}
