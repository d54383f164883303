import { describe, expect, it } from 'vitest';
import { rfc3339 } from '../../core/time';
import type { ContainerRecord } from '../runtime/runtime';
import { generatePodStatus } from './status';
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
});
