// Cluster-wide fault buttons: add a node, fail or restore a whole zone.

import { useMemo, useState } from 'react';
import { useBridge } from '../bridge';
import { nodeZone } from '../kube/nodes';
import { objectsOfKind, useUiStore } from '../store';
import { CLUSTER_ACTIONS, runObjectAction } from './faults';

export function ClusterFaults() {
  const bridge = useBridge();
  // Re-derived when a Node changes, not on every batch (the scan walks every object).
  const rev = useUiStore((s) => s.kindRevs['/Node']);
  const zones = useMemo(() => {
    const z = new Set<string>();
    for (const e of objectsOfKind(useUiStore.getState(), '/Node').values()) {
      const zone = nodeZone(e.object);
      if (zone) z.add(zone);
    }
    return [...z].sort();
  }, [rev]);
  const [zone, setZone] = useState('');
  const chosen = zone || zones[0] || '';
  const [add, fail, restore] = CLUSTER_ACTIONS;
  return (
    <div className="faults" aria-label="Cluster faults">
      <button type="button" className="btn" data-testid="action-node.add" onClick={() => void runObjectAction(bridge, add, { name: '' })}>
        + Node
      </button>
      <select className="speed" aria-label="zone" data-testid="zone-select" value={chosen} onChange={(e) => setZone(e.target.value)}>
        {zones.map((z) => (
          <option key={z} value={z}>
            {z}
          </option>
        ))}
      </select>
      <button type="button" className="btn btn--danger" data-testid="action-zone.fail" disabled={!chosen} onClick={() => void runObjectAction(bridge, fail, { name: chosen })}>
        Fail zone
      </button>
      <button type="button" className="btn" data-testid="action-zone.restore" disabled={!chosen} onClick={() => void runObjectAction(bridge, restore, { name: chosen })}>
        Restore zone
      </button>
    </div>
  );
}
