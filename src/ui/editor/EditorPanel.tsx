// The editor panel: tabs of YAML buffers, the Samples menu, Apply / Dry run / Diff, and what the
// last action returned. Monaco itself loads lazily (a separate chunk) the first time the panel is
// shown; everything here is plain React so the page's initial JavaScript stays small.

import { lazy, Suspense, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useAfterBoot } from '../afterBoot';
import { useBridge } from '../bridge';
import { objectsOfKind, useUiStore, type KindMap, type UiState } from '../store';
import { applyTab, diagnosticsOf, diffTab, openSample, reloadEditTab, useEditorResults, type TabResult } from './actions';
import { useBuffers, type EditorTab } from './buffers';
import { SAMPLES } from './samples';
import { crdSchemaKey } from './schema';
import './editor.css';

const Workbench = lazy(() => import('./monaco/Workbench'));

const CRD_KIND = 'apiextensions.k8s.io/CustomResourceDefinition';
const NO_VIEW = { mode: 'edit' } as const;

function crdEntries(crds: KindMap) {
  return [...crds.values()].map((e) => e.object);
}

/**
 * The CRDs' schema key, recomputed only when a CRD changes (the selector runs on every batch; it
 * used to scan every mirrored object each time).
 */
let lastRev: number | undefined = -1;
let lastKey = '';
function crdKeyOf(s: UiState): string {
  const rev = s.kindRevs[CRD_KIND];
  if (rev !== lastRev) {
    lastRev = rev;
    lastKey = crdSchemaKey(crdEntries(objectsOfKind(s, CRD_KIND)));
  }
  return lastKey;
}

export function EditorPanel() {
  const bridge = useBridge();
  const mountEditor = useAfterBoot();
  const tabs = useBuffers((s) => s.tabs);
  const activeId = useBuffers((s) => s.activeId);
  const saved = useBuffers((s) => s.saved);
  const width = useBuffers((s) => s.width);
  const buffers = useBuffers.getState();
  const active = tabs.find((t) => t.id === activeId) ?? tabs[0];
  const result = useEditorResults((s) => s.results[active.id]);
  const view = useEditorResults((s) => s.views[active.id]) ?? NO_VIEW;
  const crdKey = useUiStore(crdKeyOf);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the key stands for the CRDs
  const crds = useMemo(() => crdEntries(objectsOfKind(useUiStore.getState(), CRD_KIND)), [crdKey]);
  const diagnostics = useMemo(() => diagnosticsOf(result), [result]);
  const busy = result?.kind === 'busy';
  const isEdit = active.kind === 'edit';

  return (
    <aside className="editor-panel" aria-label="YAML editor" data-testid="editor-panel" style={width ? { width } : undefined}>
      <Resizer />
      <div className="editor-panel__bar">
        <Tabs tabs={tabs} activeId={active.id} />
        <select
          className="editor-samples"
          aria-label="Samples"
          data-testid="editor-samples"
          value=""
          onChange={(e) => {
            const s = SAMPLES.find((x) => x.id === e.target.value);
            if (s) openSample(s);
          }}
        >
          <option value="">Samples…</option>
          {SAMPLES.map((s) => (
            <option key={s.id} value={s.id}>
              {s.label}
            </option>
          ))}
        </select>
        <button type="button" className="btn editor-panel__close" aria-label="Hide the editor" title="Hide the editor" onClick={() => buffers.setOpen(false)}>
          ×
        </button>
      </div>
      <div className="editor-toolbar">
        <button
          type="button"
          className="btn btn--primary"
          data-testid="editor-apply"
          disabled={busy}
          title={isEdit ? 'Save the object back to the cluster (Ctrl/Cmd+Enter)' : 'kubectl apply -f this tab (Ctrl/Cmd+Enter)'}
          onClick={() => void applyTab(bridge, active.id)}
        >
          {isEdit ? 'Save' : 'Apply'}
        </button>
        <button type="button" className="btn" data-testid="editor-dryrun" disabled={busy} title="Validate and default on the server, store nothing (Ctrl/Cmd+Shift+Enter)" onClick={() => void applyTab(bridge, active.id, true)}>
          Dry run
        </button>
        <button type="button" className="btn" data-testid="editor-diff" disabled={busy} title="kubectl diff: the live objects against what applying would make them (Alt+D)" onClick={() => void diffTab(bridge, active.id)}>
          Diff
        </button>
        {view.mode !== 'edit' && (
          <button type="button" className="btn" data-testid="editor-back" onClick={() => useEditorResults.getState().setView(active.id, NO_VIEW)}>
            Back to the YAML
          </button>
        )}
        <span className="editor-toolbar__info">
          {view.mode === 'diff' ? 'live ⟷ after apply' : view.mode === 'dryrun' ? 'defaulted by the server (not stored)' : isEdit ? `live object ${active.target?.ref ?? ''}` : ''}
          {!saved && <span className="editor-toolbar__warn"> · not saved in this browser (storage full)</span>}
        </span>
      </div>
      <div className="editor-panel__body">
        <Suspense fallback={<div className="editor-panel__loading">Loading the editor…</div>}>
          {mountEditor ? (
          <Workbench
            tabs={tabs}
            activeId={active.id}
            view={view}
            diagnostics={diagnostics}
            crds={crds}
            onChange={(id, text) => useBuffers.getState().setText(id, text)}
            onApply={() => void applyTab(bridge, useBuffers.getState().activeId)}
            onDryRun={() => void applyTab(bridge, useBuffers.getState().activeId, true)}
            onDiff={() => void diffTab(bridge, useBuffers.getState().activeId)}
          />
          ) : (
            <div className="editor-panel__loading">Loading the editor…</div>
          )}
        </Suspense>
      </div>
      <Results tab={active} result={result} onReload={() => void reloadEditTab(bridge, active.id, true)} />
    </aside>
  );
}

const MIN_WIDTH = 360;

/** The panel's left edge: drag (or arrow keys) to share the width with the graph. */
function Resizer() {
  const clamp = (w: number) => Math.max(MIN_WIDTH, Math.min(w, window.innerWidth * 0.8));
  const current = () => (document.querySelector('.editor-panel') as HTMLElement | null)?.getBoundingClientRect().width ?? 600;
  return (
    <div
      className="editor-panel__resize"
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize the editor"
      tabIndex={0}
      onPointerDown={(e) => {
        const el = e.currentTarget;
        el.setPointerCapture(e.pointerId);
        const move = (ev: PointerEvent) => useBuffers.getState().setWidth(clamp(window.innerWidth - ev.clientX));
        const up = () => {
          el.removeEventListener('pointermove', move);
          el.removeEventListener('pointerup', up);
        };
        el.addEventListener('pointermove', move);
        el.addEventListener('pointerup', up);
      }}
      onKeyDown={(e) => {
        if (e.key === 'ArrowLeft') useBuffers.getState().setWidth(clamp(current() + 40));
        if (e.key === 'ArrowRight') useBuffers.getState().setWidth(clamp(current() - 40));
      }}
    />
  );
}

function Tabs({ tabs, activeId }: { tabs: readonly EditorTab[]; activeId: string }) {
  const [renaming, setRenaming] = useState<string | null>(null);
  const list = useRef<HTMLDivElement>(null);
  useEffect(() => {
    list.current?.querySelector('.editor-tab--active')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [activeId, tabs.length]);
  const store = useBuffers.getState();
  const finish = (id: string, value: string) => {
    store.rename(id, value);
    setRenaming(null);
  };
  return (
    <div className="editor-tabs" role="tablist" aria-label="Editor tabs" ref={list}>
      {tabs.map((t) => (
        <div key={t.id} className={`editor-tab${t.id === activeId ? ' editor-tab--active' : ''}`} role="tab" aria-selected={t.id === activeId} data-testid={`editor-tab-${t.name}`}>
          {renaming === t.id ? (
            <input
              className="editor-tab__rename"
              defaultValue={t.name}
              aria-label="Tab name"
              autoFocus
              onBlur={(e) => finish(t.id, e.target.value)}
              onKeyDown={(e: KeyboardEvent<HTMLInputElement>) => {
                if (e.key === 'Enter') finish(t.id, e.currentTarget.value);
                if (e.key === 'Escape') setRenaming(null);
              }}
            />
          ) : (
            <button type="button" className="editor-tab__name" title={`${t.name} — double-click to rename; kubectl apply -f ${t.name}`} onClick={() => store.activate(t.id)} onDoubleClick={() => setRenaming(t.id)}>
              {t.kind === 'edit' && <span className="editor-tab__badge">live</span>}
              {t.name}
            </button>
          )}
          <button type="button" className="editor-tab__close" aria-label={`Close ${t.name}`} title="Close" onClick={() => store.close(t.id)}>
            ×
          </button>
        </div>
      ))}
      <button type="button" className="editor-tabs__new" aria-label="New tab" title="New tab" onClick={() => store.newTab()}>
        +
      </button>
    </div>
  );
}

function Results({ tab, result, onReload }: { tab: EditorTab; result: TabResult | undefined; onReload(): void }) {
  if (!result) {
    return (
      <div className="editor-results editor-results--hint" data-testid="editor-results">
        {tab.kind === 'edit'
          ? 'Editing the live object. Save writes it back; if someone else changed it meanwhile, nothing is overwritten.'
          : `Ctrl/Cmd+Enter applies this tab. In the terminal: kubectl apply -f ${tab.name}`}
      </div>
    );
  }
  let body;
  switch (result.kind) {
    case 'busy':
      body = <div className="editor-results__busy">{result.what}</div>;
      break;
    case 'error':
      body = <div className="editor-results__error">{result.message}</div>;
      break;
    case 'apply': {
      const { report } = result;
      body = (
        <>
          {report.errors.length > 0 && (
            <div className="editor-results__summary editor-results__summary--bad">
              {report.errors.length === 1 ? '1 error' : `${report.errors.length} errors`}
              {report.results.length > 0 ? `, ${report.results.length} applied` : ''} — marked in the editor
            </div>
          )}
          <ul className="editor-results__list">
            {report.results.map((r) => (
              <li key={r.ref} className="editor-results__ok">
                {r.text}
              </li>
            ))}
            {report.warnings.map((w, i) => (
              <li key={`w${i}`} className="editor-results__warn">
                {w}
              </li>
            ))}
            {report.errors.map((e, i) => (
              <li key={`e${i}`} className="editor-results__error">
                {e}
              </li>
            ))}
          </ul>
        </>
      );
      break;
    }
    case 'diff': {
      const { report } = result;
      const changed = report.entries.filter((e) => e.changed);
      body = (
        <>
          <div className={`editor-results__summary${report.errors.length ? ' editor-results__summary--bad' : ''}`}>
            {report.errors.length > 0
              ? 'kubectl diff failed'
              : changed.length === 0
                ? 'No differences: applying would change nothing.'
                : `${changed.length} of ${report.entries.length} object${report.entries.length === 1 ? '' : 's'} would change`}
          </div>
          <ul className="editor-results__list">
            {report.entries.map((e) => (
              <li key={e.name} className={e.changed ? 'editor-results__changed' : 'editor-results__same'}>
                {e.ref} {e.live === undefined ? '(new)' : e.changed ? 'changed' : 'unchanged'}
              </li>
            ))}
            {report.errors.map((e, i) => (
              <li key={`e${i}`} className="editor-results__error">
                {e}
              </li>
            ))}
          </ul>
        </>
      );
      break;
    }
    case 'save': {
      const r = result.result;
      body = r.conflict ? (
        <div className="editor-results__conflict" role="alert" data-testid="editor-conflict">
          <strong>Conflict: {tab.target?.ref} was changed in the cluster since you opened it. Nothing was saved.</strong>
          <div>{r.message}</div>
          <button type="button" className="btn" data-testid="editor-reload" onClick={onReload}>
            Reload the live object (your text is kept in a new tab)
          </button>
        </div>
      ) : (
        <div className={r.ok ? 'editor-results__ok' : 'editor-results__error'}>{r.message}</div>
      );
      break;
    }
  }
  return (
    <div className="editor-results" data-testid="editor-results" aria-live="polite">
      {body}
    </div>
  );
}
