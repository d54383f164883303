import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import type { KObject } from '../api/types';
import { addFakeNodes, podsOf, setPodFinished } from './job-testutil';
import { eventLines, mustCreate, recordWrites, setPodRunning, TEST_SCHEDULER } from './util/testing';

const SOURCES = ['job-controller'];
const anon = (s: string) => s.replace(/-[bcdfghjklmnpqrstvwxz2456789]{5}\b/g, '-*****');
const events = (c: Cluster) => eventLines(c, 'default', { sources: SOURCES }).map(anon);
/** Writes of the Job `name` and its pods (the system DaemonSets also place pods on the fake node). */
const writesOf = (w: string[], name: string) => w.filter((x) => new RegExp(`/${name}(-[a-z0-9]{5})?$`).test(x)).map(anon);

function job(name: string, spec: Record<string, unknown> = {}, podSpec: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name },
    spec: { template: { spec: { schedulerName: TEST_SCHEDULER, restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl:5.34' }], ...podSpec } }, ...spec },
  };
}

function setup(seed = 7): Cluster {
  const c = new Cluster({ seed, nodes: 0 });
  addFakeNodes(c, 1);
  return c;
}

const get = (c: Cluster, name: string) => c.get('batch/Job', 'default', name)!;

describe('job controller', () => {
  it('creates the pod with the tracking finalizer and labels, and records the status', () => {
    const c = setup();
    const w = recordWrites(c, ['/Pod', 'batch/Job']);
    const j = mustCreate(c, job('pi'));
    c.advance(10);
    expect(writesOf(w.writes, 'pi')).toEqual(['ADDED Job/pi', 'ADDED Pod/pi-*****', 'MODIFIED Job/pi']);
    const [pod] = podsOf(c, 'pi');
    expect(pod.metadata.generateName).toBe('pi-');
    expect(pod.metadata.finalizers).toEqual(['batch.kubernetes.io/job-tracking']);
    expect(pod.metadata.labels).toEqual({
      'batch.kubernetes.io/controller-uid': j.metadata.uid,
      'batch.kubernetes.io/job-name': 'pi',
      'controller-uid': j.metadata.uid,
      'job-name': 'pi',
    });
    expect(pod.metadata.ownerReferences).toEqual([{ apiVersion: 'batch/v1', kind: 'Job', name: 'pi', uid: j.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    const st = get(c, 'pi').status;
    expect(st).toEqual({ active: 1, ready: 0, startTime: st.startTime, terminating: 0, uncountedTerminatedPods: {} });
    expect(events(c)).toEqual(['Normal SuccessfulCreate Job/pi: Created pod: pi-*****']);
  });

  it('completes: SuccessCriteriaMet then Complete (CompletionsReached), the finalizer goes, one second after the pod succeeds', () => {
    const c = setup();
    mustCreate(c, job('pi'));
    c.advance(10);
    setPodRunning(c, podsOf(c, 'pi')[0]);
    c.advance(5000);
    const w = recordWrites(c, ['/Pod', 'batch/Job']);
    setPodFinished(c, podsOf(c, 'pi')[0], 'Succeeded');
    const finishedAt = c.nowMs;
    c.advance(999);
    expect(writesOf(w.writes, 'pi')).toEqual(['MODIFIED Pod/pi-*****']);
    c.advance(10);
    // uncounted → finalizer removed → counted + terminal conditions.
    expect(writesOf(w.writes, 'pi')).toEqual(['MODIFIED Pod/pi-*****', 'MODIFIED Job/pi', 'MODIFIED Pod/pi-*****', 'MODIFIED Job/pi']);
    const st = get(c, 'pi').status;
    expect(st.succeeded).toBe(1);
    expect(st.active).toBeUndefined();
    expect(st.uncountedTerminatedPods).toEqual({});
    expect(st.conditions.map((x: { type: string; reason: string; message: string }) => [x.type, x.reason, x.message])).toEqual([
      ['SuccessCriteriaMet', 'CompletionsReached', 'Reached expected number of succeeded pods'],
      ['Complete', 'CompletionsReached', 'Reached expected number of succeeded pods'],
    ]);
    expect(Date.parse(st.completionTime)).toBe(Math.floor((finishedAt + 1000) / 1000) * 1000);
    expect(podsOf(c, 'pi')[0].metadata.finalizers).toBeUndefined();
    expect(events(c)).toEqual(['Normal SuccessfulCreate Job/pi: Created pod: pi-*****', 'Normal Completed Job/pi: Job completed']);
    expect(c.kubectl('get jobs').output).toMatch(/^NAME\s+STATUS\s+COMPLETIONS\s+DURATION\s+AGE\npi\s+Complete\s+1\/1\s+/);
  });

  it('replaces failed pods after 10 s, 20 s, … and fails past backoffLimit', () => {
    const c = setup();
    mustCreate(c, job('pi', { backoffLimit: 2 }));
    c.advance(10);
    const created: number[] = [];
    c.subscribe((ch) => {
      if (ch.kindKey === '/Pod' && ch.type === 'ADDED') created.push(c.nowMs);
    });
    const failActive = () => {
      for (const p of podsOf(c, 'pi')) if (p.status.phase !== 'Failed') setPodFinished(c, p, 'Failed');
    };
    const t0 = c.nowMs;
    failActive();
    c.advance(60_000);
    failActive();
    c.advance(60_000);
    failActive();
    c.advance(5_000);
    // Back-off from the failure time: 10 s, then 20 s (the sync runs 1 s after the failure).
    expect(created.map((t) => Math.round((t - t0) / 1000))).toEqual([10, 80]);
    const st = get(c, 'pi').status;
    expect(st.failed).toBe(3);
    expect(st.conditions.map((x: { type: string; reason: string }) => `${x.type}/${x.reason}`)).toEqual(['FailureTarget/BackoffLimitExceeded', 'Failed/BackoffLimitExceeded']);
    expect(events(c)).toEqual([
      'Normal SuccessfulCreate Job/pi: Created pod: pi-*****',
      'Normal SuccessfulCreate Job/pi: Created pod: pi-*****',
      'Normal SuccessfulCreate Job/pi: Created pod: pi-*****',
      'Warning BackoffLimitExceeded Job/pi: Job has reached the specified backoff limit',
    ]);
    expect(c.kubectl('get job pi').output).toMatch(/pi\s+Failed\s+0\/1/);
  });

  it('Indexed: names, hostname, index annotation and label, JOB_COMPLETION_INDEX, completedIndexes', () => {
    const c = setup();
    mustCreate(c, job('idx', { completions: 5, parallelism: 5, completionMode: 'Indexed' }));
    c.advance(10);
    const pods = podsOf(c, 'idx').sort((a, b) => Number(a.metadata.annotations!['batch.kubernetes.io/job-completion-index']) - Number(b.metadata.annotations!['batch.kubernetes.io/job-completion-index']));
    expect(pods.map((p) => anon(p.metadata.name!))).toEqual(['idx-0-*****', 'idx-1-*****', 'idx-2-*****', 'idx-3-*****', 'idx-4-*****']);
    expect(pods[2].metadata.generateName).toBe('idx-2-');
    expect(pods[2].spec.hostname).toBe('idx-2');
    expect(pods[2].metadata.labels!['batch.kubernetes.io/job-completion-index']).toBe('2');
    expect(pods[2].spec.containers[0].env).toEqual([
      { name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } } },
    ]);
    for (const i of [0, 1, 2, 4]) setPodFinished(c, pods[i], 'Succeeded');
    c.advance(1100);
    expect(get(c, 'idx').status.completedIndexes).toBe('0-2,4');
    expect(get(c, 'idx').status.succeeded).toBe(4);
    setPodFinished(c, pods[3], 'Failed');
    c.advance(1100);
    const retry = podsOf(c, 'idx').filter((p) => p.status.phase === 'Pending');
    expect(retry).toEqual([]);
    c.advance(10_000);
    const again = podsOf(c, 'idx').filter((p) => p.status.phase === 'Pending');
    expect(again.map((p) => anon(p.metadata.name!))).toEqual(['idx-3-*****']);
    setPodFinished(c, again[0], 'Succeeded');
    c.advance(1100);
    expect(get(c, 'idx').status.completedIndexes).toBe('0-4');
    expect(c.kubectl('get job idx').output).toMatch(/idx\s+Complete\s+5\/5/);
  });

  it('activeDeadlineSeconds: FailureTarget, active pods deleted, then Failed (DeadlineExceeded)', () => {
    const c = setup();
    mustCreate(c, job('slow', { activeDeadlineSeconds: 30 }));
    c.advance(10);
    setPodRunning(c, podsOf(c, 'slow')[0]);
    c.advance(29_000);
    expect(get(c, 'slow').status.conditions).toBeUndefined();
    c.advance(2_000);
    // The pod is terminating on a node whose kubelet is stopped: Failed waits for it to go.
    expect(get(c, 'slow').status.conditions.map((x: { type: string }) => x.type)).toEqual(['FailureTarget']);
    const [terminating] = podsOf(c, 'slow');
    expect(terminating.metadata.deletionTimestamp).toBeDefined();
    c.api.delete(c.kinds.byKind('Pod')!, terminating.metadata.namespace, terminating.metadata.name!, { gracePeriodSeconds: 0 });
    c.advance(2_000);
    const conds = get(c, 'slow').status.conditions;
    expect(conds.map((x: { type: string; reason: string }) => `${x.type}/${x.reason}`)).toEqual(['FailureTarget/DeadlineExceeded', 'Failed/DeadlineExceeded']);
    expect(conds[0].message).toBe('Job was active longer than specified deadline');
    expect(get(c, 'slow').status.failed).toBe(1);
    expect(events(c).slice(1)).toEqual([
      'Normal SuccessfulDelete Job/slow: Deleted pod: slow-*****',
      'Warning DeadlineExceeded Job/slow: Job was active longer than specified deadline',
    ]);
    expect(c.kubectl('get job slow').output).toMatch(/slow\s+Failed\s+0\/1/);
  });

  it('suspend deletes the pods without counting them; resume resets startTime', () => {
    const c = setup();
    mustCreate(c, job('s', { parallelism: 2, completions: 4 }));
    c.advance(10);
    const info = c.kinds.byApiVersionKind('batch/v1', 'Job')!;
    c.api.mutate(info, 'default', 's', (o) => {
      o.spec.suspend = true;
    });
    c.advance(10);
    expect(podsOf(c, 's')).toEqual([]);
    let st = get(c, 's').status;
    expect(st.failed).toBeUndefined();
    expect(st.conditions.map((x: { type: string; status: string; reason: string }) => `${x.type}/${x.status}/${x.reason}`)).toEqual(['Suspended/True/JobSuspended']);
    c.advance(60_000);
    const before = st.startTime;
    c.api.mutate(info, 'default', 's', (o) => {
      o.spec.suspend = false;
    });
    c.advance(10);
    st = get(c, 's').status;
    expect(st.conditions.map((x: { type: string; status: string; reason: string }) => `${x.type}/${x.status}/${x.reason}`)).toEqual(['Suspended/False/JobResumed']);
    expect(Date.parse(st.startTime)).toBeGreaterThan(Date.parse(before));
    expect(podsOf(c, 's')).toHaveLength(2);
    expect(events(c).filter((e) => !e.includes('SuccessfulCreate'))).toEqual([
      'Normal SuccessfulDelete Job/s: Deleted pod: s-*****',
      'Normal SuccessfulDelete Job/s: Deleted pod: s-*****',
      'Normal Suspended Job/s: Job suspended',
      'Normal Resumed Job/s: Job resumed',
    ]);
  });

  it('podFailurePolicy FailJob on an exit code fails the Job at once', () => {
    const c = setup();
    mustCreate(c, job('pfp', { podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { containerName: 'pi', operator: 'In', values: [42] } }] } }));
    c.advance(10);
    setPodFinished(c, podsOf(c, 'pfp')[0], 'Failed', 42);
    c.advance(1100);
    const conds = get(c, 'pfp').status.conditions;
    expect(conds.map((x: { type: string; reason: string }) => `${x.type}/${x.reason}`)).toEqual(['FailureTarget/PodFailurePolicy', 'Failed/PodFailurePolicy']);
    expect(conds[1].message).toMatch(/^Container pi for pod default\/pfp-\w+ failed with exit code 42 matching FailJob rule at index 0$/);
  });

  it('ttlSecondsAfterFinished deletes the finished Job (Foreground), then its pods go', () => {
    const c = setup();
    mustCreate(c, job('ttl', { ttlSecondsAfterFinished: 30 }));
    c.advance(10);
    setPodFinished(c, podsOf(c, 'ttl')[0], 'Succeeded');
    c.advance(1100);
    expect(get(c, 'ttl').status.conditions.at(-1).type).toBe('Complete');
    c.advance(28_000);
    expect(get(c, 'ttl')).toBeDefined();
    c.advance(2_000);
    expect(c.get('batch/Job', 'default', 'ttl')).toBeUndefined();
    expect(podsOf(c, 'ttl')).toEqual([]);
  });

  it('removes the tracking finalizer of pods whose Job was deleted', () => {
    const c = setup();
    mustCreate(c, job('gone'));
    c.advance(10);
    const [pod] = podsOf(c, 'gone');
    c.api.delete(c.kinds.byApiVersionKind('batch/v1', 'Job')!, 'default', 'gone', { propagationPolicy: 'Orphan' });
    c.advance(100);
    expect(c.get('/Pod', 'default', pod.metadata.name!)?.metadata.finalizers).toBeUndefined();
  });

  it('survives snapshot and restore mid back-off', () => {
    const run = (restore: boolean) => {
      let c = setup(11);
      mustCreate(c, job('pi', { backoffLimit: 3 }));
      c.advance(10);
      setPodFinished(c, podsOf(c, 'pi')[0], 'Failed');
      c.advance(5_000);
      if (restore) c = Cluster.restore(c.snapshot());
      c.advance(30_000);
      return JSON.stringify([podsOf(c, 'pi').map((p) => [p.metadata.name, p.metadata.creationTimestamp]), get(c, 'pi').status]);
    };
    expect(run(true)).toBe(run(false));
  });
});
