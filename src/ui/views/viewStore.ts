// UI-only state of the views: the active tab, filters, presenter mode and theme, the node the
// scheduler table highlights, the open context menu, and the local log of user actions (faults,
// clock steps) that the timeline shows beside the cluster's Events. Persisted: theme, presenter,
// and the filters (namespace, search, label selector).

import { create } from 'zustand';

export type ViewTab = 'graph' | 'workloads' | 'network';
export type Theme = 'light' | 'dark';

export interface ActionEntry {
  id: number;
  /** Virtual time when the action was taken. */
  timeMs: number;
  label: string;
  /** What the simulator or kubectl answered. */
  output: string;
  ok: boolean;
  /** The object acted on, when known. */
  uid?: string;
}

export interface MenuTarget {
  kind: 'node' | 'pod';
  name: string;
  namespace?: string;
  uid: string;
  x: number;
  y: number;
}

export interface ViewState {
  tab: ViewTab;
  namespace: string;
  search: string;
  /** A label selector (`app=web,tier!=db`) applied to every view; '' = no filter. */
  labels: string;
  /** Node boxes the user expanded by clicking a count badge (node uids). */
  expandedNodes: string[];
  collapseControlPlane: boolean;
  presenter: boolean;
  theme: Theme;
  /** A node name the inspector's scheduler table points at. */
  highlightNode: string | null;
  menu: MenuTarget | null;
  actions: ActionEntry[];
  panels: { inspector: boolean; timeline: boolean };

  set(patch: Partial<Pick<ViewState, 'tab' | 'namespace' | 'search' | 'labels' | 'collapseControlPlane' | 'highlightNode' | 'menu'>>): void;
  toggleExpanded(nodeUid: string): void;
  togglePresenter(): void;
  toggleTheme(): void;
  togglePanel(p: 'inspector' | 'timeline'): void;
  logAction(e: Omit<ActionEntry, 'id'>): void;
}

const STORAGE_KEY = 'kubeplay.view.v1';
const MAX_ACTIONS = 500;

interface Prefs {
  presenter: boolean;
  theme: Theme;
  namespace: string;
  search: string;
  labels: string;
}

function loadPrefs(): Prefs {
  const str = (v: unknown) => (typeof v === 'string' ? v.slice(0, 500) : '');
  try {
    const raw = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
    const p = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    return { presenter: p.presenter === true, theme: p.theme === 'dark' ? 'dark' : 'light', namespace: str(p.namespace), search: str(p.search), labels: str(p.labels) };
  } catch {
    return { presenter: false, theme: 'light', namespace: '', search: '', labels: '' };
  }
}

function savePrefs(s: Prefs): void {
  try {
    const { presenter, theme, namespace, search, labels } = s;
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ presenter, theme, namespace, search, labels }));
  } catch {
    // Private mode or no storage: preferences last for the session.
  }
}

let nextActionId = 1;

export const useViewStore = create<ViewState>()((set, get) => ({
  tab: 'graph',
  expandedNodes: [],
  collapseControlPlane: false,
  ...loadPrefs(),
  highlightNode: null,
  menu: null,
  actions: [],
  panels: { inspector: true, timeline: true },

  set: (patch) => {
    set(patch);
    if ('namespace' in patch || 'search' in patch || 'labels' in patch) savePrefs(get());
  },
  toggleExpanded: (uid) => set((s) => ({ expandedNodes: s.expandedNodes.includes(uid) ? s.expandedNodes.filter((u) => u !== uid) : [...s.expandedNodes, uid] })),
  togglePresenter: () => {
    set({ presenter: !get().presenter });
    savePrefs(get());
  },
  toggleTheme: () => {
    set({ theme: get().theme === 'dark' ? 'light' : 'dark' });
    savePrefs(get());
  },
  togglePanel: (p) => set((s) => ({ panels: { ...s.panels, [p]: !s.panels[p] } })),
  logAction: (e) => set((s) => ({ actions: [{ ...e, id: nextActionId++ }, ...s.actions].slice(0, MAX_ACTIONS) })),
}));
