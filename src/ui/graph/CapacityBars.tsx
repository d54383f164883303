// Requested vs allocatable on a node: CPU, memory and pod count as thin bars.

import type { CapacityBar } from './layout';

export function formatAmount(resource: CapacityBar['resource'], v: number): string {
  if (resource === 'cpu') return v % 1000 === 0 ? `${v / 1000}` : `${v}m`;
  if (resource === 'memory') {
    const gi = v / 2 ** 30;
    return gi >= 1 ? `${+gi.toFixed(1)}Gi` : `${Math.round(v / 2 ** 20)}Mi`;
  }
  return String(v);
}

export function CapacityBars({ bars }: { bars: CapacityBar[] }) {
  return (
    <div className="cap" data-testid="node-capacity">
      {bars.map((b) => {
        const frac = b.allocatable > 0 ? Math.min(1, b.requested / b.allocatable) : 0;
        const level = frac > 0.9 ? 'high' : frac > 0.7 ? 'mid' : 'low';
        return (
          <div key={b.resource} className="cap__row" title={`${b.resource}: ${formatAmount(b.resource, b.requested)} requested of ${formatAmount(b.resource, b.allocatable)} allocatable`}>
            <span className="cap__label">{b.resource === 'memory' ? 'mem' : b.resource}</span>
            <span className="cap__track">
              {/* scaleX, not width: the transition then runs on the compositor, without a layout per frame. */}
              <span className={`cap__fill cap__fill--${level}`} style={{ transform: `scaleX(${Math.round(frac * 100) / 100})` }} />
            </span>
            <span className="cap__value">
              {formatAmount(b.resource, b.requested)}/{formatAmount(b.resource, b.allocatable)}
            </span>
          </div>
        );
      })}
    </div>
  );
}
