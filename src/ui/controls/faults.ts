// Faults and object actions: each runs a `kubeplay ...` control or a kubectl line in the worker
// and records an entry in the local action log (the timeline shows it beside the Events).

import type { KObject } from '../../sim/api/types';
import type { Bridge } from '../bridge';
import { useUiStore } from '../store';
import { useViewStore } from '../views/viewStore';

export interface ObjectAction {
  name: string;
  label: string;
  /** The command line for a target: `kubeplay node crash NAME` or `kubectl cordon NAME`. */
  line(t: { name: string; namespace?: string; object?: KObject }): string;
  danger?: boolean;
  /** Offered only for objects it applies to (a probe fault needs a pod with that probe). */
  appliesTo?(o: KObject): boolean;
}

/** The pod's containers (regular and sidecars) that define a `type` probe. */
function hasProbe(o: KObject, type: 'readiness' | 'liveness'): boolean {
  const containers: Record<string, unknown>[] = [...(o.spec?.containers ?? []), ...(o.spec?.initContainers ?? [])];
  return containers.some((c) => !!c[`${type}Probe`]);
}

/** The container a probe fault targets: the first with that probe (`-c`), else kubectl's default. */
function probeContainerFlag(o: KObject | undefined, type: 'readiness' | 'liveness'): string {
  if (!o) return '';
  const containers: { name: string }[] = [...(o.spec?.containers ?? []), ...(o.spec?.initContainers ?? [])];
  const c = containers.find((x) => !!(x as Record<string, unknown>)[`${type}Probe`]);
  return c ? ` -c ${c.name}` : '';
}

export const NODE_ACTIONS: ObjectAction[] = [
  { name: 'node.crash', label: 'Crash node', line: (t) => `kubeplay node crash ${t.name}`, danger: true },
  { name: 'node.stopKubelet', label: 'Stop kubelet', line: (t) => `kubeplay node stop-kubelet ${t.name}`, danger: true },
  { name: 'node.partition', label: 'Partition from control plane', line: (t) => `kubeplay node partition ${t.name}`, danger: true },
  { name: 'node.restore', label: 'Restore node', line: (t) => `kubeplay node restore ${t.name}` },
  { name: 'node.cordon', label: 'Cordon', line: (t) => `kubectl cordon ${t.name}` },
  { name: 'node.uncordon', label: 'Uncordon', line: (t) => `kubectl uncordon ${t.name}` },
  { name: 'node.drain', label: 'Drain', line: (t) => `kubectl drain ${t.name} --ignore-daemonsets --delete-emptydir-data --force` },
  { name: 'node.delete', label: 'Delete node', line: (t) => `kubeplay node delete ${t.name}`, danger: true },
];

export const POD_ACTIONS: ObjectAction[] = [
  { name: 'pod.delete', label: 'Delete pod', line: (t) => `kubectl delete pod ${t.name} -n ${t.namespace ?? 'default'} --wait=false`, danger: true },
  { name: 'pod.kill', label: 'Kill container (exit 137)', line: (t) => `kubeplay pod kill ${t.name} -n ${t.namespace ?? 'default'}`, danger: true },
  {
    name: 'pod.failReadiness',
    label: 'Make readiness fail',
    line: (t) => `kubeplay pod fail-readiness ${t.name} -n ${t.namespace ?? 'default'}${probeContainerFlag(t.object, 'readiness')}`,
    danger: true,
    appliesTo: (o) => hasProbe(o, 'readiness'),
  },
  {
    name: 'pod.failLiveness',
    label: 'Make liveness fail',
    line: (t) => `kubeplay pod fail-liveness ${t.name} -n ${t.namespace ?? 'default'}${probeContainerFlag(t.object, 'liveness')}`,
    danger: true,
    appliesTo: (o) => hasProbe(o, 'liveness'),
  },
  {
    name: 'pod.heal',
    label: 'Restore probes',
    line: (t) => `kubeplay pod heal ${t.name} -n ${t.namespace ?? 'default'}`,
    appliesTo: (o) => hasProbe(o, 'readiness') || hasProbe(o, 'liveness'),
  },
];

/** The actions offered for an object (those without `appliesTo` always are). */
export function actionsFor(actions: ObjectAction[], o: KObject | undefined): ObjectAction[] {
  return actions.filter((a) => !a.appliesTo || (o !== undefined && a.appliesTo(o)));
}

export const CLUSTER_ACTIONS: ObjectAction[] = [
  { name: 'node.add', label: 'Add node', line: () => 'kubeplay node add' },
  { name: 'zone.fail', label: 'Fail zone', line: (t) => `kubeplay zone fail ${t.name}`, danger: true },
  { name: 'zone.restore', label: 'Restore zone', line: (t) => `kubeplay zone restore ${t.name}` },
];

/** Runs a control or kubectl line and logs it; resolves to the log entry's text. */
export async function runLine(bridge: Bridge, label: string, line: string, uid?: string): Promise<{ ok: boolean; output: string }> {
  const isControl = line.startsWith('kubeplay ');
  const r = isControl ? await bridge.control(line) : await bridge.kubectl(line);
  let ok = false;
  let output = '';
  if (!r.ok) output = r.status.message ?? 'failed';
  else if (r.op === 'control') {
    ok = r.value.exitCode === 0;
    output = r.value.output.trim();
  } else if (r.op === 'kubectl') {
    ok = r.value.exitCode === 0;
    output = r.value.output.trim();
  }
  useViewStore.getState().logAction({ timeMs: useUiStore.getState().clock.nowMs, label: `${label}: ${line}`, output, ok, uid });
  return { ok, output };
}

export function runObjectAction(bridge: Bridge, a: ObjectAction, t: { name: string; namespace?: string; uid?: string; object?: KObject }) {
  return runLine(bridge, a.label, a.line(t), t.uid);
}
