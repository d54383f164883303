// The boxes of the Network view: a traffic generator (its success rate and failures), an
// Ingress, a Service (type, ClusterIP, ports, ready / not-ready endpoints), a node holding its
// endpoint pods, and a pod (status, requests answered). Text only: names never become HTML.

import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { useBridge } from '../bridge';
import { runLine } from '../controls/faults';
import { useUiStore } from '../store';
import type { NetworkFlowNode } from './layout';
import { GEN_W, ING_W, NODE_W, POD_W, SVC_W } from './layout';

type P<T extends NetworkFlowNode['type']> = NodeProps<Extract<NetworkFlowNode, { type: T }>>;

function Ports() {
  return (
    <>
      <Handle type="target" position={Position.Left} className="net-handle" isConnectable={false} />
      <Handle type="source" position={Position.Right} className="net-handle" isConnectable={false} />
    </>
  );
}

export const GeneratorNode = memo(function GeneratorNode({ data }: P<'generator'>) {
  const g = data.gen;
  const bridge = useBridge();
  const rate = g.successRate;
  const tone = rate === null ? 'muted' : rate >= 99 ? 'ok' : rate >= 80 ? 'progress' : 'bad';
  return (
    <div className="net-box net-gen" style={{ width: GEN_W }} data-testid={`net-gen-${g.name}`}>
      <Ports />
      <div className="net-box__head">
        <span className="net-box__kind">traffic</span>
        <span className="net-box__name">{g.name}</span>
        {g.running && (
          <button type="button" className="btn btn--small" data-testid="net-gen-stop" onClick={() => void runLine(bridge, 'Stop traffic', `kubeplay traffic stop ${g.name}`)}>
            Stop
          </button>
        )}
      </div>
      <div className="net-box__line net-mono">{g.url}</div>
      <div className="net-box__line">
        {g.rps} req/s · {g.running ? 'running' : 'stopped'} · {g.sent} sent
      </div>
      <div className={`net-rate net-rate--${tone}`} data-testid="net-gen-rate" title={`${g.succeeded} of ${g.sent} requests succeeded`}>
        {rate === null ? '—' : `${rate.toFixed(1)}%`} <span className="net-rate__label">success</span>
      </div>
      {g.failures.slice(0, 3).map((f) => (
        <div key={f.reason} className="net-failure" data-testid="net-gen-failure">
          {f.count} × {f.reason}
        </div>
      ))}
    </div>
  );
});

export const IngressNode = memo(function IngressNode({ data }: P<'ingress'>) {
  const i = data.ing;
  const selected = useUiStore((s) => s.selection.uid === i.uid);
  return (
    <div className={`net-box net-ing${selected ? ' net-box--selected' : ''}`} style={{ width: ING_W }} data-testid={`net-ing-${i.namespace}-${i.name}`} onClick={() => useUiStore.getState().select(i.uid)}>
      <Ports />
      <div className="net-box__head">
        <span className="net-box__kind">ingress</span>
        <span className="net-box__name">{i.name}</span>
      </div>
      <div className="net-box__line net-mono">{i.address ?? 'no address yet'}</div>
      {i.rules.slice(0, 4).map((r) => (
        <div key={r} className="net-box__line net-mono net-rule">
          {r}
        </div>
      ))}
    </div>
  );
});

export const ServiceNode = memo(function ServiceNode({ data }: P<'service'>) {
  const s = data.svc;
  const selected = useUiStore((st) => st.selection.uid === s.uid);
  return (
    <div className={`net-box net-svc${selected ? ' net-box--selected' : ''}`} style={{ width: SVC_W }} data-testid={`net-svc-${s.namespace}-${s.name}`} onClick={() => useUiStore.getState().select(s.uid)}>
      <Ports />
      <div className="net-box__head">
        <span className="net-box__kind">svc</span>
        <span className="net-box__name">{s.name}</span>
        <span className="net-type" data-testid="net-svc-type">
          {s.type}
        </span>
      </div>
      <div className="net-box__line net-mono" data-testid="net-svc-ip">
        {s.externalName ? `→ ${s.externalName}` : `${s.clusterIP}  ${s.ports}`}
      </div>
      <div className="net-eps" data-testid="net-svc-endpoints">
        <span className="net-eps__ready">{s.ready} ready</span>
        <span className={`net-eps__notready${s.notReady ? ' net-eps__notready--some' : ''}`}>{s.notReady} not ready</span>
      </div>
    </div>
  );
});

export const NodeGroupNode = memo(function NodeGroupNode({ data }: P<'nodeGroup'>) {
  const n = data.group;
  return (
    <div className="net-node" style={{ width: NODE_W }} data-testid={`net-node-${n.name}`}>
      <Handle type="target" position={Position.Left} className="net-handle" isConnectable={false} style={{ top: 38 }} />
      <div className="net-node__name">{n.name}</div>
      {n.counts?.map((c) => (
        <div key={c.service} className="net-count" data-testid="net-node-count">
          <span className="net-mono">{c.service.split('/')[1]}</span>
          <span className="net-eps__ready">{c.ready}</span>
          {c.notReady > 0 && <span className="net-eps__notready net-eps__notready--some">{c.notReady}</span>}
          <span className="net-answers">{c.answers} answered</span>
        </div>
      ))}
    </div>
  );
});

export const PodNode = memo(function PodNode({ data }: P<'pod'>) {
  const p = data.pod;
  const selected = useUiStore((s) => s.selection.uid === p.uid);
  return (
    <div
      className={`net-pod pod-chip--${p.tone}${selected ? ' pod-chip--selected' : ''}`}
      style={{ width: POD_W }}
      title={`${p.namespace}/${p.name}: ${p.status}`}
      data-testid={`net-pod-${p.namespace}-${p.name}`}
      data-status={p.status}
      onClick={() => useUiStore.getState().select(p.uid)}
    >
      <Handle type="target" position={Position.Left} className="net-handle" isConnectable={false} />
      <span className="pod-chip__dot" aria-hidden="true" />
      <span className="net-pod__name">{p.name}</span>
      <span className="net-pod__status">{p.status}</span>
      <span className="net-answers" data-testid="net-pod-answers" title="requests answered">
        {p.answers}
      </span>
    </div>
  );
});
