import { describe, expect, it } from 'vitest';
import { isPodAvailable, podRequests } from './podutil';
import type { KObject } from './types';

const pod = (spec: object, status: object = {}): KObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec, status });

describe('podRequests', () => {
  it('sums containers, takes the max with init containers, counts sidecars', () => {
    const p = pod({
      initContainers: [
        { name: 'init', resources: { requests: { cpu: '2' } } },
        { name: 'side', restartPolicy: 'Always', resources: { requests: { cpu: '100m', memory: '64Mi' } } },
      ],
      containers: [
        { name: 'a', resources: { requests: { cpu: '250m', memory: '128Mi' } } },
        { name: 'b', resources: { requests: { cpu: '250m' } } },
      ],
    });
    expect(podRequests(p)).toEqual({ cpu: 2000, memory: 192 * 1024 * 1024, pods: 1 });
  });

  it('applies the scheduler non-zero defaults when asked', () => {
    const p = pod({ containers: [{ name: 'a' }] });
    expect(podRequests(p, true)).toEqual({ cpu: 100, memory: 200 * 1024 * 1024, pods: 1 });
    expect(podRequests(p)).toEqual({ cpu: 0, memory: 0, pods: 1 });
  });
});

describe('isPodAvailable', () => {
  it('needs Ready for minReadySeconds', () => {
    const t = Date.UTC(2025, 0, 1);
    const p = pod({}, { conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2025-01-01T00:00:00Z' }] });
    expect(isPodAvailable(p, 0, t)).toBe(true);
    expect(isPodAvailable(p, 10, t + 9_000)).toBe(false);
    expect(isPodAvailable(p, 10, t + 10_000)).toBe(true);
  });
});
