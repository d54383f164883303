// The main area: Cluster / Workloads / Network tabs, the namespace, label and name filters shared
// by the views, the cluster fault buttons, and the context menu.

import { lazy, Suspense, useEffect, useMemo } from 'react';
import { useBridge } from '../bridge';
import { exposeDebug } from '../debug';
import { ClusterFaults } from '../controls/ClusterFaults';
import { ContextMenu } from '../controls/ContextMenu';
import { ClusterGraph } from '../graph/ClusterGraph';
import { objectsOfKind, useUiStore } from '../store';
import { labelFilter } from './labelFilter';
import { useViewStore, type ViewTab } from './viewStore';
import './views.css';

// Their own chunks: not needed for the first paint of the cluster graph.
const NetworkView = lazy(() => import('../network/NetworkView').then((m) => ({ default: m.NetworkView })));
const WorkloadsView = lazy(() => import('./WorkloadsView').then((m) => ({ default: m.WorkloadsView })));

const TABS: { id: ViewTab; label: string }[] = [
  { id: 'graph', label: 'Cluster' },
  { id: 'workloads', label: 'Workloads' },
  { id: 'network', label: 'Network' },
];

function NamespaceFilter() {
  // Re-derived when a Namespace changes, not on every batch (the scan walks every object).
  const rev = useUiStore((s) => s.kindRevs['/Namespace']);
  const namespace = useViewStore((s) => s.namespace);
  const names = useMemo(() => {
    const out: string[] = [];
    for (const e of objectsOfKind(useUiStore.getState(), '/Namespace').values()) out.push(e.object.metadata.name ?? '');
    // A filter restored from an earlier session may name a namespace this cluster lacks.
    if (namespace && !out.includes(namespace)) out.push(namespace);
    return out.sort();
  }, [rev, namespace]);
  return (
    <select className="field" aria-label="namespace" data-testid="namespace-filter" value={namespace} onChange={(e) => useViewStore.getState().set({ namespace: e.target.value })}>
      <option value="">all namespaces</option>
      {names.map((n) => (
        <option key={n} value={n}>
          {n}
        </option>
      ))}
    </select>
  );
}

/** A label selector as `kubectl get -l` takes it; a parse error shows beside it. */
function LabelFilterField() {
  const labels = useViewStore((s) => s.labels);
  const { error } = labelFilter(labels);
  return (
    <span className="label-filter">
      <input
        className={`field label-filter__input${error ? ' field--invalid' : ''}`}
        type="search"
        placeholder="labels: app=web,tier!=db"
        aria-label="label selector"
        aria-invalid={!!error}
        spellCheck={false}
        data-testid="label-filter"
        value={labels}
        onChange={(e) => useViewStore.getState().set({ labels: e.target.value })}
      />
      {error && (
        <span className="label-filter__error" role="alert" data-testid="label-filter-error" title={error}>
          {error}
        </span>
      )}
    </span>
  );
}

/** `window.kubeplay.run` / `setClock`: drive the cluster from scripts (bench/ui.ts). */
function useDebugHooks() {
  const bridge = useBridge();
  useEffect(() => {
    exposeDebug('run', async (line, stdin) => {
      const r = line.startsWith('kubeplay ') ? await bridge.control(line) : await bridge.kubectl(line, { stdin });
      if (!r.ok) return { ok: false, output: r.status.message ?? '' };
      const v = r.value as { output?: string; exitCode?: number };
      return { ok: v.exitCode === 0, output: v.output ?? '' };
    });
    exposeDebug('setClock', (playing, speed) => bridge.setClock(playing, speed));
  }, [bridge]);
}

export function MainView() {
  useDebugHooks();
  const tab = useViewStore((s) => s.tab);
  const search = useViewStore((s) => s.search);
  return (
    <div className="main-view">
      <div className="toolbar">
        <div className="tabs" role="tablist">
          {TABS.map((t) => (
            <button key={t.id} type="button" role="tab" aria-selected={tab === t.id} className={`tab${tab === t.id ? ' tab--active' : ''}`} data-testid={`view-tab-${t.id}`} onClick={() => useViewStore.getState().set({ tab: t.id })}>
              {t.label}
            </button>
          ))}
        </div>
        <NamespaceFilter />
        <LabelFilterField />
        <input className="field toolbar__search" type="search" placeholder="search by name" aria-label="search" data-testid="search" value={search} onChange={(e) => useViewStore.getState().set({ search: e.target.value })} />
        <ClusterFaults />
      </div>
      {tab === 'graph' ? (
        <ClusterGraph />
      ) : tab === 'network' ? (
        <Suspense fallback={<div className="graph graph--empty">Loading the network view…</div>}>
          <NetworkView />
        </Suspense>
      ) : (
        <Suspense fallback={<div className="graph graph--empty">Loading the workloads view…</div>}>
          <WorkloadsView />
        </Suspense>
      )}
      <ContextMenu />
    </div>
  );
}
