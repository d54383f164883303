// The node lifecycle controller of kube-controller-manager (source `node-controller`;
// pkg/controller/nodelifecycle/node_lifecycle_controller.go, v1.32):
// - every 5 s (node-monitor-period) it checks each node's heartbeat — the newer of its Ready
//   condition's lastHeartbeatTime and its Lease renewTime, as this controller observed them — and
//   after 50 s (node-monitor-grace-period, 1.32) without one sets Ready, MemoryPressure,
//   DiskPressure and PIDPressure to Unknown, records NodeNotReady and marks the node's pods not ready;
// - it keeps the NoSchedule condition taints (not-ready, unreachable, pressures, unschedulable) in
//   step with the node on every node change;
// - it adds the NoExecute not-ready / unreachable taints through per-zone rate-limited queues
//   (0.1 nodes/s; a zone at least 55% unhealthy slows to 0.01/s in large clusters and stops in
//   clusters of ≤ 50 nodes; all zones down stops tainting altogether) and removes them when the
//   node is Ready again. Rate limiting is checked at each monitor pass (every 5 s) rather than
//   every 100 ms.
import type { ComponentHost } from '../../host';
import { NO_KEYS, type Controller } from '../../controllers/manager';
import type { StoredChange } from '../../api/store';
import { isStatus, type KObject } from '../../api/types';
import { rfc3339 } from '../../core/time';
import { addPodNodeIndex, nodeRef, podsOnNode, updatePodCondition } from './podutil';
import {
  TAINT_DISK_PRESSURE, TAINT_MEMORY_PRESSURE, TAINT_NETWORK_UNAVAILABLE, TAINT_NOT_READY, TAINT_PID_PRESSURE,
  TAINT_UNREACHABLE, TAINT_UNSCHEDULABLE, nodeTaints, sameTaint, type Taint,
} from './taints';
import { ZoneTainter, type ZoneTainterState } from './ratelimit';
import { condition, tryUpdateNodeHealth, type Condition, type NodeHealth } from './nodehealth';
import { NODE_EVICTION_RATE, computeZoneState, zoneKey, zoneTaintingQPS, type ZoneState } from './zones';

export const NODE_MONITOR_PERIOD_MS = 5_000;
export { NODE_MONITOR_GRACE_PERIOD_MS, NODE_STARTUP_GRACE_PERIOD_MS } from './nodehealth';
export {
  LARGE_CLUSTER_SIZE_THRESHOLD, NODE_EVICTION_RATE, SECONDARY_NODE_EVICTION_RATE, UNHEALTHY_ZONE_THRESHOLD, zoneKey,
} from './zones';

const MONITOR = 'node-lifecycle.monitor';
const SOURCE = { component: 'node-controller' };

interface State {
  health: Record<string, NodeHealth>;
  /** knownNodeSet: node name → uid. */
  known: Record<string, string>;
  zoneStates: Record<string, ZoneState>;
  tainters: Record<string, ZoneTainterState>;
}

const CONDITION_TAINTS: Record<string, Record<string, string>> = {
  Ready: { False: TAINT_NOT_READY, Unknown: TAINT_UNREACHABLE },
  MemoryPressure: { True: TAINT_MEMORY_PRESSURE },
  DiskPressure: { True: TAINT_DISK_PRESSURE },
  NetworkUnavailable: { True: TAINT_NETWORK_UNAVAILABLE },
  PIDPressure: { True: TAINT_PID_PRESSURE },
};
const CONDITION_TAINT_KEYS = new Set(Object.values(CONDITION_TAINTS).flatMap((m) => Object.values(m)));
const NOT_READY_NO_EXECUTE: Taint = { key: TAINT_NOT_READY, effect: 'NoExecute' };
const UNREACHABLE_NO_EXECUTE: Taint = { key: TAINT_UNREACHABLE, effect: 'NoExecute' };
/** What markNodeAsReachable removes (shared: swapTaints only reads it). */
const REACHABLE_REMOVES: readonly Taint[] = [UNREACHABLE_NO_EXECUTE, NOT_READY_NO_EXECUTE];

export class NodeLifecycleController implements Controller {
  readonly name = 'node-controller';
  /** Its informer watches Nodes only: no other change (Events, pods) is offered to `keysFor`. */
  readonly kinds = ['/Node'];
  private state: State = { health: {}, known: {}, zoneStates: {}, tainters: {} };
  /**
   * Whether a Node may have been added or deleted since the last monitor pass reconciled
   * `state.known` with the node list (true when new or restored). While false, every listed node
   * is known and every known node listed, so the pass skips that walk over all nodes (5,000 at
   * scale, every 5 s). Derived, not snapshot state: set by `keysFor`, which sees every Node change.
   */
  private nodeSetChanged = true;

  constructor(private readonly host: ComponentHost) {}

  install(): void {
    addPodNodeIndex(this.host.store);
    this.host.registerController(this);
    this.host.on(MONITOR, () => this.monitor(), { background: true });
    this.host.registerState('node-lifecycle-controller', {
      snapshot: () => structuredClone(this.state),
      restore: (d) => {
        // The cluster's own copy of the snapshot (Cluster.restore): taken as it is, not copied again.
        this.state = d as State;
        this.nodeSetChanged = true;
      },
    });
  }

  /**
   * New cluster: the bootstrap nodes count as registered already (their RegisteredNode events, like
   * their kubelets' start-up events, predate the simulation). The first pass runs at once.
   */
  start(): void {
    for (const n of this.host.store.list('/Node')) {
      this.state.known[n.metadata.name!] = n.metadata.uid!;
      this.addZone(n);
    }
    this.host.schedule(this.host.now(), MONITOR, {});
  }

  // The NoSchedule tainting pass runs on every node change (nodeUpdateQueue).
  keysFor(c: StoredChange): readonly string[] {
    if (c.kindKey !== '/Node') return NO_KEYS;
    if (c.type !== 'MODIFIED') this.nodeSetChanged = true;
    return c.type !== 'DELETED' ? [c.object.metadata.name!] : NO_KEYS;
  }

  sync(name: string): void {
    this.doNoScheduleTaintingPass(name);
  }

  private now(): number {
    return this.host.now();
  }

  private monitor(): void {
    this.monitorNodeHealth();
    this.host.schedule(this.now() + NODE_MONITOR_PERIOD_MS, MONITOR, {});
  }

  /** monitorNodeHealth: one pass over every node. */
  monitorNodeHealth(): void {
    const store = this.host.store;
    const nodes = store.list('/Node');
    if (this.nodeSetChanged) {
      // Cleared first: a node added while this pass runs is registered by the next one.
      this.nodeSetChanged = false;
      this.registerAndRemoveNodes(nodes);
    }
    // While nothing has been written since the list (the usual pass writes nothing), a listed
    // node is the stored one: no lookup. (The global resourceVersion: a getter, no table lookup.)
    const listedRv = store.resourceVersion;
    const zoneConditions = new Map<string, (string | undefined)[]>();
    for (const n of nodes) {
      const name = n.metadata.name!;
      const node = store.resourceVersion === listedRv ? n : store.get('/Node', undefined, name);
      if (!node) continue;
      const { observed, current } = tryUpdateNodeHealth(this.host, this.state.health, node);
      if (node.metadata.labels?.['node.kubernetes.io/exclude-disruption'] === undefined) {
        const z = zoneKey(node);
        if (!zoneConditions.has(z)) zoneConditions.set(z, []);
        zoneConditions.get(z)!.push(current?.status);
      }
      if (!current) continue;
      this.processTaintBaseEviction(name, observed);
      if (current.status !== 'True' && observed.status === 'True') {
        this.recordNodeEvent(name, node.metadata.uid!, 'NodeNotReady', `Node ${name} status is now: NodeNotReady`, true);
        this.markPodsNotReady(name);
      }
    }
    this.handleDisruption(zoneConditions);
    this.doNoExecuteTaintingPass();
  }

  /** Registers listed nodes not known yet and forgets known nodes no longer listed. */
  private registerAndRemoveNodes(nodes: readonly KObject[]): void {
    for (const n of nodes) {
      const name = n.metadata.name!;
      if (name in this.state.known) continue;
      this.recordNodeEvent(name, n.metadata.uid!, 'RegisteredNode', `Registered Node ${name} in Controller`);
      this.state.known[name] = n.metadata.uid!;
      this.addZone(n);
      this.markNodeAsReachable(name);
    }
    // Every listed node is known by now, so known nodes beyond the list's count are removed ones:
    // none (the usual pass) needs no sorted walk over every name.
    const knownNames = Object.keys(this.state.known);
    // (Listed node names are unique: the list's length is their count.)
    const names = knownNames.length > nodes.length ? new Set(nodes.map((n) => n.metadata.name!)) : undefined;
    for (const name of names ? knownNames.sort() : []) {
      if (names!.has(name)) continue;
      this.recordNodeEvent(name, this.state.known[name], 'RemovingNode', `Removing Node ${name} from Controller`);
      delete this.state.known[name];
      delete this.state.health[name];
    }
  }

  /** MarkPodsNotReady: every pod on the node gets Ready=False and a NodeNotReady warning. */
  private markPodsNotReady(node: string): void {
    for (const pod of podsOnNode(this.host.store, node)) {
      const ready = (pod.status?.conditions ?? []).find((c: { type: string }) => c.type === 'Ready');
      if (!ready) continue;
      const conds = updatePodCondition(pod, { ...ready, status: 'False' }, this.now());
      if (!conds) continue;
      const updated = this.host.api.update({ ...pod, status: { ...pod.status, conditions: conds } }, { subresource: 'status' });
      if (isStatus(updated)) continue;
      this.host.events.record(updated, 'Warning', 'NodeNotReady', 'Node is not ready', SOURCE);
    }
  }

  private processTaintBaseEviction(name: string, observed: Condition): void {
    const node = this.host.store.get('/Node', undefined, name);
    if (!node) return;
    const taints = nodeTaints(node);
    if (observed.status === 'False') {
      if (taints.some((t) => sameTaint(t, UNREACHABLE_NO_EXECUTE))) this.swapTaints(name, [NOT_READY_NO_EXECUTE], [UNREACHABLE_NO_EXECUTE]);
      else this.markNodeForTainting(node, NOT_READY_NO_EXECUTE);
    } else if (observed.status === 'Unknown') {
      if (taints.some((t) => sameTaint(t, NOT_READY_NO_EXECUTE))) this.swapTaints(name, [UNREACHABLE_NO_EXECUTE], [NOT_READY_NO_EXECUTE]);
      else this.markNodeForTainting(node, UNREACHABLE_NO_EXECUTE);
    } else if (observed.status === 'True') {
      this.markNodeAsReachable(name, node);
    }
  }

  private markNodeForTainting(node: KObject, wanted: Taint): void {
    const t = this.tainter(zoneKey(node));
    if (!nodeTaints(node).some((x) => sameTaint(x, wanted))) t.remove(node.metadata.name!);
    t.add(node.metadata.name!, node.metadata.uid!, this.now());
  }

  /**
   * Removes the NoExecute not-ready / unreachable taints and drops the node from its zone queue.
   * `current`: the node as just read from the store (a Ready node, every pass), saving the lookup.
   */
  private markNodeAsReachable(name: string, current?: KObject): void {
    const node = current ?? this.host.store.get('/Node', undefined, name);
    if (!node) return;
    // A node without taints (most) has none to remove: swapTaints would find nothing to write.
    if (nodeTaints(node).length > 0) this.swapTaints(name, [], REACHABLE_REMOVES);
    this.tainter(zoneKey(node)).remove(name);
  }

  private doNoExecuteTaintingPass(): void {
    for (const zone of Object.keys(this.state.tainters).sort()) {
      this.tainter(zone).tryEach(this.now(), (name) => {
        const node = this.host.store.get('/Node', undefined, name);
        if (!node) return true;
        const ready = condition(node, 'Ready');
        if (!ready) return false;
        if (ready.status === 'False') return this.swapTaints(name, [NOT_READY_NO_EXECUTE], [UNREACHABLE_NO_EXECUTE]);
        if (ready.status === 'Unknown') return this.swapTaints(name, [UNREACHABLE_NO_EXECUTE], [NOT_READY_NO_EXECUTE]);
        return true; // Ready again: nothing to taint
      });
    }
  }

  /** doNoScheduleTaintingPass: the NoSchedule taints follow the node's conditions and spec.unschedulable. */
  doNoScheduleTaintingPass(name: string): void {
    const node = this.host.store.get('/Node', undefined, name);
    if (!node) return;
    const want: Taint[] = [];
    for (const c of (node.status?.conditions ?? []) as Condition[]) {
      const key = CONDITION_TAINTS[c.type]?.[c.status];
      if (key) want.push({ key, effect: 'NoSchedule' });
    }
    if (node.spec?.unschedulable) want.push({ key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' });
    const have = nodeTaints(node).filter((t) => t.effect === 'NoSchedule' && (t.key === TAINT_UNSCHEDULABLE || CONDITION_TAINT_KEYS.has(t.key)));
    const add = want.filter((t) => !have.some((h) => sameTaint(h, t)));
    const del = have.filter((t) => !want.some((w) => sameTaint(w, t)));
    if (add.length > 0 || del.length > 0) this.swapTaints(name, add, del);
  }

  /** SwapNodeControllerTaint: adds (with timeAdded now) and removes taints in one write. */
  private swapTaints(name: string, add: readonly Taint[], remove: readonly Taint[]): boolean {
    const node = this.host.store.get('/Node', undefined, name);
    if (!node) return false;
    // The common call (a Ready node, every 5 s): nothing to add and none of `remove` present — no
    // write, so none of the copying and comparing below (it would find the taints unchanged).
    if (add.length === 0 && !nodeTaints(node).some((t) => remove.some((r) => sameTaint(r, t)))) return true;
    const ts = rfc3339(this.now());
    let taints = [...nodeTaints(node)];
    for (const a of add) {
      const t: Taint = { effect: a.effect, key: a.key, timeAdded: ts };
      const i = taints.findIndex((x) => sameTaint(x, t));
      if (i < 0) taints.push(t);
      else if (JSON.stringify(taints[i]) !== JSON.stringify(t)) taints[i] = t;
    }
    taints = taints.filter((t) => !remove.some((r) => sameTaint(r, t)));
    if (JSON.stringify(taints) === JSON.stringify(nodeTaints(node))) return true;
    const r = this.host.api.mutate(this.host.kinds.byKind('Node')!, undefined, name, (n) => {
      if (taints.length > 0) n.spec = { ...n.spec, taints };
      else if (n.spec) delete n.spec.taints;
    });
    return !isStatus(r);
  }

  private addZone(node: KObject): void {
    const z = zoneKey(node);
    if (!(z in this.state.zoneStates)) this.state.zoneStates[z] = 'Initial';
    this.tainter(z);
  }

  private tainter(zone: string): ZoneTainter {
    if (!this.state.tainters[zone]) this.state.tainters[zone] = ZoneTainter.initial(NODE_EVICTION_RATE, this.now());
    return new ZoneTainter(this.state.tainters[zone]);
  }

  private setLimiterInZone(zone: string, zoneSize: number, state: ZoneState): void {
    this.tainter(zone).swapLimiter(zoneTaintingQPS(zoneSize, state), this.now());
  }

  /** handleDisruption: per-zone eviction rates; all zones fully disrupted stops NoExecute tainting. */
  private handleDisruption(zoneConditions: Map<string, (string | undefined)[]>): void {
    const newStates = new Map<string, ZoneState>();
    let allAre = true;
    for (const [z, conds] of [...zoneConditions].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const s = computeZoneState(conds);
      if (s !== 'FullDisruption') allAre = false;
      newStates.set(z, s);
      if (!(z in this.state.zoneStates)) this.state.zoneStates[z] = 'Initial';
    }
    let allWas = true;
    for (const z of Object.keys(this.state.zoneStates).sort()) {
      if (!zoneConditions.has(z)) {
        delete this.state.zoneStates[z];
        continue;
      }
      if (this.state.zoneStates[z] !== 'FullDisruption') {
        allWas = false;
        break;
      }
    }
    if (allAre && allWas) return;
    const zones = Object.keys(this.state.zoneStates).sort();
    if (allAre) {
      for (const n of this.host.store.list('/Node')) this.markNodeAsReachable(n.metadata.name!);
      for (const z of zones) {
        this.tainter(z).swapLimiter(0, this.now());
        this.state.zoneStates[z] = 'FullDisruption';
      }
      return;
    }
    if (allWas) {
      for (const name of Object.keys(this.state.health)) {
        this.state.health[name] = { ...this.state.health[name], probeMs: this.now(), readyTransitionMs: this.now() };
      }
      for (const z of zones) {
        this.setLimiterInZone(z, zoneConditions.get(z)?.length ?? 0, newStates.get(z) ?? 'Normal');
        this.state.zoneStates[z] = newStates.get(z) ?? 'Normal';
      }
      return;
    }
    for (const z of zones) {
      const s = newStates.get(z) ?? 'Normal';
      if (this.state.zoneStates[z] === s) continue;
      this.setLimiterInZone(z, zoneConditions.get(z)?.length ?? 0, s);
      this.state.zoneStates[z] = s;
    }
  }

  private recordNodeEvent(name: string, uid: string, reason: string, message: string, statusChange = false): void {
    this.host.events.record(nodeRef(name, uid), 'Normal', reason, statusChange ? message : `Node ${name} event: ${message}`, SOURCE);
  }
}
