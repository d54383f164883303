// A Kubernetes Node drawn as a box: name, readiness, role and zone, conditions, requested vs
// allocatable bars, taints, and its pods as chips (or count badges when there are many). The
// "Pending" lane holds unscheduled pods with the scheduler's reason. All text renders as text.

import { memo, type MouseEvent } from 'react';
import { useReactFlow, useStore, type NodeProps } from '@xyflow/react';
import { useUiStore } from '../store';
import { useViewStore } from '../views/viewStore';
import { CapacityBars } from './CapacityBars';
import { CHIP_BUDGET, FAR_ZOOM } from './expansion';
import type { PodTone } from '../kube/pods';
import { BOX_WIDTH, UNSCHEDULED_ID, type NodeBoxFlowNode, type NodeBoxView, type PodChipView } from './layout';

function openMenu(e: MouseEvent, target: { kind: 'node' | 'pod'; name: string; namespace?: string; uid: string }) {
  e.preventDefault();
  e.stopPropagation();
  useViewStore.getState().set({ menu: { ...target, x: e.clientX, y: e.clientY } });
}

export const NodeBox = memo(function NodeBox({ id, data }: NodeProps<NodeBoxFlowNode>) {
  const { view } = data;
  // Zoomed far out (a hundred nodes in view) the details are unreadable anyway: draw a summary.
  const far = useStore((s) => s.transform[2] < FAR_ZOOM);
  if (far) return <FarCard id={id} view={view} />;
  if (view.id === UNSCHEDULED_ID) return <PendingLane view={view} />;
  return <NodeCard view={view} />;
}, sameBox);

/**
 * A box redraws when its view changes, not when it only moved: a row above it growing by a count
 * badge moves every box below, and React Flow positions the wrapper itself. (The far card reads
 * its position when clicked.)
 */
function sameBox(a: NodeProps<NodeBoxFlowNode>, b: NodeProps<NodeBoxFlowNode>): boolean {
  return a.id === b.id && a.data === b.data;
}

/** Past this many chips in one box, chips change colour and appear without a fade (views.css):
 *  a rolling Deployment restyles and repaints every fading chip on every frame, the largest cost of
 *  its frames; a small cluster keeps the fades. */
const MANY_CHIPS = 16;

const TONES: PodTone[] = ['ok', 'progress', 'bad', 'leaving', 'done'];

/** A node seen from afar: large name and status, pods as one bar of counts per status colour. Click zooms in. */
const FarCard = memo(function FarCard({ id, view }: { id: string; view: NodeBoxView }) {
  const flow = useReactFlow();
  // setCenter, not fitView: React Flow queues a fitView until every node has been measured, and
  // with onlyRenderVisibleElements an unchanged graph may never measure the boxes out of view —
  // the click would do nothing until the next batch changed a box.
  const zoomIn = () => {
    const n = flow.getInternalNode(id);
    const at = n?.internals.positionAbsolute ?? { x: 0, y: 0 };
    void flow.setCenter(at.x + BOX_WIDTH / 2, at.y + (n?.measured.height ?? 0) / 2, { zoom: 1, duration: 300 });
  };
  const counts = toneCounts(view);
  const readiness = view.id === UNSCHEDULED_ID ? 'pending' : (view.readiness ?? 'Unknown').toLowerCase();
  return (
    <div
      className={`node-box node-box--far node-box--${readiness}`}
      style={{ width: BOX_WIDTH }}
      data-testid={`node-${view.id === UNSCHEDULED_ID ? 'pending' : view.name}`}
      title={`${view.name}: click to zoom in`}
      onClick={zoomIn}
    >
      <div className="node-box__far-name">{view.name}</div>
      <div className="node-box__far-status" data-testid="node-status">
        {view.id === UNSCHEDULED_ID ? `${view.podCount} waiting` : `${statusText(view.readiness ?? 'Unknown')}${view.unschedulable ? ',SchedulingDisabled' : ''}`}
      </div>
      <div className="node-box__far-pods" data-testid="node-far-pods">
        {TONES.filter((t) => counts.has(t)).map((t) => (
          <span key={t} className={`node-box__far-count pod-chip--${t}`} style={{ flexGrow: counts.get(t) }}>
            {counts.get(t)}
          </span>
        ))}
        {view.pods.length === 0 && <span className="muted">no pods</span>}
      </div>
    </div>
  );
}, sameFarCard);

function toneCounts(view: NodeBoxView): Map<PodTone, number> {
  const counts = new Map<PodTone, number>();
  for (const p of view.pods) counts.set(p.tone, (counts.get(p.tone) ?? 0) + 1);
  return counts;
}

/**
 * A far card draws the name, status and pod counts per colour: a pod changing status within one
 * colour (ContainerCreating → Running, not yet ready) changes the view but not the card.
 */
export function sameFarCard(a: { id: string; view: NodeBoxView }, b: { id: string; view: NodeBoxView }): boolean {
  const x = a.view;
  const y = b.view;
  if (a.id !== b.id) return false;
  if (x === y) return true;
  if (x.id !== y.id || x.name !== y.name || x.readiness !== y.readiness || x.unschedulable !== y.unschedulable || x.podCount !== y.podCount || x.pods.length !== y.pods.length) return false;
  const cx = toneCounts(x);
  const cy = toneCounts(y);
  if (cx.size !== cy.size) return false;
  for (const [t, n] of cx) if (cy.get(t) !== n) return false;
  return true;
}

function NodeCard({ view }: { view: NodeBoxView }) {
  const readiness = view.readiness ?? 'Unknown';
  const selected = useUiStore((s) => s.selection.uid === view.id);
  const highlighted = useViewStore((s) => s.highlightNode === view.name);
  const select = useUiStore((s) => s.select);
  const target = { kind: 'node' as const, name: view.name, uid: view.id };
  const cls = ['node-box', `node-box--${readiness.toLowerCase()}`, highlighted ? 'node-box--chosen' : '', view.unschedulable ? 'node-box--cordoned' : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div className={cls} style={{ width: BOX_WIDTH }} data-testid={`node-${view.name}`} onContextMenu={(e) => openMenu(e, target)}>
      <div className="node-box__header">
        <button
          type="button"
          className={`node-box__name node-box__select${selected ? ' node-box__select--selected' : ''}`}
          title={`${view.name}: click to inspect, right-click for faults`}
          aria-pressed={selected}
          data-testid="node-select"
          onClick={() => select(selected ? null : view.id)}
        >
          {view.name}
        </button>
        <span className={`badge badge--${readiness.toLowerCase()}`} data-testid="node-status" title={readinessTitle(readiness)}>
          {statusText(readiness)}
          {view.unschedulable ? ',SchedulingDisabled' : ''}
        </span>
        <button type="button" className="node-box__menu" aria-label={`Actions for ${view.name}`} data-testid="node-menu" onClick={(e) => openMenu(e, target)}>
          ⋮
        </button>
      </div>
      <div className="node-box__meta">
        <span data-testid="node-role">{view.roles}</span>
        <span className="node-box__zone" data-testid="node-zone">
          {view.zone ?? 'no zone'}
        </span>
        {view.controlPlane ? (
          <button
            type="button"
            className="node-box__collapse"
            data-testid="control-plane-collapse"
            onClick={() => useViewStore.getState().set({ collapseControlPlane: !view.collapsed })}
          >
            {view.collapsed ? `▸ ${view.podCount} pods` : '▾ hide pods'}
          </button>
        ) : (
          <span className="node-box__count">
            {view.podCount} pod{view.podCount === 1 ? '' : 's'}
          </span>
        )}
      </div>
      {view.conditions && view.conditions.length > 0 && (
        <div className="node-box__conditions" data-testid="node-conditions">
          {view.conditions.map((c) => (
            <span key={c} className="cond">
              {c}
            </span>
          ))}
        </div>
      )}
      {view.capacity && <CapacityBars bars={view.capacity} />}
      {view.taints && view.taints.length > 0 && (
        <div className="node-box__taints" data-testid="node-taints">
          {view.taints.map((t) => (
            <span key={t} className="taint" title={`taint ${t}`}>
              {t}
            </span>
          ))}
        </div>
      )}
      <PodList view={view} />
    </div>
  );
}

function PendingLane({ view }: { view: NodeBoxView }) {
  return (
    <div className="node-box node-box--unscheduled" style={{ width: BOX_WIDTH }} data-testid="unscheduled-pods">
      <div className="node-box__header">
        <span className="node-box__name">Pending</span>
        <span className="badge badge--pending">{view.podCount} waiting</span>
      </div>
      <div className="node-box__meta">
        <span>pods the scheduler has not placed</span>
      </div>
      <PodList view={view} />
    </div>
  );
}

function PodList({ view }: { view: NodeBoxView }) {
  const pinned = useViewStore((s) => s.expandedNodes.includes(view.id));
  const toggle = () => useViewStore.getState().toggleExpanded(view.id);
  if (view.groups && !view.expanded) {
    return (
      // The click is taken on the list, not on a badge: badges are re-keyed as their pods change
      // status, and a badge replaced between mousedown and mouseup gets no click (the browser
      // sends it to the common ancestor, this list) — a click mid-rollout would be lost.
      <ul className="node-box__pods node-box__pods--grouped" data-testid="pod-groups" onClick={toggle}>
        {view.groups.map((g) => (
          <li key={g.key} className={`pod-group pod-chip--${g.tone}`} title={`${g.count} × ${g.label}: ${g.status} (click to show each pod)`} data-testid="pod-group">
            <span className="pod-group__count">{g.count}</span>
            <span className="pod-chip__name">{g.label}</span>
            <span className="pod-chip__status">{g.status}</span>
          </li>
        ))}
      </ul>
    );
  }
  const shown = view.groups ? view.pods.slice(0, CHIP_BUDGET) : view.pods;
  return (
    <>
      {view.groups && pinned && (
        <button type="button" className="node-box__regroup" data-testid="pod-regroup" onClick={toggle}>
          ▴ group pods
        </button>
      )}
      <ul className={`node-box__pods${shown.length > MANY_CHIPS ? ' node-box__pods--many' : ''}`} data-testid={view.groups ? 'pods-expanded' : undefined}>
        {shown.map((p) => (
          <PodChip key={p.uid} pod={p} />
        ))}
      </ul>
      {shown.length < view.pods.length && <div className="node-box__more muted">+{view.pods.length - shown.length} more pods</div>}
    </>
  );
}

function PodChip({ pod }: { pod: PodChipView }) {
  const selected = useUiStore((s) => s.selection.uid === pod.uid);
  const select = useUiStore((s) => s.select);
  return (
    <li
      className={`pod-chip pod-chip--${pod.tone}${pod.system ? ' pod-chip--system' : ''}${selected ? ' pod-chip--selected' : ''}${pod.reason ? ' pod-chip--reason' : ''}`}
      title={`${pod.namespace}/${pod.name}: ${pod.status}${pod.reason ? `\n${pod.reason}` : ''}`}
      data-testid={`pod-${pod.namespace}-${pod.name}`}
      data-status={pod.status}
      data-restarts={pod.restarts ?? 0}
      aria-selected={selected}
      onClick={() => select(selected ? null : pod.uid)}
      onContextMenu={(e) => openMenu(e, { kind: 'pod', name: pod.name, namespace: pod.namespace, uid: pod.uid })}
    >
      <div className="pod-chip__row">
        <span className="pod-chip__dot" aria-hidden="true" />
        <span className="pod-chip__name">{pod.name}</span>
        <span className="pod-chip__status">{pod.status}</span>
        {pod.restarts ? (
          <span className="pod-chip__restarts" data-testid="pod-restarts" title={`${pod.restarts} container restart${pod.restarts === 1 ? '' : 's'}`}>
            ↻{pod.restarts}
          </span>
        ) : null}
      </div>
      {pod.reason && (
        <div className="pod-chip__reason" data-testid="pending-reason">
          {pod.reason}
        </div>
      )}
    </li>
  );
}

/** kubectl's STATUS column: a Ready condition of False or Unknown both print `NotReady`. */
function statusText(readiness: string): string {
  return readiness === 'Ready' ? 'Ready' : 'NotReady';
}

function readinessTitle(readiness: string): string {
  if (readiness === 'Unknown') return 'Ready condition Unknown: the node stopped posting status (no heartbeat), kubectl shows NotReady';
  if (readiness === 'NotReady') return 'Ready condition False: the kubelet reports the node is not ready';
  return 'Ready condition True';
}
