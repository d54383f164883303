// VolumeBinding (plugins/volumebinding), simplified: the pod's PersistentVolumeClaims must exist
// and not be deleting; an unbound claim whose StorageClass binds Immediately (or has no class)
// keeps the pod out until the PV controller binds it; a bound claim's PV node affinity must match
// the node. WaitForFirstConsumer claims fit any node (static PV matching and provisioning
// capacity are not modelled); at binding the scheduler marks them with
// `volume.kubernetes.io/selected-node`, as upstream's PreBind does, without waiting for the
// provisioner.
import type { KObject } from '../../api/types';
import type { CycleState } from '../cycle';
import type { NodeInfo } from '../nodeinfo';
import { Code, constStatus, newStatus, type FilterPlugin, type Status } from '../types';
import { nodeSelectorTermMatches } from './helpers';

export const VOLUME_BINDING = 'VolumeBinding';
export const ERR_REASON_NODE_CONFLICT = 'node(s) had volume node affinity conflict';
export const ERR_REASON_PV_NOT_EXIST = 'node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)';
const SKIP = constStatus(VOLUME_BINDING, Code.Skip);
const NODE_CONFLICT = constStatus(VOLUME_BINDING, Code.UnschedulableAndUnresolvable, ERR_REASON_NODE_CONFLICT);
const PV_NOT_EXIST = constStatus(VOLUME_BINDING, Code.UnschedulableAndUnresolvable, ERR_REASON_PV_NOT_EXIST);

interface VolumeState {
  /** PVs of bound claims (undefined when the PV is missing). */
  boundPVs: (KObject | undefined)[];
  /** Unbound WaitForFirstConsumer claims (namespace/name). */
  delayed: string[];
}

/** The claims a pod's volumes name: persistentVolumeClaim sources and generic ephemeral volumes. */
export function podClaimNames(pod: KObject): string[] {
  const out: string[] = [];
  for (const v of Array.isArray(pod.spec?.volumes) ? pod.spec.volumes : []) {
    if (v?.persistentVolumeClaim?.claimName) out.push(String(v.persistentVolumeClaim.claimName));
    else if (v?.ephemeral) out.push(`${pod.metadata.name}-${v.name}`);
  }
  return out;
}

function rejected(msg: string): Status {
  const s = newStatus(Code.UnschedulableAndUnresolvable, msg);
  s.plugin = VOLUME_BINDING;
  return s;
}

export const volumeBinding: FilterPlugin = {
  name: VOLUME_BINDING,
  preFilter(state: CycleState) {
    const claims = podClaimNames(state.pod);
    if (claims.length === 0) return SKIP;
    const ns = state.pi.namespace;
    const vs: VolumeState = { boundPVs: [], delayed: [] };
    let unboundImmediate = false;
    for (const name of claims) {
      const pvc = state.store.get('/PersistentVolumeClaim', ns, name);
      if (!pvc) return rejected(`persistentvolumeclaim "${name}" not found`);
      if (pvc.metadata.deletionTimestamp) return rejected(`persistentvolumeclaim "${name}" is being deleted`);
      const volumeName = pvc.spec?.volumeName;
      if (volumeName) {
        vs.boundPVs.push(state.store.get('/PersistentVolume', undefined, volumeName));
        continue;
      }
      const className: string | undefined = pvc.spec?.storageClassName;
      const sc = className ? state.store.get('storage.k8s.io/StorageClass', undefined, className) : undefined;
      if (sc?.volumeBindingMode === 'WaitForFirstConsumer') vs.delayed.push(`${ns}/${name}`);
      else unboundImmediate = true;
    }
    if (unboundImmediate) return rejected('pod has unbound immediate PersistentVolumeClaims');
    state.write(VOLUME_BINDING, vs);
    return null;
  },
  filter(state: CycleState, node: NodeInfo): Status | null {
    const vs = state.read<VolumeState>(VOLUME_BINDING);
    if (!vs) return null;
    for (const pv of vs.boundPVs) {
      if (!pv) return PV_NOT_EXIST;
      const required = pv.spec?.nodeAffinity?.required;
      if (!required) continue;
      const terms = Array.isArray(required.nodeSelectorTerms) ? required.nodeSelectorTerms : [];
      if (!terms.some((t: never) => nodeSelectorTermMatches(t, node.name, node.labels))) return NODE_CONFLICT;
    }
    return null;
  },
};

/** Claims to mark with the selected node when the pod binds. */
export function delayedClaims(state: CycleState): string[] {
  return state.read<VolumeState>(VOLUME_BINDING)?.delayed ?? [];
}

/** The filter over a batch of nodes, in a loop of its own (a monomorphic call site). */
volumeBinding.filterBatch = (state, nodes, n, out) => {
  const filter = volumeBinding.filter;
  for (let k = 0; k < n; k++) if (out[k] === null) out[k] = filter(state, nodes[k]!);
};
