// The UI's one store. `objects` mirrors the API objects keyed by uid and is written only by the
// bridge (mirrorReset / mirrorBatch); components read it and derive views with useMemo.

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

export interface UiState {
  objects: Record<string, ObjectEntry>;
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

export const useUiStore = create<UiState>()((set) => ({
  objects: {},
  kindRevs: {},
  membersRev: 0,
  rv: 0,
  kinds: [],
  clock: { nowMs: 0, playing: true, speed: 1 },
  selection: { uid: null },
  connection: { status: 'booting', error: null },
  traffic: EMPTY_TRAFFIC,

  mirrorReset: (msg) => {
    const objects: Record<string, ObjectEntry> = {};
    const kindRevs: Record<string, number> = {};
    for (const e of msg.objects) {
      objects[mirrorKey(e.kindKey, e.object)] = e;
      kindRevs[e.kindKey] ??= ++revSeq;
    }
    set({
      objects,
      kindRevs,
      membersRev: ++revSeq,
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
      const objects = { ...s.objects, ...msg.added, ...msg.updated };
      const kindRevs = { ...s.kindRevs };
      const rev = ++revSeq;
      for (const e of Object.values(msg.added)) kindRevs[e.kindKey] = rev;
      for (const e of Object.values(msg.updated)) kindRevs[e.kindKey] = rev;
      for (const uid of msg.removed) {
        const gone = objects[uid];
        if (gone) kindRevs[gone.kindKey] = rev;
        delete objects[uid];
      }
      const membersRev = msg.removed.length > 0 || hasKeys(msg.added) ? rev : s.membersRev;
      const selection = s.selection.uid && !objects[s.selection.uid] ? { uid: null } : s.selection;
      return { objects, kindRevs, membersRev, clock, rv: msg.rv, selection, ...kinds };
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
  return Object.keys(r).length > 0;
}
