import { describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster';

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.27
`;

function setup(files: Record<string, string>) {
  const c = new Cluster({});
  const io = { readFile: (p: string) => files[p] };
  return { c, run: (line: string) => c.kubectl(line, io) };
}

describe('kubectl diff', () => {
  it('exits 0 without output when applying would change nothing', () => {
    const { run } = setup({ 'web.yaml': WEB });
    expect(run('kubectl apply -f web.yaml').exitCode).toBe(0);
    expect(run('kubectl diff -f web.yaml')).toMatchObject({ output: '', exitCode: 0 });
  });

  it('prints diff -u -N of the LIVE and MERGED directories and exits 1', () => {
    const { run } = setup({ 'web.yaml': WEB, 'web2.yaml': WEB.replace('replicas: 2', 'replicas: 5') });
    run('kubectl apply -f web.yaml');
    const r = run('kubectl diff -f web2.yaml');
    expect(r.exitCode).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^diff -u -N \/tmp\/LIVE-\d+\/apps\.v1\.Deployment\.default\.web \/tmp\/MERGED-\d+\/apps\.v1\.Deployment\.default\.web$/);
    expect(lines[1]).toMatch(/^--- \/tmp\/LIVE-\d+\/apps\.v1\.Deployment\.default\.web\t\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{9} \+0000$/);
    expect(lines[2]).toMatch(/^\+\+\+ \/tmp\/MERGED-\d+\/apps\.v1\.Deployment\.default\.web\t/);
    expect(r.stdout).toContain('\n-  replicas: 2\n+  replicas: 5\n');
    expect(r.stdout).toMatch(/\n-  generation: (\d+)\n\+  generation: \d+\n/);
    // Nothing was stored.
    expect(run('kubectl get deploy web -o jsonpath={.spec.replicas}').stdout).toBe('2\n');
  });

  it('shows a new object against an empty LIVE file, secrets masked', () => {
    const secret = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  password: c2VjcmV0\n';
    const { run } = setup({ 's.yaml': secret, 's2.yaml': secret.replace('c2VjcmV0', 'b3RoZXI=') });
    const r = run('kubectl diff -f s.yaml');
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/\n--- \/tmp\/LIVE-\d+\/v1\.Secret\.default\.s\t1970-01-01 00:00:00\.000000000 \+0000\n/);
    expect(r.stdout).toContain('@@ -0,0 +1,');
    expect(r.stdout).toContain('+  password: \'***\'');
    // (As with kubectl, the last-applied annotation still holds the manifest's data.)
    expect(r.stdout).not.toContain('password: c2VjcmV0');
    run('kubectl apply -f s.yaml');
    const changed = run('kubectl diff -f s2.yaml').stdout;
    expect(changed).toContain("-  password: '*** (before)'\n+  password: '*** (after)'");
  });

  it('reports errors with exit status 2 and no diff', () => {
    const { run } = setup({ 'bad.yaml': WEB.replace('image: nginx:1.27', 'image: ""') });
    const r = run('kubectl diff -f bad.yaml');
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('The Deployment "web" is invalid: spec.template.spec.containers[0].image: Required value');
    expect(run('kubectl diff -f nope.yaml')).toMatchObject({ stderr: 'error: the path "nope.yaml" does not exist\n', exitCode: 2 });
    expect(run('kubectl diff')).toMatchObject({ stderr: 'error: must specify one of -f and -k\n', exitCode: 2 });
  });
});
