// Starts the traffic generator from the Network view: pick a Service (or an Ingress host) and a
// rate; this runs `kubeplay traffic start NAME --to URL --rps N`, the same control a transcript
// uses, and logs it in the timeline like every other action.

import { useState } from 'react';
import { useBridge } from '../bridge';
import { runLine } from '../controls/faults';
import type { IngressView, ServiceView } from './model';

export interface TrafficTarget {
  /** The generator's name: `to-web`. */
  name: string;
  url: string;
  label: string;
}

export function trafficTargets(services: ServiceView[], ingresses: IngressView[]): TrafficTarget[] {
  const out: TrafficTarget[] = [];
  // The API server's own Service last: it is rarely what a class wants to load.
  const ordered = [...services].sort((a, b) => Number(a.key === 'default/kubernetes') - Number(b.key === 'default/kubernetes'));
  for (const s of ordered) {
    if (s.type === 'ExternalName') continue;
    const port = /^(\d+)/.exec(s.ports)?.[1];
    const host = s.namespace === 'default' ? s.name : `${s.name}.${s.namespace}`;
    out.push({ name: clientName(`to-${s.name}${s.namespace === 'default' ? '' : `-${s.namespace}`}`), url: `http://${host}${port && port !== '80' ? `:${port}` : ''}/`, label: `svc/${s.name}` });
  }
  for (const i of ingresses) {
    const host = i.rules.find((r) => !r.startsWith('*') && !r.startsWith('('))?.split('/')[0];
    if (host && i.address) out.push({ name: clientName(`ing-${i.name}${i.namespace === 'default' ? '' : `-${i.namespace}`}`), url: `http://${i.address}/`, label: `ingress/${i.name} (${host})` });
  }
  return out;
}

/** A valid generator name (lowercase alphanumerics and '-', ending alphanumeric, ≤ 50 chars). */
function clientName(s: string): string {
  return s.slice(0, 50).replace(/-+$/, '');
}

export function TrafficControls({ targets, running }: { targets: TrafficTarget[]; running: Set<string> }) {
  const bridge = useBridge();
  const [choice, setChoice] = useState('');
  const [rps, setRps] = useState(10);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const target = targets.find((t) => t.url === choice) ?? targets[0];
  const start = async () => {
    if (!target) return;
    const host = target.label.match(/\((.+)\)$/)?.[1];
    const line = `kubeplay traffic start ${target.name} --to ${target.url} --rps ${rps}${host ? ` -H Host:${host}` : ''}`;
    const r = await runLine(bridge, 'Start traffic', line);
    setMessage({ ok: r.ok, text: r.output });
  };
  return (
    <div className="net-controls" data-testid="traffic-controls">
      <span className="net-controls__title">Traffic</span>
      <select className="field" aria-label="traffic target" data-testid="traffic-target" value={target?.url ?? ''} onChange={(e) => setChoice(e.target.value)} disabled={!targets.length}>
        {targets.length === 0 && <option value="">no Service yet</option>}
        {targets.map((t) => (
          <option key={t.url} value={t.url}>
            {t.label}
          </option>
        ))}
      </select>
      <input className="field net-controls__rps" type="number" min={1} max={1000} aria-label="requests per second" data-testid="traffic-rps" value={rps} onChange={(e) => setRps(Math.max(1, Math.min(1000, Math.round(Number(e.target.value) || 1))))} />
      <span className="muted">req/s</span>
      <button type="button" className="btn" data-testid="traffic-start" disabled={!target || running.has(target.name)} onClick={() => void start()}>
        ▶ Send
      </button>
      {message && !message.ok && (
        <span className="net-controls__error" role="alert">
          {message.text}
        </span>
      )}
    </div>
  );
}
