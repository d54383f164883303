import { describe, expect, it } from 'vitest';
import { printTable } from './table';
import { NOW, ago, kind, lines, obj } from './testutil';

const podSpec = { containers: [{ name: 'nginx', image: 'nginx:1.27' }, { name: 'sidecar', image: 'busybox' }] };
const tmpl = { metadata: { labels: { app: 'web' } }, spec: podSpec };
const opts = { nowMs: NOW };
const wide = { nowMs: NOW, wide: true };

describe('workload tables', () => {
  it('deployments', () => {
    const d = obj('apps/v1', 'Deployment', 'web', {
      spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: tmpl },
      status: { replicas: 3, updatedReplicas: 3, readyReplicas: 2, availableReplicas: 2 },
    }, { creationTimestamp: ago(7 * 3600 + 5 * 60) });
    expect(printTable(kind('Deployment'), [d], opts)).toBe(lines(
      'NAME   READY   UP-TO-DATE   AVAILABLE   AGE',
      'web    2/3     3            2           7h5m',
    ));
    expect(printTable(kind('Deployment'), [d], { ...wide, withKind: true })).toBe(lines(
      'NAME                  READY   UP-TO-DATE   AVAILABLE   AGE    CONTAINERS      IMAGES               SELECTOR',
      'deployment.apps/web   2/3     3            2           7h5m   nginx,sidecar   nginx:1.27,busybox   app=web',
    ));
  });

  it('replicasets and replicationcontrollers', () => {
    const rs = obj('apps/v1', 'ReplicaSet', 'web-7c5ddbdf54', {
      spec: { replicas: 3, selector: { matchLabels: { app: 'web', 'pod-template-hash': '7c5ddbdf54' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['fe', 'be'] }] }, template: tmpl },
      status: { replicas: 3, readyReplicas: 3 },
    }, { creationTimestamp: ago(47 * 3600) });
    expect(printTable(kind('ReplicaSet'), [rs], wide)).toBe(lines(
      'NAME             DESIRED   CURRENT   READY   AGE   CONTAINERS      IMAGES               SELECTOR',
      'web-7c5ddbdf54   3         3         3       47h   nginx,sidecar   nginx:1.27,busybox   app=web,pod-template-hash=7c5ddbdf54,tier in (be,fe)',
    ));
    const rc = obj('v1', 'ReplicationController', 'kubia', { spec: { replicas: 3, selector: { app: 'kubia' }, template: tmpl }, status: { replicas: 2 } });
    expect(printTable(kind('ReplicationController'), [rc], wide)).toBe(lines(
      'NAME    DESIRED   CURRENT   READY   AGE   CONTAINERS      IMAGES               SELECTOR',
      'kubia   3         2         0       5m    nginx,sidecar   nginx:1.27,busybox   app=kubia',
    ));
  });

  it('statefulsets and daemonsets', () => {
    const sts = obj('apps/v1', 'StatefulSet', 'web', { spec: { replicas: 2, template: tmpl }, status: { readyReplicas: 1 } }, { creationTimestamp: ago(119) });
    expect(printTable(kind('StatefulSet'), [sts], wide)).toBe(lines(
      'NAME   READY   AGE    CONTAINERS      IMAGES',
      'web    1/2     119s   nginx,sidecar   nginx:1.27,busybox',
    ));
    const ds = obj('apps/v1', 'DaemonSet', 'fluentd', {
      spec: { selector: { matchLabels: { name: 'fluentd' } }, template: { spec: { ...podSpec, nodeSelector: { 'kubernetes.io/os': 'linux' } } } },
      status: { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 2, updatedNumberScheduled: 3, numberAvailable: 2 },
    }, { namespace: 'kube-system', creationTimestamp: ago(3 * 86400 + 4 * 3600) });
    expect(printTable(kind('DaemonSet'), [ds], opts)).toBe(lines(
      'NAME      DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR            AGE',
      'fluentd   3         3         2       3            2           kubernetes.io/os=linux   3d4h',
    ));
  });

  it('jobs: status, completions, duration', () => {
    const base = { selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u1' } }, template: { spec: { containers: [{ name: 'pi', image: 'perl' }] } } };
    const done = obj('batch/v1', 'Job', 'pi', {
      spec: { ...base, completions: 1, parallelism: 1 },
      status: { startTime: ago(240), completionTime: ago(240 - 47), succeeded: 1, conditions: [{ type: 'Complete', status: 'True' }] },
    });
    const running = obj('batch/v1', 'Job', 'work-queue', { spec: { ...base, parallelism: 3 }, status: { startTime: ago(303), active: 3 } });
    const failed = obj('batch/v1', 'Job', 'fails', {
      spec: { ...base, completions: 5, parallelism: 2 },
      status: { startTime: ago(100), failed: 7, conditions: [{ type: 'Failed', status: 'True' }] },
    });
    const suspended = obj('batch/v1', 'Job', 'later', { spec: { ...base, suspend: true }, status: { conditions: [{ type: 'Suspended', status: 'True' }] } });
    expect(printTable(kind('Job'), [done, running, failed, suspended], opts)).toBe(lines(
      'NAME         STATUS      COMPLETIONS   DURATION   AGE',
      'pi           Complete    1/1           47s        5m',
      'work-queue   Running     0/1 of 3      5m3s       5m',
      'fails        Failed      0/5           100s       5m',
      'later        Suspended   0/1                      5m',
    ));
    expect(printTable(kind('Job'), [done], wide)).toBe(lines(
      'NAME   STATUS     COMPLETIONS   DURATION   AGE   CONTAINERS   IMAGES   SELECTOR',
      'pi     Complete   1/1           47s        5m    pi           perl     batch.kubernetes.io/controller-uid=u1',
    ));
  });

  it('cronjobs', () => {
    const jobTemplate = { spec: { template: { spec: { containers: [{ name: 'hello', image: 'busybox:1.28' }] } } } };
    const cj = obj('batch/v1', 'CronJob', 'hello', { spec: { schedule: '*/1 * * * *', suspend: false, jobTemplate }, status: { active: [{ name: 'hello-1' }], lastScheduleTime: ago(45) } });
    const tz = obj('batch/v1', 'CronJob', 'nightly', { spec: { schedule: '0 3 * * *', timeZone: 'Europe/Paris', suspend: true, jobTemplate }, status: {} }, { creationTimestamp: ago(364 * 86400) });
    expect(printTable(kind('CronJob'), [cj, tz], opts)).toBe(lines(
      'NAME      SCHEDULE      TIMEZONE       SUSPEND   ACTIVE   LAST SCHEDULE   AGE',
      'hello     */1 * * * *   <none>         False     1        45s             5m',
      'nightly   0 3 * * *     Europe/Paris   True      0        <none>          364d',
    ));
    expect(printTable(kind('CronJob'), [cj], wide)).toBe(lines(
      'NAME    SCHEDULE      TIMEZONE   SUSPEND   ACTIVE   LAST SCHEDULE   AGE   CONTAINERS   IMAGES         SELECTOR',
      'hello   */1 * * * *   <none>     False     1        45s             5m    hello        busybox:1.28   <none>',
    ));
  });

  it('controllerrevisions, hpa, pdb', () => {
    const cr = obj('apps/v1', 'ControllerRevision', 'web-5d9c7b8f4', { revision: 2 }, {
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'u', controller: true }],
    });
    expect(printTable(kind('ControllerRevision'), [cr], opts)).toBe(lines(
      'NAME            CONTROLLER             REVISION   AGE',
      'web-5d9c7b8f4   statefulset.apps/web   2          5m',
    ));
    const hpa = obj('autoscaling/v2', 'HorizontalPodAutoscaler', 'php-apache', {
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'php-apache' }, minReplicas: 1, maxReplicas: 10,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
      },
      status: { currentReplicas: 1, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 0, averageValue: '1m' } } }] },
    });
    const fresh = obj('autoscaling/v2', 'HorizontalPodAutoscaler', 'web', {
      spec: {
        scaleTargetRef: { kind: 'Deployment', name: 'web' }, maxReplicas: 5,
        metrics: [
          { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } },
          { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '100Mi' } } },
          { type: 'Pods', pods: { metric: { name: 'qps' }, target: { type: 'AverageValue', averageValue: '1k' } } },
        ],
      },
      status: {},
    });
    expect(printTable(kind('HorizontalPodAutoscaler'), [hpa, fresh], opts)).toBe(lines(
      'NAME         REFERENCE               TARGETS                                                   MINPODS   MAXPODS   REPLICAS   AGE',
      'php-apache   Deployment/php-apache   cpu: 0%/50%                                               1         10        1          5m',
      'web          Deployment/web          cpu: <unknown>/80%, memory: <unknown>/100Mi + 1 more...   <unset>   5         0          5m',
    ));
    const pdb = obj('policy/v1', 'PodDisruptionBudget', 'zk-pdb', { spec: { minAvailable: 2 }, status: { disruptionsAllowed: 1 } });
    const pdb2 = obj('policy/v1', 'PodDisruptionBudget', 'web', { spec: { maxUnavailable: '25%' }, status: { disruptionsAllowed: 0 } });
    expect(printTable(kind('PodDisruptionBudget'), [pdb, pdb2], opts)).toBe(lines(
      'NAME     MIN AVAILABLE   MAX UNAVAILABLE   ALLOWED DISRUPTIONS   AGE',
      'zk-pdb   2               N/A               1                     5m',
      'web      N/A             25%               0                     5m',
    ));
  });
});
