// The main area: Graph / Workloads tabs, the namespace filter and search shared by both views,
// the cluster fault buttons, and the context menu.

import { useMemo } from 'react';
import { ClusterFaults } from '../controls/ClusterFaults';
import { ContextMenu } from '../controls/ContextMenu';
import { ClusterGraph } from '../graph/ClusterGraph';
import { useUiStore } from '../store';
import { useViewStore, type ViewTab } from './viewStore';
import { WorkloadsView } from './WorkloadsView';
import './views.css';

const TABS: { id: ViewTab; label: string }[] = [
  { id: 'graph', label: 'Cluster' },
  { id: 'workloads', label: 'Workloads' },
];

function NamespaceFilter() {
  const objects = useUiStore((s) => s.objects);
  const namespace = useViewStore((s) => s.namespace);
  const names = useMemo(() => {
    const out: string[] = [];
    for (const e of Object.values(objects)) if (e.kindKey === '/Namespace') out.push(e.object.metadata.name ?? '');
    return out.sort();
  }, [objects]);
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

export function MainView() {
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
        <input className="field toolbar__search" type="search" placeholder="search by name" aria-label="search" data-testid="search" value={search} onChange={(e) => useViewStore.getState().set({ search: e.target.value })} />
        <ClusterFaults />
      </div>
      {tab === 'graph' ? <ClusterGraph /> : <WorkloadsView />}
      <ContextMenu />
    </div>
  );
}
