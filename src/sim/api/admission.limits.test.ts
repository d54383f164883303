import { describe, expect, it } from 'vitest';
import { Cluster } from '../cluster';
import { isStatus, type KObject, type Status } from './types';

describe("kubeplay's simulation limits admission", () => {
  const tmpl = { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } };
  it('refuses workloads asking for more than 150,000 pods, naming the field', () => {
    const c = new Cluster({ seed: 1 });
    const d = c.api.create({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'big' }, spec: { replicas: 150_001, selector: { matchLabels: { app: 'x' } }, template: tmpl } }) as Status;
    expect(isStatus(d)).toBe(true);
    expect(d.message).toBe('deployments.apps "big" is forbidden: spec.replicas: 150001: kubeplay simulates at most 150000 pods (the documented limit of a Kubernetes cluster)');
    const j = c.api.create({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { parallelism: 1, completions: 200_000, template: { ...tmpl, spec: { ...tmpl.spec, restartPolicy: 'Never' } } } }) as Status;
    expect(j.message).toBe('jobs.batch "j" is forbidden: spec.completions: 200000: kubeplay simulates at most 150000 pods (the documented limit of a Kubernetes cluster)');
    const ok = c.api.create({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'fine' }, spec: { replicas: 150_000, selector: { matchLabels: { app: 'x' } }, template: tmpl } }) as KObject;
    expect(isStatus(ok)).toBe(false);
  });
});
