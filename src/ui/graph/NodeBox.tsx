// A Kubernetes Node drawn as a box: name, readiness, role and zone, with its pods as chips.

import { memo } from 'react';
import type { NodeProps } from '@xyflow/react';
import { useUiStore } from '../store';
import { BOX_WIDTH, UNSCHEDULED_ID, type NodeBoxFlowNode, type PodChipView } from './layout';

export const NodeBox = memo(function NodeBox({ data }: NodeProps<NodeBoxFlowNode>) {
  const { view } = data;
  const unscheduledBox = view.id === UNSCHEDULED_ID;
  const readiness = view.readiness ?? 'Unknown';
  return (
    <div
      className={`node-box${unscheduledBox ? ' node-box--unscheduled' : ` node-box--${readiness.toLowerCase()}`}`}
      style={{ width: BOX_WIDTH }}
      data-testid={unscheduledBox ? 'unscheduled-pods' : `node-${view.name}`}
    >
      <div className="node-box__header">
        <span className="node-box__name" title={view.name}>
          {view.name}
        </span>
        {!unscheduledBox && (
          <span className={`badge badge--${readiness.toLowerCase()}`} data-testid="node-status">
            {readiness}
            {view.unschedulable ? ',SchedulingDisabled' : ''}
          </span>
        )}
      </div>
      <div className="node-box__meta">
        {unscheduledBox ? (
          <span>pods waiting for a node</span>
        ) : (
          <>
            <span data-testid="node-role">{view.roles}</span>
            <span className="node-box__zone" data-testid="node-zone">
              {view.zone ?? 'no zone'}
            </span>
            <span className="node-box__count">
              {view.pods.length} pod{view.pods.length === 1 ? '' : 's'}
            </span>
          </>
        )}
      </div>
      <ul className="node-box__pods">
        {view.pods.map((p) => (
          <PodChip key={p.uid} pod={p} />
        ))}
      </ul>
    </div>
  );
});

function PodChip({ pod }: { pod: PodChipView }) {
  const selected = useUiStore((s) => s.selection.uid === pod.uid);
  const select = useUiStore((s) => s.select);
  return (
    <li
      className={`pod-chip pod-chip--${pod.tone}${pod.system ? ' pod-chip--system' : ''}${selected ? ' pod-chip--selected' : ''}`}
      title={`${pod.namespace}/${pod.name}: ${pod.status}`}
      data-testid={`pod-${pod.namespace}-${pod.name}`}
      data-status={pod.status}
      aria-selected={selected}
      onClick={() => select(selected ? null : pod.uid)}
    >
      <span className="pod-chip__dot" aria-hidden="true" />
      <span className="pod-chip__name">{pod.name}</span>
      <span className="pod-chip__status">{pod.status}</span>
    </li>
  );
}
