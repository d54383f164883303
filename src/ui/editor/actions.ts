// What the editor's buttons, shortcuts and the graph's "Edit" do: they call the worker through
// the bridge and record each tab's last result (shown under the editor and as markers). Results
// are not persisted; the text is (buffers.ts).

import { create } from 'zustand';
import type { Bridge } from '../bridge';
import type {
  CommandResult,
  EditorApplyReport,
  EditorDiagnostic,
  EditorDiffReport,
  EditTarget,
  SaveEditResult,
} from '../../worker/protocol';
import { useBuffers, type EditorTab } from './buffers';
import type { Sample } from './samples';

export type TabResult =
  | { kind: 'busy'; what: string }
  | { kind: 'apply'; dryRun: boolean; report: EditorApplyReport }
  | { kind: 'diff'; report: EditorDiffReport }
  | { kind: 'save'; result: SaveEditResult }
  | { kind: 'error'; message: string };

/** What the editor area shows for a tab: the buffer, a diff against the live objects, or a dry run's objects. */
export type TabView =
  | { mode: 'edit' }
  | { mode: 'diff'; original: string; modified: string }
  | { mode: 'dryrun'; yaml: string };

interface ResultsState {
  results: Record<string, TabResult>;
  views: Record<string, TabView>;
  /** The last problem opening a live object (shown by the selection bar). */
  openError: string | null;
  set(tabId: string, result: TabResult, view?: TabView): void;
  setView(tabId: string, view: TabView): void;
  clear(tabId: string): void;
  setOpenError(message: string | null): void;
}

export const useEditorResults = create<ResultsState>()((set) => ({
  results: {},
  views: {},
  openError: null,
  set: (tabId, result, view) =>
    set((s) => ({ results: { ...s.results, [tabId]: result }, ...(view ? { views: { ...s.views, [tabId]: view } } : {}) })),
  setView: (tabId, view) => set((s) => ({ views: { ...s.views, [tabId]: view } })),
  clear: (tabId) =>
    set((s) => {
      const results = { ...s.results };
      delete results[tabId];
      return { results, views: { ...s.views, [tabId]: { mode: 'edit' } } };
    }),
  setOpenError: (openError) => set({ openError }),
}));

/** Diagnostics to mark in a tab: those of its last result. */
export function diagnosticsOf(result: TabResult | undefined): EditorDiagnostic[] {
  if (!result) return [];
  if (result.kind === 'apply' || result.kind === 'diff') return result.report.diagnostics;
  if (result.kind === 'save') return result.result.diagnostics;
  return [];
}

function tab(id: string): EditorTab | undefined {
  return useBuffers.getState().tabs.find((t) => t.id === id);
}

function failure(r: CommandResult): string | undefined {
  return r.ok ? undefined : r.status.message;
}

/** Apply (or dry-run) a tab: file tabs as `kubectl apply -f NAME`, edit tabs saved back to their object. */
export async function applyTab(bridge: Bridge, tabId: string, dryRun = false): Promise<void> {
  const t = tab(tabId);
  if (!t) return;
  const results = useEditorResults.getState();
  if (t.kind === 'edit' && t.target && !dryRun) return saveEditTab(bridge, tabId);
  results.set(tabId, { kind: 'busy', what: dryRun ? 'Dry run…' : 'Applying…' });
  const r = await bridge.apply(t.text, { source: t.name, dryRun: dryRun ? 'server' : undefined });
  const err = failure(r);
  if (err !== undefined || !r.ok || r.op !== 'apply') return results.set(tabId, { kind: 'error', message: err ?? 'unexpected reply' });
  const report = r.value;
  const yaml = report.results.map((x) => x.yaml ?? '').filter(Boolean).join('---\n');
  results.set(tabId, { kind: 'apply', dryRun, report }, dryRun && yaml ? { mode: 'dryrun', yaml } : { mode: 'edit' });
}

/** Diff a tab against the live objects (kubectl diff). */
export async function diffTab(bridge: Bridge, tabId: string): Promise<void> {
  const t = tab(tabId);
  if (!t) return;
  const results = useEditorResults.getState();
  results.set(tabId, { kind: 'busy', what: 'Comparing with the live objects…' });
  const r = await bridge.diff(t.text, t.name);
  const err = failure(r);
  if (err !== undefined || !r.ok || r.op !== 'diff') return results.set(tabId, { kind: 'error', message: err ?? 'unexpected reply' });
  const report = r.value;
  const original = report.entries.map((e) => e.live ?? '').join('---\n');
  const modified = report.entries.map((e) => e.merged).join('---\n');
  results.set(tabId, { kind: 'diff', report }, report.entries.length > 0 ? { mode: 'diff', original, modified } : { mode: 'edit' });
}

/** Save an edit tab back to its object; on success the tab shows the object as now stored. */
export async function saveEditTab(bridge: Bridge, tabId: string): Promise<void> {
  const t = tab(tabId);
  if (!t?.target) return;
  const results = useEditorResults.getState();
  results.set(tabId, { kind: 'busy', what: 'Saving…' });
  const r = await bridge.saveEdit(t.target, t.text, t.original);
  const err = failure(r);
  if (err !== undefined || !r.ok || r.op !== 'saveEdit') return results.set(tabId, { kind: 'error', message: err ?? 'unexpected reply' });
  results.set(tabId, { kind: 'save', result: r.value }, { mode: 'edit' });
  if (r.value.ok && r.value.target) await reloadEditTab(bridge, tabId, false, false);
}

/**
 * Reload an edit tab from the live object. With `keepMine`, the user's text is first kept in a
 * new tab, so nothing typed is lost.
 */
export async function reloadEditTab(bridge: Bridge, tabId: string, keepMine: boolean, clearResult = true): Promise<void> {
  const t = tab(tabId);
  if (!t?.target) return;
  const buffers = useBuffers.getState();
  if (keepMine) {
    const base = t.name.replace(/\.ya?ml$/, '');
    buffers.newTab(`${base}.mine.yaml`, t.text);
  }
  const r = await bridge.openEdit(t.target.kindKey, t.target.namespace, t.target.name);
  const results = useEditorResults.getState();
  if (!r.ok) return results.set(tabId, { kind: 'error', message: r.status.message });
  if (r.op !== 'openEdit') return;
  useBuffers.getState().openEdit(r.value.target, r.value.text);
  if (clearResult) useEditorResults.getState().clear(tabId);
}

/** Open a live object (from the graph or `kubectl edit`) in an edit tab. */
export async function openLiveObject(bridge: Bridge, target: Pick<EditTarget, 'kindKey' | 'namespace' | 'name'>): Promise<boolean> {
  const r = await bridge.openEdit(target.kindKey, target.namespace, target.name);
  const results = useEditorResults.getState();
  if (!r.ok) {
    results.setOpenError(r.status.message);
    return false;
  }
  if (r.op !== 'openEdit') return false;
  results.setOpenError(null);
  useBuffers.getState().openEdit(r.value.target, r.value.text);
  return true;
}

export function openSample(sample: Sample): void {
  useBuffers.getState().newTab(sample.file, sample.text);
}
