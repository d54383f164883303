// The notice shown after the simulation worker died and a new one was started from the last
// snapshot the old one sent. Written by the bridge, shown by RestartBanner.

import { create } from 'zustand';

export interface RestartNotice {
  /** Why the old worker stopped, as the browser reported it. */
  reason: string;
  /** Virtual time of the snapshot the new worker started from. */
  atMs: number;
  /** Restarts so far in this page. */
  count: number;
}

export interface RestartNoticeState {
  notice: RestartNotice | null;
  show(n: Omit<RestartNotice, 'count'>): void;
  dismiss(): void;
}

export const useRestartNotice = create<RestartNoticeState>()((set, get) => ({
  notice: null,
  show: (n) => set({ notice: { ...n, count: (get().notice?.count ?? 0) + 1 } }),
  dismiss: () => set({ notice: null }),
}));
