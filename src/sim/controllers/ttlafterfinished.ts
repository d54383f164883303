// The TTL-after-finished controller (pkg/controller/ttlafterfinished/ttlafterfinished_controller.go):
// a finished Job with `spec.ttlSecondsAfterFinished` is deleted (Foreground, uid precondition)
// that many seconds after its Complete/Failed condition's lastTransitionTime. It records no events.

import type { StoredChange } from '../api/store';
import { isStatus, type KObject } from '../api/types';
import { parseTime } from '../core/time';
import type { Component, ComponentHost } from '../host';
import type { Controller } from './manager';
import { DelayingQueue } from './job-delayqueue';
import { isJobFinished, type JobCondition } from './job-conditions';

export const TTL_AFTER_FINISHED_CONTROLLER = 'ttl-after-finished-controller';

function needsCleanup(job: KObject): boolean {
  return typeof job.spec?.ttlSecondsAfterFinished === 'number' && isJobFinished(job);
}

/** `jobFinishTime`: lastTransitionTime of the True Complete or Failed condition. */
export function jobFinishTime(job: KObject): number | undefined {
  const c = (job.status?.conditions ?? []).find((x: JobCondition) => (x.type === 'Complete' || x.type === 'Failed') && x.status === 'True');
  return parseTime(c?.lastTransitionTime);
}

export class TTLAfterFinishedController implements Controller {
  readonly name = TTL_AFTER_FINISHED_CONTROLLER;
  readonly kinds = ['batch/Job'];
  readonly queue: DelayingQueue;

  constructor(private readonly host: ComponentHost) {
    this.queue = new DelayingQueue(host, TTL_AFTER_FINISHED_CONTROLLER, 'ttl.expire', true);
  }

  keysFor(change: StoredChange): readonly string[] {
    if (change.kindKey !== 'batch/Job' || change.type === 'DELETED') return [];
    const job = change.object;
    if (job.metadata.deletionTimestamp || !needsCleanup(job)) return [];
    return [`${job.metadata.namespace}/${job.metadata.name}`];
  }

  /** `processTTL`: whether the TTL has expired; requeues at expiry otherwise. */
  private expired(key: string, job: KObject): boolean {
    if (job.metadata.deletionTimestamp || !needsCleanup(job)) return false;
    const finishAt = jobFinishTime(job);
    if (finishAt === undefined) return false;
    const remaining = finishAt + job.spec.ttlSecondsAfterFinished * 1000 - this.host.now();
    if (remaining <= 0) return true;
    this.queue.addAfter(key, remaining);
    return false;
  }

  sync(key: string): void {
    const i = key.indexOf('/');
    const ns = key.slice(0, i);
    const name = key.slice(i + 1);
    const job = this.host.store.get('batch/Job', ns, name);
    if (!job || !this.expired(key, job)) return;
    const info = this.host.kinds.byApiVersionKind('batch/v1', 'Job')!;
    const fresh = this.host.api.get(info, ns, name);
    if (isStatus(fresh) || !this.expired(key, fresh)) return;
    this.host.api.delete(info, ns, name, { propagationPolicy: 'Foreground', preconditions: { uid: fresh.metadata.uid } });
  }
}

export function createTTLAfterFinishedController(): Component {
  return {
    name: TTL_AFTER_FINISHED_CONTROLLER,
    install(host) {
      const c = new TTLAfterFinishedController(host);
      host.registerController(c);
      host.registerState(TTL_AFTER_FINISHED_CONTROLLER, c.queue);
    },
  };
}
