// The action registry: every clock and view action with its label and keyboard keys, shared by
// the buttons, the shortcuts and the tests (`window.kubeplay.actions`).

import type { Bridge } from '../bridge';
import { useUiStore } from '../store';
import { useViewStore } from '../views/viewStore';

export interface Action {
  name: string;
  label: string;
  /** KeyboardEvent.key values (with `Shift+` for shifted arrows). */
  keys: string[];
  perform(bridge: Bridge): void | Promise<unknown>;
}

export const SPEEDS = [0.25, 0.5, 1, 2, 5, 10, 30, 100, 300, 1000];

export function nextSpeed(speed: number, dir: 1 | -1): number {
  const i = SPEEDS.findIndex((s) => s >= speed);
  const at = i < 0 ? SPEEDS.length - 1 : i;
  const j = SPEEDS[at] === speed ? at + dir : dir > 0 ? at : at - 1;
  return SPEEDS[Math.min(SPEEDS.length - 1, Math.max(0, j))];
}

function clock() {
  return useUiStore.getState().clock;
}

async function step(bridge: Bridge, mode: 'event' | 'second' | 'nextEvent', label: string) {
  if (clock().playing) bridge.setClock(false, clock().speed);
  const r = await bridge.step(mode);
  if (r.ok && r.op === 'step') {
    const s = r.value.advancedMs / 1000;
    useViewStore.getState().logAction({ timeMs: r.value.nowMs, label, output: `virtual time moved ${s.toFixed(s < 10 ? 3 : 0)}s`, ok: true });
  }
}

export const ACTIONS: Action[] = [
  { name: 'clock.toggle', label: 'Play / pause', keys: [' '], perform: (b) => b.setClock(!clock().playing, clock().speed) },
  { name: 'clock.stepSecond', label: 'Step one second', keys: ['ArrowRight'], perform: (b) => step(b, 'second', 'Step 1s') },
  { name: 'clock.stepEvent', label: 'Step one event', keys: ['Shift+ArrowRight', '.'], perform: (b) => step(b, 'event', 'Step one event') },
  { name: 'clock.nextEvent', label: 'Jump to the next Event', keys: ['n'], perform: (b) => step(b, 'nextEvent', 'Jump to next Event') },
  { name: 'clock.faster', label: 'Faster', keys: ['+', '='], perform: (b) => b.setClock(clock().playing, nextSpeed(clock().speed, 1)) },
  { name: 'clock.slower', label: 'Slower', keys: ['-', '_'], perform: (b) => b.setClock(clock().playing, nextSpeed(clock().speed, -1)) },
  { name: 'view.presenter', label: 'Presenter mode', keys: ['p'], perform: () => useViewStore.getState().togglePresenter() },
  { name: 'view.theme', label: 'Light / dark theme', keys: ['t'], perform: () => useViewStore.getState().toggleTheme() },
  { name: 'view.graph', label: 'Cluster graph', keys: ['g'], perform: () => useViewStore.getState().set({ tab: 'graph' }) },
  { name: 'view.workloads', label: 'Workloads', keys: ['w'], perform: () => useViewStore.getState().set({ tab: 'workloads' }) },
  { name: 'selection.clear', label: 'Clear the selection', keys: ['Escape'], perform: () => {
    useUiStore.getState().select(null);
    useViewStore.getState().set({ menu: null, highlightNode: null });
  } },
];

export function actionByName(name: string): Action {
  const a = ACTIONS.find((x) => x.name === name);
  if (!a) throw new Error(`no action ${name}`);
  return a;
}

/** The key as the registry writes it: `Shift+ArrowRight`, `+`, ` `. */
export function keyOf(e: { key: string; shiftKey: boolean }): string {
  return e.shiftKey && e.key.startsWith('Arrow') ? `Shift+${e.key}` : e.key;
}

export function actionForKey(key: string): Action | undefined {
  return ACTIONS.find((a) => a.keys.includes(key));
}

/** A label with its first shortcut: `Step one second (→)`. */
export function withKey(a: Action): string {
  const k = a.keys[0];
  const shown = k === ' ' ? 'Space' : k.replace('ArrowRight', '→');
  return `${a.label} (${shown})`;
}
