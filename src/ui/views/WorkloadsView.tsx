// The Workloads tab: each workload as a card, its ReplicaSets (newest revision first, old ones
// shrinking) or Jobs inside, pods as chips (count badges past GROUP_AT).

import { memo, useMemo } from 'react';
import { useLazyStore } from '../lazyStore';
import { objectsSnapshot, useUiStore, type UiState } from '../store';
import { labelFilter } from './labelFilter';
import { useViewStore } from './viewStore';
import { buildWorkloads, type WorkloadNode, type WorkloadPod } from './workloads';

const GROUP_AT = 30;

function Pods({ pods }: { pods: WorkloadPod[] }) {
  const select = useUiStore((s) => s.select);
  const selected = useUiStore((s) => s.selection.uid);
  if (pods.length === 0) return null;
  if (pods.length > GROUP_AT) {
    const counts = new Map<string, { tone: string; n: number }>();
    for (const p of pods) counts.set(p.status, { tone: p.tone, n: (counts.get(p.status)?.n ?? 0) + 1 });
    return (
      <div className="wl__pods">
        {[...counts].map(([status, c]) => (
          <span key={status} className={`pod-group pod-chip--${c.tone}`}>
            <span className="pod-group__count">{c.n}</span> {status}
          </span>
        ))}
      </div>
    );
  }
  return (
    <div className="wl__pods">
      {pods.map((p) => (
        <button
          key={p.uid}
          type="button"
          className={`wl__pod pod-chip--${p.tone}${selected === p.uid ? ' pod-chip--selected' : ''}`}
          title={`${p.name}: ${p.status}`}
          data-testid={`wl-pod-${p.name}`}
          data-status={p.status}
          onClick={() => select(p.uid)}
        >
          <span className="pod-chip__dot" aria-hidden="true" />
          {p.name}
          <span className="wl__pod-status">{p.status}</span>
        </button>
      ))}
    </div>
  );
}

/** Redrawn only when its tree changed: a batch usually touches one workload of many. */
const Workload = memo(WorkloadCard, (a, b) => a.depth === b.depth && JSON.stringify(a.w) === JSON.stringify(b.w));

function WorkloadCard({ w, depth }: { w: WorkloadNode; depth: number }) {
  const select = useUiStore((s) => s.select);
  const selected = useUiStore((s) => s.selection.uid === w.uid);
  return (
    <div className={`wl wl--d${depth}${w.inactive ? ' wl--inactive' : ''}${selected ? ' wl--selected' : ''}`} data-testid={`workload-${w.kind}-${w.name}`}>
      <button type="button" className="wl__head" onClick={() => select(w.uid)}>
        <span className="wl__kind">{w.kind}</span>
        <span className="wl__name">{depth === 0 && w.namespace ? `${w.namespace}/` : ''}{w.name}</span>
        {w.revision && <span className="wl__rev">rev {w.revision}</span>}
        <span className="wl__summary">{w.summary}</span>
      </button>
      {w.children.length > 0 && (
        <div className="wl__children">
          {w.children.map((c) => (
            <Workload key={c.uid} w={c} depth={depth + 1} />
          ))}
        </div>
      )}
      <Pods pods={w.pods} />
    </div>
  );
}

const mirror = (s: UiState) => objectsSnapshot(s);

export function WorkloadsView() {
  // In a transition, never a synchronous render per batch (lazyStore.ts).
  const objects = useLazyStore(mirror);
  const namespace = useViewStore((s) => s.namespace);
  const search = useViewStore((s) => s.search);
  const labels = labelFilter(useViewStore((s) => s.labels)).match;
  const workloads = useMemo(() => buildWorkloads(objects, namespace, search, labels), [objects, namespace, search, labels]);
  return (
    <div className="workloads" data-testid="workloads-view">
      {workloads.length === 0 && <p className="muted workloads__empty">No workloads{namespace ? ` in ${namespace}` : ''}. Apply a Deployment from the editor or the terminal.</p>}
      <div className="workloads__grid">
        {workloads.map((w) => (
          <Workload key={w.uid} w={w} depth={0} />
        ))}
      </div>
    </div>
  );
}
