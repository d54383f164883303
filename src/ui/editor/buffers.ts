// The editor's tabs and their text, kept in the browser's storage after every change so the
// user's text survives failed applies, a restarted simulation and page reloads. Plain state and
// pure updates (tested directly) behind a small zustand store.

import { create } from 'zustand';
import type { EditTarget } from '../../worker/protocol';
import { browserStorage, type KeyValueStorage } from '../terminal/history';
import { SAMPLES } from './samples';

export const BUFFERS_KEY = 'kubeplay.editor.v1';
/** Save at most this often while typing (ms). */
const SAVE_DELAY_MS = 250;

export interface EditorTab {
  id: string;
  /** The file name `kubectl apply -f NAME` uses in the terminal. */
  name: string;
  text: string;
  /** `edit`: a live object opened for editing, saved back with optimistic concurrency. */
  kind: 'file' | 'edit';
  target?: EditTarget;
  /** Edit tabs: the object's text as opened, to tell the user's changes from the cluster's. */
  original?: string;
}

export interface BuffersState {
  open: boolean;
  /** The panel's width in px, once the user has dragged it; else the stylesheet's default. */
  width?: number;
  tabs: EditorTab[];
  activeId: string;
  /** Incremented for every new tab id (ids stay unique across reloads). */
  seq: number;
}

export function initialBuffers(): BuffersState {
  const sample = SAMPLES.find((s) => s.id === 'deployment') ?? SAMPLES[0];
  return { open: true, tabs: [{ id: 't1', name: 'web.yaml', text: sample.text, kind: 'file' }], activeId: 't1', seq: 1 };
}

export function loadBuffers(storage: KeyValueStorage | undefined): BuffersState {
  try {
    const raw = storage?.getItem(BUFFERS_KEY);
    if (!raw) return initialBuffers();
    const v = JSON.parse(raw) as Partial<BuffersState>;
    const tabs = Array.isArray(v.tabs)
      ? v.tabs.filter((t): t is EditorTab => !!t && typeof t.id === 'string' && typeof t.name === 'string' && typeof t.text === 'string')
          .map((t) => ({
            id: t.id,
            name: t.name,
            text: t.text,
            kind: t.kind === 'edit' && t.target ? 'edit' : 'file',
            ...(t.kind === 'edit' && t.target ? { target: t.target, original: typeof t.original === 'string' ? t.original : undefined } : {}),
          }) as EditorTab)
      : [];
    const width = typeof v.width === 'number' && Number.isFinite(v.width) ? v.width : undefined;
    if (tabs.length === 0) return { ...initialBuffers(), open: v.open !== false, ...(width ? { width } : {}) };
    const activeId = tabs.some((t) => t.id === v.activeId) ? v.activeId! : tabs[0].id;
    const seq = Math.max(typeof v.seq === 'number' ? v.seq : 0, ...tabs.map((t) => Number(t.id.slice(1)) || 0));
    return { open: v.open !== false, tabs, activeId, seq, ...(width ? { width } : {}) };
  } catch {
    return initialBuffers();
  }
}

/** Serialises the state; false when the storage refused it (quota). */
export function saveBuffers(storage: KeyValueStorage | undefined, s: BuffersState): boolean {
  try {
    storage?.setItem(BUFFERS_KEY, JSON.stringify({ open: s.open, width: s.width, tabs: s.tabs, activeId: s.activeId, seq: s.seq }));
    return true;
  } catch {
    return false;
  }
}

/** A name not used by another tab: `web.yaml`, `web-2.yaml`, … */
export function uniqueName(tabs: readonly EditorTab[], wanted: string, exceptId?: string): string {
  const taken = new Set(tabs.filter((t) => t.id !== exceptId).map((t) => t.name));
  if (!taken.has(wanted)) return wanted;
  const m = /^(.*?)(\.ya?ml|\.json)?$/.exec(wanted)!;
  for (let i = 2; ; i++) {
    const n = `${m[1]}-${i}${m[2] ?? ''}`;
    if (!taken.has(n)) return n;
  }
}

// ---- pure updates --------------------------------------------------------------------------

export function addTab(s: BuffersState, tab: Omit<EditorTab, 'id'>): BuffersState {
  const seq = s.seq + 1;
  const id = `t${seq}`;
  return { ...s, open: true, seq, activeId: id, tabs: [...s.tabs, { ...tab, id, name: uniqueName(s.tabs, tab.name) }] };
}

export function closeTab(s: BuffersState, id: string): BuffersState {
  const i = s.tabs.findIndex((t) => t.id === id);
  if (i < 0) return s;
  const tabs = s.tabs.filter((t) => t.id !== id);
  if (tabs.length === 0) return { ...s, ...addTab({ ...s, tabs: [] }, { name: 'untitled.yaml', text: '', kind: 'file' }) };
  const activeId = s.activeId === id ? tabs[Math.min(i, tabs.length - 1)].id : s.activeId;
  return { ...s, tabs, activeId };
}

export function setText(s: BuffersState, id: string, text: string): BuffersState {
  return { ...s, tabs: s.tabs.map((t) => (t.id === id ? { ...t, text } : t)) };
}

export function renameTab(s: BuffersState, id: string, name: string): BuffersState {
  const clean = name.trim().replace(/\s+/g, '-');
  if (!clean) return s;
  return { ...s, tabs: s.tabs.map((t) => (t.id === id ? { ...t, name: uniqueName(s.tabs, clean, id) } : t)) };
}

/** Opens a live object: its existing edit tab is reused (and refreshed), else a new tab. */
export function openEditTab(s: BuffersState, target: EditTarget, text: string): BuffersState {
  const existing = s.tabs.find((t) => t.kind === 'edit' && t.target?.kindKey === target.kindKey && t.target.namespace === target.namespace && t.target.name === target.name);
  if (existing) {
    return { ...s, open: true, activeId: existing.id, tabs: s.tabs.map((t) => (t.id === existing.id ? { ...t, text, target, original: text } : t)) };
  }
  const kind = target.kindKey.slice(target.kindKey.indexOf('/') + 1).toLowerCase();
  return addTab(s, { name: `${kind}-${target.name}.yaml`, text, kind: 'edit', target, original: text });
}

// ---- the store -----------------------------------------------------------------------------

export interface BuffersStore extends BuffersState {
  /** False when the browser refused to store the text (it is kept in memory). */
  saved: boolean;
  setOpen(open: boolean): void;
  setWidth(width: number): void;
  activate(id: string): void;
  newTab(name?: string, text?: string): string;
  close(id: string): void;
  setText(id: string, text: string): void;
  rename(id: string, name: string): void;
  openEdit(target: EditTarget, text: string): void;
}

const storage = browserStorage();
let saveTimer: ReturnType<typeof setTimeout> | undefined;

export const useBuffers = create<BuffersStore>()((set, get) => {
  const update = (fn: (s: BuffersState) => BuffersState, immediate = true) => {
    set((s) => fn(s));
    if (saveTimer !== undefined) clearTimeout(saveTimer);
    const save = () => {
      saveTimer = undefined;
      const ok = saveBuffers(storage, get());
      if (ok !== get().saved) set({ saved: ok });
    };
    if (immediate) save();
    else saveTimer = setTimeout(save, SAVE_DELAY_MS);
  };
  return {
    ...loadBuffers(storage),
    saved: true,
    setOpen: (open) => update((s) => ({ ...s, open })),
    setWidth: (width) => update((s) => ({ ...s, width: Math.round(width) }), false),
    activate: (id) => update((s) => ({ ...s, activeId: id })),
    newTab: (name = 'untitled.yaml', text = '') => {
      update((s) => addTab(s, { name, text, kind: 'file' }));
      return get().activeId;
    },
    close: (id) => update((s) => closeTab(s, id)),
    setText: (id, text) => update((s) => setText(s, id, text), false),
    rename: (id, name) => update((s) => renameTab(s, id, name)),
    openEdit: (target, text) => update((s) => openEditTab(s, target, text)),
  };
});

/** Flushes a pending save (page hide). */
export function flushBuffers(): void {
  if (saveTimer !== undefined) {
    clearTimeout(saveTimer);
    saveTimer = undefined;
  }
  saveBuffers(storage, useBuffers.getState());
}

if (typeof window !== 'undefined') {
  window.addEventListener('pagehide', flushBuffers);
  window.addEventListener('beforeunload', flushBuffers);
}

/** The buffers by file name, for `kubectl apply -f NAME` in the terminal. */
export function buffersByName(): Record<string, string> {
  return Object.fromEntries(useBuffers.getState().tabs.map((t) => [t.name, t.text]));
}
