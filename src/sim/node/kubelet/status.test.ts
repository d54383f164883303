import { describe, expect, it } from 'vitest';
import { rfc3339 } from '../../core/time';
import type { ContainerRecord } from '../runtime/runtime';
import { generatePodStatus, hostIPsOf } from './status';
import type { PodState } from './state';

const T0 = Date.parse('2025-01-15T09:00:00Z');

function podState(over: Partial<PodState> = {}, status: Record<string, unknown> = {}): PodState {
  return {
    uid: 'u1', namespace: 'default', name: 'web', node: 'node-1', slots: {}, pullBackoff: {},
    pod: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] }, status },
    ...over,
  };
}

const running = (startedAtMs: number): ContainerRecord => ({ id: 'c1', spec: { image: 'nginx:1.27' }, state: 'running', startedAtMs }) as unknown as ContainerRecord;

describe('generatePodStatus', () => {
  it('leaves out qosClass and startTime when there are none, keeping the key order', () => {
    const s = generatePodStatus({ ps: podState(), record: () => undefined, hostIP: '172.18.0.2', nowMs: T0 }, false);
    expect(Object.keys(s)).toEqual(['conditions', 'containerStatuses', 'hostIP', 'hostIPs', 'phase']);
    const t = generatePodStatus({ ps: podState({ startTimeMs: T0, sandbox: { id: 's', ip: '10.244.1.5', createdAtMs: T0 } }, { qosClass: 'BestEffort', nominatedNodeName: 'n' }), record: () => undefined, hostIP: '172.18.0.2', nowMs: T0 }, false);
    expect(Object.keys(t)).toEqual(['conditions', 'containerStatuses', 'hostIP', 'hostIPs', 'phase', 'qosClass', 'startTime', 'podIP', 'podIPs', 'nominatedNodeName']);
    // The usual shapes (QoS class and start time, nothing carried over), with and without a pod IP.
    const u = generatePodStatus({ ps: podState({ startTimeMs: T0, sandbox: { id: 's', ip: '10.244.1.5', createdAtMs: T0 } }, { qosClass: 'BestEffort' }), record: () => undefined, hostIP: '172.18.0.2', nowMs: T0 }, false);
    expect(Object.keys(u)).toEqual(['conditions', 'containerStatuses', 'hostIP', 'hostIPs', 'phase', 'qosClass', 'startTime', 'podIP', 'podIPs']);
    expect(u).toMatchObject({ hostIPs: [{ ip: '172.18.0.2' }], podIP: '10.244.1.5', podIPs: [{ ip: '10.244.1.5' }], startTime: rfc3339(T0), qosClass: 'BestEffort', phase: 'Pending' });
    const v = generatePodStatus({ ps: podState({ startTimeMs: T0 }, { qosClass: 'Burstable' }), record: () => undefined, hostIP: '172.18.0.2', nowMs: T0 }, false);
    expect(Object.keys(v)).toEqual(['conditions', 'containerStatuses', 'hostIP', 'hostIPs', 'phase', 'qosClass', 'startTime']);
    // Conditions other components own come first, as they were.
    const w = generatePodStatus({ ps: podState({ startTimeMs: T0 }, { qosClass: 'Burstable', conditions: [{ type: 'DisruptionTarget', status: 'True' }, { type: 'Ready', status: 'False' }] }), record: () => undefined, hostIP: '172.18.0.2', nowMs: T0 }, false);
    expect(w.conditions.map((c: { type: string }) => c.type)).toEqual(['DisruptionTarget', 'PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled']);
  });

  it('writes container statuses with the keys in their order: waiting, running, waiting after an exit, terminated', () => {
    const base = ['name', 'image', 'imageID', 'lastState', 'ready', 'restartCount', 'started'];
    const app = { name: 'app', image: 'nginx:1.27', volumeMounts: [{ name: 'v', mountPath: '/v' }] };
    const pod = (slot: PodState['slots'][string]) => podState({ sandbox: { id: 's', ip: '10.244.1.5', createdAtMs: T0 }, slots: { app: slot } }, {});
    const statusOf = (ps: PodState, rec: ContainerRecord | undefined) => {
      ps.pod = { ...ps.pod, spec: { containers: [app] } };
      return generatePodStatus({ ps, record: () => rec, hostIP: '172.18.0.2', nowMs: T0 + 5000 }, false).containerStatuses[0];
    };
    const waiting = statusOf(pod({ name: 'app', kind: 'app', restartCount: 0, probes: {} }), undefined);
    expect(Object.keys(waiting)).toEqual([...base, 'state']);
    expect(waiting.state).toEqual({ waiting: { reason: 'ContainerCreating' } });
    const run = statusOf(pod({ name: 'app', kind: 'app', restartCount: 0, current: 'c1', probes: {} }), running(T0));
    expect(Object.keys(run)).toEqual([...base, 'containerID', 'state', 'volumeMounts']);
    expect(run).toMatchObject({ ready: true, started: true, containerID: 'containerd://c1', lastState: {}, volumeMounts: [{ mountPath: '/v', name: 'v' }] });
    const exited = { ...running(T0), state: 'exited', exitCode: 1, finishedAtMs: T0 + 1000 } as ContainerRecord;
    const backoff = statusOf(pod({ name: 'app', kind: 'app', restartCount: 1, current: 'c1', probes: {}, waiting: { reason: 'CrashLoopBackOff', message: 'm' } }), exited);
    expect(Object.keys(backoff)).toEqual([...base, 'containerID', 'state', 'volumeMounts']);
    expect(backoff.state).toEqual({ waiting: { reason: 'CrashLoopBackOff', message: 'm' } });
    expect(backoff.lastState.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    const done = statusOf(pod({ name: 'app', kind: 'app', restartCount: 0, current: 'c1', probes: {} }), exited);
    expect(Object.keys(done.state)).toEqual(['terminated']);
    expect(done).toMatchObject({ ready: false, started: false, lastState: {} });
  });

  it('reports the hostIPs it is given (one frozen list per node), and one frozen empty lastState for containers without a previous instance', () => {
    const hostIPs = hostIPsOf('172.18.0.2');
    expect(hostIPs).toEqual([{ ip: '172.18.0.2' }]);
    expect(Object.isFrozen(hostIPs) && Object.isFrozen(hostIPs[0])).toBe(true);
    const inp = (ps: PodState, hostIP: string, ips?: readonly unknown[]) => ({ ps, record: () => undefined, hostIP, hostIPs: ips, nowMs: T0 });
    const a = generatePodStatus(inp(podState({ startTimeMs: T0 }, { qosClass: 'BestEffort' }), '172.18.0.2', hostIPs), false);
    const b = generatePodStatus(inp(podState({ uid: 'u2', name: 'db' }), '172.18.0.2', hostIPs), false);
    const c = generatePodStatus(inp(podState(), '172.18.0.3'), false);
    expect(a.hostIPs).toBe(hostIPs);
    expect(b.hostIPs).toBe(hostIPs);
    expect(c.hostIPs).toEqual([{ ip: '172.18.0.3' }]);
    expect(a.containerStatuses[0].lastState).toBe(b.containerStatuses[0].lastState);
    expect(Object.isFrozen(a.containerStatuses[0].lastState)).toBe(true);
    expect(JSON.stringify(a.containerStatuses[0].lastState)).toBe('{}');
  });

  it('formats sync, start and container times of different seconds, alternately, as rfc3339 does', () => {
    for (let i = 0; i < 50; i++) {
      const now = T0 + 60_000 + i * 1_337;
      const started = T0 + 30_000 + i * 977;
      const ps = podState({ startTimeMs: T0 + i * 421, sandbox: { id: 's', ip: '10.244.1.5', createdAtMs: T0 }, slots: { app: { name: 'app', kind: 'app', restartCount: 0, current: 'c1', probes: {} } } });
      const s = generatePodStatus({ ps, record: () => running(started), hostIP: '172.18.0.2', nowMs: now }, false);
      expect(s.startTime).toBe(rfc3339(T0 + i * 421));
      expect(s.containerStatuses[0].state.running.startedAt).toBe(rfc3339(started));
      expect(s.conditions.find((c: { type: string }) => c.type === 'Ready').lastTransitionTime).toBe(rfc3339(now));
    }
  });
  it('keeps a stored condition object that is already what it would write (same values and key order), and writes a new one otherwise', () => {
    const first = generatePodStatus({ ps: podState({ startTimeMs: T0 }, { qosClass: 'BestEffort' }), record: () => undefined, hostIP: '172.18.0.2', nowMs: T0 }, false);
    const stored = JSON.parse(JSON.stringify(first.conditions));
    const again = generatePodStatus({ ps: podState({ startTimeMs: T0 }, { qosClass: 'BestEffort', conditions: stored }), record: () => undefined, hostIP: '172.18.0.2', nowMs: T0 + 5000 }, false);
    for (let i = 0; i < stored.length; i++) expect(again.conditions[i]).toBe(stored[i]);
    // The same values with the keys in another order, or another reason: a condition of its own.
    const reordered = stored.map((c: Record<string, unknown>) => ({ type: c.type, ...c }));
    const moved = generatePodStatus({ ps: podState({ startTimeMs: T0 }, { qosClass: 'BestEffort', conditions: reordered }), record: () => undefined, hostIP: '172.18.0.2', nowMs: T0 + 5000 }, false);
    expect(JSON.stringify(moved.conditions)).toBe(JSON.stringify(first.conditions));
    for (let i = 0; i < reordered.length; i++) expect(moved.conditions[i]).not.toBe(reordered[i]);
    const ready = stored.findIndex((c: { type: string }) => c.type === 'Ready');
    const changed = stored.map((c: Record<string, unknown>, i: number) => (i === ready ? { ...c, reason: 'Other' } : c));
    const fresh = generatePodStatus({ ps: podState({ startTimeMs: T0 }, { qosClass: 'BestEffort', conditions: changed }), record: () => undefined, hostIP: '172.18.0.2', nowMs: T0 + 5000 }, false);
    expect(fresh.conditions[ready]).not.toBe(changed[ready]);
    expect(fresh.conditions[ready]).toEqual(first.conditions[ready]);
  });
});
