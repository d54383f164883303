// The kubelet's side of node health (pkg/kubelet/kubelet_node_status.go, nodestatus/setters.go,
// component-helpers/apimachinery/lease): every 10 s it renews its Lease `kube-node-lease/<node>`
// and computes the node's conditions, posting the status when a condition changed or every 5 min
// (nodeStatusReportFrequency). All of it only while the kubelet reaches the API server (NodeAgents).
// Also the kubelet's registration of a node added at run time, with the start-up events.
import type { ComponentHost } from '../../host';
import type { NodeAgents, NodeMachineState } from '../agent';
import { jsonEqual } from '../../api/meta';
import { isStatus, type KObject, type Status } from '../../api/types';
import { rfc3339 } from '../../core/time';
import { makeNode, type NodeSpecOptions } from '../../bootstrap';

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
export const LEASE_DURATION_SECONDS = 40;
/** Lease renew interval: 0.25 × leaseDurationSeconds. Also nodeStatusUpdateFrequency. */
export const HEARTBEAT_INTERVAL_MS = 10_000;
export const NODE_STATUS_REPORT_FREQUENCY_MS = 5 * 60_000;

export const CNI_NOT_READY =
  'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized';

// Not under the kubelet's 'kubelet.*' event types, which the kubelet cancels when its machine powers off.
const HEARTBEAT = 'nodestatus.heartbeat';
const START = 'nodestatus.start';

interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
  lastHeartbeatTime?: string;
  lastTransitionTime?: string;
}

/** The kubelet's condition setters: [type, status, reason, message, event on a transition to it]. */
function desiredConditions(networkReady: boolean): [string, string, string, string, string | undefined][] {
  return [
    ['MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available', 'NodeHasSufficientMemory'],
    ['DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure', 'NodeHasNoDiskPressure'],
    ['PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available', 'NodeHasSufficientPID'],
    networkReady
      ? ['Ready', 'True', 'KubeletReady', 'kubelet is posting ready status', 'NodeReady']
      : ['Ready', 'False', 'KubeletNotReady', CNI_NOT_READY, 'NodeNotReady'],
  ];
}

const DESIRED = [desiredConditions(false), desiredConditions(true)];
/** The keys a condition the kubelet wrote has. */
const CONDITION_KEYS = new Set(['lastHeartbeatTime', 'lastTransitionTime', 'message', 'reason', 'status', 'type']);

/**
 * Whether the setters would change nothing but heartbeat times: every desired condition is there
 * (the first of its type) with the same status, reason and message, and no other field. When
 * true, postNodeStatus's comparison without heartbeat times finds no change; when false, that
 * comparison decides.
 */
function conditionsAsDesired(current: Condition[], networkReady: boolean): boolean {
  for (const [type, status, reason, message] of DESIRED[networkReady ? 1 : 0]) {
    let c: Condition | undefined;
    for (let i = 0; i < current.length && !c; i++) if (current[i].type === type) c = current[i];
    if (!c || c.status !== status || c.reason !== reason || c.message !== message) return false;
    for (const k in c) if (!CONDITION_KEYS.has(k) && (c as unknown as Record<string, unknown>)[k] !== undefined) return false;
  }
  return true;
}

/** The 5-minute report is due (or the node never reported Ready). */
function reportDue(current: Condition[], now: number): boolean {
  const ready = current.find((c) => c.type === 'Ready');
  const lastReport = Date.parse(ready?.lastHeartbeatTime ?? '');
  return Number.isNaN(lastReport) || now - lastReport >= NODE_STATUS_REPORT_FREQUENCY_MS;
}

/** MicroTime as the API server serializes it: `2025-01-15T09:00:10.000000Z`. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '000Z');
}

interface HeartbeatState {
  /** kubelet memory: the spec.unschedulable it last saw (for NodeSchedulable events), by node. */
  lastUnschedulable: Record<string, boolean>;
}

export class NodeHeartbeats {
  private state: HeartbeatState = { lastUnschedulable: {} };

  constructor(
    private readonly host: ComponentHost,
    private readonly agents: NodeAgents | undefined,
  ) {}

  install(): void {
    const h = this.host;
    h.on<{ node: string }>(HEARTBEAT, (d) => this.tick(d.node), { background: true });
    h.on<{ node: string; restart: boolean }>(START, (d) => this.kubeletStart(d.node, d.restart));
    h.registerState('kubelet-node-status', {
      snapshot: () => structuredClone(this.state),
      restore: (data) => {
        // The cluster's own copy of the snapshot (Cluster.restore): taken as it is, not copied again.
        this.state = data as HeartbeatState;
      },
    });
    this.agents?.onChange((node, next, prev) => this.machineChanged(node, next, prev));
  }

  /** New cluster: every bootstrap node's kubelet starts its 10 s loop. */
  start(): void {
    for (const n of this.host.store.list('/Node')) this.scheduleTick(n.metadata.name!);
  }

  private scheduleTick(node: string): void {
    this.host.schedule(this.host.now() + HEARTBEAT_INTERVAL_MS, HEARTBEAT, { node });
  }

  private reaches(node: string): boolean {
    return this.agents ? this.agents.reachesApi(node) : true;
  }

  private tick(node: string): void {
    const n = this.host.store.get('/Node', undefined, node);
    if (!n) return; // the node was deleted: its kubelet loop ends
    if (this.reaches(node)) this.sync(n);
    this.scheduleTick(node);
  }

  /** One kubelet status sync: node status (on change or every 5 min), schedulable events, lease renewal. */
  private sync(n: KObject): void {
    const node = n.metadata.name!;
    // A registered node's CNI is up by its first sync: Ready turns True (NodeReady).
    this.postNodeStatus(n, true);
    const cur = this.host.store.get('/Node', undefined, node) ?? n;
    const unschedulable = cur.spec?.unschedulable === true;
    if ((this.state.lastUnschedulable[node] ?? false) !== unschedulable) {
      this.recordNodeStatusEvent(node, unschedulable ? 'NodeNotSchedulable' : 'NodeSchedulable');
    }
    if (unschedulable) this.state.lastUnschedulable[node] = true;
    else delete this.state.lastUnschedulable[node];
    this.renewLease(cur);
  }

  /** Computes the conditions; posts them when one changed or when the last report is 5 min old. */
  private postNodeStatus(n: KObject, networkReady: boolean): void {
    const node = n.metadata.name!;
    const now = this.host.now();
    const current: Condition[] = Array.isArray(n.status?.conditions) ? n.status.conditions : [];
    // The usual sync (every 10 s per node): no condition changed and the 5-minute report is not
    // due — nothing to write, so none of the copies below are needed.
    if (conditionsAsDesired(current, networkReady) && !reportDue(current, now)) return;
    const ts = rfc3339(now);
    const next: Condition[] = current.map((c) => ({ ...c }));
    const events: string[] = [];
    for (const [type, status, reason, message, event] of DESIRED[networkReady ? 1 : 0]) {
      const i = next.findIndex((c) => c.type === type);
      const old = i >= 0 ? next[i] : undefined;
      const transition = old?.status !== status;
      const c: Condition = {
        lastHeartbeatTime: ts,
        lastTransitionTime: transition ? ts : old!.lastTransitionTime,
        message,
        reason,
        status,
        type,
      };
      // Ready has no event when first set; the pressure conditions have one (they start Unknown).
      if (transition && event && (type !== 'Ready' || old)) events.push(event);
      if (i >= 0) next[i] = c;
      else next.push(c);
    }
    const strip = (cs: Condition[]) => cs.map(({ lastHeartbeatTime: _h, ...rest }) => rest);
    const changed = !jsonEqual(strip(current), strip(next));
    if (!changed && !reportDue(current, now)) return;
    const updated = this.host.api.update({ ...n, status: { ...n.status, conditions: next } }, { subresource: 'status' });
    if (isStatus(updated)) return;
    for (const e of events) this.recordNodeStatusEvent(node, e);
  }

  private renewLease(n: KObject): void {
    const node = n.metadata.name!;
    const renewTime = microTime(this.host.now());
    const cur = this.host.store.get('coordination.k8s.io/Lease', NODE_LEASE_NAMESPACE, node);
    if (cur) {
      // A read-modify-write of the Lease just read (what `api.mutate` does, without its private
      // copy and deep comparison: the server copies the request anyway, and only these three spec
      // fields change, so the same values mean no write, as mutate's comparison finds).
      const spec = cur.spec;
      if (spec?.holderIdentity === node && spec.leaseDurationSeconds === LEASE_DURATION_SECONDS && spec.renewTime === renewTime) return;
      this.host.api.update({ ...cur, spec: { ...spec, holderIdentity: node, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime } });
      return;
    }
    this.host.api.create({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: {
        name: node,
        namespace: NODE_LEASE_NAMESPACE,
        ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: node, uid: n.metadata.uid! }],
      },
      spec: { holderIdentity: node, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime },
    });
  }

  /** kubelet events about its node: the node reference's uid is the node name (kl.nodeRef). */
  private recordNodeStatusEvent(node: string, event: string): void {
    this.recordKubeletEvent(node, event, `Node ${node} status is now: ${event}`);
  }

  private recordKubeletEvent(node: string, reason: string, message: string, type: 'Normal' | 'Warning' = 'Normal'): void {
    const ref = { kind: 'Node', metadata: { name: node, uid: node } } as unknown as KObject;
    this.host.events.record(ref, type, reason, message, { component: 'kubelet', host: node });
  }

  /** A kubelet (re)starting or reconnecting: start-up events, then an immediate status sync. */
  private kubeletStart(node: string, restart: boolean): void {
    const n = this.host.store.get('/Node', undefined, node);
    if (!n || !this.reaches(node)) return;
    if (restart) {
      delete this.state.lastUnschedulable[node];
      this.recordKubeletEvent(node, 'Starting', 'Starting kubelet.');
    }
    this.sync(n);
    if (restart) this.recordKubeletEvent(node, 'NodeAllocatableEnforced', 'Updated Node Allocatable limit across pods');
  }

  private machineChanged(node: string, next: NodeMachineState, prev: NodeMachineState): void {
    const restart = (!prev.powered && next.powered) || (!prev.kubeletRunning && next.kubeletRunning && next.powered);
    const reconnect = prev.partitioned && !next.partitioned;
    if (restart || reconnect) this.host.schedule(this.host.now(), START, { node, restart });
  }

  /**
   * A kubelet registering a new node (kubelet_node_status.go registerWithAPIServer): the Node with
   * its status (Ready=False until the CNI is up, at the next sync), the Lease and the start-up events.
   */
  register(o: NodeSpecOptions): KObject | Status {
    const now = this.host.now();
    const made = makeNode(o, now);
    const { status, ...spec } = made;
    const created = this.host.api.create(spec as KObject);
    if (isStatus(created)) return created;
    this.recordKubeletEvent(o.name, 'Starting', 'Starting kubelet.');
    const ts = rfc3339(now);
    const conditions: Condition[] = desiredConditions(false).map(([type, st, reason, message]) => ({
      lastHeartbeatTime: ts, lastTransitionTime: ts, message, reason, status: st, type,
    }));
    const posted = this.host.api.update({ ...created, status: { ...status, conditions } }, { subresource: 'status' });
    for (const e of ['NodeHasSufficientMemory', 'NodeHasNoDiskPressure', 'NodeHasSufficientPID']) this.recordNodeStatusEvent(o.name, e);
    this.recordKubeletEvent(o.name, 'NodeAllocatableEnforced', 'Updated Node Allocatable limit across pods');
    this.renewLease(isStatus(posted) ? created : posted);
    this.host.cancel((type, data) => type === HEARTBEAT && (data as { node: string }).node === o.name, { types: [HEARTBEAT] });
    this.scheduleTick(o.name);
    return isStatus(posted) ? created : posted;
  }
}
