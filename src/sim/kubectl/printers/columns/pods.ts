// Pods and PodTemplates (printPod: READY incl. sidecars, STATUS per the kubelet-facing rules).

import type { KObject } from '../../../api/types';
import { parseTimestamp, translateTimestampSince } from '../duration';
import {
  AGE, NAME, age, arr, col, containerCells, formatLabels, nameOf, obj, wide,
  type Json, type TableDef,
} from './common';

const isRestartableInit = (c: Json): boolean => obj(c).restartPolicy === 'Always';

const conditionTrue = (conds: Json[], type: string): boolean =>
  conds.some((c) => c.type === type && c.status === 'True');

/** isPodInitializedConditionTrue: the first Initialized condition decides. */
function initializedTrue(conds: Json[]): boolean {
  const c = conds.find((x) => x.type === 'Initialized');
  return c !== undefined && c.status === 'True';
}

export interface PodSummary {
  ready: string;
  status: string;
  restarts: string;
}

/** The READY, STATUS and RESTARTS cells of `kubectl get pods`. */
export function podSummary(pod: KObject, nowMs: number): PodSummary {
  const spec = obj(pod.spec);
  const status = obj(pod.status);
  const conds = arr(status.conditions);
  const initSpecs = arr(spec.initContainers);
  const initByName = new Map<string, Json>(initSpecs.map((c) => [c.name, c]));
  let restarts = 0;
  let sidecarRestarts = 0;
  let total = arr(spec.containers).length + initSpecs.filter(isRestartableInit).length;
  let readyCount = 0;
  let lastRestart: number | undefined;
  let lastSidecarRestart: number | undefined;
  const later = (a: number | undefined, ts: unknown): number | undefined => {
    const t = parseTimestamp(ts);
    return t !== undefined && (a === undefined || t > a) ? t : a;
  };

  const phase: string = status.phase ?? '';
  let reason: string = status.reason ? status.reason : phase;
  for (const c of conds) {
    if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }

  let initializing = false;
  const initStatuses = arr(status.initContainerStatuses);
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i];
    const state = obj(cs.state);
    const lastTerm = obj(cs.lastState).terminated;
    const sidecar = isRestartableInit(initByName.get(cs.name));
    restarts += cs.restartCount ?? 0;
    if (lastTerm) lastRestart = later(lastRestart, lastTerm.finishedAt);
    if (sidecar) {
      sidecarRestarts += cs.restartCount ?? 0;
      if (lastTerm) lastSidecarRestart = later(lastSidecarRestart, lastTerm.finishedAt);
    }
    const term = state.terminated;
    const wait = state.waiting;
    if (term && (term.exitCode ?? 0) === 0) continue;
    if (sidecar && cs.started === true) {
      if (cs.ready) readyCount++;
      continue;
    }
    if (term) {
      if (!term.reason) {
        reason = term.signal ? `Init:Signal:${term.signal}` : `Init:ExitCode:${term.exitCode ?? 0}`;
      } else {
        reason = `Init:${term.reason}`;
      }
    } else if (wait && wait.reason && wait.reason !== 'PodInitializing') {
      reason = `Init:${wait.reason}`;
    } else {
      reason = `Init:${i}/${initSpecs.length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || initializedTrue(conds)) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses = arr(status.containerStatuses);
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i];
      const state = obj(cs.state);
      restarts += cs.restartCount ?? 0;
      const lastTerm = obj(cs.lastState).terminated;
      if (lastTerm) lastRestart = later(lastRestart, lastTerm.finishedAt);
      if (state.waiting && state.waiting.reason) {
        reason = state.waiting.reason;
      } else if (state.terminated && state.terminated.reason) {
        reason = state.terminated.reason;
      } else if (state.terminated) {
        const t = state.terminated;
        reason = t.signal ? `Signal:${t.signal}` : `ExitCode:${t.exitCode ?? 0}`;
      } else if (cs.ready && state.running) {
        hasRunning = true;
        readyCount++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = conditionTrue(conds, 'Ready') ? 'Running' : 'NotReady';
    }
  }

  const deleting = !!pod.metadata?.deletionTimestamp;
  if (deleting && status.reason === 'NodeLost') reason = 'Unknown';
  else if (deleting && phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating';

  let restartsStr = String(restarts);
  if (restarts !== 0 && lastRestart !== undefined) {
    restartsStr = `${restarts} (${translateTimestampSince(new Date(lastRestart).toISOString(), nowMs)} ago)`;
  }
  total = Math.max(total, 0);
  return { ready: `${readyCount}/${total}`, status: reason, restarts: restartsStr };
}

function readinessGates(pod: KObject): string {
  const gates = arr(obj(pod.spec).readinessGates);
  if (gates.length === 0) return '<none>';
  const conds = arr(obj(pod.status).conditions);
  let trueCount = 0;
  for (const g of gates) {
    const c = conds.find((x) => x.type === g.conditionType);
    if (c && c.status === 'True') trueCount++;
  }
  return `${trueCount}/${gates.length}`;
}

export const podTable: TableDef = {
  columns: [
    NAME, col('Ready'), col('Status'), col('Restarts'), AGE,
    wide('IP'), wide('Node'), wide('Nominated Node'), wide('Readiness Gates'),
  ],
  row: (pod, nowMs) => {
    const s = podSummary(pod, nowMs);
    const status = obj(pod.status);
    const ips = arr(status.podIPs);
    const ip: string = (ips.length > 0 ? ips[0].ip : status.podIP) || '<none>';
    return [
      nameOf(pod), s.ready, s.status, s.restarts, age(pod, nowMs),
      ip, obj(pod.spec).nodeName || '<none>', status.nominatedNodeName || '<none>', readinessGates(pod),
    ];
  },
};

export const podTemplateTable: TableDef = {
  columns: [NAME, col('Containers'), col('Images'), col('Pod Labels')],
  row: (o) => {
    const tmpl = obj(o.template);
    const [names, images] = containerCells(tmpl.spec);
    return [nameOf(o), names, images, formatLabels(obj(tmpl.metadata).labels)];
  },
};
