import { describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster';
import { mustCreate, TEST_SCHEDULER } from '../../controllers/util/testing';
import type { KObject } from '../../api/types';

function web(): KObject {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
    spec: {
      replicas: 1, selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          schedulerName: TEST_SCHEDULER,
          initContainers: [{ name: 'init', image: 'busybox' }],
          containers: [{ name: 'nginx', image: 'nginx:1.27', env: [{ name: 'A', value: '1' }] }, { name: 'side', image: 'busybox' }],
        },
      },
    },
  };
}

function setup(): Cluster {
  const c = new Cluster({ seed: 3 });
  mustCreate(c, web());
  mustCreate(c, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { 'log-level': 'debug', 'db.host': 'db' } } as KObject);
  c.advance(1000);
  return c;
}

const containers = (c: Cluster) => c.get('apps/Deployment', 'default', 'web')!.spec.template.spec.containers as { name: string; env?: unknown[]; resources?: unknown }[];
const out = (c: Cluster, line: string) => c.kubectl(line).output.trimEnd();

describe('kubectl set env', () => {
  it('sets, replaces in place and removes variables in the selected containers', () => {
    const c = setup();
    expect(out(c, 'set env deployment/web -c nginx B=2 A=3')).toBe('deployment.apps/web env updated');
    expect(containers(c)[0].env).toEqual([{ name: 'A', value: '3' }, { name: 'B', value: '2' }]);
    expect(containers(c)[1].env).toBeUndefined();
    expect(out(c, 'set env deployment/web -c nginx B=2')).toBe('');
    expect(out(c, 'set env deployment/web A-')).toBe('deployment.apps/web env updated');
    expect(containers(c)[0].env).toEqual([{ name: 'B', value: '2' }]);
    expect(out(c, 'set env deployment/web -c "s*" -e X=a,b')).toBe('deployment.apps/web env updated');
    expect(containers(c)[1].env).toEqual([{ name: 'X', value: 'a,b' }]);
  });

  it('imports a config map as valueFrom references, with --prefix and --keys', () => {
    const c = setup();
    expect(out(c, 'set env deployment/web -c nginx --from=configmap/cfg --prefix=APP_ --keys=db.host')).toBe('deployment.apps/web env updated');
    expect(containers(c)[0].env).toEqual([
      { name: 'A', value: '1' },
      { name: 'APP_DB_HOST', valueFrom: { configMapKeyRef: { key: 'db.host', name: 'cfg' } } },
    ]);
    expect(out(c, 'set env deployment/web -c nginx --list')).toBe('# Deployment web, container nginx\nA=1\n# APP_DB_HOST from configmap cfg, key db.host');
    expect(out(c, 'set env deployment/web -c nginx --list --resolve')).toBe('# Deployment web, container nginx\nA=1\nAPP_DB_HOST=db');
  });

  it('lists the init containers after the containers', () => {
    const c = setup();
    expect(out(c, 'set env deployment/web --list')).toBe('# Deployment web, container nginx\nA=1\n# Deployment web, container side\n# Deployment web, container init');
  });

  it('reports kubectl errors', () => {
    const c = setup();
    expect(out(c, 'set env deployment/web A=2 --overwrite=false')).toBe("error: deployment.apps/web\n 'A' already has a value (1), and --overwrite is false");
    expect(out(c, 'set env A=2 deployment/web')).toBe('error: all resources must be specified before environment changes: A=2 deployment/web');
    expect(out(c, 'set env deployment/web A=2 A-')).toBe('error: can not both modify and remove the same environment variable in the same command');
    expect(out(c, 'set env deployment/web --keys=a')).toBe('error: when specifying --keys, a configmap or secret must be provided with --from');
    expect(out(c, 'set env deployment/web --list -o yaml')).toBe('error: --list and --output may not be specified together');
    expect(out(c, 'set env')).toBe('error: one or more resources must be specified as <resource> <name> or <resource>/<name>');
    expect(out(c, 'set env deployment/web -c nope A=1')).toBe('Warning: Deployment/web does not have any containers matching "nope"');
    expect(out(c, 'set env configmap/cfg A=1')).toBe('error: configmap/cfg the object is not a pod or does not have a pod template: *v1.ConfigMap');
    expect(out(c, 'set env deployment/web --from=deployment/web')).toBe('error: unsupported resource specified in --from');
  });

  it('dry runs write nothing', () => {
    const c = setup();
    expect(out(c, 'set env deployment/web C=1 --dry-run=client')).toBe('deployment.apps/web env updated (dry run)');
    expect(out(c, 'set env deployment/web C=1 --dry-run=server')).toBe('deployment.apps/web env updated (server dry run)');
    expect(containers(c)[0].env).toEqual([{ name: 'A', value: '1' }]);
  });
});

describe('kubectl set resources', () => {
  it('sets limits and requests in canonical form on the selected containers', () => {
    const c = setup();
    expect(out(c, 'set resources deployment web -c nginx --limits=cpu=0.5,memory=1024Mi --requests=cpu=100m')).toBe('deployment.apps/web resource requirements updated');
    expect(containers(c)[0].resources).toEqual({ limits: { cpu: '500m', memory: '1Gi' }, requests: { cpu: '100m' } });
    expect(containers(c)[1].resources).toBeUndefined();
    expect(out(c, 'set resources deployment web -c nginx --limits=cpu=500m')).toBe('');
  });

  it('reports kubectl errors', () => {
    const c = setup();
    expect(out(c, 'set resources deployment web')).toBe('error: you must specify an update to requests or limits (in the form of --requests/--limits)');
    expect(out(c, 'set resources deployment web --limits=cpu')).toBe('error: Invalid argument syntax cpu, expected <resource>=<value>');
    expect(out(c, 'set resources deployment web --limits=cpu=x')).toBe("error: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
    expect(out(c, 'set resources deployment web -c nope --limits=cpu=1')).toBe('error: unable to find container named nope');
    expect(out(c, 'set resources deployment --limits=cpu=1')).toBe('error: resource(s) were provided, but no name was specified');
    expect(out(c, 'set resources deployment web --all -l a=b --limits=cpu=1')).toMatch(/^error: /);
    expect(out(c, 'set resources deployment web -c nginx --limits=cpu=100m --requests=cpu=1')).toBe(
      'error: failed to patch resources update to pod template Deployment.apps "web" is invalid: spec.template.spec.containers[0].resources.requests: Invalid value: "1": must be less than or equal to cpu limit of 100m',
    );
  });
});

describe('kubectl create job --from', () => {
  it('instantiates the CronJob template with the manual annotation and a controller reference', () => {
    const c = setup();
    mustCreate(c, {
      apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'cj' },
      spec: {
        schedule: '0 0 * * *',
        jobTemplate: {
          metadata: { labels: { app: 'cj' }, annotations: { note: 'x' } },
          spec: { template: { spec: { schedulerName: TEST_SCHEDULER, restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } },
        },
      },
    } as KObject);
    expect(out(c, 'create job manual --from=cronjob/cj')).toBe('job.batch/manual created');
    const job = c.get('batch/Job', 'default', 'manual')!;
    const cj = c.get('batch/CronJob', 'default', 'cj')!;
    expect(job.metadata.annotations).toEqual({ 'cronjob.kubernetes.io/instantiate': 'manual', note: 'x' });
    expect(job.metadata.labels?.app).toBe('cj');
    expect(job.metadata.ownerReferences).toEqual([{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'cj', uid: cj.metadata.uid, controller: true }]);
    expect(job.spec.template.spec.containers[0].image).toBe('busybox');
    expect(out(c, 'create job x --from=cronjob/nope')).toBe('Error from server (NotFound): cronjobs.batch "nope" not found');
    expect(out(c, 'create job x --from=cronjob/cj --image=busybox')).toBe('error: either --image or --from must be specified');
    expect(out(c, 'create job x')).toBe('error: either --image or --from must be specified');
    expect(out(c, 'create job x --from=cronjob/cj -- echo hi')).toBe('error: cannot specify --from and command');
  });
});
