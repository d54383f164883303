import { describe, expect, it } from 'vitest';
import { Cluster } from '../../cluster';

function cluster(): Cluster {
  const c = new Cluster({ seed: 1 });
  c.apply(`apiVersion: v1
kind: Pod
metadata:
  name: two
spec:
  nodeName: kubeplay-worker
  initContainers:
  - name: init
    image: busybox
    command: ["sh", "-c", "echo init"]
  containers:
  - name: a
    image: busybox
    command: ["sh", "-c", "echo one; echo two; echo three; sleep 3600"]
  - name: b
    image: nginx
`);
  c.advance(10_000);
  return c;
}

describe('kubectl logs', () => {
  it('defaults to the first container with a notice; -c, --tail, errors', () => {
    const c = cluster();
    const r = c.kubectl('logs two --tail=2');
    expect(r.stderr).toBe('Defaulted container "a" out of: a, b, init (init)\n');
    expect(r.stdout).toBe('two\nthree\n');
    expect(c.kubectl('logs two -c init').stdout).toBe('init\n');
    expect(c.kubectl('logs two a --tail=1').stdout).toBe('three\n');
    expect(c.kubectl('logs two -c x').stderr).toBe('error: container x is not valid for pod two\n');
    expect(c.kubectl('logs nope').stderr).toBe('Error from server (NotFound): pods "nope" not found\n');
    expect(c.kubectl('logs two -c a --previous').stderr).toBe('Error from server (BadRequest): previous terminated container "a" in pod "two" not found\n');
    expect(c.kubectl('logs').stderr).toBe("error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples\n");
  });

  it('a waiting container has no logs yet', () => {
    const c = new Cluster({ seed: 1 });
    c.kubectl('apply -f -', { stdin: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  nodeName: kubeplay-worker\n  containers:\n  - name: c\n    image: luksa/kubia\n' });
    c.advance(2000);
    expect(c.kubectl('logs p').stderr).toBe('Error from server (BadRequest): container "c" in pod "p" is waiting to start: ContainerCreating\n');
  });
});

describe('kubectl exec', () => {
  it('runs commands, reports exit codes and kubectl errors', () => {
    const c = cluster();
    expect(c.kubectl('exec two -c a -- echo hi').stdout).toBe('hi\n');
    const bad = c.kubectl('exec two -c a -- sh -c "exit 4"');
    expect(bad.stderr).toBe('command terminated with exit code 4\n');
    expect(bad.exitCode).toBe(4);
    expect(c.kubectl('exec two -c b -- nginx -v').stderr).toBe('nginx version: nginx/1.27.3\n');
    expect(c.kubectl('exec two -c x -- ls').stderr).toBe('error: unable to upgrade connection: container not found ("x")\n');
    expect(c.kubectl('exec two').stderr).toBe('error: you must specify at least one command for the container\n');
    expect(c.kubectl('exec two -c b -- ps').stderr).toContain('OCI runtime exec failed: exec failed: unable to start container process: exec: "ps": executable file not found in $PATH: unknown');
    expect(c.kubectl('exec two -c b -- sh -c ps').stderr).toBe('sh: 1: ps: not found\ncommand terminated with exit code 127\n');
  });

  it('files written by exec persist in the container', () => {
    const c = cluster();
    c.kubectl('exec two -c b -- sh -c "echo hello > /usr/share/nginx/html/index.html"');
    expect(c.kubectl('exec two -c a -- wget -qO- http://localhost').stdout).toBe('hello\n');
  });
});

describe('kubectl top', () => {
  it('pods and nodes, with the metrics delay', () => {
    const c = cluster();
    expect(c.kubectl('top pods').stderr).toBe('error: metrics not available yet\n');
    c.advance(30_000);
    expect(c.kubectl('top pods').stdout).toMatch(/^NAME   CPU\(cores\)   MEMORY\(bytes\)   \ntwo    \d+m +\d+Mi +\n$/);
    expect(c.kubectl('top pod nope').stderr).toBe('Error from server (NotFound): podmetrics.metrics.k8s.io "default/nope" not found\n');
    expect(c.kubectl('top nodes').stdout.split('\n')[0]).toBe('NAME                     CPU(cores)   CPU(%)   MEMORY(bytes)   MEMORY(%)   ');
    expect(c.kubectl('top pods --sort-by=disk').stderr).toBe('error: --sort-by accepts only cpu or memory\n');
  });
});
