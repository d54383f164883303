import { describe, expect, it } from 'vitest';
import type { KObject } from '../../sim/api/types';
import { podStatusText, podTone } from './pods';

const pod = (status: object, meta: object = {}): KObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'default', ...meta },
  status,
});

describe('podStatusText / podTone', () => {
  it('reads phase and readiness', () => {
    const running = pod({
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [{ ready: true, state: { running: {} } }],
    });
    expect(podStatusText(running)).toBe('Running');
    expect(podTone(running)).toBe('ok');
    const notReady = pod({ phase: 'Running', containerStatuses: [{ ready: false, state: { running: {} } }] });
    expect(podTone(notReady)).toBe('progress');
    expect(podStatusText(pod({}))).toBe('Pending');
  });

  it('shows container waiting reasons as kubectl does', () => {
    const p = pod({ phase: 'Running', containerStatuses: [{ state: { waiting: { reason: 'CrashLoopBackOff' } } }] });
    expect(podStatusText(p)).toBe('CrashLoopBackOff');
    expect(podTone(p)).toBe('bad');
    const pulling = pod({ phase: 'Pending', containerStatuses: [{ state: { waiting: { reason: 'ContainerCreating' } } }] });
    expect(podTone(pulling)).toBe('progress');
  });

  it('marks completed and terminating pods', () => {
    const done = pod({ phase: 'Succeeded', containerStatuses: [{ state: { terminated: { reason: 'Completed', exitCode: 0 } } }] });
    expect(podStatusText(done)).toBe('Completed');
    expect(podTone(done)).toBe('done');
    const leaving = pod({ phase: 'Running' }, { deletionTimestamp: '2025-01-15T09:00:00Z' });
    expect(podStatusText(leaving)).toBe('Terminating');
    expect(podTone(leaving)).toBe('leaving');
  });

  it('reports init containers', () => {
    const p = pod({ phase: 'Pending', initContainerStatuses: [{ state: { waiting: { reason: 'PodInitializing' } } }] });
    expect(podStatusText(p)).toBe('Init:0/1');
    expect(podTone(p)).toBe('progress');
  });
});
