// The page's share-link session: the one action log (fed by the bridge's tap), starting the
// playground from the URL (a `#share=` hash boots its seed and nodes, opens its buffers as new
// tabs and replays its log; a bad hash says why and boots the normal playground), and making a
// link from what the user built.

import { create } from 'zustand';
import type { Bridge } from '../bridge';
import { withStartMs, type BootOptions } from '../bootOptions';
import { useBuffers } from '../editor/buffers';
import { useUiStore } from '../store';
import { ActionLog } from './actionLog';
import { shareParamFromHash } from './hash';
import { replayShare } from './replay';
import { LIMITS, type ShareBuffer, type ShareState } from './state';

export interface ShareBanner {
  kind: 'info' | 'error';
  text: string;
}

interface ShareStore {
  banner: ShareBanner | null;
  /** Actions still to replay (the Share button waits for them). */
  replaying: boolean;
  setBanner(b: ShareBanner | null): void;
  setReplaying(r: boolean): void;
}

export const useShareStore = create<ShareStore>()((set) => ({
  banner: null,
  replaying: false,
  setBanner: (banner) => set({ banner }),
  setReplaying: (replaying) => set({ replaying }),
}));

/**
 * The codec (base64url + fflate's DEFLATE) is a chunk of its own: most loads have no link to
 * decode, and the page's first chunk should hold only what draws the first picture. A link waits
 * for it before its cluster boots (the start-up script in index.html does not boot a share link).
 */
const loadCodec = () => import('./codec');

export const actionLog = new ActionLog(() => useUiStore.getState().clock.nowMs);

/** Opens the shared buffers as new tabs; a tab with the same name and text is not duplicated. */
export function openSharedBuffers(buffers: readonly ShareBuffer[]): number {
  let opened = 0;
  for (const b of buffers) {
    const s = useBuffers.getState();
    if (s.tabs.some((t) => t.name === b.name && t.text === b.text)) continue;
    s.newTab(b.name, b.text);
    opened++;
  }
  return opened;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

async function replay(bridge: Bridge, state: ShareState): Promise<void> {
  const store = useShareStore.getState();
  store.setReplaying(true);
  store.setBanner({ kind: 'info', text: `Replaying ${plural(state.actions.length, 'action')} from a shared link…` });
  try {
    const report = await replayShare(bridge, state);
    const failed = report.failed > 0 ? ` (${report.failed} of them failed, as they did when recorded)` : '';
    store.setBanner(
      report.error
        ? { kind: 'error', text: `The shared link could not be replayed: ${report.error}` }
        : { kind: 'info', text: `Replayed ${plural(report.actions, 'action')} from a shared link${failed}. The clock is paused.` },
    );
  } finally {
    store.setReplaying(false);
  }
}

/**
 * Boots the playground. With a `#share=` hash: its cluster, paused, then its log replayed; the
 * hash is removed afterwards so a reload does not replay over the user's further work. The hash is
 * decoded once the codec has loaded; if it cannot load, the normal playground boots and says why.
 */
export function startPlayground(bridge: Bridge, location: { hash: string; pathname: string; search: string }, fromUrl: BootOptions): void {
  bridge.setTap(actionLog);
  const param = shareParamFromHash(location.hash);
  if (param === undefined) {
    bridge.boot(withStartMs(fromUrl));
    return;
  }
  loadCodec().then(
    ({ decodeShare }) => {
      const decoded = decodeShare(param);
      if (typeof history !== 'undefined') history.replaceState(null, '', `${location.pathname}${location.search}`);
      if (!decoded.ok) return bootInstead(bridge, fromUrl, decoded.error.message);
      const state = decoded.state;
      // Paused before the cluster exists: no wall-clock tick may move virtual time during replay.
      bridge.setClock(false, useUiStore.getState().clock.speed);
      bridge.boot({ seed: state.seed, nodes: state.nodes, startMs: state.startMs });
      openSharedBuffers(state.buffers);
      void replay(bridge, state);
    },
    (e: unknown) => bootInstead(bridge, fromUrl, `the shared link could not be read: ${e instanceof Error ? e.message : String(e)}`),
  );
}

function bootInstead(bridge: Bridge, fromUrl: BootOptions, why: string): void {
  useShareStore.getState().setBanner({ kind: 'error', text: `${why}. Started a new playground instead.` });
  bridge.boot(withStartMs(fromUrl));
}

/** The link reproducing the current playground, or why there is none. */
export async function currentShareUrl(href: string): Promise<{ ok: true; url: string } | { ok: false; why: string }> {
  if (useShareStore.getState().replaying) return { ok: false, why: 'a shared link is still being replayed' };
  const buffers = useBuffers.getState().tabs.map((t) => ({ name: t.name, text: t.text }));
  const r = actionLog.toShareState(buffers, useUiStore.getState().clock.nowMs);
  if (!r.ok) return r;
  const { SHARE_PREFIX, shareUrl } = await loadCodec();
  const url = shareUrl(href, r.state);
  const payload = url.length - url.indexOf('=') - 1 - SHARE_PREFIX.length;
  if (payload > LIMITS.encodedChars) return { ok: false, why: `the link would be ${payload} characters long, more than the ${LIMITS.encodedChars} a link may have` };
  return { ok: true, url };
}
