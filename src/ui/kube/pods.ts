// A pod's status as kubectl's STATUS column words it, and the colour family the graph uses.

import type { KObject } from '../../sim/api/types';

/** ok: running and ready; progress: on its way; done: finished well; bad: failing; leaving: terminating. */
export type PodTone = 'ok' | 'progress' | 'done' | 'bad' | 'leaving';

interface ContainerState {
  waiting?: { reason?: string };
  running?: unknown;
  terminated?: { reason?: string; exitCode?: number; signal?: number };
}

interface ContainerStatus {
  ready?: boolean;
  state?: ContainerState;
}

/** kubectl's printPod logic, simplified: pod reason, then the last container's waiting/terminated reason. */
export function podStatusText(pod: KObject): string {
  const status = pod.status ?? {};
  let reason: string = status.reason || status.phase || 'Pending';
  const inits: ContainerStatus[] = status.initContainerStatuses ?? [];
  for (let i = 0; i < inits.length; i++) {
    const st = inits[i].state ?? {};
    if (st.terminated && st.terminated.exitCode === 0) continue;
    if (st.terminated) reason = `Init:${st.terminated.reason || `ExitCode:${st.terminated.exitCode}`}`;
    else if (st.waiting?.reason && st.waiting.reason !== 'PodInitializing') reason = `Init:${st.waiting.reason}`;
    else reason = `Init:${i}/${inits.length}`;
    return finish(pod, reason);
  }
  const containers: ContainerStatus[] = status.containerStatuses ?? [];
  let hasRunning = false;
  for (let i = containers.length - 1; i >= 0; i--) {
    const st = containers[i].state ?? {};
    if (st.waiting?.reason) reason = st.waiting.reason;
    else if (st.terminated?.reason) reason = st.terminated.reason;
    else if (st.terminated) reason = st.terminated.signal ? `Signal:${st.terminated.signal}` : `ExitCode:${st.terminated.exitCode}`;
    else if (st.running && containers[i].ready) hasRunning = true;
  }
  if (reason === 'Completed' && hasRunning) reason = 'Running';
  return finish(pod, reason);
}

function finish(pod: KObject, reason: string): string {
  if (pod.metadata.deletionTimestamp) return pod.status?.reason === 'NodeLost' ? 'Unknown' : 'Terminating';
  return reason;
}

const BAD = /Err|BackOff|Error|Failed|OOMKilled|Evicted|Unknown|Invalid|ExitCode|Signal|NodeLost|Init:(?!\d)/;

export function podTone(pod: KObject, text = podStatusText(pod)): PodTone {
  if (text === 'Terminating') return 'leaving';
  if (text === 'Succeeded' || text === 'Completed') return 'done';
  if (BAD.test(text)) return 'bad';
  if (text === 'Running') return podReady(pod) ? 'ok' : 'progress';
  return 'progress';
}

export function podReady(pod: KObject): boolean {
  const conds: { type?: string; status?: string }[] = pod.status?.conditions ?? [];
  return conds.some((c) => c.type === 'Ready' && c.status === 'True');
}
