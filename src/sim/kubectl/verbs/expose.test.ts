import { describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster';

const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web, tier: front}
spec:
  replicas: 0
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports: [{containerPort: 8080}, {containerPort: 9090, name: metrics}]
`;

function cluster(): Cluster {
  const c = new Cluster({ seed: 4, nodes: 1 });
  c.apply(DEPLOY);
  return c;
}

describe('kubectl expose', () => {
  it('exposes a deployment with its selector and labels', () => {
    const c = cluster();
    expect(c.kubectl('expose deployment web --port=80 --target-port=8080 --type=NodePort').output).toBe('service/web exposed\n');
    const svc = c.get('/Service', 'default', 'web')!;
    expect(svc.metadata.labels).toEqual({ app: 'web', tier: 'front' });
    expect(svc.spec.selector).toEqual({ app: 'web' });
    expect(svc.spec.type).toBe('NodePort');
    expect(svc.spec.ports).toEqual([{ protocol: 'TCP', port: 80, targetPort: 8080, nodePort: svc.spec.ports[0].nodePort }]);
    expect(c.kubectl('expose deployment web --port=80').output).toBe('Error from server (AlreadyExists): services "web" already exists\n');
  });

  it('introspects container ports: several become port-1, port-2', () => {
    const c = cluster();
    expect(c.kubectl('expose deploy/web --name multi').output).toBe('service/multi exposed\n');
    expect(c.get('/Service', 'default', 'multi')!.spec.ports).toEqual([
      { name: 'port-1', protocol: 'TCP', port: 8080, targetPort: 8080 },
      { name: 'port-2', protocol: 'TCP', port: 9090, targetPort: 9090 },
    ]);
    expect(c.kubectl('expose service multi --name again --port 8080 --target-port metrics').output).toBe('service/again exposed\n');
    expect(c.get('/Service', 'default', 'again')!.spec.ports).toEqual([{ protocol: 'TCP', port: 8080, targetPort: 'metrics' }]);
  });

  it('prints kubectl\'s errors', () => {
    const c = cluster();
    c.kubectl('run x --image=nginx');
    c.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bare' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    c.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'noport', labels: { run: 'noport' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    expect(c.kubectl('expose pod noport').output).toBe("error: couldn't find port via --port flag or introspection\n");
    expect(c.kubectl('expose pod bare --port 80').output).toBe("error: couldn't retrieve selectors via --selector flag or introspection: the pod has no labels and cannot be exposed\n");
    expect(c.kubectl('expose deployment nope --port 80').output).toBe('Error from server (NotFound): deployments.apps "nope" not found\n');
    expect(c.kubectl('expose node kubeplay-worker --port 80').output).toBe('error: cannot expose a Node\n');
    expect(c.kubectl('expose').output).toContain('error: You must provide one or more resources by argument or filename.\n');
    expect(c.kubectl('expose deployment').output).toBe('error: resource(s) were provided, but no name was specified\n');
    expect(c.kubectl('expose deployment web --port 80 --session-affinity Sticky').output).toBe('error: unknown session affinity: Sticky\n');
    expect(c.kubectl('expose deployment web --port 80 --type Magic').output).toBe(
      'The Service "web" is invalid: spec.type: Unsupported value: "Magic": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"\n',
    );
  });

  it('dry runs and -o name', () => {
    const c = cluster();
    expect(c.kubectl('expose deployment web --port 80 --dry-run=client').output).toBe('service/web exposed (dry run)\n');
    expect(c.kubectl('expose deployment web --port 80 --dry-run=server').output).toBe('service/web exposed (server dry run)\n');
    expect(c.get('/Service', 'default', 'web')).toBeUndefined();
    expect(c.kubectl('expose deployment web --port 80 -o name').output).toBe('service/web\n');
  });
});
