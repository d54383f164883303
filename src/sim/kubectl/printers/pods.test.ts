import { describe, expect, it } from 'vitest';
import type { KObject } from '../../api/types';
import { podSummary } from './columns/pods';
import { printTable } from './table';
import { NOW, ago, kind, lines } from './testutil';

type Json = Record<string, unknown>;

function pod(status: Json, spec: Json = {}, meta: Json = {}): KObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default', creationTimestamp: ago(600), ...meta },
    spec: { containers: [{ name: 'web', image: 'nginx' }], ...spec },
    status,
  } as KObject;
}

const running = (ready: boolean, extra: Json = {}): Json => ({
  name: 'web', ready, restartCount: 0, started: true, state: { running: { startedAt: ago(500) } }, ...extra,
});
const waiting = (reason: string, extra: Json = {}): Json => ({ name: 'web', ready: false, restartCount: 0, state: { waiting: { reason } }, ...extra });
const terminated = (reason: string | undefined, exitCode: number, extra: Json = {}): Json => ({
  name: 'web', ready: false, restartCount: 0, state: { terminated: { exitCode, ...(reason ? { reason } : {}), finishedAt: ago(10) } }, ...extra,
});
const summary = (p: KObject) => podSummary(p, NOW);

describe('pod STATUS / READY / RESTARTS', () => {
  it('Pending before scheduling', () => {
    expect(summary(pod({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] })))
      .toEqual({ ready: '0/1', status: 'Pending', restarts: '0' });
  });
  it('SchedulingGated', () => {
    expect(summary(pod({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] })).status)
      .toBe('SchedulingGated');
  });
  it.each(['ContainerCreating', 'ErrImagePull', 'ImagePullBackOff', 'CreateContainerConfigError'])('waiting: %s', (reason) => {
    expect(summary(pod({ phase: 'Pending', containerStatuses: [waiting(reason)] }))).toEqual({ ready: '0/1', status: reason, restarts: '0' });
  });
  it('Running, ready and not ready', () => {
    expect(summary(pod({ phase: 'Running', containerStatuses: [running(true)] }))).toEqual({ ready: '1/1', status: 'Running', restarts: '0' });
    expect(summary(pod({ phase: 'Running', containerStatuses: [running(false)] }))).toEqual({ ready: '0/1', status: 'Running', restarts: '0' });
  });
  it('CrashLoopBackOff with the time since the last restart', () => {
    const cs = waiting('CrashLoopBackOff', { restartCount: 5, lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(303) } } });
    expect(summary(pod({ phase: 'Running', containerStatuses: [cs] }))).toEqual({ ready: '0/1', status: 'CrashLoopBackOff', restarts: '5 (5m3s ago)' });
  });
  it('Error / OOMKilled / ExitCode / Signal between restarts', () => {
    expect(summary(pod({ phase: 'Running', containerStatuses: [terminated('Error', 1)] })).status).toBe('Error');
    expect(summary(pod({ phase: 'Running', containerStatuses: [terminated('OOMKilled', 137)] })).status).toBe('OOMKilled');
    expect(summary(pod({ phase: 'Running', containerStatuses: [terminated(undefined, 3)] })).status).toBe('ExitCode:3');
    expect(summary(pod({ phase: 'Running', containerStatuses: [terminated(undefined, 0, { state: { terminated: { exitCode: 0, signal: 9 } } })] })).status).toBe('Signal:9');
  });
  it('Completed job pod', () => {
    expect(summary(pod({ phase: 'Succeeded', containerStatuses: [terminated('Completed', 0)] }))).toEqual({ ready: '0/1', status: 'Completed', restarts: '0' });
  });
  it('Completed with another container still running: Running if Ready, else NotReady', () => {
    const spec = { containers: [{ name: 'a' }, { name: 'b' }] };
    const statuses = [{ ...running(true), name: 'a' }, { ...terminated('Completed', 0), name: 'b' }];
    expect(summary(pod({ phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: statuses }, spec)))
      .toEqual({ ready: '1/2', status: 'Running', restarts: '0' });
    expect(summary(pod({ phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }], containerStatuses: statuses }, spec)).status)
      .toBe('NotReady');
  });
  it('the first container in spec order decides', () => {
    const spec = { containers: [{ name: 'a' }, { name: 'b' }] };
    const statuses = [{ ...waiting('CrashLoopBackOff'), name: 'a' }, { ...running(true), name: 'b' }];
    expect(summary(pod({ phase: 'Running', containerStatuses: statuses }, spec))).toEqual({ ready: '1/2', status: 'CrashLoopBackOff', restarts: '0' });
  });
  it('Terminating, except for finished pods; Unknown for NodeLost', () => {
    const meta = { deletionTimestamp: ago(-30) };
    expect(summary(pod({ phase: 'Running', containerStatuses: [running(true)] }, {}, meta)).status).toBe('Terminating');
    expect(summary(pod({ phase: 'Succeeded', containerStatuses: [terminated('Completed', 0)] }, {}, meta)).status).toBe('Completed');
    expect(summary(pod({ phase: 'Running', reason: 'NodeLost', containerStatuses: [running(true)] }, {}, meta)).status).toBe('Unknown');
  });
  it('Evicted (status.reason)', () => {
    expect(summary(pod({ phase: 'Failed', reason: 'Evicted' })).status).toBe('Evicted');
  });
  describe('init containers', () => {
    const spec = { initContainers: [{ name: 'init-a' }, { name: 'init-b' }] };
    it('Init:i/n while initializing', () => {
      const st = [
        { name: 'init-a', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } },
        { name: 'init-b', ready: false, restartCount: 0, state: { running: {} } },
      ];
      expect(summary(pod({ phase: 'Pending', initContainerStatuses: st, containerStatuses: [waiting('PodInitializing')] }, spec)))
        .toEqual({ ready: '0/1', status: 'Init:1/2', restarts: '0' });
      const st0 = [{ name: 'init-a', state: { waiting: { reason: 'PodInitializing' } } }, { name: 'init-b', state: { waiting: { reason: 'PodInitializing' } } }];
      expect(summary(pod({ phase: 'Pending', initContainerStatuses: st0 }, spec)).status).toBe('Init:0/2');
    });
    it('Init:CrashLoopBackOff, Init:Error, Init:ExitCode, Init:Signal', () => {
      const st = (s: Json) => [{ name: 'init-a', restartCount: 3, state: s, lastState: { terminated: { exitCode: 1, finishedAt: ago(45) } } }];
      const p = pod({ phase: 'Pending', initContainerStatuses: st({ waiting: { reason: 'CrashLoopBackOff' } }) }, spec);
      expect(summary(p)).toEqual({ ready: '0/1', status: 'Init:CrashLoopBackOff', restarts: '3 (45s ago)' });
      expect(summary(pod({ phase: 'Pending', initContainerStatuses: st({ terminated: { exitCode: 1, reason: 'Error' } }) }, spec)).status).toBe('Init:Error');
      expect(summary(pod({ phase: 'Pending', initContainerStatuses: st({ terminated: { exitCode: 2 } }) }, spec)).status).toBe('Init:ExitCode:2');
      expect(summary(pod({ phase: 'Pending', initContainerStatuses: st({ terminated: { exitCode: 2, signal: 15 } }) }, spec)).status).toBe('Init:Signal:15');
    });
    it('a started sidecar counts as initialized and towards READY', () => {
      const sidecarSpec = { initContainers: [{ name: 'proxy', restartPolicy: 'Always' }] };
      const st = [{ name: 'proxy', ready: true, started: true, restartCount: 2, state: { running: {} }, lastState: { terminated: { exitCode: 1, finishedAt: ago(7 * 3600 + 300) } } }];
      const p = pod({ phase: 'Running', conditions: [{ type: 'Initialized', status: 'True' }], initContainerStatuses: st, containerStatuses: [running(true)] }, sidecarSpec);
      expect(summary(p)).toEqual({ ready: '2/2', status: 'Running', restarts: '2 (7h5m ago)' });
    });
  });
});

describe('kubectl get pods', () => {
  const web = pod({ phase: 'Running', podIP: '10.244.1.5', podIPs: [{ ip: '10.244.1.5' }], containerStatuses: [running(true)] }, { nodeName: 'node-1' }, { name: 'web-7c5ddbdf54-x8kqz', labels: { app: 'web', 'pod-template-hash': '7c5ddbdf54' } });
  const pending = pod({ phase: 'Pending' }, { readinessGates: [{ conditionType: 'example.com/gate' }] }, { name: 'db-0', creationTimestamp: ago(45) });
  it('default columns', () => {
    expect(printTable(kind('Pod'), [web, pending], { nowMs: NOW })).toBe(lines(
      'NAME                   READY   STATUS    RESTARTS   AGE',
      'web-7c5ddbdf54-x8kqz   1/1     Running   0          10m',
      'db-0                   0/1     Pending   0          45s',
    ));
  });
  it('-o wide', () => {
    expect(printTable(kind('Pod'), [web, pending], { nowMs: NOW, wide: true })).toBe(lines(
      'NAME                   READY   STATUS    RESTARTS   AGE   IP           NODE     NOMINATED NODE   READINESS GATES',
      'web-7c5ddbdf54-x8kqz   1/1     Running   0          10m   10.244.1.5   node-1   <none>           <none>',
      'db-0                   0/1     Pending   0          45s   <none>       <none>   <none>           0/1',
    ));
  });
  it('-A, --show-labels, -L, kind prefix, --no-headers', () => {
    expect(printTable(kind('Pod'), [web], { nowMs: NOW, withNamespace: true, withKind: true, showLabels: true, labelColumns: ['app', 'app.kubernetes.io/version'] })).toBe(lines(
      'NAMESPACE   NAME                       READY   STATUS    RESTARTS   AGE   APP   VERSION   LABELS',
      'default     pod/web-7c5ddbdf54-x8kqz   1/1     Running   0          10m   web             app=web,pod-template-hash=7c5ddbdf54',
    ));
    expect(printTable(kind('Pod'), [pending], { nowMs: NOW, noHeaders: true, showLabels: true })).toBe(lines('db-0   0/1   Pending   0     45s   <none>'));
  });
  it('prints nothing for no pods', () => {
    expect(printTable(kind('Pod'), [], { nowMs: NOW })).toBe('');
  });
});
